#!/usr/bin/python3
"""scikit-learn's anomaly detectors on real tables that Debian's python3-sklearn ships.

Protocol (docs/anomaly.md), the same for every detector, table and seed:
  * tables: the CSV files inside the python3-sklearn package (sklearn/datasets/data):
      breast_cancer  569 x 30  normal = benign (357), anomalies = malignant (212)
      wine           178 x 13  normal = class_1 (71), anomalies = class_0 and class_2 (107)
      digits        1797 x 64  one digit held out: normal = the other nine digits, anomalies =
                               the held-out digit (each of 0..9 in turn; like the MNIST target)
  * split, per seed s in 0, 1, 2: the normal rows are shuffled with numpy RandomState(s); the
    first 70% (rounded) are the training rows; the test rows are the other 30% of normal rows
    plus every anomaly. Detectors never see an anomaly while fitting.
  * features standardised with the mean and population standard deviation of the training rows
    (a constant column is left unscaled), as vae4j's TablePreprocessing.fit does.
  * detectors, scikit-learn defaults, seeded where they draw:
      IsolationForest(random_state=s)               score = -score_samples(x)
      OneClassSVM() (rbf, gamma='scale', nu=0.5)    score = -decision_function(x)
      PCA reconstruction: PCA(n_components=0.95, svd_solver='full'), score = squared error
  * metrics on the test rows: roc_auc_score, average_precision_score (anomaly = positive).

Writes, under --out (default bench/anomaly/out, not committed):
  splits/<table>/seed<s>/train.csv and test.csv: the raw feature columns (names from the package,
      else x0, x1, ...) and a last column "anomaly" (0/1), readable by vae4j's CsvTables with
      CsvOptions.builder().label("anomaly"); split.json: the 0-based row indices in the package's
      file, so the split can be rebuilt from the file itself.
  results.csv: table, seed, detector, roc_auc, average_precision, n_train, n_test, n_anomalies.
With --fixture FILE also writes the scores of one run (breast_cancer, seed 0, IsolationForest),
those scores rounded to 2 decimals (ties), and scikit-learn's metrics and NumPy's percentiles of
them: the fixture of vae-core's SklearnAgreementTest.
"""
import argparse
import csv
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.decomposition import PCA
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.svm import OneClassSVM

SEEDS = (0, 1, 2)
TRAIN_FRACTION = 0.7


def tables():
    """(name, X, normal mask, feature names) for every table and held-out class."""
    bc = datasets.load_breast_cancer()
    # target 0 = malignant, 1 = benign
    yield "breast_cancer", bc.data, bc.target == 1, list(bc.feature_names)
    wine = datasets.load_wine()
    yield "wine", wine.data, wine.target == 1, list(wine.feature_names)
    digits = datasets.load_digits()
    names = ["pixel%d" % i for i in range(digits.data.shape[1])]
    for d in range(10):
        yield "digits_%d" % d, digits.data, digits.target != d, names


def split(normal, seed):
    normal_idx = np.flatnonzero(normal)
    anomaly_idx = np.flatnonzero(~normal)
    perm = np.random.RandomState(seed).permutation(normal_idx)
    n_train = int(round(TRAIN_FRACTION * len(perm)))
    train = np.sort(perm[:n_train])
    test = np.sort(np.concatenate([perm[n_train:], anomaly_idx]))
    return train, test


def standardise(train_x, x):
    mean = train_x.mean(axis=0)
    sd = train_x.std(axis=0)
    sd[sd == 0] = 1.0
    return (x - mean) / sd


def detectors(seed):
    def iforest(tr, te):
        m = IsolationForest(random_state=seed).fit(tr)
        return -m.score_samples(te)

    def ocsvm(tr, te):
        m = OneClassSVM().fit(tr)
        return -m.decision_function(te)

    def pca(tr, te):
        m = PCA(n_components=0.95, svd_solver="full").fit(tr)
        rec = m.inverse_transform(m.transform(te))
        return ((te - rec) ** 2).sum(axis=1)

    return [("IsolationForest", iforest), ("OneClassSVM", ocsvm), ("PCA", pca)]


