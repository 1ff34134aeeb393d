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
import org.vae4j.core.eval.LatentFeatures;
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
    description = "Write the latent means of the images as CSV (vae-core's LatentFeatures "
        + "layout): a header 'z0,z1,...,label', then one line per image.")
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
      if (!m.isConditional()) {
        // vae-core's own feature export: the same CSV layout as LatentFeatures everywhere.
        LatentFeatures f = LatentFeatures.encode(m.plain("features"), images,
            LatentFeatures.DEFAULT_BATCH_SIZE);
        f.writeCsv(out);
        log.println("wrote " + f.size() + " rows of " + f.latentDim() + " features to "
            + out.toAbsolutePath().normalize());
        return 0;
      }
      // A conditional VAE encodes with the labels; written in the same layout.
      int n = images.size();
      int[] labels = images.labels();
      float[][] z = new float[n][];
      for (int from = 0; from < n; from += 1000) {
        int to = Math.min(n, from + 1000);
        INDArray x = images.images().get(NDArrayIndex.interval(from, to));
        int[] y = java.util.Arrays.copyOfRange(labels, from, to);
        float[][] part = m.encodeMean(x, y).castTo(DataType.FLOAT).toFloatMatrix();
        System.arraycopy(part, 0, z, from, part.length);
      }
      AtomicFiles.write(out, os -> {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
        for (int d = 0; d < z[0].length; d++) {
          w.write((d == 0 ? "z" : ",z") + d);
        }
        w.write(",label\n");
        for (int i = 0; i < n; i++) {
          for (int d = 0; d < z[i].length; d++) {
            w.write((d == 0 ? "" : ",") + Float.toString(z[i][d]));
          }
          w.write("," + labels[i] + "\n");
        }
        w.flush();
      });
      log.println("wrote " + n + " rows of " + z[0].length + " features to "
          + out.toAbsolutePath().normalize());
    }
    return 0;
  }
}
