"""Neurons, layers and multi-layer perceptrons, built only from autograd's public API.

This module provides:

- :class:`Neuron` — o = sum_i w_i x_i + b as ONE ``autograd.dot`` node, then
  a = sigma(o) as a second node (for ``"linear"``, a is o).
- :class:`Layer` — ``nout`` neurons reading the same inputs; always returns a
  list; a matrix view ``weights()`` / ``set_weights(W, b)``.
- :class:`MLP` — layers in a row, with article 2's flat parameter vector phi
  (``phi``, ``set_phi``, ``phi_grad``, ``article_names``).
- :data:`ACTIVATIONS` and :data:`INITS` — the names accepted for ``activation``
  and ``init``.
- :class:`Role` — what a node of a network is (``v.role``): neuron j of layer
  k's weight i, bias, summed input o or activation a. Tables and pictures read
  a graph's structure from the roles, never from label strings.
- :data:`MAX_WIDTH` and :data:`MAX_PARAMETERS` — the largest size a model
  accepts (so a typo such as ``10**50`` is refused at once instead of filling
  the memory one Value at a time), and :func:`as_parameters`, how optimizers
  and ``l2`` read their ``params``.

Names follow the articles, 1-based: in layer k, neuron j has weights
``L{k}.N{j}.w{i}`` (from input i), bias ``L{k}.N{j}.b``, summed input
``L{k}.N{j}.o`` (article 1's o_j^k) and activation ``L{k}.N{j}.a`` (a_j^k).
Numbers given as inputs become leaves labelled ``X1..Xn``. Every weight, bias,
``o`` and ``a`` node also has a :class:`Role` (``v.role``), given when it is
built; a model holds no graph, only its parameters.

Parameter order (article 2's phi): layer by layer, neuron by neuron, each
neuron's weights in input order, then its bias. ``MLP(3, [3, 3, 1])`` has 28
parameters, phi0 = w_N11,X1 ... phi3 = b_N11, ..., phi24..phi26 = w_Y,N12,
w_Y,N22, w_Y,N32 and phi27 = b_Y.
"""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Value
from autograd.core import assign_role, count, describe, flag, weighted_sums
from autograd.core import seed as seed_option

__all__ = [
    "ACTIVATIONS", "INITS", "Layer", "MAX_PARAMETERS", "MAX_WIDTH", "MLP", "Module", "Neuron", "Role",
    "as_parameters",
]

#: the largest count of inputs, neurons per layer or layers (and a Role's layer, neuron and index)
MAX_WIDTH = 10**6
#: the most parameters one Neuron, Layer, MLP or KAN may have (each is a Value: about 10**7 fill gigabytes)
MAX_PARAMETERS = 10**7


def _role_number(x: Any, name: str, lo: int, hi: int) -> int:
    """``x`` as an int in lo..hi, with ``count``'s errors; a plain int in range is taken at once."""
    if type(x) is int and lo <= x <= hi:
        return x
    return count(x, name, minimum=lo, maximum=hi)


