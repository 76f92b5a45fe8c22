"""The backward pass one chain-rule step at a time.

This module provides:

- :class:`Step` — one chain-rule step: the edge ``node -> parent`` of a
  backward pass, with the numbers that went into it, and which of the
  parent's incoming contributions it is (``arrival`` of ``arrivals``).
- :func:`backward_steps` — the pass as a generator of Steps that writes
  ``.grad`` as it goes: the same arithmetic in the same order as
  :func:`autograd.backward`, so the final grads are bitwise equal. It holds
  the pass guard (:func:`autograd.core.grad_pass`) from its first step to its
  last, or until it is closed or collected. Under ``autograd.detect_anomaly()``
  (when the pass starts) a non-finite gradient raises AnomalyError and every
  grad the pass changed is put back.
- :func:`record_steps` — the same Steps, computed into a dict instead of
  ``.grad``: reads the graph only (what :class:`~autograd.Stepper` records).

A Step prints in the nodes' names (:class:`~autograd.see.names.Names` of the
pass's root) and counts from 1 for people: ``step 1: a = tanh(o); local
da/do = 1 - tanh(o)^2 = 0.5; o.grad += 1 x 0.5 = 0.5 (0 -> 0.5)``; its ``step``
field stays 0-based.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..core import (
    Value,
    anomaly_error,
    as_float,
    grad_pass,
    is_anomaly_enabled,
    require_value,
    topological_order,
)
from .names import Names, rule_and_number

__all__ = ["Step", "arrivals", "backward_steps", "count_naive_steps", "naive_steps", "record_steps"]


@dataclass(frozen=True, slots=True)
class Step:
    """One chain-rule step: the edge ``node -> parent`` of a backward pass.

    ``contribution = local_grad * upstream`` is added to the parent's grad:
    ``parent_grad = parent_grad_before + contribution``. It is the parent's
    ``arrival``-th of ``arrivals`` incoming contributions (both from 1; 0 when
    unknown). ``step`` counts from 0; ``str(step)`` shows it from 1.
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
    arrival: int = 0
    arrivals: int = 0
    names: Names | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        names = self.names if self.names is not None else Names(self.node)
        parent = names.of(self.parent)
        rule = names.rule(self.node, self.index)
        into = ""
        if self.arrivals > 1:
            into = f" (path {self.arrival} of {self.arrivals} into {names[self.parent]})"
        return (
            f"step {self.step + 1}: {names.equation(self.node)}; "
            f"local {names.ratio(self.node, self.parent)} = {rule_and_number(rule, self.local_grad)}; "
            f"{parent}.grad += {self.upstream:.6g} x {self.local_grad:.6g} = {self.contribution:.6g} "
            f"({self.parent_grad_before:.6g} -> {self.parent_grad:.6g}){into}"
        )


def arrivals(nodes: list[Value]) -> Counter:
    """How many contributions each node receives in a backward pass over ``nodes`` (its edges in)."""
    return Counter(p for v in nodes for p in v.parents)


def backward_steps(root: Value, grad: float = 1.0) -> Iterator[Step]:
    """The backward pass of ``root``, one chain-rule step at a time, writing ``.grad``.

    The reset and seed happen when the first step is requested; grads are
    updated as steps are consumed, so a half-consumed generator shows a
    half-finished pass. While it runs, another pass that writes ``.grad``
    over its graph raises RuntimeError; finish the generator or ``close()`` it.
    """
    require_value(root, "backward_steps")
    seed = as_float(grad, "backward_steps seed grad")
    return _steps(root, seed)


def _steps(root: Value, seed: float) -> Iterator[Step]:
    checked = is_anomaly_enabled()  # decided when the pass starts, as grad_pass's restore is
    with grad_pass(root, seed, "backward_steps") as order:
        names = Names(root)
        total = arrivals(order)
        seen: Counter = Counter()
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
                seen[p] += 1
                yield Step(
                    i,
                    node,
                    p,
                    index,
                    op,
                    local,
                    upstream,
                    contribution,
                    before,
                    after,
                    seen[p],
                    total[p],
                    names,
                )
                i += 1


