#!/usr/bin/env bash
# The vae4j side of the anomaly benchmark (docs/anomaly.md, issue 20): AnomalyBenchmark's four
# parts -- MNIST with one digit held out, the real tables on peers.py's splits, the same tables
# with 20% of the entries missing, and scoring speed on a 30-column table.
#   bench/anomaly/run-vae4j.sh                       every part, the defaults of AnomalyBenchmark
#   bench/anomaly/run-vae4j.sh --parts tables,missing --seeds 0   any AnomalyBenchmark arguments
# The table splits are peers.py's (bench/anomaly/out/splits); when missing, run-peers.sh is run
# first to write them (it installs python3-sklearn when missing: needs root or sudo).
# Environment: VAE4J_MNIST_DIR (default /work/shared/datasets/mnist), SPLITS (default
#   bench/anomaly/out/splits), BUILD_SUFFIX (vae-samples is built into vae-samples/target$BUILD_SUFFIX,
#   default -anomaly), SKIP_BUILD=1 (reuse that build).
# OMP_*, JAVA_TOOL_OPTIONS and _JAVA_OPTIONS of the calling shell are removed. Prints RESULT lines
# per run and SUMMARY lines per configuration; `uptime` before and after (the machine may be shared).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
splits="${SPLITS:-$here/out/splits}"
suffix="${BUILD_SUFFIX--anomaly}"
for v in $(env | sed -n 's/^\(OMP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JAVA_OPTS
if [ ! -d "$splits" ]; then
  "$here/run-peers.sh" --out "$(dirname "$splits")" >&2
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -o -q "-Dvae4j.build.suffix=$suffix" -pl vae-samples -am package -DskipTests) >&2
fi
app="$root/vae-samples/target$suffix"
echo "# $(date -u +%FT%TZ) uptime: $(uptime)"
java -cp "$app/vae4j.jar:$app/lib/*" org.vae4j.samples.bench.AnomalyBenchmark \
  --mnist "$mnist" --splits "$splits" "$@"
echo "# $(date -u +%FT%TZ) uptime: $(uptime)"
