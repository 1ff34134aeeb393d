#!/usr/bin/env bash
# Conv VAE epoch time on each nd4j-native 1.0.0-M2.1 native build, back to back.
#   bench/run-variants.sh [epochs=2] [images=10000]
#   VARIANTS="auto linux-x86_64-onednn linux-x86_64-onednn-avx2" bench/run-variants.sh 3 1280
# Builds vae-samples into target$BUILD_SUFFIX (default target-bench; SKIP_BUILD=1 reuses it), then
# runs the benchmark once per variant:
#   auto      the class path as packaged (vae4j-backend-cpu: the -onednn and -onednn-avx2 builds);
#             vae4j chooses between them from the CPU's flags (docs/performance.md)
#   <classifier>  every nd4j-native-*-linux-x86_64*.jar replaced by exactly that one jar from ~/.m2
# The "native build" column is the build that loaded, from vae4j's line "vae4j runs on ...".
# The -avx512 builds crash on CPUs without AVX-512; the plain -avx2/-avx512 builds take minutes per
# epoch on the conv model (no oneDNN).
# Plain `java`, as users run it: OMP_*, JAVA_TOOL_OPTIONS and _JAVA_OPTIONS of the calling shell are
# removed; BENCH_JAVA_OPTS (e.g. "-Xmn8m") and BENCH_ENV (e.g. "OMP_WAIT_POLICY=PASSIVE") opt in to
# extra JVM options and environment, default none (the runs of 2026-11-22 used both of those values,
# the script's defaults then).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-2}"
images="${2:-10000}"
variants="${VARIANTS:-auto linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn \
linux-x86_64-onednn-avx2 linux-x86_64-onednn-avx512}"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
repo="${M2_REPO:-$HOME/.m2/repository}/org/nd4j/nd4j-native/1.0.0-M2.1"
suffix="${BUILD_SUFFIX:--bench}"
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix="$suffix" -pl vae-samples -am package -DskipTests) >&2
fi
app="$root/vae-samples/target$suffix"
packaged="$app/vae4j.jar"
# Not vae4j.jar: its manifest Class-Path names every jar in lib/, native builds included, which
# would put them back on the class path (an earlier version of this script measured the -onednn
# build in the generic build's row that way).
base="$app/classes"
for j in "$app"/lib/*.jar; do
  packaged="$packaged:$j"
  case "$(basename "$j")" in nd4j-native-1.0.0-M2.1-linux-x86_64*.jar) ;; *) base="$base:$j" ;; esac
done
for v in $(env | sed -n 's/^\(OMP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JAVA_OPTS
read -r -a java_opts <<< "${BENCH_JAVA_OPTS:-}"
read -r -a bench_env <<< "${BENCH_ENV:-}"
echo "# $(date -u +%FT%TZ) $(uptime)"
printf "%-28s %-58s %11s %9s %10s\n" "variant" "native build (features, ND4J binary level)" \
  "median s/ep" "images/s" "loss"
for v in $variants; do
  if [ "$v" = auto ]; then
    cp="$packaged"
  else
    jar="$repo/nd4j-native-1.0.0-M2.1-$v.jar"
    if [ ! -f "$jar" ]; then printf "%-28s missing %s\n" "$v" "$jar"; continue; fi
    cp="$base:$jar"
  fi
  log="$(env ${bench_env[@]+"${bench_env[@]}"} java ${java_opts[@]+"${java_opts[@]}"} -cp "$cp" \
         org.vae4j.samples.bench.Benchmark conv "$epochs" \
         --limit "$images" --encode-repeats 1 --mnist "$mnist" 2>&1 || true)"
  build="$(echo "$log" | grep -o 'native build [^ ]* ' | head -1 | sed 's/native build //; s/ $//' || true)"
  feats="$(echo "$log" | grep -o 'vae4j runs on ND4J backend [A-Z]* \[[^]]*\]' | sed 's/.*backend //' || true)"
  level="$(echo "$log" | grep -o 'Binary level [A-Za-z0-9/ ]* optimization' | head -1 \
           | sed 's/Binary level //; s/ optimization//' || true)"
  sum="$(echo "$log" | grep '^SUMMARY' || true)"
  desc="${build:-?} $feats${level:+, $level}"
  if [ -z "$sum" ]; then
    printf "%-28s %-58s %s\n" "$v" "$desc" "failed: $(echo "$log" | grep -i 'error\|exception\|illegal' | head -1)"
    continue
  fi
  med="$(echo "$sum" | sed 's/.*median_s_after_warmup=\([^ ]*\).*/\1/')"
  ips="$(echo "$sum" | sed 's/.* images_per_s=\([^ ]*\).*/\1/')"
  loss="$(echo "$sum" | sed 's/.*loss_last=\([^ ]*\).*/\1/')"
  printf "%-28s %-58s %11s %9s %10s\n" "$v" "$desc" "$med" "$ips" "$loss"
  if [ "$v" = auto ]; then
    echo "#   auto: $(echo "$log" | grep -o 'native build [^)]*)' | head -1)"
  fi
done
echo "# $(date -u +%FT%TZ) $(uptime)"
