/**
 * Anomaly detection with vae4j models: how good a vector of anomaly scores is, and where to put
 * the threshold.
 *
 * <ul>
 *   <li>{@link org.vae4j.core.anomaly.AnomalyMetrics}: ROC-AUC, average precision (the area under
 *       the precision–recall curve as a step function), precision at {@code n}, and precision,
 *       recall and F1 at a threshold ({@link org.vae4j.core.anomaly.ThresholdMetrics}). Ties
 *       between scores are handled as scikit-learn does; docs/anomaly.md states each convention.
 *   <li>{@link org.vae4j.core.anomaly.AnomalyThresholds}: a threshold from a quantile of
 *       validation scores, or from a contamination rate (PyOD's convention).
 * </ul>
 *
 * <p>Scores follow one convention throughout: <b>higher means more anomalous</b>, and a row is
 * flagged when its score is strictly greater than the threshold.
 */
package org.vae4j.core.anomaly;
