"""Gradient checking: analytic derivatives against central finite differences.

This module provides:

- :func:`gradcheck` — each d f / d x_i from :func:`~autograd.gradients.grad`
  against ``(f(x_i + eps) - f(x_i - eps)) / (2 eps)``.
- :func:`gradgradcheck` — the full Hessian, d^2 f / d x_i d x_j from
  ``grad(grad(f, create_graph=True)[i])``, against central differences of the
  gradient.
- :func:`assert_gradcheck` — gradcheck for test suites (raises AssertionError).
- :class:`GradcheckError` — the failure, a readable table of the mismatching
  entries; ``.rows`` holds the same :class:`GradcheckRow` records as data.
- :class:`KinkWarning` — a finite difference straddles a kink: the input of
  an op with kink points (``OpDef.kinks`` in the op table: relu, abs, sign,
  step, or your op declared with ``kinks=``) crossed one, or ``fn`` built a
  different sequence of ops, between ``x - eps`` and ``x + eps``.

An entry passes when ``|analytic - numeric| <= atol + rtol * |numeric|``.
Every input's ``.data`` is restored and no ``.grad`` is written.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .core import DomainError, Value, central_difference, grad, topological_order


class KinkWarning(UserWarning):
    """A central finite difference straddles a kink, so its value is not a derivative."""


class GradcheckRow(NamedTuple):
    """One checked entry: d f / d x_index (gradcheck) or d^2 f / d x_i d x_j (gradgradcheck)."""

    index: int | tuple[int, int]
    label: str
    value: float
    analytic: float
    numeric: float
    abs_err: float
    rel_err: float
    kink: bool


class GradcheckError(Exception):
    """Analytic and numeric derivatives disagree; ``rows`` lists the mismatching entries."""

    def __init__(self, message: str, rows: Sequence[GradcheckRow]) -> None:
        super().__init__(message)
        self.rows: list[GradcheckRow] = list(rows)


# -- arguments ----------------------------------------------------------------


def _validate_args(where: str, fn: Any, inputs: Any, eps: Any, atol: Any, rtol: Any) -> list[Value]:
    if not callable(fn):
        raise TypeError(f"{where}: fn must be callable, got {type(fn).__name__}: {fn!r}")
    if isinstance(inputs, Value):
        raise TypeError(f"{where}: inputs must be a list of Values; wrap a single Value as [x]")
    if not isinstance(inputs, Sequence) or isinstance(inputs, (str, bytes)):
        raise TypeError(f"{where}: inputs must be a list of Values, got {type(inputs).__name__}")
    if not inputs:
        raise ValueError(f"{where}: inputs is empty; pass the Values fn takes")
    for i, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(f"{where}: inputs[{i}] must be a Value, got {type(x).__name__}: {x!r}")
    for name, v, positive in (("eps", eps, True), ("atol", atol, False), ("rtol", rtol, False)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{where}: {name} must be a real number, got {type(v).__name__}: {v!r}")
        if not math.isfinite(v) or v < 0 or (positive and v == 0):
            need = "> 0" if positive else ">= 0"
            raise ValueError(f"{where}: {name} must be finite and {need}, got {v!r}")
    return list(inputs)


def _call(where: str, fn: Callable[..., Any], xs: list[Value]) -> Value:
    out = fn(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"{where}: fn must return one Value, got {type(out).__name__}: {out!r}")
    return out


def _name(x: Value, i: int) -> str:
    return x.label or f"inputs[{i}]"


def _side(x: float, kinks: tuple[float, ...]) -> tuple[int, ...]:
    """Where ``x`` lies against each kink point: -1 below, 0 on it, 1 above."""
    return tuple((x > k) - (x < k) for k in kinks)


def _branches(out: Value) -> tuple:
    """The op sequence of ``out``'s graph, with the side of every kink that an op's input is on."""
    return tuple(
        (n.op, _side(n.parents[0].data, n.opdef.kinks)) if n.opdef.kinks and n.parents else n.op
        for n in topological_order(out)
    )


def _central(
    where: str, fn: Callable[..., Any], xs: list[Value], i: int, eps: float, measure: Callable[[Value], Any]
) -> tuple[Any, Any, bool]:
    """``measure(fn(...))`` at x_i - eps and x_i + eps, and whether a kink lies between."""
    x = xs[i]
    x0 = x.data

    def at() -> tuple[Any, tuple]:
        try:
            out = _call(where, fn, xs)
        except DomainError as e:
            raise DomainError(
                f"{where}: fn failed with input {i} ({_name(x, i)}) moved from {x0!r} "
                f"to {x.data!r} (eps={eps!r}): {e}"
            ) from None
        return measure(out), _branches(out)

    (lo, b_lo), (hi, b_hi) = central_difference(at, x, eps)
    return lo, hi, b_lo != b_hi


def _row(
    index: int | tuple[int, int], label: str, value: float, analytic: float, numeric: float, kink: bool
) -> GradcheckRow:
    err = abs(analytic - numeric)
    rel = err / abs(numeric) if numeric != 0.0 else (0.0 if err == 0.0 else math.inf)
    return GradcheckRow(index, label, value, analytic, numeric, err, rel, kink)


def _passes(row: GradcheckRow, atol: float, rtol: float) -> bool:
    return row.abs_err <= atol + rtol * abs(row.numeric)


def _kink_ops(fn: Callable[..., Any], xs: list[Value]) -> str:
    """The names of the ops with kink points in ``fn``'s graph, e.g. "relu/abs"."""
    names = dict.fromkeys(n.op for n in topological_order(_call("gradcheck", fn, xs)) if n.opdef.kinks)
    return "/".join(names) or "kinked"


