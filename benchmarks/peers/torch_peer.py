#!/usr/bin/python3
"""PyTorch side of the peer comparison (issue 7): the same workloads as benchmarks/Trellis.Peers.

Usage: torch_peer.py <workload> [--threads N] [--samples N] [--dir PATH] [--seconds S]
Prints lines `RESULT name value unit`, exactly as Trellis.Peers does. Thread counts of the BLAS library are set by the
caller through the environment (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS) before this process starts;
here only torch's own intra-op pool is sized (and its inter-op pool kept at 1, since nothing here runs ops in parallel).
"""
import argparse
import os
import shutil
import statistics
import sys
import time

import torch
import torch.nn.functional as F


LAST = {"wall": 0.0, "cpu": 0.0}  # per call, of the last measurement (as Timing.LastWall/LastCpu in Trellis.Peers)


def timed(fn):
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    LAST["wall"], LAST["cpu"] = time.perf_counter() - t0, time.process_time() - c0
    return LAST["wall"]


def median_call_seconds(fn, budget):
    """Same chunking as Timing.MedianCallSeconds in Trellis.Peers: warm-up, chunks of >= 20 ms, median per call."""
    start = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - start < 0.2:
        fn()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    chunk = max(1, int(0.02 / per_call + 0.999999))
    times = []
    cpu0 = time.process_time()
    total = time.perf_counter()
    while len(times) < 5 or time.perf_counter() - total < budget:
        t0 = time.perf_counter()
        for _ in range(chunk):
            fn()
        times.append((time.perf_counter() - t0) / chunk)
    LAST["cpu"] = (time.process_time() - cpu0) / (len(times) * chunk)
    LAST["wall"] = statistics.median(times)
    # The fastest chunk goes to stderr as a diagnostic, as in Trellis.Peers.
    print("# per call: median %.2f us, fastest %.2f us, chunks %d x %d"
          % (statistics.median(times) * 1e6, min(times) * 1e6, len(times), chunk), file=sys.stderr)
    return statistics.median(times)


def sgemm(m, k, n, seconds):
    g = torch.Generator().manual_seed(1)
    a = torch.rand(m, k, generator=g) * 2 - 1
    b = torch.rand(k, n, generator=g) * 2 - 1
    per_call = median_call_seconds(lambda: a @ b, seconds)
    return 2.0 * m * n * k / per_call / 1e9


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def data(samples):
    g = torch.Generator().manual_seed(3)
    x = torch.rand(samples, 784, generator=g)
    labels = torch.randint(0, 10, (samples,), generator=g)
    y = F.one_hot(labels, 10).float()
    return x, y


def train_epoch(model, opt, x, y, batch_size):
    """One epoch as a plain PyTorch loop: shuffle, step, read the loss every step (as Keras's fit logs it)."""
    n = x.shape[0]
    order = torch.randperm(n)
    total = 0.0
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        xb, yb = x[idx], y[idx]
        opt.zero_grad()
        # Categorical crossentropy of softmax outputs against one-hot targets, fused as PyTorch users write it.
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item()
    return total


def mlp_train(batch_size, samples):
    torch.manual_seed(0)
    x, y = data(samples)
    model = mlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    warm = min(samples, batch_size * 20)
    train_epoch(model, opt, x[:warm], y[:warm], batch_size)
    return samples / timed(lambda: train_epoch(model, opt, x, y, batch_size))


def mlp_infer(batch_size, seconds):
    torch.manual_seed(0)
    x, _ = data(batch_size)
    model = mlp().eval()

    def run():
        with torch.no_grad():
            return torch.softmax(model(x), dim=1)

    return batch_size / median_call_seconds(run, seconds)


def checkpoint(directory):
    d = os.path.join(directory, "torch-%d" % os.getpid())
    os.makedirs(d, exist_ok=True)
    try:
        g = torch.Generator().manual_seed(0)
        # Untimed warm-up with the same 100 entries at 1,000 elements, as Trellis.Peers does: steady state, not the
        # first call's one-time costs.
        warm = os.path.join(d, "warm-up.pt")
        with open(warm, "wb") as f:
            torch.save({"v%d" % i: torch.rand(1_000, generator=g) for i in range(100)}, f)
            f.flush()
            os.fsync(f.fileno())
        assert len(torch.load(warm)) == 100
        state = {"v%d" % i: torch.rand(1_000_000, generator=g) for i in range(100)}
        megabytes = 100 * 1_000_000 * 4 / 1e6
        path = os.path.join(d, "ckpt.pt")
        raw = os.path.join(d, "raw.bin")

        t0 = time.perf_counter()
        with open(path, "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())
        save = time.perf_counter() - t0

        t0 = time.perf_counter()
        loaded = torch.load(path)
        restore = time.perf_counter() - t0
        assert len(loaded) == 100

        t0 = time.perf_counter()
        with open(raw, "wb", buffering=1 << 20) as f:
            for v in state.values():
                f.write(memoryview(v.numpy()))
            f.flush()
            os.fsync(f.fileno())
        raw_seconds = time.perf_counter() - t0
        return [("checkpoint-save", megabytes / save, "MB/s"),
                ("checkpoint-restore", megabytes / restore, "MB/s"),
                ("raw-write", megabytes / raw_seconds, "MB/s")]
    finally:
        shutil.rmtree(d, ignore_errors=True)


def conv2d(seconds):
    g = torch.Generator().manual_seed(5)
    x = (torch.rand(32, 32, 28, 28, generator=g) * 2 - 1).requires_grad_()
    w = ((torch.rand(32, 32, 3, 3, generator=g) * 2 - 1) * 0.1).requires_grad_()

    def run():
        x.grad = None
        w.grad = None
        F.conv2d(x, w, padding=1).sum().backward()

    return 32 / median_call_seconds(run, seconds)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--samples", type=int, default=60_000)
    p.add_argument("--dir", default="/tmp/trellis-peers")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--disk-rest", type=float, default=15.0)  # Trellis's rest before its BypassPageCache save; unused here
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    w = a.workload
    if w.startswith("sgemm-"):
        # sgemm-scoped-MxKxN is Trellis's TensorScope variant; PyTorch frees a @ b's output by refcount either way.
        dims = w[len("sgemm-"):]
        dims = dims[len("scoped-"):] if dims.startswith("scoped-") else dims
        m, k, n = (int(s) for s in dims.split("x"))
        results = [(w, sgemm(m, k, n, a.seconds), "GFLOP/s")]
    elif w.startswith("mlp-train-"):
        # mlp-train-eager-N is Trellis's runEagerly variant; PyTorch has one (eager) way, measured again beside it.
        results = [(w, mlp_train(int(w.rsplit("-", 1)[1]), a.samples), "samples/s")]
    elif w == "mlp-infer-1024":
        results = [(w, mlp_infer(1024, a.seconds), "samples/s")]
    elif w == "checkpoint":
        results = checkpoint(a.dir)
    elif w == "conv2d":
        results = conv2d(a.seconds)
        results = [(w, results, "samples/s")]
    else:
        raise SystemExit("unknown workload %r" % w)
    if w not in ("checkpoint",) and len(results) == 1 and LAST["cpu"] > 0:
        name, value, unit = results[0]
        results.append((name + "@cpu", value * LAST["wall"] / LAST["cpu"], unit))
    for name, value, unit in results:
        print("RESULT %s %.6g %s" % (name, value, unit))


if __name__ == "__main__":
    main()
