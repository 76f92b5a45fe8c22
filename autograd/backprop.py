"""The backward pass: reverse-mode chain rule over a Value graph.

This module provides:

- :func:`topological_order` — every node the root depends on, each after all
  of its parents, the root last (iterative depth-first post-order; parents
  visited in argument order).
- :func:`backward` — the plain pass. Non-leaf grads in the graph are reset to
  0.0, the root is seeded, then for each node in reverse topological order and
  each of its edges in argument order: ``parent.grad += local_grad * node.grad``.
  Leaves accumulate across passes (like PyTorch leaf tensors).
- :func:`backward_steps` — the same pass as a generator of :class:`Step`
  records, one chain-rule step (one edge) at a time; same arithmetic in the
  same order, so final grads are bitwise equal to :func:`backward`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .labels import expr, rule_and_number

if TYPE_CHECKING:
    from .value import Value

# Each walk takes two fresh marks: "expanded" (odd) and "done" (even).
# Marks only grow, so any older mark compares below the current walk's.
_marks = itertools.count(2, 2)


def _check_root(root: Any, where: str) -> None:
    from .value import Value

    if not isinstance(root, Value):
        raise TypeError(f"{where} expects a Value, got {type(root).__name__}: {root!r}")


def _seed(grad: Any, where: str) -> float:
    from .value import _to_float

    return _to_float(grad, f"{where} seed grad")


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each once and after all its parents; root last."""
    _check_root(root, "topological_order")
    done = next(_marks)
    expanded = done - 1
    order: list[Value] = []
    stack = [root]
    while stack:
        # A node is popped twice: first it is expanded (pushed back beneath
        # its unvisited parents), then, with all its parents placed, placed.
        node = stack.pop()
        mark = node._mark
        if mark == expanded:
            node._mark = done
            order.append(node)
        elif mark != done:  # (done: a stale duplicate entry)
            node._mark = expanded
            stack.append(node)
            stack.extend(p for p in reversed(node.parents) if p._mark < expanded)
    return order


def _graph_order(root: Value) -> list[Value]:
    """The non-leaf nodes of :func:`topological_order`, in the same order,
    with their grads reset to 0.0 (the first half of a backward pass).

    The same walk, unrolled for the inline edges of a node (see ``Value``);
    leaves are never pushed: they have no edges to walk and keep their grads.
    """
    order: list[Value] = []
    if root._p0 is None:
        return order
    done = next(_marks)
    expanded = done - 1
    append = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        mark = node._mark
        if mark == expanded:
            node._mark = done
            node.grad = 0.0
            append(node)
        elif mark != done:
            node._mark = expanded
            push(node)
            p0 = node._p0
            if type(p0) is tuple:
                for p in reversed(p0):
                    if p._p0 is not None and p._mark < expanded:
                        push(p)
                continue
            p1 = node._p1
            if p1 is not None and p1._p0 is not None and p1._mark < expanded:
                push(p1)
            if p0._p0 is not None and p0._mark < expanded:
                push(p0)
    return order


def _prepare(root: Value, seed: float) -> list[Value]:
    """Reset non-leaf grads, seed the root (both already checked); return the non-leaf order."""
    order = _graph_order(root)
    if root._p0 is not None:
        root.grad = seed
    else:
        root.grad += seed
    return order


def backward(root: Value, grad: float = 1.0) -> None:
    """Run the chain rule from ``root``, filling ``.grad`` of every node it depends on.

    Args:
        root: the output Value.
        grad: the seed d(root)/d(root), 1.0 by default.
    """
    _check_root(root, "backward")
    order = _prepare(root, _seed(grad, "backward"))
    for node in reversed(order):
        # NOTE: edges are read straight from the node's slots (see Value): one or
        # two inline edges, or tuples for more; same arithmetic, same order.
        g = node.grad
        p0, p1 = node._p0, node._p1
        if p1 is not None:
            p0.grad += node._l0 * g
            p1.grad += node._l1 * g
        elif type(p0) is tuple:
            for p, local in zip(p0, node._l0):
                p.grad += local * g
        else:
            p0.grad += node._l0 * g


def _name(v: Value) -> str:
    if v.label:
        return v.label
    if v._op.name == "const":
        return f"const {v._data!r}"
    if not v.parents:
        return f"leaf {v._data!r}"
    return f"({v._op.name})"


def _expr(v: Value) -> str:
    """How ``v`` was computed, e.g. "x1 * w1", "tanh(o)", "s**2"."""
    return expr(v._op.name, [_name(p) for p in v.parents], max_args=3)


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
        rule = self.node._op.rule(self.index, len(self.node.parents))
        return (
            f"step {self.step}: {child} = {_expr(self.node)}; "
            f"local d{child}/d{parent} = {rule_and_number(rule, self.local_grad)}; "
            f"{parent}.grad += {self.upstream:.6g} x {self.local_grad:.6g} = {self.contribution:.6g} "
            f"({self.parent_grad_before:.6g} -> {self.parent_grad:.6g})"
        )


def backward_steps(root: Value, grad: float = 1.0) -> Iterator[Step]:
    """The backward pass of ``root``, one chain-rule step at a time.

    The reset and seed happen when the first step is requested; grads are
    updated as steps are consumed, so a half-consumed generator shows a
    half-finished pass.
    """
    _check_root(root, "backward_steps")
    seed = _seed(grad, "backward_steps")
    return _steps(root, seed)


def _steps(root: Value, seed: float) -> Iterator[Step]:
    order = _prepare(root, seed)
    i = 0
    for node in reversed(order):
        op = node._op.name
        for index, (p, local) in enumerate(zip(node.parents, node.local_grads)):
            upstream = node.grad
            before = p.grad
            contribution = local * upstream
            p.grad = before + contribution
            yield Step(i, node, p, index, op, local, upstream, contribution, before, p.grad)
            i += 1
