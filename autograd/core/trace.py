"""A graph as a flat record that replays its ops on any numbers.

``t = trace(root, inputs)`` records the graph behind ``root`` once, in
topological order. ``t.forward(*values)`` evaluates the same ops again with
``values`` in place of ``inputs``: on floats (each op's ``forward``) or on
complex numbers (each op's ``complex_forward``), which is what a complex-step
derivative needs. Every other leaf is read from its ``.data`` at each replay
(a parameter the optimizer updates is seen) — constants never change. A
replay builds no nodes and touches no ``.data`` or ``.grad``. The record is
public (``nodes``, ``leaves``, ``steps``, ``outputs``), for replays on other
numbers: ``autograd.tape`` replays it over a batch with numpy.

This module provides :func:`trace` and :class:`Trace`; a replay on complex
numbers that meets an op with no complex forward (relu, abs, a user's op
whose forward rejects complex numbers) raises
:class:`~autograd.core.errors.NoComplexForwardError`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

from .errors import NoComplexForwardError, describe
from .node import Value, require_value, topological_order, value_list
from .registry import OpDef

__all__ = ["NoComplexForwardError", "Trace", "trace"]


class Trace:
    """The record of one graph: inputs, other leaves, and each computed node's op and operand slots.

    Each recorded Value has a slot: the inputs first (in order), then every
    other node in topological order.

    Attributes:
        root: the recorded output (or the tuple of outputs, when several were recorded).
        roots: the recorded outputs, a tuple (of one, usually).
        inputs: the Values that :meth:`forward`'s arguments replace.
        nodes: the Value of each slot.
        leaves: ``(slot, Value)`` of each leaf other than the inputs (parameters and constants),
            read from ``.data`` at each replay.
        steps: ``(slot, OpDef, operand slots)`` of each computed node, in topological order.
        outputs: the slot of each root.
        ops: the OpDef of each computed node, in topological order.
    """

    def __init__(self, root: Value | Sequence[Value], inputs: Sequence[Value]) -> None:
        self.root = root
        self.roots: tuple[Value, ...] = (root,) if isinstance(root, Value) else tuple(root)
        self.inputs = tuple(inputs)
        order: list[Value] = []
        seen: set[Value] = set()
        for r in self.roots:  # each walk lists a node after its parents, so their union does too
            for v in topological_order(r):
                if v not in seen:
                    seen.add(v)
                    order.append(v)
        slot: dict[Value, int] = {x: i for i, x in enumerate(self.inputs)}
        if len(slot) != len(self.inputs):
            raise ValueError("trace: an input is listed twice")
        self.nodes: list[Value] = list(self.inputs)
        n = len(self.inputs)
        self.leaves: list[tuple[int, Value]] = []
        self.steps: list[tuple[int, OpDef, tuple[int, ...]]] = []
        for v in order:
            if v in slot:
                continue
            slot[v] = n
            self.nodes.append(v)
            if v.is_leaf():
                self.leaves.append((n, v))
            else:
                self.steps.append((n, v.opdef, tuple(slot[p] for p in v.parents)))
            n += 1
        self._leaves = self.leaves
        self._steps = self.steps
        self._size = n
        self.outputs: tuple[int, ...] = tuple(slot[r] for r in self.roots)
        self._out = self.outputs[0]
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

        A trace of several roots gives a tuple of their values.

        Raises:
            TypeError: not one value per input, or a value that is not a number (a bool, a string, ...).
            ValueError: an int too large to be a float.
            NoComplexForwardError: a complex replay reached an op with no complex forward.
        """
        if len(values) != len(self.inputs):
            raise TypeError(f"this trace takes {len(self.inputs)} input value(s), got {len(values)}")
        values = tuple(_number(v, i) for i, v in enumerate(values))
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
        if len(self.outputs) != 1 or not isinstance(self.root, Value):
            return tuple(slots[i] for i in self.outputs)
        return slots[self._out]


def _number(v: Any, i: int) -> float | complex:
    """Value ``i`` of a replay as a float or a complex number."""
    if type(v) is float or type(v) is complex:
        return v
    if isinstance(v, bool) or not isinstance(v, numbers.Complex):
        raise TypeError(
            f"trace forward: value {i} must be a real or complex number, got {type(v).__name__}: "
            f"{describe(v)}"
        )
    if not isinstance(v, numbers.Real):
        return complex(v)
    try:
        return float(v)
    except OverflowError:
        raise ValueError(f"trace forward: value {i}: {describe(v)} is too large to be a float") from None


def trace(root: Value, inputs: Sequence[Value]) -> Trace:
    """Record the graph behind ``root`` as a :class:`Trace` whose ``forward`` replaces ``inputs`` by numbers.

    Args:
        root: the output Value.
        inputs: Values of ``root``'s graph (leaves, typically) to feed at each replay, a list.

    Raises:
        TypeError: ``root`` is not a Value, or ``inputs`` is not a list of Values.
        ValueError: an input is listed twice.
    """
    require_value(root, "trace")
    return Trace(root, value_list(inputs, "trace: inputs"))
