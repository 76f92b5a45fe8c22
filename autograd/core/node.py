"""`Value`, the scalar graph node, and the walks over a graph of Values.

A Value holds a float (`data`), the gradient of the last backward pass
(`grad`), an optional `label`, and — for computed nodes — the op that made it,
its `parents` in argument order (duplicates kept, so `a*a` has two edges) and
the `local_grads` d(self)/d(parent) of each edge, computed in the forward pass.

This module is the only code that reads or writes a node's storage (the edge
layout below); everything else uses ``parents``, ``local_grads``,
:meth:`Value.edges` and the public functions here.

This module provides:

- :class:`Value`; :func:`const`, :func:`as_value`, :func:`operand`,
  :func:`as_float` — numbers as constant leaves and checked floats;
  :func:`value_list` — an argument that must be a list of Values, checked.
- :func:`apply`, :func:`apply1`, :func:`apply2` — build the node of a
  declared op (:class:`~autograd.core.registry.OpDef`) from its operands and
  its declaration; :func:`node1`, :func:`node2`, :func:`node_n` and
  :func:`data_of` — what hand-written builders record nodes with;
  :func:`compile_fast` — the builder of a hot op, compiled from the float
  expressions of its declaration; :func:`weighted_sum` — the bulk builder of
  a weighted-sum node (``dot``), and :func:`weighted_sums`, a whole layer's at
  once (for ``nets``). Nodes are made here and nowhere else.
- :func:`no_grad`, :func:`is_grad_enabled` — per-thread, no graph recorded;
  :func:`detect_anomaly`, :func:`is_anomaly_enabled`, :func:`anomaly_error` —
  per-thread, a gradient that becomes non-finite raises.
- :func:`topological_order` — a read-only walk (its state is per call, so it
  is safe under threads).
- :func:`backward` and :func:`grad_pass` — the writing passes, with the pass
  guard: while a pass that writes ``.grad`` runs, a second writing pass over
  any of its non-leaf nodes raises RuntimeError.
- :func:`assign_role` — a library (``nets``) says what a node is
  (:attr:`Value.role`); :func:`set_notebook_display` — how a Value shows
  itself in a notebook (installed by :mod:`autograd.see`).

Every value and every recorded local derivative is finite: otherwise the op
raises :class:`~autograd.core.errors.DomainError` naming the op and its operands.
"""

from __future__ import annotations

import ast
import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from operator import mul as _mul
from threading import get_ident
from typing import Any

from .errors import AnomalyError, DomainError, describe, domain_error, why
from .options import unordered
from .registry import CONST, LEAF, REGISTRY, OpDef, floatmath

__all__ = [
    "Value",
    "anomaly_error",
    "apply",
    "apply1",
    "apply2",
    "as_float",
    "as_value",
    "assign_role",
    "backward",
    "const",
    "detect_anomaly",
    "is_anomaly_enabled",
    "compile_fast",
    "data_of",
    "grad_pass",
    "is_grad_enabled",
    "no_grad",
    "node1",
    "node2",
    "node_n",
    "operand",
    "set_notebook_display",
    "topological_order",
    "value_list",
    "weighted_sum",
    "weighted_sums",
]

_new = object.__new__

# -- grad mode ------------------------------------------------------------------

#: thread id -> nesting depth of `no_grad` blocks; empty when grad mode is on
#: everywhere, so the per-op check is one truth test of a global.
_no_grad_depth: dict[int, int] = {}


@contextmanager
def _nested(depths: dict[int, int]) -> Iterator[None]:
    """One level deeper in ``depths`` for this thread while the block runs (the key goes at 0)."""
    tid = get_ident()
    depths[tid] = depths.get(tid, 0) + 1
    try:
        yield
    finally:
        depth = depths[tid] - 1
        if depth:
            depths[tid] = depth
        else:
            del depths[tid]


def no_grad() -> AbstractContextManager[None]:
    """Within this block (in this thread only) ops record no graph.

    Results are leaves (no parents, ``op == ""``, no local grads), which is
    faster and frees memory; values are still checked for finiteness.
    """
    return _nested(_no_grad_depth)


def is_grad_enabled() -> bool:
    """True unless this thread is inside a :func:`no_grad` block."""
    return get_ident() not in _no_grad_depth


#: thread id -> nesting depth of `detect_anomaly` blocks; empty when the mode is off everywhere.
_anomaly_depth: dict[int, int] = {}


def detect_anomaly() -> AbstractContextManager[None]:
    """Within this block (in this thread only), a gradient that becomes NaN or infinite raises.

    In ``backward``, ``backward_steps`` and ``grad`` (both modes) the first
    non-finite gradient raises :class:`~autograd.core.errors.AnomalyError`,
    naming the op, its operand values, the upstream gradient and local
    derivative that overflowed, and a path of names from the root to the
    node; a writing pass that raises first puts back every ``.grad`` it had
    changed. Outside the block backward passes check nothing (speed).
    """
    return _nested(_anomaly_depth)


