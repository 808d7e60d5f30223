#!/usr/bin/env bash
# Trellis next to PyTorch on the same machine, in one run (issue 7).
#
#   benchmarks/peers/run.sh [--threads N] [--reps R] [--samples S] [--max-epoch-seconds T] [--disk-rest D] [--only WORKLOAD...]
#
# Installs what it needs (Debian's python3-torch and python3-numpy, and OpenBLAS: without it PyTorch's sgemm is the
# reference BLAS at about 1 GFLOP/s), builds benchmarks/Trellis.Peers in Release, then for each workload runs Trellis
# and PyTorch alternately (Trellis, PyTorch, Trellis, PyTorch...), R times each, every run in a fresh process, and prints
# one markdown table of the medians. Both sides get the same thread budget N: Trellis runs with Threading.MaxThreads = N;
# PyTorch gets torch.set_num_threads and OMP/MKL/OPENBLAS_NUM_THREADS. PyTorch's intra-op threads and OpenBLAS's own
# pthreads are two separate pools; when both use N cores they oversubscribe them (issue 7 measured two thirds of the
# speed lost). So every workload is timed in every thread mix within the budget (PyTorch: torch N or 1 times BLAS N
# or 1; Trellis: N or 1), and the table compares each side in the mix with its best median, which it names.
# The checkpoint workload waits --disk-rest seconds (default 15) after a sync before each process, so that every
# save starts on a disk that has drained the previous process's writes.
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine for older OpenBLAS builds; they are unset in the
# peer's command line only, and the OpenBLAS kernel that then runs is printed.
set -euo pipefail

