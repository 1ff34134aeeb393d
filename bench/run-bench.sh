#!/usr/bin/env bash
# vae4j vs libtorch (the DJL peer in bench/peer-djl) on the MNIST test set, back to back, one JVM
# per run, as a user would run them: plain `java`, no JVM options, no OMP_* variables.
#   bench/run-bench.sh                 conv 5 epochs and mlp 11 epochs, vae4j then the peer
#   bench/run-bench.sh mlp 11          one model
#   ROUNDS=5 bench/run-bench.sh conv   five rounds (vae4j, peer, vae4j, peer, ...), every ratio listed
#   ROUNDS=3 bench/run-bench.sh conv64 3   the 64x64 RGB conv VAE (vae4j's bench.Conv64, the peer's conv64)
#                                      on generated glyph images (docs/performance.md, "64x64 RGB conv VAE
#                                      against libtorch"): vae4j reads the PNG folder, the peer the same
#                                      images exported once to a raw uint8 file (checked header)
# Environment:
#   ROUNDS (default 1)       rounds of every model; the table lists each round and the medians
#   SEED                     the seed of both engines (--seed); default: each engine's default (42)
#   INIT                     vae4j's initialisation (--init): model (default, the library's) or
#                            zero-bias (the peer's rule, U(±1/√fan_in) and biases 0: like for like)
#   BENCH_JAVA_OPTS          opt-in extra JVM options for vae4j (e.g. "-Xmn8m"); default none
#   BENCH_ENV                opt-in environment for vae4j (e.g. "OMP_WAIT_POLICY=PASSIVE"); default none
#   PEER_DIR                 the peer's sources (default bench/peer-djl, built into its target/)
#   VAE4J_MNIST_DIR          default /work/shared/datasets/mnist
#   BUILD_SUFFIX             vae-samples is built into vae-samples/target$BUILD_SUFFIX (default -bench)
#   CONV64_IMAGES            conv64's image folder (default: CONV64_N (2000) images generated into the
#                            run's temporary directory by ImageFolderGenerator, seed 1)
#   LIMIT                    train both engines on the first LIMIT images only (--limit)
#   SAME_INIT=1              conv64: both engines start from the same parameters, the peer's own
#                            initial draw at the run's seed (dumped once by the peer, `--dump-init`, and
#                            read by vae4j, `--init-params`); the round check then uses the same-init
#                            tolerance (check-round.sh), since the draw is no longer a difference
#   SKIP_PEER=1 (vae4j only), SKIP_BUILD=1 (reuse vae-samples/target-bench and the peer's target/)
# OMP_*, JAVA_TOOL_OPTIONS and _JAVA_OPTIONS of the calling shell are removed for both engines.
# Every round is checked (bench/check-round.sh) before the next: when either engine printed no
# SUMMARY, its loss is not a finite number, or the two losses differ by more than the model's
# seed-to-seed spread (mlp 1.7%, conv 13%, conv64 see check-round.sh; MAX_LOSS_DIFF_PCT overrides it for other epoch counts),
# the script says so loudly on stderr and exits with status 3, printing no table and no ratio.
# Prints every EPOCH/SUMMARY line, then a table per round: median seconds per epoch after the
# warm-up epoch, ratio vae4j/peer, peak RSS, loss per sample after the last epoch, encodeMean
# images/s beside the peer's encoder forward over the same images; then the per-model medians.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
peer="${PEER_DIR:-$root/bench/peer-djl}"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
rounds="${ROUNDS:-1}"
suffix="${BUILD_SUFFIX--bench}"
out="$(mktemp -d /tmp/vae4j-bench.XXXXXX)"
if [ $# -ge 1 ]; then runs=("$1 ${2:-}"); else runs=("conv 5" "mlp 11"); fi
seedarg=(); if [ -n "${SEED:-}" ]; then seedarg=(--seed "$SEED"); fi
initarg=(); if [ -n "${INIT:-}" ]; then initarg=(--init "$INIT"); fi
limitarg=(); if [ -n "${LIMIT:-}" ]; then limitarg=(--limit "$LIMIT"); fi

# A clean environment: no OpenMP variables and no JVM options picked up from the caller.
for v in $(env | sed -n 's/^\(OMP_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JAVA_OPTS
jvm=(); if [ -n "${BENCH_JAVA_OPTS:-}" ]; then read -r -a jvm <<<"$BENCH_JAVA_OPTS"; fi
envs=(); if [ -n "${BENCH_ENV:-}" ]; then read -r -a envs <<<"$BENCH_ENV"; fi

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building vae-samples into target-bench ..." >&2
  (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix="$suffix" -pl vae-samples -am package -DskipTests) >&2
  if [ -z "${SKIP_PEER:-}" ]; then
    echo "building the peer in $peer/target ..." >&2
    (cd "$peer" && mvn -q -B package -DskipTests dependency:copy-dependencies \
      -DoutputDirectory=target/lib && touch target/lib) >&2
  fi
fi
app="$root/vae-samples/target$suffix"

# conv64's data: one image folder for vae4j, exported once to the raw file the peer reads.
vae4jdata=(); peerdata=()
for run in "${runs[@]}"; do
  set -- $run
  if [ "$1" = conv64 ]; then
    images="${CONV64_IMAGES:-$out/glyphs64}"
    if [ -z "${CONV64_IMAGES:-}" ]; then
      java -cp "$app/vae4j.jar:$app/lib/*" org.vae4j.samples.bench.ImageFolderGenerator "$images" \
        "${CONV64_N:-2000}" 64 1 >&2
    fi
    java -cp "$app/vae4j.jar:$app/lib/*" org.vae4j.samples.bench.Conv64 "$images" "$out/conv64.u8" >&2
    vae4jdata=(--images "$images"); peerdata=(--data "$out/conv64.u8")
    # like for like: the peer's initialisation rule unless INIT says otherwise
    if [ -z "${INIT:-}" ]; then initarg=(--init zero-bias); fi
    if [ -n "${SAME_INIT:-}" ]; then
      # the peer's initial parameters at this seed (it dumps them before training; one epoch on
      # one batch), read by vae4j: both engines then train from the same values
      "$peer/run.sh" conv64 1 "${seedarg[@]}" --limit 128 --data "$out/conv64.u8" \
        --dump-init "$out/peer-init.bin" >"$out/peer-dump-init.log" 2>&1
      initarg=(--init-params "$out/peer-init.bin")
    fi
  fi
done
export SAME_INIT="${SAME_INIT:-}"

{
  echo "# $(date -u +%FT%TZ) $(uptime)"
  echo "# vae4j: java ${jvm[*]:-(no JVM options)}, environment: ${envs[*]:-(no OMP_* variables)}, init: ${initarg[1]:-model}${SAME_INIT:+ (the initial draw of the peer, SAME_INIT)}${LIMIT:+, limit $LIMIT}"
  echo "# peer: $peer, no OMP_* variables; rounds: $rounds; seed: ${SEED:-the defaults (vae4j 42, peer 42 and shuffle 1234)}"
  echo "# every round checked: losses finite and within ${MAX_LOSS_DIFF_PCT:-the seed-to-seed spread (mlp 1.7%, conv 13%, conv64 5% provisional)} of each other; load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/log"
for ((r = 1; r <= rounds; r++)); do
  for run in "${runs[@]}"; do
    set -- $run
    model="$1"; epochs="${2:-}"
    if [ -z "$epochs" ]; then case "$model" in mlp) epochs=11 ;; conv64) epochs=3 ;; *) epochs=5 ;; esac; fi
    echo "# round $r: vae4j $model $epochs epochs load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/log"
    env "${envs[@]}" /usr/bin/time -f "MAXRSS round=$r engine=vae4j model=$model kb=%M" -a -o "$out/log" \
      java "${jvm[@]}" -cp "$app/vae4j.jar:$app/lib/*" \
      org.vae4j.samples.bench.Benchmark "$model" "$epochs" --mnist "$mnist" "${seedarg[@]}" \
      "${initarg[@]}" "${limitarg[@]}" ${vae4jdata[@]+"${vae4jdata[@]}"} 2>"$out/vae4j-$model-$r.err" | grep --line-buffered '^EPOCH\|^SUMMARY\|^#' \
      | sed -u "s/^SUMMARY /SUMMARY round=$r /" | tee -a "$out/log" || true  # judged below
    if [ -z "${SKIP_PEER:-}" ]; then
      echo "# round $r: peer $model $epochs epochs load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/log"
      VAE4J_MNIST_DIR="$mnist" /usr/bin/time -f "MAXRSS round=$r engine=djl-pytorch model=$model kb=%M" \
        -a -o "$out/log" "$peer/run.sh" "$model" "$epochs" "${seedarg[@]}" \
        "${limitarg[@]}" ${peerdata[@]+"${peerdata[@]}"} 2>"$out/peer-$model-$r.err" \
        | grep --line-buffered '^EPOCH\|^SUMMARY\|^NONFINITE' | sed -u "s/^SUMMARY /SUMMARY round=$r /" \
        | tee -a "$out/log" || true  # judged below
    fi
    # No ratio from a broken run: both losses finite, and no further apart than seed to seed.
    if ! "$root/bench/check-round.sh" "$out/log" "$r" "$model" ${SKIP_PEER:+vae4j-only}; then
      echo "run-bench: round $r of $model is invalid (above); stopped. Log and error output in $out" >&2
      exit 3
    fi
  done
