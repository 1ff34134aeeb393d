package org.vae4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.vae4j.api.table.ColumnEncoding;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Scaling;
import org.vae4j.api.table.TablePreprocessing;

/**
 * Fits a {@link TablePreprocessing} on the feature columns of a DataFrame in distributed passes
 * ({@code treeAggregate}; no row reaches the driver): per numeric column the count, minimum,
 * maximum and a compensated sum, and the missing fraction of every column, then (for standardisation) a compensated sum of squared
 * deviations from the mean; per boolean or string column its distinct values, at most {@code
 * maxLevels} of them; per numeric column whether every observed value is a whole number (its
 * {@link ColumnEncoding#integer()}). The encodings follow {@link TablePreprocessing#fit(org.vae4j.api.table.Table,
 * Scaling)} on a table of the same rows whose boolean columns are binary with levels {@code
 * "false", "true"} and whose string columns are categorical with their levels in natural order: the
 * same types, levels, scalings, integer flags and constant/empty-column rules, and offsets and scales equal up to
 * the rounding of the sums (which run in another order).
 */
final class TableFit {

  private TableFit() {}

  /** One column's running statistics; plain fields, merged by {@link #merge}. */
  static final class Stats implements Serializable {
    private static final long serialVersionUID = 2L;
    long n;
    long rows;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    double compensation;
    TreeSet<String> levels;
    boolean overflow;
    /** A numeric column has an observed value that is not {@link TablePreprocessing#isWhole}. */
    boolean fractional;

    void add(double v) {
      // Neumaier's compensated summation
      double t = sum + v;
      compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }

    double total() {
      return sum + compensation;
    }

    Stats merge(Stats o, int maxLevels) {
      n += o.n;
      rows += o.rows;
      min = Math.min(min, o.min);
      max = Math.max(max, o.max);
      add(o.sum);
      add(o.compensation);
      if (o.levels != null) {
        if (levels == null) {
          levels = new TreeSet<>();
        }
        for (String l : o.levels) {
          addLevel(l, maxLevels);
        }
      }
      overflow |= o.overflow;
      fractional |= o.fractional;
      return this;
    }

    void addLevel(String l, int maxLevels) {
      if (overflow) {
        return;
      }
      levels.add(l);
      if (levels.size() > maxLevels) {
        overflow = true;
      }
    }
  }

  /**
   * The preprocessing of columns {@code names} of {@code rows} (whose schema is {@code schema}),
   * numeric columns scaled by {@code scaling}.
   *
   * @throws IllegalArgumentException for an unsupported column type, a string or boolean column
   *     with more than {@code maxLevels} distinct values or none at all, or values too large to
   *     scale; each names the column
   */
  static TablePreprocessing fit(JavaRDD<Row> rows, StructType schema, String[] names,
      Scaling scaling, int maxLevels, int depth) {
    return fit(rows, schema, names, scaling, maxLevels, depth, java.util.Set.of(), true);
  }

