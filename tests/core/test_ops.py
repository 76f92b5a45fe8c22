"""Every op in autograd.REGISTRY, checked to first, second and third order against finite differences.

The cases are built from the registry when this module is collected, so an op
registered before then (a built-in, or a custom op such as conftest's
``test_cube``) is tested the moment it exists. Samples of the number-exponent
ops ("**2", "**0.5", ...) and of ``dot`` with 2 and 3 weights are added.
"""

from __future__ import annotations

import warnings

import pytest

import autograd as A
from autograd.core.grad import grad
from autograd.core.node import apply
from autograd.core.ops import DotOpDef, pow_const_op
from autograd.core.registry import REGISTRY, floatmath
from autograd.gradcheck import KinkWarning, gradcheck, gradgradcheck

#: Where in each argument's sample range the points sit; argument k of point p
#: takes FRACTIONS[(p + 2k) % 5], so multi-argument ops see varied combinations.
FRACTIONS = (0.13, 0.31, 0.54, 0.74, 0.9)


def _cases() -> list:
    cases = []
    for name, op in sorted(REGISTRY.items()):
        if isinstance(op, DotOpDef):
            for n, bias in ((2, True), (3, True), (2, False)):
                cases.append(pytest.param(op, 2 * n + bias, id=f"{name}-{n}w{'-bias' if bias else ''}"))
        else:
            cases.append(pytest.param(op, op.arity, id=name))
    for n in (2.0, 0.5, -1.0, 3.0):
        op = pow_const_op(n)
        cases.append(pytest.param(op, 1, id=op.name))
    return cases


CASES = _cases()


def _ranges(op, nargs: int) -> list[tuple[float, float]]:
    d = op.domain
    if len(d) == 2 and all(isinstance(v, (int, float)) for v in d):
        return [(float(d[0]), float(d[1]))] * nargs
    assert len(d) == nargs, f"op {op.name!r}: {len(d)} domain ranges for {nargs} arguments"
    return [(float(lo), float(hi)) for lo, hi in d]


def _points(op, nargs: int) -> list[list[float]]:
    ranges = _ranges(op, nargs)
    return [
        [lo + (hi - lo) * FRACTIONS[(p + 2 * k) % len(FRACTIONS)] for k, (lo, hi) in enumerate(ranges)]
        for p in range(len(FRACTIONS))
    ]


def test_builtin_and_custom_ops_are_cases():
    ids = {c.id for c in CASES}
    builtin = {"+", "-", "*", "/", "neg", "**", "abs", "exp", "log", "sqrt", "tanh", "sigmoid", "relu",
               "sin", "cos", "softplus", "log_sigmoid", "sign", "step"}
    assert builtin | {"test_cube", "test_swish", "dot-2w-bias", "dot-3w-bias", "dot-2w", "**0.5"} <= ids


@pytest.mark.parametrize("op,nargs", CASES)
def test_op_declaration(op, nargs):
    assert op.name and "d/d" in op.doc, f"op {op.name!r}: its doc must state the derivative formula"
    if not isinstance(op, DotOpDef):
        assert len(op.rules) == op.arity == nargs
    for lo, hi in _ranges(op, nargs):
        assert lo < hi


@pytest.mark.parametrize("op,nargs", CASES)
def test_op_derivatives_to_third_order(op, nargs):
    f = lambda *xs: apply(op, xs)  # noqa: E731
    d0 = lambda *xs: grad(apply(op, xs), [xs[0]], create_graph=True)[0]  # noqa: E731
    checked = 0
    for point in _points(op, nargs):
        xs = [A.Value(v, f"x{k}") for k, v in enumerate(point)]
        with warnings.catch_warnings():
            warnings.simplefilter("error", KinkWarning)
            try:
                gradcheck(f, xs)
            except KinkWarning:
                continue  # the point sits on a kink: finite differences mean nothing there
            out = f(*xs)
            # the stored local grads (F = floatmath) agree with the same rules on Values (F = autograd)
            on_floats = op.local_grads(floatmath, point, out.data)
            on_values = op.local_grads(A, xs, out)
            assert list(out.local_grads) == pytest.approx([float(v) for v in on_floats], rel=1e-15)
            assert [float(v) for v in on_values] == pytest.approx(list(out.local_grads), rel=1e-12, abs=1e-15)
            assert gradgradcheck(f, xs)
            assert gradgradcheck(d0, xs)  # third derivatives d^3 f / d x0 d xi d xj
        checked += 1
    assert checked >= 3, f"op {op.name!r}: only {checked} sample points away from kinks"
