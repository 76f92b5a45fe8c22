"""Article 1's delta table and article 2's parameter table, read from one sample's graph.

This module provides:

- :func:`delta_table` — for each layer k and neuron j: o_j^k, a_j^k,
  sigma'(o_j^k), dE/da_j^k and delta_j^k = dE/do_j^k, plus the check
  dE/dw_ij^k = delta_j^k * a_i^(k-1) for every weight (and dE/db_j^k =
  delta_j^k for every bias);
- :func:`parameter_table` — one row per parameter in phi order: its article
  name, label, value, gradient and central finite-difference gradient;
- their results :class:`DeltaTable` (rows :class:`NeuronRow`,
  :class:`WeightCheck`) and :class:`ParameterTable` (rows :class:`ParameterRow`),
  each with ``str()`` (an aligned text table) and ``_repr_html_`` (a notebook table);
- :func:`sample_loss`, :func:`fresh_grads` and :func:`neuron_names`, shared
  with :mod:`nets.views`.

Both tables build a fresh graph for the one sample ``x`` with target ``y``
and read the grads of one backward pass from zeroed grads (with
:func:`autograd.grad`), so no ``.grad`` — of a parameter or of any Value
passed in ``x`` — changes, and a table can be made in the middle of training.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import autograd
from autograd import Value
from autograd.core import central_difference, describe, real

from .losses import half_mse
from .model import MLP, Role

__all__ = [
    "DeltaTable",
    "NeuronRow",
    "ParameterRow",
    "ParameterTable",
    "WeightCheck",
    "delta_table",
    "fresh_grads",
    "neuron_names",
    "parameter_table",
    "sample_loss",
]

Loss = Callable[[Any, Any], Value]


# -- one sample's graph --------------------------------------------------------------


def _validate_model(model: Any, who: str) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"{who} expects a nets.MLP, got {type(model).__name__}: {describe(model):.80}")
    return model


def sample_loss(
    model: MLP, x: Sequence[Any], y: Any, loss: Loss = half_mse
) -> tuple[Value | list[Value], Value]:
    """``(output, E)`` for one sample: ``out = model(x)``, ``E = loss([out], [y])``, labelled "E".

    ``y`` is a number for a one-output model (or a class index for
    ``cross_entropy``), else a sequence with one target per output.
    """
    if not callable(loss):
        raise TypeError(f"loss must be a function loss(preds, targets) -> Value, got {loss!r}")
    out = model(x)
    E = loss([out], [y])
    if not isinstance(E, Value):
        raise TypeError(f"loss must return a Value, got {type(E).__name__}: {E!r}")
    if not E.label:
        E.label = "E"
    return out, E


def fresh_grads(root: Value) -> dict[Value, float]:
    """Every node's grad after ``root.backward()`` from zeroed grads, without touching any ``.grad``.

    The values are bitwise those ``backward`` would give (:func:`autograd.grad`
    runs the same arithmetic), keyed in topological order.
    """
    order = autograd.topological_order(root)
    return dict(zip(order, autograd.grad(root, order)))


def _nodes_by_role(root: Value) -> dict[Role, Value]:
    """The nodes of ``root``'s graph that have a network :class:`~nets.model.Role`, each role at most once."""
    found: dict[Role, Value] = {}
    for v in autograd.topological_order(root):
        role = v.role
        if isinstance(role, Role):
            if role in found and found[role] is not v:
                raise ValueError(f"two nodes have the role {role.label}; expected one graph of one sample")
            found[role] = v
    return found


def _node(nodes: dict[Role, Value], role: Role, who: str) -> Value:
    try:
        return nodes[role]
    except KeyError:
        raise ValueError(
            f"{who}: no node with the role {role.label} in the sample's graph; the model's forward must "
            "give each neuron's summed input (and activation) its Role, as nets.MLP does"
        ) from None


# -- text and HTML tables ---------------------------------------------------------------


def _fmt(x: Any, spec: str) -> str:
    return format(x, spec) if isinstance(x, float) else str(x)


