"""A tiny Kolmogorov–Arnold network (KAN): learnable one-variable functions on the edges, as Values.

This module provides:

- :class:`Spline` — a learnable piecewise-linear function of one variable:
  heights c_0..c_G (Values) at G + 1 evenly spaced knots of ``(lo, hi)``,
  straight lines between them; beyond the end knots the end pieces go on.
- :class:`KANLayer` — ``nout`` outputs from ``nin`` inputs, one spline per
  edge: y_j = sum_i phi_ji(x_i). No weights, no activation: the splines are
  the learnable part.
- :class:`KAN` — KAN layers in a row: x -> layer 1 -> layer 2 -> ... .
- :data:`SPLINE_INITS` — the names accepted for a spline's ``init``.

An MLP puts weights on its edges and a fixed activation on its nodes; a KAN
puts a learnable function on each edge and only sums at the nodes (Liu et
al., "KAN: Kolmogorov-Arnold Networks", 2024, who use B-splines; here the
simplest spline, straight pieces). A spline is built from ordinary ops, so a
KAN is trained by the same backward pass as any other graph: d phi / d c_m
is the weight of height m at x, d phi / dx the slope of the piece x is on.

Labels: layer k's spline from input i to output j is ``L{k}.phi{j},{i}`` and
its heights are ``L{k}.phi{j},{i}.c0 .. c{G}``, all 1-based but the heights.
Parameter order: layer by layer, output by output, input by input, each
spline's heights left to right.
"""

from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Value
from autograd.core import describe
from autograd.core import seed as seed_option

from .arrays import reals
from .model import MAX_WIDTH, Module, check_rng, check_size, real_pair, width

__all__ = ["KAN", "KANLayer", "SPLINE_INITS", "Spline"]


def _zeros(rng: random.Random, knots: list[float]) -> list[float]:
    """phi(x) = 0."""
    return [0.0] * len(knots)


def _identity(rng: random.Random, knots: list[float]) -> list[float]:
    """phi(x) = x (c_m = t_m)."""
    return list(knots)


def _noise(rng: random.Random, knots: list[float]) -> list[float]:
    """c_m ~ U[-0.1, 0.1]: small, and different on every edge, so units that read the same inputs differ."""
    return [rng.uniform(-0.1, 0.1) for _ in knots]


#: spline init name -> the heights at the knots, from ``(rng, knots)``.
SPLINE_INITS: dict[str, Callable[[random.Random, list[float]], list[float]]] = {
    "noise": _noise,
    "zeros": _zeros,
    "identity": _identity,
}


def _grid(grid: Any, who: str) -> int:
    return width(grid, f"{who}: grid (the number of pieces)")


def _range(value: Any, who: str) -> tuple[float, float]:
    return real_pair(value, f"{who}: input_range")


def _choice(name: Any, who: str) -> str:
    if not isinstance(name, str) or name not in SPLINE_INITS:
        found = describe(name)
        raise ValueError(f"{who}: unknown init {found}; valid names: {', '.join(map(repr, SPLINE_INITS))}")
    return name


