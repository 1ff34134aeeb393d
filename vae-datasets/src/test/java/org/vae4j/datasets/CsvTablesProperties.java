package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.EncodedTable;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;

class CsvTablesProperties {
  @TempDir Path dir;
  private final AtomicInteger counter = new AtomicInteger();

  /** Texts that CSV must quote or that look like other things: delimiters, quotes, line breaks. */
  private static final String[] TRICKY = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rlf\r\n",
      " padded ", "1.50", "-0", "ünïcødé ✓", "'single'", ";", "\"", ",", "NA?", "\t"};

  static String text(SplittableRandom r) {
    String t = TRICKY[r.nextInt(TRICKY.length)];
    return r.nextBoolean() ? t : t + r.nextInt(5);
  }

  static double number(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0 -> Double.MAX_VALUE * (r.nextBoolean() ? 1 : -1);
      case 1 -> Double.MIN_VALUE;
      case 2 -> -0.0;
      case 3 -> r.nextInt(-1000, 1000);
      case 4 -> r.nextDouble(-1, 1) * 1e-300;
      default -> r.nextDouble(-1e6, 1e6);
    };
  }

  /** A table whose every column type, level and number survives CSV, with types for reading. */
  static Table table(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    int cols = 1 + r.nextInt(5);
    List<Column> columns = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      String name = "col" + c + (r.nextBoolean() ? "" : " " + text(r));
      double missingRate = r.nextInt(3) == 0 ? 0 : r.nextDouble(0.4);
      switch (r.nextInt(3)) {
        case 0 -> {
          double[] v = new double[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? Double.NaN : number(r);
          }
          columns.add(Column.numeric(name, v));
        }
        case 1 -> {
          String[] lv = r.nextBoolean() ? new String[] {"0", "1"}
              : new String[] {"false", "true"};
          String[] v = new String[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? null : lv[r.nextInt(2)];
          }
          columns.add(Column.binary(name, List.of(lv), codes(v, List.of(lv)), missing(v)));
        }
        default -> {
          String[] v = new String[rows];
          for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() < missingRate ? null : text(r);
          }
          java.util.TreeSet<String> levels = new java.util.TreeSet<>();
          for (String s : v) {
            if (s != null) {
              levels.add(s);
            }
          }
          if (levels.isEmpty()) {
            levels.add("only");
          }
          List<String> lv = new ArrayList<>(levels);
          columns.add(Column.categorical(name, lv, codes(v, lv), missing(v)));
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

  static CsvOptions typesOf(Table t) {
    CsvOptions.Builder b = CsvOptions.builder();
    for (Column c : t.columns()) {
      b.type(c.name(), c.type());
    }
    return b.build();
  }

  private Path file() {
    return dir.resolve("t" + counter.incrementAndGet() + ".csv");
  }

  @Test
  void writeThenReadGivesTheTableBackWithQuotesDelimitersAndLineBreaksInFields() {
    qt().withExamples(200).forAll(longs().all(), integers().between(0, 25)).checkAssert((seed, rows) -> {
      Table t = table(seed, rows);
      Path f = file();
      Table back;
      try {
        CsvTables.write(t, f);
        back = CsvTables.read(f, typesOf(t));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(back.rowCount()).isEqualTo(rows);
      assertThat(back.columnNames()).isEqualTo(t.columnNames());
      for (int c = 0; c < t.columnCount(); c++) {
        Column a = t.column(c);
        Column b = back.column(c);
        assertThat(b.type()).isEqualTo(a.type());
        assertThat(b.missingMask()).isEqualTo(a.missingMask());
        for (int i = 0; i < rows; i++) {
          if (a.type() == ColumnType.NUMERIC) {
            // boxed: NaN (missing) equals NaN, -0.0 differs from 0.0
            assertThat(Double.valueOf(b.number(i))).isEqualTo(Double.valueOf(a.number(i)));
          } else {
            assertThat(b.level(i)).isEqualTo(a.level(i));
          }
        }
      }
    });
  }

  @Test
  void readThenPreprocessThenInverseGivesTheFileBack() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 25)).checkAssert((seed, rows) -> {
      Table t = table(seed, rows);
      Path f = file();
      try {
        CsvTables.write(t, f);
        Table read = CsvTables.read(f, typesOf(t));
        TablePreprocessing p = TablePreprocessing.fit(read, org.vae4j.api.table.Scaling.NONE);
        EncodedTable e = p.transform(read);
        // with no scaling the float encoding is only a narrowing of each number
        Table back = p.inverseTransform(e);
        for (int c = 0; c < read.columnCount(); c++) {
          assertThat(back.column(c).missingMask()).isEqualTo(read.column(c).missingMask());
          if (read.column(c).type() != ColumnType.NUMERIC) {
            for (int i = 0; i < rows; i++) {
              assertThat(back.column(c).level(i)).isEqualTo(read.column(c).level(i));
            }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // a number beyond the float range is named, never encoded as infinity; a column with no
        // value has nothing to fit
        assertThat(e.getMessage()).containsAnyOf("beyond the float range",
            "has no observed value to fit its levels on");
      }
    });
  }

  @Test
  void everyLimitTripsWithTheFileLineAndBound() {
    qt().withExamples(40).forAll(integers().between(2, 30), integers().between(1, 6)).checkAssert((rows, cols) -> {
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < cols; c++) {
        sb.append(c == 0 ? "" : ",").append("h").append(c);
      }
      sb.append('\n');
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          sb.append(c == 0 ? "" : ",").append("v").append(r % 7).append("xyz");
        }
        sb.append('\n');
      }
      Path f = file();
      try {
        Files.writeString(f, sb, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxRows(rows - 1).build()))
          .isInstanceOf(TableFormatException.class)
          .hasMessage(f + ": line " + (rows + 1) + ", a file must have at most " + (rows - 1)
              + " data rows (CsvOptions.maxRows)");
      long size = sb.toString().getBytes(StandardCharsets.UTF_8).length;
      assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxFileBytes(size - 1).build()))
          .hasMessage(f + ": file must be at most " + (size - 1)
              + " bytes (CsvOptions.maxFileBytes), got " + size);
      assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxFieldChars(4).build()))
          .hasMessage(f + ": line 2, column \"h0\": a field must have at most 4 chars "
              + "(CsvOptions.maxFieldChars), got 5");
      if (cols > 1) {
        assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxColumns(cols - 1).build()))
            .hasMessage(f + ": line 1, a record must have at most " + (cols - 1)
                + " fields (CsvOptions.maxColumns), got " + cols);
      }
      long cells = (long) cols * rows;
      assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxCells(cells - 1).build()))
          .hasMessageStartingWith(f + ": line ")
          .hasMessageContaining("a file must have at most " + (cells - 1) + " cells (CsvOptions.maxCells)");
      if (rows >= 3) {
        assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxLevels(2).build()))
            .hasMessageStartingWith(f + ": column \"h0\": a CATEGORICAL column must have at most 2 "
                + "distinct values (CsvOptions.maxLevels), got more");
      }
    });
  }
}
