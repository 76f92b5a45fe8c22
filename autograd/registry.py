"""The op registry: what an op is, and the table of every op that exists.

An op is declared once, as an :class:`OpDef`: its name, its forward function
on floats, and for each argument its local derivative written against a
math-like namespace ``F``. The forward pass evaluates the derivatives with
``F = floatmath`` (plain float math) and stores the numbers on the node; the
higher-order machinery evaluates the very same rules with ``F = autograd`` so
that they build differentiable graph nodes. One table of formulas serves both.

This module provides:

- :class:`OpDef` — one op's declaration (and :class:`DotOpDef`, the n-ary
  weighted sum, whose arity varies).
- :data:`REGISTRY` — name -> OpDef for every registered op.
- :data:`floatmath` — the float ``F`` namespace; every registered op's
  forward function is reachable as ``floatmath.<name>``.
- :func:`register` — add an OpDef to the table.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

#: A local-derivative rule: ``deriv(F, *xs, out)`` -> d out / d xs[i].
Deriv = Callable[..., Any]


class OpDef:
    """The declaration of one op.

    Attributes:
        name: the op string shown on nodes ("exp", "*", "**2", ...).
        forward: ``forward(*xs) -> float`` on plain floats.
        derivs: one rule per argument, ``derivs[i](F, *xs, out)``.
        rules: one human-readable rule per argument ("1 - tanh(x)^2").
        domain: a sample input range ``(lo, hi)`` used by tests, or one range
            per argument.
        doc: the docstring of the public function (with the formula).
    """

    __slots__ = ("name", "forward", "derivs", "rules", "domain", "doc", "arity")

    def __init__(
        self,
        name: str,
        forward: Callable[..., float],
        derivs: Sequence[Deriv],
        rules: Sequence[str],
        domain: Any = (-2.0, 2.0),
        doc: str = "",
    ) -> None:
        if len(derivs) != len(rules):
            raise ValueError(
                f"op {name!r}: {len(derivs)} derivative rule(s) but {len(rules)} rule string(s)"
            )
        self.name = name
        self.forward = forward
        self.derivs = tuple(derivs)
        self.rules = tuple(rules)
        self.domain = domain
        self.doc = doc
        self.arity = len(self.derivs)

    def local_grads(self, F: Any, xs: Sequence[Any], out: Any) -> tuple:
        """Evaluate every local derivative d out / d xs[i] with namespace ``F``."""
        return tuple(d(F, *xs, out) for d in self.derivs)

    def rule(self, index: int, nparents: int) -> str:
        """The rule string of the edge to argument ``index``."""
        return self.rules[index]

    def __repr__(self) -> str:
        return f"OpDef({self.name!r}, arity={self.arity})"


class DotOpDef(OpDef):
    """``dot(ws, xs, b)``: parents ``(w_1..w_n, x_1..x_n[, b])``.

    Local grads are ``(x_1..x_n, w_1..w_n[, 1])``. Its arity varies per node.
    """

    __slots__ = ()

    def local_grads(self, F: Any, xs: Sequence[Any], out: Any) -> tuple:
        n = len(xs) // 2
        ws, ins = xs[:n], xs[n : 2 * n]
        return tuple(ins) + tuple(ws) + ((1.0,) if len(xs) % 2 else ())

    def rule(self, index: int, nparents: int) -> str:
        n = nparents // 2
        if index < n:
            return f"x_{index + 1}"
        if index < 2 * n:
            return f"w_{index - n + 1}"
        return "1"


#: Every registered op, by name.
REGISTRY: dict[str, OpDef] = {}

#: The float ``F`` namespace: plain ``math`` plus each op's float forward.
floatmath = SimpleNamespace(pi=math.pi, e=math.e)


#: Names that cannot be declared again: the built-in ops (filled in by
#: :func:`protect_builtins` once autograd has imported) and ``floatmath``'s constants.
PROTECTED: set[str] = {"pi", "e"}


def register(op: OpDef) -> OpDef:
    """Add ``op`` to :data:`REGISTRY` (and its forward to :data:`floatmath`).

    A user's op may be declared again under the same name (re-running a
    notebook cell replaces it); a built-in op may not, since other ops'
    derivative rules call it through ``F``.
    """
    if not isinstance(op.name, str) or not op.name:
        raise ValueError(f"an op needs a non-empty string name, got {op.name!r}")
    if op.name in PROTECTED:
        raise ValueError(f"op name {op.name!r} is taken by a built-in; choose another name")
    REGISTRY[op.name] = op
    if op.name.isidentifier():
        setattr(floatmath, op.name, op.forward)
    return op


def protect_builtins() -> None:
    """Mark every op registered so far as built-in (called once by ``autograd/__init__``)."""
    PROTECTED.update(REGISTRY)
