"""The function ops (exp, log, tanh, ...), the fused ``dot``, and :func:`defop`.

Each op is declared once with :func:`defop`: its forward on floats, and for
each argument its local derivative written against the namespace ``F``
(plain float math in the forward pass, ``autograd`` itself for higher-order
gradients). Adding an op touches only this declaration.

This module provides ``defop`` and the ops ``abs, exp, log, sqrt, tanh,
sigmoid, relu, sin, cos, softplus, log_sigmoid, sign, step`` (each also a
``Value`` method) and ``dot``.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import Any

from .errors import domain_error
from .registry import DotOpDef, OpDef, register
from .value import Value, _leaf, _no_grad_depth, _node, _node1, apply, apply1, as_value, get_ident

__all__ = [
    "defop", "dot", "abs", "exp", "log", "sqrt", "tanh", "sigmoid", "relu",
    "sin", "cos", "softplus", "log_sigmoid", "sign", "step",
]

_builtin_abs = abs


def defop(
    name: str,
    forward: Callable[..., float],
    derivs: Sequence[Callable[..., Any]],
    rules: Sequence[str],
    domain: Any = (-2.0, 2.0),
    *,
    method: bool = False,
    doc: str = "",
) -> Callable[..., Value]:
    """Declare an op and return its autograd function.

    Args:
        name: the op string shown on nodes (also the ``Value`` method name).
        forward: ``forward(*xs) -> float`` on plain floats. Raising
            ``ValueError`` or ``ArithmeticError`` marks a point outside the
            domain (it becomes :class:`~autograd.DomainError`).
        derivs: for each argument i, ``derivs[i](F, *xs, out)`` = d out / d xs[i],
            written with operators and ``F.exp``, ``F.log``, ... only, so it
            works on floats and on Values (higher-order gradients).
        rules: for each argument, a human-readable rule ("1 - tanh(x)^2").
        domain: a sample range ``(lo, hi)`` (or one per argument) for tests.
        method: also attach the op as ``Value.<name>()``.
        doc: the formula, shown as the function's docstring.

    Returns:
        ``fn(*args) -> Value``; arguments may be Values or numbers.
    """
    op = register(OpDef(name, forward, derivs, rules, domain, doc))

    if op.arity == 1:

        def fn(x: Any) -> Value:
            return apply1(op, x)

    else:

        def fn(*args: Any) -> Value:
            if len(args) != op.arity:
                raise TypeError(f"{name} takes {op.arity} argument(s), got {len(args)}")
            return apply(op, args)

    fn.__name__ = fn.__qualname__ = name if name.isidentifier() else "op"
    fn.__doc__ = doc or f"The op {name!r}."
    fn.op = op  # type: ignore[attr-defined]
    if method:
        existing = Value.__dict__.get(name)
        if existing is not None and getattr(existing, "op", None) is None:
            raise ValueError(f"Value already has an attribute {name!r}; choose another name")
        setattr(Value, name, fn)  # a re-declared user op replaces its old method
    return fn


# -- float helpers (stable forms) ------------------------------------------


def _sigmoid(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-_builtin_abs(x)))


def _log_sigmoid(x: float) -> float:
    return min(x, 0.0) - math.log1p(math.exp(-_builtin_abs(x)))


def _sign(x: float) -> float:
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


def _step(x: float) -> float:
    return 1.0 if x > 0.0 else 0.0


def _zero(F: Any, x: Any, out: Any) -> float:
    return 0.0


# -- the function ops -------------------------------------------------------

sign = defop(
    "sign", _sign, (_zero,), ("0",), doc="sign(x) in {-1, 0, 1};  d/dx = 0 (taken as 0 at x = 0)"
)
step = defop(
    "step", _step, (_zero,), ("0",), doc="step(x) = 1 if x > 0 else 0;  d/dx = 0 (taken as 0 at x = 0)"
)
abs = defop(  # noqa: A001 - the op is called abs, as in the article and numpy
    "abs",
    _builtin_abs,
    (lambda F, x, out: F.sign(x),),
    ("sign(x)",),
    method=True,
    doc="|x|;  d/dx = sign(x), and 0 at x = 0 (as in PyTorch)",
)
Value.__abs__ = abs  # type: ignore[method-assign]
exp = defop(
    "exp", math.exp, (lambda F, x, out: out,), ("exp(x)",), method=True, doc="e^x;  d/dx = e^x"
)
log = defop(
    "log",
    math.log,
    (lambda F, x, out: 1.0 / x,),
    ("1/x",),
    domain=(0.2, 3.0),
    method=True,
    doc="natural log, x > 0;  d/dx = 1/x",
)
sqrt = defop(
    "sqrt",
    math.sqrt,
    (lambda F, x, out: 0.5 / out,),
    ("1/(2 sqrt(x))",),
    domain=(0.2, 3.0),
    method=True,
    doc="sqrt(x), x >= 0 (x > 0 when recording: the derivative is infinite at 0);  "
    "d/dx = 1 / (2 sqrt(x))",
)

# tanh and relu are the hot activations: each is declared once (OpDef) and has a
# hand-written function that builds the node directly (tested against the declaration).

TANH = register(
    OpDef(
        "tanh",
        math.tanh,
        (lambda F, x, out: 1.0 - out * out,),
        ("1 - tanh(x)^2",),
        doc="tanh(x) = (e^x - e^-x) / (e^x + e^-x);  d/dx = 1 - tanh(x)^2",
    )
)
_tanh = math.tanh


def tanh(x: Any) -> Value:
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x);  d/dx = 1 - tanh(x)^2."""
    if type(x) is not Value:
        return apply1(TANH, x)
    out = _tanh(x._data)
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    return _node1(out, TANH, x, 1.0 - out * out)