def _warn_kink(where: str, fn: Callable[..., Any], xs: list[Value], i: int, eps: float) -> None:
    warnings.warn(
        KinkWarning(
            f"{where}: the finite difference for input {i} ({_name(xs[i], i)} = {xs[i].data!r}) "
            f"straddles a kink: the input of a {_kink_ops(fn, xs)} op crosses a kink point "
            f"(or fn builds different ops) between x - {eps!r} and x + {eps!r}; "
            "the numeric derivative there is not meaningful"
        ),
        stacklevel=3,
    )


def _table(title: str, rows: Sequence[GradcheckRow]) -> str:
    header = ("index", "label", "value", "analytic", "numeric", "abs err", "rel err")
    body = [
        (
            str(r.index) if not isinstance(r.index, tuple) else f"{r.index[0]},{r.index[1]}",
            r.label + (" (*)" if r.kink else ""),
            f"{r.value:.6g}",
            f"{r.analytic:.8g}",
            f"{r.numeric:.8g}",
            f"{r.abs_err:.3g}",
            f"{r.rel_err:.3g}",
        )
        for r in rows
    ]
    widths = [max(len(line[k]) for line in (header, *body)) for k in range(len(header))]
    lines = [title]
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in (header, *body)]
    if any(r.kink for r in rows):
        lines.append("(*) the finite difference straddles a kink")
    return "\n".join(lines)


def _raise(what: str, fails: list[GradcheckRow], total: int, eps: float, atol: float, rtol: float) -> None:
    title = (
        f"{len(fails)} of {total} {what} disagree with central finite differences "
        f"(eps={eps!r}; pass when |analytic - numeric| <= {atol!r} + {rtol!r} * |numeric|)"
    )
    raise GradcheckError(_table(title, fails), fails)


# -- the checks -----------------------------------------------------------------


def gradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[Value],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
) -> bool:
    """Check d fn / d inputs[i] against central finite differences.

    Args:
        fn: called as ``fn(*inputs)``; must return one Value built from them.
        inputs: the Values to perturb, one at a time, by ``+-eps``.
        eps: the finite-difference step (absolute).
        atol, rtol: an entry passes when
            ``|analytic - numeric| <= atol + rtol * |numeric|``.

    Returns:
        True when every entry passes.

    Raises:
        GradcheckError: a table of the failing entries (``.rows`` as data).

    Warns:
        KinkWarning: for an input whose finite difference straddles a kink.
    """
    xs = _validate_args("gradcheck", fn, inputs, eps, atol, rtol)
    analytic = grad(_call("gradcheck", fn, xs), xs)
    fails = []
    for i, x in enumerate(xs):
        lo, hi, kink = _central("gradcheck", fn, xs, i, eps, lambda out: out.data)
        if kink:
            _warn_kink("gradcheck", fn, xs, i, eps)
        row = _row(i, _name(x, i), x.data, analytic[i], (hi - lo) / (2.0 * eps), kink)
        if not _passes(row, atol, rtol):
            fails.append(row)
    if fails:
        _raise("gradient entries", fails, len(xs), eps, atol, rtol)
    return True


def gradgradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[Value],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
) -> bool:
    """Check the Hessian d^2 fn / d x_i d x_j against central differences of the gradient.

    The analytic entry is ``grad(grad(fn(*inputs), inputs, create_graph=True)[i], inputs)[j]``;
    the numeric one is ``(g_i(x_j + eps) - g_i(x_j - eps)) / (2 eps)`` with ``g = grad(fn(*inputs), inputs)``.
    Arguments, return value, errors and warnings are those of :func:`gradcheck`
    (a row's ``index`` is ``(i, j)``, its ``value`` that of ``inputs[j]``).
    """
    xs = _validate_args("gradgradcheck", fn, inputs, eps, atol, rtol)
    first = grad(_call("gradgradcheck", fn, xs), xs, create_graph=True)
    hessian = [grad(g, xs) for g in first]
    fails = []
    for j, xj in enumerate(xs):
        lo, hi, kink = _central("gradgradcheck", fn, xs, j, eps, lambda out: grad(out, xs))
        if kink:
            _warn_kink("gradgradcheck", fn, xs, j, eps)
        for i, xi in enumerate(xs):
            numeric = (hi[i] - lo[i]) / (2.0 * eps)
            label = f"{_name(xi, i)},{_name(xj, j)}"
            row = _row((i, j), label, xj.data, hessian[i][j], numeric, kink)
            if not _passes(row, atol, rtol):
                fails.append(row)
    if fails:
        _raise("Hessian entries", fails, len(xs) ** 2, eps, atol, rtol)
    return True


def assert_gradcheck(fn: Callable[..., Value], inputs: Sequence[Value], **tolerances: float) -> None:
    """:func:`gradcheck` for a test suite: raises AssertionError with the table on a mismatch.

    ``tolerances`` are gradcheck's ``eps``, ``atol`` and ``rtol``.
    """
    try:
        gradcheck(fn, inputs, **tolerances)
    except GradcheckError as e:
        raise AssertionError(f"gradcheck failed:\n{e}") from e
