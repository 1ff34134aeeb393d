package org.vae4j.spark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.ModelConfig;
import org.vae4j.core.Vae4jModel;

/**
 * The models loaded in this JVM (an executor, or the driver in local mode), by the SHA-256 of
 * their bytes. A task borrows an idle instance or, when every instance is in use by another task,
 * loads a new one; it gives it back when its partition is done. So a model is loaded once per task
 * slot that runs it (once per executor when its tasks run one at a time) and reused by every later
 * task and every later {@code transform}. Models are thread-safe but serialise their calls, so
 * sharing one instance between concurrent tasks would make them take turns.
 *
 * <p>Idle instances of at most {@value #MAX_MODELS} distinct models are kept; the least recently
 * used beyond that are closed.
 *
 * <p>The training tasks of {@link VaeEstimator#fit} borrow models the same way, by their config:
 * each task overwrites the model's parameters with the round's broadcast ones, so any instance of
 * the config will do. Idle instances of at most {@value #MAX_TRAINING_CONFIGS} configs are kept.
 */
final class ExecutorModels {

  static final int MAX_MODELS = 4;
  static final int MAX_TRAINING_CONFIGS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);

  /** Idle instances by digest. */
  private static final IdlePool<ExecutorScorer> IDLE = new IdlePool<>(MAX_MODELS, ExecutorScorer::close);
  /** Idle models of training tasks, by the JSON of their config. */
  private static final IdlePool<Vae4jModel> TRAINING =
      new IdlePool<>(MAX_TRAINING_CONFIGS, Vae4jModel::close);
  /** How many times each model was loaded in this JVM (a bounded record, for tests and logs). */
  private static final LinkedHashMap<String, Long> LOADS = new LinkedHashMap<>(8, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 64;
    }
  };
  private static boolean nativeBuildChecked;

  private ExecutorModels() {}

  /** An instance of the model with this digest for the calling task; give it back with {@link #release}. */
  static ExecutorScorer borrow(String digest, ModelConfig.Kind kind, Supplier<byte[]> bytes)
      throws IOException {
    ExecutorScorer idle = IDLE.poll(digest);
    if (idle != null) {
      return idle;
    }
    ExecutorScorer model = ExecutorScorer.load(kind, bytes.get());
    long n;
    synchronized (ExecutorModels.class) {
      n = LOADS.merge(digest, 1L, Long::sum);
    }
    checkNativeBuildOnce();
    LOG.debug("loaded vae4j model {} ({} load(s) in this JVM)", digest, n);
    return model;
  }

  /** Gives back an instance borrowed with {@link #borrow}. */
  static void release(String digest, ExecutorScorer model) {
    IDLE.offer(digest, model);
  }

  /**
   * A model of the config {@code configJson} for a training task, whatever its parameters (the task
   * sets them); give it back with {@link #releaseForTraining}.
   */
  static Vae4jModel borrowForTraining(String configJson) {
    Vae4jModel idle = TRAINING.poll(configJson);
    if (idle != null) {
      return idle;
    }
    Vae4jModel model = Vae4jModel.fromConfig(ModelConfig.fromJson(configJson));
    checkNativeBuildOnce();
    LOG.debug("created a vae4j model for training in this JVM");
    return model;
  }

  /** Gives back a model borrowed with {@link #borrowForTraining}. */
  static void releaseForTraining(String configJson, Vae4jModel model) {
    TRAINING.offer(configJson, model);
  }

  /** How many times the model with this digest was loaded in this JVM. */
  static synchronized long loads(String digest) {
    return LOADS.getOrDefault(digest, 0L);
  }

  /** Warns once per JVM when the native-build hook did not run (see {@link #checkNativeBuild}). */
  static void checkNativeBuildOnce() {
    synchronized (ExecutorModels.class) {
      if (nativeBuildChecked) {
        return;
      }
      nativeBuildChecked = true;
    }
    checkNativeBuild();
  }

  /**
   * vae4j-backend-cpu's hook chooses the nd4j-native build when ND4J starts, through a {@code
   * META-INF/services} file, and says so in the system property {@code vae4j.nativeBuild.reason};
   * an uber-jar that did not merge services files loses it.
   */
  private static void checkNativeBuild() {
    if (System.getProperty("vae4j.nativeBuild.reason") == null) {
      LOG.warn("vae4j did not choose the nd4j-native build in this JVM: the hook of "
          + "vae4j-backend-cpu (META-INF/services/org.nd4j.linalg.factory.Nd4jBackend) did not run. "
          + "An uber-jar must merge services files (maven-shade-plugin's "
          + "ServicesResourceTransformer), and the executors need vae4j-backend-cpu; see docs/spark.md");
    }
  }
}
