package org.vae4j.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.api.io.AtomicFiles;
import org.vae4j.core.Vae4jModel;
import org.vae4j.core.anomaly.AnomalyThresholds;

/**
 * A fitted anomaly detector: an {@link AnomalyScorer} and a threshold; an example whose score is
 * strictly above the threshold is flagged. Fitted from scores of rows believed normal (a quantile)
 * or from an expected share of anomalies (a contamination rate), see {@link AnomalyThresholds}.
 * It holds no model: pass the model it was fitted with to {@link #predict}. Saved as a small JSON
 * file (the scorer's settings and the threshold), e.g. next to the model.
 *
 * <p>A detector fitted with a background model ({@link #fitQuantileRatio}, {@link
 * #fitContaminationRatio}) thresholds Ren et al.'s likelihood ratio ({@link
 * AnomalyScorer#scoreRatio}); it records that ({@code "likelihoodRatio": true} in its file) but
 * not the background model, which is saved like any model and passed to {@link
 * #predict(Vae4jModel, Vae4jModel, INDArray, int[])}.
 */
public final class AnomalyDetector {

  /** The {@code format} field of a saved detector. */
  public static final String FORMAT = "vae4j-anomaly-detector";
  /** The {@code version} written; {@link #load} reads this version only. */
  public static final int VERSION = 1;
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private final AnomalyScorer scorer;
  private final double threshold;
  private final boolean likelihoodRatio;

  private AnomalyDetector(AnomalyScorer scorer, double threshold) {
    this(scorer, threshold, false);
  }

