"""`Value`, the scalar graph node, and its arithmetic operators.

A Value holds a float (`data`), the gradient of the last backward pass
(`grad`), an optional `label`, and — for computed nodes — the op that made it,
its `parents` in argument order (duplicates kept, so `a*a` has two edges) and
the `local_grads` d(self)/d(parent) of each edge, computed in the forward pass.

This module provides:

- :class:`Value` with ``+ - * / ** -x`` (numbers accepted on either side;
  a number becomes a constant leaf with ``op == "const"``, except a number
  exponent, which is part of the op: ``x ** 2`` has ``op == "**2"``).
- :func:`apply` — run any registered op on Values or numbers.
- :func:`no_grad` — a per-thread context manager in which ops record no graph.
- The arithmetic op declarations ("+", "-", "*", "/", "neg", "**", "**n").

Every value and every recorded local derivative is finite: otherwise the op
raises :class:`~autograd.errors.DomainError` naming the op and its operands.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from threading import get_ident
from typing import Any

from . import backprop as _backprop
from .errors import domain_error, why
from .registry import OpDef, floatmath, register

_new = object.__new__

#: thread id -> nesting depth of `no_grad` blocks; empty when grad mode is on
#: everywhere, so the per-op check is one truth test of a global.
_no_grad_depth: dict[int, int] = {}


@contextmanager
def no_grad() -> Iterator[None]:
    """Within this block (in this thread only) ops record no graph.

    Results are leaves (no parents, ``op == ""``, no local grads), which is
    faster and frees memory; values are still checked for finiteness.
    """
    tid = get_ident()
    _no_grad_depth[tid] = _no_grad_depth.get(tid, 0) + 1
    try:
        yield
    finally:
        depth = _no_grad_depth[tid] - 1
        if depth:
            _no_grad_depth[tid] = depth
        else:
            del _no_grad_depth[tid]


def is_grad_enabled() -> bool:
    """True unless this thread is inside a :func:`no_grad` block."""
    return get_ident() not in _no_grad_depth


def _to_float(x: Any, where: str) -> float:
    """``x`` as a finite float, or TypeError / DomainError naming ``where``."""
    if type(x) is float:
        f = x
    elif isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"{where} expects an int, float or numpy real scalar, "
            f"got {type(x).__name__}: {x!r}"
        )
    else:
        try:
            f = float(x)
        except OverflowError:
            raise domain_error(where, (x,), "too large to be a float") from None
    if f - f != 0.0:
        raise domain_error(where, (f,), "not a finite number (NaN or infinite)")
    return f


class Value:
    """A scalar node of a computation graph.

    Args:
        data: an int, float or numpy real scalar (stored as a finite float).
        label: a name shown in reprs, drawings and chain-rule steps.

    ``data``, ``grad`` and ``label`` are writable; ``op``, ``parents`` and
    ``local_grads`` are read-only. ``==`` and ``hash`` are by identity;
    ``< <= > >=`` compare ``data``.
    """

    # NOTE: a node's edges are stored inline, so making a node allocates no
    # tuples (fewer objects for the garbage collector to track and scan):
    #   leaf:         _p0 is None
    #   one edge:     _p0, _l0 (parent, local grad);  _p1 is None
    #   two edges:    _p0, _l0, _p1, _l1
    #   more (dot):   _p0, _l0 are tuples of all parents and local grads;  _p1 is None
    # Slots a node does not use are left unset (and so is ``_label`` until a
    # label is given): read them only in the order above.
    __slots__ = ("_data", "grad", "_label", "_op", "_p0", "_p1", "_l0", "_l1", "_mark")

    def __init__(self, data: Any, label: str = "") -> None:
        self._data = _to_float(data, "Value")
        if type(label) is not str:
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self.grad = 0.0
        self._label = label
        self._op = LEAF
        self._p0 = None
        self._mark = 0

    # -- fields ---------------------------------------------------------------
    @property
    def data(self) -> float:
        """The node's value (a finite float); assigning it runs the checks."""
        return self._data

    @data.setter
    def data(self, x: Any) -> None:
        self._data = _to_float(x, "Value.data")

    @property
    def label(self) -> str:
        """A name shown in reprs, drawings and chain-rule steps ("" if none)."""
        try:
            return self._label
        except AttributeError:  # unset until a label is given
            return ""

    @label.setter
    def label(self, name: str) -> None:
        if type(name) is not str:
            raise TypeError(f"Value label must be a str, got {type(name).__name__}")
        self._label = name

    @property
    def op(self) -> str:
        """The op that made this node: "" for a user's leaf, "const", "*", ..."""
        return self._op.name

    @property
    def opdef(self) -> OpDef:
        """The :class:`~autograd.registry.OpDef` that made this node."""
        return self._op

    @property
    def parents(self) -> tuple[Value, ...]:
        """The operands in argument order (duplicates kept)."""
        p0 = self._p0
        if p0 is None:
            return ()
        if type(p0) is tuple:
            return p0
        p1 = self._p1
        return (p0,) if p1 is None else (p0, p1)

    @property
    def local_grads(self) -> tuple[float, ...]:
        """``local_grads[i]`` is d(self)/d(parents[i]) at the forward values."""
        p0 = self._p0
        if p0 is None:
            return ()
        if type(p0) is tuple:
            return self._l0
        return (self._l0,) if self._p1 is None else (self._l0, self._l1)

    def is_leaf(self) -> bool:
        """True for a Value with no parents (a user's leaf or a constant)."""
        return self._p0 is None

    # -- protocol -------------------------------------------------------------
    def __repr__(self) -> str:
        lab = f"label={self.label!r}, " if self.label else ""
        return f"Value({lab}data={self._data!r}, grad={self.grad!r})"

    def __float__(self) -> float:
        return self._data

    def __format__(self, spec: str) -> str:
        return format(self._data, spec)

    def __lt__(self, other: Any) -> bool:
        return self._data < _cmp(other)

    def __le__(self, other: Any) -> bool:
        return self._data <= _cmp(other)

    def __gt__(self, other: Any) -> bool:
        return self._data > _cmp(other)

    def __ge__(self, other: Any) -> bool:
        return self._data >= _cmp(other)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    # -- notebook display (graphviz is imported only when a notebook asks) ------
    def _repr_svg_(self) -> str | None:
        from .display import value_repr_svg

        return value_repr_svg(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from .display import value_repr_mimebundle

        return value_repr_mimebundle(self, include, exclude)

    # -- backward -------------------------------------------------------------
    def backward(self, grad: float = 1.0) -> None:
        """Fill ``.grad`` of every node this Value depends on (see :func:`autograd.backward`)."""
        _backprop.backward(self, grad)

    # -- arithmetic (hand-written fast paths of the ops declared below) ------
    def __add__(self, other: Any) -> Value:
        if type(other) is not Value:
            if type(other) is float and other - other == 0.0:  # inlined const(other)
                c = _new(Value)
                c._data = other
                c.grad = 0.0
                c._op = CONST
                c._p0 = None
                c._mark = 0
                other = c
            else:
                other = _operand(other)
                if other is None:
                    return NotImplemented
        out = self._data + other._data
        if out - out != 0.0:
            raise domain_error("+", (self._data, other._data), "the result overflows to infinity")
        if _no_grad_depth and get_ident() in _no_grad_depth:
            return _leaf(out)
        v = _new(Value)
        v._data = out
        v.grad = 0.0
        v._op = ADD
        v._p0 = self
        v._p1 = other
        v._l0 = 1.0
        v._l1 = 1.0
        v._mark = 0
        return v

    def __radd__(self, other: Any) -> Value:
        other = _operand(other)
        return NotImplemented if other is None else other.__add__(self)

    def __sub__(self, other: Any) -> Value:
        if type(other) is not Value:
            if type(other) is float and other - other == 0.0:  # inlined const(other)
                c = _new(Value)
                c._data = other
                c.grad = 0.0
                c._op = CONST
                c._p0 = None
                c._mark = 0
                other = c
            else:
                other = _operand(other)
                if other is None:
                    return NotImplemented
        out = self._data - other._data
        if out - out != 0.0:
            raise domain_error("-", (self._data, other._data), "the result overflows to infinity")
        if _no_grad_depth and get_ident() in _no_grad_depth:
            return _leaf(out)
        v = _new(Value)
        v._data = out
        v.grad = 0.0
        v._op = SUB
        v._p0 = self
        v._p1 = other
        v._l0 = 1.0
        v._l1 = -1.0
        v._mark = 0
        return v

    def __rsub__(self, other: Any) -> Value:
        other = _operand(other)
        return NotImplemented if other is None else other.__sub__(self)

    def __mul__(self, other: Any) -> Value:
        if type(other) is not Value:
            if type(other) is float and other - other == 0.0:  # inlined const(other)
                c = _new(Value)
                c._data = other
                c.grad = 0.0
                c._op = CONST
                c._p0 = None
                c._mark = 0
                other = c
            else:
                other = _operand(other)
                if other is None:
                    return NotImplemented
        x = self._data
        y = other._data
        out = x * y
        if out - out != 0.0:
            raise domain_error("*", (x, y), "the result overflows to infinity")
        if _no_grad_depth and get_ident() in _no_grad_depth:
            return _leaf(out)
        v = _new(Value)
        v._data = out
        v.grad = 0.0
        v._op = MUL
        v._p0 = self
        v._p1 = other
        v._l0 = y
        v._l1 = x
        v._mark = 0
        return v

    def __rmul__(self, other: Any) -> Value:
        other = _operand(other)
        return NotImplemented if other is None else other.__mul__(self)

    def __truediv__(self, other: Any) -> Value:
        if type(other) is not Value:
            other = _operand(other)
            if other is None:
                return NotImplemented
        x = self._data
        y = other._data
        if y == 0.0:
            raise domain_error("/", (x, y), "division by zero")
        out = x / y
        if out - out != 0.0:
            raise domain_error("/", (x, y), "the result overflows to infinity")
        if _no_grad_depth and get_ident() in _no_grad_depth:
            return _leaf(out)
        d0 = 1.0 / y
        d1 = -out / y
        if d0 - d0 != 0.0 or d1 - d1 != 0.0:
            raise domain_error("/", (x, y), "local derivative is not finite")
        return _node2(out, DIV, self, d0, other, d1)

    def __rtruediv__(self, other: Any) -> Value:
        other = _operand(other)
        return NotImplemented if other is None else other.__truediv__(self)

    def __neg__(self) -> Value:
        if _no_grad_depth and get_ident() in _no_grad_depth:
            return _leaf(-self._data)
        return _node1(-self._data, NEG, self, -1.0)

    def __pos__(self) -> Value:
        return self

    def __pow__(self, other: Any) -> Value:
        t = type(other)
        if t is float or t is int:
            return apply1(pow_const_op(_to_float(other, "**")), self)
        if isinstance(other, Value):
            return apply(POW, (self, other))
        if isinstance(other, bool) or not isinstance(other, numbers.Real):
            return NotImplemented
        return apply1(pow_const_op(_to_float(other, "**")), self)

    def __rpow__(self, other: Any) -> Value:
        base = _operand(other)
        return NotImplemented if base is None else apply(POW, (base, self))


def _cmp(other: Any) -> float:
    if isinstance(other, Value):
        return other._data
    return _to_float(other, "comparison")


def _leaf(x: float) -> Value:
    v = _new(Value)
    v._data = x
    v.grad = 0.0
    v._op = LEAF
    v._p0 = None
    v._mark = 0
    return v


def _node1(x: float, op: OpDef, parent: Value, local_grad: float) -> Value:
    """A node of one edge."""
    v = _new(Value)
    v._data = x
    v.grad = 0.0
    v._op = op
    v._p0 = parent
    v._l0 = local_grad
    v._p1 = None
    v._mark = 0
    return v


def _node2(x: float, op: OpDef, p0: Value, l0: float, p1: Value, l1: float) -> Value:
    """A node of two edges."""
    v = _new(Value)
    v._data = x
    v.grad = 0.0
    v._op = op
    v._p0 = p0
    v._p1 = p1
    v._l0 = l0
    v._l1 = l1
    v._mark = 0
    return v


def _node(x: float, op: OpDef, parents: tuple, local_grads: tuple) -> Value:
    """A node of any number of edges."""
    n = len(parents)
    if n == 1:
        return _node1(x, op, parents[0], local_grads[0])
    if n == 2:
        return _node2(x, op, parents[0], local_grads[0], parents[1], local_grads[1])
    v = _new(Value)
    v._data = x
    v.grad = 0.0
    v._op = op
    if parents:
        v._p0 = parents
        v._l0 = local_grads
        v._p1 = None
    else:
        v._p0 = None
    v._mark = 0
    return v


def const(x: Any) -> Value:
    """A constant leaf (``op == "const"``) holding the number ``x``."""
    v = _leaf(_to_float(x, "const"))
    v._op = CONST
    return v


def _operand(x: Any) -> Value | None:
    """A number as a constant leaf; a Value subclass as itself; else None."""
    if type(x) is float and x - x == 0.0:  # the common case, kept cheap
        v = _new(Value)
        v._data = x
        v.grad = 0.0
        v._op = CONST
        v._p0 = None
        v._mark = 0
        return v
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    return const(x)


def as_value(x: Any, where: str) -> Value:
    """``x`` if it is a Value, a constant leaf if it is a number, else TypeError."""
    v = _operand(x)
    if v is None:
        raise TypeError(f"{where} expects a Value or a real number, got {type(x).__name__}: {x!r}")
    return v


def apply1(op: OpDef, x: Any) -> Value:
    """:func:`apply` for a one-argument op (the common case, kept fast)."""
    if type(x) is not Value:
        x = as_value(x, op.name)
    xd = x._data
    try:
        out = op.forward(xd)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, (xd,), f"no finite real value: {why(e)}") from None
    if type(out) is not float:
        out = _as_result(op, (xd,), out, "the result")
    if out - out != 0.0:
        raise domain_error(op.name, (xd,), f"the result {out!r} is not finite")
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    try:
        g = op.derivs[0](floatmath, xd, out)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, (xd,), f"the local derivative is not finite: {why(e)}") from None
    if type(g) is not float:
        g = _as_result(op, (xd,), g, "d/dx")
    if g - g != 0.0:
        raise domain_error(op.name, (xd,), f"d/dx = {g!r} is not finite")
    return _node1(out, op, x, g)


