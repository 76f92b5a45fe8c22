"""Loss functions built from Values: each returns one Value to call ``backward()`` on.

Every loss has the signature ``loss(preds, targets) -> Value``:

- ``preds`` has one entry per sample: a Value for a single-output model, a
  list of Values for a multi-output one (logits for :func:`cross_entropy`).
- ``targets`` is a sequence or numpy array of numbers: shape (n,) for one
  output, (n, m) for m outputs; class indices 0..m-1 for
  :func:`cross_entropy`; labels in {0, 1} for :func:`bce`,
  :func:`bce_with_logits` and :func:`hinge`. Targets are read strictly
  (:func:`nets.arrays.reals`): a string (``'1.5'`` too), a bool (``True`` is
  not the label 1), None, an int beyond floats, NaN or infinity is a
  ValueError naming the target, e.g. ``mse: targets[0] must be a number, got
  str: '1.5'``.

Below, p is a prediction, y its target, n the number of samples and m the
number of outputs per sample. Losses average over samples and outputs unless
the name says otherwise. This module provides ``mse``, ``half_mse``, ``sse``,
``bce``, ``bce_with_logits``, ``cross_entropy``, ``hinge`` and ``l2``, and
``check_targets``, which checks a whole data set's targets against a loss at
once (``nets.fit`` calls it before its first step).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Value
from autograd.core import describe, real

from .arrays import reals
from .model import as_parameters

__all__ = [
    "bce", "bce_with_logits", "check_targets", "cross_entropy", "half_mse", "hinge", "l2", "mse", "sse",
]


def _as_value(x: Any, loss: str, where: str) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x):
        return autograd.const(x)
    raise ValueError(
        f"{loss}: {where} must be a Value or a finite number, got {type(x).__name__}: {describe(x)}"
    )


def _samples(preds: Any, loss: str) -> list[list[Value]]:
    """``preds`` as n rows of m Values each (a lone Value per sample is a row of one)."""
    if isinstance(preds, Value):
        raise ValueError(
            f"{loss}: preds must have one entry per sample; got a single Value (wrap it in a list)"
        )
    if isinstance(preds, (str, bytes)) or not isinstance(preds, (Sequence, np.ndarray)):
        kind = type(preds).__name__
        raise ValueError(f"{loss}: preds must be a sequence with one entry per sample, got {kind}")
    if len(preds) == 0:
        raise ValueError(f"{loss}: preds is empty (no samples)")
    rows = []
    for s, p in enumerate(preds):
        if isinstance(p, (Sequence, np.ndarray)) and not isinstance(p, (str, bytes)):
            row = [_as_value(q, loss, f"preds[{s}][{i}]") for i, q in enumerate(p)]
        else:
            row = [_as_value(p, loss, f"preds[{s}]")]
        if not row:
            raise ValueError(f"{loss}: preds[{s}] has no outputs")
        if rows and len(row) != len(rows[0]):
            raise ValueError(f"{loss}: preds[0] has {len(rows[0])} outputs but preds[{s}] has {len(row)}")
        rows.append(row)
    return rows


def _targets(targets: Any, n: int, m: int, loss: str) -> np.ndarray:
    """``targets`` as a finite float array of shape (n, m); (n,) is accepted when m == 1."""
    t = reals(targets, f"{loss}: targets")
    if t.ndim == 0 or t.shape[0] != n:
        found = "a single number" if t.ndim == 0 else f"{t.shape[0]} targets"
        raise ValueError(f"{loss}: {n} predictions but {found}; expected one target per sample")
    if m == 1 and t.shape == (n,):
        t = t.reshape(n, 1)
    if t.shape != (n, m):
        want = f"({n},) or ({n}, 1)" if m == 1 else f"({n}, {m})"
        raise ValueError(f"{loss}: targets must have shape {want} for {m} output(s), got {t.shape}")
    return t


def _binary(t: np.ndarray, loss: str) -> None:
    bad = np.unique(t[(t != 0.0) & (t != 1.0)])
    if len(bad):
        raise ValueError(f"{loss}: targets must be labels 0 or 1, found {bad[:5].tolist()}")


def _batch(preds: Any, targets: Any, loss: str, binary: bool = False) -> tuple[list[list[Value]], np.ndarray]:
    """``preds`` as n rows of m Values, ``targets`` as an (n, m) array; labels 0/1 checked if ``binary``."""
    rows = _samples(preds, loss)
    t = _targets(targets, len(rows), len(rows[0]), loss)
    if binary:
        _binary(t, loss)
    return rows, t


def _total(terms: list[Value]) -> Value:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _squares(preds: Any, targets: Any, loss: str) -> tuple[Value, int, int]:
    rows, t = _batch(preds, targets, loss)
    n, m = t.shape
    terms = [(p - y) ** 2 for row, ys in zip(rows, t.tolist()) for p, y in zip(row, ys)]
    return _total(terms), n, m


def mse(preds: Any, targets: Any) -> Value:
    """Mean squared error: L = 1/(n m) sum_s sum_j (p_sj - y_sj)^2.

    dL/dp_sj = 2 (p_sj - y_sj) / (n m).
    """
    total, n, m = _squares(preds, targets, "mse")
    return total / (n * m)


def half_mse(preds: Any, targets: Any) -> Value:
    """Article 1's error: E = 1/(2n) sum_s sum_j (p_sj - y_sj)^2 (n = number of samples).

    dE/dp_sj = (p_sj - y_sj) / n, the 1/2 cancelling the square's 2.
    """
    total, n, _ = _squares(preds, targets, "half_mse")
    return total / (2 * n)


def sse(preds: Any, targets: Any) -> Value:
    """Sum of squared errors: L = sum_s sum_j (p_sj - y_sj)^2.

    dL/dp_sj = 2 (p_sj - y_sj).
    """
    total, _, _ = _squares(preds, targets, "sse")
    return total


def bce(preds: Any, targets: Any, eps: float = 1e-12) -> Value:
    """Binary cross-entropy from probabilities p in [0, 1], labels y in {0, 1}.

    L = -1/(n m) sum [y log p + (1 - y) log(1 - p)], i.e. -log p where y = 1
    and -log(1 - p) where y = 0. p is clamped to [eps, 1 - eps] first (with
    zero gradient outside, like ``clamp``), so L stays finite; for raw scores
    prefer :func:`bce_with_logits`. dL/dp = (p - y) / (p (1 - p)) / (n m).

    ``eps`` must be a real number with 0 <= eps < 0.5 (TypeError for a bool or
    a string, ValueError otherwise).
    """
    eps = real(eps, "bce: eps", minimum=0.0)
    if not eps < 0.5:
        raise ValueError(f"bce: eps must be < 0.5 (p is clamped to [eps, 1 - eps]), got {eps!r}")
    rows, t = _batch(preds, targets, "bce", binary=True)
    n, m = t.shape
    terms = []
    for s, (row, ys) in enumerate(zip(rows, t.tolist())):
        for p, y in zip(row, ys):
            if not 0.0 <= p.data <= 1.0:
                raise ValueError(
                    f"bce: preds[{s}] = {p.data!r} is not a probability in [0, 1] "
                    "(use bce_with_logits for raw scores)"
                )
            if not eps <= p.data <= 1.0 - eps:
                p = autograd.const(min(max(p.data, eps), 1.0 - eps))
            terms.append(-autograd.log(p) if y == 1.0 else -autograd.log(1.0 - p))
    return _total(terms) / (n * m)


def bce_with_logits(preds: Any, targets: Any) -> Value:
    """Binary cross-entropy from logits z, labels y in {0, 1}: bce(sigmoid(z), y) computed stably.

    L = 1/(n m) sum [softplus(z) - y z], each term computed as softplus(z)
    for y = 0 and softplus(-z) for y = 1 (the same number without the
    cancellation of softplus(z) - z: at z = 30 that lost 1.3%), softplus
    itself computed stably, so z = +-1000 gives 0 or 1000, never inf or NaN.
    dL/dz = (sigmoid(z) - y) / (n m), i.e. sigmoid(z) or -sigmoid(-z).
    """
    rows, t = _batch(preds, targets, "bce_with_logits", binary=True)
    n, m = t.shape
    terms = [
        autograd.softplus(-z if y else z) for row, ys in zip(rows, t.tolist()) for z, y in zip(row, ys)
    ]
    return _total(terms) / (n * m)


def hinge(preds: Any, targets: Any) -> Value:
    """micrograd's max-margin loss on scores z, labels y in {0, 1} mapped to s = 2y - 1 in {-1, +1}.

    L = 1/(n m) sum relu(1 - s z). dL/dz = -s / (n m) where s z < 1, else 0.
    """
    rows, t = _batch(preds, targets, "hinge", binary=True)
    n, m = t.shape
    terms = [
        autograd.relu(1.0 - z * (2.0 * y - 1.0)) for row, ys in zip(rows, t.tolist()) for z, y in zip(row, ys)
    ]
    return _total(terms) / (n * m)


def cross_entropy(preds: Any, targets: Any) -> Value:
    """Softmax cross-entropy from logits z_s (m >= 2 per sample) and class indices c_s in 0..m-1.

    L = 1/n sum_s [log sum_j e^(z_sj) - z_s,c_s] (minus the mean log-softmax).
    Each term is computed without cancellation as
    (z_s,k - z_s,c_s) + log1p(sum_{j != k} e^(z_sj - z_s,k)), k the sample's
    largest logit: both parts are >= 0, the first is 0 when the class is k,
    and no logit of size 1e10 is subtracted from a sum of that size
    (``log(sum e^(z - max)) + max - z_c`` lost 0.8% at logits 1e10, 1e10 + 10).
    dL/dz_sj = (softmax(z_s)_j - [j == c_s]) / n.
    """
    rows = _samples(preds, "cross_entropy")
    n, m = len(rows), len(rows[0])
    if m < 2:
        raise ValueError(f"cross_entropy: each sample needs m >= 2 logits (one per class), got {m}")
    try:
        shape = np.shape(targets)
    except ValueError:  # ragged: _targets reports it
        shape = ()
    if len(shape) == 2 and shape[1] != 1:
        raise ValueError(
            f"cross_entropy: targets must be class indices of shape ({n},), got shape {shape} "
            "(one-hot targets: pass their argmax)"
        )
    t = _targets(targets, n, 1, "cross_entropy")[:, 0]
    bad = t[(t != np.round(t)) | (t < 0) | (t >= m)]
    if len(bad):
        raise ValueError(f"cross_entropy: targets must be class indices 0..{m - 1}, found {float(bad[0])!r}")
    terms = []
    for row, c in zip(rows, t.astype(int).tolist()):
        k = max(range(m), key=lambda j: row[j].data)  # the first largest logit
        top = row[k]
        rest = autograd.log1p(_total([autograd.exp(z - top) for j, z in enumerate(row) if j != k]))
        terms.append(rest if c == k else (top - row[c]) + rest)
    return _total(terms) / n


def l2(params: Iterable[Value]) -> Value:
    """Sum of squares of the parameters: R = sum_i phi_i^2 (scale it yourself: L + lambda R).

    dR/dphi_i = 2 phi_i. ``params`` is an iterable of Values, e.g. ``model.parameters()``:
    a model itself, a string or a non-iterable is a TypeError; one Value, an empty
    iterable or a non-Value entry a ValueError.
    """
    return _total([p * p for p in as_parameters(params, "l2")])


def _first_bad(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def check_targets(loss: Any, targets: Any, outputs: int) -> None:
    """Check every target of a data set against ``loss`` for a model with ``outputs`` outputs, at once.

    The same rules the loss applies to each batch, so that a bad target is found
    before training starts: finite numbers of shape (n,) or (n, m) (m = ``outputs``;
    (n,) only when m is 1) for ``mse``, ``half_mse`` and ``sse``; labels 0 or 1
    for ``bce``, ``bce_with_logits`` and ``hinge``; class indices 0..m-1, shape
    (n,), for ``cross_entropy`` (which needs m >= 2). A loss not of this module is
    not checked (its rules are its own).

    Targets are read as :func:`nets.arrays.reals` reads them: a string (``'1'``
    too) or a bool is not a number.

    Raises:
        ValueError: naming the loss, the first bad target and its index, e.g.
            ``hinge: y[9] = 5.0, but targets must be labels 0 or 1`` or
            ``mse: y[0] must be a number, got str: '1'``.
    """
    name = getattr(loss, "__name__", "")
    if loss not in (mse, half_mse, sse, bce, bce_with_logits, hinge, cross_entropy):
        return
    if isinstance(outputs, bool) or not isinstance(outputs, numbers.Integral) or outputs < 1:
        raise ValueError(f"check_targets: outputs must be an int >= 1, got {describe(outputs)}")
    m = int(outputs)
    t = reals(targets, f"{name}: y")
    if t.ndim == 0:
        raise ValueError(f"{name}: targets must have one entry per sample, got a single number")
    n = t.shape[0]
    if loss is cross_entropy:
        if m < 2:
            raise ValueError(f"cross_entropy: each sample needs m >= 2 logits (one per class), got {m}")
        if t.ndim == 2 and t.shape[1] == 1:
            t = t[:, 0]
        if t.ndim != 1:
            raise ValueError(
                f"cross_entropy: targets must be class indices of shape ({n},), got shape {t.shape} "
                "(one-hot targets: pass their argmax)"
            )
        bad = (t != np.round(t)) | (t < 0) | (t >= m)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"cross_entropy: y[{i}] = {float(t[i])!r}, but targets must be class indices 0..{m - 1}"
            )
        return
    if m == 1 and t.shape == (n,):
        t = t.reshape(n, 1)
    if t.shape != (n, m):
        want = f"({n},) or ({n}, 1)" if m == 1 else f"({n}, {m})"
        raise ValueError(f"{name}: targets must have shape {want} for {m} output(s), got {t.shape}")
    if loss in (bce, bce_with_logits, hinge):
        bad = (t != 0.0) & (t != 1.0)
        if bad.any():
            i, j = _first_bad(bad)
            at = f"[{i}]" if m == 1 else f"[{i}, {j}]"
            raise ValueError(f"{name}: y{at} = {float(t[i, j])!r}, but targets must be labels 0 or 1")