def _text(headers: Sequence[str], specs: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_fmt(x, s) for x, s in zip(row, specs)] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    right = [s != "" for s in specs]  # numbers right, names left

    def line(items: Sequence[str]) -> str:
        return "  ".join(t.rjust(w) if r else t.ljust(w) for t, w, r in zip(items, widths, right)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _html(headers: Sequence[str], specs: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    align = ["right" if s else "left" for s in specs]
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:{a}'>{esc(_fmt(x, s))}</td>" for x, s, a in zip(row, specs, align))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# -- the delta table ---------------------------------------------------------------------


@dataclass(frozen=True)
class NeuronRow:
    """Neuron j of layer k on one sample (article 1's names).

    ``o`` is the summed input o_j^k, ``a`` the activation a_j^k = sigma(o_j^k),
    ``dsigma`` the engine's local derivative sigma'(o_j^k) (1 for a linear
    layer), ``grad_a`` = dE/da_j^k and ``delta`` = dE/do_j^k = sigma'(o_j^k) * dE/da_j^k.
    """

    layer: int
    neuron: int
    name: str
    label: str
    o: float
    a: float
    dsigma: float
    grad_a: float
    delta: float


@dataclass(frozen=True)
class WeightCheck:
    """One parameter's gradient against the delta rule: dE/dw_ij^k = delta_j^k * a_i^(k-1).

    For a bias, ``a_in`` is 1 (dE/db_j^k = delta_j^k). ``diff`` = |grad - product|.
    """

    phi: int
    name: str
    label: str
    grad: float
    delta: float
    a_in: float
    product: float
    diff: float


_NEURON_COLUMNS = (
    ("k", ""), ("j", ""), ("neuron", ""), ("label", ""), ("o", ".6g"), ("a", ".6g"),
    ("sigma'(o)", ".6g"), ("dE/da", ".6g"), ("delta = dE/do", ".6g"),
)
_CHECK_COLUMNS = (
    ("phi", ""), ("name", ""), ("label", ""), ("dE/dw (backward)", ".6g"), ("delta", ".6g"),
    ("a_i^(k-1)", ".6g"), ("delta * a", ".6g"), ("|diff|", ".1e"),
)


@dataclass(frozen=True)
class DeltaTable:
    """The result of :func:`delta_table`: ``rows`` (one per neuron), ``checks`` (one per parameter).

    ``max_abs_diff`` is the largest |dE/dw - delta * a| over every check;
    ``E`` is the loss on the sample.
    """

    rows: list[NeuronRow]
    checks: list[WeightCheck]
    max_abs_diff: float
    E: float
    x: tuple[float, ...] = field(default=())
    y: Any = None

    def _neuron_table(self) -> tuple[list[str], list[str], list[list[Any]]]:
        heads, specs = zip(*_NEURON_COLUMNS)
        rows = [[r.layer, r.neuron, r.name, r.label, r.o, r.a, r.dsigma, r.grad_a, r.delta]
                for r in self.rows]
        return list(heads), list(specs), rows

    def _check_table(self) -> tuple[list[str], list[str], list[list[Any]]]:
        heads, specs = zip(*_CHECK_COLUMNS)
        rows = [[f"phi{c.phi}", c.name, c.label, c.grad, c.delta, c.a_in, c.product, c.diff]
                for c in self.checks]
        return list(heads), list(specs), rows

    def _title(self) -> str:
        return f"x = {list(self.x)}, y = {self.y!r}, E = {self.E:.6g}"

    def __str__(self) -> str:
        return "\n".join([
            f"delta table: {self._title()}",
            _text(*self._neuron_table()),
            "",
            "dE/dw_ij^k = delta_j^k * a_i^(k-1) (a^(0) = x; 1 for a bias): "
            f"max |diff| = {self.max_abs_diff:.1e}",
            _text(*self._check_table()),
        ])

    def _repr_html_(self) -> str:
        esc = html.escape
        return (
            f"<p><b>delta table</b>: {esc(self._title())}</p>{_html(*self._neuron_table())}"
            f"<p>dE/dw<sub>ij</sub><sup>k</sup> = &delta;<sub>j</sub><sup>k</sup> "
            f"a<sub>i</sub><sup>k-1</sup> for every parameter: max |diff| = {self.max_abs_diff:.1e}</p>"
            f"{_html(*self._check_table())}"
        )


def neuron_names(model: MLP) -> dict[str, str]:
    """Neuron ``L{k}.N{j}`` -> article name (``N{j}{k}``, ``Y``), read from the biases' names."""
    names = {}
    for p, name in zip(model.parameters(), model.article_names()):
        if p.role.kind == "b":
            names[p.role.neuron_name] = name[2:]
    return names


def delta_table(model: MLP, x: Sequence[Any], y: Any, loss: Loss = half_mse) -> DeltaTable:
    """Article 1's table of errors delta_j^k = dE/do_j^k for one sample, and the delta rule checked.

    Builds ``E = loss([model(x)], [y])``, takes the grads of ``backward()``
    from zeroed grads (:func:`fresh_grads`) and reads delta_j^k from the grad
    of neuron j's ``o`` node in layer k (found by its role, not its label).
    Then, for every weight, compares the engine's dE/dw_ij^k with
    delta_j^k * a_i^(k-1), where a^(0) = x (for a bias, with 1).

    Args:
        model: a ``nets.MLP``.
        x: one sample, ``nin`` numbers.
        y: its target: a number for one output, else one number per output.
        loss: ``loss(preds, targets) -> Value``; article 1's ``half_mse`` by default.

    Returns:
        a :class:`DeltaTable`.

    Every parameter's ``.grad`` is left as it was before the call.
    """
    who = "delta_table"
    model = _validate_model(model, who)
    _, E = sample_loss(model, x, y, loss)
    grads = fresh_grads(E)
    nodes = _nodes_by_role(E)
    names = neuron_names(model)
    rows: list[NeuronRow] = []
    x0 = [float(xi) for xi in x]
    delta: dict[tuple[int, int], float] = {}
    a_of: dict[int, list[float]] = {0: x0}  # a^(0) = x
    for k, layer in enumerate(model.layers, start=1):
        acts = []
        for j in range(1, layer.nout + 1):
            o = _node(nodes, Role(k, j, "o"), who)
            if layer.activation == "linear":
                a, dsigma = o, 1.0
            else:
                a = _node(nodes, Role(k, j, "a"), who)
                dsigma = a.local_grads[0]
            d = grads[o]
            delta[k, j] = d
            acts.append(a.data)
            rows.append(NeuronRow(k, j, names[f"L{k}.N{j}"], f"L{k}.N{j}", o.data, a.data,
                                  dsigma, grads[a], d))
        a_of[k] = acts
    checks = []
    for phi, ((label, p), name) in enumerate(zip(model.named_parameters(), model.article_names())):
        role = p.role
        k, j = role.layer, role.neuron
        a_in = 1.0 if role.kind == "b" else a_of[k - 1][role.index - 1]
        product = delta[k, j] * a_in
        g = grads.get(p, 0.0)
        checks.append(WeightCheck(phi, name, label, g, delta[k, j], a_in, product, abs(g - product)))
    worst = max(c.diff for c in checks)
    return DeltaTable(rows, checks, worst, E.data, tuple(x0), y)


# -- the parameter table ----------------------------------------------------------------


@dataclass(frozen=True)
class ParameterRow:
    """One parameter phi_i: its value, dE/dphi_i from backward, and the central finite difference."""

    phi: int
    name: str
    label: str
    value: float
    grad: float
    numeric: float
    diff: float


_PARAM_COLUMNS = (
    ("phi", ""), ("name", ""), ("label", ""), ("value", ".6g"), ("dE/dphi (backward)", ".6g"),
    ("finite difference", ".6g"), ("|diff|", ".1e"),
)


@dataclass(frozen=True)
class ParameterTable:
    """The result of :func:`parameter_table`: ``rows`` in phi order, ``max_abs_diff``, the loss ``E``."""

    rows: list[ParameterRow]
    max_abs_diff: float
    E: float
    eps: float
    x: tuple[float, ...] = field(default=())
    y: Any = None

    def _table(self) -> tuple[list[str], list[str], list[list[Any]]]:
        heads, specs = zip(*_PARAM_COLUMNS)
        rows = [[f"phi{r.phi}", r.name, r.label, r.value, r.grad, r.numeric, r.diff] for r in self.rows]
        return list(heads), list(specs), rows

    def _title(self) -> str:
        return (f"{len(self.rows)} parameters; x = {list(self.x)}, y = {self.y!r}, E = {self.E:.6g}; "
                f"central differences with eps = {self.eps:g}: max |diff| = {self.max_abs_diff:.1e}")

    def __str__(self) -> str:
        return f"parameter table: {self._title()}\n{_text(*self._table())}"

    def _repr_html_(self) -> str:
        return f"<p><b>parameter table</b>: {html.escape(self._title())}</p>{_html(*self._table())}"


def parameter_table(
    model: MLP, x: Sequence[Any], y: Any, loss: Loss = half_mse, eps: float = 1e-6
) -> ParameterTable:
    """One row per parameter phi_i (article 2's order): name, label, value, dE/dphi_i, finite difference.

    The gradient is that of ``backward()`` on ``E = loss([model(x)], [y])``
    from zeroed grads (:func:`fresh_grads`); the check is the central difference
    (E(phi_i + eps) - E(phi_i - eps)) / (2 eps), each parameter's ``data``
    put back exactly afterwards.

    For ``nets.MLP(3, [3, 3, 1], activation="tanh", output_activation="tanh",
    seed=0)`` this is article 2's table of 28 parameters phi0..phi27 (w_N11,X1
    ... b_Y). The README example uses that network (tanh in every layer, the
    output included), the input x = (0.5, -1.0, 2.0), the target y = 1.0 and
    article 1's error E = (Y - y)^2 / 2 (``half_mse``).

    Args:
        model: a ``nets.MLP``.
        x: one sample, ``nin`` numbers.
        y: its target: a number for one output, else one number per output.
        loss: ``loss(preds, targets) -> Value``; ``half_mse`` by default.
        eps: the finite-difference step, a real number > 0 (a string or a
            bool is a TypeError; NaN, infinity, 0 or less, or an int beyond
            floats a ValueError). One so large that the loss cannot be computed
            at phi_i +- eps is an :class:`autograd.DomainError` naming eps.

    Returns:
        a :class:`ParameterTable`.

    Every parameter's ``.grad`` and ``.data`` are left as they were, whatever is raised.
    """
    model = _validate_model(model, "parameter_table")
    eps = real(eps, "parameter_table: eps", minimum=0.0, above=True)
    _, E = sample_loss(model, x, y, loss)
    grads = fresh_grads(E)

    def error() -> float:
        with autograd.no_grad():
            return sample_loss(model, x, y, loss)[1].data

    rows = []
    params = model.named_parameters()
    for phi, ((label, p), name) in enumerate(zip(params, model.article_names())):
        value = p.data
        try:
            down, up = central_difference(error, p, eps)
        except autograd.DomainError as e:  # e.g. eps=1e300: the loss overflows
            raise autograd.DomainError(
                f"parameter_table: eps = {eps!r} is too large: the loss cannot be computed with "
                f"{name} ({label}) moved by it ({e}); use a small step such as 1e-6"
            ) from None
        numeric = (up - down) / (2 * eps)
        g = grads.get(p, 0.0)
        rows.append(ParameterRow(phi, name, label, value, g, numeric, abs(g - numeric)))
    worst = max(r.diff for r in rows)
    return ParameterTable(rows, worst, E.data, eps, tuple(float(xi) for xi in x), y)
