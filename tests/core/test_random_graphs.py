"""Property tests on random expression DAGs built from every op (hypothesis).

A program is a list of instructions over a growing pool of nodes (the leaves
first): each applies one op to operands picked from the pool (so leaves are
reused and subexpressions shared) or to number constants. Ops that are defined
and smooth on all reals take their operands as they are; every other op (log,
sqrt, /, **, exp, custom ops, ...) takes each operand squashed into its sample
domain, ``lo + (hi - lo) * sigmoid(v)``, so no DomainError can occur.

For each graph: ``backward`` matches central finite differences (skipped where
a kink op's input is near 0), ``backward_steps`` gives bitwise the same grads
as ``backward``, ``grad`` gives bitwise the same numbers as ``backward``, and
the second derivatives from ``grad(create_graph=True)`` match finite
differences of the gradient.
"""

from __future__ import annotations

import math

from hypothesis import assume, example, given
from hypothesis import strategies as st

import autograd as A
from autograd.core.grad import grad
from autograd.core.node import apply
from autograd.core.ops import DotOpDef, pow_const_op
from autograd.core.registry import REGISTRY

#: Number-exponent ops (not in REGISTRY): name -> OpDef.
POWERS = {op.name: op for op in map(pow_const_op, (2.0, 3.0, -1.0, 0.5))}
#: Every op a program may use (REGISTRY at collection time, including conftest's custom ops).
OPS = {**{n: op for n, op in REGISTRY.items()}, **POWERS}
NAMES = sorted(OPS)
OPERATORS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
             "/": lambda a, b: a / b, "**": lambda a, b: a**b, "neg": lambda a: -a}

EPS = 1e-6
finite = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


def _arity(op) -> int:
    return -1 if isinstance(op, DotOpDef) else op.arity


@st.composite
def programs(draw):
    """(leaf values, instructions); an instruction is (op name, operands, dot has a bias).

    An operand is ("node", index into the pool) or ("const", number).
    """
    leaves = draw(st.lists(finite, min_size=1, max_size=4))
    instructions = []
    for k in range(draw(st.integers(1, 9))):
        name = draw(st.sampled_from(NAMES))
        n = _arity(OPS[name])
        bias = False
        if n == -1:  # dot: 2 or 3 weights and as many inputs, maybe a bias
            width = draw(st.integers(2, 3))
            bias = draw(st.booleans())
            n = 2 * width + bias
        pool = len(leaves) + k
        operands = []
        for _ in range(n):
            if draw(st.integers(0, 5)) == 0:
                operands.append(("const", draw(finite)))
            else:
                operands.append(("node", draw(st.integers(0, pool - 1))))
        instructions.append((name, tuple(operands), bias))
    return leaves, instructions


def _squash(v, lo: float, hi: float):
    return lo + (hi - lo) * A.sigmoid(v)


def _ranges(op, n: int) -> list:
    d = op.domain
    if len(d) == 2 and all(isinstance(v, (int, float)) for v in d):
        return [d] * n
    return list(d)


class TooLargeError(Exception):
    """A node's value left [-LIMIT, LIMIT]: the program is dropped (so nothing can overflow)."""


LIMIT = 1e3
PROBES = (-LIMIT, -1.0, -1e-3, 0.0, 1e-3, 1.0, LIMIT)


def _takes_any_operand(op) -> bool:
    """True if the op's value and local grads are finite at every probe in [-LIMIT, LIMIT]:
    its operands need not be squashed into its sample domain (found from the op, not a hand-kept list)."""
    n = 4 if isinstance(op, DotOpDef) else op.arity
    grid = [[p] * n for p in PROBES] + [[p, -q, q, p][:n] for p in PROBES for q in PROBES]
    try:
        for args in grid:
            apply(op, [A.Value(a) for a in args])
    except A.DomainError:
        return False
    return True


#: Ops taking raw operands (see _takes_any_operand).
RAW = {name for name, op in OPS.items() if _takes_any_operand(op)}


def build(program, xs: list, check: bool = True) -> tuple:
    """Run the program on the leaf Values ``xs``: (output, every node made).

    The output is the sum of the nodes no other node uses.

    With ``check``, raise TooLargeError as soon as a node leaves [-LIMIT, LIMIT]; one op
    on such operands stays far from overflow, so no DomainError can occur.
    """
    _, instructions = program
    pool = list(xs)
    for name, operands, bias in instructions:
        op = OPS[name]
        args = [pool[i] if kind == "node" else i for kind, i in operands]
        if all(not isinstance(a, A.Value) for a in args):
            args[0] = A.const(args[0])
        if name not in RAW:
            args = [_squash(a, lo, hi) for a, (lo, hi) in zip(args, _ranges(op, len(args)))]
        if isinstance(op, DotOpDef):
            w = (len(args) - bias) // 2
            node = A.dot(args[:w], args[w : 2 * w], args[-1] if bias else None)
        elif name in OPERATORS and isinstance(args[0], A.Value):
            node = OPERATORS[name](*args)
        elif name in POWERS:
            node = args[0] ** float(name[2:])
        else:
            node = apply(op, args)
        if check and abs(node.data) > LIMIT:
            raise TooLargeError(name)
        pool.append(node)
    used = {i for _, operands, _ in instructions for kind, i in operands if kind == "node"}
    sinks = [n for k, n in enumerate(pool) if k >= len(xs) and k not in used]
    out = sinks[0]
    for n in sinks[1:]:  # every instruction reaches the output
        out = out + n
    return out, pool


