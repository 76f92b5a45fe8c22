"""Numeric derivatives: what a function gives when one input is moved a little.

This module provides :func:`central_difference` — ``f()`` evaluated with one
Value's ``data`` moved to ``x - eps`` and ``x + eps``, the ``data`` put back
exactly afterwards, even when ``f`` raises. Gradient checking
(:mod:`autograd.gradcheck`) and ``nets.parameter_table`` both build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .node import Value

__all__ = ["central_difference"]

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
