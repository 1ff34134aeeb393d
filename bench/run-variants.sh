#!/usr/bin/env bash
# Conv VAE epoch time on each nd4j-native 1.0.0-M2.1 native build, back to back.
#   bench/run-variants.sh [epochs=2] [images=10000]
# Builds vae-samples into target-bench (unless SKIP_BUILD=1), then for each classifier runs the
# benchmark with a class path whose nd4j-native-*-linux-x86_64*.jar entries are replaced by exactly
# that one jar from ~/.m2 (the line "vae4j runs on ..." shows which build loaded: HAVE_ONEDNN etc.).
# The -avx512 builds crash on CPUs without AVX-512.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-2}"
images="${2:-10000}"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
repo="${M2_REPO:-$HOME/.m2/repository}/org/nd4j/nd4j-native/1.0.0-M2.1"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix=-bench -pl vae-samples -am package -DskipTests) >&2
fi
app="$root/vae-samples/target-bench"
base="$app/vae4j.jar"
for j in "$app"/lib/*.jar; do
  case "$(basename "$j")" in nd4j-native-1.0.0-M2.1-linux-x86_64*.jar) ;; *) base="$base:$j" ;; esac
done
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
echo "# $(date -u +%FT%TZ) $(uptime)"
printf "%-28s %-40s %14s %12s %10s\n" "classifier" "native build" "median s/ep" "images/s" "loss"
for v in linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn \
         linux-x86_64-onednn-avx2 linux-x86_64-onednn-avx512; do
  jar="$repo/nd4j-native-1.0.0-M2.1-$v.jar"
  if [ ! -f "$jar" ]; then printf "%-28s missing %s\n" "$v" "$jar"; continue; fi
  log="$(java ${BENCH_JAVA_OPTS:--Xmn8m} -cp "$base:$jar" org.vae4j.samples.bench.Benchmark conv "$epochs" \
         --limit "$images" --encode-repeats 1 --mnist "$mnist" 2>&1 || true)"
  build="$(echo "$log" | grep -o 'vae4j runs on ND4J backend [A-Z]* \[[^]]*\]' | sed 's/.*backend //' || true)"
  level="$(echo "$log" | grep -o 'optimization level [A-Z0-9]*' | head -1 | sed 's/optimization level //' || true)"
  sum="$(echo "$log" | grep '^SUMMARY' || true)"
  if [ -z "$sum" ]; then
    printf "%-28s %-40s %s\n" "$v" "${build:-?}" "failed: $(echo "$log" | grep -i 'error\|exception\|illegal' | head -1)"
    continue
  fi
  med="$(echo "$sum" | sed 's/.*median_s_after_warmup=\([^ ]*\).*/\1/')"
  ips="$(echo "$sum" | sed 's/.* images_per_s=\([^ ]*\).*/\1/')"
  loss="$(echo "$sum" | sed 's/.*loss_last=\([^ ]*\).*/\1/')"
  printf "%-28s %-40s %14s %12s %10s\n" "$v" "$build $level" "$med" "$ips" "$loss"
done
echo "# $(date -u +%FT%TZ) $(uptime)"
