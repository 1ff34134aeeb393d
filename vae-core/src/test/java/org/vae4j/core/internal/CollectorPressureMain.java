package org.vae4j.core.internal;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.api.training.TrainingHistory;
import org.vae4j.core.ConditionalVae;
import org.vae4j.core.Vae;
import org.vae4j.core.eval.ModelEvaluator;
import org.vae4j.core.train.CheckpointFile;
import org.vae4j.core.train.TrainingOptions;

/** The child program of {@link CollectorPressureTest}: prints {@code steps=N collections=M done}. */
public final class CollectorPressureMain {

  private CollectorPressureMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong collections = new AtomicLong();
    Thread gc = new Thread(() -> {
      while (running.get()) {
        System.gc();
        collections.incrementAndGet();
        try {
          Thread.sleep(3);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    gc.setDaemon(true);
    gc.start();
    long steps = 0;
    SplittableRandom r = new SplittableRandom(1);
    float[] v = new float[240 * 64];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextDouble();
    }
    INDArray x = Nd4j.create(v, new long[] {240, 1, 8, 8}, 'c');
    int[] labels = new int[240];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 4;
    }
    for (int run = 0; run < 6; run++) {
      Path checkpoints = dir.resolve("run" + run);
      TrainingOptions two = TrainingOptions.builder().epochs(2).batchSize(16 + run).seed(run)
          .checkpoints(checkpoints).build();
      try (Vae conv = Vae.builder().convEncoder(4, 8).denseUnits(8).inputShape(1, 8, 8).seed(run).build();
          Vae mlp = Vae.builder().mlpEncoder(24, 12).inputShape(1, 8, 8).seed(run).build();
          ConditionalVae cvae = ConditionalVae.builder().convEncoder(4).denseUnits(6)
              .inputShape(1, 8, 8).numClasses(4).seed(run).build()) {
        TrainingHistory h = conv.fit(x, two);
        steps += h.epochs().get(h.epochs().size() - 1).steps();
        Path last = CheckpointFile.latest(checkpoints).orElseThrow();
        try (Vae resumed = Vae.fromConfig(CheckpointFile.read(last).modelConfig())) {
          TrainingHistory more = resumed.resume(last, x, null,
              two.toBuilder().epochs(4).checkpoints(dir.resolve("resumed" + run)).build());
          steps += more.epochs().get(more.epochs().size() - 1).steps() - h.epochs().get(1).steps();
          resumed.encodeMean(x);
        }
        TrainingHistory hm = mlp.fit(x, x, TrainingOptions.builder().epochs(2).batchSize(32).seed(run).build());
        steps += hm.epochs().get(1).steps();
        TrainingHistory hc = cvae.fit(x, labels, TrainingOptions.builder().epochs(1).batchSize(40).seed(run).build());
        steps += hc.epochs().get(0).steps();
        ModelEvaluator.builder().importanceSamples(3).build().evaluate(mlp, x);
        mlp.sample(50, run);
        cvae.sampleOfClass(run % 4, 20);
        conv.reconstruct(x);
      }
    }
    running.set(false);
    System.out.println("steps=" + steps + " collections=" + collections.get() + " done");
  }
}
