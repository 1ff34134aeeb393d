/**
 * Internals of training, not part of the public API: the loop the models' {@code fit} and {@code
 * resume} methods call ({@link org.vae4j.core.train.internal.TrainingLoop}), the mutable training
 * state with its derived random streams, and the checkpoint file format ({@link
 * org.vae4j.core.train.internal.CheckpointCodec}). Classes here may change without notice.
 */
package org.vae4j.core.train.internal;