def is_anomaly_enabled() -> bool:
    """True inside a :func:`detect_anomaly` block of this thread."""
    return bool(_anomaly_depth) and get_ident() in _anomaly_depth


# -- numbers --------------------------------------------------------------------


def as_float(x: Any, where: str) -> float:
    """``x`` as a finite float, or TypeError / DomainError naming ``where``."""
    if type(x) is float:
        f = x
    elif isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(
            f"{where} expects an int, float or numpy real scalar, got {type(x).__name__}: {describe(x)}"
        )
    else:
        try:
            f = float(x)
        except OverflowError:
            raise DomainError(f"{where}: {describe(x)} is too large to be a float") from None
    if f - f != 0.0:
        raise DomainError(f"{where}: {f!r} is not a finite number (NaN or infinite)")
    return f


class _Relabelled:
    """The label slot of a node with a role whose label was changed by the user."""

    __slots__ = ("label", "role")

    def __init__(self, label: str, role: Any) -> None:
        self.label = label
        self.role = role


# -- the node -------------------------------------------------------------------


class Value:
    """A scalar node of a computation graph.

    Args:
        data: an int, float or numpy real scalar (stored as a finite float).
        label: a name shown in reprs, drawings and chain-rule steps.

    ``data``, ``grad`` and ``label`` are writable; ``op``, ``opdef``,
    ``parents``, ``local_grads`` and ``role`` are read-only. ``==`` and
    ``hash`` are by identity; ``< <= > >=`` compare ``data``. Values can be
    weakly referenced.
    """

    # NOTE: a node's edges are stored inline, so making a node allocates no
    # tuples (fewer objects for the garbage collector to track and scan):
    #   leaf:         _p0 is None
    #   one edge:     _p0, _l0 (parent, local grad);  _p1 is None
    #   two edges:    _p0, _l0, _p1, _l1
    #   more (dot):   _p0, _l0 are tuples of all parents and local grads;  _p1 is None
    # Slots a node does not use are left unset (and so is ``_label`` until a
    # label or role is given): read them only in the order above. ``_label``
    # holds a str, or the role a library gave the node (which has a ``label``),
    # or a _Relabelled pair. ``_mark`` is for the writing passes only (backward).
    __slots__ = ("_data", "_grad", "_label", "_opdef", "_p0", "_p1", "_l0", "_l1", "_mark", "__weakref__")

    def __init__(self, data: Any, label: str = "", *rest: Any) -> None:
        if rest or (type(label) is not str and isinstance(label, (tuple, list, set, frozenset))):
            raise TypeError(
                "Value(data, children, op) is micrograd's internal way to make a node; here a Value takes "
                "only data and a label. Compute with the ops (a * b, a.tanh(), ...), or declare a new op "
                "with autograd.defop(name, forward, derivatives, rules)"
            )
        self._data = as_float(data, "Value")
        if type(label) is not str:
            raise TypeError(f"Value label must be a str, got {type(label).__name__}")
        self._grad = 0.0
        self._label = label
        self._opdef = LEAF
        self._p0 = None
        self._mark = 0

    # -- fields ---------------------------------------------------------------
    @property
    def data(self) -> float:
        """The node's value (a finite float); assigning it runs the checks."""
        return self._data

    @data.setter
    def data(self, x: Any) -> None:
        self._data = as_float(x, "Value.data")

    @property
    def grad(self) -> float:
        """d(root)/d(this node) after a backward pass; assign a number (an int is stored as a float)."""
        return self._grad

    @grad.setter
    def grad(self, g: Any) -> None:
        if type(g) is not float:
            if isinstance(g, bool) or not isinstance(g, numbers.Real):
                raise TypeError(
                    f"Value.grad must be a number, got {type(g).__name__}: {describe(g)} "
                    f"(on {self!r}); set it to 0.0 to clear it"
                )
            try:
                g = float(g)  # NaN and infinity stay legal: autograd.detect_anomaly is for those
            except OverflowError:
                raise ValueError(f"Value.grad: {describe(g)} is too large to be a float") from None
        self._grad = g

    @property
    def label(self) -> str:
        """A name shown in reprs, drawings and chain-rule steps ("" if none)."""
        lab = getattr(self, "_label", "")  # unset on a node until it is labelled
        return lab if type(lab) is str else lab.label

    @label.setter
    def label(self, name: str) -> None:
        if type(name) is not str:
            raise TypeError(f"Value label must be a str, got {type(name).__name__}")
        role = self.role
        self._label = name if role is None else _Relabelled(name, role)

    @property
    def role(self) -> Any:
        """What the library that built this node says it is (see :func:`assign_role`), else None."""
        lab = getattr(self, "_label", "")
        if type(lab) is str:
            return None
        return lab.role if type(lab) is _Relabelled else lab

    @property
    def op(self) -> str:
        """The name of the op that made this node: "" for a user's leaf, "const", "*", ..."""
        return self._opdef.name

    @property
    def opdef(self) -> OpDef:
        """The :class:`~autograd.core.registry.OpDef` of the op that made this node."""
        return self._opdef

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

    def edges(self) -> Iterator[tuple[Value, float]]:
        """The node's edges as ``(parent, local_grad)`` pairs, in argument order (read-only)."""
        return zip(self.parents, self.local_grads)

    def is_leaf(self) -> bool:
        """True for a Value with no parents (a user's leaf or a constant)."""
        return self._p0 is None

    # -- micrograd's names, read-only (for lecture code written against micrograd) --
    @property
    def _prev(self) -> set[Value]:
        """micrograd's view of the parents: a set (duplicates merged, no order)."""
        return set(self.parents)

    @property
    def _op(self) -> str:
        """micrograd's name of the op: "" for leaves and constants, "ReLU" for relu, else ``op``."""
        return self._opdef.micrograd_name

    @property
    def _backward(self) -> Callable[[], None]:
        """A fresh callable applying this node's chain-rule step once, as micrograd's ``_backward`` does:
        ``parent.grad += local_grad * self.grad`` for each edge (nothing for a leaf)."""

        def step() -> None:
            g = self._grad
            for p, local in zip(self.parents, self.local_grads):
                p._grad += local * g

        return step

    # -- protocol -------------------------------------------------------------
    def __repr__(self) -> str:
        lab = self.label
        lab = f"label={lab!r}, " if lab else ""
        return f"Value({lab}data={self._data!r}, grad={self._grad!r})"

    def __float__(self) -> float:
        return self._data

    def __format__(self, spec: str) -> str:
        return format(self._data, spec)

    def __lt__(self, other: Any) -> bool:
        return self._data < _compared(other)

    def __le__(self, other: Any) -> bool:
        return self._data <= _compared(other)

    def __gt__(self, other: Any) -> bool:
        return self._data > _compared(other)

    def __ge__(self, other: Any) -> bool:
        return self._data >= _compared(other)

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __pos__(self) -> Value:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle (and ``copy.deepcopy``) a node with its op by name, parents, local grads, label and role.

        The op is looked up by name when unpickled, so an op declared with
        ``defop`` must be declared again in the process that unpickles.
        """
        state = {slot: getattr(self, slot) for slot in _PICKLED if hasattr(self, slot)}
        return (_unpickled, (self._opdef.name, state))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        if _notebook_display is None:
            return {"text/plain": repr(self)}
        return _notebook_display(self, include, exclude)

    def backward(self, grad: float = 1.0) -> None:
        """Fill ``.grad`` of every node this Value depends on (see :func:`backward`)."""
        backward(self, grad)

    # The ops' operators and methods (+, *, .exp(), ...) are attached from their
    # declarations in autograd.core.ops.


_PICKLED = ("_data", "_grad", "_label", "_p0", "_p1", "_l0", "_l1")


def _unpickled(op: str, state: dict[str, Any]) -> Value:
    """A node rebuilt from :meth:`Value.__reduce__`'s state."""
    opdef = {"": LEAF, "const": CONST}.get(op) or REGISTRY.get(op)
    if opdef is None:
        raise ValueError(
            f"cannot unpickle a Value made by op {op!r}: no op of that name is declared in this "
            "process; declare it (autograd.defop) before unpickling"
        )
    v = Value.__new__(Value)
    for slot, x in state.items():
        setattr(v, slot, x)
    v._opdef = opdef
    v._mark = 0
    return v


