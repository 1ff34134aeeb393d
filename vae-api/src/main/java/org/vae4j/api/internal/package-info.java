/**
 * Helpers every vae4j module shares and no user should need: the diagonal Gaussian's math ({@link
 * org.vae4j.api.internal.DiagonalGaussian}), the one seeded shuffle and the one seed mixer ({@link
 * org.vae4j.api.internal.Seeds}) and the cross-entropy of decoded probabilities ({@link
 * org.vae4j.api.internal.CrossEntropy}). Internal: may change without notice.
 */
package org.vae4j.api.internal;