class Role:
    """What a node of a network is: part ``kind`` of neuron ``neuron`` (j) in layer ``layer`` (k).

    ``kind`` is "w" (the weight from input ``index``), "b" (the bias), "o"
    (the summed input o_j^k) or "a" (the activation a_j^k); layer, neuron and
    index count from 1, as in the articles. ``label`` is the node's label,
    e.g. ``L2.N1.w3``. Roles compare by value; one role object is shared by
    every sample's node of that kind.

    Raises:
        TypeError: ``layer``, ``neuron`` or ``index`` is not an int (a bool is not one).
        ValueError: an unknown ``kind``; ``layer`` or ``neuron`` outside 1..:data:`MAX_WIDTH`;
            ``index`` outside 1..MAX_WIDTH for a weight, or not 0 for the other kinds.
    """

    __slots__ = ("layer", "neuron", "kind", "index", "label")

    def __init__(self, layer: int, neuron: int, kind: str, index: int = 0) -> None:
        if not isinstance(kind, str) or kind not in ("w", "b", "o", "a"):
            raise ValueError(f"Role kind must be 'w', 'b', 'o' or 'a', got {describe(kind)}")
        layer = _role_number(layer, "Role: layer", 1, MAX_WIDTH)
        neuron = _role_number(neuron, "Role: neuron", 1, MAX_WIDTH)
        if kind == "w":
            index = _role_number(index, "Role: index (the weight's input)", 1, MAX_WIDTH)
        else:
            index = _role_number(index, f"Role: index (only a weight has one, not kind {kind!r})", 0, 0)
        self.layer, self.neuron, self.kind, self.index = layer, neuron, kind, index
        self.label = f"L{layer}.N{neuron}.{kind}{index if kind == 'w' else ''}"

    @property
    def neuron_name(self) -> str:
        """``L{k}.N{j}``: the neuron this node belongs to."""
        return f"L{self.layer}.N{self.neuron}"

    def _key(self) -> tuple:
        return (self.layer, self.neuron, self.kind, self.index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Role) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Role({self.label})"


#: activation name -> the autograd op applied to o (None: a = o).
ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "linear": None,
    "relu": autograd.relu,
    "tanh": autograd.tanh,
    "sigmoid": autograd.sigmoid,
}


_DOT = autograd.dot.opdef


def _uniform_micrograd(rng: random.Random, nin: int, nout: int) -> float:
    """w ~ U[-1, 1] (micrograd's ``random.uniform(-1, 1)``)."""
    return rng.uniform(-1.0, 1.0)


def _uniform_xavier(rng: random.Random, nin: int, nout: int) -> float:
    """w ~ U[-r, r], r = sqrt(6 / (nin + nout)) (Glorot & Bengio; torch's xavier_uniform_)."""
    r = math.sqrt(6.0 / (nin + nout))
    return rng.uniform(-r, r)


def _uniform_he(rng: random.Random, nin: int, nout: int) -> float:
    """w ~ U[-r, r], r = sqrt(6 / nin) (He et al. for relu; torch's kaiming_uniform_)."""
    r = math.sqrt(6.0 / nin)
    return rng.uniform(-r, r)


def _uniform_kinks(rng: random.Random, nin: int, nout: int) -> float:
    """v ~ U[-r, r], r = sqrt(6 / nin), as for "he"; :class:`Neuron` makes v a slope and sets the bias."""
    r = math.sqrt(6.0 / nin)
    return rng.uniform(-r, r)


#: init name -> draw of one weight from ``(rng, nin, nout)``. Every scheme but "kinks" sets biases to 0;
#: "kinks" spreads the relu kinks over ``input_range`` (see :class:`Neuron` and :class:`MLP`).
INITS: dict[str, Callable[[random.Random, int, int], float]] = {
    "micrograd": _uniform_micrograd,
    "xavier": _uniform_xavier,
    "he": _uniform_he,
    "kinks": _uniform_kinks,
}


def _input_range(value: Any, nin: int, init: str, who: str) -> tuple[tuple[float, float], ...] | None:
    """``input_range`` checked against ``init``: one ``(lo, hi)`` pair per input, or None for other inits.

    Accepts ``(lo, hi)`` for every input or a sequence of ``nin`` such pairs; each must be two finite real
    numbers with lo < hi.
    """
    if init != "kinks":
        if value is not None:
            raise ValueError(f"{who}: input_range is used only by init='kinks', got init={init!r}")
        return None
    if value is None:
        raise ValueError(
            f"{who}: init='kinks' needs input_range=(lo, hi), the interval the inputs lie in "
            "(e.g. datasets.curve's xlim); the kinks are spread over it"
        )
    hint = f"(lo, hi) or a sequence of {nin} (lo, hi) pairs"
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise ValueError(f"{who}: input_range must be {hint}, got {type(value).__name__}: {describe(value)}")
    items = list(value)
    is_pair = lambda v: isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, (str, bytes))
    if len(items) == 2 and not any(is_pair(v) for v in items):
        pairs = [items] * nin
    elif len(items) == nin:
        pairs = items
    else:
        raise ValueError(f"{who}: input_range must be {hint}, got {describe(value)}")
    return tuple(real_pair(pair, f"{who}: input_range for input X{i}") for i, pair in enumerate(pairs, 1))