def _compared(other: Any) -> float:
    if isinstance(other, Value):
        return other._data
    return as_float(other, "comparison")


#: How a Value shows itself in a notebook: fn(value, include, exclude) -> mime bundle.
_notebook_display: Callable[[Value, Any, Any], dict[str, str]] | None = None


def set_notebook_display(fn: Callable[[Value, Any, Any], dict[str, str]]) -> None:
    """Install ``fn(value, include, exclude) -> {mime type: data}`` as every Value's notebook display."""
    global _notebook_display
    _notebook_display = fn


def assign_role(node: Value, role: Any) -> Value:
    """Give ``node`` its role — what the library that built it says it is — and return it.

    For the code that builds a node, right after making it (``nets`` gives
    each neuron's ``o`` and ``a`` nodes theirs); ``Value.role`` itself is
    read-only. ``role`` is any object with a str ``label``: the node's label
    becomes ``role.label`` (relabelling the node later keeps the role). One
    role object may be shared by many nodes, so a role costs no memory per node.
    """
    node._label = role
    return node


# -- making nodes ---------------------------------------------------------------


def _leaf(x: float) -> Value:
    v = _new(Value)
    v._data = x
    v._grad = 0.0
    v._opdef = LEAF
    v._p0 = None
    v._mark = 0
    return v


def const(x: Any) -> Value:
    """A constant leaf (``op == "const"``) holding the number ``x``."""
    v = _leaf(as_float(x, "const"))
    v._opdef = CONST
    return v


def operand(x: Any, where: str = "const") -> Value | None:
    """A Value as itself, a number as a constant leaf; None for anything else (``where`` names the op)."""
    if type(x) is float and x - x == 0.0:  # the common case, kept cheap
        v = _new(Value)
        v._data = x
        v._grad = 0.0
        v._opdef = CONST
        v._p0 = None
        v._mark = 0
        return v
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    v = _leaf(as_float(x, f"{where}: a number operand"))
    v._opdef = CONST
    return v


