"""Gradient checking: analytic derivatives of every order against numeric oracles.

The derivative of order k is checked the way ``gradgradcheck`` checks the
Hessian: its analytic value (``grad`` applied k times, ``create_graph`` for all
but the last) against a numeric derivative of the analytic order k-1 (of
``fn`` itself for k = 1), one input direction at a time. Three oracles make
that numeric derivative:

- ``"central"`` — ``(g(x + eps) - g(x - eps)) / (2 eps)``;
- ``"richardson"`` — central differences at steps eps, eps/2, eps/4, eps/8,
  extrapolated to step 0 (accurate to ~1e-10 on smooth functions);
- ``"complex"`` — the complex-step derivative ``Im g(x + i h) / h`` of the
  recorded graph replayed on complex numbers (:func:`autograd.trace`): no
  cancellation, exact to rounding, independent of our derivative rules. An
  entry whose graph reaches an op with no complex forward, or (order >= 2)
  a derivative that returned a plain number on Values, falls back to
  Richardson, as its table row says.

With ``fast=True`` the check compares, for each order k and each of
``directions`` seeded random unit vectors, the directional derivative
``D^k f[u_1, ..., u_k]`` (u^T J v, u^T H v, ...) with the oracle along ``u_k``:
O(directions) evaluations of ``fn`` instead of O(n) per order; only when
one disagrees is the full table computed.

This module provides :func:`check_grads`, its thin forms :func:`gradcheck`
(order 1), :func:`gradgradcheck` (the Hessian only) and
:func:`assert_gradcheck`, :data:`METHODS` (each oracle's default step and
tolerances), :class:`GradcheckError` (a readable table; ``.rows`` holds the
same :class:`GradcheckRow` records), and :class:`KinkWarning`: a sample whose
stencil straddles a kink — an op with kink points in the op table changed
branch (its input crossed a kink point, or sat exactly on one at the unmoved
inputs and moved off it), ``fn`` built different ops, or one-sided differences
disagree at two step sizes — warns and is marked in the table, and is not
counted as a wrong derivative.

An entry passes when ``|analytic - numeric| <= atol + rtol * |numeric|``.
Every input's ``.data`` is put back and no ``.grad`` is written.
"""

from __future__ import annotations

import math
import numbers
import random
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .core import (
    DomainError,
    NoComplexForwardError,
    Value,
    central_difference,
    complex_step,
    count,
    describe,
    directional_difference,
    flag,
    floatmath,
    grad,
    is_grad_enabled,
    real,
    richardson,
    richardson_steps,
    topological_order,
    trace,
    value_list,
    valuemath,
)
from .core.ops import dot

__all__ = [
    "METHODS",
    "GradcheckError",
    "GradcheckRow",
    "KinkWarning",
    "Method",
    "assert_gradcheck",
    "check_grads",
    "gradcheck",
    "gradgradcheck",
]


@dataclass(frozen=True)
class Method:
    """A numeric oracle and its defaults: the step ``eps`` and the tolerances ``atol``, ``rtol``."""

    name: str
    eps: float
    atol: float
    rtol: float
    description: str


#: The oracles, by name, with their default step and tolerances.
METHODS: dict[str, Method] = {
    "central": Method("central", 1e-6, 1e-6, 1e-4, "central finite differences"),
    "richardson": Method("richardson", 1e-2, 1e-9, 1e-9, "Richardson-extrapolated central differences"),
    "complex": Method("complex", 1e-30, 1e-12, 1e-12, "complex-step derivatives"),
}

#: The steps of a Richardson extrapolation: eps, eps/2, eps/4, eps/8.
RICHARDSON_LEVELS = 4
#: A failing fast check computes the full table of its order only up to this many entries.
FULL_TABLE_LIMIT = 10_000
MAX_ORDER = 4


class KinkWarning(UserWarning):
    """A finite difference straddles a kink, so its value is not a derivative."""


class GradcheckRow(NamedTuple):
    """One checked entry: d^k f / d x_i ... d x_j (``index`` is i for order 1, (i, ..., j) above).

    ``value`` is that of the input moved (``inputs[j]``); ``oracle`` names the
    numeric derivative (with its steps); ``kink`` marks a stencil across a
    kink. A directional entry of a fast check has ``index`` None and a label
    "direction d".
    """

    index: int | tuple[int, ...] | None
    label: str
    value: float
    analytic: float
    numeric: float
    abs_err: float
    rel_err: float
    kink: bool
    order: int = 1
    oracle: str = "central"