def _as_result(op: OpDef, xs: tuple, r: Any, what: str) -> float:
    """A forward's or a derivative rule's result as a float, or a clear error naming the op."""
    if isinstance(r, complex):
        raise domain_error(op.name, xs, f"{what} would be complex")
    if isinstance(r, bool) or not isinstance(r, numbers.Real):
        raise TypeError(
            f"op {op.name!r}: {what} must be a real number, got {type(r).__name__}: {r!r}"
        )
    try:
        return float(r)
    except OverflowError:
        raise domain_error(op.name, xs, f"{what} overflows to infinity") from None


def apply(op: OpDef, args: Sequence[Any]) -> Value:
    """Apply a registered op to Values or numbers (numbers become constants).

    Computes the value and the local derivatives on floats; raises
    DomainError if either is not a finite real number.
    """
    parents = tuple(as_value(a, op.name) for a in args)
    xs = tuple(p._data for p in parents)
    try:
        out = op.forward(*xs)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, xs, f"no finite real value: {why(e)}") from None
    if type(out) is not float:
        out = _as_result(op, xs, out, "the result")
    if out - out != 0.0:
        raise domain_error(op.name, xs, f"the result {out!r} is not finite")
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    try:
        grads = op.local_grads(floatmath, xs, out)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, xs, f"the local derivative is not finite: {why(e)}") from None
    lg = []
    for i, g in enumerate(grads):
        if type(g) is not float:
            g = _as_result(op, xs, g, f"d/d(arg {i})")
        if g - g != 0.0:
            raise domain_error(op.name, xs, f"d/d(arg {i}) = {g!r} is not finite")
        lg.append(g)
    return _node(out, op, parents, tuple(lg))


