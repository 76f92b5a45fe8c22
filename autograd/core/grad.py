"""`grad`: derivatives returned as values, without touching any ``.grad``.

This module provides :func:`grad`. It runs the same reverse accumulation as
:func:`autograd.backward` — for each node in reverse topological order and
each of its edges, ``adjoint[parent] += local_grad * adjoint[node]`` — but keeps
the adjoints in a dict keyed by node, so no ``.grad`` field changes.

With ``create_graph=True`` the local derivative of each edge is not the float
stored on the node: it is the op's derivative from the registry evaluated
on Values, with ``F = valuemath`` (``opdef.local_grads(valuemath,
node.parents, node)``). Every adjoint is then a Value in a new graph, so it can
be differentiated again: second, third, ... derivatives. ``valuemath`` holds
every registered op, a user's included, so a derivative may call any op
through ``F``.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

from .errors import DomainError, describe
from .node import (
    Value,
    anomaly_error,
    const,
    is_anomaly_enabled,
    is_grad_enabled,
    topological_order,
    value_list,
)
from .options import flag
from .registry import valuemath

__all__ = ["grad"]


def _validate_inputs(output: Any, inputs: Any, create_graph: Any) -> tuple[list[Value], bool]:
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}: {describe(output)}")
    xs = value_list(inputs, "grad: inputs")
    create_graph = flag(create_graph, "grad: create_graph")
    if create_graph and not is_grad_enabled():
        raise RuntimeError("grad(create_graph=True) cannot build a graph inside a no_grad() block")
    return xs, create_graph


def grad(output: Value, inputs: Iterable[Value], create_graph: bool = False) -> list:
    """The derivative of ``output`` with respect to each of ``inputs``.

    Args:
        output: the Value to differentiate.
        inputs: the Values to differentiate with respect to, a list (leaves or
            intermediate nodes of ``output``'s graph; repeats allowed). A set
            is refused: it has no order to give the results in.
        create_graph: True or False (a numpy bool too). If False, return floats equal to what
            ``output.backward()`` would put in each input's ``.grad``
            (from zeroed grads). If True, return Values built from the op
            registry's derivatives, themselves differentiable.

    Returns:
        A list, one entry per input: d output / d input. An input ``output``
        does not depend on gets ``0.0`` (``const(0.0)`` with create_graph).
        With create_graph a result may be an existing node: d(x*y)/dx is ``y``.

    Raises:
        TypeError: ``output`` is not a Value, ``inputs`` is not a list of
            Values (one Value, a set, an entry that is not a Value), or
            ``create_graph`` is not a bool.
        RuntimeError: ``create_graph=True`` inside ``no_grad()``.

    No ``.grad`` field is read or written. Inside ``autograd.detect_anomaly()``
    the first adjoint that becomes NaN or infinite raises AnomalyError naming
    the edge (with create_graph, where such an adjoint cannot even be built).
    """
    xs, create_graph = _validate_inputs(output, inputs, create_graph)
    order = topological_order(output)
    checked = is_anomaly_enabled()
    if not create_graph:
        adj = _float_adjoints(order, checked)
        return [adj.get(x, 0.0) for x in xs]
    adj = _value_adjoints(order, checked)
    out = []
    for x in xs:
        g = adj.get(x, 0.0)
        out.append(g if isinstance(g, Value) else const(g))
    return out


def _float_adjoints(order: list[Value], checked: bool = False) -> dict[Value, float]:
    """Reverse accumulation with the stored local grads (same arithmetic as backward)."""
    root = order[-1]
    adj: dict[Value, float] = {root: 1.0}
    get = adj.get
    for node in reversed(order):
        parents = node.parents
        if not parents:
            continue
        g = adj[node]
        if checked:  # anomaly mode: each sum checked, its edge named
            for i, (p, local) in enumerate(zip(parents, node.local_grads)):
                new = get(p, 0.0) + local * g
                if new - new != 0.0:
                    raise anomaly_error(root, node, i, g, local, new, "grad")
                adj[p] = new
        else:
            for p, local in zip(parents, node.local_grads):
                adj[p] = get(p, 0.0) + local * g
    return adj


def _times(local: Any, g: Any, node: Value, index: int) -> Any:
    """``local * g``, or None for an exact zero; skips multiplying by 1.0."""
    if isinstance(local, Value):
        return local if (type(g) is float and g == 1.0) else local * g
    if isinstance(local, bool) or not isinstance(local, numbers.Real):
        raise TypeError(
            f"grad: op {node.op!r}: the derivative for argument {index} returned "
            f"{type(local).__name__}: {local!r}; expected a Value or a number"
        )
    if local == 0.0:
        return None
    return g if local == 1.0 else float(local) * g


def _value_adjoints(order: list[Value], checked: bool = False) -> dict[Value, Any]:
    """Reverse accumulation where each local grad is a Value from the op's derivatives."""
    F = valuemath
    root = order[-1]
    adj: dict[Value, Any] = {root: 1.0}
    for node in reversed(order):
        parents = node.parents
        if not parents:
            continue
        g = adj.get(node)
        if g is None or (type(g) is float and g == 0.0):  # no path with a nonzero local grad
            continue
        locals_ = node.opdef.local_grads(F, parents, node)
        for i, (p, local) in enumerate(zip(parents, locals_)):
            prev = adj.get(p)
            try:
                c = _times(local, g, node, i)
                if c is None:
                    continue
                adj[p] = c if prev is None else prev + c
            except DomainError as e:
                if not checked:
                    raise
                number = lambda v: v.data if isinstance(v, Value) else v  # noqa: E731
                new = number(prev if prev is not None else 0.0) + number(local) * number(g)
                raise anomaly_error(root, node, i, number(g), number(local), new, "grad") from e
    return adj
