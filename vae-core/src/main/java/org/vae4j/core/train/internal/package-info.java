/**
 * Internals of training, not part of the public API: the loop the models' {@code fit} and {@code
 * resume} methods call ({@link org.vae4j.core.train.internal.TrainingLoop}), the mutable training
 * state with its derived random streams, the checkpoint file format ({@link
 * org.vae4j.core.train.internal.CheckpointCodec}) and the writer of one run's checkpoints, which
 * prunes only what it wrote (package-private {@code CheckpointWriter}). Classes here may change
 * without notice.
 */
package org.vae4j.core.train.internal;
