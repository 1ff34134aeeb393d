/**
 * A runnable example of vae-spark in local mode: {@link org.vae4j.spark.sample.SparkMnistSample}
 * trains a VAE on MNIST digits on one node, featurizes them with {@link org.vae4j.spark.VaeModel}
 * on Spark, fits MLlib's logistic regression on the latent features and prints accuracy and
 * throughput. Kept with vae-spark's test sources so that neither vae-samples nor the {@code vae4j}
 * command line depends on Spark; run it with {@code -Pspark-sample} (docs/spark.md).
 */
package org.vae4j.spark.sample;
