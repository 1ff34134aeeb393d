/**
 * Apache Spark ML stages for vae4j models.
 *
 * <p>{@link org.vae4j.spark.VaeModel} is a Spark ML {@code Model} (a {@code Transformer}) wrapping a
 * trained {@link org.vae4j.core.Vae}, {@link org.vae4j.core.Autoencoder} or {@link
 * org.vae4j.core.ConditionalVae}: {@code transform} adds the latent means of each row as an ML
 * {@code Vector} column (the features) and, on request, the log-variances, the reconstruction error
 * and an importance-weighted log-likelihood estimate. It saves and loads with Spark ML persistence,
 * alone or inside a {@code PipelineModel}. {@link org.vae4j.spark.VaeParams} holds the column
 * settings it shares with the stages that produce it.
 *
 * <p>Spark is a {@code provided} dependency: applications run on their cluster's Spark (4.x with
 * Scala 2.13 by default; the build's {@code spark-3.5} profile targets Spark 3.5 with Scala 2.12).
 * See {@code docs/spark.md}.
 */
package org.vae4j.spark;