# -- declarations of the arithmetic ops (the fast paths above must agree) ---

#: A user's leaf: no parents, ``op == ""``.
LEAF = OpDef("", lambda: 0.0, (), (), doc="a leaf: no parents")
#: A number used as an operand.
CONST = OpDef("const", lambda: 0.0, (), (), doc="a constant leaf")

ADD = register(
    OpDef(
        "+",
        lambda x, y: x + y,
        (lambda F, x, y, out: 1.0, lambda F, x, y, out: 1.0),
        ("1", "1"),
        doc="x + y;  d/dx = 1,  d/dy = 1",
    )
)
SUB = register(
    OpDef(
        "-",
        lambda x, y: x - y,
        (lambda F, x, y, out: 1.0, lambda F, x, y, out: -1.0),
        ("1", "-1"),
        doc="x - y;  d/dx = 1,  d/dy = -1",
    )
)
MUL = register(
    OpDef(
        "*",
        lambda x, y: x * y,
        (lambda F, x, y, out: y, lambda F, x, y, out: x),
        ("y", "x"),
        doc="x * y;  d/dx = y,  d/dy = x",
    )
)
DIV = register(
    OpDef(
        "/",
        lambda x, y: x / y,
        (lambda F, x, y, out: 1.0 / y, lambda F, x, y, out: -out / y),
        ("1/y", "-x/y^2"),
        domain=((-2.0, 2.0), (0.5, 2.0)),
        doc="x / y;  d/dx = 1/y,  d/dy = -x/y^2 (= -out/y)",
    )
)
NEG = register(
    OpDef("neg", lambda x: -x, (lambda F, x, out: -1.0,), ("-1",), doc="-x;  d/dx = -1")
)