class GradcheckError(Exception):
    """Analytic and numeric derivatives disagree; ``rows`` lists the mismatching entries."""

    def __init__(self, message: str, rows: Sequence[GradcheckRow]) -> None:
        super().__init__(message)
        self.rows: list[GradcheckRow] = list(rows)


# -- arguments ----------------------------------------------------------------


def _real(where: str, name: str, v: Any, positive: bool) -> float:
    return real(v, f"{where}: {name}", minimum=0.0, above=positive)


def _count(where: str, name: str, v: Any, lo: int, hi: int | None = None) -> int:
    n = count(v, f"{where}: {name}", minimum=lo if hi is None else -math.inf)
    if hi is not None and not lo <= n <= hi:
        raise ValueError(f"{where}: {name} must be {lo}..{hi}, got {describe(n)}")
    return n


def _validate_inputs(where: str, fn: Any, inputs: Any) -> list[Value]:
    if not callable(fn):
        raise TypeError(f"{where}: fn must be callable, got {type(fn).__name__}: {describe(fn)}")
    xs = value_list(inputs, f"{where}: inputs")
    if not xs:
        raise ValueError(f"{where}: inputs is empty; pass the Values fn takes")
    if not is_grad_enabled():
        raise RuntimeError(
            f"{where} cannot run inside a no_grad() block: it needs the graph of fn to differentiate; "
            "call it outside the block"
        )
    return xs


# -- one check ------------------------------------------------------------------


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


def _frozen_op(roots: Sequence[Value]) -> str | None:
    """The first op in the graphs of ``roots`` whose derivative, evaluated on Values, returns a
    plain number that changes with its inputs (e.g. written with ``math.cos``): the graph of a
    derivative then cannot carry a complex perturbation. None when there is none."""
    seen: set[Value] = set()
    for root in roots:
        for v in topological_order(root):
            if v in seen or v.is_leaf() or not v.opdef.derivs:
                continue
            seen.add(v)
            op, parents = v.opdef, v.parents
            for d in op.derivs:
                local = d(valuemath, *parents, v)
                if isinstance(local, Value) or not isinstance(local, numbers.Real):
                    continue
                moved = [p.data * (1 + 1e-6) + 1e-6 for p in parents]
                try:
                    again = d(floatmath, *moved, op.forward(*moved))
                except (ArithmeticError, ValueError, TypeError):
                    continue
                if again != local:
                    return op.name
    return None


@dataclass
class _Entry:
    """The numbers of one entry before it becomes a row."""

    index: tuple[int, ...]
    analytic: float
    numeric: float
    kink: bool
    oracle: str


