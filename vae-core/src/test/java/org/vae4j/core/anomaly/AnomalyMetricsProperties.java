package org.vae4j.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Each metric against its brute-force definition, on random scores with many ties. */
class AnomalyMetricsProperties {

  /** Scores and labels; ties are frequent (scores from a few values) in half of the draws. */
  record Scored(double[] scores, boolean[] anomalous) {
    long positives() {
      long p = 0;
      for (boolean b : anomalous) {
        p += b ? 1 : 0;
      }
      return p;
    }
  }

  static Scored draw(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    int distinct = r.nextBoolean() ? 1 + r.nextInt(4) : 0;
    double posRate = r.nextDouble(0.05, 0.95);
    double[] s = new double[n];
    boolean[] a = new boolean[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextDouble() < posRate;
      double shift = a[i] ? r.nextDouble(0, 2) : 0;
      s[i] = distinct > 0 ? r.nextInt(distinct) + (a[i] && r.nextBoolean() ? 1 : 0)
          : r.nextGaussian() + shift;
    }
    if (n >= 2) {
      a[0] = true;
      a[1] = false;
    }
    return new Scored(s, a);
  }

  static double bruteRocAuc(Scored d) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < d.scores.length; i++) {
      for (int j = 0; j < d.scores.length; j++) {
        if (d.anomalous[i] && !d.anomalous[j]) {
          pairs++;
          wins += d.scores[i] > d.scores[j] ? 1 : d.scores[i] == d.scores[j] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }

  /** Σ over distinct thresholds t (decreasing) of (R(t) − R(previous t)) · P(t), flagged: s ≥ t. */
  static double bruteAveragePrecision(Scored d) {
    TreeSet<Double> thresholds = new TreeSet<>();
    for (double x : d.scores) {
      thresholds.add(x);
    }
    double ap = 0;
    double prevRecall = 0;
    long pos = d.positives();
    for (double t : thresholds.descendingSet()) {
      long tp = 0;
      long flagged = 0;
      for (int i = 0; i < d.scores.length; i++) {
        if (d.scores[i] >= t) {
          flagged++;
          tp += d.anomalous[i] ? 1 : 0;
        }
      }
      double recall = (double) tp / pos;
      ap += (recall - prevRecall) * ((double) tp / flagged);
      prevRecall = recall;
    }
    return ap;
  }

  /** The mean, over every ordering of the rows by non-increasing score, of anomalies in the top n. */
  static double brutePrecisionAtN(Scored d, int n) {
    List<int[]> perms = new ArrayList<>();
    permute(new int[d.scores.length], new boolean[d.scores.length], 0, d, perms);
    double sum = 0;
    for (int[] p : perms) {
      int tp = 0;
      for (int k = 0; k < n; k++) {
        tp += d.anomalous[p[k]] ? 1 : 0;
      }
      sum += (double) tp / n;
    }
    return sum / perms.size();
  }

  private static void permute(int[] p, boolean[] used, int k, Scored d, List<int[]> out) {
    if (k == p.length) {
      out.add(p.clone());
      return;
    }
    for (int i = 0; i < p.length; i++) {
      if (!used[i] && (k == 0 || d.scores[p[k - 1]] >= d.scores[i])) {
        used[i] = true;
        p[k] = i;
        permute(p, used, k + 1, d, out);
        used[i] = false;
      }
    }
  }

  @Test
  void rocAucIsTheFractionOfPairsRankedRightWithTiesCountingHalf() {
    qt().withExamples(500).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = draw(seed, n);
      assertThat(AnomalyMetrics.rocAuc(d.scores, d.anomalous)).isCloseTo(bruteRocAuc(d), within(1e-12));
    });
  }

  @Test
  void rocAucOfNegatedScoresIsOneMinusIt() {
    qt().withExamples(200).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = draw(seed, n);
      double[] neg = d.scores.clone();
      for (int i = 0; i < neg.length; i++) {
        neg[i] = -neg[i];
      }
      assertThat(AnomalyMetrics.rocAuc(neg, d.anomalous))
          .isCloseTo(1 - AnomalyMetrics.rocAuc(d.scores, d.anomalous), within(1e-12));
    });
  }

  @Test
  void averagePrecisionIsTheStepSumOverDistinctThresholds() {
    qt().withExamples(500).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = draw(seed, n);
      double ap = AnomalyMetrics.averagePrecision(d.scores, d.anomalous);
      assertThat(ap).isCloseTo(bruteAveragePrecision(d), within(1e-12));
      assertThat(ap).isBetween(0.0, 1.0);
    });
  }

  @Test
  void averagePrecisionAndRocAucAreOneForAPerfectRanking() {
    qt().withExamples(100).forAll(longs().all(), integers().between(2, 60)).checkAssert((seed, n) -> {
      Scored d = draw(seed, n);
      double[] perfect = new double[n];
      for (int i = 0; i < n; i++) {
        perfect[i] = d.anomalous[i] ? 1 + d.scores[i] * 1e-3 : -1;
      }
      assertThat(AnomalyMetrics.rocAuc(perfect, d.anomalous)).isEqualTo(1.0);
      assertThat(AnomalyMetrics.averagePrecision(perfect, d.anomalous)).isCloseTo(1.0, within(1e-12));
    });
  }

  @Test
  void precisionAtNIsTheMeanOverEveryTieBreakingOrder() {
    // n is drawn in [1, 7] and folded into [1, len] (an assumption n <= len would reject most
    // draws and make QuickTheories give up)
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 7), integers().between(1, 7))
        .checkAssert((seed, len, k) -> {
          int n = 1 + (k - 1) % len;
          Scored d = draw(seed, len);
          assertThat(AnomalyMetrics.precisionAtN(d.scores, d.anomalous, n))
              .isCloseTo(brutePrecisionAtN(d, n), within(1e-12));
        });
  }

  @Test
  void precisionRecallAndF1AtAThresholdFollowTheirDefinitions() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 60), doubles().between(-3, 3))
        .checkAssert((seed, n, t) -> {
          Scored d = draw(seed, n);
          ThresholdMetrics m = AnomalyMetrics.atThreshold(d.scores, d.anomalous, t);
          long tp = 0;
          long flagged = 0;
          for (int i = 0; i < n; i++) {
            if (d.scores[i] > t) {
              flagged++;
              tp += d.anomalous[i] ? 1 : 0;
            }
          }
          long pos = d.positives();
          double p = flagged == 0 ? 0 : (double) tp / flagged;
          double r = pos == 0 ? 0 : (double) tp / pos;
          assertThat(m.truePositives() + m.falsePositives() + m.trueNegatives() + m.falseNegatives())
              .isEqualTo((long) n);
          assertThat(m.precision()).isCloseTo(p, within(1e-12));
          assertThat(m.recall()).isCloseTo(r, within(1e-12));
          assertThat(m.f1()).isCloseTo(p + r == 0 ? 0 : 2 * p * r / (p + r), within(1e-12));
        });
  }

  @Test
  void aQuantileAtAnOrderStatisticIsThatScoreAndQuantilesAreMonotone() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 60), doubles().between(0, 1))
        .checkAssert((seed, n, q) -> {
          Scored d = draw(seed, n);
          double[] sorted = d.scores.clone();
          java.util.Arrays.sort(sorted);
          int k = (int) Math.floor(q * (n - 1));
          assertThat(AnomalyThresholds.quantile(d.scores, n == 1 ? 0 : (double) k / (n - 1)))
              .isCloseTo(sorted[k], within(1e-12));
          double t = AnomalyThresholds.quantile(d.scores, q);
          assertThat(t).isBetween(sorted[k], sorted[Math.min(k + 1, n - 1)]);
          assertThat(AnomalyThresholds.quantile(d.scores, Math.min(1, q + 0.1))).isGreaterThanOrEqualTo(t);
          // flagging above the (1 - c)-quantile flags at most c of the rows, up to one row
          ThresholdMetrics m = AnomalyMetrics.atThreshold(d.scores, d.anomalous, t);
          assertThat((double) m.flagged()).isLessThanOrEqualTo((1 - q) * n + 1);
        });
  }
}
