/**
 * The training loop: {@link org.vae4j.core.train.TrainingConfig} (immutable optimiser and loop
 * settings) and {@link org.vae4j.core.train.Trainer} (mini-batch Adam over a model's single
 * loss-and-gradient graph, with seeded shuffling and seeded reparameterization noise).
 */
package org.vae4j.core.train;
