"""The losses of :mod:`nets.losses` on arrays: a batch's loss and its gradient with respect to the outputs.

For ``nets.fit``'s array engines (``engine="tape"`` and ``engine="matrix"``),
which compute a batch's predictions as an array ``P`` of shape ``(n, m)`` and
need ``L`` and ``dL/dP`` (same shape) to seed their backward passes. Each
formula is the one in :mod:`nets.losses` (which builds the same loss from
Values), evaluated for the whole batch at once, so the branches a loss takes
per sample (hinge's margin, bce's label and clamp, cross_entropy's class and
max shift) are taken per sample here too.

This module provides :func:`prepare_targets` (a data set's targets in the
form the array loss reads, once per ``fit``) and :func:`loss_and_grad`. A loss
function not from :mod:`nets.losses` is evaluated by the scalar engine on
the predictions as leaves, and its gradient read from their ``.grad``, so any
loss works with every engine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import autograd

from . import losses

__all__ = ["ARRAY_LOSSES", "loss_and_grad", "prepare_targets"]


def _squares(P: np.ndarray, T: np.ndarray, scale: float) -> tuple[float, np.ndarray]:
    # L = scale * sum (p - y)^2;  dL/dp = scale * 2 (p - y)
    r = P - T
    return float(np.sum(r * r)) * scale, (2.0 * scale) * r


def _mse(P: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    return _squares(P, T, 1.0 / P.size)


def _half_mse(P: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    return _squares(P, T, 1.0 / (2 * P.shape[0]))


def _sse(P: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    return _squares(P, T, 1.0)


def _bce(P: np.ndarray, T: np.ndarray, eps: float = 1e-12) -> tuple[float, np.ndarray]:
    # L = -mean[y log p + (1 - y) log(1 - p)] with p clamped to [eps, 1 - eps] (no gradient where clamped)
    outside = (P < 0.0) | (P > 1.0)
    if outside.any():
        s, j = (int(i) for i in np.argwhere(outside)[0])
        at = f"[{s}]" if P.shape[1] == 1 else f"[{s}][{j}]"
        raise ValueError(
            f"bce: preds{at} = {float(P[s, j])!r} is not a probability in [0, 1] "
            "(use bce_with_logits for raw scores)"
        )
    inside = (P >= eps) & (P <= 1.0 - eps)
    q = np.clip(P, eps, 1.0 - eps)
    one = T == 1.0
    with np.errstate(divide="ignore"):
        terms = np.where(one, -np.log(q), -np.log(1.0 - q))
        d = np.where(one, -1.0 / q, 1.0 / (1.0 - q))
    k = 1.0 / P.size
    return float(np.sum(terms)) * k, np.where(inside, d * k, 0.0)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


def _bce_with_logits(Z: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    # L = mean[softplus(z) - y z] = mean softplus(s z), s = 1 - 2y (no cancellation);
    # dL/dz = (sigmoid(z) - y) / (n m) = s sigmoid(s z) / (n m)
    s = 1.0 - 2.0 * T
    sz = s * Z
    softplus = np.maximum(sz, 0.0) + np.log1p(np.exp(-np.abs(sz)))
    k = 1.0 / Z.size
    return float(np.sum(softplus)) * k, s * _sigmoid(sz) * k


def _hinge(Z: np.ndarray, T: np.ndarray) -> tuple[float, np.ndarray]:
    # L = mean relu(1 - s z), s = 2y - 1;  dL/dz = -s / (n m) where 1 - s z > 0, else 0
    s = 2.0 * T - 1.0
    margin = 1.0 - Z * s
    k = 1.0 / Z.size
    return float(np.sum(np.maximum(margin, 0.0))) * k, np.where(margin > 0.0, -s * k, 0.0)


def _cross_entropy(Z: np.ndarray, C: np.ndarray) -> tuple[float, np.ndarray]:
    # L = mean_s[(z_s,k - z_s,class) + log1p(sum_{j != k} e^(z_sj - z_s,k))], k = argmax_j z_sj
    # (as nets.losses.cross_entropy: no cancellation); dL/dz_sj = (softmax(z_s)_j - [j == class_s]) / n,
    # the class's entry as -(sum of the other classes' e) / total
    n = Z.shape[0]
    rows = np.arange(n)
    top = Z.argmax(axis=1)
    e = np.exp(Z - Z[rows, top][:, None])
    e_rest = e.copy()
    e_rest[rows, top] = 0.0
    total = 1.0 + e_rest.sum(axis=1)
    terms = (Z[rows, top] - Z[rows, C]) + np.log1p(e_rest.sum(axis=1))
    d = e / total[:, None]
    e_other = e.copy()
    e_other[rows, C] = 0.0
    d[rows, C] = -e_other.sum(axis=1) / total
    return float(np.sum(terms)) / n, d / n


#: each loss of nets.losses -> its array form ``f(P, targets) -> (L, dL/dP)``, P of shape (n, m)
ARRAY_LOSSES: dict[Callable[..., Any], Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]] = {
    losses.mse: _mse,
    losses.half_mse: _half_mse,
    losses.sse: _sse,
    losses.bce: _bce,
    losses.bce_with_logits: _bce_with_logits,
    losses.hinge: _hinge,
    losses.cross_entropy: _cross_entropy,
}


def prepare_targets(loss: Callable[..., Any], y: Any, m: int) -> np.ndarray:
    """The targets as the array loss reads them: class indices (n,) for cross_entropy, else floats (n, m).

    For a loss not in :data:`ARRAY_LOSSES`, ``y`` as an array, unchanged (the loss reads it itself).
    Assumes :func:`nets.losses.check_targets` passed.
    """
    if loss not in ARRAY_LOSSES:
        return np.asarray(y)
    if loss is losses.cross_entropy:
        return np.asarray(y, dtype=np.float64).reshape(-1).astype(np.int64)
    t = np.asarray(y, dtype=np.float64)
    return t.reshape(len(t), m)


def loss_and_grad(loss: Callable[..., Any], P: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
    """``(L, dL/dP)`` for the predictions ``P`` (shape ``(n, m)``) of one batch and its prepared targets.

    A loss of :mod:`nets.losses` is computed in numpy; any other loss by the scalar
    engine, on the predictions as leaves (one Value per sample for one output, a list
    of m per sample for several, as ``fit`` passes them to the loss).
    """
    fn = ARRAY_LOSSES.get(loss)
    if fn is not None:
        return fn(P, targets)
    n, m = P.shape
    leaves = [[autograd.Value(v) for v in row] for row in P.tolist()]
    preds = [row[0] for row in leaves] if m == 1 else leaves
    value = loss(preds, targets)
    if not isinstance(value, autograd.Value):
        raise ValueError(f"fit: loss must return a Value, got {type(value).__name__}: {value!r}")
    value.backward()
    return value.data, np.array([[v.grad for v in row] for row in leaves], dtype=np.float64)
