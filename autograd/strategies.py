"""Hypothesis strategies for property-testing gradients: random Values and random expression graphs.

Needs hypothesis (``pip install 'chainrule[testing]'``); ``import autograd``
never imports it. Property-test your own op in three lines::

    @given(strategies.graphs(ops=[my_op]))
    def test_my_op(g):
        check_grads(g.fn, g.inputs, order=2)

A graph is a random program over a growing pool of nodes (the leaves first):
each instruction applies one op to operands picked from the pool — so leaves
are reused and subexpressions shared — or to number constants. An op that is
finite on all of [-LIMIT, LIMIT] takes its operands as they are; any other op
(log, sqrt, /, exp, ...) takes each operand squashed into its sample domain,
``lo + (hi - lo) * sigmoid(v)``. Programs in which a node leaves
[-LIMIT, LIMIT] are rejected, so nothing overflows. The output is the sum of
the nodes no other node uses.

This module provides :func:`values`, :func:`graphs`, :class:`Graph` (what
``graphs`` draws: ``inputs``, ``fn``, ``output``, ``nodes``) and
:func:`takes_any_operand`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

try:
    from hypothesis import reject
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "autograd.strategies needs hypothesis, which is not installed: pip install 'chainrule[testing]'"
    ) from e

from .core import FUNCTIONS, REGISTRY, DomainError, OpDef, Value, apply, const
from .core.ops import DotOpDef, pow_const_op

__all__ = ["LIMIT", "Graph", "graphs", "takes_any_operand", "values"]

#: Every node of a drawn graph stays within [-LIMIT, LIMIT].
LIMIT = 1e3
_PROBES = (-LIMIT, -1.0, -1e-3, 0.0, 1e-3, 1.0, LIMIT)
#: The number-exponent ops a default graph may use ("**2", "**3", "**-1", "**0.5").
POWERS = tuple(pow_const_op(n) for n in (2.0, 3.0, -1.0, 0.5))
_OPERATORS: dict[str, Callable[..., Value]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "**": lambda a, b: a**b, "neg": lambda a: -a,
}


def _arity(op: OpDef) -> int:
    return 4 if isinstance(op, DotOpDef) else op.arity


@cache
def takes_any_operand(op: OpDef) -> bool:
    """True if ``op``'s value and local grads are finite at probe points across [-LIMIT, LIMIT].

    Such an op is fed raw operands; any other is fed operands squashed into its sample domain.
    """
    n = _arity(op)
    grid = [[p] * n for p in _PROBES] + [[p, -q, q, p][:n] for p in _PROBES for q in _PROBES]
    try:
        for args in grid:
            apply(op, [Value(a) for a in args])
    except DomainError:
        return False
    return True


def _ranges(op: OpDef, n: int) -> list[tuple[float, float]]:
    d = op.domain
    if len(d) == 2 and all(isinstance(v, (int, float)) for v in d):
        return [(float(d[0]), float(d[1]))] * n
    return [(float(lo), float(hi)) for lo, hi in d]


class _TooLargeError(Exception):
    """A node left [-LIMIT, LIMIT]."""


class Graph:
    """A random expression graph: leaf values, a program, and the graph built from them.

    Attributes:
        leaves: the inputs' values.
        instructions: ``(op name, operands, dot has a bias)``; an operand is
            ``("node", index into the pool)`` or ``("const", number)``.
        ops: op name -> OpDef.
        inputs: the leaf Values, labelled ``x0``, ``x1``, ...
        output: the graph's root, built from ``inputs``.
        nodes: every node the program made, leaves first.
        fn: ``fn(*values)`` builds the same graph on other Values (for ``check_grads``).
    """

    def __init__(self, leaves: Sequence[float], instructions: Sequence[tuple], ops: dict[str, OpDef]) -> None:
        self.leaves = tuple(leaves)
        self.instructions = tuple(instructions)
        self.ops = ops
        self._raw = {name: takes_any_operand(op) for name, op in ops.items()}
        self.inputs = [Value(v, f"x{i}") for i, v in enumerate(self.leaves)]
        self.output, self.nodes = self.build(self.inputs, check=True)

    def fn(self, *xs: Value) -> Value:
        """The program on the Values ``xs`` (one per leaf)."""
        return self.build(list(xs), check=False)[0]

    def build(self, xs: list[Value], check: bool = False) -> tuple[Value, list[Value]]:
        """``(output, every node)`` of the program on ``xs``; with ``check``, _TooLargeError past LIMIT."""
        pool = list(xs)
        for name, operands, bias in self.instructions:
            op = self.ops[name]
            args: list[Any] = [pool[i] if kind == "node" else i for kind, i in operands]
            if all(not isinstance(a, Value) for a in args):
                args[0] = const(args[0])
            if not self._raw[name]:
                sigmoid = FUNCTIONS["sigmoid"]
                args = [lo + (hi - lo) * sigmoid(a) for a, (lo, hi) in zip(args, _ranges(op, len(args)))]
            node = self._apply(name, op, args, bias)
            if check and abs(node.data) > LIMIT:
                raise _TooLargeError(name)
            pool.append(node)
        used = {i for _, operands, _ in self.instructions for kind, i in operands if kind == "node"}
        sinks = [n for k, n in enumerate(pool) if k >= len(xs) and k not in used] or pool[-1:]
        out = sinks[0]
        for n in sinks[1:]:  # every instruction reaches the output
            out = out + n
        return out, pool

    @staticmethod
    def _apply(name: str, op: OpDef, args: list[Any], bias: bool) -> Value:
        if isinstance(op, DotOpDef):
            w = (len(args) - bias) // 2
            return op.function(args[:w], args[w : 2 * w], args[-1] if bias else None)
        if name in _OPERATORS and op.builtin and isinstance(args[0], Value):
            return _OPERATORS[name](*args)
        if name.startswith("**") and len(name) > 2:  # a number exponent: "**2", "**-1", ...
            return args[0] ** float(name[2:])
        return apply(op, args)

    def __repr__(self) -> str:
        steps = ", ".join(name for name, _, _ in self.instructions)
        return f"Graph(leaves={list(self.leaves)}, {len(self.instructions)} ops: {steps})"


def values(min_value: float = -2.0, max_value: float = 2.0, label: str = "") -> st.SearchStrategy[Value]:
    """Values with finite data in ``[min_value, max_value]``."""
    floats = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    return floats.map(lambda v: Value(v, label))


def _op_table(ops: Iterable[Any] | None) -> dict[str, OpDef]:
    if ops is None:
        table = dict(REGISTRY)
        table.update({op.name: op for op in POWERS})
        return table
    table = {}
    for item in ops:
        op = item if isinstance(item, OpDef) else getattr(item, "opdef", None)
        if not isinstance(op, OpDef):
            raise TypeError(f"graphs: ops must be OpDefs or op functions (from defop), got {item!r}")
        table[op.name] = op
    if not table:
        raise ValueError("graphs: ops is empty")
    return table


def graphs(
    ops: Iterable[Any] | None = None,
    max_nodes: int = 30,
    max_inputs: int = 4,
    min_value: float = -2.0,
    max_value: float = 2.0,
) -> st.SearchStrategy[Graph]:
    """Random expression DAGs over the registry's ops (or ``ops``: op functions or OpDefs).

    Args:
        ops: the ops to use; None for every op registered when the strategy
            is made, and some number-exponent ops ("**2", "**0.5", ...).
        max_nodes: the most op applications.
        max_inputs: the most leaves (inputs).
        min_value, max_value: the range of leaf values and constants.
    """
    for name, v in (("max_nodes", max_nodes), ("max_inputs", max_inputs)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"graphs: {name} must be an int >= 1, got {v!r}")
    return _graphs(_op_table(ops), max_nodes, max_inputs, float(min_value), float(max_value))


@st.composite
def _graphs(
    draw: Callable[..., Any], table: dict[str, OpDef], max_nodes: int, max_inputs: int,
    min_value: float, max_value: float,
) -> Graph:
    names = sorted(table)
    number = st.floats(min_value, max_value, allow_nan=False, allow_infinity=False)
    leaves = draw(st.lists(number, min_size=1, max_size=max_inputs))
    instructions = []
    for k in range(draw(st.integers(1, max_nodes))):
        name = draw(st.sampled_from(names))
        n = _arity(table[name])
        bias = False
        if isinstance(table[name], DotOpDef):  # 2 or 3 weights and as many inputs, maybe a bias
            width = draw(st.integers(2, 3))
            bias = draw(st.booleans())
            n = 2 * width + bias
        pool = len(leaves) + k
        operands = []
        for _ in range(n):
            if draw(st.integers(0, 5)) == 0:
                operands.append(("const", draw(number)))
            else:
                operands.append(("node", draw(st.integers(0, pool - 1))))
        instructions.append((name, tuple(operands), bias))
    try:
        return Graph(leaves, instructions, table)
    except (_TooLargeError, DomainError):
        reject()