def value_at(program, values: list[float]) -> float:
    """The output's value for leaf values ``values`` (no graph recorded)."""
    with A.no_grad():
        return build(program, [A.Value(v) for v in values], check=False)[0].data


def near_kink(out) -> bool:
    """Whether a relu/abs/sign/step input is within 1e-3 of its kink at 0."""
    return any(
        abs(n.parents[0].data - k) < 1e-3 for n in A.topological_order(out) for k in n.opdef.kinks
    )


def close(analytic: float, numeric: float, scale: float) -> bool:
    """Agreement up to finite-difference error, for node values up to ``scale``."""
    return abs(analytic - numeric) <= 1e-7 * (1.0 + scale) + 1e-5 * abs(numeric)


def central(fn, values: list[float], i: int):
    """``fn`` at ``values`` with entry i moved by +EPS and by -EPS."""
    up, down = list(values), list(values)
    up[i] += EPS
    down[i] -= EPS
    return fn(up), fn(down)


def _every_op_program():
    """A fixed program applying every op once to the latest node and a leaf (an explicit example)."""
    leaves = [0.7, -1.3, 0.4]
    instructions = []
    for k, name in enumerate(NAMES):
        pool = len(leaves) + k
        n = _arity(OPS[name])
        latest, leaf = ("node", pool - 1), ("node", k % len(leaves))
        if n == -1:
            operands = (latest, leaf, ("const", 0.5), ("node", pool - 2), ("const", 0.1))
            instructions.append((name, operands, True))
        else:
            instructions.append((name, (latest, leaf, ("const", 1.5))[:n], False))
    return leaves, instructions


EVERY_OP = _every_op_program()


def test_the_explicit_example_uses_every_op_away_from_kinks():
    out, pool = build(EVERY_OP, [A.Value(v) for v in EVERY_OP[0]])
    assert {n.op for n in pool} >= set(NAMES) and not near_kink(out)


def _build_or_skip(program):
    """Leaves x0.. for the program's values, its output and node pool (overflowing programs are dropped)."""
    xs = [A.Value(v, f"x{i}") for i, v in enumerate(program[0])]
    try:
        out, pool = build(program, xs)
    except TooLargeError:
        assume(False)
    return xs, out, pool


@given(programs())
@example(EVERY_OP)
def test_backward_steps_and_grad_agree_with_backward_and_finite_differences(program):
    values = program[0]
    xs, out, pool = _build_or_skip(program)
    order = A.topological_order(out)
    out.backward()
    grads = [n.grad for n in order]

    # backward_steps: bitwise the same grads (from zeroed leaves)
    for n in order:
        if n.is_leaf():
            n.grad = 0.0
    steps = list(A.backward_steps(out))
    assert [n.grad.hex() for n in order] == [g.hex() for g in grads]
    assert len(steps) == sum(len(n.parents) for n in order)

    # grad: bitwise what backward put in .grad, for leaves and intermediate nodes alike
    assert [g.hex() for g in grad(out, order)] == [g.hex() for g in grads]
    assert [n.grad.hex() for n in order] == [g.hex() for g in grads]  # and no .grad touched

    if near_kink(out):
        return
    scale = max(abs(n.data) for n in pool)
    for i, x in enumerate(xs):
        up, down = central(lambda vs: value_at(program, vs), values, i)
        assert close(x.grad, (up - down) / (2 * EPS), scale), (i, x.grad, (up - down) / (2 * EPS))


@given(programs())
@example(EVERY_OP)
def test_second_derivatives_agree_with_finite_differences_of_the_gradient(program):
    values = program[0]
    xs, out, pool = _build_or_skip(program)
    assume(not near_kink(out))
    first = grad(out, xs, create_graph=True)
    for a, b in zip(first, grad(out, xs)):
        assert math.isclose(a.data, b, rel_tol=1e-12, abs_tol=1e-12)

    def gradient(vs: list[float]) -> list[float]:
        ys = [A.Value(v) for v in vs]
        return grad(build(program, ys, check=False)[0], ys)

    hessian = [grad(g, xs) for g in first]
    scale = max(abs(n.data) for n in pool)
    for j in range(len(xs)):
        up, down = central(gradient, values, j)
        for i in range(len(xs)):
            numeric = (up[i] - down[i]) / (2 * EPS)
            assert close(hessian[i][j], numeric, scale), (i, j, hessian[i][j], numeric)
