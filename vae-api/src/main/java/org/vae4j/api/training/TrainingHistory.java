package org.vae4j.api.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.vae4j.api.io.AtomicFiles;

/**
 * The record of a training run: one {@link EpochStats} per completed epoch, in order, and why the
 * run stopped. Immutable; exports to JSON (round-trips through {@link #fromJson(String)}) and CSV.
 *
 * @param epochs per-epoch statistics, epochs strictly increasing
 * @param stopReason why the run ended early, or {@code null} when it ran all planned epochs
 */
public record TrainingHistory(List<EpochStats> epochs, String stopReason) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Copies the list and checks that epochs increase. */
  public TrainingHistory {
    epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs"));
    for (int i = 1; i < epochs.size(); i++) {
      if (epochs.get(i).epoch() <= epochs.get(i - 1).epoch()) {
        throw new IllegalArgumentException(
            "epochs must increase, got " + epochs.get(i - 1).epoch() + " then " + epochs.get(i).epoch());
      }
    }
  }

  /** An empty history. */
  public static TrainingHistory empty() {
    return new TrainingHistory(List.of(), null);
  }

  /** This history with one more epoch appended. */
  public TrainingHistory plus(EpochStats stats) {
    List<EpochStats> next = new ArrayList<>(epochs);
    next.add(stats);
    return new TrainingHistory(next, stopReason);
  }

  /** This history with the stop reason set. */
  public TrainingHistory stoppedBecause(String reason) {
    return new TrainingHistory(epochs, reason);
  }

  /** The last epoch, if any. */
  public Optional<EpochStats> last() {
    return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
  }

  /**
   * True when some epoch ended with inactive latent dimensions (posterior collapse, see {@link
   * LatentUsage}); the run warned about it then.
   */
  public boolean latentCollapse() {
    return epochs.stream().anyMatch(e -> e.latent() != null && e.latent().collapsed());
  }

  /** Training loss per example of each epoch, in order. */
  public double[] trainLosses() {
    return epochs.stream().mapToDouble(e -> e.train().total()).toArray();
  }

  /** The history as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise training history", e);
    }
  }

  /** Reads a history written by {@link #toJson()}. */
  public static TrainingHistory fromJson(String json) {
    try {
      return JSON.readValue(json, TrainingHistory.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a training history: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The history as CSV: a header line, then one line per epoch; validation columns are empty when
   * an epoch had no validation, {@code active_units} when its latent usage was not recorded.
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(
        "epoch,steps,train_loss,train_reconstruction,train_kl,"
            + "val_loss,val_reconstruction,val_kl,beta,seconds,images_per_second,active_units\n");
    for (EpochStats e : epochs) {
      sb.append(e.epoch()).append(',').append(e.steps()).append(',');
      appendLoss(sb, e.train());
      sb.append(',');
      if (e.validation() != null) {
        appendLoss(sb, e.validation());
      } else {
        sb.append(",,");
      }
      sb.append(',').append(num(e.beta())).append(',').append(num(e.seconds())).append(',')
          .append(num(e.imagesPerSecond())).append(',')
          .append(e.latent() == null ? "" : Integer.toString(e.latent().activeUnits())).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #toJson()} to {@code file}, atomically. */
  public void writeJson(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }

  /** Writes {@link #toCsv()} to {@code file}, atomically. */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeString(file, toCsv());
  }

  private static void appendLoss(StringBuilder sb, LossBreakdown l) {
    sb.append(num(l.total())).append(',').append(num(l.reconstruction())).append(',').append(num(l.kl()));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
