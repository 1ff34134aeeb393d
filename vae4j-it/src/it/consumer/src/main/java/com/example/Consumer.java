package com.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.table.Table;
import org.vae4j.core.Vae;
import org.vae4j.datasets.CsvTables;

/** What a user writes after adding vae-core and the backend: the design-card call, then features. */
public final class Consumer {
  public static void main(String[] args) throws Exception {
    try (Vae vae = Vae.builder().convEncoder().latentDim(2).bceLoss().beta(1.0).build()) {
      INDArray images = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
      INDArray features = vae.encodeMean(images);
      String line = "encodeMean shape " + Arrays.toString(features.shape());
      System.out.println(line);
      if (!Arrays.equals(features.shape(), new long[] {3, 2})) {
        throw new AssertionError("expected [3, 2], got " + Arrays.toString(features.shape()));
      }
      // vae4j-backend-cpu's hook chose the native build when ND4J started, and says which
      String build = "native build chosen " + System.getProperty("vae4j.nativeBuild.chosen");
      System.out.println(build);
      // vae-datasets' CSV reader runs on the versions the user's build resolved (Commons CSV
      // needs a newer commons-io than ND4J's)
      Path csv = Files.createTempFile("consumer", ".csv");
      Files.writeString(csv, "amount,country\n12.5,FR\nNA,DE\n");
      Table table = CsvTables.read(csv);
      Files.delete(csv);
      String tableLine = "csv " + table.rowCount() + " rows " + table.columnNames();
      System.out.println(tableLine);
      Files.writeString(Path.of(args[0]), line + "\n" + build + "\n" + tableLine + "\n");
    }
  }
}
