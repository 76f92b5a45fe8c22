"""Declaring an op: one declaration becomes its function, its Value methods and its registry entry.

This module provides:

- :func:`defop` — declare your own op (public, ``autograd.defop``).
- :func:`declare` — the same for a ready :class:`~autograd.core.registry.OpDef`,
  with the options the built-in table uses (operators, a hand-written
  function, ``builtin=True``); :mod:`autograd.core.ops` declares every
  built-in op with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .errors import NoComplexForwardError
from .node import Value, apply, apply1, apply2, compile_fast, operand
from .options import flag
from .registry import OpDef, register, validate_name

__all__ = ["declare", "defop"]


def _function(op: OpDef) -> Callable[..., Value]:
    """The op's function on Values or numbers: its fast builder, or one built from its declaration."""
    if op.fast is not None:
        return op.fast
    if op.arity == 1:

        def fn(x: Any) -> Value:
            return apply1(op, x)

    elif op.arity == 2:

        def fn(x: Any, y: Any) -> Value:
            return apply2(op, x, y)

    else:

        def fn(*args: Any) -> Value:
            if len(args) != op.arity:
                raise TypeError(f"{op.name} takes {op.arity} argument(s), got {len(args)}")
            return apply(op, args)

    fn.__name__ = fn.__qualname__ = op.name if op.name.isidentifier() else "op"
    return fn


def _operator_methods(op: OpDef, name: str) -> dict[str, Callable[..., Any]]:
    """``__{name}__`` (and ``__r{name}__`` for a binary op) applying ``op``.

    Operators answer NotImplemented for an operand that is neither a Value
    nor a number, so Python raises its usual TypeError; a binary op's fast
    builder does so itself and serves as ``__{name}__``.
    """
    build = op.fast
    if op.arity == 1:

        def unary(self: Value) -> Value:
            return apply1(op, self)

        return {f"__{name}__": build or unary}
    if build is None:

        def build(x: Value, y: Any) -> Value:
            if type(y) is not Value:
                y = operand(y, op.name)
                if y is None:
                    return NotImplemented
            return apply2(op, x, y)

    def reflected(self: Value, other: Any) -> Value:
        other = operand(other, op.name)
        if other is None:
            return NotImplemented
        return build(other, self)

    return {f"__{name}__": build, f"__r{name}__": reflected}


def _validate_method(name: str) -> None:
    existing = Value.__dict__.get(name)
    if existing is not None and getattr(existing, "opdef", None) is None:
        raise ValueError(f"Value already has an attribute {name!r}; choose another name")


def declare(
    op: OpDef,
    *,
    method: bool = False,
    operator: str | None = None,
    methods: Mapping[str, Callable[..., Any]] | None = None,
    function: Callable[..., Value] | None = None,
    builtin: bool = False,
) -> Callable[..., Value]:
    """Register ``op`` and make its function and Value methods; returns the function.

    Args:
        op: the declaration.
        method: also attach the function as ``Value.<name>()``.
        operator: a Python operator name: ``"add"`` attaches ``__add__`` and
            ``__radd__`` (``"neg"``, ``"abs"``: the unary ``__neg__``, ``__abs__``).
        methods: more Value attributes, name -> callable, written by hand
            next to the declaration (``**`` dispatches on its exponent).
        function: a hand-written function instead of the generic one.
        builtin: mark the op as built-in: it cannot be declared again.

    Everything is checked before anything changes.
    """
    validate_name(op.name)
    if isinstance(op.fast, tuple):
        op.fast = compile_fast(op)
    fn = function if function is not None else _function(op)
    fn.__doc__ = op.doc or f"The op {op.name!r}."
    fn.opdef = op  # type: ignore[attr-defined]
    attrs: dict[str, Callable[..., Any]] = {}
    if method:
        attrs[op.name] = fn
    if operator is not None:
        attrs.update(_operator_methods(op, operator))
    attrs.update(methods or {})
    for name, attr in attrs.items():
        _validate_method(name)
        if attr is not fn:
            attr.opdef = op  # type: ignore[attr-defined]
    register(op, fn, builtin=builtin)
    for name, attr in attrs.items():
        setattr(Value, name, attr)  # a re-declared user op replaces its old method
    return fn


def defop(
    name: str,
    forward: Callable[..., float],
    derivs: Sequence[Callable[..., Any]],
    rules: Sequence[str],
    domain: Any = (-2.0, 2.0),
    *,
    method: bool = False,
    doc: str = "",
    kinks: Sequence[float] = (),
    complex_forward: Callable[..., complex] | None = None,
) -> Callable[..., Value]:
    """Declare an op and return its autograd function.

    Args:
        name: the op string shown on nodes (also the ``Value`` method name).
        forward: ``forward(*xs) -> float`` on plain floats. Raising
            ``ValueError`` or ``ArithmeticError`` marks a point outside the
            domain (it becomes :class:`~autograd.DomainError`).
        derivs: for each argument i, ``derivs[i](F, *xs, out)`` = d out / d xs[i],
            written with operators and ``F.exp``, ``F.log``, ... (and your own
            ops, ``F.<name>``) only, so it works on floats and on Values
            (higher-order gradients).
        rules: for each argument, the derivative written for people ("1 - tanh(x)^2").
        domain: a sample range ``(lo, hi)`` (or one per argument) for tests.
        method: also attach the op as ``Value.<name>()``.
        doc: the formula, shown as the function's docstring.
        kinks: the points where the derivative with respect to the first
            argument jumps, finite numbers; gradient checks warn when a finite
            difference straddles one or the argument sits on one.
        complex_forward: the op on complex numbers, for complex-step
            derivatives (``check_grads(method="complex")``). When it is not
            given, ``forward`` itself is tried on complex arguments; a
            TypeError or ValueError, or a result that is not complex, means
            the op has none (the check then falls back to Richardson).

    Returns:
        ``fn(*args) -> Value``; arguments may be Values or numbers.

    Raises:
        TypeError: an argument of the wrong type, named (``derivs`` given as one
            function instead of a tuple, ``kinks=5``, ``method="yes"``, ...).
        ValueError: a name that is empty, taken by a built-in or of the form
            ``__x__`` (Python's special names: ``Value.__add__`` is ``+``); no
            derivatives (an op takes at least one argument); as many rules as
            derivatives not given; a kink point or domain bound that is NaN,
            infinite or beyond floats, or a domain with ``lo >= hi``;
            ``method=True`` with a name that is not an identifier or is taken
            by an attribute of Value.

    Every argument is checked before anything changes: after an error the op
    table, the ``F`` namespaces and Value are as they were.
    """
    validate_name(name)
    method = flag(method, f"defop {name!r}: method")
    if method and not name.isidentifier():
        raise ValueError(f"defop {name!r}: method=True needs a name that is a Python identifier")
    if complex_forward is None:
        complex_forward = _forward_on_complex(name, forward)
    op = OpDef(name, forward, derivs, rules, domain, doc, kinks=kinks, complex_forward=complex_forward)
    if op.arity == 0:
        raise ValueError(
            f"op {name!r}: derivs is empty; an op takes at least one argument (one derivative per argument)"
        )
    return declare(op, method=method)


def _forward_on_complex(name: str, forward: Callable[..., Any]) -> Callable[..., complex]:
    """``forward`` tried on complex numbers; NoComplexForwardError when it rejects them or answers a real."""

    def on_complex(*zs: complex) -> complex:
        try:
            out = forward(*zs)
        except (TypeError, ValueError):
            raise NoComplexForwardError(name) from None
        if not isinstance(out, complex):
            raise NoComplexForwardError(name)
        return out

    return on_complex
