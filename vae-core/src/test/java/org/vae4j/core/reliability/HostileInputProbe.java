package org.vae4j.core.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/**
 * The child JVM of the reliability suite. {@code load-model FILE}, {@code read-checkpoint FILE}
 * and {@code build-config JSONFILE} do one thing and print {@code outcome=} (refused or accepted),
 * {@code error=} (the exception, on one line), {@code millis=} (the call alone) and {@code
 * vmhwm_kb=} (the process's peak resident set, from /proc/self/status). {@code
 * train-checkpoints DIR} trains an 800,000-parameter VAE on a few examples with a checkpoint
 * after every epoch until it is killed.
 */
public final class HostileInputProbe {

  /** The width of the model {@code train-checkpoints} trains: big checkpoints, short epochs. */
  static final int WIDTH = 512;

  private HostileInputProbe() {}

  interface Call {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "load-model" -> timed(() -> {
        try (Vae v = Vae.load(Path.of(args[1]))) {
          v.latentDim();
        }
      });
      case "read-checkpoint" -> timed(() -> CheckpointFile.read(Path.of(args[1])));
      case "build-config" -> timed(() -> {
        try (Vae v = Vae.fromConfig(ModelConfig.fromJson(Files.readString(Path.of(args[1]))))) {
          v.latentDim();
        }
      });
      case "train-checkpoints" -> trainUntilKilled(Path.of(args[1]));
      default -> throw new IllegalArgumentException("unknown probe " + args[0]);
    }
    System.out.println("vmhwm_kb=" + peakRssKb());
    System.out.flush();
  }

  private static void timed(Call call) {
    long t0 = System.nanoTime();
    String outcome = "accepted";
    String error = "";
    try {
      call.run();
    } catch (Throwable t) { // OutOfMemoryError included: that is what the old code did
      outcome = "refused";
      error = t.getClass().getName() + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("outcome=" + outcome);
    System.out.println("error=" + error);
    System.out.println("millis=" + millis);
  }

  static Vae model() {
    return Vae.builder().mlpEncoder(WIDTH).inputShape(784).latentDim(2).seed(3).build();
  }

  static INDArray data() {
    float[] v = new float[4 * 784];
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    return Nd4j.create(v, new long[] {4, 784}, 'c');
  }

  private static void trainUntilKilled(Path dir) throws Exception {
    try (Vae vae = model()) {
      vae.fit(data(), null, TrainingOptions.builder().epochs(100_000).batchSize(4).seed(5)
          .checkpoints(dir, 1, 3).build());
    }
  }

  /** VmHWM of this process in kB, or -1 where /proc is missing. */
  static long peakRssKb() throws java.io.IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