def as_value(x: Any, where: str) -> Value:
    """``x`` if it is a Value, a constant leaf if it is a number, else TypeError naming ``where``."""
    v = operand(x, where)
    if v is None:
        raise TypeError(f"{where} expects a Value or a real number, got {type(x).__name__}: {x!r}")
    return v


def value_list(xs: Any, name: str) -> list[Value]:
    """``xs`` as a list of Values, in order; ``name`` is the argument ("grad: inputs").

    TypeError for one Value (wrap it: ``[x]``), a set (it has no order, so the
    results could not be matched to the Values), a string or anything that is
    not iterable, and for an entry that is not a Value (named ``inputs[i]``).
    """
    if isinstance(xs, Value):
        raise TypeError(f"{name} must be a list of Values; wrap a single Value as [x]")
    if unordered(xs):
        raise TypeError(
            f"{name} must be a list of Values, got {type(xs).__name__}: a set has no order, so the results "
            "could not be matched to the Values; pass a list such as [x, y]"
        )
    if isinstance(xs, (str, bytes)) or not isinstance(xs, Iterable):
        raise TypeError(f"{name} must be a list of Values, got {type(xs).__name__}: {describe(xs)}")
    out = list(xs)
    for i, x in enumerate(out):
        if not isinstance(x, Value):
            raise TypeError(f"{name}[{i}] must be a Value, got {type(x).__name__}: {describe(x)}")
    return out


def _as_result(op: OpDef, xs: Sequence[float], r: Any, what: str) -> float:
    """A forward's or a derivative's result as a float, or a clear error naming the op."""
    if isinstance(r, complex):
        raise domain_error(op.name, xs, f"{what} would be complex")
    if isinstance(r, bool) or not isinstance(r, numbers.Real):
        raise TypeError(f"op {op.name!r}: {what} must be a real number, got {type(r).__name__}: {r!r}")
    try:
        return float(r)
    except OverflowError:
        raise domain_error(op.name, xs, f"{what} overflows to infinity") from None


def _forward(op: OpDef, xs: Sequence[float]) -> float:
    """``op.forward(*xs)`` as a finite float, or DomainError / TypeError naming the op."""
    try:
        out = op.forward(*xs)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, xs, f"no finite real value: {why(e)}") from None
    if type(out) is not float:
        out = _as_result(op, xs, out, "the result")
    if out - out != 0.0:
        raise domain_error(op.name, xs, f"the result {out!r} is not finite")
    return out


def _derivatives(op: OpDef, xs: Sequence[float], out: float) -> list[float]:
    """Every local derivative of ``op`` at ``xs`` as finite floats (the op's derivs, ``F = floatmath``)."""
    try:
        grads = op.local_grads(floatmath, xs, out)
    except (ArithmeticError, ValueError) as e:
        raise domain_error(op.name, xs, f"the local derivative is not finite: {why(e)}") from None
    checked = []
    for i, g in enumerate(grads):
        what = "d/dx" if len(xs) == 1 else f"d/d(arg {i})"
        if type(g) is not float:
            g = _as_result(op, xs, g, what)
        if g - g != 0.0:
            raise domain_error(op.name, xs, f"{what} = {g!r} is not finite")
        checked.append(g)
    return checked


def apply1(op: OpDef, x: Any) -> Value:
    """The node ``op(x)`` of a one-argument op, from its declaration (numbers become constants)."""
    if type(x) is not Value:
        x = as_value(x, op.name)
    xs = (x._data,)
    out = _forward(op, xs)
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    (g,) = _derivatives(op, xs, out)
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    v._opdef = op
    v._p0 = x
    v._l0 = g
    v._p1 = None
    v._mark = 0
    return v


def apply2(op: OpDef, x: Any, y: Any) -> Value:
    """The node ``op(x, y)`` of a two-argument op, from its declaration (numbers become constants)."""
    if type(x) is not Value:
        x = as_value(x, op.name)
    if type(y) is not Value:
        y = as_value(y, op.name)
    xs = (x._data, y._data)
    out = _forward(op, xs)
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    g0, g1 = _derivatives(op, xs, out)
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    v._opdef = op
    v._p0 = x
    v._p1 = y
    v._l0 = g0
    v._l1 = g1
    v._mark = 0
    return v


def apply(op: OpDef, args: Sequence[Any]) -> Value:
    """The node ``op(*args)`` of an op of any arity, from its declaration (numbers become constants).

    Evaluates the op's forward and derivatives on floats; raises DomainError
    if either is not a finite real number.
    """
    parents = tuple([a if type(a) is Value else as_value(a, op.name) for a in args])
    xs = tuple([p._data for p in parents])
    out = _forward(op, xs)
    if _no_grad_depth and get_ident() in _no_grad_depth:
        return _leaf(out)
    return node_n(op, out, parents, tuple(_derivatives(op, xs, out)))