class _Check:
    """One call of :func:`check_grads`: fn, inputs, the oracle and tolerances, and a count of evaluations."""

    def __init__(
        self, where: str, fn: Callable[..., Any], xs: list[Value], method: Method,
        eps: float, atol: float, rtol: float,
    ) -> None:
        self.where, self.fn, self.xs, self.method = where, fn, xs, method
        self.eps, self.atol, self.rtol = eps, atol, rtol
        self.evaluations = 0  # calls of fn and replays of a trace
        self.center: tuple | None = None  # fn's branches at the unmoved inputs (see start)

    def start(self) -> Value:
        """fn at the unmoved inputs; records its branches, to compare each stencil point with."""
        out = self.call()
        self.center = _branches(out)
        return out

    def kinked(self, branches: set) -> bool:
        """True if the stencil points' branches differ, among themselves or from the unmoved point's.

        An op's input exactly on a kink point (side 0) and moved off it to one
        side (abs(x*x) at x = 0) is a kink, though the two stencil points agree.
        """
        return len(branches | {self.center}) > 1

    # -- evaluating ---------------------------------------------------------------
    def call(self) -> Value:
        self.evaluations += 1
        out = self.fn(*self.xs)
        if not isinstance(out, Value):
            raise TypeError(
                f"{self.where}: fn must return one Value, got {type(out).__name__}: {describe(out)}"
            )
        return out

    def levels(self, out: Value, k: int) -> list[Value]:
        """The analytic derivatives of order k as Values, flattened (index (i_1, ..., i_k), row-major)."""
        level = [out]
        for _ in range(k):
            level = [g for v in level for g in grad(v, self.xs, create_graph=True)]
        return level

    def measure(self, k: int) -> Callable[[], tuple[list[float], tuple]]:
        """A function giving the order-k analytic derivatives and fn's branches at the current data."""

        def at() -> tuple[list[float], tuple]:
            out = self.call()
            if k == 0:
                return [out.data], _branches(out)
            level = self.levels(out, k - 1)
            return [g for v in level for g in grad(v, self.xs)], _branches(out)

        return at

    def _moved_error(self, e: DomainError, j: int, h: float) -> DomainError:
        x = self.xs[j]
        return DomainError(
            f"{self.where}: fn failed with input {j} ({_name(x, j)}) moved from {x.data!r} "
            f"by +-{h!r} (eps={self.eps!r}): {e}"
        )

    def along(self, measure: Callable[[], Any], j: int, h: float) -> tuple[Any, Any]:
        try:
            return central_difference(measure, self.xs[j], h)
        except DomainError as e:
            raise self._moved_error(e, j, h) from None

    # -- numeric derivatives of the order-(k-1) derivatives along input j ------------
    def central(self, k: int, j: int) -> tuple[list[float], bool, str]:
        (lo, b_lo), (hi, b_hi) = self.along(self.measure(k - 1), j, self.eps)
        numeric = [(b - a) / (2.0 * self.eps) for a, b in zip(lo, hi)]
        return numeric, self.kinked({b_lo, b_hi}), self.method.name

    @property
    def richardson_eps(self) -> float:
        """The largest Richardson step: eps, or Richardson's default when standing in for the complex step."""
        return METHODS["richardson"].eps if self.method.name == "complex" else self.eps

    def richardson(self, k: int, j: int) -> tuple[list[float], bool, str]:
        steps = richardson_steps(self.richardson_eps, RICHARDSON_LEVELS)
        estimates, branches = [], set()
        for h in steps:
            (lo, b_lo), (hi, b_hi) = self.along(self.measure(k - 1), j, h)
            estimates.append([(b - a) / (2.0 * h) for a, b in zip(lo, hi)])
            branches.update((b_lo, b_hi))
        numeric = [richardson(column) for column in zip(*estimates)]
        return numeric, self.kinked(branches), f"richardson (h={steps[0]:.3g}..{steps[-1]:.3g})"

    def stencil_kink(self, k: int, j: int, t: int) -> bool:
        """True if one-sided differences of entry t disagree by a jump that does not shrink with the step."""
        measure = self.measure(k - 1)
        mid = measure()[0][t]  # at x itself
        jumps = []
        for h in (self.eps, self.eps / 2.0):
            (lo, _), (hi, _) = self.along(measure, j, h)
            jumps.append((hi[t] - mid) / h - (mid - lo[t]) / h)
        scale = self.atol + self.rtol * max(abs(jumps[0]), 1e-300)
        return abs(jumps[0]) > scale and abs(jumps[1]) > 0.75 * abs(jumps[0])

    # -- full tables --------------------------------------------------------------
    def full(self, k: int) -> list[_Entry]:
        """Every entry d^k f / d x_{i_1} ... d x_{i_k} of order k, analytic against the oracle."""
        n = len(self.xs)
        out = self.call()
        below = self.levels(out, k - 1)
        analytic = [g for v in below for g in grad(v, self.xs)]
        numeric: dict[tuple[int, ...], tuple[float, bool, str]] = {}
        if self.method.name == "complex":
            # the complex step of each order-(k-1) derivative's graph, replayed; Richardson where it cannot be
            frozen = _frozen_op([out, *self.levels(out, k - 2)]) if k >= 2 else None
            point = [x.data for x in self.xs]
            pending: dict[int, list[tuple[tuple[int, ...], str]]] = {}  # input j -> entries falling back, why
            for t, g in enumerate(below):
                t_idx = _unflatten(t, n, k - 1)
                if frozen is not None:
                    for j in range(n):
                        why = f"complex step impossible: the derivative of {frozen!r} is a plain number"
                        pending.setdefault(j, []).append((t_idx, why))
                    continue
                tr = trace(g, self.xs)
                for j in range(n):
                    e_j = [1.0 if i == j else 0.0 for i in range(n)]
                    self.evaluations += 1
                    try:
                        numeric[(*t_idx, j)] = (complex_step(tr, point, e_j, self.eps), False, "complex")
                    except NoComplexForwardError as e:
                        pending.setdefault(j, []).append((t_idx, f"no complex forward: {e.op}"))
            for j, items in pending.items():
                values, kink, oracle = self.richardson(k, j)
                for t_idx, why in items:
                    t = 0
                    for a in t_idx:
                        t = t * n + a
                    numeric[(*t_idx, j)] = (values[t], kink, f"{oracle}; {why}")
        else:
            oracle_of = self.central if self.method.name == "central" else self.richardson
            for j in range(n):
                values, kink, oracle = oracle_of(k, j)
                for t, v in enumerate(values):
                    numeric[(*_unflatten(t, n, k - 1), j)] = (v, kink, oracle)
        entries = []
        for flat, a in enumerate(analytic):
            idx = _unflatten(flat, n, k)
            num, kink, oracle = numeric[idx]
            entries.append(_Entry(idx, a, num, kink, oracle))
        return entries

    # -- fast, directional checks -----------------------------------------------------
    def directional(self, k: int, us: list[list[float]], base: Value, s: Value) -> _Entry:
        """D^k f[u_1..u_k]: the analytic value from ``s`` = D^(k-1) f[u_1..u_(k-1)] (a Value at the base
        point) against the oracle along u_k."""
        u = us[k - 1]
        analytic = dot(u, grad(s, self.xs)).data

        def chain() -> tuple[float, tuple]:
            out = self.call()
            v = out
            for m in range(k - 1):
                v = dot(us[m], grad(v, self.xs, create_graph=True))
            return v.data, _branches(out)

        name = self.method.name
        if name == "complex":
            frozen = _frozen_op([base, s]) if k >= 2 else None
            if frozen is None:
                self.evaluations += 1
                try:
                    value = complex_step(trace(s, self.xs), [x.data for x in self.xs], u, self.eps)
                    return _Entry((), analytic, value, False, "complex")
                except NoComplexForwardError as e:
                    reason = f"no complex forward: {e.op}"
            else:
                reason = f"complex step impossible: the derivative of {frozen!r} is a plain number"
            steps = richardson_steps(self.richardson_eps, RICHARDSON_LEVELS)
            oracle = f"richardson (h={steps[0]:.3g}..{steps[-1]:.3g}; {reason})"
        elif name == "central":
            steps, oracle = [self.eps], "central"
        else:
            steps = richardson_steps(self.eps, RICHARDSON_LEVELS)
            oracle = f"richardson (h={steps[0]:.3g}..{steps[-1]:.3g})"
        estimates, branches = [], set()
        for h in steps:
            try:
                (lo, b_lo), (hi, b_hi) = directional_difference(chain, self.xs, u, h)
            except DomainError as e:
                raise DomainError(f"{self.where}: fn failed with the inputs moved along a direction: {e}") \
                    from None
            estimates.append((hi - lo) / (2.0 * h))
            branches.update((b_lo, b_hi))
        return _Entry((), analytic, richardson(estimates), self.kinked(branches), oracle)

    # -- rows -------------------------------------------------------------------------
    def row(self, e: _Entry, k: int, direction: int | None = None) -> GradcheckRow:
        err = abs(e.analytic - e.numeric)
        rel = err / abs(e.numeric) if e.numeric != 0.0 else (0.0 if err == 0.0 else math.inf)
        if direction is not None:
            return GradcheckRow(None, f"direction {direction + 1}", math.nan, e.analytic, e.numeric, err, rel,
                                e.kink, k, e.oracle)
        names = [_name(self.xs[i], i) for i in e.index]
        index: int | tuple[int, ...] = e.index[0] if k == 1 else e.index
        value = self.xs[e.index[-1]].data
        label = ",".join(names)
        return GradcheckRow(index, label, value, e.analytic, e.numeric, err, rel, e.kink, k, e.oracle)

    def passes(self, r: GradcheckRow) -> bool:
        return r.abs_err <= self.atol + self.rtol * abs(r.numeric)


