"""Every built-in op, declared once.

Each entry is one :class:`~autograd.core.registry.OpDef`: the name, the
forward on floats, one derivative per argument (written against ``F``, so the
same formula serves floats and Values), the rules as people read them, the
formula for the docstring, a sample domain for the tests, and the facts other
code reads: kink points, the notation ("{0} * {1}") and the complex forward
(for complex-step derivatives; None where the op is not analytic) and the array
forward (``array_forward(xp, *xs)``, the array module passed in, for the tape's
batch replay in ``autograd.tape``; ``**`` also has derivatives safe on arrays,
``array_derivs``, since its ``derivs`` branch on values). The hot ops also
have a ``fast`` path: the elementwise ones (+ - * / neg tanh relu) as float
expressions for the value and each local derivative, which
:func:`~autograd.core.node.compile_fast` turns into their builder; ``dot`` as
the hand-written function above its entry, on the bulk builder
:func:`~autograd.core.node.weighted_sum`. The test suite checks every fast
path against its op's forward and derivatives, bitwise. :func:`~autograd.core.defop.declare` turns each entry
into its function, its ``Value`` methods and operators, and its registry entry.

To add a built-in op: add its entry here and its row to the README's op table.

This module provides the entries (``ADD``, ``MUL``, ``TANH``, ...),
:func:`pow_const_op` (the op ``x ** n`` for a number ``n``), :class:`DotOpDef`
and :data:`FUNCTIONS` (name -> function of every built-in op named like a
Python identifier: ``exp``, ``dot``, ``neg``, ...).
"""

from __future__ import annotations

import cmath
import math
import numbers
import operator
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from .defop import declare
from .errors import describe
from .node import Value, apply1, apply2, as_float, as_value, weighted_sum
from .options import unordered
from .registry import REGISTRY, OpDef

__all__ = ["FUNCTIONS", "DotOpDef", "pow_const_op"]


def builtin(op: OpDef, **options: Any) -> OpDef:
    """Declare ``op`` as a built-in (see :func:`~autograd.core.defop.declare`); returns it."""
    declare(op, builtin=True, **options)
    return op


def _zero(F: Any, x: Any, out: Any) -> float:
    return 0.0


# -- arithmetic -------------------------------------------------------------------

ADD = builtin(
    OpDef(
        "+",
        operator.add,
        (lambda F, x, y, out: 1.0, lambda F, x, y, out: 1.0),
        ("1", "1"),
        doc="x + y;  d/dx = 1,  d/dy = 1",
        notation="{0} + {1}",
        fast=("x + y", "1.0", "1.0"),
        complex_forward=operator.add,
        array_forward=lambda xp, x, y: x + y,
    ),
    operator="add",
)

SUB = builtin(
    OpDef(
        "-",
        operator.sub,
        (lambda F, x, y, out: 1.0, lambda F, x, y, out: -1.0),
        ("1", "-1"),
        doc="x - y;  d/dx = 1,  d/dy = -1",
        notation="{0} - {1}",
        fast=("x - y", "1.0", "-1.0"),
        complex_forward=operator.sub,
        array_forward=lambda xp, x, y: x - y,
    ),
    operator="sub",
)

MUL = builtin(
    OpDef(
        "*",
        operator.mul,
        (lambda F, x, y, out: y, lambda F, x, y, out: x),
        ("y", "x"),
        doc="x * y;  d/dx = y,  d/dy = x",
        notation="{0} * {1}",
        fast=("x * y", "y", "x"),
        complex_forward=operator.mul,
        array_forward=lambda xp, x, y: x * y,
    ),
    operator="mul",
)

DIV = builtin(
    OpDef(
        "/",
        operator.truediv,
        (lambda F, x, y, out: 1.0 / y, lambda F, x, y, out: -out / y),
        ("1/y", "-x/y^2"),
        domain=((-2.0, 2.0), (0.5, 2.0)),
        doc="x / y;  d/dx = 1/y,  d/dy = -x/y^2 (= -out/y)",
        notation="{0} / {1}",
        fast=("x / y", "1.0 / y", "-out / y"),
        complex_forward=operator.truediv,
        array_forward=lambda xp, x, y: x / y,
    ),
    operator="truediv",
)

NEG = builtin(
    OpDef(
        "neg",
        operator.neg,
        (lambda F, x, out: -1.0,),
        ("-1",),
        doc="-x;  d/dx = -1",
        notation="-{0}",
        fast=("-x", "-1.0"),
        complex_forward=operator.neg,
        array_forward=lambda xp, x: -x,
    ),
    operator="neg",
)


# -- powers: x ** y for a Value y, x ** n for a number n ----------------------------


def _pow_forward(x: float, y: float) -> float:
    if x < 0.0:
        raise ValueError("a Value exponent needs a base >= 0")
    return math.pow(x, y)


