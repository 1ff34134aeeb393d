/**
 * Training: {@link org.vae4j.core.train.TrainingOptions} (immutable optimiser, loop, warm-up,
 * early-stopping, checkpoint and clipping settings), the ready-made listeners ({@link
 * org.vae4j.core.train.PrintingListener} to standard output, {@link
 * org.vae4j.core.train.LoggingListener} through SLF4J, {@link
 * org.vae4j.core.train.ProgressBarListener}, {@link org.vae4j.core.train.EarlyStopping}), {@link
 * org.vae4j.core.train.CheckpointFile} (reading checkpoint files) and {@link org.vae4j.core.train.TrainingDivergedException}. Runs are started
 * with the models' {@code fit} and {@code resume} methods; the loop itself lives in {@code
 * org.vae4j.core.train.internal}. See docs/training.md.
 */
package org.vae4j.core.train;
