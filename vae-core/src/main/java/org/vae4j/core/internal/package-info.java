/**
 * Internals of the engine, not part of the public API: the one implementation of the VAE math as
 * SameDiff sub-graphs ({@link org.vae4j.core.internal.LatentMath}), the one graph builder for all
 * models ({@link org.vae4j.core.internal.GraphBuilder}), the engine that owns a graph and its
 * parameters ({@link org.vae4j.core.internal.ModelEngine}) and the model file format ({@link
 * org.vae4j.core.internal.ModelFiles}). Classes here may change without notice.
 */
package org.vae4j.core.internal;