THREADS=2
REPS=3
SAMPLES=60000
MAX_EPOCH_SECONDS=90
DISK_REST=15
ONLY=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) THREADS="$2"; shift 2 ;;
    --reps) REPS="$2"; shift 2 ;;
    --samples) SAMPLES="$2"; shift 2 ;;
    --max-epoch-seconds) MAX_EPOCH_SECONDS="$2"; shift 2 ;;
    --disk-rest) DISK_REST="$2"; shift 2 ;;
    --only) shift; while [[ $# -gt 0 && "$1" != --* ]]; do ONLY+=("$1"); shift; done ;;
    *) echo "unknown option $1 (expected --threads, --reps, --samples, --max-epoch-seconds, --disk-rest, --only)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3   # the pyenv python3 on PATH has neither numpy nor torch
PEER="$ROOT/benchmarks/peers/torch_peer.py"
DLL="$ROOT/benchmarks/Trellis.Peers/bin/Release/net10.0/Trellis.Peers.dll"
WORK="$(mktemp -d /tmp/trellis-peers.XXXXXX)"
RESULTS="$WORK/results.txt"
trap 'rm -rf "$WORK"' EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# --- install -------------------------------------------------------------------------------------------------------
need=()
"$PY" -c 'import torch' 2>/dev/null || need+=(python3-torch)
"$PY" -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
[[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]] || need+=(libopenblas0-pthread)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi

log "building Trellis.Peers (Release)"
dotnet build benchmarks/Trellis.Peers -c Release -v q -nologo >&2

# --- the two sides ---------------------------------------------------------------------------------------------------
# trellis THREADS WORKLOAD [args...]; peer TORCH_THREADS BLAS_THREADS WORKLOAD [args...]. Both print RESULT lines.
trellis() { local t="$1" w="$2"; shift 2; dotnet "$DLL" "$w" --threads "$t" --dir "$WORK" "$@"; }
peer() {
  local t="$1" b="$2" w="$3"; shift 3
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$b" OPENBLAS_NUM_THREADS="$b" \
    "$PY" "$PEER" "$w" --threads "$t" --dir "$WORK" "$@"
}
first_value() { awk '/^RESULT/ { print $3; exit }'; }

# Thread mixes within the budget: PyTorch's pool times OpenBLAS's pool; Trellis has one pool.
PEER_MIXES=("$THREADS $THREADS")
TRELLIS_MIXES=("$THREADS")
if [[ "$THREADS" -gt 1 ]]; then PEER_MIXES+=("$THREADS 1" "1 $THREADS" "1 1"); TRELLIS_MIXES+=("1"); fi

# record SIDE MIX: RESULT lines from stdin into the results file.
record() { awk -v side="$1" -v mix="$2" '/^RESULT/ { print side, $2, $3, $4, mix }' >> "$RESULTS"; }

# before_run: called before every run of a workload (the checkpoint workload rests the disk here).
before_run() { :; }

# alternate WORKLOAD [run args...]: REPS rounds; each round runs Trellis in each of its thread mixes, then PyTorch in
# each of its mixes. The table takes, per side, the mix with the best median, so each side is compared in its best mix
# (a short probe picked PyTorch's mix badly: its MLP epochs vary 2-3x between mixes and runs).
alternate() {
  local w="$1"; shift
  local mix
  for ((r = 1; r <= REPS; r++)); do
    for mix in "${TRELLIS_MIXES[@]}"; do
      before_run
      log "$w: rep $r/$REPS trellis (threads $mix) $*"
      trellis $mix "$w" "$@" | record trellis "$mix" || log "$w: trellis run failed"
    done
    for mix in "${PEER_MIXES[@]}"; do
      before_run
      log "$w: rep $r/$REPS peer (torch/BLAS threads ${mix/ /\/}) $*"
      peer $mix "$w" "$@" | record peer "${mix/ /\/}" || log "$w: peer run failed"
    done
  done
}

# measure WORKLOAD: every mix of both sides, alternating, 1 s runs.
measure() { alternate "$1" --seconds 1; }

selected() { [[ ${#ONLY[@]} -eq 0 ]] && return 0; local o; for o in "${ONLY[@]}"; do [[ "$1" == "$o"* ]] && return 0; done; return 1; }

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

if selected fma-peak; then
  # The peak of the whole budget: always N threads.
  for ((r = 1; r <= REPS; r++)); do trellis "$THREADS" fma-peak | record trellis "$THREADS"; done
fi
for w in sgemm-1024x1024x1024 sgemm-scoped-1024x1024x1024 sgemm-512x512x512 sgemm-scoped-512x512x512 sgemm-128x784x128 sgemm-32x784x128 sgemm-32x128x10; do
  selected "$w" && measure "$w"
done

# The MLP epochs: scale both sides to the same smaller sample count if either would take over MAX_EPOCH_SECONDS.
for w in mlp-train-32 mlp-train-128 mlp-train-eager-32 mlp-train-eager-128; do
  b="${w##*-}"
  selected "$w" || continue
  probe_samples=$((b * 20))
  log "$w: probing the epoch length"
  tv=$(trellis "${TRELLIS_MIXES[0]}" "$w" --samples "$probe_samples" | first_value)
  pv=$(peer ${PEER_MIXES[-1]} "$w" --samples "$probe_samples" | first_value)
  n=$(awk -v t="$tv" -v p="$pv" -v s="$SAMPLES" -v m="$MAX_EPOCH_SECONDS" -v b="$b" 'BEGIN {
        slow = (t < p ? t : p); n = s; if (slow > 0 && s / slow > m) n = int(slow * m / b) * b; if (n < 20 * b) n = 20 * b; print n }')
  [[ "$n" != "$SAMPLES" ]] && log "$w: scaled to $n samples (Trellis ${tv}, PyTorch ${pv} samples/s in the probe)"
  echo "samples $w $n" >> "$WORK/samples"
  alternate "$w" --samples "$n"
done

selected mlp-infer-1024 && measure mlp-infer-1024

if selected checkpoint; then
  # Disk-bound: no thread mix to probe; both sides keep the full budget.
  saved_trellis=("${TRELLIS_MIXES[@]}") saved_peer=("${PEER_MIXES[@]}")
  TRELLIS_MIXES=("$THREADS") PEER_MIXES=("$THREADS $THREADS")
  # This VM's disk absorbs a burst of writes, then runs at a third of the speed for several seconds: back to back,
  # 400 MB writes alternated 1.5 and 0.5 GB/s whoever wrote, so the run order decided the ratio. Each process
  # therefore starts on a rested disk (after 10 s, 1.0-1.3 GB/s every time).
  before_run() { sync; sleep "$DISK_REST"; }
  alternate checkpoint --disk-rest "$DISK_REST"  # Trellis rests the disk again before its BypassPageCache save
  before_run() { :; }
  TRELLIS_MIXES=("${saved_trellis[@]}") PEER_MIXES=("${saved_peer[@]}")
fi

CONV=0
if grep -q "public static Tensor Conv2D" src/Trellis/Ops/*.cs 2>/dev/null; then CONV=1; fi
if selected conv2d && [[ $CONV -eq 1 ]]; then measure conv2d; fi

END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
PEER_INFO=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" -c '
import ctypes, torch
lib = ctypes.CDLL("libopenblas.so.0"); lib.openblas_get_corename.restype = ctypes.c_char_p
print("PyTorch %s, OpenBLAS kernel %s" % (torch.__version__, lib.openblas_get_corename().decode()))' 2>/dev/null || echo "PyTorch (OpenBLAS kernel unknown)")

# --- the table -------------------------------------------------------------------------------------------------------
"$PY" - "$RESULTS" "${WORK}/samples" "$THREADS" "$REPS" "$CONV" "$START_DATE" "$START_LOAD" "$END_LOAD" "$PEER_INFO" "$SAMPLES" <<'PYEOF'
import os, statistics, sys
results, samples_file, threads, reps, conv, date, load0, load1, peer_info, default_samples = sys.argv[1:]
values, mixes, runs = {}, {}, {}
if os.path.exists(results):
    for line in open(results):
        side, name, value, unit, mix = line.split()
        runs.setdefault((side, name.split("@")[0]), {}).setdefault(mix, {}).setdefault(name, []).append(float(value))
        values[("unit", name)] = unit
# Each side in its best mix: the mix with the highest median of the workload's own value; its @cpu values go with it.
for (side, name), by_mix in runs.items():
    best = max(by_mix, key=lambda m: statistics.median(by_mix[m].get(name, [0.0])))
    mixes[(side, name)] = best
    for key, v in by_mix[best].items():
        values[(side, key)] = v
samples = {}
if os.path.exists(samples_file):
    for line in open(samples_file):
        _, w, n = line.split()
        samples[w] = int(n)

def med(side, name):
    v = values.get((side, name))
    return statistics.median(v) if v else None

def fmt(v):
    if v is None:
        return "—"
    return "{:,.0f}".format(v) if v >= 100 else "{:.1f}".format(v) if v >= 10 else "{:.2f}".format(v)

rows = [
    ("fma-peak", "FMA peak, Vector512 FMA loop, %s threads (wall clock)" % threads),
    ("fma-peak-cpu", "FMA peak, same loop (CPU time × threads)"),
    ("sgemm-1024x1024x1024", "SGEMM 1024×1024×1024"),
    ("sgemm-scoped-1024x1024x1024", "SGEMM 1024³, each call in a TensorScope (PyTorch a @ b again)"),
    ("sgemm-512x512x512", "SGEMM 512×512×512"),
    ("sgemm-scoped-512x512x512", "SGEMM 512³, each call in a TensorScope (PyTorch a @ b again)"),
    ("sgemm-128x784x128", "SGEMM 128×784×128 (M×K×N)"),
    ("sgemm-32x784x128", "SGEMM 32×784×128"),
    ("sgemm-32x128x10", "SGEMM 32×128×10"),
    ("mlp-train-32", "MLP 784-128-10 train, Adam, batch 32, 1 epoch"),
    ("mlp-train-128", "MLP 784-128-10 train, Adam, batch 128, 1 epoch"),
    ("mlp-train-eager-32", "MLP train, batch 32, Trellis runEagerly (PyTorch eager again)"),
    ("mlp-train-eager-128", "MLP train, batch 128, Trellis runEagerly (PyTorch eager again)"),
    ("mlp-infer-1024", "MLP inference, batch 1024"),
    ("checkpoint-save", "Checkpoint save, 100M float32 + fsync"),
    ("checkpoint-restore", "Checkpoint restore, 100M float32"),
    ("raw-write", "Raw write of the same 400 MB + fsync"),
    ("checkpoint-save-direct", "Checkpoint save with BypassPageCache (PyTorch: torch.save again)"),
    ("conv2d", "Conv2D 3×3 fwd+bwd, 32×28×28×32→32"),
]
print("| workload | Trellis | PyTorch | unit | ratio (Trellis/PyTorch) | ratio per CPU-second | threads: Trellis; PyTorch torch/BLAS |")
print("|---|---:|---:|---|---:|---:|---|")
for key, label in rows:
    if key == "conv2d" and conv != "1":
        print("| %s | n/a (no Conv2D yet) | | | | | |" % label)
        continue
    peer_key = {"checkpoint-save-direct": "checkpoint-save"}.get(key, key)  # PyTorch has no such option
    t, p = med("trellis", key), med("peer", peer_key)
    if t is None and p is None:
        continue
    if key in samples:
        n = samples[key]
        label += " (%s samples)" % "{:,}".format(n) if n == int(default_samples) else " (scaled to %s samples on both sides)" % "{:,}".format(n)
    ratio = "%.2f×" % (t / p) if t and p else "—"
    mix = "%s; %s" % (mixes.get(("trellis", key), "—"), mixes.get(("peer", peer_key), "—"))
    tc, pc = med("trellis", key + "@cpu"), med("peer", key + "@cpu")
    cpu_ratio = "%.2f×" % (tc / pc) if tc and pc else "—"
    print("| %s | %s | %s | %s | %s | %s | %s |" % (label, fmt(t), fmt(p), values.get(("unit", key), ""), ratio, cpu_ratio, mix))
print()
for key, what in (("fma-peak", "wall-clock"), ("fma-peak-cpu", "CPU-time")):
    peak = med("trellis", key)
    for gemm, how in (("sgemm-1024x1024x1024", ""), ("sgemm-scoped-1024x1024x1024", ", each call in a TensorScope")):
        tg, pg = med("trellis", gemm), med("peer", gemm)
        if peak and tg and pg:
            print("SGEMM 1024³%s as a share of the %s FMA peak (%.0f GFLOP/s): Trellis %.0f%%, PyTorch %.0f%%."
                  % (how, what, peak, 100 * tg / peak, 100 * pg / peak))
print("Medians of %s runs per side and thread mix, alternating Trellis and PyTorch, each run a fresh process; at most %s threads per side; each side in its best mix (named in the last column)." % (reps, threads))
print("Ratio per CPU-second: work per second of process CPU time (all threads, spinning included), Trellis over PyTorch;"
      " far less sensitive to a loaded machine than wall time, but not a throughput.")
print("%s; %s. Load average at start %s, at end %s." % (date, peer_info, load0, load1))
PYEOF