# The fast builders of the op table (OpDef.fast) compute a node's value and local
# derivatives inline and record it with these. The local derivatives must be
# finite: a builder whose derivative can overflow checks it itself.


def data_of(values: Sequence[Value]) -> list[float]:
    """Each Value's ``data``, in order (one call for many reads)."""
    return [v._data for v in values]


def _not_finite(op: OpDef, parents: Sequence[Value], out: float) -> DomainError:
    return domain_error(op.name, [p._data for p in parents], f"the result {out!r} is not finite")


def node1(op: OpDef, out: float, parent: Value, local: float) -> Value:
    """Record ``out = op(parent)`` with d out / d parent = ``local``; a leaf under :func:`no_grad`.

    Raises DomainError naming the op if ``out`` is not finite.
    """
    if out - out != 0.0:
        raise _not_finite(op, (parent,), out)
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
    else:
        v._opdef = op
        v._p0 = parent
        v._l0 = local
        v._p1 = None
    v._mark = 0
    return v


def node2(op: OpDef, out: float, p0: Value, l0: float, p1: Value, l1: float) -> Value:
    """Record ``out = op(p0, p1)`` with local derivatives ``l0``, ``l1``; a leaf under :func:`no_grad`.

    Raises DomainError naming the op if ``out`` is not finite.
    """
    if out - out != 0.0:
        raise _not_finite(op, (p0, p1), out)
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
    else:
        v._opdef = op
        v._p0 = p0
        v._p1 = p1
        v._l0 = l0
        v._l1 = l1
    v._mark = 0
    return v


def node_n(op: OpDef, out: float, parents: tuple[Value, ...], local_grads: tuple[float, ...]) -> Value:
    """Record ``out = op(*parents)`` with one local derivative per parent; a leaf under :func:`no_grad`.

    Raises DomainError naming the op if ``out`` is not finite.
    """
    if out - out != 0.0:
        raise _not_finite(op, parents, out)
    n = len(parents)
    if n == 1:
        return node1(op, out, parents[0], local_grads[0])
    if n == 2:
        return node2(op, out, parents[0], local_grads[0], parents[1], local_grads[1])
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
    elif n == 0:
        v._opdef = op
        v._p0 = None
    else:
        v._opdef = op
        v._p0 = parents
        v._l0 = local_grads
        v._p1 = None
    v._mark = 0
    return v


# -- compiled fast builders ---------------------------------------------------------
#
# A hot elementwise op declares its fast path as float expressions (OpDef.fast):
# the value, then one local derivative per argument, over the operand floats
# ``x`` (and ``y``), the value ``out`` and the functions of ``math``. These are
# compiled here into the op's builder, with the node written inline, so the hot
# path costs no call beyond the operator itself. ``op.fast_source`` keeps the code.

_UNARY = """
def {name}(a):
    if type(a) is not Value:
        a = as_value(a, OP.name)
    x = a._data
{value}
    if out - out != 0.0:
        raise domain_error(OP.name, (x,), f"the result {{out!r}} is not finite")
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    v._mark = 0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
        return v{deriv0}
    v._opdef = OP
    v._p0 = a
    v._l0 = {l0}
    v._p1 = None
    return v
"""

_BINARY = """
def {name}(a, b):
    if type(b) is not Value:
        if type(b) is float and b - b == 0.0:
            c = _new(Value)
            c._data = b
            c._grad = 0.0
            c._opdef = CONST
            c._p0 = None
            c._mark = 0
            b = c
        else:
            b = operand(b, OP.name)
            if b is None:
                return NotImplemented
    x = a._data
    y = b._data
{value}
    if out - out != 0.0:
        raise domain_error(OP.name, (x, y), f"the result {{out!r}} is not finite")
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    v._mark = 0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
        return v{deriv0}{deriv1}
    v._opdef = OP
    v._p0 = a
    v._p1 = b
    v._l0 = {l0}
    v._l1 = {l1}
    return v
"""

# a value that may raise (a division, a function) is computed inside try
_GUARDED = """    try:
        out = {expr}
    except (ArithmeticError, ValueError) as e:
        raise domain_error(OP.name, {xs}, "no finite real value: " + why(e)) from None"""

# a derivative that may overflow is computed and checked before the node is written
_CHECKED = """
    d{i} = {expr}
    if d{i} - d{i} != 0.0:
        raise domain_error(OP.name, {xs}, f"{what} = {{d{i}!r}} is not finite")"""


_PLAIN_ARITHMETIC = (
    ast.Expression,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.Compare,
    ast.Gt,
    ast.GtE,
    ast.Lt,
    ast.LtE,
    ast.IfExp,
)


def _cannot_raise(expr: str) -> bool:
    """True if ``expr`` only adds, subtracts, multiplies, negates and compares: no float error possible."""
    return all(isinstance(n, _PLAIN_ARITHMETIC) for n in ast.walk(ast.parse(expr, mode="eval")))