def real_pair(pair: Any, where: str) -> tuple[float, float]:
    """``pair`` as two finite floats ``(lo, hi)`` with ``lo < hi``; ValueError naming ``where`` otherwise."""
    if isinstance(pair, (str, bytes)) or not isinstance(pair, (Sequence, np.ndarray)) or len(pair) != 2:
        raise ValueError(f"{where} must be a pair (lo, hi), got {describe(pair)}")
    bounds = []
    for bound in pair:
        if isinstance(bound, (bool, np.bool_)) or not isinstance(bound, numbers.Real):
            found = f"{type(bound).__name__} {describe(bound)}"
            raise ValueError(f"{where} must be two real numbers, got {found}")
        try:
            f = float(bound)
        except OverflowError:
            raise ValueError(f"{where}: {describe(bound)} is too large to be a float") from None
        if not math.isfinite(f):
            raise ValueError(f"{where} must be finite, got {f!r}")
        bounds.append(f)
    lo, hi = bounds
    if not lo < hi:
        raise ValueError(f"{where} must have lo < hi, got ({lo!r}, {hi!r})")
    return lo, hi


def _choice(name: Any, table: dict[str, Any], what: str) -> str:
    if not isinstance(name, str) or name not in table:
        raise ValueError(f"unknown {what} {describe(name)}; valid names: {', '.join(map(repr, table))}")
    return name


def width(n: Any, what: str, maximum: int = MAX_WIDTH) -> int:
    """``n`` as an int in 1..maximum; anything else (a bool, 2.5, '3', 0, 10**50) is a ValueError."""
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{what} must be an integer >= 1, got {describe(n)}")
    if n > maximum:
        raise ValueError(f"{what} must be at most {maximum:,}, got {describe(int(n))}")
    return int(n)


def check_size(parameters: int, who: str) -> None:
    """Refuse a model of more than :data:`MAX_PARAMETERS` parameters before any is made (ValueError)."""
    if parameters > MAX_PARAMETERS:
        raise ValueError(
            f"{who} would have {parameters:,} parameters; at most {MAX_PARAMETERS:,} are supported "
            "(each is a Value of its own)"
        )


def check_rng(rng: Any, who: str) -> None:
    """TypeError unless ``rng`` is None or draws like ``random.Random`` (``rng.uniform(a, b)``)."""
    if rng is not None and not callable(getattr(rng, "uniform", None)):
        raise TypeError(
            f"{who}: rng must be a random.Random (or None: use seed), "
            f"got {type(rng).__name__}: {describe(rng)}"
        )


def as_parameters(params: Any, who: str) -> list[Value]:
    """``params`` (an iterable of Values, e.g. ``model.parameters()``) as a list, for ``who``.

    Raises:
        TypeError: ``params`` is a model (pass ``model.parameters()``), a string or not iterable.
        ValueError: ``params`` is one Value (wrap it in a list), is empty, or holds a non-Value.
    """
    if isinstance(params, Value):
        raise ValueError(f"{who}: params must be a list of Values, got one Value (wrap it in a list)")
    if callable(getattr(params, "parameters", None)):
        raise TypeError(
            f"{who}: params must be the parameters, got the {type(params).__name__} itself; "
            "pass model.parameters()"
        )
    if isinstance(params, (str, bytes)) or not isinstance(params, Iterable):
        raise TypeError(
            f"{who}: params must be an iterable of Values (e.g. model.parameters()), "
            f"got {type(params).__name__}: {describe(params)}"
        )
    ps = list(params)
    if not ps:
        raise ValueError(f"{who}: params is empty (no parameters given)")
    for i, p in enumerate(ps):
        if not isinstance(p, Value):
            raise ValueError(f"{who}: params[{i}] must be a Value, got {type(p).__name__}: {describe(p)}")
    return ps