class Spline(Module):
    """phi(x): straight pieces through learnable heights c_0..c_G at knots t_m = lo + m h, h = (hi - lo)/G.

    For x on piece k (t_k <= x < t_(k+1); k = 0 left of lo, G - 1 right of hi),
    with s = (x - t_k) / h::

        phi(x) = (1 - s) c_k + s c_(k+1)   (ONE ``dot`` node)
        d phi / d c_k = 1 - s,  d phi / d c_(k+1) = s,  d phi / dx = (c_(k+1) - c_k) / h

    So far from the knots that s is beyond floats (|x| near 1e308), the same line
    is computed slope first, c_k + ((c_(k+1) - c_k) / h) (x - t_k), a few nodes
    instead of the dot; its value is finite whenever phi(x) is.

    Args:
        grid: G, the number of pieces (G + 1 heights).
        input_range: ``(lo, hi)``, where the knots are; x may lie outside.
        init: one of :data:`SPLINE_INITS` ("noise": c_m ~ U[-0.1, 0.1]; "zeros"; "identity": phi(x) = x).
        seed, rng: where "noise" draws from (``rng`` wins).
        label: the spline's name (a str); its heights are ``{label}.c0 ..``.

    Raises:
        ValueError: ``grid`` not an int in 1..``nets.model.MAX_WIDTH``, a bad ``input_range`` or ``init``.
        TypeError: ``label`` not a str, ``seed`` not None or an int >= 0, ``rng`` without ``uniform``.
    """

    def __init__(
        self,
        grid: int = 5,
        input_range: Any = (-1.0, 1.0),
        *,
        init: str = "noise",
        seed: int | None = None,
        rng: random.Random | None = None,
        label: str = "phi",
    ) -> None:
        self.grid = _grid(grid, "Spline")
        self.input_range = _range(input_range, "Spline")
        self.init = _choice(init, "Spline")
        if not isinstance(label, str):
            raise TypeError(f"Spline: label must be a str, got {type(label).__name__}: {describe(label)}")
        self.label = label
        seed = seed_option(seed, "Spline: seed")
        check_rng(rng, "Spline")
        lo, hi = self.input_range
        self.h = (hi - lo) / self.grid
        self.knots = [lo + m * self.h for m in range(self.grid)] + [hi]
        rng = rng if rng is not None else random.Random(seed)
        self.heights = [
            Value(c, f"{self.label}.c{m}") for m, c in enumerate(SPLINE_INITS[self.init](rng, self.knots))
        ]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """``(label, height)`` for c_0..c_G, left to right."""
        return [(c.label, c) for c in self.heights]

    def piece(self, x: float) -> int:
        """k: the piece x is on (the first left of lo, the last right of hi; a knot starts its piece)."""
        lo, _ = self.input_range
        q = (x - lo) / self.h  # may be +-inf for x far outside (lo, hi)
        if q < 0.0:
            return 0
        return self.grid - 1 if q >= self.grid - 1 else math.floor(q)

    def __call__(self, x: Any) -> Value:
        """phi(x) for a number or a Value x (as a Value).

        A number must be real and finite (ValueError otherwise, naming the spline's label).
        """
        if isinstance(x, Value):
            xd = x.data
        elif isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
            try:
                xd = x = float(x)
            except OverflowError:
                raise ValueError(f"{self.label}: x is {describe(x)}, too large to be a float") from None
            if not math.isfinite(xd):
                raise ValueError(f"{self.label}: x must be a finite number or a Value, got float {xd!r}")
        else:
            found = f"{type(x).__name__} {describe(x)}"
            raise ValueError(f"{self.label}: x must be a finite number or a Value, got {found}")
        k = self.piece(xd)
        t = self.knots[k]
        if math.isfinite((xd - t) / self.h):
            s = (x - t) / self.h
            return autograd.dot(self.heights[k : k + 2], [1.0 - s, s])
        c0, c1 = self.heights[k : k + 2]  # s is beyond floats: the end piece's line, slope first
        return c0 + (c1 - c0) * (1.0 / self.h) * (x - t)

    def interpolate(self, f: Callable[[float], float]) -> None:
        """Set the heights to f at the knots (c_m = f(t_m)): phi becomes f's straight-line interpolant."""
        self.set_phi([float(f(t)) for t in self.knots])

    def values(self, xs: Any) -> np.ndarray:
        """phi at every x of ``xs`` as floats (no graph is recorded).

        ``xs`` is read strictly (:func:`nets.arrays.reals`): a string, a bool, NaN, infinity
        or an int beyond floats is a ValueError naming the entry.
        """
        arr = reals(xs, f"{self.label}.values: xs")
        with autograd.no_grad():
            return np.array([self(x).data for x in arr.ravel().tolist()])

    def __repr__(self) -> str:
        lo, hi = self.input_range
        return f"Spline({self.label}, grid={self.grid}, input_range=({lo!r}, {hi!r}))"


class KANLayer(Module):
    """``nout`` outputs from ``nin`` inputs, y_j = sum_i phi_ji(x_i), one :class:`Spline` per edge.

    Args:
        nin, nout: inputs and outputs.
        grid, input_range, init: every spline's (see :class:`Spline`); ``input_range`` is kept.
        seed, rng: where the splines draw from, in parameter order.
        layer: k in the labels ``L{k}.phi{j},{i}`` (1-based).

    Raises:
        ValueError: ``nin``, ``nout``, ``layer`` or ``grid`` not an int in 1..``nets.model.MAX_WIDTH``,
            more than ``nets.model.MAX_PARAMETERS`` heights, a bad ``input_range`` or ``init``.
        TypeError: ``seed`` not None or an int >= 0, ``rng`` without ``uniform``.
    """

    def __init__(
        self,
        nin: int,
        nout: int,
        *,
        grid: int = 5,
        input_range: Any = (-1.0, 1.0),
        init: str = "noise",
        seed: int | None = None,
        rng: random.Random | None = None,
        layer: int = 1,
    ) -> None:
        self.nin, self.nout = width(nin, "KANLayer nin"), width(nout, "KANLayer nout")
        self.layer = width(layer, "KANLayer layer")
        grid, init = _grid(grid, "KANLayer"), _choice(init, "KANLayer")
        check_size((grid + 1) * self.nin * self.nout, f"KANLayer({self.nin}, {self.nout}, grid={grid})")
        self.input_range = input_range = _range(input_range, "KANLayer")
        seed = seed_option(seed, "KANLayer: seed")
        check_rng(rng, "KANLayer")
        rng = rng if rng is not None else random.Random(seed)
        self.activation = "linear"  # what nets.fit and nets.predict ask a last layer
        #: splines[j][i] = phi_(j+1),(i+1): from input i into output j
        self.splines = [
            [
                Spline(grid, input_range, init=init, rng=rng, label=f"L{self.layer}.phi{j},{i}")
                for i in range(1, self.nin + 1)
            ]
            for j in range(1, self.nout + 1)
        ]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Output by output, input by input, each spline's heights left to right."""
        return [item for row in self.splines for phi in row for item in phi.named_parameters()]

    def __call__(self, x: Sequence[Any]) -> list[Value]:
        """The outputs y_1..y_nout as a list, for ``nin`` numbers or Values."""
        if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray)) or len(x) != self.nin:
            raise ValueError(f"KANLayer {self.layer} expects {self.nin} inputs, got {x!r}")
        outs = []
        for row in self.splines:
            total = row[0](x[0])
            for phi, xi in zip(row[1:], x[1:]):
                total = total + phi(xi)
            outs.append(total)
        return outs

    def __repr__(self) -> str:
        return f"KANLayer(L{self.layer}, nin={self.nin}, nout={self.nout}, grid={self.splines[0][0].grid})"