done
echo "# $(date -u +%FT%TZ) $(uptime)" | tee -a "$out/log"

echo
awk '
  function field(line, key,   r) { if (match(line, " " key "=[^ ]*")) { r = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return r } return "" }
  function orDash(v) { return v == "" ? "-" : v }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " "); if (n == 0) return "-"
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  /^SUMMARY/ { r = field($0, "round"); e = field($0, "engine"); m = field($0, "model")
    med[r, e, m] = field($0, "median_s_after_warmup"); loss[r, e, m] = field($0, "loss_last")
    enc[r, e, m] = field($0, "encode_images_per_s"); ep[m] = field($0, "epochs"); models[m] = 1
    if (r > maxr) maxr = r }
  /^# round / { r = substr($3, 1, length($3) - 1); e = ($4 == "peer" ? "djl-pytorch" : "vae4j"); load[r, e, $5] = field($0, "load") }
  /^MAXRSS/ { r = field($0, "round"); e = field($0, "engine"); m = field($0, "model"); rss[r, e, m] = int(field($0, "kb") / 1024) }
  END {
    printf "%-5s %5s %6s | %10s %10s %6s | %8s %8s | %10s %10s %7s | %10s %10s | %11s\n", "model", "round", "epochs", "vae4j s/ep", "torch s/ep", "ratio", "vae4j MB", "torch MB", "vae4j loss", "torch loss", "diff", "vae4j enc/s", "torch enc/s", "load v/t"
    for (m in models) {
      ratios = ""
      for (r = 1; r <= maxr; r++) {
        v = med[r, "vae4j", m]; t = med[r, "djl-pytorch", m]
        ratio = (v != "" && t != "" && t > 0) ? sprintf("%.2f", v / t) : "-"
        if (ratio != "-") ratios = ratios " " ratio
        lv = loss[r, "vae4j", m]; lt = loss[r, "djl-pytorch", m]
        diff = (lv != "" && lt != "") ? sprintf("%+.1f%%", 100 * (lv / lt - 1)) : "-"
        printf "%-5s %5d %6s | %10s %10s %6s | %8s %8s | %10s %10s %7s | %10s %10s | %5s/%-5s\n", m, r, ep[m], orDash(v), orDash(t), ratio, orDash(rss[r, "vae4j", m]), orDash(rss[r, "djl-pytorch", m]), orDash(lv), orDash(lt), diff, orDash(enc[r, "vae4j", m]), orDash(enc[r, "djl-pytorch", m]), orDash(load[r, "vae4j", m]), orDash(load[r, "djl-pytorch", m])
        if (v != "") vs[m] = vs[m] " " v; if (t != "") ts[m] = ts[m] " " t
      }
      printf "%-5s median over %d rounds: vae4j %s s/ep, torch %s s/ep, median ratio %s; per-round ratios:%s\n", m, maxr, median(vs[m]), median(ts[m]), (ratios == "" ? "-" : median(ratios)), (ratios == "" ? " -" : ratios)
    }
  }' "$out/log" | tee "$out/table"
echo "(log and table in $out; MB = peak resident set size of the whole process; enc/s = images per"
echo " second of vae4j's encodeMean and of the peer's encoder forward to the posterior means)"
