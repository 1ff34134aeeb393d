package org.vae4j.api.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * The event a training run sends its listeners the first time latent dimensions are found
 * inactive at the end of an epoch (after any KL warm-up): which dimensions, and the usage they were
 * judged on. The run also logs a warning and records the usage in the epoch's {@link EpochStats}.
 *
 * @param epoch the epoch after which the collapse was seen
 * @param inactiveDimensions the inactive dimensions, in order
 * @param usage the latent usage of that epoch
 */
public record LatentCollapse(int epoch, int[] inactiveDimensions, LatentUsage usage) {

  /** Copies the array. */
  public LatentCollapse {
    inactiveDimensions = Objects.requireNonNull(inactiveDimensions, "inactiveDimensions").clone();
    Objects.requireNonNull(usage, "usage");
  }

  /** The inactive dimensions (a copy). */
  @Override
  public int[] inactiveDimensions() {
    return inactiveDimensions.clone();
  }

  /** A one-line description, as logged. */
  public String message() {
    StringBuilder b = new StringBuilder("latent dimension");
    b.append(inactiveDimensions.length == 1 ? " " : "s ").append(Arrays.toString(inactiveDimensions));
    b.append(inactiveDimensions.length == 1 ? " is" : " are").append(" inactive after epoch ")
        .append(epoch).append(" (posterior-mean variance");
    double[] kl = usage.klPerDimension();
    double[] var = usage.meanVariance();
    for (int d : inactiveDimensions) {
      b.append(String.format(java.util.Locale.ROOT, " z%d: %.2g, KL %.2g nats;", d, var[d], kl[d]));
    }
    b.setLength(b.length() - 1);
    b.append("): posterior collapse — ").append(usage.activeUnits()).append(" of ")
        .append(usage.dimensions()).append(" dimensions carry information (docs/training.md)");
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatentCollapse c && epoch == c.epoch
        && Arrays.equals(inactiveDimensions, c.inactiveDimensions) && usage.equals(c.usage);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * epoch + Arrays.hashCode(inactiveDimensions)) + usage.hashCode();
  }
}
