package org.vae4j.api.table;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link TablePreprocessing} encodes one column: the serialisable, fitted part of the
 * preprocessing. A numeric column becomes one value {@code (x - offset) / scale}; a binary column
 * one value, 0 for {@code levels.get(0)} and 1 for {@code levels.get(1)}; a categorical column
 * {@code levels.size()} one-hot values. Validated on construction (also when read from JSON).
 *
 * @param name the column's name
 * @param type the column's type
 * @param scaling how a numeric column was scaled ({@link Scaling#NONE} for the other types)
 * @param offset subtracted from a numeric value (0 for the other types); finite
 * @param scale a numeric value is divided by it after the offset (1 for the other types);
 *     finite and positive
 * @param levels the levels of a binary (exactly 2) or categorical (at least 1) column, in encoding
 *     order; empty for a numeric column
 * @param missingRate the fraction of the fitting rows in which the column was missing, in [0, 1]
 *     (what synthetic rows reproduce); 0 by default, and then left out of the JSON form, so JSON
 *     written before the field existed reads as 0 and JSON of complete columns reads as before
 * @param integer true for a numeric column whose values are whole numbers (a count, a year): its
 *     decoded values ({@link TablePreprocessing#inverseTransform}, so synthetic rows and imputed
 *     values) are rounded to the nearest integer; encoding and scoring are unchanged. False for the
 *     other types. False by default, and then left out of the JSON form, so JSON written before
 *     the field existed reads as continuous columns
 */
public record ColumnEncoding(String name, ColumnType type, Scaling scaling, double offset,
    double scale, List<String> levels,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) double missingRate,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean integer) {

  /** An encoding with missing rate 0 (a column fitted on complete rows), not integer. */
  public ColumnEncoding(String name, ColumnType type, Scaling scaling, double offset,
      double scale, List<String> levels) {
    this(name, type, scaling, offset, scale, levels, 0, false);
  }

  /** An encoding of a continuous (not integer) column. */
  public ColumnEncoding(String name, ColumnType type, Scaling scaling, double offset,
      double scale, List<String> levels, double missingRate) {
    this(name, type, scaling, offset, scale, levels, missingRate, false);
  }

  /** Validates and copies. */
  public ColumnEncoding {
    Column.checkName(name, "name");
    Objects.requireNonNull(type, "type of column " + name);
    Objects.requireNonNull(scaling, "scaling of column " + name);
    levels = levels == null ? List.of() : List.copyOf(levels);
    if (!(missingRate >= 0 && missingRate <= 1)) {
      throw new IllegalArgumentException(
          "column " + name + ": missingRate must be in [0, 1], got " + missingRate);
    }
    if (!Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "column " + name + ": offset must be finite, got " + offset);
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "column " + name + ": scale must be finite and > 0, got " + scale);
    }
    if (integer && type != ColumnType.NUMERIC) {
      throw new IllegalArgumentException("column " + name + ": only a numeric column can be "
          + "integer, got integer true for a " + type + " column");
    }
    if (type == ColumnType.NUMERIC) {
      if (!levels.isEmpty()) {
        throw new IllegalArgumentException("column " + name
            + ": a numeric column must have no levels, got " + Column.preview(levels));
      }
    } else {
      if (scaling != Scaling.NONE || offset != 0 || scale != 1) {
        throw new IllegalArgumentException("column " + name + ": a " + type
            + " column must have scaling NONE, offset 0 and scale 1, got " + scaling + ", "
            + offset + ", " + scale);
      }
      Column.checkLevels(name, type, levels, 1);
    }
  }

  /** This encoding with {@code missingRate} in place of its own. */
  public ColumnEncoding withMissingRate(double missingRate) {
    return new ColumnEncoding(name, type, scaling, offset, scale, levels, missingRate, integer);
  }

  /**
   * This encoding with {@code integer} in place of its own: e.g. {@code false} to keep a numeric
   * column's synthetic values continuous although its training values were all whole numbers.
   *
   * @throws IllegalArgumentException for {@code true} on a binary or categorical column
   */
  public ColumnEncoding withInteger(boolean integer) {
    return new ColumnEncoding(name, type, scaling, offset, scale, levels, missingRate, integer);
  }

  /** The number of encoded values: 1 for numeric and binary, the level count for categorical. */
  public int width() {
    return type == ColumnType.CATEGORICAL ? levels.size() : 1;
  }
}
