package org.vae4j.core.likelihood;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.vae4j.core.ModelConfig;

/**
 * The registry of likelihoods by the name a model config stores. Built in: {@code BCE}
 * (Bernoulli), {@code MSE} (Gaussian of fixed variance ½) and {@code LEARNED_VARIANCE_GAUSSIAN}
 * (Gaussian whose decoder also outputs a bounded log-variance per value) and {@code TABLE} (the
 * per-column likelihood of an encoded table, whose columns the config's {@code table} carries: see
 * {@link #table(List)} and {@link ModelConfig#likelihood()}). Other likelihoods are
 * found once, at first use, with {@link ServiceLoader}: a jar on the class path that lists its
 * {@link Likelihood} implementation (a public class with a public no-argument constructor) in
 * {@code META-INF/services/org.vae4j.core.likelihood.Likelihood} registers it under its {@link
 * Likelihood#name()}. A name registered twice is refused at first use.
 */
public final class Likelihoods {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private static final class Registry {
    static final Map<String, Likelihood> BY_NAME = load();

    private static Map<String, Likelihood> load() {
      List<Likelihood> all = new ArrayList<>(List.of(
          new Bernoulli(),
          new FixedVarianceGaussian(),
          new LearnedVarianceGaussian(),
          new TableLikelihood()));
      ServiceLoader.load(Likelihood.class, Likelihoods.class.getClassLoader()).forEach(all::add);
      Map<String, Likelihood> byName = new TreeMap<>();
      for (Likelihood l : all) {
        String name = l.name();
        if (name == null || !NAME.matcher(name).matches()) {
          throw new IllegalStateException("likelihood " + l.getClass().getName()
              + ": name must be upper-case letters, digits and underscores, got " + name);
        }
        if (l.outputsPerValue() < 1 || l.scratchArrays() < 1) {
          throw new IllegalStateException("likelihood " + name
              + ": outputsPerValue and scratchArrays must be >= 1, got " + l.outputsPerValue()
              + " and " + l.scratchArrays());
        }
        Likelihood before = byName.putIfAbsent(name, l);
        if (before != null) {
          throw new IllegalStateException("likelihood name " + name + " is registered twice, by "
              + before.getClass().getName() + " and " + l.getClass().getName());
        }
      }
      return Collections.unmodifiableMap(byName);
    }
  }

  private Likelihoods() {}

  /** Every registered name, sorted. */
  public static List<String> names() {
    return List.copyOf(Registry.BY_NAME.keySet());
  }

  /** Whether {@code name} is registered. */
  public static boolean contains(String name) {
    return name != null && Registry.BY_NAME.containsKey(name);
  }

  /**
   * The likelihood registered as {@code name}.
   *
   * @throws IllegalArgumentException naming the registered names when there is none by that name
   */
  public static Likelihood of(String name) {
    Likelihood l = name == null ? null : Registry.BY_NAME.get(name);
    if (l == null) {
      throw new IllegalArgumentException(
          "loss must be one of " + names() + ", got " + (name == null ? "null" : "'" + name + "'"));
    }
    return l;
  }

  /**
   * A categorical likelihood over consecutive one-hot blocks of the given sizes (one block per
   * categorical column, at least 1 value each): softmax per block, mean = the block's
   * probabilities, loss = the block's cross-entropy; a block of NaN values (a missing entry) is
   * masked out. It has parameters (the blocks), so it is built here rather than named by a config.
   *
   * @throws IllegalArgumentException when there is no block or a block has no value
   */
  public static Likelihood categorical(int... blockSizes) {
    return new Categorical(blockSizes);
  }

  /**
   * The likelihood of a table encoded by {@code columns} (a {@link
   * org.vae4j.api.table.TablePreprocessing}'s {@code columns()}): a Gaussian with a learned,
   * bounded variance per numeric column, a Bernoulli per binary column, a softmax per categorical
   * column's one-hot block; missing (NaN) values are masked out. The decoder has two outputs per
   * encoded value: the means or logits of every value, then the raw log-variances (used by the
   * numeric columns only). Its loss is the exact negative log-probability.
   *
   * @throws IllegalArgumentException when there is no column
   */
  public static Likelihood table(List<org.vae4j.api.table.ColumnEncoding> columns) {
    return new TableLikelihood(columns);
  }

  /** The likelihood of a config's {@code loss}. */
  public static Likelihood of(ModelConfig.LossKind loss) {
    return of(Objects.requireNonNull(loss, "loss").name());
  }
}
