package org.vae4j.core;

/** How {@code interpolate} walks between two latent means. */
public enum Interpolation {
  /** The straight line {@code (1 - t) a + t b}. */
  LINEAR,
  /**
   * Spherical linear interpolation (slerp) along the great circle between {@code a} and {@code b},
   * with the norm interpolated linearly; falls back to linear when the vectors are (anti)parallel
   * or one is zero. Often stays closer to the prior's typical set than the straight line.
   */
  SPHERICAL
}