def _inputs(x: Any, nin: int, who: str) -> list[Value]:
    """Check that ``x`` holds ``nin`` numbers or Values; numbers become leaves X1..Xn."""
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"{who} expects {nin} inputs as a 1-D sequence, got an array of shape {x.shape}")
    elif isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        raise ValueError(f"{who} expects a sequence of {nin} inputs, got {type(x).__name__}: {describe(x)}")
    if len(x) != nin:
        raise ValueError(f"{who} expects {nin} inputs, got {len(x)}")
    xs = []
    for i, xi in enumerate(x, 1):
        if isinstance(xi, Value):
            xs.append(xi)
        elif isinstance(xi, numbers.Real) and not isinstance(xi, bool):
            try:
                f = float(xi)
            except OverflowError:
                raise ValueError(f"{who} input X{i} is {describe(xi)}, too large to be a float") from None
            if not math.isfinite(f):
                raise ValueError(f"{who} input X{i} must be finite, got {f!r}")
            xs.append(Value(f, f"X{i}"))
        else:
            got = f"{type(xi).__name__}: {describe(xi)}"
            raise ValueError(f"{who} input X{i} must be a number or a Value, got {got}")
    return xs


def _float_array(values: Any, shape: tuple[int, ...], what: str, hint: str = "") -> np.ndarray:
    """``values`` as a finite float64 array of exactly ``shape``, else ValueError naming ``what``.

    Every entry must be a real number: strings ("1.5"), complex numbers (their
    imaginary part would be dropped), bools and ints too large for a float are
    refused, naming the entry.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        arr = values.astype(np.float64)
    else:
        try:
            entries = np.array(values, dtype=object)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{what} must be an array of numbers of shape {shape}{hint}: {e}") from None
        if entries.shape != shape:
            raise ValueError(f"{what}: expected shape {shape}{hint}, got {entries.shape}")
        arr = np.empty(shape, dtype=np.float64)
        for idx, x in np.ndenumerate(entries):
            if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
                lost = (
                    " (its imaginary part would be lost)"
                    if isinstance(x, complex | np.complexfloating)
                    else ""
                )
                raise ValueError(
                    f"{what}: entry {idx} is {type(x).__name__} {describe(x)}; expected a real number{lost}"
                )
            try:
                arr[idx] = float(x)
            except OverflowError:
                raise ValueError(f"{what}: entry {idx} is {describe(x)}, too large to be a float") from None
    if arr.shape != shape:
        raise ValueError(f"{what}: expected shape {shape}{hint}, got {arr.shape}")
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        idx = tuple(int(i) for i in bad[0])
        raise ValueError(f"{what} must be finite; found {float(arr[idx])!r} at index {idx}")
    return arr


class Module:
    """What neurons, layers and MLPs share: parameters in phi order and the phi vector view."""

    def parameters(self) -> list[Value]:
        """All parameters in phi order (article 2)."""
        return [p for _, p in self.named_parameters()]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """``(label, Value)`` pairs in phi order; the names are unique."""
        raise NotImplementedError

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to 0.0 (leaves accumulate across backward passes)."""
        for p in self.parameters():
            p.grad = 0.0

    def phi(self) -> np.ndarray:
        """Article 2's parameter vector phi: every parameter's ``data``, in phi order."""
        return np.array([p.data for p in self.parameters()], dtype=np.float64)

    def phi_grad(self) -> np.ndarray:
        """dL/dphi: every parameter's ``grad``, in phi order."""
        return np.array([p.grad for p in self.parameters()], dtype=np.float64)

    def set_phi(self, phi: Any) -> None:
        """Write the vector ``phi`` into the parameters (phi order).

        Raises ValueError if ``phi`` has the wrong length or a non-finite
        entry; then no parameter is changed.
        """
        params = self.parameters()
        arr = _float_array(phi, (len(params),), "set_phi: phi", " (one entry per parameter)")
        for p, x in zip(params, arr.tolist()):
            p.data = x


