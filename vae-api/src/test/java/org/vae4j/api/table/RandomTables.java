package org.vae4j.api.table;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random tables for property tests: every column type, missing entries, constant columns. */
public final class RandomTables {
  private RandomTables() {}

  /** A table of 1–6 feature columns and {@code rows} rows drawn from {@code seed}. */
  public static Table table(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    int cols = 1 + r.nextInt(6);
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      double missingRate = r.nextInt(3) == 0 ? 0 : r.nextDouble(0.5);
      String name = "c" + c + (r.nextBoolean() ? "" : " \"x,\ny\"");
      switch (r.nextInt(3)) {
        case 0 -> {
          double scale = Math.pow(10, r.nextInt(-6, 13));
          boolean constant = r.nextInt(6) == 0;
          double base = r.nextDouble(-1, 1) * scale;
          double[] v = new double[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? Double.NaN
                : constant ? base : r.nextDouble(-1, 1) * scale;
          }
          columns.add(Column.numeric(name, v));
        }
        case 1 -> {
          String[] levels = {"no", "yes, \"really\""};
          String[] v = new String[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? null : levels[r.nextInt(2)];
          }
          columns.add(Column.binary(name, List.of(levels), codes(v, List.of(levels)), missing(v)));
        }
        default -> {
          int k = 1 + r.nextInt(7);
          List<String> levels = new ArrayList<>();
          for (int j = 0; j < k; j++) {
            levels.add(j == 0 ? "" : "lv" + j + (j % 3 == 0 ? ";\r\n'" : ""));
          }
          String[] v = new String[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? null : levels.get(r.nextInt(k));
          }
          columns.add(Column.categorical(name, levels, codes(v, levels), missing(v)));
        }
      }
    }
    return Table.of(columns);
  }

  static int[] codes(String[] v, List<String> levels) {
    int[] c = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      c[i] = v[i] == null ? -1 : levels.indexOf(v[i]);
    }
    return c;
  }

  static boolean[] missing(String[] v) {
    boolean[] m = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      m[i] = v[i] == null;
    }
    return m;
  }
}
