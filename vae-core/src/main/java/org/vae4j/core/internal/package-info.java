/**
 * Internals of vae-core, not part of the public API: the {@link org.vae4j.core.internal.Network}
 * every model computes with (its layers, flat parameters and workspace are in {@code
 * internal.nn}), the checks at the boundary between users' arrays and a network ({@link
 * org.vae4j.core.internal.InputChecks}), the threads policy ({@link
 * org.vae4j.core.internal.OpenMpThreads}), the model file format ({@link
 * org.vae4j.core.internal.ModelCodec}), the shared binary array codec ({@link
 * org.vae4j.core.internal.ArrayTable}), the bounded reader of untrusted zip files ({@link
 * org.vae4j.core.internal.UntrustedZip}) and the backend report ({@link
 * org.vae4j.core.internal.BackendInfo}, package-private {@code NativeLibraries}). Classes here are
 * public only so that vae-core's other packages can use them, and may change without notice.
 */
package org.vae4j.core.internal;