def _pow_dx(F: Any, x: Any, y: Any, out: Any) -> Any:
    # d/dx x**y = y x**(y-1). Where y == 0 and x**(y-1) is not finite (x = 0, or subnormal) the product
    # 0 * inf is taken as 0, as in PyTorch (0**0 = 1 with grads (0, 0)); everywhere else the rule stays
    # whole, so that its own derivatives (in x and in y) are right.
    if float(y) == 0.0:
        try:
            finite = math.isfinite(float(x) ** -1.0)
        except (ZeroDivisionError, OverflowError):
            finite = False
        if not finite:
            return 0.0
    return y * x ** (y - 1)


def _pow_dy(F: Any, x: Any, y: Any, out: Any) -> Any:
    # d/dy x**y = x**y log x; at x == 0 it is 0 (as in PyTorch)
    return out * F.log(x) if x > 0 else 0.0


def _array_pow_dx(F: Any, x: Any, y: Any, out: Any) -> Any:
    # _pow_dx on arrays: y x**(y-1), and 0 where y == 0 (there y x**(y-1) is 0, or 0 * inf taken as 0)
    return F.where(y == 0.0, 0.0, y * x ** (y - 1.0))


def _array_pow_dy(F: Any, x: Any, y: Any, out: Any) -> Any:
    # _pow_dy on arrays: x**y log x where x > 0, else 0 (log is taken of 1 there, never of 0)
    return F.where(x > 0.0, out * F.log(F.where(x > 0.0, x, 1.0)), 0.0)


def _exponent_str(n: float) -> str:
    if n.is_integer() and abs(n) < 1e15:
        return str(int(n))
    return repr(n)


@lru_cache(maxsize=512)
def pow_const_op(n: float) -> OpDef:
    """The op ``x ** n`` for a number exponent ``n`` (named "**n", e.g. "**2").

    d/dx x^n = n x^(n-1); the exponent is part of the op, not a parent.
    """
    s = _exponent_str(n)
    if n == 0.0:
        deriv = _zero
    else:
        deriv = lambda F, x, out: n * x ** (n - 1)  # noqa: E731
    return OpDef(
        "**" + s,
        lambda x: math.pow(x, n),
        (deriv,),
        (f"{s} * x^{_exponent_str(n - 1)}",),
        domain=(0.5, 2.0),
        doc=f"x ** {s};  d/dx = {s} x^({_exponent_str(n - 1)})",
        notation="{0}**" + s,
        complex_forward=lambda z: z**n,
        array_forward=lambda xp, x: xp.power(x, n),
    )


def _pow(self: Value, other: Any) -> Value:
    """``self ** other``: the op "**n" for a number exponent, "**" for a Value exponent."""
    t = type(other)
    if t is float or t is int:
        return apply1(pow_const_op(as_float(other, "**")), self)
    if isinstance(other, Value):
        return apply2(POW, self, other)
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        return NotImplemented
    return apply1(pow_const_op(as_float(other, "**")), self)


def _rpow(self: Value, other: Any) -> Value:
    """``other ** self`` for a number base: the op "**"."""
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        return NotImplemented
    return apply2(POW, other, self)


POW = builtin(
    OpDef(
        "**",
        _pow_forward,
        (_pow_dx, _pow_dy),
        ("y * x^(y-1)", "x^y * log(x)"),
        domain=((0.5, 2.0), (-2.0, 2.0)),
        doc="x ** y with y a Value (x >= 0);  d/dx = y x^(y-1) (0 where y = 0),  "
        "d/dy = x^y log x (0 at x = 0)",
        notation="{0} ** {1}",
        complex_forward=lambda z, w: cmath.exp(w * cmath.log(z)),
        array_forward=lambda xp, x, y: xp.power(x, y),
        array_derivs=(_array_pow_dx, _array_pow_dy),
    ),
    methods={"__pow__": _pow, "__rpow__": _rpow},
)


# -- functions --------------------------------------------------------------------


def _sign(x: float) -> float:
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


def _step(x: float) -> float:
    return 1.0 if x > 0.0 else 0.0


SIGN = builtin(
    OpDef(
        "sign",
        _sign,
        (_zero,),
        ("0",),
        doc="sign(x) in {-1, 0, 1};  d/dx = 0 (taken as 0 at x = 0)",
        kinks=(0.0,),
        array_forward=lambda xp, x: xp.sign(x),
    ),
)

STEP = builtin(
    OpDef(
        "step",
        _step,
        (_zero,),
        ("0",),
        doc="step(x) = 1 if x > 0 else 0;  d/dx = 0 (taken as 0 at x = 0)",
        kinks=(0.0,),
        array_forward=lambda xp, x: xp.where(x > 0.0, 1.0, 0.0),
    ),
)

