"""What an op is, and the table of every op that exists.

An op is declared once, as an :class:`OpDef`: its name, its forward function
on floats, and for each argument its local derivative, written against a
math-like namespace ``F``. The same derivative functions serve twice: the
forward pass evaluates them with ``F = floatmath`` (plain float math) and
stores the numbers on the node; higher-order gradients evaluate them with
``F = valuemath`` on Values, so that they build differentiable graph nodes.

Words used throughout: an op's *derivatives* (``derivs``) are the functions
that compute its local derivatives; its *rules* (``rules``) are the same
derivatives written for people ("1 - tanh(x)^2").

This module provides:

- :class:`OpDef` — one op's declaration and the facts other code reads from it
  (kink points, how it is written as maths, an optional fast builder).
- :data:`REGISTRY` — name -> OpDef for every registered op.
- :data:`floatmath` and :data:`valuemath` — the two ``F`` namespaces; both
  are filled by :func:`register`, so every registered op whose name is an
  identifier is ``F.<name>`` in both.
- :func:`register` — add a declared op (and its Value function) to the table.
- :data:`LEAF` and :data:`CONST` — the pseudo-ops of a user's leaf and of a
  number used as an operand (never registered).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from .errors import describe
from .options import real, unordered

#: A derivative: ``deriv(F, *xs, out)`` -> d out / d xs[i].
Deriv = Callable[..., Any]


class OpDef:
    """The declaration of one op.

    Attributes:
        name: the op string shown on nodes ("exp", "*", "**2", ...).
        forward: ``forward(*xs) -> float`` on plain floats.
        derivs: one derivative per argument, ``derivs[i](F, *xs, out)``.
        rules: one human-readable rule per argument ("1 - tanh(x)^2").
        domain: a sample input range ``(lo, hi)`` used by tests, or one range
            per argument: finite floats with ``lo < hi``.
        doc: the docstring of the op's function (with the formula).
        kinks: the points where the derivative with respect to the first
            argument jumps (relu, abs, sign, step: ``(0.0,)``), finite floats;
            gradient checks warn when a finite difference straddles one or an
            input sits on one.
        notation: how the op is written as maths, a format string over its
            arguments (``"{0} * {1}"``, ``"-{0}"``, ``"{0}**2"``); None writes
            it as a call, ``name(a, b)``.
        fast: an optional fast path, used as the op's function (and
            operator) instead of the generic builder: either a tuple of float
            expressions — the value, then one local derivative per argument,
            over the operands ``x`` (and ``y``), the value ``out`` and
            ``math``'s functions, e.g. ``("x * y", "y", "x")`` — that
            :func:`~autograd.core.node.compile_fast` turns into the builder
            when the op is declared; or a hand-written builder. Either must
            agree with ``forward`` and ``derivs`` bitwise (the test suite
            checks every fast path in the registry).
        micrograd_name: the op's name in micrograd (``Value._op``), when it
            differs from ``name`` ("ReLU" for relu).
        complex_forward: the op on complex numbers, for the complex-step
            derivative (``autograd.check_grads(method="complex")``, replayed
            by :func:`autograd.trace`); None for an op that has none (not
            analytic: relu, abs, sign, step).
        array_forward: the op on arrays, elementwise, for :func:`autograd.trace`'s batch replay
            (``autograd.tape``): ``array_forward(xp, *xs)`` with ``xp`` the array module (numpy)
            passed in, so the core never imports it; None for an op that has none (the tape then
            applies ``forward`` element by element).
        array_derivs: one derivative per argument that is safe on arrays, ``array_derivs[i](F, *xs,
            out)``, for an op whose ``derivs`` branch in Python on a value (``**``); with an array
            ``F`` they may use ``F.where(condition, a, b)``. None: ``derivs`` serve arrays too.
        builtin: True for the ops autograd declares itself.
        function: the op's function on Values (set by :func:`register`).

    The constructor checks every argument, naming it (``op 'name': kinks[0]``):
    a wrong type is a TypeError (one function for ``derivs`` instead of a tuple,
    a bool or a string as a kink point), a wrong value a ValueError (a count
    of rules that differs from that of derivs, a kink point or a domain bound
    that is NaN, infinite or beyond floats, a domain with ``lo >= hi``).
    """

    __slots__ = (
        "name",
        "forward",
        "derivs",
        "rules",
        "domain",
        "doc",
        "kinks",
        "notation",
        "fast",
        "complex_forward",
        "micrograd_name",
        "array_forward",
        "array_derivs",
        "arity",
        "builtin",
        "function",
    )

    def __init__(
        self,
        name: str,
        forward: Callable[..., float],
        derivs: Sequence[Deriv],
        rules: Sequence[str],
        domain: Any = (-2.0, 2.0),
        doc: str = "",
        *,
        kinks: Sequence[float] = (),
        notation: str | None = None,
        fast: Callable[..., Any] | None = None,
        complex_forward: Callable[..., complex] | None = None,
        micrograd_name: str | None = None,
        array_forward: Callable[..., Any] | None = None,
        array_derivs: Sequence[Deriv] | None = None,
    ) -> None:
        if not isinstance(name, str):
            raise TypeError(f"an op's name must be a str, got {type(name).__name__}: {describe(name)}")
        where = f"op {name!r}"
        if not callable(forward):
            raise TypeError(f"{where}: forward must be callable, got {type(forward).__name__}")
        derivs = _tuple(derivs, f"{where}: derivs", "a tuple of functions, one per argument")
        rules = _tuple(rules, f"{where}: rules", "a tuple of str, one per argument")
        if len(derivs) != len(rules):
            raise ValueError(f"{where}: {len(derivs)} derivative(s) but {len(rules)} rule string(s)")
        for i, d in enumerate(derivs):
            if not callable(d):
                raise TypeError(f"{where}: derivs[{i}] must be callable, got {type(d).__name__}")
        for i, r in enumerate(rules):
            if not isinstance(r, str):
                raise TypeError(f"{where}: rules[{i}] must be a str, got {type(r).__name__}")
        for option, v in (("doc", doc), ("notation", notation), ("micrograd_name", micrograd_name)):
            if not isinstance(v, str) and (v is not None or option == "doc"):
                raise TypeError(f"{where}: {option} must be a str, got {type(v).__name__}: {describe(v)}")
        if fast is not None and not callable(fast) and not isinstance(fast, tuple):
            raise TypeError(f"{where}: fast must be a builder, a tuple of expressions or None")
        self.name = name
        self.forward = forward
        self.derivs = derivs
        self.rules = rules
        self.domain = _domain(domain, len(derivs), f"{where}: domain")
        self.doc = doc
        kinks = _tuple(kinks, f"{where}: kinks", "a tuple of numbers (the kink points)")
        self.kinks = tuple(real(k, f"{where}: kinks[{i}]") for i, k in enumerate(kinks))
        self.notation = notation
        self.fast = fast
        if complex_forward is not None and not callable(complex_forward):
            raise TypeError(f"op {name!r}: complex_forward must be callable or None")
        self.complex_forward = complex_forward
        self.micrograd_name = name if micrograd_name is None else micrograd_name
        if array_forward is not None and not callable(array_forward):
            raise TypeError(f"op {name!r}: array_forward must be callable or None")
        self.array_forward = array_forward
        if array_derivs is not None:
            array_derivs = tuple(array_derivs)
            if len(array_derivs) != len(derivs) or not all(callable(d) for d in array_derivs):
                raise ValueError(f"op {name!r}: array_derivs needs one callable per derivative")
        self.array_derivs = array_derivs
        self.arity = len(derivs)
        self.builtin = False
        self.function: Callable[..., Any] | None = None

    def local_grads(self, F: Any, xs: Sequence[Any], out: Any) -> tuple:
        """Evaluate every local derivative d out / d xs[i] with namespace ``F``."""
        return tuple(d(F, *xs, out) for d in self.derivs)

    def rule(self, index: int, nparents: int) -> str:
        """The rule of the edge to argument ``index`` of a node with ``nparents`` parents."""
        return self.rules[index]

    def __repr__(self) -> str:
        return f"OpDef({self.name!r}, arity={self.arity})"


def _tuple(x: Any, name: str, what: str) -> tuple:
    """``x`` (a tuple, a list, any ordered iterable) as a tuple; TypeError naming ``name`` for one item."""
    single = callable(x) or isinstance(x, (numbers.Number, str, bytes))
    if single or unordered(x) or not isinstance(x, Iterable):
        raise TypeError(
            f"{name} must be {what}, got {type(x).__name__}: {describe(x)} (wrap a single one in a tuple)"
        )
    return tuple(x)


def _is_sequence(x: Any) -> bool:
    return isinstance(x, Sequence) and not isinstance(x, (str, bytes))


def _range(d: Any, name: str) -> tuple[float, float]:
    """``(lo, hi)``: two finite numbers with lo < hi."""
    if not _is_sequence(d) or len(d) != 2:
        raise TypeError(f"{name} must be a range (lo, hi), got {type(d).__name__}: {describe(d)}")
    lo, hi = real(d[0], f"{name}: lo"), real(d[1], f"{name}: hi")
    if not lo < hi:
        raise ValueError(f"{name} must be a range (lo, hi) with lo < hi, got ({lo!r}, {hi!r})")
    return lo, hi


def _domain(domain: Any, arity: int, name: str) -> tuple:
    """A sample range ``(lo, hi)`` for every argument, or one range per argument, as floats.

    None is the default range ``(-2.0, 2.0)``; a numpy array is read as its nested list.
    """
    if domain is None:
        return (-2.0, 2.0)
    if hasattr(domain, "tolist") and hasattr(domain, "ndim"):
        domain = domain.tolist()
    if _is_sequence(domain):
        if len(domain) == 2 and not any(_is_sequence(v) for v in domain):
            return _range(domain, name)
        if all(_is_sequence(v) for v in domain):
            if len(domain) != arity:
                raise ValueError(
                    f"{name}: {len(domain)} range(s) for {arity} argument(s); give one (lo, hi) per "
                    "argument, or one for all"
                )
            return tuple(_range(d, f"{name}[{i}]") for i, d in enumerate(domain))
    raise TypeError(
        f"{name} must be a range (lo, hi), or one per argument, got {type(domain).__name__}: "
        f"{describe(domain)}"
    )


#: Every registered op, by name.
REGISTRY: dict[str, OpDef] = {}

#: ``F`` on floats: math constants plus each registered op's float forward.
floatmath = SimpleNamespace(pi=math.pi, e=math.e)

#: ``F`` on Values: math constants plus each registered op's Value function.
valuemath = SimpleNamespace(pi=math.pi, e=math.e)

#: Names that cannot be declared again: the built-in ops and the namespaces' constants.
PROTECTED: set[str] = {"pi", "e"}

#: A user's leaf: no parents, ``op == ""``.
LEAF = OpDef("", lambda: 0.0, (), (), doc="a leaf: no parents")
#: A number used as an operand: a constant leaf, ``op == "const"`` (a leaf in micrograd: ``_op == ""``).
CONST = OpDef("const", lambda: 0.0, (), (), doc="a constant leaf", micrograd_name="")


def validate_name(name: str) -> None:
    """Raise ValueError if ``name`` cannot be (re)declared: empty, taken by a built-in, or ``__x__``
    (TypeError if it is not a str).

    Names of the form ``__x__`` are Python's special names (``Value.__add__``
    is ``+``, and the ``F`` namespaces' own attributes look like them).
    """
    if not isinstance(name, str):
        raise TypeError(f"an op's name must be a str, got {type(name).__name__}: {describe(name)}")
    if not name:
        raise ValueError(f"an op needs a non-empty string name, got {name!r}")
    if name in PROTECTED:
        raise ValueError(f"op name {name!r} is taken by a built-in; choose another name")
    if len(name) > 4 and name.startswith("__") and name.endswith("__"):
        raise ValueError(
            f"op name {name!r} is reserved: names of the form __x__ are Python's special names "
            "(Value's operators among them); choose another name"
        )


def register(op: OpDef, function: Callable[..., Any], *, builtin: bool = False) -> OpDef:
    """Add ``op`` to :data:`REGISTRY`, its forward to :data:`floatmath` and ``function`` to :data:`valuemath`.

    A user's op may be declared again under the same name (re-running a
    notebook cell replaces it); a built-in op may not, since other ops'
    derivatives call it through ``F``.
    """
    validate_name(op.name)
    op.function = function
    op.builtin = builtin
    REGISTRY[op.name] = op
    if op.name.isidentifier():
        setattr(floatmath, op.name, op.forward)
        setattr(valuemath, op.name, function)
    if builtin:
        PROTECTED.add(op.name)
    return op