def _pow_forward(x: float, y: float) -> float:
    if x < 0.0:
        raise ValueError("a Value exponent needs a base >= 0")
    return math.pow(x, y)


def _pow_dy(F: Any, x: Any, y: Any, out: Any) -> Any:
    # d/dy x**y = x**y log x; at x == 0 (with y > 0) it is 0.
    return out * F.log(x) if x > 0 else 0.0


POW = register(
    OpDef(
        "**",
        _pow_forward,
        (lambda F, x, y, out: y * x ** (y - 1), _pow_dy),
        ("y * x^(y-1)", "x^y * log(x)"),
        domain=((0.5, 2.0), (-2.0, 2.0)),
        doc="x ** y with y a Value (x >= 0);  d/dx = y x^(y-1),  d/dy = x^y log x",
    )
)


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
        deriv = lambda F, x, out: 0.0  # noqa: E731
    else:
        deriv = lambda F, x, out: n * x ** (n - 1)  # noqa: E731
    return OpDef(
        "**" + s,
        lambda x: math.pow(x, n),
        (deriv,),
        (f"{s} * x^{_exponent_str(n - 1)}",),
        domain=(0.5, 2.0),
        doc=f"x ** {s};  d/dx = {s} x^({_exponent_str(n - 1)})",
    )
