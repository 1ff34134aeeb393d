#!/usr/bin/env bash
# Training from an image folder vs the same images in memory (issue 21's target: images/s of the
# folder source within 10% of memory, peak RSS of the folder run <= 1.5 GB), one JVM per source,
# plain `java`, no JVM options and no OMP_* variables.
#   bench/run-image-folder-bench.sh [N (20000)] [EPOCHS (3)] [DIR (/tmp/vae4j-images-N)]
# Generates N RGB 64x64 PNGs into DIR with ImageFolderGenerator unless DIR already holds them,
# then runs ImageFolderBenchmark with each source of SOURCES.
# Environment:
#   MODEL        mlp (default) or conv64 (bench/Conv64's 64x64 conv VAE)
#   SOURCES      the sources in order (default "decode folder memory"; a source may repeat, e.g.
#                "folder memory folder memory" for alternating pairs)
#   BATCHES      end each training run after this many steps (default 0: no limit)
#   MEM_EVERY    print a MEM line (RSS, heap, native bytes) every this many seconds (default 0:
#                none; passed as the benchmark's own -Dvae4j.bench.memEvery, no JVM option)
#   BUILD_SUFFIX vae-samples is built into vae-samples/target$BUILD_SUFFIX (default -bench)
#   SKIP_BUILD=1 reuses that build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-20000}"
epochs="${2:-3}"
dir="${3:-/tmp/vae4j-images-$n}"
model="${MODEL:-mlp}"
sources="${SOURCES:-decode folder memory}"
batches="${BATCHES:-0}"
mem_every="${MEM_EVERY:-0}"
suffix="${BUILD_SUFFIX--bench}"
for v in $(env | sed -n 's/^\(OMP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JAVA_OPTS
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building vae-samples into target$suffix ..." >&2
  (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix="$suffix" -pl vae-samples -am package -DskipTests) >&2
fi
app="$root/vae-samples/target$suffix"
cp=("$app/vae4j.jar:$app/lib/*")
if [ ! -d "$dir" ]; then
  java -cp "${cp[@]}" org.vae4j.samples.bench.ImageFolderGenerator "$dir" "$n" 64 1
fi
echo "# $(date -u +%FT%TZ) $(uptime)"
for source in $sources; do
  echo "# $source: $(uptime)"
  /usr/bin/time -f "MAXRSS source=$source kb=%M" java -Dvae4j.bench.memEvery="$mem_every" -cp "${cp[@]}" \
    org.vae4j.samples.bench.ImageFolderBenchmark "$dir" "$source" "$epochs" 64 0 "$model" \
    "$batches" 2>&1 | grep --line-buffered '^EPOCH\|^MEM\|^SUMMARY\|^#\|^MAXRSS\|Exception'
done
echo "# $(date -u +%FT%TZ) $(uptime)"
