/**
 * Runnable examples of vae-spark in local mode: {@link org.vae4j.spark.sample.SparkMnistSample}
 * fits a pipeline of {@link org.vae4j.spark.VaeEstimator} (distributed training of a VAE on MNIST
 * digits) and MLlib's logistic regression on the latent features, and prints the history and the
 * accuracy; {@link org.vae4j.spark.sample.SparkBenchmark} measures distributed training against
 * the single-node trainer and {@code transform} against single-JVM {@code encodeMean}. Kept with
 * vae-spark's test sources so that neither vae-samples nor the {@code vae4j} command line depends
 * on Spark; run them with {@code -Pspark-sample} (docs/spark.md).
 */
package org.vae4j.spark.sample;
