/**
 * Internals of the engine, not part of the public API: the one implementation of the VAE math as
 * SameDiff sub-graphs ({@link org.vae4j.core.internal.LatentMath}), the one graph builder for all
 * models ({@link org.vae4j.core.internal.GraphBuilder}), the engine that owns a graph and its
 * parameters ({@link org.vae4j.core.internal.ModelEngine}), the hand-written training steps it runs
 * (package-private {@code HandwrittenStep}, {@code DenseStep}, {@code ConvStep}), the model file
 * format ({@link org.vae4j.core.internal.ModelCodec}), the shared binary array codec ({@link
 * org.vae4j.core.internal.ArrayTable}), the bounded reader of untrusted zip files ({@link
 * org.vae4j.core.internal.UntrustedZip}) and the backend report ({@link
 * org.vae4j.core.internal.BackendInfo}, package-private {@code NativeLibraries}). Classes
 * here may change without notice.
 */
package org.vae4j.core.internal;
