/**
 * The network vae4j computes with, layer by layer: every layer has a forward and a backward pass
 * on ND4J arrays, its parameters are views of one flat parameter buffer and its gradients views of
 * one flat gradient buffer ({@link org.vae4j.core.internal.nn.Parameters}), and every array an
 * operation touches lives in the model's {@link org.vae4j.core.internal.nn.Workspace} or the
 * parameter buffers, never in a temporary the garbage collector may free under an operation.
 * Internal: may change without notice.
 */
package org.vae4j.core.internal.nn;
