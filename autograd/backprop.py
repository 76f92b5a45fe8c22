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

if TYPE_CHECKING:
    from .value import Value

# Each walk takes two fresh marks: "expanded" (odd) and "finished" (even).
# Marks only grow, so any older mark compares below the current pass's.
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
    append = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark == done:  # a stale duplicate entry: already placed
            pop()
            continue
        if mark != expanded:
            node._mark = expanded
            pushed = False
            for p in reversed(node._parents):
                if p._mark < expanded:
                    push(p)
                    pushed = True
            if pushed:
                continue
        # all parents are finished: place the node
        node._mark = done
        pop()
        append(node)
    return order


def _graph_order(root: Value) -> list[Value]:
    """The non-leaf nodes of :func:`topological_order`, in the same order,
    with their grads reset to 0.0 (the first half of a backward pass).

    Leaves are never pushed: they have no edges to walk and keep their grads.
    """
    done = next(_marks)
    expanded = done - 1
    order: list[Value] = []
    if not root._parents:
        return order
    append = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = stack[-1]
        mark = node._mark
        if mark == done:
            pop()
            continue
        if mark != expanded:
            node._mark = expanded
            pushed = False
            for p in reversed(node._parents):
                if p._parents and p._mark < expanded:
                    push(p)
                    pushed = True
            if pushed:
                continue
        node._mark = done
        node.grad = 0.0
        pop()
        append(node)
    return order


def _prepare(root: Value, grad: Any, where: str) -> list[Value]:
    """Reset non-leaf grads, seed the root; return the non-leaf order."""
    _check_root(root, where)
    seed = _seed(grad, where)
    order = _graph_order(root)
    if root._parents:
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
    order = _prepare(root, grad, "backward")
    for node in reversed(order):
        g = node.grad
        parents = node._parents
        if len(parents) == 2:  # NOTE: unrolled binary ops; same arithmetic, same order
            p, q = parents
            lp, lq = node._local_grads
            p.grad += lp * g
            q.grad += lq * g
        else:
            for p, local in zip(parents, node._local_grads):
                p.grad += local * g


def _name(v: Value) -> str:
    if v.label:
        return v.label
    if v._op.name == "const":
        return f"const {v._data!r}"
    if not v._parents:
        return f"leaf {v._data!r}"
    return f"({v._op.name})"


_INFIX = {"+", "-", "*", "/", "**"}


def _expr(v: Value) -> str:
    """How ``v`` was computed, e.g. "x1 * w1", "tanh(o)", "s**2"."""
    op, ps = v._op.name, v._parents
    if op in _INFIX and len(ps) == 2:
        return f"{_name(ps[0])} {op} {_name(ps[1])}"
    if op.startswith("**"):
        return f"{_name(ps[0])}{op}"
    if op == "neg":
        return f"-{_name(ps[0])}"
    if len(ps) > 3:
        return f"{op}({_name(ps[0])}, ..., {_name(ps[-1])})"
    return f"{op}({', '.join(_name(p) for p in ps)})"


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
        rule = self.node._op.rule(self.index, len(self.node._parents))
        return (
            f"step {self.step}: {child} = {_expr(self.node)}; "
            f"local d{child}/d{parent} = {rule} = {self.local_grad:.6g}; "
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
    order = _prepare(root, seed, "backward_steps")
    i = 0
    for node in reversed(order):
        parents = node._parents
        op = node._op.name
        for index, (p, local) in enumerate(zip(parents, node._local_grads)):
            upstream = node.grad
            before = p.grad
            contribution = local * upstream
            p.grad = before + contribution
            yield Step(i, node, p, index, op, local, upstream, contribution, before, p.grad)
            i += 1
