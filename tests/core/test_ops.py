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
from autograd.core.registry import REGISTRY, floatmath, valuemath
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
    builtin = {name for name, op in REGISTRY.items() if op.builtin and not isinstance(op, DotOpDef)}
    assert len(builtin) >= 19 and {"+", "*", "tanh", "relu", "sign", "step"} <= builtin
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
            # the stored local grads (F = floatmath) agree with the same derivatives on Values (F = valuemath)
            on_floats = op.local_grads(floatmath, point, out.data)
            on_values = op.local_grads(valuemath, xs, out)
            assert list(out.local_grads) == pytest.approx([float(v) for v in on_floats], rel=1e-15)
            assert [float(v) for v in on_values] == pytest.approx(list(out.local_grads), rel=1e-12, abs=1e-15)
            assert gradgradcheck(f, xs)
            assert gradgradcheck(d0, xs)  # third derivatives d^3 f / d x0 d xi d xj
        checked += 1
    assert checked >= 3, f"op {op.name!r}: only {checked} sample points away from kinks"


# -- fast paths: every op with one agrees with its declaration, found in the registry ------

FAST_OPS = [pytest.param(op, id=name) for name, op in sorted(REGISTRY.items()) if op.fast is not None]
#: operand values: ordinary ones, zeros, tiny, huge and subnormal (errors must agree too)
EDGES = (0.7, -1.3, 2.0, 0.0, -0.0, 1e-3, 1e-200, 5e-324, 1e154, -1e200, 1e308)


def _build_both(op, args):
    """(the fast path's node or its DomainError, the declaration's node or its DomainError)."""
    results = []
    for make in (_fast, lambda op, vs: apply(op, vs)):
        vs = [A.Value(a) for a in args]
        try:
            node = make(op, vs)
        except A.DomainError as e:
            results.append((type(e), vs))
        else:
            results.append((node, vs))
    return results


def _fast(op, vs):
    if isinstance(op, DotOpDef):
        n = len(vs) // 2
        return op.function(vs[:n], vs[n : 2 * n], vs[2 * n] if len(vs) % 2 else None)
    return op.function(*vs)


def _arg_lists(op):
    if isinstance(op, DotOpDef):
        five = [[a, b, b, a, 0.5] for a in EDGES[:6] for b in EDGES[::3]]
        return five + [[0.3, -1.5, 2.0, 4.0]]
    if op.arity == 1:
        return [[a] for a in EDGES]
    return [[a, b] for a in EDGES for b in EDGES]


def test_every_hot_op_has_a_fast_path():
    assert {"+", "-", "*", "/", "neg", "tanh", "relu", "dot"} <= {p.id for p in FAST_OPS}


@pytest.mark.parametrize("op", FAST_OPS)
def test_fast_path_matches_its_declaration_bitwise(op):
    """Value, local grads and parents of the fast path equal those of the generic builder, bitwise."""
    for args in _arg_lists(op):
        (fast, fvs), (slow, svs) = _build_both(op, args)
        if isinstance(fast, type) or isinstance(slow, type):  # a DomainError: both must raise
            assert fast is slow, f"op {op.name!r} at {args}: fast path gave {fast}, declaration {slow}"
            continue
        assert fast.opdef is slow.opdef is op
        assert repr(fast.data) == repr(slow.data), (op.name, args)
        assert [repr(g) for g in fast.local_grads] == [repr(g) for g in slow.local_grads], (op.name, args)
        assert all(type(g) is float for g in fast.local_grads)
        assert [fvs.index(p) for p in fast.parents] == [svs.index(p) for p in slow.parents]


@pytest.mark.parametrize("op", FAST_OPS)
def test_fast_path_under_no_grad_gives_a_leaf_with_the_same_value(op):
    args = _arg_lists(op)[0]
    with A.no_grad():
        (fast, _), (slow, _) = _build_both(op, args)
    assert fast.is_leaf() and fast.op == "" and repr(fast.data) == repr(slow.data)


def test_binary_fast_paths_take_numbers_on_either_side_and_refuse_the_rest():
    x = A.Value(1.5, "x")
    assert (x * 2).parents[1].op == "const" and (2 * x).parents[0].op == "const"
    assert (x - 0.5).data == 1.0 and (0.5 - x).data == -1.0 and (3 / x).data == 2.0
    with pytest.raises(TypeError, match="unsupported operand"):
        x * None
    with pytest.raises(TypeError, match="unsupported operand"):
        None + x
    with pytest.raises(TypeError, match="tanh expects a Value or a real number, got str"):
        A.tanh("1")


def test_compiled_fast_paths_keep_their_source():
    src = A.Value.__mul__.fast_source
    assert "out = x * y" in src and "v._l0 = y" in src and "v._l1 = x" in src
    assert "d0 = 1.0 / y" in A.Value.__truediv__.fast_source  # a derivative that can overflow is checked


def test_dot_names_weights_or_inputs_that_are_not_lists():
    x, y = A.Value(1.5, "x"), A.Value(-0.5, "y")
    with pytest.raises(TypeError, match=r"dot: ws must be a list of Values or numbers, got Value: .*wrap a"):
        A.dot(x, y)
    with pytest.raises(TypeError, match="dot: xs must be a list of Values or numbers, got float: 2.0"):
        A.dot([x], 2.0)
    with pytest.raises(TypeError, match="dot: xs must be a list of Values or numbers, got set"):
        A.dot([x], {y})
    with pytest.raises(TypeError, match="dot: ws must be a list of Values or numbers, got str"):
        A.dot("ab", [x, y])
    assert A.dot(iter([x, y]), (2.0, 4.0)).data == 1.0  # any ordered iterable
