package org.vae4j.api.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Integer numeric columns: inferred when fitting, kept in JSON, rounded when decoding only. */
class IntegerColumnsTest {

  private final Table train = Table.of(List.of(
      Column.numeric("visits", new double[] {3, 0, Double.NaN, 12, 7}),
      Column.numeric("amount", new double[] {3.5, 10, 2, 8.25, 1}),
      Column.numeric("year", new double[] {1999, 2001, 2001, 2020, 1987}),
      Column.categoricalOf("colour", "red", "green", "blue", null, "red")));

  @Test
  void fitMarksNumericColumnsWhoseObservedValuesAreAllWhole() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    assertThat(p.columns()).extracting(ColumnEncoding::name, ColumnEncoding::integer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("visits", true),
            org.assertj.core.groups.Tuple.tuple("amount", false),
            org.assertj.core.groups.Tuple.tuple("year", true),
            org.assertj.core.groups.Tuple.tuple("colour", false));
    // a column with no observed value is not integer (nothing says so)
    Table empty = Table.of(List.of(Column.numeric("x", new double[] {Double.NaN, Double.NaN})));
    assertThat(TablePreprocessing.fit(empty).columns().get(0).integer()).isFalse();
  }

  @Test
  void theJsonFormKeepsIntegerAndOmitsItWhenFalse() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    String json = p.toJson();
    assertThat(json.split("\"integer\" : true", -1)).hasSize(3);
    assertThat(json.split("integer", -1)).as("false is left out").hasSize(3);
    TablePreprocessing q = TablePreprocessing.fromJson(json);
    assertThat(q).isEqualTo(p);
    assertThat(q.columns().get(0).integer()).isTrue();
    // JSON written before the field existed (no "integer") reads as continuous columns
    String old = json.replace(",\n    \"integer\" : true", "");
    assertThat(old).doesNotContain("integer");
    TablePreprocessing before = TablePreprocessing.fromJson(old);
    assertThat(before.columns()).extracting(ColumnEncoding::integer).containsOnly(false);
    assertThat(before.toJson()).isEqualTo(old);
    // integer on a categorical column is refused when read
    String bad = json.replace("\"levels\" : [ \"blue\", \"green\", \"red\" ]",
        "\"levels\" : [ \"blue\", \"green\", \"red\" ],\n    \"integer\" : true");
    assertThat(bad).isNotEqualTo(json);
    assertThatThrownBy(() -> TablePreprocessing.fromJson(bad))
        .hasMessageStartingWith("not a table preprocessing: ")
        .hasMessageContaining("column colour: only a numeric column can be integer");
  }

  @Test
  void decodingRoundsIntegerColumnsAndEncodingIsUnchanged() {
    TablePreprocessing p = TablePreprocessing.fit(train, Scaling.MIN_MAX);
    TablePreprocessing continuous = new TablePreprocessing(p.columns().stream()
        .map(e -> e.withInteger(false)).toList());
    // scoring input: the same encoded values and mask whether the columns are integer or not
    EncodedTable a = p.transform(train);
    EncodedTable b = continuous.transform(train);
    assertThat(a.values()).containsExactly(b.values());
    assertThat(a.mask()).containsExactly(b.mask());
    // visits: min 0, max 12; year: min 1987, max 2020 (scale 33)
    float[] v = {0.2f, 0.5f, 0.51f, 1, 0, 0, 0.3f, 0.3f, 0.1f, 0, 0, 1};
    Table t = p.inverseTransform(v, 2);
    Table c = continuous.inverseTransform(v, 2);
    assertThat(c.column("visits").number(0)).isCloseTo(2.4, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(t.column("visits").number(0)).isEqualTo(2.0);
    assertThat(t.column("visits").number(1)).isEqualTo(4.0); // 3.6
    assertThat(t.column("year").number(0)).isEqualTo(2004.0); // 1987 + 0.51 * 33 = 2003.83
    assertThat(t.column("year").number(1)).isEqualTo(1990.0); // 1987 + 0.1 * 33 = 1990.3
    assertThat(t.column("amount").number(0)).isEqualTo(c.column("amount").number(0))
        .isNotEqualTo(Math.rint(c.column("amount").number(0)));
  }

  @Test
  void theUserCanDeclareAColumnIntegerOrContinuous() {
    TablePreprocessing p = TablePreprocessing.fit(train, Scaling.STANDARDIZE, Map.of(),
        Map.of("visits", false, "amount", true));
    assertThat(p.columns()).extracting(ColumnEncoding::integer)
        .containsExactly(false, true, true, false);
    assertThat(TablePreprocessing.fit(train).columns().get(0).withInteger(false).integer())
        .isFalse();
    assertThatThrownBy(() -> TablePreprocessing.fit(train, Scaling.STANDARDIZE, Map.of(),
        Map.of("colour", true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("integerColumns names colour, which is not a numeric column of the table; "
            + "numeric columns: [visits, amount, year]");
    assertThatThrownBy(() -> TablePreprocessing.fit(train).columns().get(3).withInteger(true))
        .hasMessage("column colour: only a numeric column can be integer, got integer true for a "
            + "CATEGORICAL column");
  }

  @Test
  void wholeValuesBeyondTwoToThe53AreNotInteger() {
    assertThat(TablePreprocessing.isWhole(9007199254740992.0)).isTrue();
    assertThat(TablePreprocessing.isWhole(1e300)).isFalse();
    assertThat(TablePreprocessing.isWhole(-3)).isTrue();
    assertThat(TablePreprocessing.isWhole(0.5)).isFalse();
    Table big = Table.of(List.of(Column.numeric("x", new double[] {1, 1e17})));
    assertThat(TablePreprocessing.fit(big, Scaling.NONE).columns().get(0).integer()).isFalse();
  }

  /**
   * On random integer columns (magnitudes up to 10^5, some missing) the fitted column is integer
   * and transform then inverse gives every observed value back exactly, not up to float rounding;
   * adding a fraction to one value makes the column continuous.
   */
  @Test
  void integerColumnsComeBackExactlyOnRandomTables() {
    qt().withExamples(200)
        .forAll(longs().all(), integers().between(1, 40), arbitrary().enumValues(Scaling.class))
        .checkAssert((seed, rows, scaling) -> {
          SplittableRandom r = new SplittableRandom(seed);
          int range = 1 + r.nextInt(100_000);
          double[] x = new double[rows];
          for (int i = 0; i < rows; i++) {
            x[i] = i > 0 && r.nextInt(5) == 0 ? Double.NaN : r.nextInt(2 * range + 1) - range;
          }
          Table t = Table.of(List.of(Column.numeric("n", x)));
          TablePreprocessing p = TablePreprocessing.fit(t, scaling);
          assertThat(p.columns().get(0).integer()).isTrue();
          Table back = p.inverseTransform(p.transform(t));
          for (int i = 0; i < rows; i++) {
            assertThat(back.column(0).isMissing(i)).isEqualTo(Double.isNaN(x[i]));
            if (!Double.isNaN(x[i])) {
              assertThat(back.column(0).number(i)).isEqualTo(x[i]);
            }
          }
          double[] y = x.clone();
          y[0] += 0.5;
          assertThat(TablePreprocessing.fit(Table.of(List.of(Column.numeric("n", y))), scaling)
              .columns().get(0).integer()).isFalse();
        });
  }
}