def _kink_weights(
    vs: list[float], box: tuple[tuple[float, float], ...], j: int, n: int
) -> tuple[list[float], float]:
    """init="kinks": He draws ``vs`` -> slopes w_j, and b_j putting neuron j's kink through c_j (Neuron)."""
    r = math.sqrt(6.0 / len(vs))
    ws, b = [], 0.0
    for i, (v, (lo, hi)) in enumerate(zip(vs, box)):
        sign = (1.0 if j % 2 else -1.0) if i == 0 else math.copysign(1.0, v)
        w = sign * (r + abs(v)) / (hi - lo)  # (r + |v|) / (2 s) with s = (hi - lo) / 2
        ws.append(w)
        b -= w * (lo + (j - 0.5) * (hi - lo) / n)
    return ws, b


class Neuron(Module):
    """One neuron: o = sum_i w_i x_i + b (one ``dot`` node), a = sigma(o).

    Args:
        nin: number of inputs.
        activation: one of :data:`ACTIVATIONS`.
        init: one of :data:`INITS` (weights; biases start at 0, except with "kinks").
        input_range: ``(lo, hi)``, or one such pair per input: the box the inputs lie in;
            required by ``init="kinks"`` and refused by the others.
        seed: seed of the neuron's own ``random.Random`` (None or an int >= 0; ignored if ``rng``).
        rng: a ``random.Random`` to draw the weights from (a layer or MLP
            passes its own, so the whole model is reproducible from one seed).
        fused: False builds o from per-weight products and sums (micrograd's
            fine-grained graph) instead of one ``dot`` node.
        layer, index: k and j in the labels ``L{k}.N{j}.*`` (1-based).
        fan_out: the layer's width n, used by ``init="xavier"`` and ``"kinks"``.

    ``init="kinks"`` puts the neuron's kink, where o = 0, through a point c_j of
    the input box, at the middle of the j-th of n equal cells of each range::

        c_ji = lo_i + (j - 1/2) (hi_i - lo_i) / n        (j = index, n = fan_out)
        w_ji = sign_ji (r + |v_ji|) / (2 s_i),  v_ji ~ U[-r, r], r = sqrt(6 / nin), s_i = (hi_i - lo_i) / 2
        b_j  = -sum_i w_ji c_ji                           (so o = w_j . (x - c_j))

    The slopes are He's, for inputs scaled to [-1, 1], with magnitudes in
    [r/2, r] so no unit starts flat. sign_j1 alternates, + for odd j and - for
    even j, so with one input neighbouring units face opposite ways; sign_ji =
    sign(v_ji) for i >= 2. With one input the kinks sit at x = c_j, evenly
    spread over (lo, hi).

    Raises:
        ValueError: a size (``nin``, ``layer``, ``index``, ``fan_out``) that is not an int in
            1..:data:`MAX_WIDTH`, an unknown name, or a bad ``input_range``.
        TypeError: ``fused`` not True/False, ``seed`` not None or an int >= 0 (a negative one is a
            ValueError), ``rng`` without ``uniform``.
    """

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        *,
        init: str = "micrograd",
        input_range: Any = None,
        seed: int | None = None,
        rng: random.Random | None = None,
        fused: bool = True,
        layer: int = 1,
        index: int = 1,
        fan_out: int = 1,
    ) -> None:
        self.nin = width(nin, "Neuron nin")
        self.activation = _choice(activation, ACTIVATIONS, "activation")
        self.init = _choice(init, INITS, "init")
        self.input_range = _input_range(input_range, self.nin, self.init, "Neuron")
        self.fused = flag(fused, "Neuron: fused")
        self.layer = width(layer, "Neuron layer")
        self.index = width(index, "Neuron index")
        seed = seed_option(seed, "Neuron: seed")
        check_rng(rng, "Neuron")
        rng = rng if rng is not None else random.Random(seed)
        draw = INITS[self.init]
        fan_out = width(fan_out, "Neuron fan_out")
        k, j = self.layer, self.index
        self.name = f"L{k}.N{j}"
        ws = [draw(rng, self.nin, fan_out) for _ in range(self.nin)]
        b = 0.0
        if self.input_range is not None:
            ws, b = _kink_weights(ws, self.input_range, j, fan_out)
        self.w = [assign_role(Value(w), Role(k, j, "w", i)) for i, w in enumerate(ws, 1)]
        self.b = assign_role(Value(b), Role(k, j, "b"))
        self._roles = (Role(k, j, "o"), Role(k, j, "a"))
        self._act = ACTIVATIONS[self.activation]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """``(name, Value)``: ``L{k}.N{j}.w1 .. w{nin}``, then ``L{k}.N{j}.b`` (their roles' labels)."""
        return [(p.role.label, p) for p in (*self.w, self.b)]

    def __call__(self, x: Sequence[Any]) -> Value:
        """a = sigma(sum_i w_i x_i + b) for ``nin`` numbers or Values ``x``."""
        return self._forward(_inputs(x, self.nin, "Neuron"))

    def _forward(self, xs: list[Value]) -> Value:
        if self.fused:
            o = autograd.dot(self.w, xs, self.b)
        else:
            o = self.w[0] * xs[0]
            for w, x in zip(self.w[1:], xs[1:]):
                o = o + w * x
            o = o + self.b
        assign_role(o, self._roles[0])
        if self._act is None:
            return o
        return assign_role(self._act(o), self._roles[1])

    def __repr__(self) -> str:
        return f"Neuron({self.name}, nin={self.nin}, activation={self.activation!r})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs; layer k of an MLP.

    Matrix view (article 1): ``weights()`` gives ``W`` (nout x nin) with
    ``W[j, i]`` the weight from input i into neuron j (w_ij^k = W^k[j, i],
    0-based here, 1-based in labels) and ``b`` (nout,), so the layer computes
    a^(k) = sigma(W a^(k-1) + b).

    Args:
        nin, nout: inputs and neurons.
        activation: one of :data:`ACTIVATIONS`.
        layer: k in the labels (1-based).
        init, input_range, seed, rng, fused: as for :class:`Neuron`; with
            ``init="kinks"`` neuron j of n puts its kink in the j-th of n equal cells.

    Raises:
        ValueError: ``nin``, ``nout`` or ``layer`` not an int in 1..:data:`MAX_WIDTH`, more than
            :data:`MAX_PARAMETERS` parameters, an unknown name or a bad ``input_range``.
        TypeError: a bad ``fused``, ``seed`` or ``rng`` (as for :class:`Neuron`).
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        *,
        init: str = "micrograd",
        seed: int | None = None,
        rng: random.Random | None = None,
        fused: bool = True,
        layer: int = 1,
        input_range: Any = None,
    ) -> None:
        self.nin = width(nin, "Layer nin")
        self.nout = width(nout, "Layer nout")
        check_size((self.nin + 1) * self.nout, f"Layer({self.nin}, {self.nout})")
        self.activation = _choice(activation, ACTIVATIONS, "activation")
        self.layer = width(layer, "Layer layer")
        self.input_range = _input_range(input_range, self.nin, _choice(init, INITS, "init"), "Layer")
        self.fused = flag(fused, "Layer: fused")
        seed = seed_option(seed, "Layer: seed")
        check_rng(rng, "Layer")
        rng = rng if rng is not None else random.Random(seed)
        self.neurons = [
            Neuron(
                self.nin,
                activation,
                init=init,
                input_range=self.input_range,
                rng=rng,
                fused=fused,
                layer=self.layer,
                index=j,
                fan_out=self.nout,
            )
            for j in range(1, self.nout + 1)
        ]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Each neuron's parameters in turn (phi order)."""
        return [item for n in self.neurons for item in n.named_parameters()]

    def __call__(self, x: Sequence[Any]) -> list[Value]:
        """The activations a_1..a_nout as a list (even when nout is 1)."""
        return self._forward(_inputs(x, self.nin, f"Layer {self.layer}"))

    def _forward(self, xs: list[Value]) -> list[Value]:
        if not self.fused:
            return [n._forward(xs) for n in self.neurons]
        # the layer's o nodes in one pass (the same nodes each neuron's dot would make), then a = sigma(o)
        ns = self.neurons
        os = weighted_sums(_DOT, [n.w for n in ns], xs, [n.b for n in ns], [n._roles[0] for n in ns])
        act = ACTIVATIONS[self.activation]
        if act is None:
            return os
        return [assign_role(act(o), n._roles[1]) for o, n in zip(os, ns)]

    def weights(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of ``(W, b)``: W is (nout, nin) with W[j, i] = weight from input i into neuron j."""
        W = np.array([[w.data for w in n.w] for n in self.neurons], dtype=np.float64)
        b = np.array([n.b.data for n in self.neurons], dtype=np.float64)
        return W, b

    def grads(self) -> tuple[np.ndarray, np.ndarray]:
        """``(dW, db)``: the ``.grad`` of each weight and bias, laid out like :meth:`weights`."""
        dW = np.array([[w.grad for w in n.w] for n in self.neurons], dtype=np.float64)
        db = np.array([n.b.grad for n in self.neurons], dtype=np.float64)
        return dW, db

    def set_weights(self, W: Any, b: Any) -> None:
        """Write ``W`` (nout x nin) and ``b`` (nout,) into the layer.

        Raises ValueError naming the expected and the given shape (or the
        non-finite entry); then nothing is changed.
        """
        where = f"Layer {self.layer}.set_weights"
        Wa = _float_array(W, (self.nout, self.nin), f"{where}: W", " (nout x nin)")
        ba = _float_array(b, (self.nout,), f"{where}: b", " (nout,)")
        for n, row, bj in zip(self.neurons, Wa.tolist(), ba.tolist()):
            for w, x in zip(n.w, row):
                w.data = x
            n.b.data = bj

    def __repr__(self) -> str:
        return f"Layer(L{self.layer}, nin={self.nin}, nout={self.nout}, activation={self.activation!r})"


class MLP(Module):
    """A multi-layer perceptron: ``Layer(nin, nouts[0])``, ``Layer(nouts[0], nouts[1])``, ...

    Args:
        nin: number of inputs.
        nouts: the width of each layer; the last is the output layer.
        activation: the hidden layers' activation (one of :data:`ACTIVATIONS`).
        output_activation: the output layer's activation.
        seed: seed of the model's ``random.Random`` (None or an int >= 0); all weights are drawn
            from it in phi order (with the default init, the same numbers
            micrograd draws after ``random.seed(seed)``).
        init: one of :data:`INITS`. ``"kinks"`` (for relu nets fitting a
            function of a few inputs): the first layer's kinks are spread over
            ``input_range`` (the formula is in :class:`Neuron`; with one input,
            hidden unit j of n has its kink at x = lo + (j - 1/2)(hi - lo)/n),
            later hidden layers are drawn as "he" with biases 0, and the output
            layer starts at 0 (weights and biases), so the net starts as the
            constant 0 and training first sets the pieces' heights while the
            kinks stay where they were put. A one-layer MLP gets the kinks only.
        input_range: ``(lo, hi)``, or one pair per input: required by
            ``init="kinks"``, refused by the others; kept as ``self.input_range``
            (one pair per input, or None).
        fused: False builds each o from per-weight products and sums.

    Raises:
        ValueError: ``nin`` or a width of ``nouts`` not an int in 1..:data:`MAX_WIDTH` (named, e.g.
            ``MLP nouts[1]``), more than :data:`MAX_PARAMETERS` parameters in all, an unknown
            activation or init, or a bad ``input_range``.
        TypeError: ``fused`` not True/False; ``seed`` not None or an int >= 0 (a float, a
            string or a list is refused: one kind of seed everywhere, and NaN's hash differs
            from run to run; a negative int is a ValueError).

    ``model(x)`` returns a Value when the output layer has one neuron, else a
    list of Values.

    Article names (:meth:`article_names`): neuron j of hidden layer k is
    ``N{j}{k}`` (``N{j}_{k}`` when some index exceeds 9), the output neuron is
    ``Y`` (``Y1..Ym`` when there are several), inputs are ``X{i}``; weights are
    ``w_{to},{from}`` and biases ``b_{to}``. Article 2 slips in its 3-3-3-1
    example, and we follow its pattern instead: its output equation writes
    ``w_N33`` for the weight from N32 (it is w_Y,N32), adds a stray ``+ b_3``
    after the output activation (the only output bias is b_Y, inside sigma),
    and calls phi27 ``b3`` (it is b_Y).
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        seed: int | None = None,
        init: str = "micrograd",
        fused: bool = True,
        input_range: Any = None,
    ) -> None:
        self.nin = width(nin, "MLP nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, (Sequence, np.ndarray)) or not len(nouts):
            raise ValueError(f"MLP nouts must be a non-empty list of layer widths, got {describe(nouts)}")
        if len(nouts) > MAX_WIDTH:
            raise ValueError(f"MLP nouts has {len(nouts):,} layers; at most {MAX_WIDTH:,} are supported")
        self.nouts = [width(n, f"MLP nouts[{i}]") for i, n in enumerate(nouts)]
        sizes = [self.nin, *self.nouts]
        check_size(sum((a + 1) * b for a, b in zip(sizes, sizes[1:])), "MLP")
        self.activation = _choice(activation, ACTIVATIONS, "activation")
        self.output_activation = _choice(output_activation, ACTIVATIONS, "output_activation")
        self.init = _choice(init, INITS, "init")
        self.input_range = _input_range(input_range, self.nin, self.init, "MLP")
        self.fused = flag(fused, "MLP: fused")
        self.seed = seed_option(seed, "MLP: seed")
        self.rng = random.Random(self.seed)
        last = len(self.nouts) - 1
        kinks = self.init == "kinks"
        self.layers = [
            Layer(
                sizes[k],
                sizes[k + 1],
                output_activation if k == last else activation,
                init="he" if kinks and k > 0 else init,
                input_range=self.input_range if k == 0 else None,
                rng=self.rng,
                fused=fused,
                layer=k + 1,
            )
            for k in range(len(self.nouts))
        ]
        if kinks and last > 0:
            out = self.layers[-1]
            out.set_weights(np.zeros((out.nout, out.nin)), np.zeros(out.nout))

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Each layer's parameters in turn (phi order)."""
        return [item for layer in self.layers for item in layer.named_parameters()]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        """Forward ``nin`` numbers or Values; a Value for one output, else a list."""
        xs = _inputs(x, self.nin, "MLP")
        for layer in self.layers:
            xs = layer._forward(xs)
        return xs[0] if len(xs) == 1 else xs

    def article_names(self) -> list[str]:
        """Article 2's name of each parameter, in phi order (e.g. ``w_N11,X1``, ``b_N11``, ..., ``b_Y``)."""
        wide = len(self.layers) > 9 or max(self.nouts[:-1], default=0) > 9
        last = len(self.layers) - 1

        def neuron(k: int, j: int) -> str:
            if k == last:
                return "Y" if self.nouts[k] == 1 else f"Y{j}"
            return f"N{j}_{k + 1}" if wide else f"N{j}{k + 1}"

        names: list[str] = []
        sources = [f"X{i}" for i in range(1, self.nin + 1)]
        for k, layer in enumerate(self.layers):
            targets = [neuron(k, j) for j in range(1, layer.nout + 1)]
            for t in targets:
                names.extend(f"w_{t},{s}" for s in sources)
                names.append(f"b_{t}")
            sources = targets
        return names

    def __repr__(self) -> str:
        shown = "" if self.input_range is None else f", input_range={self.input_range!r}"
        return (
            f"MLP({self.nin}, {self.nouts}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, init={self.init!r}{shown}, fused={self.fused})"
        )