ABS = builtin(
    OpDef(
        "abs",
        abs,
        (lambda F, x, out: F.sign(x),),
        ("sign(x)",),
        doc="|x|;  d/dx = sign(x), and 0 at x = 0 (as in PyTorch)",
        kinks=(0.0,),
        array_forward=lambda xp, x: xp.abs(x),
    ),
    method=True,
    operator="abs",
)

EXP = builtin(
    OpDef(
        "exp",
        math.exp,
        (lambda F, x, out: out,),
        ("exp(x)",),
        doc="e^x;  d/dx = e^x",
        complex_forward=cmath.exp,
        array_forward=lambda xp, x: xp.exp(x),
    ),
    method=True,
)

LOG = builtin(
    OpDef(
        "log",
        math.log,
        (lambda F, x, out: 1.0 / x,),
        ("1/x",),
        domain=(0.2, 3.0),
        doc="natural log, x > 0;  d/dx = 1/x",
        complex_forward=cmath.log,
        array_forward=lambda xp, x: xp.log(x),
    ),
    method=True,
)

LOG1P = builtin(
    OpDef(
        "log1p",
        math.log1p,
        (lambda F, x, out: 1.0 / (1.0 + x),),
        ("1/(1 + x)",),
        domain=(-0.8, 3.0),
        doc="log(1 + x), x > -1, exact for tiny x (log1p(1e-20) = 1e-20, where log(1 + 1e-20) = 0);  "
        "d/dx = 1/(1 + x)",
        complex_forward=lambda z: cmath.log(1.0 + z),
        array_forward=lambda xp, x: xp.log1p(x),
    ),
    method=True,
)

SQRT = builtin(
    OpDef(
        "sqrt",
        math.sqrt,
        (lambda F, x, out: 0.5 / out,),
        ("1/(2 sqrt(x))",),
        domain=(0.2, 3.0),
        doc="sqrt(x), x >= 0 (x > 0 when recording: the derivative is infinite at 0);  "
        "d/dx = 1 / (2 sqrt(x))",
        complex_forward=cmath.sqrt,
        array_forward=lambda xp, x: xp.sqrt(x),
    ),
    method=True,
)


TANH = builtin(
    OpDef(
        "tanh",
        math.tanh,
        (lambda F, x, out: 1.0 - out * out,),
        ("1 - tanh(x)^2",),
        doc="tanh(x) = (e^x - e^-x) / (e^x + e^-x);  d/dx = 1 - tanh(x)^2",
        fast=("tanh(x)", "1.0 - out * out"),
        complex_forward=cmath.tanh,
        array_forward=lambda xp, x: xp.tanh(x),
    ),
    method=True,
)


def _csig_neg(z: complex) -> complex:
    e = cmath.exp(z)
    return e / (1.0 + e)


