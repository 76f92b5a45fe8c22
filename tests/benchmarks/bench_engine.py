"""Engine benchmarks against micrograd 0.1.0 (and PyTorch when installed); ``make bench`` prints one table.

Method (issue 14): micrograd 0.1.0 on Python floats, the default GC thresholds,
in a process that has not imported torch; ``gc.collect()`` before each timed
run; the runs of a comparison alternated (micrograd, then each engine, in
rounds) and the median of the paired ratios reported with the median times.
PyTorch runs in a subprocess of its own (after ``gc.freeze()``), against the
matrix engine in that process, as a ratio of its own. numpy's BLAS and PyTorch
both run on one thread.

Rows:

- W, micrograd's moons demo step: MLP 2-16-16-1 (relu hidden, linear output),
  100 points, hinge loss + 1e-4 L2, forward + backward + SGD, done by
  micrograd; by chainrule's Values with micrograd's own code (fine-grained: one
  node per ``*`` and ``+``); and by ``nets.fit`` with each engine (default
  "scalar", "tape", "matrix"). A fit engine's step is its steady step, the mean
  of ``History.seconds`` over a run of several epochs (one step each); the
  tape's one-off cost (trace, compile, check) is shown on its own row.
- PyTorch eager (float64, 1 thread, the batch as one tensor) on the same step.
- scaling: default, tape and matrix over width 8/16/32/64 (MLP 2-w-w-1) and
  batch 10/100/1,000: microseconds per sample per step (must stay flat or fall
  along the batch).
- chains ``v = v*0.999 + 0.001`` of 10^4, 10^5 and 10^6 nodes (Values made,
  constants included), forward + backward: nanoseconds per node (must not grow).
- bytes per Value held after the chain's forward pass (tracemalloc), against micrograd.
- peak memory (tracemalloc) in each 100-step window over 1,000 ``fit`` steps of
  W, per engine (must not grow).
"""

from __future__ import annotations

import gc
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

# One BLAS thread, as PyTorch gets one thread: set before numpy is first imported. (Two threads gain nothing
# on matrices this small, and on a busy machine their hand-offs made the matrix engine 2-3x slower.)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROUNDS = 7
TARGETS = {"default": 35.0, "tape": 300.0, "matrix": 1000.0}
ROWS: list[tuple[str, ...]] = []  # the one table: (section, workload, time, per unit, ratio, target, verdict)


def row(*cells: str) -> None:
    ROWS.append(tuple(cells))


# -- W: micrograd's moons step ------------------------------------------------------------------------


def moons(n: int, rng: random.Random) -> tuple[list, list]:
    X, y = [], []
    for i in range(n):
        t = math.pi * rng.random()
        if i % 2:
            X.append([math.cos(t) + rng.gauss(0, 0.1), math.sin(t) + rng.gauss(0, 0.1)])
            y.append(1.0)
        else:
            X.append([1 - math.cos(t) + rng.gauss(0, 0.1), 0.5 - math.sin(t) + rng.gauss(0, 0.1)])
            y.append(-1.0)
    return X, y


def make_mlp_step(V: type, width: int = 16, n: int = 100) -> Callable[[], None]:
    """micrograd's demo step, written as micrograd writes it (per-weight products), on the Value class V."""
    rng = random.Random(0)
    sizes = [2, width, width, 1]
    layers = [
        [([V(rng.uniform(-1, 1)) for _ in range(nin)], V(0.0)) for _ in range(nout)]
        for nin, nout in zip(sizes, sizes[1:])
    ]
    params = [p for layer in layers for w, b in layer for p in (*w, b)]
    X, y = moons(n, rng)

    def forward(x: list):
        for k, layer in enumerate(layers):
            last = k == len(layers) - 1
            out = []
            for w, b in layer:
                act = b
                for wi, xi in zip(w, x):
                    act = act + wi * xi
                out.append(act if last else act.relu())
            x = out
        return x[0]

    def step() -> None:
        scores = [forward(x) for x in X]
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in params)
        total = data_loss + reg_loss
        for p in params:
            p.grad = 0.0
        total.backward()
        for p in params:
            p.data -= 0.01 * p.grad

    return step


