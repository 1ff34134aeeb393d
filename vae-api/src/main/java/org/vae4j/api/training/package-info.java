/**
 * Value types of a training run: per-batch and per-epoch statistics, the {@link
 * org.vae4j.api.training.TrainingHistory} a run returns, and the {@link
 * org.vae4j.api.training.TrainingListener} callbacks. They live here, not in {@code vae-core}, so
 * that renderers (loss curves) and user code can read them without the engine.
 */
package org.vae4j.api.training;