def _unflatten(flat: int, n: int, k: int) -> tuple[int, ...]:
    """Row-major index ``flat`` of an n^k tensor as (i_1, ..., i_k)."""
    idx = []
    for _ in range(k):
        flat, i = divmod(flat, n)
        idx.append(i)
    return tuple(reversed(idx))


def _unit_vector(rng: random.Random, n: int) -> list[float]:
    while True:
        v = [rng.gauss(0.0, 1.0) for _ in range(n)]
        norm = math.sqrt(math.fsum(c * c for c in v))
        if norm > 1e-12:
            return [c / norm for c in v]


# -- tables and messages -------------------------------------------------------------

_WHAT = {1: "gradient entries", 2: "Hessian entries"}


def _index_text(index: int | tuple[int, ...] | None) -> str:
    if index is None:
        return "-"
    return str(index) if isinstance(index, int) else ",".join(map(str, index))


def _table(title: str, rows: Sequence[GradcheckRow]) -> str:
    header = ("index", "label", "value", "analytic", "numeric", "abs err", "rel err", "oracle")
    body = [
        (
            _index_text(r.index),
            r.label + (" (*)" if r.kink else ""),
            f"{r.value:.6g}",
            f"{r.analytic:.8g}",
            f"{r.numeric:.8g}",
            f"{r.abs_err:.3g}",
            f"{r.rel_err:.3g}",
            r.oracle,
        )
        for r in rows
    ]
    widths = [max(len(line[c]) for line in (header, *body)) for c in range(len(header))]
    lines = [title]
    lines += ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in (header, *body)]
    if any(r.kink for r in rows):
        lines.append("(*) the finite difference straddles a kink: not a wrong derivative")
    return "\n".join(lines)


