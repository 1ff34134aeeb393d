package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.api.LatentModel;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.samples.DataSource;
import org.vae4j.viz.InterpolationRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vae4j interpolate}: walk the latent line between two images. */
@Command(
    name = "interpolate",
    mixinStandardHelpOptions = true,
    description = "Encode two images of the data, decode the straight line between their latent "
        + "means, and write a strip (interpolation.png) and an animated GIF (interpolation.gif).")
final class InterpolateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;
  @Mixin DataOptions data;

  Integer from;

  @Option(names = "--from", paramLabel = "I",
      description = "Index of the first image (default: the first \"1\", else image 0).")
  void from(int v) {
    from = Checks.atLeast(spec, "--from", v, 0);
  }

  Integer to;

  @Option(names = "--to", paramLabel = "J",
      description = "Index of the last image (default: the first \"0\", else image 1).")
  void to(int v) {
    to = Checks.atLeast(spec, "--to", v, 0);
  }

  int steps;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "12",
      description = "Images on the path, ends included, 2 to 100 (default ${DEFAULT-VALUE}).")
  void steps(int v) {
    steps = Checks.inRange(spec, "--steps", v, 2, 100);
  }

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "Directory for interpolation.png and interpolation.gif (default: current).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Checks.outputDirectory("--out", out);
    PrintStream log = Checks.root(spec).out();
    DataSource.Resolved resolved = data.resolve(model.file);
    ImageDataset images = resolved.data();
    int a = from != null ? from : firstOr(images, 1, 0);
    int b = to != null ? to : firstOr(images, 0, Math.min(1, images.size() - 1));
    for (int[] v : new int[][] {{a, 0}, {b, 1}}) {
      if (v[0] < 0 || v[0] >= images.size()) {
        throw new IllegalArgumentException((v[1] == 0 ? "--from" : "--to") + " must be in [0, "
            + images.size() + "), got " + v[0]);
      }
    }
    try (ModelArgument m = ModelArgument.load(model.file)) {
      LatentModel lm = m.plain("interpolate");
      log.println("model: " + m.describe());
      log.println("data: " + resolved.description());
      INDArray x1 = images.images().get(NDArrayIndex.interval(a, a + 1)).dup();
      INDArray x2 = images.images().get(NDArrayIndex.interval(b, b + 1)).dup();
      InterpolationRenderer r = InterpolationRenderer.of(lm.interpolate(x1, x2, steps))
          .scale(3).frameDelayMillis(120);
      r.writeStripPng(out.resolve("interpolation.png"));
      r.writeGif(out.resolve("interpolation.gif"));
      log.println("interpolated image " + a + " (label " + label(images, a) + ") to image " + b
          + " (label " + label(images, b) + ") in " + steps + " steps");
      log.println("wrote " + out.resolve("interpolation.png").toAbsolutePath().normalize());
      log.println("wrote " + out.resolve("interpolation.gif").toAbsolutePath().normalize());
    }
    return 0;
  }

  private static String label(ImageDataset d, int i) {
    return d.hasLabels() ? Integer.toString(d.label(i)) : "none";
  }

  private static int firstOr(ImageDataset d, int label, int fallback) {
    if (d.hasLabels()) {
      int[] y = d.labels();
      for (int i = 0; i < y.length; i++) {
        if (y[i] == label) {
          return i;
        }
      }
    }
    return fallback;
  }
}
