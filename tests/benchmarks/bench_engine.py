"""Engine benchmarks against micrograd 0.1.0, run in the same process.

Run with ``make bench`` (which installs micrograd 0.1.0). Reports, for each
workload, the median time of chainrule and micrograd over paired, alternated
runs and the median of the paired ratios; and the memory per Value.

Workloads (fine-grained graphs, one node per ``*`` and ``+``, constants
included, as micrograd builds them):

- chain: ``v = v*0.999 + 0.001``, 20,000 steps, forward + backward.
- mlp: micrograd's moons demo step — MLP 2-16-16-1 from per-weight products,
  100 points, hinge loss + 1e-4 L2, forward + backward + SGD.
- fused: the same step done the way ``nets.fit`` does it by default — one
  ``nets.fit`` epoch (full batch, one step) of ``nets.MLP(2, [16, 16, 1])``
  (fused neurons: one ``dot`` node per o) on the same 100 points — against
  micrograd's step.
- memory: tracemalloc bytes held after the chain's forward pass / Values made.
- no_grad: the chain's forward pass with and without ``autograd.no_grad()``.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import autograd

CHAIN_STEPS = 20_000
REPEATS = 7


def chain(V: type) -> None:
    v = V(1.0)
    for _ in range(CHAIN_STEPS):
        v = v * 0.999 + 0.001
    v.backward()


def _mlp_params(V: type, rng: random.Random) -> list:
    sizes = [2, 16, 16, 1]
    layers = []
    for nin, nout in zip(sizes, sizes[1:]):
        layers.append([([V(rng.uniform(-1, 1)) for _ in range(nin)], V(0.0)) for _ in range(nout)])
    return layers


def _moons(n: int, rng: random.Random) -> tuple[list, list]:
    import math

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


def make_mlp_step(V: type) -> Callable[[], None]:
    rng = random.Random(0)
    layers = _mlp_params(V, rng)
    params = [p for layer in layers for w, b in layer for p in (*w, b)]
    X, y = _moons(100, rng)

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


def make_fused_step() -> Callable[[], None]:
    import numpy as np

    import nets

    rng = random.Random(0)
    X, y = _moons(100, rng)
    X = np.array(X)
    labels = (np.array(y) > 0).astype(int)  # nets.losses.hinge takes labels {0, 1}
    model = nets.MLP(2, [16, 16, 1], seed=0)
    opt = nets.SGD(model.parameters(), lr=0.01)

    def step() -> None:
        nets.fit(model, X, labels, loss=nets.hinge, optimizer=opt, epochs=1, l2=1e-4, progress=False)

    return step


def timed(fn: Callable[[], None]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def compare(name: str, ours: Callable[[], None], theirs: Callable[[], None], target: float) -> None:
    ta, tb, ratios = [], [], []
    for _ in range(REPEATS):
        a = timed(ours)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 100_000))  # micrograd's recursive toposort only
        try:
            b = timed(theirs)
        finally:
            sys.setrecursionlimit(limit)
        ta.append(a)
        tb.append(b)
        ratios.append(b / a)
    r = statistics.median(ratios)
    verdict = "ok" if r >= target else "BELOW TARGET"
    print(
        f"{name:6s} chainrule {statistics.median(ta) * 1e3:8.2f} ms   "
        f"micrograd {statistics.median(tb) * 1e3:8.2f} ms   "
        f"speed-up x{r:5.2f} (median of {REPEATS} paired ratios; target >= {target}) {verdict}"
    )


def memory_per_value(V: type = autograd.Value) -> float:
    """tracemalloc bytes held after the chain's forward pass, per Value created (constants included)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    v = V(1.0)
    for _ in range(CHAIN_STEPS):
        v = v * 0.999 + 0.001
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    created = 1 + 4 * CHAIN_STEPS  # per step: a const, the product, a const, the sum
    if V is autograd.Value:
        assert len(autograd.topological_order(v)) == created
    del v
    gc.collect()
    return held / created


def chain_forward() -> None:
    v = autograd.Value(1.0)
    for _ in range(CHAIN_STEPS):
        v = v * 0.999 + 0.001


def no_grad_speedup() -> None:
    def without() -> None:
        with autograd.no_grad():
            chain_forward()

    ta, tb = [], []
    for _ in range(REPEATS):
        ta.append(timed(chain_forward))
        tb.append(timed(without))
    a, b = statistics.median(ta), statistics.median(tb)
    print(f"no_grad chain forward {a * 1e3:.2f} ms recording, {b * 1e3:.2f} ms under no_grad (x{a / b:.2f})")


def main() -> None:
    try:
        from micrograd.engine import Value as MValue
    except ImportError:
        sys.exit("micrograd 0.1.0 is needed: pip install micrograd==0.1.0 (make bench does)")
    print(f"python {sys.version.split()[0]}; {REPEATS} paired runs each")
    compare("chain", lambda: chain(autograd.Value), lambda: chain(MValue), 7.0)
    compare("mlp", make_mlp_step(autograd.Value), make_mlp_step(MValue), 6.0)
    compare("fused", make_fused_step(), make_mlp_step(MValue), 6.0)
    per, theirs = memory_per_value(), memory_per_value(MValue)
    print(f"memory {per:6.1f} bytes per Value after the chain's forward pass (target <= 150)", end="; ")
    print(f"micrograd {theirs:.0f}")
    no_grad_speedup()


if __name__ == "__main__":
    main()
