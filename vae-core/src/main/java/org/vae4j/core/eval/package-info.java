/**
 * Evaluation of trained models and latent features for downstream work.
 *
 * <ul>
 *   <li>{@link org.vae4j.core.eval.ModelEvaluator} scores a model on a dataset: mean loss per example
 *       (with the model's beta), its reconstruction and KL parts, the ELBO, an importance-weighted
 *       log-likelihood estimate with {@code k} samples per input, reconstruction errors (MSE and
 *       BCE) and a per-class breakdown when labels exist. Results are {@link
 *       org.vae4j.core.eval.EvaluationReport} and {@link org.vae4j.core.eval.Metrics}.
 *   <li>{@link org.vae4j.core.eval.LatentFeatures} turns a dataset into posterior means, as an
 *       array, a DL4J {@code DataSet} or {@code DataSetIterator}, or a CSV file.
 *   <li>{@link org.vae4j.core.eval.LinearProbe} compares an L2-regularised logistic regression ({@link
 *       org.vae4j.core.eval.LogisticClassifier}) trained on latent means with the same classifier
 *       trained on raw pixels; {@link org.vae4j.core.eval.DataSplit} makes a seeded split.
 * </ul>
 *
 * <p>See {@code docs/evaluation.md} for what each number means.
 */
package org.vae4j.core.eval;
