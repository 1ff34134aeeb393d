#!/usr/bin/env bash
# Installs Debian's python3-sklearn (and numpy/scipy with it) when it is missing.
# Used by run-peers.sh; needs root (or sudo) and apt. Never used by the Maven build or tests.
set -euo pipefail
if /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends python3-sklearn >/dev/null
/usr/bin/python3 -c 'import sklearn; print("installed scikit-learn", sklearn.__version__)'