def record_steps(root: Value, grad: float = 1.0) -> tuple[list[Step], dict[Value, float]]:
    """The Steps :func:`backward_steps` would give from zeroed grads, and every node's final grad.

    Nothing is written: grads live in the returned dict (each node of the
    graph -> its grad at the end of the pass), so any number of threads may
    record one graph at once.
    """
    require_value(root, "record_steps")
    seed = as_float(grad, "record_steps seed grad")
    order = topological_order(root)
    names = Names(root, order)
    total = arrivals(order)
    seen: Counter = Counter()
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
            seen[p] += 1
            steps.append(
                Step(
                    len(steps),
                    node,
                    p,
                    index,
                    op,
                    local,
                    upstream,
                    contribution,
                    before,
                    after,
                    seen[p],
                    total[p],
                    names,
                )
            )
    return steps, grads


def count_naive_steps(root: Value, order: list[Value] | None = None) -> int:
    """How many steps :func:`naive_steps` takes, counted over paths without running it.

    The naive pass visits a node once per path from the root to it, and does
    one step per edge at each visit: the sum over nodes of paths x parents.
    The count can grow exponentially with depth.
    """
    order = topological_order(root) if order is None else order
    paths = _paths_from(root, order)
    return sum(paths[v] * len(v.parents) for v in order)


def _paths_from(root: Value, order: list[Value]) -> dict[Value, int]:
    """How many paths lead from ``root`` to each node of ``order`` (its topological order)."""
    paths = dict.fromkeys(order, 0)
    paths[root] = 1
    for v in reversed(order):
        for p in v.parents:
            paths[p] += paths[v]
    return paths


def naive_steps(root: Value, grad: float = 1.0) -> tuple[list[Step], dict[Value, float], list[int]]:
    """The backward pass people write first, recorded: ``(steps, final grads, premature step indices)``.

    ``naive(node)``: for each edge, ``parent.grad += local * node.grad``; then
    ``naive(parent)`` for each parent in argument order — no visited set, no
    ordering. A step is premature when its node passes its gradient on before
    every consumer has added its contribution (so that gradient is not final
    yet); the node may then pass it again later, and its parents count it
    twice. Nothing is written: the grads live in the returned dict. Count the
    steps first (:func:`count_naive_steps`): they can grow exponentially.
    """
    require_value(root, "naive_steps")
    seed = as_float(grad, "naive_steps seed grad")
    order = topological_order(root)
    names = Names(root, order)
    consumers = arrivals(order)  # edges into each node from the graph
    paths = _paths_from(root, order)
    total: Counter = Counter()  # contributions each node receives in the naive pass
    for v in order:
        for p in v.parents:
            total[p] += paths[v]
    added: dict[Value, set] = {v: set() for v in order}  # the consumer edges that have contributed
    grads = dict.fromkeys(order, 0.0)
    grads[root] = seed
    seen: Counter = Counter()
    steps: list[Step] = []
    premature: list[int] = []
    stack = [root]
    while stack:
        node = stack.pop()
        early = len(added[node]) < consumers[node]
        for index, (p, local) in enumerate(node.edges()):
            upstream = grads[node]
            before = grads[p]
            contribution = local * upstream
            grads[p] = after = before + contribution
            added[p].add((node, index))
            seen[p] += 1
            if early:
                premature.append(len(steps))
            steps.append(
                Step(
                    len(steps),
                    node,
                    p,
                    index,
                    node.op,
                    local,
                    upstream,
                    contribution,
                    before,
                    after,
                    seen[p],
                    total[p],
                    names,
                )
            )
        stack.extend(reversed(node.parents))  # depth-first, parents in argument order
    return steps, grads, premature
