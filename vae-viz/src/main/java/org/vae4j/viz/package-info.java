/**
 * Headless pictures of latent-variable models, one call each, written atomically as PNG (GIF when
 * animated).
 *
 * <ul>
 *   <li>{@link org.vae4j.viz.ImageGrid}: a batch as a grid; originals over reconstructions.
 *   <li>{@link org.vae4j.viz.ManifoldRenderer}: decoded n×n grid over two latent dimensions, with
 *       linear or Gaussian-quantile coordinates as tick labels.
 *   <li>{@link org.vae4j.viz.LatentScatter}: latent means coloured by label (PCA for wide latents).
 *   <li>{@link org.vae4j.viz.LossCurves}: train and validation loss per epoch, optionally split.
 *   <li>{@link org.vae4j.viz.InterpolationRenderer}: interpolation strip and looping GIF.
 *   <li>{@link org.vae4j.viz.TraversalRenderer}: one row per latent dimension.
 *   <li>{@link org.vae4j.viz.SampleGrid}: prior samples, and per-class samples of a conditional
 *       decoder.
 * </ul>
 *
 * <p>Renderers draw through the {@code vae-api} interfaces only ({@link
 * org.vae4j.api.LatentDecoder}, {@link org.vae4j.api.LatentEncoder}, {@link
 * org.vae4j.api.ConditionalDecoder}, {@link org.vae4j.api.training.TrainingHistory}); they never
 * train. Images are {@code [C, H, W]} with C = 1 (grayscale) or 3 (RGB); a flat {@code [D]} shape
 * with D a perfect square is drawn as a square grayscale image. Pixel policy: values must be finite
 * (NaN and infinity are rejected with an {@link java.lang.IllegalArgumentException} naming the
 * image and position); finite values are clipped to [0, 1]. Tiles are upscaled by nearest
 * neighbour ({@code scale}, default 2) so that 28×28 digits are readable. Every renderer works with
 * {@code java.awt.headless=true}.
 */
package org.vae4j.viz;