RELU = register(
    OpDef(
        "relu",
        lambda x: x if x > 0.0 else 0.0,
        (lambda F, x, out: F.step(x),),
        ("step(x)",),
        doc="relu(x) = max(0, x);  d/dx = 1 if x > 0 else 0 (0 at x = 0, as in PyTorch)",
    )
)


def relu(x: Any) -> Value:
    """relu(x) = max(0, x);  d/dx = 1 if x > 0 else 0 (0 at x = 0, as in PyTorch)."""
    if type(x) is not Value:
        return apply1(RELU, x)
    d = x._data
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(d if d > 0.0 else 0.0)
    if d > 0.0:
        return _node1(d, RELU, x, 1.0)
    return _node1(0.0, RELU, x, 0.0)


tanh.op = TANH  # type: ignore[attr-defined]
relu.op = RELU  # type: ignore[attr-defined]
Value.tanh = tanh  # type: ignore[attr-defined]
Value.relu = relu  # type: ignore[attr-defined]

sigmoid = defop(
    "sigmoid",
    _sigmoid,
    (lambda F, x, out: out * (1.0 - out),),
    ("sigmoid(x) (1 - sigmoid(x))",),
    method=True,
    doc="sigmoid(x) = 1 / (1 + e^-x) (stable for any x);  d/dx = sigmoid(x) (1 - sigmoid(x))",
)
sin = defop(
    "sin", math.sin, (lambda F, x, out: F.cos(x),), ("cos(x)",), method=True, doc="sin(x);  d/dx = cos(x)"
)
cos = defop(
    "cos", math.cos, (lambda F, x, out: -F.sin(x),), ("-sin(x)",), method=True, doc="cos(x);  d/dx = -sin(x)"
)
softplus = defop(
    "softplus",
    _softplus,
    (lambda F, x, out: F.sigmoid(x),),
    ("sigmoid(x)",),
    method=True,
    doc="softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|);  d/dx = sigmoid(x)",
)
log_sigmoid = defop(
    "log_sigmoid",
    _log_sigmoid,
    (lambda F, x, out: F.sigmoid(-x),),
    ("sigmoid(-x)",),
    method=True,
    doc="log(sigmoid(x)) = -softplus(-x), computed as min(x, 0) - log1p(e^-|x|);  "
    "d/dx = sigmoid(-x) = 1 - sigmoid(x)",
)


# -- dot: the fused weighted sum --------------------------------------------


def _dot_forward(*xs: float) -> float:
    n = len(xs) // 2
    s = sum(map(operator.mul, xs[:n], xs[n : 2 * n]))
    return s + xs[-1] if len(xs) % 2 else s


DOT = register(
    DotOpDef(
        "dot",
        _dot_forward,
        (),
        (),
        doc="o = sum_i w_i x_i + b;  d/dw_i = x_i,  d/dx_i = w_i,  d/db = 1",
    )
)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Value:
    """The weighted sum ``o = sum_i w_i x_i + b`` as ONE node (op "dot").

    Parents are ``(w_1..w_n, x_1..x_n, b)`` (no ``b`` when ``bias`` is None)
    with local grads ``(x_1..x_n, w_1..w_n, 1)``:
    d o / d w_i = x_i, d o / d x_i = w_i, d o / d b = 1.
    """
    n = len(ws)
    if n == 0:
        raise ValueError("dot: needs at least one weight and input, got none")
    if len(xs) != n:
        raise ValueError(f"dot: {n} weights but {len(xs)} inputs; they must match")
    ws = [w if type(w) is Value else as_value(w, "dot weight") for w in ws]
    xs = [x if type(x) is Value else as_value(x, "dot input") for x in xs]
    wd = [w._data for w in ws]
    xd = [x._data for x in xs]
    s = sum(map(operator.mul, wd, xd))
    if bias is not None:
        b = bias if type(bias) is Value else as_value(bias, "dot bias")
        s = s + b._data
    if s - s != 0.0:
        raise domain_error("dot", wd + xd, "the weighted sum overflows")
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(s)
    if bias is None:
        return _node(s, DOT, (*ws, *xs), (*xd, *wd))
    return _node(s, DOT, (*ws, *xs, b), (*xd, *wd, 1.0))
