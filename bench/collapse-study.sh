#!/usr/bin/env bash
# Seed 000's collapse study: the conv VAE exactly as the tutorial writes it (conv 32/64, dense 16,
# latent 2, BCE, no KL warm-up), batch 128, Adam 1e-3, MNIST test images 0..8999, 5 epochs, one run
# per seed, for vae4j (CollapseStudy) and for the libtorch peer (bench/peer-djl), one training at a
# time, then a markdown table of every run (docs/models.md, "Posterior collapse of seed 000").
#   bench/collapse-study.sh            seeds 1-10: vae4j as built, then the peer
#   SEEDS=1-3 INITS="zero-bias he-relu" SKIP_PEER=1 bench/collapse-study.sh
# Environment: SEEDS (default 1-10), INITS (CollapseStudy --init values, default "model": the
#   library's own initialisation), SKIP_PEER=1, SKIP_BUILD=1, VAE4J_MNIST_DIR, THREADS (default 1:
#   OMP_NUM_THREADS of both engines, so that runs on a shared machine do not fight for cores), LOGS
#   (directory of the logs, default a new /tmp/vae4j-collapse.XXXXXX); TABLE_ONLY=1 with LOGS re-prints
#   the table of earlier logs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seeds="${SEEDS:-1-10}"
inits="${INITS:-model}"
mnist="${VAE4J_MNIST_DIR:-/work/shared/datasets/mnist}"
logs="${LOGS:-$(mktemp -d /tmp/vae4j-collapse.XXXXXX)}"
mkdir -p "$logs"
export OMP_NUM_THREADS="${THREADS:-1}"

if [ -z "${TABLE_ONLY:-}" ]; then
  if [ -z "${SKIP_BUILD:-}" ]; then
    (cd "$root" && mvn -B -o -q -Dvae4j.build.suffix=-collapse -pl vae-samples -am package -DskipTests) >&2
  fi
  app="$root/vae-samples/target-collapse"
  for init in $inits; do
    java -cp "$app/vae4j.jar:$app/lib/*" org.vae4j.samples.bench.CollapseStudy --seeds "$seeds" \
      --init "$init" --mnist "$mnist" 2>"$logs/vae4j-$init.err" | tee "$logs/vae4j-$init.log"
  done
  if [ -z "${SKIP_PEER:-}" ]; then
    list=$(echo "$seeds" | tr ',' '\n' | while read -r part; do
      if [[ "$part" == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi; done)
    for s in $list; do
      VAE4J_MNIST_DIR="$mnist" "$root/bench/peer-djl/run.sh" conv 5 --limit 9000 --seed "$s" \
        2>>"$logs/peer.err" | grep --line-buffered '^SUMMARY\|^#' | tee -a "$logs/peer.log"
    done
  fi
fi

# One row per seed and configuration: loss after the last epoch, KL per example and active units
# over the 9,000 images after training, dead units of the 16-unit layer after training.
python3 - "$logs" <<'EOF'
import glob, os, re, sys
logs = sys.argv[1]
def fields(line):
    return dict(re.findall(r'(\w+)=(\S+)', line))
cols = {}
for path in sorted(glob.glob(os.path.join(logs, 'vae4j-*.log'))):
    for line in open(path):
        if line.startswith('RUN '):
            f = fields(line)
            cols.setdefault('vae4j ' + f['init'], {})[int(f['seed'])] = f
peer = os.path.join(logs, 'peer.log')
if os.path.exists(peer):
    for line in open(peer):
        if line.startswith('SUMMARY '):
            f = fields(line)
            cols.setdefault('libtorch peer', {})[int(f['seed'])] = f
order = ['zero-bias', 'torch', 'torch-dense-bias', 'glorot', 'he-relu', 'model']
names = sorted(cols, key=lambda n: (n == 'libtorch peer', order.index(n[6:]) if n[6:] in order else 99, n))
print('| seed | ' + ' | '.join(f'{n}: loss / KL / AU / dead' for n in names) + ' |')
print('|---|' + '---|' * len(names))
seeds = sorted({s for c in cols.values() for s in c})
for s in seeds:
    row = []
    for n in names:
        f = cols[n].get(s)
        if f is None:
            row.append('-'); continue
        cell = f"{float(f['loss_last']):.1f} / {float(f['kl_per_example']):.4f} / {f['active_units']} / {f['dead_units_final']}"
        row.append(f"**{cell}**" if f['active_units'] == '0' else cell)
    print(f'| {s} | ' + ' | '.join(row) + ' |')
summary = []
for n in names:
    runs = list(cols[n].values())
    collapsed = sum(1 for f in runs if f['active_units'] == '0')
    losses = sorted(float(f['loss_last']) for f in runs)
    k = len(losses)
    med = losses[k // 2] if k % 2 else (losses[k // 2 - 1] + losses[k // 2]) / 2
    summary.append(f'{collapsed} of {k} collapsed, median loss {med:.1f}')
print('| **collapsed (AU = 0)** | ' + ' | '.join(summary) + ' |')
EOF
echo "(logs in $logs)" >&2
