package org.vae4j.api.table;

/** The type of a table column. */
public enum ColumnType {
  /** Finite real numbers; encoded as one standardised (or min–max scaled) value. */
  NUMERIC,
  /** Exactly two levels; encoded as one value, 0 for the first level and 1 for the second. */
  BINARY,
  /** A fixed set of levels (at least one); encoded one-hot, one value per level. */
  CATEGORICAL
}
