#!/usr/bin/env bash
# The peer side of the anomaly benchmark: scikit-learn's IsolationForest, OneClassSVM and PCA
# reconstruction error on the CSV tables Debian's python3-sklearn ships, with the protocol in
# peers.py and docs/anomaly.md. Installs python3-sklearn when missing (apt-get, needs root or sudo),
# then runs Debian's /usr/bin/python3 (not a pyenv or venv python).
#   bench/anomaly/run-peers.sh                 results and splits into bench/anomaly/out/
#   bench/anomaly/run-peers.sh --out DIR       elsewhere
#   bench/anomaly/run-peers.sh --fixture FILE  also the scores fixture of vae-core's tests
# Prints one RESULT line per table, seed and detector, then the mean tables.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/install-sklearn.sh"
exec /usr/bin/python3 "$here/peers.py" "$@"