def write_split(out, name, seed, x, normal, names, train, test):
    d = os.path.join(out, "splits", name, "seed%d" % seed)
    os.makedirs(d, exist_ok=True)
    for part, idx in (("train", train), ("test", test)):
        tmp = os.path.join(d, ".%s.csv.tmp" % part)
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(names + ["anomaly"])
            for i in idx:
                w.writerow([repr(float(v)) for v in x[i]] + [0 if normal[i] else 1])
        os.replace(tmp, os.path.join(d, part + ".csv"))
    with open(os.path.join(d, "split.json"), "w") as f:
        json.dump({"table": name, "seed": seed, "train_rows": train.tolist(),
                   "test_rows": test.tolist()}, f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", default=os.path.join(here, "out"))
    ap.add_argument("--fixture", default=None)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    print("scikit-learn %s, numpy %s, python %s" % (sklearn.__version__, np.__version__,
                                                    sys.version.split()[0]))
    rows = []
    fixture = None
    for name, x, normal, names in tables():
        for seed in SEEDS:
            train, test = split(normal, seed)
            write_split(args.out, name, seed, x, normal, names, train, test)
            tr = standardise(x[train], x[train])
            te = standardise(x[train], x[test])
            y = (~normal[test]).astype(int)
            for det, fn in detectors(seed):
                t0 = time.perf_counter()
                s = fn(tr, te)
                secs = time.perf_counter() - t0
                auc = roc_auc_score(y, s)
                avp = average_precision_score(y, s)
                rows.append((name, seed, det, auc, avp, len(train), len(test), int(y.sum()), secs))
                print("RESULT table=%s seed=%d detector=%s roc_auc=%.4f ap=%.4f train=%d test=%d "
                      "anomalies=%d seconds=%.3f" % rows[-1])
                if name == "breast_cancer" and seed == 0 and det == "IsolationForest":
                    fixture = (s, y)
    with open(os.path.join(args.out, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["table", "seed", "detector", "roc_auc", "average_precision", "n_train",
                    "n_test", "n_anomalies", "seconds"])
        w.writerows(rows)
    summarise(rows)
    if args.fixture:
        s, y = fixture
        r = np.round(s, 2)
        doc = {
            "source": "bench/anomaly/peers.py: breast_cancer, seed 0, IsolationForest test scores",
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "scores": [float(v) for v in s],
            "rounded_scores": [float(v) for v in r],
            "anomalous": [bool(v) for v in y],
            "roc_auc": roc_auc_score(y, s),
            "average_precision": average_precision_score(y, s),
            "rounded_roc_auc": roc_auc_score(y, r),
            "rounded_average_precision": average_precision_score(y, r),
            "rounded_distinct": int(len(np.unique(r))),
            "percentile_90": float(np.percentile(s, 90)),
            "percentile_95_rounded": float(np.percentile(r, 95)),
        }
        tmp = args.fixture + ".tmp"
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        os.replace(tmp, args.fixture)
        print("fixture written: %s (%d scores, %d distinct after rounding)"
              % (args.fixture, len(s), doc["rounded_distinct"]))


def summarise(rows):
    """Mean over seeds per table and detector; digits also averaged over the held-out digits."""
    by = {}
    for name, seed, det, auc, avp, *_ in rows:
        table = "digits (mean of 10 held-out digits)" if name.startswith("digits_") else name
        by.setdefault((table, det), []).append((auc, avp))
        if name.startswith("digits_"):
            by.setdefault((name, det), []).append((auc, avp))
    print()
    print("| table | detector | ROC-AUC, mean ± sd (over seeds; digits: over digits and seeds) | AP, mean ± sd |")
    print("|---|---|---|---|")
    for (table, det), v in by.items():
        if table.startswith("digits_"):
            continue
        a = np.array(v)
        print("| %s | %s | %.3f ± %.3f | %.3f ± %.3f |" % (table, det, a[:, 0].mean(),
                                                          a[:, 0].std(), a[:, 1].mean(),
                                                          a[:, 1].std()))
    print()
    print("| held-out digit | " + " | ".join(d for d, _ in detectors(0)) + " |")
    print("|---|---|---|---|")
    for digit in range(10):
        cells = []
        for det, _ in detectors(0):
            a = np.array(by[("digits_%d" % digit, det)])
            cells.append("%.3f" % a[:, 0].mean())
        print("| %d | %s |" % (digit, " | ".join(cells)))


if __name__ == "__main__":
    main()
