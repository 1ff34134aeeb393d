package org.vae4j.api.table;

/** How a {@link TablePreprocessing} scales a numeric column, fitted on the observed entries. */
public enum Scaling {
  /** {@code (x - mean) / sd}, with the population standard deviation (1 when it is 0). */
  STANDARDIZE,
  /** {@code (x - min) / (max - min)}, into [0, 1] on the fitted rows (a range of 0 counts as 1). */
  MIN_MAX,
  /** The values unchanged. */
  NONE
}