def _always_finite(expr: str) -> bool:
    """An operand or a number literal: finite by construction, so left unchecked."""
    if expr in ("x", "y", "out"):
        return True
    try:
        return math.isfinite(float(expr))
    except ValueError:
        return False


def compile_fast(op: OpDef) -> Callable[..., Value]:
    """The builder of ``op`` compiled from its ``fast`` expressions (value, then one per argument).

    A one-argument builder takes a Value or a number; a two-argument builder
    is the left operand's operator: it takes a Value and a Value or number,
    and answers NotImplemented for anything else. Value, derivatives and
    errors agree with :func:`apply1` / :func:`apply2` on the declaration
    (the test suite checks it bitwise).
    """
    out, *ds = op.fast
    if len(ds) != op.arity or op.arity not in (1, 2):
        raise ValueError(
            f"op {op.name!r}: fast needs the value and one derivative per argument (1 or 2), got {op.fast!r}"
        )
    xs = "(x,)" if op.arity == 1 else "(x, y)"
    parts = {}
    for i, d in enumerate(ds):
        what = "d/dx" if op.arity == 1 else f"d/d(arg {i})"
        if _always_finite(d):  # stored as it is
            parts[f"deriv{i}"], parts[f"l{i}"] = "", d
        else:
            parts[f"deriv{i}"], parts[f"l{i}"] = _CHECKED.format(i=i, expr=d, xs=xs, what=what), f"d{i}"
    value = f"    out = {out}" if _cannot_raise(out) else _GUARDED.format(expr=out, xs=xs)
    name = "_build"  # not a name of math's, which the expressions may use
    template = _UNARY if op.arity == 1 else _BINARY
    source = template.format(name=name, value=value, **parts)
    space = {k: v for k, v in vars(math).items() if not k.startswith("_")}
    space.update(
        Value=Value,
        OP=op,
        LEAF=LEAF,
        CONST=CONST,
        _new=_new,
        operand=operand,
        as_value=as_value,
        domain_error=domain_error,
        why=why,
        _no_grad_depth=_no_grad_depth,
        get_ident=get_ident,
    )
    exec(compile(source, f"<fast builder of op {op.name!r}>", "exec"), space)
    fn = space[name]
    fn.__name__ = fn.__qualname__ = op.name if op.name.isidentifier() else "fast_builder"
    fn.fast_source = source.strip()
    return fn


def weighted_sums(
    op: OpDef,
    rows: Sequence[Sequence[Value]],
    xs: Sequence[Value],
    biases: Sequence[Value],
    roles: Sequence[Any] | None = None,
) -> list[Value]:
    """One weighted-sum node per row: ``op(w_j1..w_jn, x_1..x_n, b_j)`` — a layer's ``o`` nodes at once.

    The bulk builder for ``nets``: node for node what ``weighted_sum`` makes for
    each row (same parents, local grads and values, bitwise), with the inputs'
    data read once for the whole layer and, when ``roles`` is given, each node
    given ``roles[j]`` (see :func:`assign_role`) as it is made. ``rows`` are
    Values of length ``len(xs)``, ``biases`` one Value per row (the caller checks).
    """
    xd = [x._data for x in xs]
    xt = tuple(xs)
    off = _no_grad_depth and get_ident() in _no_grad_depth
    out = []
    for j, (ws, b) in enumerate(zip(rows, biases)):
        wd = [w._data for w in ws]
        s = sum(map(_mul, wd, xd)) + b._data
        if s - s != 0.0:
            raise domain_error(op.name, [*wd, *xd], f"the weighted sum {s!r} is not finite")
        v = _new(Value)
        v._data = s
        v._grad = 0.0
        v._mark = 0
        if off:
            v._opdef = LEAF
            v._p0 = None
        else:
            v._opdef = op
            v._p0 = (*ws, *xt, b)
            v._l0 = (*xd, *wd, 1.0)
            v._p1 = None
        if roles is not None:
            v._label = roles[j]
        out.append(v)
    return out


def weighted_sum(op: OpDef, ws: Sequence[Value], xs: Sequence[Value], bias: Value | None = None) -> Value:
    """The node ``op(w_1..w_n, x_1..x_n[, b]) = sum_i w_i x_i (+ b)``: the bulk builder behind ``dot``.

    Parents are ``(w_1..w_n, x_1..x_n[, b])`` and local grads
    ``(x_1..x_n, w_1..w_n[, 1])``, each Value's data read once. ``ws`` and
    ``xs`` are Values of equal, nonzero length (the caller checks).
    """
    wd = [w._data for w in ws]
    xd = [x._data for x in xs]
    out = sum(map(_mul, wd, xd))
    if bias is None:
        parents, grads = (*ws, *xs), (*xd, *wd)
    else:
        out = out + bias._data
        parents, grads = (*ws, *xs, bias), (*xd, *wd, 1.0)
    if out - out != 0.0:
        raise domain_error(op.name, [*wd, *xd], f"the weighted sum {out!r} is not finite")
    v = _new(Value)
    v._data = out
    v._grad = 0.0
    v._mark = 0
    if _no_grad_depth and get_ident() in _no_grad_depth:
        v._opdef = LEAF
        v._p0 = None
        return v
    v._opdef = op
    v._p0 = parents
    v._l0 = grads
    v._p1 = None
    return v


