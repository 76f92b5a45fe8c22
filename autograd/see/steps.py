"""The backward pass one chain-rule step at a time.

This module provides:

- :class:`Step` — one chain-rule step: the edge ``node -> parent`` of a
  backward pass, with the numbers that went into it.
- :func:`backward_steps` — the pass as a generator of Steps that writes
  ``.grad`` as it goes: the same arithmetic in the same order as
  :func:`autograd.backward`, so the final grads are bitwise equal. It holds
  the pass guard (:func:`autograd.core.grad_pass`) from its first step to its
  last, or until it is closed or collected. Under ``autograd.detect_anomaly()``
  (when the pass starts) a non-finite gradient raises AnomalyError and every
  grad the pass changed is put back.
- :func:`record_steps` — the same Steps, computed into a dict instead of
  ``.grad``: reads the graph only (what :class:`~autograd.Stepper` records).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..core import Value, anomaly_error, as_float, grad_pass, is_anomaly_enabled, topological_order
from .names import expr, rule_and_number

__all__ = ["Step", "backward_steps", "record_steps"]


def _name(v: Value) -> str:
    if v.label:
        return v.label
    if v.op == "const":
        return f"const {v.data!r}"
    if v.is_leaf():
        return f"leaf {v.data!r}"
    return f"({v.op})"


def _expr(v: Value) -> str:
    """How ``v`` was computed, e.g. "x1 * w1", "tanh(o)", "s**2"."""
    return expr(v.opdef, [_name(p) for p in v.parents], max_args=3)


@dataclass(frozen=True, slots=True)
class Step:
    """One chain-rule step: the edge ``node -> parent`` of a backward pass.

    ``contribution = local_grad * upstream`` is added to the parent's grad:
    ``parent_grad = parent_grad_before + contribution``.
    """

    step: int
    node: Value
    parent: Value
    index: int
    op: str
    local_grad: float
    upstream: float
    contribution: float
    parent_grad_before: float
    parent_grad: float

    def __str__(self) -> str:
        child, parent = _name(self.node), _name(self.parent)
        rule = self.node.opdef.rule(self.index, len(self.node.parents))
        return (
            f"step {self.step}: {child} = {_expr(self.node)}; "
            f"local d{child}/d{parent} = {rule_and_number(rule, self.local_grad)}; "
            f"{parent}.grad += {self.upstream:.6g} x {self.local_grad:.6g} = {self.contribution:.6g} "
            f"({self.parent_grad_before:.6g} -> {self.parent_grad:.6g})"
        )


def _require_value(root: object, where: str) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"{where} expects a Value, got {type(root).__name__}: {root!r}")


def backward_steps(root: Value, grad: float = 1.0) -> Iterator[Step]:
    """The backward pass of ``root``, one chain-rule step at a time, writing ``.grad``.

    The reset and seed happen when the first step is requested; grads are
    updated as steps are consumed, so a half-consumed generator shows a
    half-finished pass. While it runs, another pass that writes ``.grad``
    over its graph raises RuntimeError; finish the generator or ``close()`` it.
    """
    _require_value(root, "backward_steps")
    seed = as_float(grad, "backward_steps seed grad")
    return _steps(root, seed)


def _steps(root: Value, seed: float) -> Iterator[Step]:
    checked = is_anomaly_enabled()  # decided when the pass starts, as grad_pass's restore is
    with grad_pass(root, seed, "backward_steps") as order:
        i = 0
        for node in reversed(order):
            op = node.op
            for index, (p, local) in enumerate(node.edges()):
                upstream = node.grad
                before = p.grad
                contribution = local * upstream
                after = before + contribution
                if checked and after - after != 0.0:
                    raise anomaly_error(root, node, index, upstream, local, after, "backward_steps")
                p.grad = after
                yield Step(i, node, p, index, op, local, upstream, contribution, before, after)
                i += 1


def record_steps(root: Value, grad: float = 1.0) -> tuple[list[Step], dict[Value, float]]:
    """The Steps :func:`backward_steps` would give from zeroed grads, and every node's final grad.

    Nothing is written: grads live in the returned dict (each node of the
    graph -> its grad at the end of the pass), so any number of threads may
    record one graph at once.
    """
    _require_value(root, "record_steps")
    seed = as_float(grad, "record_steps seed grad")
    order = topological_order(root)
    grads = dict.fromkeys(order, 0.0)
    grads[root] = seed
    steps: list[Step] = []
    for node in reversed(order):
        op = node.op
        for index, (p, local) in enumerate(node.edges()):
            upstream = grads[node]
            before = grads[p]
            contribution = local * upstream
            grads[p] = after = before + contribution
            steps.append(Step(len(steps), node, p, index, op, local, upstream, contribution, before, after))
    return steps, grads