def w_problem(width: int = 16, n: int = 100):
    import numpy as np

    import nets

    X, y = moons(n, random.Random(0))
    X = np.array(X)
    labels = (np.array(y) > 0).astype(int)  # nets.losses.hinge takes labels {0, 1}
    model = nets.MLP(2, [width, width, 1], seed=0)
    return model, X, labels


def make_fit(engine: str, epochs: int, width: int = 16, n: int = 100) -> Callable[[], float]:
    """A run of ``nets.fit`` on W; returns its steady step time (the mean epoch time, one step per epoch)."""
    import nets

    model, X, labels = w_problem(width, n)
    opt = nets.SGD(model.parameters(), lr=0.01)

    def run() -> float:
        h = nets.fit(model, X, labels, loss=nets.hinge, optimizer=opt, epochs=epochs, l2=1e-4,
                     progress=False, engine=engine)
        return sum(h.seconds) / epochs

    return run


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def timed_step(fn: Callable[[], float]) -> float:
    gc.collect()
    return fn()


def w_rows() -> None:
    from micrograd.engine import Value as MValue

    import autograd

    mine = make_mlp_step(autograd.Value)
    theirs = make_mlp_step(MValue)
    engines = {
        "default": make_fit("scalar", 3), "tape": make_fit("tape", 20), "matrix": make_fit("matrix", 300),
    }
    times: dict[str, list[float]] = {k: [] for k in ["micrograd", "fine-grained", *engines]}
    ratios: dict[str, list[float]] = {k: [] for k in ["fine-grained", *engines]}
    limit = sys.getrecursionlimit()
    for _ in range(ROUNDS):
        sys.setrecursionlimit(max(limit, 100_000))  # micrograd's recursive topological sort only
        try:
            m = timed(theirs)
        finally:
            sys.setrecursionlimit(limit)
        times["micrograd"].append(m)
        t = timed(mine)
        times["fine-grained"].append(t)
        ratios["fine-grained"].append(m / t)
        for name, run in engines.items():
            t = timed_step(run)
            times[name].append(t)
            ratios[name].append(m / t)
    med = {k: statistics.median(v) for k, v in times.items()}
    row("**W**: micrograd's moons step (MLP 2-16-16-1, 100 points, hinge + 1e-4 L2, fwd + bwd + SGD)",
        "", "", "", "", "")
    row("W", "micrograd 0.1.0", f"{med['micrograd'] * 1e3:.1f} ms", "", "1x", "", "")
    labels = {
        "fine-grained": "chainrule Values, micrograd's code (one node per * and +)",
        "default": 'nets.fit, engine="scalar" (the default)',
        "tape": 'nets.fit, engine="tape"',
        "matrix": 'nets.fit, engine="matrix"',
    }
    for name, label in labels.items():
        r = statistics.median(ratios[name])
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if r >= target else "BELOW TARGET")
        row("W", label, _ms(med[name]), "", f"{r:,.0f}x" if r >= 100 else f"{r:.1f}x",
            "" if target is None else f">= {target:,.0f}x", verdict)
    setup = _tape_setup()
    row("W", "tape: trace + compile + check, once per fit", _ms(setup), "", "", "", "")


