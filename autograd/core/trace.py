"""A graph as a flat record that replays its ops on any numbers.

``t = trace(root, inputs)`` records the graph behind ``root`` once, in
topological order. ``t.forward(*values)`` evaluates the same ops again with
``values`` in place of ``inputs``: on floats (each op's ``forward``) or on
complex numbers (each op's ``complex_forward``), which is what a complex-step
derivative needs. Every other leaf is read from its ``.data`` at each replay
(a parameter the optimizer updates is seen) — constants never change. A
replay builds no nodes and touches no ``.data`` or ``.grad``.

This module provides :func:`trace` and :class:`Trace`; a replay on complex
numbers that meets an op with no complex forward (relu, abs, a user's op
whose forward rejects complex numbers) raises
:class:`~autograd.core.errors.NoComplexForwardError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import NoComplexForwardError
from .node import Value, topological_order
from .registry import OpDef

__all__ = ["NoComplexForwardError", "Trace", "trace"]


class Trace:
    """The record of one graph: inputs, other leaves, and each computed node's op and operand slots.

    Attributes:
        root: the recorded output.
        inputs: the Values that :meth:`forward`'s arguments replace.
        ops: the OpDef of each computed node, in topological order.
    """

    def __init__(self, root: Value, inputs: Sequence[Value]) -> None:
        self.root = root
        self.inputs = tuple(inputs)
        order = topological_order(root)
        slot: dict[Value, int] = {x: i for i, x in enumerate(self.inputs)}
        n = len(self.inputs)
        #: leaves other than the inputs: (slot, Value), read at each replay
        self._leaves: list[tuple[int, Value]] = []
        #: computed nodes: (slot, OpDef, operand slots)
        self._steps: list[tuple[int, OpDef, tuple[int, ...]]] = []
        for v in order:
            if v in slot:
                continue
            slot[v] = n
            if v.is_leaf():
                self._leaves.append((n, v))
            else:
                self._steps.append((n, v.opdef, tuple(slot[p] for p in v.parents)))
            n += 1
        self._size = n
        self._out = slot[root]
        self.ops = [op for _, op, _ in self._steps]

    def __len__(self) -> int:
        """The number of computed nodes replayed."""
        return len(self._steps)

    def __repr__(self) -> str:
        return f"Trace({len(self.inputs)} inputs, {len(self._leaves)} other leaves, {len(self)} ops)"

    def complex_ready(self) -> str | None:
        """None if every op has a complex forward, else the name of the first one that has none."""
        for op in self.ops:
            if op.complex_forward is None:
                return op.name
        return None

    def forward(self, *values: Any) -> Any:
        """The root's value with ``values`` in place of the inputs (floats or complex numbers).

        Raises:
            TypeError: not one value per input.
            NoComplexForwardError: a complex replay reached an op with no complex forward.
        """
        if len(values) != len(self.inputs):
            raise TypeError(f"this trace takes {len(self.inputs)} input value(s), got {len(values)}")
        on_complex = any(isinstance(v, complex) for v in values)
        slots: list[Any] = [None] * self._size
        slots[: len(values)] = values
        for i, v in self._leaves:
            slots[i] = v.data
        for i, op, args in self._steps:
            xs = [slots[a] for a in args]
            if on_complex:
                fn = op.complex_forward
                if fn is None:
                    raise NoComplexForwardError(op.name)
                slots[i] = fn(*xs)
            else:
                slots[i] = op.forward(*xs)
        return slots[self._out]


def trace(root: Value, inputs: Sequence[Value]) -> Trace:
    """Record the graph behind ``root`` as a :class:`Trace` whose ``forward`` replaces ``inputs`` by numbers.

    Args:
        root: the output Value.
        inputs: Values of ``root``'s graph (leaves, typically) to feed at each replay.
    """
    if not isinstance(root, Value):
        raise TypeError(f"trace expects a Value, got {type(root).__name__}: {root!r}")
    if isinstance(inputs, Value):
        raise TypeError("trace: inputs must be a list of Values; wrap a single Value as [x]")
    xs = list(inputs)
    for i, x in enumerate(xs):
        if not isinstance(x, Value):
            raise TypeError(f"trace: inputs[{i}] must be a Value, got {type(x).__name__}: {x!r}")
    if len(set(xs)) != len(xs):
        raise ValueError("trace: an input is listed twice")
    return Trace(root, xs)
