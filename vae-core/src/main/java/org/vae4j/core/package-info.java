/**
 * The vae4j engine: {@link org.vae4j.core.Autoencoder}, {@link org.vae4j.core.Vae} (a beta-VAE) and
 * {@link org.vae4j.core.ConditionalVae}, built on ND4J SameDiff.
 *
 * <p>Each model is made by its builder ({@code Vae.builder().mlpEncoder(512, 256).latentDim(2)
 * .build()}), holds its configuration as an immutable {@link org.vae4j.core.ModelConfig}, trains
 * with {@code fit(...)} (the loop lives in {@link org.vae4j.core.train}) and saves to a single
 * file. Loss reduction everywhere: sum over data and latent dimensions, mean over the batch.
 */
package org.vae4j.core;
