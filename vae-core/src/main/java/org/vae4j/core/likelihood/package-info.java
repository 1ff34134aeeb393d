/**
 * Likelihoods p(x | decoder output): the {@link org.vae4j.core.likelihood.Likelihood} contract
 * every reconstruction term implements (decoder outputs per data value, loss and gradient, the
 * normalised log-probability, the decoded mean, the data domain) and the registry
 * {@link org.vae4j.core.likelihood.Likelihoods} that maps the name a model config stores ({@link
 * org.vae4j.core.ModelConfig.LossKind}) to its likelihood. Training, validation, evaluation and
 * decoding all ask the same object, so they use the same density.
 */
package org.vae4j.core.likelihood;
