"""Toy data sets for training small networks (numpy only).

Provides ``moons``, ``circles``, ``xor``, ``spiral`` and ``blobs`` (2-D
classification) and ``curve`` (samples of a 1-D function, for regression).

Every function takes keyword arguments ``n`` (number of points, at most
10,000,000), ``noise`` (standard deviation of the Gaussian noise, a finite
real >= 0) and ``seed`` (None, an int >= 0, or a numpy Generator or
SeedSequence: see :func:`generator`), is deterministic for a given seed,
and returns ``(X, y)``: ``X`` is a float64 array of shape ``(n, features)``;
``y`` holds int labels (``{0, 1}`` for two classes, ``0..k-1`` for ``k``, at
most 100,000) or, for ``curve``, float targets of shape ``(n,)``.
Classification points come in a random (seeded) order.

Bad arguments are refused before anything is drawn, naming the function and
the argument (``"moons: seed must be None or an int >= 0, got bool: True"``):
a wrong type (a bool, a string, ``2.5`` for a count) is a TypeError, a value
out of range (``n=0``, a negative noise, an int beyond floats) a ValueError.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.core import count, describe, real
from autograd.core import seed as read_seed

__all__ = ["moons", "circles", "xor", "spiral", "blobs", "curve"]

Dataset = tuple[np.ndarray, np.ndarray]


MAX_POINTS = 10**7  #: the largest ``n``: 10**7 points of 2 floats are 160 MB
MAX_CLASSES = 10**5  #: the largest ``k`` (blobs' work grows as n * k)


def _n(name: str, n: Any, *, minimum: int = 1, maximum: int = MAX_POINTS) -> int:
    """The count ``n`` (or ``k``) of dataset ``name``: an int in [minimum, maximum]."""
    return count(n, name, minimum=minimum, maximum=maximum)


def _noise(noise: Any, name: str) -> float:
    """A standard deviation: a finite real >= 0."""
    return real(noise, name, minimum=0.0)


def generator(seed: Any, name: str) -> np.random.Generator:
    """numpy's generator for ``seed``: None, an int >= 0, a sequence of them, or numpy's own.

    ``seed`` may be anything ``np.random.default_rng`` takes: None, an int
    >= 0, a list or tuple of ints >= 0, a ``np.random.Generator`` (used as it
    is), a ``SeedSequence`` or a ``BitGenerator``. A bool, a float, a string or
    anything else is a TypeError and a negative int a ValueError, naming
    ``name`` (``"moons: seed"``).
    """
    if isinstance(seed, (np.random.Generator, np.random.SeedSequence, np.random.BitGenerator)):
        return np.random.default_rng(seed)
    if isinstance(seed, (list, tuple)) and seed:
        return np.random.default_rng([read_seed(s, f"{name}[{i}]") for i, s in enumerate(seed)])
    return np.random.default_rng(read_seed(seed, name))


def _rng(name: str, seed: Any) -> np.random.Generator:
    """The generator of dataset ``name`` for ``seed`` (see :func:`generator`)."""
    return generator(seed, f"{name}: seed")


def _quiet(fn: Callable[..., Dataset]) -> Callable[..., Dataset]:
    """Run a generator with numpy's overflow warnings off: an overflow is reported as a ValueError instead."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Dataset:
        with np.errstate(over="ignore", invalid="ignore"):
            return fn(*args, **kwargs)

    return run


def _split(n: int, parts: int) -> list[int]:
    """Split n into `parts` counts that differ by at most one."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def _shuffled(name: str, rng: np.random.Generator, X: np.ndarray, y: np.ndarray) -> Dataset:
    if not np.isfinite(X).all():  # noise so large that the coordinates overflowed
        raise ValueError(
            f"{name}: noise is too large: some coordinates overflow to {float(X[~np.isfinite(X)][0])!r}; "
            "use a noise of a size that floats can hold next to the data (e.g. below 1e300)"
        )
    order = rng.permutation(len(y))
    return np.ascontiguousarray(X[order], dtype=np.float64), np.ascontiguousarray(y[order], dtype=np.int64)


@_quiet
def moons(*, n: int = 100, noise: float = 0.1, seed: Any = None) -> Dataset:
    """Two interleaving half circles.

    Class 0 lies on the upper unit half circle, class 1 on a lower half circle
    centred at (1, 0.5); each point gets isotropic Gaussian noise of std ``noise``.
    """
    n, noise = _n("moons: n", n), _noise(noise, "moons: noise")
    rng = _rng("moons", seed)
    n0, n1 = _split(n, 2)
    t0, t1 = np.linspace(0.0, math.pi, n0), np.linspace(0.0, math.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled("moons", rng, X, y)


@_quiet
def circles(*, n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: Any = None) -> Dataset:
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor`` (0 < factor < 1).

    Points are evenly spaced in angle, then get Gaussian noise of std ``noise``.
    """
    n, noise = _n("circles: n", n), _noise(noise, "circles: noise")
    factor = real(factor, "circles: factor")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"circles: factor (the inner radius) must be in (0, 1), got {factor!r}")
    rng = _rng("circles", seed)
    n0, n1 = _split(n, 2)
    t0 = np.linspace(0.0, 2 * math.pi, n0, endpoint=False)
    t1 = np.linspace(0.0, 2 * math.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled("circles", rng, X, y)


@_quiet
def xor(*, n: int = 100, noise: float = 0.2, seed: Any = None) -> Dataset:
    """The XOR problem: four Gaussian clusters at the corners (+-1, +-1).

    The label is 1 when the corner's two coordinates have different signs and
    0 otherwise; ``n = 4, noise = 0`` gives the four-row truth table.
    """
    n, noise = _n("xor: n", n), _noise(noise, "xor: noise")
    rng = _rng("xor", seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    counts = _split(n, 4)
    X = np.repeat(corners, counts, axis=0) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1, 1, 0], counts)
    return _shuffled("xor", rng, X, y)