def _array_sigmoid(xp: Any, x: Any) -> Any:
    e = xp.exp(-xp.abs(x))  # <= 1: never overflows
    return xp.where(x >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


SIGMOID = builtin(
    OpDef(
        "sigmoid",
        _sigmoid,
        (lambda F, x, out: out * (1.0 - out),),
        ("sigmoid(x) (1 - sigmoid(x))",),
        doc="sigmoid(x) = 1 / (1 + e^-x) (stable for any x);  d/dx = sigmoid(x) (1 - sigmoid(x))",
        complex_forward=lambda z: 1.0 / (1.0 + cmath.exp(-z)) if z.real >= 0.0 else _csig_neg(z),
        array_forward=_array_sigmoid,
    ),
    method=True,
)

RELU = builtin(
    OpDef(
        "relu",
        lambda x: x if x > 0.0 else 0.0,
        (lambda F, x, out: F.step(x),),
        ("step(x)",),
        doc="relu(x) = max(0, x);  d/dx = 1 if x > 0 else 0 (0 at x = 0, as in PyTorch)",
        kinks=(0.0,),
        fast=("x if x > 0.0 else 0.0", "1.0 if x > 0.0 else 0.0"),
        micrograd_name="ReLU",
        array_forward=lambda xp, x: xp.maximum(x, 0.0),
    ),
    method=True,
)

SIN = builtin(
    OpDef(
        "sin",
        math.sin,
        (lambda F, x, out: F.cos(x),),
        ("cos(x)",),
        doc="sin(x);  d/dx = cos(x)",
        complex_forward=cmath.sin,
        array_forward=lambda xp, x: xp.sin(x),
    ),
    method=True,
)

COS = builtin(
    OpDef(
        "cos",
        math.cos,
        (lambda F, x, out: -F.sin(x),),
        ("-sin(x)",),
        doc="cos(x);  d/dx = -sin(x)",
        complex_forward=cmath.cos,
        array_forward=lambda xp, x: xp.cos(x),
    ),
    method=True,
)


def _csoftplus(z: complex) -> complex:
    """log(1 + e^z) on complex z, stable for large |Re z| (as the float forward is)."""
    if z.real >= 0.0:
        return z + cmath.log(1.0 + cmath.exp(-z))
    return cmath.log(1.0 + cmath.exp(z))


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


SOFTPLUS = builtin(
    OpDef(
        "softplus",
        _softplus,
        (lambda F, x, out: F.sigmoid(x),),
        ("sigmoid(x)",),
        doc="softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|);  d/dx = sigmoid(x)",
        complex_forward=lambda z: _csoftplus(z),
        array_forward=lambda xp, x: xp.maximum(x, 0.0) + xp.log1p(xp.exp(-xp.abs(x))),
    ),
    method=True,
)


def _log_sigmoid(x: float) -> float:
    return min(x, 0.0) - math.log1p(math.exp(-abs(x)))


LOG_SIGMOID = builtin(
    OpDef(
        "log_sigmoid",
        _log_sigmoid,
        (lambda F, x, out: F.sigmoid(-x),),
        ("sigmoid(-x)",),
        doc="log(sigmoid(x)) = -softplus(-x), computed as min(x, 0) - log1p(e^-|x|);  "
        "d/dx = sigmoid(-x) = 1 - sigmoid(x)",
        complex_forward=lambda z: -_csoftplus(-z),
        array_forward=lambda xp, x: xp.minimum(x, 0.0) - xp.log1p(xp.exp(-xp.abs(x))),
    ),
    method=True,
)


# -- dot: the fused weighted sum ---------------------------------------------------


class DotOpDef(OpDef):
    """``dot(ws, xs, b)``: parents ``(w_1..w_n, x_1..x_n[, b])``, one node of any width.

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


def _dot_forward(*xs: float) -> float:
    n = len(xs) // 2
    s = sum(map(operator.mul, xs[:n], xs[n : 2 * n]))
    return s + xs[-1] if len(xs) % 2 else s


def _terms(xs: Any, name: str) -> Sequence[Any]:
    """``ws`` or ``xs`` of :func:`dot`: a list (a tuple, an array, any ordered iterable) of Values or numbers.

    One Value, a number, a set (no order) or a string is a TypeError naming ``dot`` and the argument.
    """
    if type(xs) is list or type(xs) is tuple:
        return xs
    if isinstance(xs, (Value, str, bytes)) or unordered(xs) or not isinstance(xs, Iterable):
        hint = "; wrap a single one as [v]" if isinstance(xs, (Value, numbers.Number)) else ""
        raise TypeError(
            f"dot: {name} must be a list of Values or numbers, got {type(xs).__name__}: {describe(xs)}{hint}"
        )
    return list(xs)


def dot(ws: Sequence[Any], xs: Sequence[Any], bias: Any = None) -> Value:
    """The weighted sum ``o = sum_i w_i x_i + b`` as ONE node (op "dot").

    Parents are ``(w_1..w_n, x_1..x_n, b)`` (no ``b`` when ``bias`` is None)
    with local grads ``(x_1..x_n, w_1..w_n, 1)``:
    d o / d w_i = x_i, d o / d x_i = w_i, d o / d b = 1.

    Raises:
        TypeError: ``ws`` or ``xs`` is not a list (one Value, a set, a string, a
            number), or an entry or ``bias`` is neither a Value nor a real number.
        ValueError: ``ws`` is empty, or ``ws`` and ``xs`` differ in length.
        DomainError: a number that is not finite, or a weighted sum that is not.
    """
    ws, xs = _terms(ws, "ws"), _terms(xs, "xs")
    n = len(ws)
    if n == 0:
        raise ValueError("dot: needs at least one weight and input, got none")
    if len(xs) != n:
        raise ValueError(f"dot: {n} weights but {len(xs)} inputs; they must match")
    ws = [w if type(w) is Value else as_value(w, "dot weight") for w in ws]
    xs = [x if type(x) is Value else as_value(x, "dot input") for x in xs]
    if bias is not None and type(bias) is not Value:
        bias = as_value(bias, "dot bias")
    return weighted_sum(DOT, ws, xs, bias)


DOT = builtin(
    DotOpDef(
        "dot",
        _dot_forward,
        (),
        (),
        doc="o = sum_i w_i x_i + b;  d/dw_i = x_i,  d/dx_i = w_i,  d/db = 1",
        fast=dot,
        complex_forward=_dot_forward,
        array_forward=lambda xp, *xs: _dot_forward(*xs),
    ),
)


#: name -> function of every built-in op whose name is a Python identifier.
FUNCTIONS: dict[str, Callable[..., Value]] = {
    name: op.function for name, op in REGISTRY.items() if op.builtin and name.isidentifier()
}
