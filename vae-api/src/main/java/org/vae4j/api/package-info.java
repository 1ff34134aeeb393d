/**
 * The contracts shared by every vae4j module.
 *
 * <p>Models in {@code vae-core} implement {@link org.vae4j.api.LatentModel}; renderers in
 * {@code vae-viz} draw from {@link org.vae4j.api.LatentDecoder} and
 * {@link org.vae4j.api.LatentEncoder} alone (and a conditional model's {@link
 * org.vae4j.api.ConditionalDecoder} and {@link org.vae4j.api.ConditionalEncoder}); datasets in {@code vae-datasets} implement
 * {@link org.vae4j.api.ImageData}. This module depends on the ND4J API only, never on a backend or
 * on the training engine, so that each of those modules can be used without the others.
 *
 * <p>Shape conventions: a batch of {@code n} examples is an {@code INDArray} of shape
 * {@code [n, d1, d2, ...]} where {@code [d1, d2, ...]} is the model's {@code dataShape()}
 * ({@code [C, H, W]} for images, {@code [D]} for flat vectors); a batch of latent vectors is
 * {@code [n, latentDim]}. Pixel values live in {@code [0, 1]}.
 */
package org.vae4j.api;
