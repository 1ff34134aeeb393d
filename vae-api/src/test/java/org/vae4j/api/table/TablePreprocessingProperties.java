package org.vae4j.api.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablePreprocessingProperties {

  @Test
  void transformThenInverseGivesTheTableBackOnRandomTables() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 40), arbitrary().enumValues(Scaling.class))
        .checkAssert((seed, rows, scaling) -> {
          Table t = RandomTables.table(seed, rows);
          TablePreprocessing p = TablePreprocessing.fit(t, scaling);
          EncodedTable e = p.transform(t);
          assertThat(e.rows()).isEqualTo(rows);
          assertThat(e.width()).isEqualTo(p.width());
          Table back = p.inverseTransform(e);
          assertSameUpToFloat(t, back, p);
          // decoding without the mask keeps every observed entry too (missing ones are imputed)
          Table imputed = p.inverseTransform(e.values(), rows);
          for (int c = 0; c < t.columnCount(); c++) {
            assertThat(imputed.column(c).missingCount()).isZero();
          }
        });
  }

  @Test
  void standardisedColumnsHaveMeanZeroAndUnitDeviationOnTheFittedRows() {
    qt().withExamples(200).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, rows) -> {
      Table t = RandomTables.table(seed, rows);
      TablePreprocessing p = TablePreprocessing.fit(t);
      EncodedTable e = p.transform(t);
      for (int i = 0; i < p.columns().size(); i++) {
        ColumnEncoding c = p.columns().get(i);
        if (c.type() != ColumnType.NUMERIC) {
          continue;
        }
        int j = p.offsetOf(i);
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
          if (e.observed(r, j)) {
            sum += e.value(r, j);
            sq += (double) e.value(r, j) * e.value(r, j);
            n++;
          }
        }
        if (n == 0) {
          continue;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-4));
        // a constant column is scaled by 1 and becomes all zeros
        assertThat(var).satisfiesAnyOf(v -> assertThat(v).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-4)),
            v -> assertThat(v).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9)));
      }
    });
  }

  @Test
  void minMaxScalesTheFittedRowsIntoZeroOne() {
    qt().withExamples(200).forAll(longs().all(), integers().between(1, 60)).checkAssert((seed, rows) -> {
      Table t = RandomTables.table(seed, rows);
      TablePreprocessing p = TablePreprocessing.fit(t, Scaling.MIN_MAX);
      EncodedTable e = p.transform(t);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < e.width(); j++) {
          assertThat(e.value(r, j)).isBetween(0f, 1f);
        }
      }
    });
  }

  @Test
  void jsonRoundTripGivesAnEqualPreprocessingThatEncodesAlike() {
    qt().withExamples(150).forAll(longs().all(), integers().between(0, 30)).checkAssert((seed, rows) -> {
      Table t = RandomTables.table(seed, rows);
      TablePreprocessing p = TablePreprocessing.fit(t, Scaling.STANDARDIZE);
      TablePreprocessing q = TablePreprocessing.fromJson(p.toJson());
      assertThat(q).isEqualTo(p);
      assertThat(q.transform(t)).isEqualTo(p.transform(t));
    });
  }

  @Test
  void columnsInAnotherOrderAndLevelsInAnotherOrderEncodeTheSame() {
    qt().withExamples(100).forAll(longs().all(), integers().between(1, 30)).checkAssert((seed, rows) -> {
      Table t = RandomTables.table(seed, rows);
      TablePreprocessing p = TablePreprocessing.fit(t);
      List<Column> reversed = new ArrayList<>();
      for (int c = t.columnCount() - 1; c >= 0; c--) {
        reversed.add(relevel(t.column(c)));
      }
      assertThat(p.transform(Table.of(reversed))).isEqualTo(p.transform(t));
    });
  }

  /** The same entries with the levels listed in reverse order (so other codes). */
  private static Column relevel(Column c) {
    if (c.type() == ColumnType.NUMERIC) {
      return c;
    }
    List<String> levels = new ArrayList<>(c.levels());
    java.util.Collections.reverse(levels);
    int k = levels.size();
    int[] codes = new int[c.size()];
    for (int r = 0; r < c.size(); r++) {
      codes[r] = c.isMissing(r) ? -1 : k - 1 - c.code(r);
    }
    return c.type() == ColumnType.BINARY ? Column.binary(c.name(), levels, codes, c.missingMask())
        : Column.categorical(c.name(), levels, codes, c.missingMask());
  }

  static void assertSameUpToFloat(Table expected, Table actual, TablePreprocessing p) {
    assertThat(actual.columnNames()).isEqualTo(expected.columnNames());
    for (int c = 0; c < expected.columnCount(); c++) {
      Column a = expected.column(c);
      Column b = actual.column(c);
      assertThat(b.type()).isEqualTo(a.type());
      assertThat(b.missingMask()).isEqualTo(a.missingMask());
      if (a.type() == ColumnType.NUMERIC) {
        ColumnEncoding enc = p.columns().get(c);
        for (int r = 0; r < a.size(); r++) {
          if (!a.isMissing(r)) {
            // float rounding of (x - offset) / scale, then back
            double tol = 1e-6 * (Math.abs(a.number(r) - enc.offset()) + enc.scale())
                + Math.ulp(enc.offset()) * 2;
            assertThat(b.number(r)).isCloseTo(a.number(r), org.assertj.core.data.Offset.offset(tol));
          }
        }
      } else {
        assertThat(b.levels()).isEqualTo(a.levels());
        for (int r = 0; r < a.size(); r++) {
          assertThat(b.level(r)).isEqualTo(a.level(r));
        }
      }
    }
  }

  @Test
  void perColumnScalingOverridesTheDefault() {
    Table t = Table.of(List.of(Column.numeric("a", new double[] {1, 2, 3}),
        Column.numeric("b", new double[] {10, 20, 40})));
    TablePreprocessing p = TablePreprocessing.fit(t, Scaling.STANDARDIZE, Map.of("b", Scaling.MIN_MAX));
    assertThat(p.columns().get(0).scaling()).isEqualTo(Scaling.STANDARDIZE);
    assertThat(p.columns().get(1).scaling()).isEqualTo(Scaling.MIN_MAX);
    assertThat(p.transform(t).values()).containsExactly(
        (float) (-1 / Math.sqrt(2.0 / 3)), 0f, 0f, 1f / 3, (float) (1 / Math.sqrt(2.0 / 3)), 1f);
  }
}
