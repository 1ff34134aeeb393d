package org.vae4j.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.ColumnType;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;

class CsvTablesTest {
  @TempDir Path dir;

  private Path csv(String content) throws IOException {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void infersNumericBinaryAndCategoricalColumnsAndKeepsMissingAsAMask() throws IOException {
    Path f = csv("age,smoker,colour,flag,label\n"
        + "31,0,red,yes,normal\n"
        + "NA,1,\"green, light\",no,normal\n"
        + "45.5,,blue,yes,fraud\n"
        + "NaN,1,red,,normal\n");
    Table t = CsvTables.read(f, CsvOptions.builder().label("label").build());
    assertThat(t.rowCount()).isEqualTo(4);
    assertThat(t.columnNames()).containsExactly("age", "smoker", "colour", "flag");
    assertThat(t.column("age").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(t.column("age").numbers()).containsExactly(31, Double.NaN, 45.5, Double.NaN);
    assertThat(t.column("age").missingCount()).isEqualTo(2);
    assertThat(t.column("smoker").type()).isEqualTo(ColumnType.BINARY);
    assertThat(t.column("smoker").levels()).containsExactly("0", "1");
    assertThat(t.column("smoker").isMissing(2)).isTrue();
    assertThat(t.column("colour").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(t.column("colour").levels()).containsExactly("blue", "green, light", "red");
    assertThat(t.column("flag").type()).isEqualTo(ColumnType.BINARY);
    assertThat(t.column("flag").levels()).containsExactly("no", "yes");
    Column label = t.label().orElseThrow();
    assertThat(label.level(2)).isEqualTo("fraud");
  }

  @Test
  void typesCanBeOverriddenAndMissingTokensChanged() throws IOException {
    Path f = csv("zip;score\n01234;-\n99999;3\n01234;4\n");
    Table t = CsvTables.read(f, CsvOptions.builder().delimiter(';').missingTokens("-")
        .type("zip", ColumnType.CATEGORICAL).build());
    assertThat(t.column("zip").levels()).containsExactly("01234", "99999");
    assertThat(t.column("score").numbers()).containsExactly(Double.NaN, 3, 4);
  }

  @Test
  void withoutAHeaderColumnsAreNumbered() throws IOException {
    Table t = CsvTables.read(csv("1,a\n2,b\n3,c\n"), CsvOptions.builder().header(false).build());
    assertThat(t.columnNames()).containsExactly("column1", "column2");
    assertThat(t.rowCount()).isEqualTo(3);
  }

  @Test
  void aByteOrderMarkAndBlankLinesAndCrlfAreHandled() throws IOException {
    Table t = CsvTables.read(csv("\uFEFFx,y\r\n1,2\r\n\r\n3,4\r\n"));
    assertThat(t.columnNames()).containsExactly("x", "y");
    assertThat(t.column("x").numbers()).containsExactly(1, 3);
  }

  @Test
  void aByteOrderMarkIsDroppedWithoutAHeaderToo() throws IOException {
    Table t = CsvTables.read(csv("\uFEFF1,2\n3,4\n"), CsvOptions.builder().header(false).build());
    assertThat(t.column("column1").numbers()).containsExactly(1, 3);
  }

  @Test
  void aLongHeaderNameTripsTheFieldBound() throws IOException {
    Path f = csv("a," + "b".repeat(100) + "\n1,2\n");
    assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxFieldChars(50).build()))
        .hasMessage(f + ": line 1, column 2 of the header must have at most 50 chars "
            + "(CsvOptions.maxFieldChars), got 100");
  }

  @Test
  void errorsNameTheLineWhereTheRecordBeginsEvenAfterQuotedLineBreaks() throws IOException {
    Path f = csv("id,note,n\n1,\"two\nlines\",5\n\n2,ok,x5\n");
    assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().type("n", ColumnType.NUMERIC).build()))
        .isInstanceOf(TableFormatException.class)
        .hasMessage(f + ": line 5, column \"n\": value \"x5\" is not a decimal number (the column "
            + "is NUMERIC by CsvOptions.types)")
        .satisfies(e -> {
          TableFormatException t = (TableFormatException) e;
          assertThat(t.line()).isEqualTo(5);
          assertThat(t.column()).isEqualTo("n");
          assertThat(t.file()).isEqualTo(f);
        });
  }

  @Test
  void aRaggedRecordIsNamed() throws IOException {
    Path f = csv("a,b\n1,2\n3\n");
    assertThatThrownBy(() -> CsvTables.read(f))
        .hasMessage(f + ": line 3, a record must have 2 fields like the header, got 1");
  }

  @Test
  void anUnterminatedQuoteIsNamed() throws IOException {
    Path f = csv("a,b\n1,\"open\n2,3\n");
    assertThatThrownBy(() -> CsvTables.read(f))
        .isInstanceOf(TableFormatException.class)
        .hasMessageStartingWith(f + ": line 2, malformed CSV: ");
  }

  @Test
  void invalidUtf8IsNamed() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.write(f, new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
    assertThatThrownBy(() -> CsvTables.read(f))
        .isInstanceOf(TableFormatException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void headerProblemsAreNamed() throws IOException {
    Path dup = csv("a,b,a\n1,2,3\n");
    assertThatThrownBy(() -> CsvTables.read(dup))
        .hasMessage(dup + ": line 1, column \"a\": the header names columns 1 and 3 alike");
    Path empty = csv("a,,c\n1,2,3\n");
    assertThatThrownBy(() -> CsvTables.read(empty))
        .hasMessage(empty + ": line 1, column 2 of the header has no name");
    Path nothing = csv("");
    assertThatThrownBy(() -> CsvTables.read(nothing))
        .hasMessage(nothing + ": no header line: the file is empty");
    Path f = csv("a,b\n1,2\n");
    assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().label("target").build()))
        .hasMessage(f + ": the options name columns [target] that the file does not have; it has [a, b]");
    assertThatThrownBy(() -> CsvTables.read(dir.resolve("absent.csv")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void typeOverridesThatDoNotFitAreNamed() throws IOException {
    Path f = csv("c,d,e\nx,1,1e999\ny,2,1\nz,3,2\n");
    assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().type("c", ColumnType.BINARY).build()))
        .hasMessage(f + ": column \"c\": a BINARY column must have 2 distinct values, got 3 "
            + "[\"x\", \"y\", \"z\"]");
    Path g = csv("c,e\nx,1e999\ny,1\n");
    assertThatThrownBy(() -> CsvTables.read(g))
        .hasMessage(g + ": line 2, column \"e\": value \"1e999\" is beyond the double range");
  }

  @Test
  void aLongRecordTripsTheRecordBound() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    sb.append("1,\"").append("x".repeat(50_000)).append("\"\n");
    Path f = csv(sb.toString());
    assertThatThrownBy(() -> CsvTables.read(f, CsvOptions.builder().maxRecordChars(10_000).build()))
        .hasMessage(f + ": line 2, a record must have at most 10000 chars (CsvOptions.maxRecordChars), got more");
  }

  @Test
  void writingALevelThatWouldReadBackAsMissingIsRefused() {
    Table t = Table.of(List.of(Column.categoricalOf("c", "NA", "b")));
    assertThatThrownBy(() -> CsvTables.write(t, dir.resolve("w.csv")))
        .hasMessage("column c: level \"NA\" cannot be written, it would read back as missing");
    assertThat(dir.resolve("w.csv")).doesNotExist();
  }

  @Test
  void aScoringFileReadWithTheFittedTypesEncodesLikeTheTrainingFile() throws IOException {
    Path train = dir.resolve("train.csv");
    Files.writeString(train, "code,x\n1,0.5\n2,1.5\n3,2.5\n");
    Path score = dir.resolve("score.csv");
    Files.writeString(score, "code,x\n1,1\n3,0\n");
    TablePreprocessing p = TablePreprocessing.fit(CsvTables.read(train,
        CsvOptions.builder().type("code", ColumnType.CATEGORICAL).build()));
    Table s = CsvTables.read(score, CsvOptions.builder().types(p.columnTypes()).build());
    assertThat(p.transform(s).values()).containsExactly(1, 0, 0, (float) (-0.5 / Math.sqrt(2.0 / 3)),
        0, 0, 1, (float) (-1.5 / Math.sqrt(2.0 / 3)));
  }

  @Test
  void optionsCheckTheirValues() {
    assertThatThrownBy(() -> CsvOptions.builder().maxRows(0))
        .hasMessage("maxRows must be >= 1, got 0");
    assertThatThrownBy(() -> CsvOptions.builder().delimiter('\n'))
        .hasMessage("delimiter must not be a line break, got 10");
    assertThatThrownBy(() -> CsvOptions.builder().delimiter('"').build())
        .hasMessage("delimiter and quote must differ, got \" for both");
    assertThatThrownBy(() -> CsvOptions.builder().maxLevels(1))
        .hasMessage("maxLevels must be in [2, 16777216], got 1");
  }
}
