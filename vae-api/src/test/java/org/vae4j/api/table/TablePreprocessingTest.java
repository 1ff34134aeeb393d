package org.vae4j.api.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TablePreprocessingTest {
  private final Table train = Table.of(List.of(
      Column.numeric("age", new double[] {20, 30, Double.NaN, 50}),
      Column.categoricalOf("colour", "red", "green", "blue", null),
      Column.binaryOf("member", "no", "yes", "yes", "no")),
      Column.binaryOf("fraud", "n", "n", "y", "n"));

  @Test
  void encodesOneHotAndMasksMissingEntries() {
    TablePreprocessing p = TablePreprocessing.fit(train, Scaling.MIN_MAX);
    assertThat(p.width()).isEqualTo(5);
    assertThat(p.encodedNames())
        .containsExactly("age", "colour=blue", "colour=green", "colour=red", "member");
    EncodedTable e = p.transform(train);
    assertThat(e.values()).containsExactly(
        0f, 0f, 0f, 1f, 0f,
        1f / 3, 0f, 1f, 0f, 1f,
        0f, 1f, 0f, 0f, 1f,
        1f, 0f, 0f, 0f, 0f);
    assertThat(e.mask()).containsExactly(
        1f, 1f, 1f, 1f, 1f,
        1f, 1f, 1f, 1f, 1f,
        0f, 1f, 1f, 1f, 1f,
        1f, 0f, 0f, 0f, 1f);
    INDArray v = e.valuesArray();
    assertThat(v.shape()).containsExactly(4, 5);
    assertThat(v.getFloat(1, 0)).isEqualTo(1f / 3);
  }

  @Test
  void theLabelIsNeverEncoded() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    assertThat(p.columnTypes()).containsOnlyKeys("age", "colour", "member");
  }

  @Test
  void anUnseenLevelIsAnErrorNamingColumnRowAndValue() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    Table scoring = Table.of(List.of(Column.numeric("age", new double[] {1, 2}),
        Column.categoricalOf("colour", "red", "purple"), Column.binaryOf("member", "no", "yes")));
    assertThatThrownBy(() -> p.transform(scoring))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column colour, row 1: level \"purple\" was not seen when fitting; known "
            + "levels: [blue, green, red]");
  }

  @Test
  void aMissingOrExtraColumnIsNamed() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    Table noColour = Table.of(List.of(Column.numeric("age", new double[] {1}),
        Column.categoricalOf("member", "no")));
    assertThatThrownBy(() -> p.transform(noColour))
        .hasMessageContaining("the table has no column [colour] that the preprocessing was fitted on");
    Table extra = Table.of(List.of(Column.numeric("age", new double[] {1}),
        Column.categoricalOf("colour", "red"), Column.categoricalOf("member", "no"),
        Column.numeric("id", new double[] {7})));
    assertThatThrownBy(() -> p.transform(extra))
        .hasMessageContaining("the table has columns [id] that the preprocessing was not fitted on");
  }

  @Test
  void aTypeMismatchPointsAtColumnTypes() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    Table wrong = Table.of(List.of(Column.categoricalOf("age", "20"),
        Column.categoricalOf("colour", "red"), Column.categoricalOf("member", "no")));
    assertThatThrownBy(() -> p.transform(wrong))
        .hasMessage("column age must be NUMERIC as when fitted, got CATEGORICAL (read the table "
            + "with the preprocessing's columnTypes())");
  }

  @Test
  void aCategoricalColumnWithTwoLevelsMayBeReadAsBinaryWhenScoring() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    Table scoring = Table.of(List.of(Column.numeric("age", new double[] {30, 30}),
        Column.binaryOf("colour", "red", "blue"), Column.categoricalOf("member", "yes", "yes")));
    EncodedTable e = p.transform(scoring);
    assertThat(p.inverseTransform(e).column("colour").level(0)).isEqualTo("red");
    assertThat(p.inverseTransform(e).column("member").level(1)).isEqualTo("yes");
  }

  @Test
  void aValueBeyondTheFloatRangeIsNamed() {
    TablePreprocessing p = TablePreprocessing.fit(Table.of(List.of(
        Column.numeric("x", new double[] {0, 1e-30}))));
    Table big = Table.of(List.of(Column.numeric("x", new double[] {0, 1e300})));
    assertThatThrownBy(() -> p.transform(big))
        .hasMessageStartingWith("column x, row 1: value 1.0E300 scales to Infinity, beyond the float range");
  }

  @Test
  void hugeValuesAreRefusedWhenFitting() {
    Table t = Table.of(List.of(Column.numeric("x", new double[] {-1.7e308, 1.7e308})));
    assertThatThrownBy(() -> TablePreprocessing.fit(t, Scaling.MIN_MAX))
        .hasMessageContaining("column x: values in [-1.7E308, 1.7E308] are too large to scale by MIN_MAX");
  }

  @Test
  void aCategoricalColumnWithNoObservedValueCannotBeFitted() {
    Table t = Table.of(List.of(Column.categoricalOf("c", null, null)));
    assertThat(t.column("c").levels()).isEmpty();
    assertThatThrownBy(() -> TablePreprocessing.fit(t))
        .hasMessage("column c has no observed value to fit its levels on; drop it, or give it its levels");
  }

  @Test
  void perColumnMustNameANumericColumn() {
    assertThatThrownBy(() -> TablePreprocessing.fit(train, Scaling.NONE, Map.of("colour", Scaling.MIN_MAX)))
        .hasMessage("perColumn names colour, which is not a numeric column of the table; numeric columns: [age]");
  }

  @Test
  void inverseOfTheWrongLengthOrNonFiniteValuesIsNamed() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    assertThatThrownBy(() -> p.inverseTransform(new float[9], 2))
        .hasMessage("values must hold rows × width = 2 × 5 entries, got 9");
    float[] v = new float[5];
    v[2] = Float.NaN;
    assertThatThrownBy(() -> p.inverseTransform(v, 1))
        .hasMessage("values must be finite, got NaN at row 0, encoded column 2 (colour)");
  }

  @Test
  void inverseDecodesSyntheticRowsIntoLevels() {
    TablePreprocessing p = TablePreprocessing.fit(train, Scaling.MIN_MAX);
    Table t = p.inverseTransform(new float[] {0.5f, 0.1f, 0.7f, 0.2f, 0.6f}, 1);
    assertThat(t.column("age").number(0)).isEqualTo(35.0);
    assertThat(t.column("colour").level(0)).isEqualTo("green");
    assertThat(t.column("member").level(0)).isEqualTo("yes");
  }

  @Test
  void fitRecordsEachColumnsMissingRate() {
    TablePreprocessing p = TablePreprocessing.fit(train);
    assertThat(p.columns()).extracting(ColumnEncoding::missingRate)
        .containsExactly(0.25, 0.25, 0.0);
    TablePreprocessing q = TablePreprocessing.fromJson(p.toJson());
    assertThat(q).isEqualTo(p);
    assertThat(q.columns().get(0).missingRate()).isEqualTo(0.25);
    // a complete column writes no missingRate field, so its JSON is as before the field existed
    assertThat(p.toJson().split("\"missingRate\" : 0.25", -1)).hasSize(3);
    assertThat(p.toJson().split("missingRate", -1)).hasSize(3);
  }

  @Test
  void readsJsonWrittenBeforeTheMissingRateExisted() {
    // the JSON form of format version 1 as written before ColumnEncoding had a missingRate
    String old = "{\n  \"formatVersion\" : 1,\n  \"columns\" : [ {\n    \"name\" : \"age\",\n"
        + "    \"type\" : \"NUMERIC\",\n    \"scaling\" : \"STANDARDIZE\",\n    \"offset\" : 33.3,\n"
        + "    \"scale\" : 12.4,\n    \"levels\" : [ ]\n  }, {\n    \"name\" : \"colour\",\n"
        + "    \"type\" : \"CATEGORICAL\",\n    \"scaling\" : \"NONE\",\n    \"offset\" : 0.0,\n"
        + "    \"scale\" : 1.0,\n    \"levels\" : [ \"blue\", \"red\" ]\n  } ]\n}";
    TablePreprocessing p = TablePreprocessing.fromJson(old);
    assertThat(p.columns()).extracting(ColumnEncoding::missingRate).containsExactly(0.0, 0.0);
    assertThat(p.columns().get(0).offset()).isEqualTo(33.3);
    assertThat(p.toJson()).isEqualTo(old);
    // the other fields stay required
    assertThatThrownBy(() -> TablePreprocessing.fromJson(old.replace("\"offset\" : 33.3,\n", "")))
        .hasMessageStartingWith("not a table preprocessing: ")
        .hasMessageContaining("offset");
  }

  @Test
  void refusesAMissingRateOutsideZeroToOne() {
    assertThatThrownBy(() -> new ColumnEncoding("x", ColumnType.NUMERIC, Scaling.NONE, 0, 1,
        List.of(), 1.5))
        .hasMessage("column x: missingRate must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new ColumnEncoding("x", ColumnType.NUMERIC, Scaling.NONE, 0, 1,
        List.of(), Double.NaN))
        .hasMessage("column x: missingRate must be in [0, 1], got NaN");
    String json = TablePreprocessing.fit(train).toJson().replace("0.25", "-0.5");
    assertThatThrownBy(() -> TablePreprocessing.fromJson(json))
        .hasMessageContaining("missingRate must be in [0, 1], got -0.5");
  }

  @Test
  void fromJsonRefusesBadInputNamingTheProblem() {
    String good = TablePreprocessing.fit(train).toJson();
    assertThatThrownBy(() -> TablePreprocessing.fromJson(good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")))
        .hasMessage("not a table preprocessing: formatVersion must be 1, got 2");
    assertThatThrownBy(() -> TablePreprocessing.fromJson(good.replace("\"scale\" : 1.0", "\"scale\" : -1.0")))
        .hasMessageStartingWith("not a table preprocessing: ")
        .hasMessageContaining("scale must be finite and > 0, got -1.0");
    assertThatThrownBy(() -> TablePreprocessing.fromJson(good.replace("\"blue\"", "\"red\"")))
        .hasMessageContaining("column colour: levels must be distinct, got [red, green, red]");
    assertThatThrownBy(() -> TablePreprocessing.fromJson("{\"formatVersion\":1,\"columns\":[],\"x\":1}"))
        .hasMessageStartingWith("not a table preprocessing: Unrecognized field \"x\"");
    assertThatThrownBy(() -> TablePreprocessing.fromJson("[" .repeat(100)))
        .hasMessageStartingWith("not a table preprocessing: ");
    assertThatThrownBy(() -> TablePreprocessing.fromJson(" ".repeat(TablePreprocessing.MAX_JSON_CHARS + 1)))
        .hasMessage("not a table preprocessing: JSON must be at most 67108864 chars, got 67108865");
  }

  @Test
  void columnsAndTablesCheckTheirArguments() {
    assertThatThrownBy(() -> Column.numeric("x", new double[] {Double.POSITIVE_INFINITY}))
        .hasMessage("column x: values[0] must be finite (or marked missing), got Infinity");
    assertThatThrownBy(() -> Column.binaryOf("b", "a", "b", "c"))
        .hasMessage("column b: a binary column must have exactly 2 levels, got 3 [a, b, c]");
    assertThatThrownBy(() -> Column.categorical("c", List.of("a"), new int[] {1}, new boolean[1]))
        .hasMessage("column c: codes[0] must be in [0, 1), got 1");
    assertThatThrownBy(() -> Table.of(List.of(Column.numeric("x", new double[2]),
        Column.numeric("y", new double[3]))))
        .hasMessage("column y must have 2 entries like column x, got 3");
    assertThatThrownBy(() -> Table.of(List.of(Column.numeric("x", new double[2])),
        Column.numeric("x", new double[2])))
        .hasMessage("column names must be distinct, got x twice (columns 0 and 1)");
    assertThatThrownBy(() -> train.column("nope"))
        .hasMessage("no column nope, the table has [age, colour, member]");
  }
}