  private AnomalyDetector(AnomalyScorer scorer, double threshold, boolean likelihoodRatio) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    this.threshold = threshold;
    this.likelihoodRatio = likelihoodRatio;
  }

  /** A detector with a threshold chosen by the caller. */
  public static AnomalyDetector of(AnomalyScorer scorer, double threshold) {
    return new AnomalyDetector(scorer, threshold);
  }

  /**
   * Threshold at the {@code q}-quantile of the scores of {@code validation} (rows believed normal;
   * {@code labels} for a conditional VAE, else null): about {@code 1 − q} of such rows are flagged.
   */
  public static AnomalyDetector fitQuantile(AnomalyScorer scorer, Vae4jModel model,
      INDArray validation, int[] labels, double q) {
    Objects.requireNonNull(scorer, "scorer");
    return new AnomalyDetector(scorer,
        AnomalyThresholds.quantile(scorer.score(model, validation, labels), q));
  }

  /**
   * Threshold flagging about {@code contamination} (in (0, 0.5]) of the rows of {@code data}
   * (PyOD's convention, see {@link AnomalyThresholds#fromContamination}).
   */
  public static AnomalyDetector fitContamination(AnomalyScorer scorer, Vae4jModel model,
      INDArray data, int[] labels, double contamination) {
    Objects.requireNonNull(scorer, "scorer");
    return new AnomalyDetector(scorer,
        AnomalyThresholds.fromContamination(scorer.score(model, data, labels), contamination));
  }

  /**
   * A likelihood-ratio detector with a threshold chosen by the caller: it thresholds {@link
   * AnomalyScorer#scoreRatio} and predicts with a background model.
   */
  public static AnomalyDetector ofRatio(AnomalyScorer scorer, double threshold) {
    return new AnomalyDetector(scorer, threshold, true);
  }

  /**
   * {@link #fitQuantile} on the likelihood-ratio scores {@link AnomalyScorer#scoreRatio} of
   * {@code model} against {@code background}.
   */
  public static AnomalyDetector fitQuantileRatio(AnomalyScorer scorer, Vae4jModel model,
      Vae4jModel background, INDArray validation, int[] labels, double q) {
    Objects.requireNonNull(scorer, "scorer");
    return new AnomalyDetector(scorer, AnomalyThresholds.quantile(
        scorer.scoreRatio(model, background, validation, labels), q), true);
  }

  /**
   * {@link #fitContamination} on the likelihood-ratio scores {@link AnomalyScorer#scoreRatio} of
   * {@code model} against {@code background}.
   */
  public static AnomalyDetector fitContaminationRatio(AnomalyScorer scorer, Vae4jModel model,
      Vae4jModel background, INDArray data, int[] labels, double contamination) {
    Objects.requireNonNull(scorer, "scorer");
    return new AnomalyDetector(scorer, AnomalyThresholds.fromContamination(
        scorer.scoreRatio(model, background, data, labels), contamination), true);
  }

  /** Whether this detector thresholds a likelihood ratio against a background model. */
  public boolean likelihoodRatio() {
    return likelihoodRatio;
  }

  public AnomalyScorer scorer() {
    return scorer;
  }

  public double threshold() {
    return threshold;
  }

  /**
   * The score and flag of every example.
   *
   * @param scores each example's score
   * @param flags {@code scores[i] > threshold}
   */
  public record Predictions(double[] scores, boolean[] flags) {
    /** Checks that there is one flag per score. */
    public Predictions {
      if (scores.length != flags.length) {
        throw new IllegalArgumentException(
            "scores has " + scores.length + " examples, flags " + flags.length);
      }
    }

    /** How many examples are flagged. */
    public int flagged() {
      int c = 0;
      for (boolean f : flags) {
        c += f ? 1 : 0;
      }
      return c;
    }
  }

  /**
   * Scores and flags every row of {@code data} ({@code labels} for a conditional VAE, else null).
   *
   * @throws IllegalStateException when this detector thresholds a likelihood ratio (it needs its
   *     background model: {@link #predict(Vae4jModel, Vae4jModel, INDArray, int[])})
   */
  public Predictions predict(Vae4jModel model, INDArray data, int[] labels) {
    if (likelihoodRatio) {
      throw new IllegalStateException("this detector thresholds a likelihood ratio: pass its "
          + "background model, predict(model, background, data, labels)");
    }
    return flag(scorer.score(model, data, labels));
  }

  /**
   * Scores ({@link AnomalyScorer#scoreRatio}) and flags every row of {@code data} with a
   * likelihood-ratio detector and the background model it was fitted with.
   *
   * @throws IllegalStateException when this detector was not fitted as a likelihood ratio
   */
  public Predictions predict(Vae4jModel model, Vae4jModel background, INDArray data,
      int[] labels) {
    if (!likelihoodRatio) {
      throw new IllegalStateException("this detector thresholds plain scores, not a likelihood "
          + "ratio: predict(model, data, labels) without a background model");
    }
    return flag(scorer.scoreRatio(model, background, data, labels));
  }

  /**
   * Flags scores the caller computed with this detector's scorer (and, for a likelihood-ratio
   * detector, its background model), e.g. chunk by chunk over data too large for memory: each
   * score above the threshold is anomalous, as in {@link #predict(Vae4jModel, INDArray, int[])}.
   */
  public Predictions flag(double[] s) {
    Objects.requireNonNull(s, "scores");
    boolean[] f = new boolean[s.length];
    for (int i = 0; i < s.length; i++) {
      f[i] = s[i] > threshold;
    }
    return new Predictions(s, f);
  }

  /** {@link #predict(Vae4jModel, INDArray, int[])} without labels. */
  public Predictions predict(Vae4jModel model, INDArray data) {
    return predict(model, data, null);
  }

  /** The detector as JSON text (what {@link #save} writes). */
  public String toJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put("scoreType", scorer.scoreType().name());
    o.put("importanceSamples", scorer.importanceSamples());
    o.put("reconstructionSamples", scorer.reconstructionSamples());
    o.put("seed", scorer.seed());
    o.put("maxBatchRows", scorer.maxBatchRows());
    if (scorer.inputComplexityCorrection()) {
      o.put("inputComplexityCorrection", true);
    }
    o.put("perObservedValue", scorer.perObservedValue());
    o.put("imputationRounds", scorer.imputationRounds());
    scorer.inkLine().ifPresent(line -> {
      ObjectNode l = o.putObject("inkLine");
      l.put("intercept", line.intercept());
      l.put("slope", line.slope());
    });
    if (likelihoodRatio) {
      o.put("likelihoodRatio", true);
    }
    o.put("threshold", threshold);
    try {
      return m.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson} to {@code file} (to a temporary name, then renamed). */
  public void save(Path file) throws IOException {
    AtomicFiles.writeString(Objects.requireNonNull(file, "file"), toJson());
  }

  /**
   * Reads a detector saved by {@link #save}.
   *
   * @throws IllegalArgumentException naming the file and the field when it is not a valid detector
   */
  public static AnomalyDetector load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          file + ": " + size + " bytes is too large for a detector (limit " + MAX_FILE_BYTES + ")");
    }
    return fromJson(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  /** Parses {@link #toJson} text; {@code source} names it in error messages. */
  public static AnomalyDetector fromJson(String source, String json) {
    JsonNode o;
    try {
      o = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException(source + ": expected a JSON object");
    }
    if (!FORMAT.equals(o.path("format").asText(null))) {
      throw new IllegalArgumentException(source + ": field format must be \"" + FORMAT
          + "\", got " + o.get("format"));
    }
    if (o.path("version").asInt(-1) != VERSION || !o.path("version").isIntegralNumber()) {
      throw new IllegalArgumentException(
          source + ": field version must be " + VERSION + ", got " + o.get("version"));
    }
    AnomalyScorer.ScoreType type;
    try {
      type = AnomalyScorer.ScoreType.valueOf(o.path("scoreType").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": field scoreType must be one of "
          + java.util.Arrays.toString(AnomalyScorer.ScoreType.values()) + ", got "
          + o.get("scoreType"), e);
    }
    try {
      AnomalyScorer scorer = AnomalyScorer.builder().scoreType(type)
          .importanceSamples(integer(source, o, "importanceSamples"))
          .reconstructionSamples(integer(source, o, "reconstructionSamples"))
          .seed(longField(source, o, "seed"))
          .maxBatchRows(integer(source, o, "maxBatchRows"))
          .inputComplexityCorrection(bool(source, o, "inputComplexityCorrection"))
          // absent in detectors saved before these options existed: off
          .perObservedValue(bool(source, o, "perObservedValue"))
          .imputationRounds(o.has("imputationRounds") ? integer(source, o, "imputationRounds") : 0)
          .inkLine(inkLine(o)) // absent: none
          .build();
      JsonNode t = o.get("threshold");
      if (t == null || !t.isNumber()) {
        throw new IllegalArgumentException("field threshold must be a number, got " + t);
      }
      // absent in detectors saved before likelihood ratios existed: plain scores
      return new AnomalyDetector(scorer, t.asDouble(), bool(source, o, "likelihoodRatio"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** The optional {@code inkLine} object, null when absent. */
  private static InkLine inkLine(JsonNode o) {
    JsonNode v = o.get("inkLine");
    if (v == null) {
      return null;
    }
    JsonNode a = v.get("intercept");
    JsonNode b = v.get("slope");
    if (!v.isObject() || a == null || !a.isNumber() || b == null || !b.isNumber()) {
      throw new IllegalArgumentException("field inkLine must be an object with numbers "
          + "intercept and slope, got " + v);
    }
    return new InkLine(a.asDouble(), b.asDouble());
  }

  /** An optional boolean field, false when absent (files written before it existed). */
  private static boolean bool(String source, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("field " + field + " must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  private static int integer(String source, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isInt()) {
      throw new IllegalArgumentException("field " + field + " must be an integer, got " + v);
    }
    return v.asInt();
  }

  private static long longField(String source, JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("field " + field + " must be an integer, got " + v);
    }
    return v.asLong();
  }

  @Override
  public String toString() {
    return "AnomalyDetector[" + scorer + ", threshold=" + threshold
        + (likelihoodRatio ? ", likelihoodRatio" : "") + "]";
  }
}