# -- walks ----------------------------------------------------------------------


def require_value(root: Any, where: str) -> None:
    """TypeError naming ``where`` (``"draw"``) unless ``root`` is a Value."""
    if not isinstance(root, Value):
        raise TypeError(f"{where} expects a Value, got {type(root).__name__}: {describe(root)}")


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, each once and after all its parents; root last.

    An iterative depth-first post-order, parents visited in argument order.
    It only reads the graph and keeps its state per call, so any number of
    threads may walk one graph at once.
    """
    require_value(root, "topological_order")
    order: list[Value] = []
    state: dict[Value, bool] = {}  # False: expanded, its parents being placed; True: placed
    get = state.get
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        s = get(node)
        if s is False:
            state[node] = True
            order.append(node)
        elif s is None:
            p0 = node._p0
            if p0 is None:  # a leaf is placed at once
                state[node] = True
                order.append(node)
                continue
            state[node] = False
            push(node)
            if type(p0) is tuple:
                stack.extend([p for p in reversed(p0) if p not in state])
                continue
            p1 = node._p1
            if p1 is not None and p1 not in state:
                push(p1)
            if p0 not in state:
                push(p0)
    return order


# -- writing passes and the pass guard --------------------------------------------
#
# A writing pass (backward, or a backward_steps generator between its first step
# and its end) walks its graph stamping each non-leaf node's _mark with two
# marks of its own, "expanded" (odd) and "done" (even), and is listed in
# _running under its "done" mark while it runs. A pass that meets a node whose
# mark belongs to a running pass refuses to start. Marks only grow, so a mark
# older than every running pass needs no lookup.

_marks = itertools.count(2, 2)
#: "done" mark of each running writing pass -> (its root, who runs it)
_running: dict[int, tuple[Value, str]] = {}


def _busy(node: Value, mark: int, root: Value, where: str) -> RuntimeError | None:
    """The error to raise if ``node``'s ``mark`` belongs to a running pass, else None."""
    owner = _running.get(mark + (mark & 1))
    if owner is None:
        return None
    other_root, other = owner
    how = (
        "finish that pass (consume its backward_steps generator to the end) or call the generator's close()"
        if other == "backward_steps"
        else "wait for it to return (it runs in another thread)"
    )
    return RuntimeError(
        f"{where}: cannot start a pass that writes .grad from root {root!r}: its node {node!r} is in the "
        f"graph of a {other} pass from root {other_root!r} that is still running. To end the earlier "
        f"pass, {how}; then start this one."
    )


def _claim(root: Value, done: int, where: str, reset: bool = True) -> list[Value]:
    """The non-leaf nodes of :func:`topological_order`, in the same order, stamped with this pass's
    marks, their grads reset to 0.0 (unless ``reset`` is False: the caller resets them).

    The same walk, unrolled for the inline edges of a node; leaves are never
    pushed (they have no edges and keep their grads). Raises RuntimeError if
    a node belongs to another running pass; when another pass was running at
    the start, having changed no grad.
    """
    expanded = done - 1
    floor = min(_running) - 1  # marks below this belong to finished passes
    # Alone, a pass can meet no running pass's node (a race with another thread aside), so it resets
    # each grad as the walk places the node; with others running, it resets only after the whole
    # walk has found no conflict, so that a refused pass changes nothing.
    reset_now = reset and len(_running) == 1
    order: list[Value] = []
    append = order.append
    stack = [root]
    push = stack.append
    pop = stack.pop
    while stack:
        node = pop()
        mark = node._mark
        if mark == expanded:
            node._mark = done
            if reset_now:
                node._grad = 0.0
            append(node)
        elif mark != done:  # (done: a stale duplicate entry)
            if mark >= floor:
                busy = _busy(node, mark, root, where)
                if busy is not None:
                    raise busy
            node._mark = expanded
            push(node)
            p0 = node._p0
            if type(p0) is tuple:
                for p in reversed(p0):
                    if p._p0 is not None and p._mark != done:
                        push(p)
                continue
            p1 = node._p1
            if p1 is not None and p1._p0 is not None and p1._mark != done:
                push(p1)
            if p0._p0 is not None and p0._mark != done:
                push(p0)
    if reset and not reset_now:
        for node in order:
            node._grad = 0.0
    return order


def _display_name(v: Value) -> str:
    if v.label:
        return v.label
    if v._opdef is CONST:
        return f"const {v._data!r}"
    return f"leaf {v._data!r}" if v._p0 is None else f"({v._opdef.name})"


def _path(root: Value, target: Value) -> list[Value]:
    """One path root -> ... -> target along parent edges (breadth-first), or [target] if none."""
    before: dict[Value, Value | None] = {root: None}
    queue = [root]
    for node in queue:
        if node is target:
            break
        for p in node.parents:
            if p not in before:
                before[p] = node
                queue.append(p)
    if target not in before:
        return [target]
    path = [target]
    while (prev := before[path[-1]]) is not None:
        path.append(prev)
    return path[::-1]