def _ms(seconds: float) -> str:
    ms = seconds * 1e3
    return f"{ms:.3f} ms" if ms < 1 else (f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms")


def _tape_setup() -> float:
    import numpy as np

    from nets import hinge
    from nets.optim import SGD
    from nets.tape_engine import TapeEngine

    model, X, _ = w_problem()
    ts = []
    for _ in range(3):
        gc.collect()
        t0 = time.perf_counter()
        engine = TapeEngine(model, hinge, 1e-4, SGD(model.parameters(), lr=0.01))
        engine.tape.source(input_grads=False)
        engine.check(np.asarray(X))
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


# -- PyTorch, in a process of its own -------------------------------------------------------------------


def torch_child() -> None:
    """Run in the subprocess: PyTorch eager on W against the matrix engine, alternated; prints JSON."""
    import numpy as np
    import torch

    gc.freeze()  # torch's own objects: out of the collector's way for both sides
    torch.set_num_threads(1)
    model, X, labels = w_problem()
    seq = torch.nn.Sequential(
        torch.nn.Linear(2, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 16), torch.nn.ReLU(),
        torch.nn.Linear(16, 1),
    ).double()
    Xt = torch.from_numpy(np.asarray(X, dtype=np.float64))
    st = torch.from_numpy(2.0 * labels - 1.0)
    opt = torch.optim.SGD(seq.parameters(), lr=0.01)
    params = list(seq.parameters())
    steps = 300

    def torch_run() -> float:
        t0 = time.perf_counter()
        for _ in range(steps):
            opt.zero_grad()
            scores = seq(Xt).squeeze(1)
            loss = torch.relu(1.0 - st * scores).mean() + 1e-4 * sum((p * p).sum() for p in params)
            loss.backward()
            opt.step()
        return (time.perf_counter() - t0) / steps

    matrix = make_fit("matrix", steps)
    torch_run()
    matrix()  # warm up both
    tt, tm, ratios = [], [], []
    for _ in range(ROUNDS):
        a = timed_step(torch_run)
        b = timed_step(matrix)
        tt.append(a)
        tm.append(b)
        ratios.append(a / b)
    print(json.dumps({
        "torch": torch.__version__, "torch_s": statistics.median(tt), "matrix_s": statistics.median(tm),
        "ratio": statistics.median(ratios),
    }))


def torch_rows() -> None:
    try:
        import importlib.util

        if importlib.util.find_spec("torch") is None:
            row("W", "PyTorch eager: not installed (pip install 'chainrule[torch]')", "", "", "", "", "")
            return
    except ImportError:
        return
    out = subprocess.run([sys.executable, __file__, "--torch"], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        row("W", f"PyTorch eager: failed ({out.stderr.strip().splitlines()[-1:]})", "", "", "", "", "")
        return
    res = json.loads(out.stdout.strip().splitlines()[-1])
    r = res["ratio"]
    row("W", f"PyTorch {res['torch']} eager (float64, 1 thread, batched), its own process",
        _ms(res["torch_s"]), "", "", "", "")
    row("W", "  matrix engine in that process, and PyTorch's time / matrix's", _ms(res["matrix_s"]), "",
        f"torch / matrix = {r:.1f}x", "> 1x", "ok" if r > 1.0 else "BELOW TARGET")


# -- scaling ------------------------------------------------------------------------------------------------


def scaling_rows() -> None:
    row("**scaling**: µs per sample per step, MLP 2-w-w-1, full batch of b (flat or falling along b)",
        "", "", "", "", "")
    epochs = {"scalar": {10: 5, 100: 2, 1000: 1}, "tape": {10: 20, 100: 10, 1000: 3},
              "matrix": {10: 200, 100: 100, 1000: 30}}
    names = {"scalar": "default", "tape": "tape", "matrix": "matrix"}
    for engine in ("scalar", "tape", "matrix"):
        for width in (8, 16, 32, 64):
            per = []
            for b in (10, 100, 1000):
                if engine == "scalar" and width * b > 32 * 1000:
                    e = 1
                else:
                    e = epochs[engine][b]
                run = make_fit(engine, e, width=width, n=b)
                reps = 2 if engine == "scalar" and width * b >= 16_000 else 3
                per.append(statistics.median(timed_step(run) for _ in range(reps)) / b)
            flat = all(later <= earlier * 1.15 for earlier, later in zip(per, per[1:]))
            cells = "   ".join(f"b={b}: {p * 1e6:,.2f}" for b, p in zip((10, 100, 1000), per))
            row("scaling", f"{names[engine]}, width {width}", cells, "µs/sample", "", "flat or falling",
                "ok" if flat else "GROWS")


# -- chains ------------------------------------------------------------------------------------------


def chain(V: type, steps: int, paused: bool = False) -> tuple[float, float]:
    """(forward, backward) seconds of the chain; ``paused``: the cyclic GC off during the forward loop."""
    gc.collect()
    if paused:
        gc.disable()
    try:
        t0 = time.perf_counter()
        v = V(1.0)
        for _ in range(steps):
            v = v * 0.999 + 0.001
        t1 = time.perf_counter()
    finally:
        gc.enable()
    v.backward()
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1


def chain_rows() -> None:
    import autograd

    row("**chains**: v = v*0.999 + 0.001, forward + backward (4 Values per step, constants included)",
        "", "", "", "", "")
    first: dict[str, float] = {}
    for nodes in (10**4, 10**5, 10**6):
        steps = nodes // 4
        reps = 3 if nodes < 10**6 else 2
        runs = [chain(autograd.Value, steps) for _ in range(reps)]
        fwd = statistics.median(f for f, _ in runs) / nodes
        bwd = statistics.median(b for _, b in runs) / nodes
        quiet = statistics.median(chain(autograd.Value, steps, paused=True)[0] for _ in range(reps)) / nodes
        per = {"total": fwd + bwd, "backward": bwd, "quiet": quiet + bwd}
        first = first or per
        grows = [k for k in per if per[k] > first[k] * 1.25]
        verdict = "ok" if not grows else ("GROWS (the cyclic GC)" if grows == ["total"] else "GROWS")
        row("chain", f"{nodes:,} nodes", _ms(nodes * (fwd + bwd)),
            f"{(fwd + bwd) * 1e9:.0f} ns/node: forward {fwd * 1e9:.0f} (GC paused: {quiet * 1e9:.0f}), "
            f"backward {bwd * 1e9:.0f}", "", "must not grow", verdict)


def memory_per_value(V: type, steps: int = 20_000) -> float:
    """tracemalloc bytes held after the chain's forward pass, per Value created (constants included)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    v = V(1.0)
    for _ in range(steps):
        v = v * 0.999 + 0.001
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del v
    gc.collect()
    return held / (1 + 4 * steps)


def memory_rows() -> None:
    from micrograd.engine import Value as MValue

    import autograd

    ours, theirs = memory_per_value(autograd.Value), memory_per_value(MValue)
    row("**memory**", "", "", "", "", "")
    row("memory", "bytes per Value after the chain's forward pass", f"{ours:.0f} B", "",
        f"micrograd {theirs:.0f} B", "<= 150 B", "ok" if ours <= 150 else "ABOVE TARGET")
    for engine in ("scalar", "tape", "matrix"):
        peaks = peak_memory(engine)
        first, last = peaks[0], peaks[-1]
        grows = last > first * 1.1 + 150 * 1000  # History itself keeps ~130 bytes per epoch
        row("memory", f"peak over 1,000 fit steps of W, engine={engine!r}",
            f"{first / 1e6:.2f} MB first 100 steps", f"{last / 1e6:.2f} MB last 100", "",
            "must not grow", "GROWS" if grows else "ok")


def peak_memory(engine: str, steps: int = 1000, window: int = 100) -> list[int]:
    """tracemalloc's peak within each ``window`` of ``steps`` fit steps on W (above the start)."""
    import nets

    model, X, labels = w_problem()
    opt = nets.SGD(model.parameters(), lr=0.01)
    peaks: list[int] = []

    def record(epoch: int, history: object) -> None:
        if (epoch + 1) % window == 0:
            peaks.append(tracemalloc.get_traced_memory()[1] - base)
            tracemalloc.reset_peak()

    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    try:
        nets.fit(model, X, labels, loss=nets.hinge, optimizer=opt, epochs=steps, l2=1e-4, progress=False,
                 engine=engine, callbacks=[record])
    finally:
        tracemalloc.stop()
    return peaks


# -- the table ---------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import numpy as np

    return (f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
            f"CPython {platform.python_version()}, numpy {np.__version__}")


def print_table() -> None:
    print("| workload | time | per unit | ratio | target | |")
    print("|---|---|---|---|---|---|")
    for cells in ROWS:
        if cells[0].startswith("**"):
            print(f"| {cells[0]} | | | | | |")
        else:
            print("| " + " | ".join(cells[1:]) + " |")


def main() -> None:
    if "--torch" in sys.argv:
        torch_child()
        return
    try:
        import micrograd.engine  # noqa: F401
    except ImportError:
        sys.exit("micrograd 0.1.0 is needed: pip install micrograd==0.1.0 (make bench does)")
    assert "torch" not in sys.modules, "the benchmark's own process must not import torch"
    start = time.perf_counter()
    print(f"machine: {machine()}; micrograd 0.1.0; {ROUNDS} alternated rounds, medians", flush=True)
    w_rows()
    torch_rows()
    scaling_rows()
    chain_rows()
    memory_rows()
    print_table()
    print(f"(the whole benchmark took {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