def _title(check: _Check, k: int, fails: int, total: int, fast: bool) -> str:
    what = _WHAT.get(k, f"order-{k} derivative entries")
    m = check.method
    step = f"h={check.eps!r}" if m.name == "complex" else f"eps={check.eps!r}"
    where = ", along random directions" if fast else ""
    return (
        f"{fails} of {total} {what} disagree with {m.description} (order {k}{where}; {step}; "
        f"pass when |analytic - numeric| <= {check.atol!r} + {check.rtol!r} * |numeric|)"
    )


def _warn_kinks(check: _Check, k: int, rows: list[GradcheckRow]) -> None:
    for r in rows:
        if r.index is None:
            where = r.label
        else:
            j = r.index if isinstance(r.index, int) else r.index[-1]
            where = f"input {j} ({_name(check.xs[j], j)} = {check.xs[j].data!r})"
        warnings.warn(
            KinkWarning(
                f"{check.where}: the finite difference for {where} straddles a kink (order {k}): "
                f"an op's input crosses one of its kink points or moves off one, fn builds different ops, or "
                f"the one-sided differences jump between x - {check.eps!r} and x + {check.eps!r}; the "
                f"numeric derivative there is not meaningful "
                f"(analytic {r.analytic:.8g}, numeric {r.numeric:.8g})"
            ),
            stacklevel=4,
        )


def _check_order(check: _Check, k: int, entries: list[_Entry], fast: bool) -> list[GradcheckRow]:
    """The rows of order k that fail, kinks excluded; every kinked row warns, passing or not.

    A failing row the op table does not flag is tested for a kink with one-sided differences.
    """
    rows = [check.row(e, k) for e in entries]
    n = len(check.xs)
    for i, r in enumerate(rows):
        if r.kink or check.passes(r) or fast or check.method.name == "complex":
            continue
        idx = r.index if isinstance(r.index, tuple) else (r.index,)
        t = 0
        for a in idx[:-1]:
            t = t * n + a
        if check.stencil_kink(k, idx[-1], t):
            rows[i] = r._replace(kink=True)
    kinks = [r for r in rows if r.kink]
    if kinks:
        _warn_kinks(check, k, kinks)
    return [r for r in rows if not r.kink and not check.passes(r)]


def _raise_failures(check: _Check, k: int, entries: list[_Entry]) -> None:
    """GradcheckError with the table of order k's failing entries, if there are any."""
    fails = _check_order(check, k, entries, fast=False)
    if fails:
        raise GradcheckError(_table(_title(check, k, len(fails), len(entries), False), fails), fails)