class KAN(Module):
    """KAN layers in a row, like ``nets.MLP``: ``KAN(nin, nouts)`` has layers nin -> nouts[0] -> nouts[1] ...

    Args:
        nin: number of inputs.
        nouts: the width of each layer; the last is the output layer.
        grid, init: every spline's (see :class:`Spline`).
        input_range: ``(lo, hi)`` for every layer, or one pair per layer: where
            each layer's knots are. Layer k's range should cover the values
            layer k - 1 gives (outside it, the end pieces go on as lines).
        seed: seed of the model's ``random.Random`` (None or an int >= 0); the splines draw
            from it in parameter order.

    Raises:
        ValueError: ``nin``, a width of ``nouts`` or ``grid`` not an int in 1..``nets.model.MAX_WIDTH``,
            more than ``nets.model.MAX_PARAMETERS`` heights in all, a bad ``input_range`` or ``init``.
        TypeError: ``seed`` not None or an int >= 0.

    ``model(x)`` returns a Value when the last layer has one output, else a
    list. Works with ``nets.fit`` and ``nets.predict`` (with their default,
    scalar engine).
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        *,
        grid: int = 5,
        input_range: Any = (-1.0, 1.0),
        init: str = "noise",
        seed: int | None = None,
    ) -> None:
        nin = width(nin, "KAN nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, (Sequence, np.ndarray)) or not len(nouts):
            raise ValueError(f"KAN nouts must be a non-empty list of layer widths, got {describe(nouts)}")
        if len(nouts) > MAX_WIDTH:
            raise ValueError(f"KAN nouts has {len(nouts):,} layers; at most {MAX_WIDTH:,} are supported")
        nouts = [width(n, f"KAN nouts[{i}]") for i, n in enumerate(nouts)]
        grid = _grid(grid, "KAN")
        sizes = [nin, *nouts]
        check_size(sum((grid + 1) * a * b for a, b in zip(sizes, sizes[1:])), "KAN")
        init = _choice(init, "KAN")
        pairs = list(input_range) if isinstance(input_range, (Sequence, np.ndarray)) else None
        if (
            pairs is not None
            and len(pairs) == len(nouts)
            and all(isinstance(p, (Sequence, np.ndarray)) and not isinstance(p, (str, bytes)) for p in pairs)
        ):
            ranges = [_range(p, f"KAN layer {k}") for k, p in enumerate(pairs, 1)]
        else:
            ranges = [_range(input_range, "KAN")] * len(nouts)
        self.seed = seed_option(seed, "KAN: seed")
        self.rng = random.Random(self.seed)
        self.layers = [
            KANLayer(n_in, n_out, grid=grid, input_range=r, init=init, rng=self.rng, layer=k)
            for k, (n_in, n_out, r) in enumerate(zip(sizes, sizes[1:], ranges), 1)
        ]
        self.nin = self.layers[0].nin
        self.nouts = [layer.nout for layer in self.layers]

    def named_parameters(self) -> list[tuple[str, Value]]:
        """Each layer's parameters in turn."""
        return [item for layer in self.layers for item in layer.named_parameters()]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        """Forward ``nin`` numbers or Values through every layer."""
        xs: Any = x
        for layer in self.layers:
            xs = layer(xs)
        return xs[0] if len(xs) == 1 else xs

    def __repr__(self) -> str:
        return f"KAN({self.nin}, {self.nouts}, grid={self.layers[0].splines[0][0].grid})"
