#!/usr/bin/env bash
# vae4j vs libtorch (DJL peer) on the MNIST test set, back to back, one JVM per run.
#   bench/run-bench.sh                 conv 5 epochs and mlp 11 epochs, vae4j then the peer
#   bench/run-bench.sh mlp 11          one model
# Environment: PEER_DIR (default /tmp/peer, a built copy of /work/shared/peer/djl-vae-bench),
#   VAE4J_MNIST_DIR (default /work/shared/datasets/mnist), BENCH_JAVA_OPTS (extra JVM options for
#   vae4j), SKIP_PEER=1 (vae4j only), SKIP_BUILD=1 (reuse vae-samples/target-bench).
# Prints every EPOCH/SUMMARY line, then a side-by-side table: median seconds per epoch after the
# warm-up epoch, ratio vae4j/peer, peak RSS, loss per sample after the last epoch.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
peer="${PEER_DIR:-/tmp/peer}"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
out="$(mktemp -d /tmp/vae4j-bench.XXXXXX)"
if [ $# -ge 1 ]; then runs=("$1 ${2:-}"); else runs=("conv 5" "mlp 11"); fi

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building vae-samples into target-bench ..." >&2
  (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix=-bench -pl vae-samples -am package -DskipTests) >&2
fi
app="$root/vae-samples/target-bench"
# Idle OpenMP threads sleep; a small young generation makes the JVM collect dead ND4J arrays (their
# native memory is freed only when the Java objects are collected) every few steps.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
jvm="${BENCH_JAVA_OPTS:--Xmn8m}"

echo "# $(date -u +%FT%TZ) $(uptime)" | tee "$out/log"
for run in "${runs[@]}"; do
  set -- $run
  model="$1"; epochs="${2:-}"
  if [ -z "$epochs" ]; then if [ "$model" = mlp ]; then epochs=11; else epochs=5; fi; fi
  echo "# vae4j $model $epochs epochs" | tee -a "$out/log"
  /usr/bin/time -f "MAXRSS engine=vae4j model=$model kb=%M" -a -o "$out/log" \
    java $jvm -Dvae4j.mnist.dir="$mnist" -cp "$app/vae4j.jar:$app/lib/*" \
    org.vae4j.samples.bench.Benchmark "$model" "$epochs" --mnist "$mnist" 2>"$out/vae4j-$model.err" \
    | grep --line-buffered '^EPOCH\|^SUMMARY\|^#' | tee -a "$out/log"
  if [ -z "${SKIP_PEER:-}" ]; then
    echo "# peer $model $epochs epochs" | tee -a "$out/log"
    (cd "$peer" && JAVA_OPTS="-Dmnist.dir=$mnist" /usr/bin/time -f "MAXRSS engine=djl-pytorch model=$model kb=%M" \
      -a -o "$out/log" ./run.sh "$model" "$epochs" 2>"$out/peer-$model.err") \
      | grep --line-buffered '^EPOCH\|^SUMMARY' | tee -a "$out/log"
  fi
done
echo "# $(date -u +%FT%TZ) $(uptime)" | tee -a "$out/log"

echo
awk '
  function field(line, key,   r) { if (match(line, key "=[^ ]*")) { r = substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return r } return "" }
  /^SUMMARY/ { e = field($0, "engine"); m = field($0, "model"); med[e, m] = field($0, "median_s_after_warmup"); loss[e, m] = field($0, "loss_last"); ep[e, m] = field($0, "epochs"); models[m] = 1 }
  /^MAXRSS/ { e = field($0, "engine"); m = field($0, "model"); rss[e, m] = int(field($0, "kb") / 1024) }
  END {
    printf "%-5s %6s | %12s %12s %6s | %10s %10s | %10s %10s %7s\n", "model", "epochs", "vae4j s/ep", "torch s/ep", "ratio", "vae4j MB", "torch MB", "vae4j loss", "torch loss", "diff"
    for (m in models) {
      v = med["vae4j", m]; t = med["djl-pytorch", m]
      ratio = (v != "" && t != "" && t > 0) ? sprintf("%.2f", v / t) : "-"
      diff = (loss["vae4j", m] != "" && loss["djl-pytorch", m] != "") ? sprintf("%+.1f%%", 100 * (loss["vae4j", m] / loss["djl-pytorch", m] - 1)) : "-"
      printf "%-5s %6s | %12s %12s %6s | %10s %10s | %10s %10s %7s\n", m, ep["vae4j", m], v, (t == "" ? "-" : t), ratio, rss["vae4j", m], (rss["djl-pytorch", m] == "" ? "-" : rss["djl-pytorch", m]), loss["vae4j", m], (loss["djl-pytorch", m] == "" ? "-" : loss["djl-pytorch", m]), diff
    }
  }' "$out/log" | tee "$out/table"
echo "(log and table in $out; MB = peak resident set size of the whole process)"
