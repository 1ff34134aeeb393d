package org.vae4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.LatentModel;
import org.vae4j.datasets.AttributeVectors;
import org.vae4j.datasets.ImageDataset;
import org.vae4j.datasets.ImageFolder;
import org.vae4j.viz.EditGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vae4j edit}: add an attribute, learnt from two folders, to images; an edit grid. */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    description = "Compute an attribute's latent direction from a folder of images with it "
        + "(--with) and one without it (--without), move the latent means of --images along it "
        + "and write an edit grid: one row per image, one column per strength.")
final class EditCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  @Option(names = "--with", paramLabel = "DIR", required = true,
      description = "Images that have the attribute (every picture file of the tree).")
  Path with;

  @Option(names = "--without", paramLabel = "DIR", required = true,
      description = "Images that do not have it.")
  Path without;

  @Option(names = "--images", paramLabel = "DIR", required = true,
      description = "Images to edit (a seeded random --count of them).")
  Path images;

  int count;

  @Option(names = "--count", paramLabel = "N", defaultValue = "8",
      description = "Images to edit, one row each, 1 to 100 (default ${DEFAULT-VALUE}).")
  void count(int v) {
    count = Checks.inRange(spec, "--count", v, 1, 100);
  }

  double[] strengths;

  @Option(names = "--strengths", paramLabel = "S,...", split = ",",
      defaultValue = "-2,-1,0,1,2",
      description = "Multiples of the direction, one column each, 1 to 100 finite values "
          + "(default ${DEFAULT-VALUE}).")
  void strengths(double[] v) {
    if (v.length < 1 || v.length > 100) {
      throw new ParameterException(spec.commandLine(),
          "--strengths must hold 1 to 100 values, got " + v.length);
    }
    for (double s : v) {
      if (!Double.isFinite(s) || Math.abs(s) > 1000) {
        throw new ParameterException(spec.commandLine(),
            "--strengths must be finite values in [-1000, 1000], got " + s);
      }
    }
    strengths = v.clone();
  }

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the choice of --images (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "edit-grid.png",
      description = "PNG file to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Checks.outputFile("--out", out);
    PrintStream log = Checks.root(spec).out();
    try (ModelArgument m = ModelArgument.load(model.file)) {
      log.println("model: " + m.describe());
      LatentModel latent = m.plain("edit");
      long[] shape = latent.dataShape();
      ImageFolder withFolder = ImageFolders.scanFor("--with", with, shape);
      ImageFolder withoutFolder = ImageFolders.scanFor("--without", without, shape);
      ImageFolder edited = ImageFolders.scanFor("--images", images, shape);
      log.println("with: " + ImageFolders.describe(withFolder));
      log.println("without: " + ImageFolders.describe(withoutFolder));
      INDArray direction = AttributeVectors.fromFolders(latent, withFolder, withoutFolder);
      log.println("attribute vector: " + Arrays.toString(
          Arrays.stream(direction.toDoubleVector()).mapToObj(d -> String.format(Locale.ROOT,
              "%.4f", d)).toArray()) + String.format(Locale.ROOT, " (norm %.4f)",
          direction.norm2Number().doubleValue()));
      ImageDataset x = ImageFolders.take(edited, count, seed);
      EditGrid.of(latent).strengths(strengths).examples(latent, x.images(), direction)
          .writePng(out);
      log.println("wrote " + out.toAbsolutePath().normalize() + " (" + x.size() + " rows x "
          + strengths.length + " strengths)");
    }
    return 0;
  }
}
