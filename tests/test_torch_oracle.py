"""PyTorch as an independent oracle: every built-in op's value, first and second derivatives.

For each op of the registry, at random points of its sample domain (and at its edges: large
arguments, 0 ** 0, relu and abs at 0), the value and the first and second derivatives from
``autograd.grad(..., create_graph=True)`` equal torch's (float64) to 1e-12 relative. A new
built-in op must get an entry in ``TORCH`` below. Skips when torch is not installed; set
CHAINRULE_REQUIRE_TORCH=1 (as .ci/run does after installing torch) to make that a failure.
"""

from __future__ import annotations

import os
import random

import pytest

import autograd

if os.environ.get("CHAINRULE_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install 'chainrule[torch]')")

F = torch.nn.functional if torch is not None else None

#: op name -> the same function written with torch
TORCH = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "neg": lambda x: -x,
    "**": lambda x, y: x**y,
    "sign": torch.sign,
    "step": lambda x: (x > 0).double(),  # piecewise constant: no derivative (torch.heaviside has none)
    "abs": torch.abs,
    "exp": torch.exp,
    "log": torch.log,
    "log1p": torch.log1p,
    "sqrt": torch.sqrt,
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
    "relu": torch.relu,
    "sin": torch.sin,
    "cos": torch.cos,
    "softplus": F.softplus,
    "log_sigmoid": F.logsigmoid,
}
BUILTIN = sorted(n for n, op in autograd.REGISTRY.items() if op.builtin and n != "dot")


def test_every_builtin_op_has_a_torch_counterpart():
    assert sorted(TORCH) == BUILTIN


def _points(op: autograd.OpDef, rng: random.Random, k: int = 6) -> list[tuple[float, ...]]:
    domain = op.domain if isinstance(op.domain[0], tuple) else (op.domain,) * op.arity
    return [tuple(rng.uniform(lo, hi) for lo, hi in domain) for _ in range(k)]


def _ours(name: str, xs: tuple[float, ...]) -> tuple[float, list[float], list[list[float]]]:
    vs = [autograd.Value(x) for x in xs]
    out = autograd.REGISTRY[name].function(*vs)
    first = autograd.grad(out, vs, create_graph=True)
    second = [
        [float(g) for g in autograd.grad(d, vs)] if isinstance(d, autograd.Value) else [0.0] * len(vs)
        for d in first
    ]
    return out.data, [float(d) for d in first], second


def _theirs(name: str, xs: tuple[float, ...]) -> tuple[float, list[float], list[list[float]]]:
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
    out = TORCH[name](*ts)
    if not out.requires_grad:  # sign, step: piecewise constant
        n = len(ts)
        return out.item(), [0.0] * n, [[0.0] * n for _ in range(n)]
    first = torch.autograd.grad(out, ts, create_graph=True, allow_unused=True)
    second = []
    for d in first:
        if d is None or not d.requires_grad:
            second.append([0.0] * len(ts))
            continue
        row = torch.autograd.grad(d, ts, allow_unused=True)
        second.append([0.0 if r is None else r.item() for r in row])
    return out.item(), [0.0 if d is None else d.item() for d in first], second


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b)) + 1e-300


@pytest.mark.parametrize("name", BUILTIN)
def test_value_and_two_orders_of_derivatives_match_torch(name):
    op = autograd.REGISTRY[name]
    for xs in _points(op, random.Random(name)):
        ours, theirs = _ours(name, xs), _theirs(name, xs)
        assert _same(ours[0], theirs[0]), (name, xs, "value", ours[0], theirs[0])
        assert all(map(_same, ours[1], theirs[1])), (name, xs, "first", ours[1], theirs[1])
        for row_ours, row_theirs in zip(ours[2], theirs[2]):
            assert all(map(_same, row_ours, row_theirs)), (name, xs, "second", ours[2], theirs[2])


@pytest.mark.parametrize(
    ("name", "xs"),
    [
        ("relu", (0.0,)),  # the kinks: both give 0 at 0
        ("abs", (0.0,)),
        ("**", (0.0, 0.0)),  # 0 ** 0 = 1 with grads (0, 0)
        ("**", (0.0, 2.5)),
        ("**", (2.0, 0.0)),
        ("sigmoid", (-700.0,)),
        ("sigmoid", (40.0,)),
        ("softplus", (-700.0,)),
        ("softplus", (30.0,)),
        ("log_sigmoid", (-1000.0,)),
        ("tanh", (20.0,)),
        ("log1p", (1e-20,)),
        ("exp", (-700.0,)),
    ],
)
def test_edges_of_the_domain_match_torch(name, xs):
    vs = [autograd.Value(x) for x in xs]
    out = autograd.REGISTRY[name].function(*vs)
    ours = [float(g) for g in autograd.grad(out, vs)]
    value, first, _ = _theirs(name, xs)
    assert _same(out.data, value), (name, xs, out.data, value)
    assert all(map(_same, ours, first)), (name, xs, ours, first)


def test_dot_matches_torch():
    rng = random.Random(0)
    ws, xs = [rng.uniform(-2, 2) for _ in range(5)], [rng.uniform(-2, 2) for _ in range(5)]
    b = rng.uniform(-2, 2)
    vw, vx, vb = [autograd.Value(w) for w in ws], [autograd.Value(x) for x in xs], autograd.Value(b)
    out = autograd.dot(vw, vx, vb)
    grads = autograd.grad(out, [*vw, *vx, vb])
    tw = torch.tensor(ws, dtype=torch.float64, requires_grad=True)
    tx = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    t = (tw * tx).sum() + tb
    t.backward()
    assert _same(out.data, t.item())
    want = [*tw.grad.tolist(), *tx.grad.tolist(), tb.grad.item()]
    assert all(map(_same, [float(g) for g in grads], want))
