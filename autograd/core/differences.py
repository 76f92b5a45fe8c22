"""Numeric derivatives: what a function gives when its inputs are moved a little.

Every helper that moves inputs puts each ``data`` back exactly afterwards,
even when the function raises. Gradient checking (:mod:`autograd.gradcheck`)
and ``nets.parameter_table`` build on them.

This module provides:

- :func:`central_difference` — ``f()`` with one Value moved to ``x - eps`` and
  ``x + eps``; :func:`directional_difference` — with every input moved along a
  direction ``u``, to ``x - eps u`` and ``x + eps u``;
- :func:`richardson_steps` and :func:`richardson` — central differences at
  steps ``h, h/2, h/4, ...`` extrapolated to step 0 (Richardson's tableau:
  each column cancels the next even power of ``h``);
- :func:`complex_step` — ``Im f(x + i h u) / h`` for a recorded graph
  (:class:`~autograd.core.trace.Trace`): no subtractive cancellation, exact to
  rounding for analytic ops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .node import Value
from .trace import Trace

__all__ = [
    "central_difference",
    "complex_step",
    "directional_difference",
    "richardson",
    "richardson_steps",
]

T = TypeVar("T")


def central_difference(f: Callable[[], T], x: Value, eps: float) -> tuple[T, T]:
    """``(f() at x - eps, f() at x + eps)``, moving ``x.data``; ``x.data`` is restored bitwise.

    The numeric derivative of a float-valued ``f`` is ``(hi - lo) / (2 eps)``.
    """
    x0 = x.data
    try:
        x.data = x0 - eps
        lo = f()
        x.data = x0 + eps
        hi = f()
    finally:
        x.data = x0
    return lo, hi


def directional_difference(
    f: Callable[[], T], xs: Sequence[Value], u: Sequence[float], eps: float
) -> tuple[T, T]:
    """``(f() at x - eps u, f() at x + eps u)``, moving each ``xs[i].data`` by ``-+ eps u[i]``; restored."""
    x0 = [x.data for x in xs]
    try:
        for x, a, d in zip(xs, x0, u):
            x.data = a - eps * d
        lo = f()
        for x, a, d in zip(xs, x0, u):
            x.data = a + eps * d
        hi = f()
    finally:
        for x, a in zip(xs, x0):
            x.data = a
    return lo, hi


def richardson_steps(h: float, levels: int = 4) -> list[float]:
    """The step sizes of a Richardson extrapolation: ``h, h/2, ..., h/2^(levels-1)``."""
    return [h / 2.0**k for k in range(levels)]


def richardson(estimates: Sequence[float]) -> float:
    """Central-difference estimates at halving steps (``richardson_steps``) extrapolated to step 0.

    A central difference is ``f' + c2 h^2 + c4 h^4 + ...``; with the steps
    halving, column j of the tableau removes the ``h^(2j)`` term:
    ``R[k][j] = R[k][j-1] + (R[k][j-1] - R[k-1][j-1]) / (4^j - 1)``.
    """
    row = list(estimates)
    if not row:
        raise ValueError("richardson: needs at least one estimate")
    for j in range(1, len(row)):
        row = [row[k] + (row[k] - row[k - 1]) / (4.0**j - 1.0) for k in range(1, len(row))]
    return row[-1]


def complex_step(t: Trace, point: Sequence[float], u: Sequence[float], h: float) -> float:
    """The derivative of ``t``'s root along ``u`` at ``point``: ``Im f(point + i h u) / h``.

    Raises :class:`~autograd.core.errors.NoComplexForwardError` when the graph
    passes through an op with no complex forward.
    """
    z = t.forward(*[complex(x, h * d) for x, d in zip(point, u)])
    return complex(z).imag / h