@_quiet
def spiral(*, n: int = 150, k: int = 3, noise: float = 0.2, seed: Any = None) -> Dataset:
    """``k`` interleaved spiral arms, one per class, with balanced class sizes.

    Arm ``j`` runs from the origin to radius 1 while its angle sweeps
    ``[4j, 4(j + 1)]`` radians; ``noise`` is the std of Gaussian noise on the angle.
    Class counts differ by at most one; ``n >= k`` so every class has a point.
    """
    k = _n("spiral: k", k, minimum=2, maximum=MAX_CLASSES)
    n, noise = _n("spiral: n", n, minimum=k), _noise(noise, "spiral: noise")
    rng = _rng("spiral", seed)
    parts = []
    for j, size in enumerate(_split(n, k)):
        r = np.linspace(0.0, 1.0, size)
        t = np.linspace(4.0 * j, 4.0 * (j + 1), size) + noise * rng.standard_normal(size)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    y = np.repeat(np.arange(k), _split(n, k))
    return _shuffled("spiral", rng, np.vstack(parts), y)


_BLOB_MARGIN = 0.1  # every point is at least this far on its own side of each pairwise boundary
_BLOB_ROUNDS = 200  # redraws of the points outside their own cell before giving up


@_quiet
def blobs(*, n: int = 100, k: int = 2, noise: float = 0.5, seed: Any = None) -> Dataset:
    """``k`` linearly separable Gaussian blobs with centres on a circle.

    The circle has radius 2, or more when ``k > 12`` (so that neighbouring
    centres stay 1 apart). Each point is drawn around its class centre with
    std ``noise`` and redrawn until it is nearer its own centre than any other
    by a margin of 0.1 (its distance to every pairwise perpendicular
    bisector), so the classes are always linearly separable: for two classes
    by the bisector line, for more by ``argmax`` of linear scores
    ``c_i . x - |c_i|^2 / 2``. If the points would still not all be inside
    their cells after 200 redraws (a noise far larger than the circle),
    ValueError, as soon as the rate of the first redraws shows it.
    """
    k = _n("blobs: k", k, minimum=2, maximum=MAX_CLASSES)
    n, noise = _n("blobs: n", n), _noise(noise, "blobs: noise")
    rng = _rng("blobs", seed)
    angles = math.pi / 4 + 2 * math.pi * np.arange(k) / k
    radius = max(2.0, 0.5 / math.sin(math.pi / k))  # neighbouring centres at least 1 apart
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.repeat(np.arange(k), _split(n, k))
    X = centres[y].copy()
    bad = np.ones(n, dtype=bool)
    for done in range(1, _BLOB_ROUNDS + 1):
        X[bad] = centres[y[bad]] + noise * rng.standard_normal((int(bad.sum()), 2))
        if not np.isfinite(X).all():
            return _shuffled("blobs", rng, X, y)  # raises: the noise overflows the coordinates
        bad[bad] = ~_inside_own_cell(X[bad], y[bad], centres)
        left = int(bad.sum())
        if not left:
            return _shuffled("blobs", rng, X, y)
        # each redraw lands a point in its cell with some rate p; stop early when even the
        # remaining rounds at the rate seen so far would leave points outside
        stay = (left / n) ** (1 / done)  # 1 - p
        if done >= 10 and left * stay ** (_BLOB_ROUNDS - done) > 1:
            break
    raise ValueError(
        f"blobs: with noise={noise!r}, {left} of {n} points were still outside their own "
        f"blob's cell after {done} redraws, at a rate that {_BLOB_ROUNDS} would not fix "
        f"(the centres are {radius:.3g} from the origin); use a smaller noise"
    )


