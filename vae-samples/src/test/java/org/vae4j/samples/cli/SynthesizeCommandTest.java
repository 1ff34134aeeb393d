package org.vae4j.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vae4j.samples.cli.Vae4jCommandTest.oneLineFailure;
import static org.vae4j.samples.cli.Vae4jCommandTest.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.api.table.Column;
import org.vae4j.api.table.Table;
import org.vae4j.api.table.TablePreprocessing;
import org.vae4j.core.TableImputation;
import org.vae4j.core.TableSynthesis;
import org.vae4j.core.Vae;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.train.TrainingOptions;
import org.vae4j.datasets.CsvOptions;
import org.vae4j.datasets.CsvTables;

/** {@code vae4j synthesize}: CSV rows of a table model, refusing to overwrite, clear errors. */
class SynthesizeCommandTest {

  private static Table table(int n) {
    SplittableRandom r = new SplittableRandom(3);
    double[] amount = new double[n];
    String[] country = new String[n];
    String[] card = new String[n];
    for (int i = 0; i < n; i++) {
      double u = r.nextGaussian();
      amount[i] = r.nextDouble() < 0.2 ? Double.NaN : 50 + 10 * u;
      country[i] = u < -0.5 ? "DE" : u < 0.5 ? "FR" : "Côte d'Ivoire, CI";
      card[i] = u > 0 ? "yes" : "no";
    }
    return Table.of(List.of(Column.numeric("amount", amount),
        Column.categoricalOf("country", country), Column.binaryOf("card", card)));
  }

  @Test
  void writesSeededRowsInTheModelsColumnsAndRefusesToOverwrite(@TempDir Path dir)
      throws IOException {
    Table train = table(200);
    TablePreprocessing prep = TablePreprocessing.fit(train);
    Path model = dir.resolve("model.zip");
    try (Vae vae = Vae.builder().mlpEncoder(8).table(prep).latentDim(2).seed(1).build()) {
      vae.fit(TableImputation.missingAsNaN(prep.transform(train)),
          TrainingOptions.builder().epochs(2).batchSize(50).build());
      vae.save(model);
    }
    Path out = dir.resolve("rows.csv");
    Vae4jCommandTest.Run r = run("synthesize", "--model", model.toString(), "--rows", "300",
        "--seed", "5", "--out", out.toString());
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(r.out()).contains("wrote 300 rows of 3 columns to " + out.toAbsolutePath());
    Table t = CsvTables.read(out, CsvOptions.builder().types(prep.columnTypes()).build());
    assertThat(t.rowCount()).isEqualTo(300);
    assertThat(t.columnNames()).containsExactly("amount", "country", "card");
    try (Vae4jModel m = Vae4jModel.load(model)) {
      Table direct = TableSynthesis.sample(m, 300, 5);
      assertThat(t.column("amount").missingCount()).isEqualTo(direct.column("amount").missingCount())
          .isPositive();
      for (int i = 0; i < 300; i++) {
        assertThat(t.column("country").level(i)).isEqualTo(direct.column("country").level(i));
        // NaN where both are missing; else the same double (CsvTables writes numbers exactly)
        assertThat(Double.compare(t.column("amount").number(i), direct.column("amount").number(i)))
            .as("row %d", i).isZero();
      }
    }
    byte[] first = Files.readAllBytes(out);

    String err = oneLineFailure(run("synthesize", "--model", model.toString(), "--rows", "10",
        "--out", out.toString()), 2);
    assertThat(err).contains("--out " + out.toAbsolutePath() + " exists: pass --overwrite");
    assertThat(Files.readAllBytes(out)).isEqualTo(first);

    r = run("synthesize", "--model", model.toString(), "--rows", "10", "--out", out.toString(),
        "--overwrite");
    assertThat(r.exit()).as("stderr: %s", r.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(11);

    assertThat(oneLineFailure(run("synthesize", "--model", model.toString(), "--rows", "0",
        "--out", dir.resolve("x.csv").toString()), 2)).contains("--rows must be in [1, 10000000], got 0");
    assertThat(oneLineFailure(run("synthesize", "--model", model.toString(), "--rows", "5",
        "--label", "1", "--out", dir.resolve("x.csv").toString()), 2))
        .contains("--label is only for a conditional model");
    assertThat(dir.resolve("x.csv")).doesNotExist();
  }

  @Test
  void refusesAModelThatIsNotATableModel(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("image.zip");
    try (Vae vae = Vae.builder().mlpEncoder(8).inputShape(4).latentDim(2).build()) {
      vae.save(model);
    }
    String err = oneLineFailure(run("synthesize", "--model", model.toString(), "--rows", "5",
        "--out", dir.resolve("rows.csv").toString()), 2);
    assertThat(err).contains("is not a table model (its loss is BCE)");
    assertThat(dir.resolve("rows.csv")).doesNotExist();
  }
}
