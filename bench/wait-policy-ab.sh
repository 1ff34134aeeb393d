#!/usr/bin/env bash
# The cost or gain of vae4j's passive OpenMP wait policy, paired: runs Benchmark with the policy
# vae4j sets (A) and with -Dvae4j.openmp.passive=false (B: OpenMP's default, idle workers spin)
# alternately, A B A B ..., one JVM each, plain java otherwise, no OMP_* variables, and prints each
# pair's median epoch seconds after the warm-up epoch and their ratio A/B, then the medians.
#   bench/wait-policy-ab.sh [PAIRS] [Benchmark arguments...]
#   bench/wait-policy-ab.sh 5 conv 3 --limit 1280      (the default)
#   bench/wait-policy-ab.sh 5 mlp 4
# Idle machine: the ratio is the idle cost of passive waiting (issue 22's target: at most 1.05).
# Builds nothing: run bench/run-bench.sh once first (or set APP to a vae-samples target directory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
app="${APP:-$root/vae-samples/target-bench}"
pairs="${1:-5}"; shift || true
if [ $# -eq 0 ]; then set -- conv 3 --limit 1280; fi
if ! [[ "$pairs" =~ ^[1-9][0-9]*$ ]]; then echo "wait-policy-ab: PAIRS must be a positive integer, got $pairs" >&2; exit 2; fi
if [ ! -f "$app/vae4j.jar" ]; then echo "wait-policy-ab: no $app/vae4j.jar; run bench/run-bench.sh once or set APP" >&2; exit 2; fi
for v in $(env | sed -n 's/^\(OMP_[A-Za-z0-9_]*\|GOMP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JAVA_OPTS
run() {  # prints the median epoch seconds after warm-up of one Benchmark run
  java "$@" -cp "$app/vae4j.jar:$app/lib/*" org.vae4j.samples.bench.Benchmark "${args[@]}" --encode-repeats 1 2>/dev/null \
    | sed -n 's/^SUMMARY .* median_s_after_warmup=\([^ ]*\) .*/\1/p'
}
args=("$@")
echo "# $(date -u +%FT%TZ) Benchmark ${args[*]}, $pairs pairs, A = vae4j's passive policy, B = -Dvae4j.openmp.passive=false"
as=(); bs=(); rs=()
for ((i = 1; i <= pairs; i++)); do
  la="$(cut -d' ' -f1 /proc/loadavg)"; a="$(run)"
  lb="$(cut -d' ' -f1 /proc/loadavg)"; b="$(run -Dvae4j.openmp.passive=false)"
  if [ -z "$a" ] || [ -z "$b" ]; then echo "wait-policy-ab: pair $i: a run printed no SUMMARY (A '$a', B '$b')" >&2; exit 3; fi
  r="$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')"
  echo "pair $i: A ${a} s/epoch (load $la), B ${b} s/epoch (load $lb), A/B $r"
  as+=("$a"); bs+=("$b"); rs+=("$r")
done
med() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "median: A $(med "${as[@]}") s/epoch, B $(med "${bs[@]}") s/epoch, A/B $(med "${rs[@]}") (per pair: ${rs[*]}); load now $(cut -d' ' -f1-3 /proc/loadavg)"