  /**
   * As {@link #fit(JavaRDD, StructType, String[], Scaling, int, int)}, with the numeric columns
   * named by {@code integerColumns} declared integer and the others inferred ({@code infer}: as
   * {@link TablePreprocessing#fit(org.vae4j.api.table.Table, Scaling, java.util.Map,
   * java.util.Map)} infers a column it is not told about) or continuous ({@code !infer}).
   *
   * @throws IllegalArgumentException also when {@code integerColumns} names a column that is not
   *     one of the numeric {@code names}
   */
  static TablePreprocessing fit(JavaRDD<Row> rows, StructType schema, String[] names,
      Scaling scaling, int maxLevels, int depth, java.util.Set<String> integerColumns,
      boolean infer) {
    checkIntegerColumns(schema, names, integerColumns);
    int c = names.length;
    int[] idx = new int[c];
    TableRowReader.Source[] sources = new TableRowReader.Source[c];
    for (int i = 0; i < c; i++) {
      idx[i] = schema.fieldIndex(names[i]);
      sources[i] = TableRowReader.source(schema.apply(names[i]), "inputCols");
    }
    Stats[] first = rows.treeAggregate(zero(sources), (acc, row) -> {
      for (int i = 0; i < c; i++) {
        Stats s = acc[i];
        s.rows++;
        if (sources[i] == TableRowReader.Source.NUMBER) {
          double v = TableRowReader.number(row, idx[i], names[i]);
          if (!Double.isNaN(v)) {
            s.n++;
            s.min = Math.min(s.min, v);
            s.max = Math.max(s.max, v);
            s.add(v);
            s.fractional |= !TablePreprocessing.isWhole(v);
          }
        } else {
          String l = TableRowReader.level(row, idx[i]);
          if (l != null) {
            s.n++;
            s.addLevel(l, maxLevels);
          }
        }
      }
      return acc;
    }, (a, b) -> merge(a, b, maxLevels), depth);
    double[] means = new double[c];
    boolean second = false;
    for (int i = 0; i < c; i++) {
      Stats s = first[i];
      if (sources[i] == TableRowReader.Source.NUMBER) {
        means[i] = s.n == 0 ? 0 : s.total() / s.n;
        second |= scaling == Scaling.STANDARDIZE && s.n > 0 && s.min != s.max;
      } else if (s.overflow) {
        throw new IllegalArgumentException("inputCols column '" + names[i] + "' must have at most "
            + maxLevels + " distinct values (maxLevels), got more; raise maxLevels, or drop or "
            + "bucket the column");
      } else if (s.n == 0) {
        throw new IllegalArgumentException("inputCols column '" + names[i] + "' has no observed "
            + "value to fit its levels on; drop it");
      }
    }
    Stats[] squares = null;
    if (second) {
      squares = rows.treeAggregate(zero(sources), (acc, row) -> {
        for (int i = 0; i < c; i++) {
          if (sources[i] == TableRowReader.Source.NUMBER) {
            double v = TableRowReader.number(row, idx[i], names[i]);
            if (!Double.isNaN(v)) {
              double d = v - means[i];
              acc[i].add(d * d);
            }
          }
        }
        return acc;
      }, (a, b) -> merge(a, b, maxLevels), depth);
    }
    List<ColumnEncoding> enc = new ArrayList<>(c);
    for (int i = 0; i < c; i++) {
      Stats s = first[i];
      // as TablePreprocessing.fit: the column's missing fraction of the rows
      double missingRate = s.rows == 0 ? 0 : (double) (s.rows - s.n) / s.rows;
      switch (sources[i]) {
        case BOOLEAN -> enc.add(new ColumnEncoding(names[i], ColumnType.BINARY, Scaling.NONE, 0, 1,
            List.of("false", "true"), missingRate));
        case STRING -> enc.add(new ColumnEncoding(names[i], ColumnType.CATEGORICAL, Scaling.NONE,
            0, 1, List.copyOf(s.levels), missingRate));
        default -> {
          double offset;
          double scale;
          if (s.n == 0 || scaling == Scaling.NONE) {
            offset = 0;
            scale = 1;
          } else if (s.min == s.max) {
            offset = s.min;
            scale = 1;
          } else if (scaling == Scaling.MIN_MAX) {
            offset = s.min;
            scale = s.max - s.min;
          } else {
            offset = means[i];
            scale = Math.sqrt(squares[i].total() / s.n);
          }
          if (!Double.isFinite(offset) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("inputCols column '" + names[i] + "': values in ["
                + s.min + ", " + s.max + "] are too large to scale by " + scaling
                + " in double precision");
          }
          // declared, or as TablePreprocessing.fit infers: observed and every value whole
          boolean integer = integerColumns.contains(names[i])
              || (infer && s.n > 0 && !s.fractional);
          enc.add(new ColumnEncoding(names[i], ColumnType.NUMERIC, scaling, offset,
              scale == 0 ? 1 : scale, List.of(), missingRate, integer));
        }
      }
    }
    return new TablePreprocessing(enc);
  }

  /**
   * Checks that every name of {@code integerColumns} is a numeric column among {@code names}.
   *
   * @throws IllegalArgumentException naming the column and the numeric input columns
   */
  static void checkIntegerColumns(StructType schema, String[] names,
      java.util.Set<String> integerColumns) {
    List<String> numeric = new ArrayList<>();
    for (String n : names) {
      if (TableRowReader.source(schema.apply(n), "inputCols") == TableRowReader.Source.NUMBER) {
        numeric.add(n);
      }
    }
    for (String n : new TreeSet<>(integerColumns)) {
      if (!numeric.contains(n)) {
        throw new IllegalArgumentException("integerCols must name numeric columns of inputCols, "
            + "got '" + n + "' (numeric inputCols: " + String.join(", ", numeric) + ")");
      }
    }
  }

  private static Stats[] zero(TableRowReader.Source[] sources) {
    Stats[] z = new Stats[sources.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = new Stats();
      if (sources[i] != TableRowReader.Source.NUMBER) {
        z[i].levels = new TreeSet<>();
      }
    }
    return z;
  }

  private static Stats[] merge(Stats[] a, Stats[] b, int maxLevels) {
    for (int i = 0; i < a.length; i++) {
      a[i].merge(b[i], maxLevels);
    }
    return a;
  }
}
