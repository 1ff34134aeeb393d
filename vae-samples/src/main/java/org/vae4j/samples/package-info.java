/**
 * Runnable programs on top of vae4j: the classic VAE tutorials ({@link
 * org.vae4j.samples.ConvAutoencoderTutorial}, {@link org.vae4j.samples.ConvVaeManifoldTutorial},
 * {@link org.vae4j.samples.MlpVaeTutorial}, {@link org.vae4j.samples.AutoencoderVsVaeTutorial},
 * {@link org.vae4j.samples.BetaAndConditionalVaeTutorial}, {@link
 * org.vae4j.samples.ConceptVectorTutorial}), the {@link org.vae4j.samples.Quickstart}, the
 * compiled documentation examples, and {@link org.vae4j.samples.DataSource}, the one place where
 * a data specification ({@code mnist}, {@code synthetic}, a directory, ...) becomes images.
 */
package org.vae4j.samples;