def _run(
    where: str, fn: Any, inputs: Any, orders: Sequence[int], method: str, fast: bool, directions: int,
    eps: Any, atol: Any, rtol: Any, seed: Any,
) -> _Check:
    xs = _validate_inputs(where, fn, inputs)
    if method not in METHODS:
        raise ValueError(f"{where}: method must be one of {tuple(METHODS)}, got {describe(method)}")
    m = METHODS[method]
    check = _Check(
        where, fn, xs, m,
        m.eps if eps is None else _real(where, "eps", eps, True),
        m.atol if atol is None else _real(where, "atol", atol, False),
        m.rtol if rtol is None else _real(where, "rtol", rtol, False),
    )
    if not fast:
        check.start()  # fn must give a Value before anything is moved
        for k in orders:
            _raise_failures(check, k, check.full(k))
        return check
    rng = random.Random(seed)
    n = len(xs)
    base = check.start()
    for d in range(directions):
        us = [_unit_vector(rng, n) for _ in range(max(orders))]
        s = base
        for k in range(1, max(orders) + 1):
            if k in orders:
                entry = check.directional(k, us, base, s)
                row = check.row(entry, k, direction=d)
                if not check.passes(row):
                    if row.kink:
                        _warn_kinks(check, k, [row])
                    elif n**k <= FULL_TABLE_LIMIT:
                        _raise_failures(check, k, check.full(k))
                    else:
                        raise GradcheckError(_table(_title(check, k, 1, directions, True), [row]), [row])
            if k < max(orders):
                s = dot(us[k - 1], grad(s, xs, create_graph=True))
    return check


# -- the checks -------------------------------------------------------------------------


def check_grads(
    fn: Callable[..., Value],
    inputs: Sequence[Value],
    *,
    order: int = 2,
    method: str = "central",
    fast: bool = False,
    directions: int = 2,
    eps: float | None = None,
    atol: float | None = None,
    rtol: float | None = None,
    seed: int = 0,
) -> bool:
    """Check every derivative of order 1..``order`` of ``fn(*inputs)`` against a numeric oracle.

    Args:
        fn: called as ``fn(*inputs)``; must return one Value built from them.
        inputs: the Values to differentiate with respect to (and to move).
        order: the highest order checked, 1 to 4.
        method: the oracle: "central", "richardson" or "complex" (see :data:`METHODS`).
        fast: check directional derivatives along ``directions`` seeded random
            unit vectors (O(directions) evaluations per order instead of O(n));
            a disagreement computes the full table of that order.
        directions: how many random directions a fast check uses.
        eps: the step (the largest one for Richardson, ``h`` for the complex
            step); None takes the method's default.
        atol, rtol: an entry passes when ``|analytic - numeric| <= atol + rtol * |numeric|``;
            None takes the method's defaults.
        seed: seeds the random directions.

    Returns:
        True when every entry passes (a kinked entry warns instead of failing).

    Raises:
        GradcheckError: the first order with failing entries: its message names
            the order, its table each failing entry (which inputs), analytic and
            numeric values and the oracle; ``.rows`` holds them as data.
        RuntimeError: called inside ``no_grad()``.

    Warns:
        KinkWarning: for an entry whose stencil straddles a kink.

    Every input's ``.data`` is put back and no ``.grad`` is written.
    """
    where = "check_grads"
    k = _count(where, "order", order, 1, MAX_ORDER)
    fast = flag(fast, f"{where}: fast")
    _run(where, fn, inputs, range(1, k + 1), method, fast, _count(where, "directions", directions, 1),
         eps, atol, rtol, _count(where, "seed", seed, -(2**63)))
    return True


def gradcheck(
    fn: Callable[..., Value],
    inputs: Sequence[Value],
    eps: float = 1e-6,
    atol: float = 1e-6,
    rtol: float = 1e-4,
) -> bool:
    """Check d fn / d inputs[i] against central finite differences (``check_grads`` at order 1).

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
    _run("gradcheck", fn, inputs, (1,), "central", False, 1, eps, atol, rtol, 0)
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
    (a row's ``index`` is ``(i, j)``, its ``value`` that of ``inputs[j]``). It is
    ``check_grads`` at order 2 alone.
    """
    _run("gradgradcheck", fn, inputs, (2,), "central", False, 1, eps, atol, rtol, 0)
    return True


def assert_gradcheck(fn: Callable[..., Value], inputs: Sequence[Value], **tolerances: float) -> None:
    """:func:`gradcheck` for a test suite: raises AssertionError with the table on a mismatch.

    ``tolerances`` are gradcheck's ``eps``, ``atol`` and ``rtol``.
    """
    try:
        gradcheck(fn, inputs, **tolerances)
    except GradcheckError as e:
        raise AssertionError(f"gradcheck failed:\n{e}") from e
