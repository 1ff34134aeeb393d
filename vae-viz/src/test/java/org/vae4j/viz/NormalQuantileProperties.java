package org.vae4j.viz;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

class NormalQuantileProperties {

  @Test
  void cdfInvertsTheQuantileAcrossTheWholeRange() {
    qt().forAll(doubles().between(1e-300, 1 - 1e-16))
        .check(p -> {
          double x = NormalQuantile.quantile(p);
          double back = p < 0.5 ? NormalQuantile.cdf(x) : 1 - NormalQuantile.upperTail(x);
          return Math.abs(back - p) <= 1e-12 * Math.min(p, 1 - p) + 1e-16;
        });
  }

  @Test
  void quantileIsOddAroundOneHalf() {
    // q = 1 - p rounds; p2 = 1 - q is then its exact complement, so the property is exact in p2, q
    qt().forAll(doubles().between(1e-12, 0.5))
        .check(p -> {
          double q = 1 - p;
          double p2 = 1 - q;
          return Math.abs(NormalQuantile.quantile(p2) + NormalQuantile.quantile(q))
              <= 1e-9 * (1 + Math.abs(NormalQuantile.quantile(p2)));
        });
  }

  @Test
  void quantileIsIncreasing() {
    qt().forAll(doubles().between(1e-9, 1 - 1e-9), doubles().between(1e-9, 1 - 1e-9))
        .check((a, b) -> NormalQuantile.quantile(Math.min(a, b)) <= NormalQuantile.quantile(Math.max(a, b)));
  }

  @Test
  void cdfIsSymmetric() {
    qt().forAll(doubles().between(-37, 37))
        .check(x -> Math.abs(NormalQuantile.cdf(x) + NormalQuantile.cdf(-x) - 1) <= 1e-15);
  }
}