def _inside_own_cell(X: np.ndarray, y: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """True where a point is at least the margin inside its own class's Voronoi cell.

    The signed distance of x to the bisector of its own centre o and another
    centre c is ``(s_o(x) - s_c(x)) / |o - c|`` with the linear scores
    ``s_i(x) = c_i . x - |c_i|^2 / 2``; computed in blocks of about a million
    (point, centre) pairs.
    """
    half_sq = 0.5 * np.sum(centres**2, axis=1)
    k = len(centres)
    table = _gaps(centres, np.arange(k)) if k <= 2048 else None  # |c_i - c_j| for every pair
    ok = np.empty(len(y), dtype=bool)
    block = max(1, 2**20 // len(centres))
    for start in range(0, len(y), block):
        rows = slice(start, start + block)
        scores = X[rows] @ centres.T - half_sq  # (b, k)
        own = np.take_along_axis(scores, y[rows, None], axis=1)
        gaps = table[y[rows]] if table is not None else _gaps(centres, y[rows])  # 0 at the own centre
        ok[rows] = np.all(own - scores >= _BLOB_MARGIN * gaps, axis=1)
    return ok


def _gaps(centres: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Distances from each own centre to every centre, shape (len(own), k)."""
    return np.linalg.norm(centres[own][:, None, :] - centres[None, :, :], axis=2)


@_quiet
def curve(
    f: Callable[[Any], Any] = np.sin,
    *,
    n: int = 100,
    noise: float = 0.1,
    xlim: tuple[float, float] = (-math.pi, math.pi),
    seed: Any = None,
) -> Dataset:
    """Noisy samples of a 1-D function: ``y = f(x) + noise * N(0, 1)``.

    ``x`` is drawn uniformly from ``xlim`` and sorted ascending; returns ``X`` of
    shape ``(n, 1)`` and float targets ``y`` of shape ``(n,)``. ``f`` may be a
    numpy ufunc (applied to the whole array) or a function of one float.

    ``xlim`` is a pair ``(lo, hi)`` of real numbers with ``lo < hi`` whose span
    ``hi - lo`` is a float (TypeError for a bool, a string or a non-pair,
    ValueError otherwise). ``f`` must give a finite real number at every
    point: anything else (a string, a bool, NaN) is a ValueError naming ``f``.
    """
    if not callable(f):
        raise TypeError(f"curve: f must be a callable of one argument, got {type(f).__name__}: {f!r:.60}")
    n, noise = _n("curve: n", n), _noise(noise, "curve: noise")
    lo, hi = _xlim(xlim)
    rng = _rng("curve", seed)
    x = np.sort(rng.uniform(lo, hi, n))
    fx = _apply(f, x)
    y = fx + noise * rng.standard_normal(n)
    if not np.isfinite(y).all():
        raise ValueError(
            f"curve: noise={noise!r} is too large: some targets overflow to "
            f"{float(y[~np.isfinite(y)][0])!r}; "
            "use a noise of a size that floats can hold next to f's values (e.g. below 1e300)"
        )
    return x.reshape(n, 1), y


def _xlim(xlim: Any) -> tuple[float, float]:
    """``xlim`` as ``(lo, hi)``: two finite reals, ``lo < hi``, with a finite span ``hi - lo``."""
    if isinstance(xlim, (str, bytes)) or not isinstance(xlim, (Sequence, np.ndarray)):
        raise TypeError(
            f"curve: xlim must be a pair (lo, hi) of real numbers, got {type(xlim).__name__}: "
            f"{describe(xlim):.60}"
        )
    if len(xlim) != 2:
        raise ValueError(f"curve: xlim must be a pair (lo, hi), got {len(xlim)} values")
    lo, hi = (real(v, f"curve: xlim[{i}]") for i, v in enumerate(xlim))
    if not lo < hi:
        raise ValueError(f"curve: xlim must have lo < hi, got ({lo!r}, {hi!r})")
    if not math.isfinite(hi - lo):
        raise ValueError(
            f"curve: xlim ({lo!r}, {hi!r}) spans {hi - lo!r}, more than a float holds; narrow it"
        )
    return lo, hi


def _apply(f: Callable[[Any], Any], x: np.ndarray) -> np.ndarray:
    """f on every x: vectorised when f gives an array of numbers like x, else point by point.

    Raises ValueError, naming f and the point, when f gives something other than a finite real number.
    """
    try:
        with np.errstate(all="ignore"):  # non-finite results are reported below
            out = f(x)
    except (TypeError, ValueError):
        out = None  # f takes one float at a time
    fx = np.asarray(out) if isinstance(out, np.ndarray) else None
    if fx is None or fx.shape != x.shape or fx.dtype.kind not in "fiu":
        fx = np.array([_number(f, float(v)) for v in x])
    fx = fx.astype(np.float64)
    if not np.all(np.isfinite(fx)):
        bad = x[~np.isfinite(fx)][0]
        raise ValueError(f"curve: f({bad!r}) is not finite; choose an xlim inside f's domain")
    return fx


def _number(f: Callable[[Any], Any], v: float) -> float:
    """``f(v)`` as a float; ValueError naming f when it is not a real number (a bool, a string, ...)."""
    with np.errstate(all="ignore"):
        out = f(v)
    if isinstance(out, np.ndarray) and out.shape in ((), (1,)):
        out = out.reshape(()).item() if out.dtype.kind in "fiu" else out
    if isinstance(out, (bool, np.bool_)) or not isinstance(out, numbers.Real):
        raise ValueError(
            f"curve: f returned {type(out).__name__}: {describe(out):.60} at x={v!r}; expected a real number"
        )
    try:
        return float(out)
    except OverflowError:
        raise ValueError(f"curve: f returned {describe(out)} at x={v!r}, too large for a float") from None
