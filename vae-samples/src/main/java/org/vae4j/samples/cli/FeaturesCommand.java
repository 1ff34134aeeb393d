package org.vae4j.samples.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j features}: latent means of images as CSV, for another classifier. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = "Write the latent means of the images as CSV: a header 'label,z0,...', then one "
        + "line per image (label empty for unlabelled images).")
final class FeaturesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "features.csv",
      description = "CSV file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = data.resolve();
    ImageDataset images = resolved.data();
    try (SavedModel m = SavedModel.load(model.file)) {
      log.println("model: " + m.describe());
      log.println("data: " + resolved.description());
      int n = images.size();
      int[] labels = images.hasLabels() ? images.labels() : null;
      double[][] z = new double[n][];
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        INDArray x = images.images().get(NDArrayIndex.interval(from, to));
        int[] y = labels == null ? null : java.util.Arrays.copyOfRange(labels, from, to);
        double[][] part = m.encodeMean(x, y).castTo(DataType.DOUBLE).toDoubleMatrix();
        System.arraycopy(part, 0, z, from, part.length);
      }
      AtomicFiles.write(out, os -> {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
        w.write("label");
        for (int d = 0; d < z[0].length; d++) {
          w.write(",z" + d);
        }
        w.write('\n');
        for (int i = 0; i < n; i++) {
          w.write(labels == null ? "" : Integer.toString(labels[i]));
          for (double v : z[i]) {
            w.write(',');
            w.write(Double.toString(v));
          }
          w.write('\n');
        }
        w.flush();
      });
      log.println("wrote " + n + " rows of " + z[0].length + " features to "
          + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