def anomaly_error(
    root: Value, node: Value, index: int, upstream: Any, local: Any, result: Any, where: str
) -> AnomalyError:
    """The AnomalyError for the edge ``node.parents[index] -> node`` whose gradient became ``result``.

    ``upstream`` is d root / d node, ``local`` d node / d parent, and
    ``result`` the parent's gradient after adding their product.
    """
    parent = node.parents[index]
    route = " -> ".join(_display_name(v) for v in _path(root, node)) + f" -> {_display_name(parent)}"
    operands = ", ".join(describe(p._data) for p in node.parents)
    return AnomalyError(
        f"{where}: the gradient of {_display_name(parent)} became {result!r} (not finite) at op "
        f"{node._opdef.name!r} at operands ({operands}): upstream gradient {upstream!r} x local "
        f"derivative {local!r} (argument {index}); path from the root: {route}"
    )


def _checked_pass(root: Value, order: list[Value], where: str) -> None:
    """The chain rule as backward runs it, checking every new gradient (anomaly mode)."""
    for node in reversed(order):
        g = node._grad
        for index, (p, local) in enumerate(zip(node.parents, node.local_grads)):
            new = p._grad + local * g
            if new - new != 0.0:
                raise anomaly_error(root, node, index, g, local, new, where)
            p._grad = new


def _snapshot(order: list[Value]) -> dict[Value, float]:
    """Every grad a pass over ``order`` (its non-leaf nodes) may change: theirs and their parents'."""
    saved = {v: v._grad for v in order}
    for v in order:
        for p in v.parents:
            if p not in saved:
                saved[p] = p._grad
    return saved


def backward(root: Value, grad: float = 1.0) -> None:
    """Run the chain rule from ``root``, filling ``.grad`` of every node it depends on.

    Every non-leaf node's grad is reset to 0.0 and the root is seeded; then
    for each node in reverse topological order and each of its edges in
    argument order: ``parent.grad += local_grad * node.grad``. Leaves
    accumulate across passes.

    Args:
        root: the output Value.
        grad: the seed d(root)/d(root), 1.0 by default.

    Raises:
        RuntimeError: a writing pass over one of the graph's non-leaf nodes
            is still running (nothing is changed).
        AnomalyError: inside :func:`detect_anomaly`, a gradient became NaN or
            infinite (every grad is put back first).
    """
    require_value(root, "backward")
    seed = as_float(grad, "backward seed grad")
    if root._p0 is None:
        root._grad += seed
        return
    if _anomaly_depth and get_ident() in _anomaly_depth:  # checked, every grad put back on an anomaly
        with grad_pass(root, seed, "backward") as order:
            _checked_pass(root, order, "backward")
        return
    done = next(_marks)
    _running[done] = (root, "backward")
    try:
        order = _claim(root, done, "backward")
        root._grad = seed
        for node in reversed(order):
            # NOTE: edges are read straight from the node's slots: one or two
            # inline edges, or tuples for more; same arithmetic, same order.
            g = node._grad
            p0, p1 = node._p0, node._p1
            if p1 is not None:
                p0._grad += node._l0 * g
                p1._grad += node._l1 * g
            elif type(p0) is tuple:
                for p, local in zip(p0, node._l0):
                    p._grad += local * g
            else:
                p0._grad += node._l0 * g
    finally:
        del _running[done]


@contextmanager
def grad_pass(root: Value, grad: float = 1.0, where: str = "backward_steps") -> Iterator[list[Value]]:
    """A writing pass over ``root``'s graph, held by the pass guard while the block runs.

    On entry every non-leaf grad is reset to 0.0 and the root is seeded, as
    :func:`backward` does; the block gets the non-leaf nodes in topological
    order and applies the chain rule itself (``autograd.backward_steps`` is
    built on it). If the pass started inside :func:`detect_anomaly` and the
    block raises AnomalyError (see :func:`anomaly_error`), every grad the
    pass could have changed is put back first. Until the block exits (or the generator holding it is
    closed or collected), a second writing pass over any of these nodes
    raises RuntimeError naming this pass's root.

    Args:
        root: the output Value.
        grad: the seed d(root)/d(root).
        where: who runs the pass, named in the guard's error messages.
    """
    require_value(root, where)
    seed = as_float(grad, f"{where} seed grad")
    if root._p0 is None:
        root._grad += seed
        yield []
        return
    done = next(_marks)
    _running[done] = (root, where)
    try:
        checked = bool(_anomaly_depth) and get_ident() in _anomaly_depth
        order = _claim(root, done, where, reset=not checked)
        saved = _snapshot(order) if checked else None
        if checked:
            for node in order:
                node._grad = 0.0
        root._grad = seed
        try:
            yield order
        except AnomalyError:
            if saved is not None:
                for v, g in saved.items():
                    v._grad = g
            raise
    finally:
        del _running[done]
