"""An independent numpy implementation of article 1's backpropagation.

Provides ``forward``, ``loss``, ``gradients``, ``from_model``, ``to_model`` and
``predict``. Nothing here uses the scalar engine: it is the oracle the engine's
gradients are tested against, and the fast way to evaluate a model on many
points (decision grids).

Notation (article 1, row-batch form; ``n`` samples, layer ``k = 1..L``):

- forward: ``o^(k) = a^(k-1) W^(k)^T + b^(k)``, ``a^(k) = sigma_k(o^(k))``,
  ``a^(0) = X``;
- output error ``delta^(L) = dE/do^(L)``, per sample ``(a - y) sigma'(o) / n``
  for ``half_mse``, ``2 (a - y) sigma'(o) / (n m)`` for ``mse`` (``m`` outputs)
  and ``2 (a - y) sigma'(o)`` for ``sse``;
- hidden error ``delta^(k) = sigma'(o^(k)) * (W^(k+1)^T delta^(k+1))``;
- ``dE/dW^(k) = sum over the batch of delta^(k) a^(k-1)^T`` and
  ``dE/db^(k) = sum over the batch of delta^(k)``.

Weights are a list of ``(W, b)`` pairs, ``W`` of shape ``(nout, nin)`` with
``W[j, i]`` the weight from input ``i`` into neuron ``j``, as in
``Layer.weights()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = [
    "ACTIVATIONS", "LOSSES", "forward", "loss", "gradients", "from_model", "to_model", "predict",
]

Weights = Sequence[tuple[np.ndarray, np.ndarray]]


def _sigmoid(o: np.ndarray) -> np.ndarray:
    # NOTE: written so that exp never overflows (e^-|o| <= 1)
    e = np.exp(-np.abs(o))
    return np.where(o >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# name -> (sigma(o), sigma'(o) written in terms of o and a = sigma(o))
ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, np.ndarray], Any]]] = {
    # sigma(o) = o;  sigma'(o) = 1
    "linear": (lambda o: o, lambda o, a: np.ones_like(o)),
    # sigma(o) = max(0, o);  sigma'(o) = 1 if o > 0 else 0 (0 at o = 0)
    "relu": (lambda o: np.maximum(o, 0.0), lambda o, a: (o > 0).astype(np.float64)),
    # sigma(o) = (e^o - e^-o) / (e^o + e^-o);  sigma'(o) = 1 - tanh(o)^2
    "tanh": (np.tanh, lambda o, a: 1.0 - a * a),
    # sigma(o) = 1 / (1 + e^-o);  sigma'(o) = sigma(o) (1 - sigma(o))
    "sigmoid": (_sigmoid, lambda o, a: a * (1.0 - a)),
}

# name -> (E(a, Y), dE/da per sample), for a batch of n rows and m outputs
LOSSES: dict[str, tuple[Callable[[np.ndarray], float], Callable[[np.ndarray, int, int], np.ndarray]]] = {
    # E = 1/(2n) sum (a - y)^2;  dE/da = (a - y) / n
    "half_mse": (lambda r: float(np.sum(r * r)) / (2 * r.shape[0]), lambda r, n, m: r / n),
    # E = 1/(n m) sum (a - y)^2;  dE/da = 2 (a - y) / (n m)
    "mse": (lambda r: float(np.sum(r * r)) / r.size, lambda r, n, m: 2.0 * r / (n * m)),
    # E = sum (a - y)^2;  dE/da = 2 (a - y)
    "sse": (lambda r: float(np.sum(r * r)), lambda r, n, m: 2.0 * r),
}


def _validate_network(weights: Weights, activations: Sequence[str]) -> None:
    if len(weights) == 0:
        raise ValueError("reference: weights is empty; expected one (W, b) pair per layer")
    if len(weights) != len(activations):
        raise ValueError(
            f"reference: {len(weights)} (W, b) pairs but {len(activations)} activations; "
            "expected one per layer"
        )
    nin = None
    for k, ((W, b), act) in enumerate(zip(weights, activations), start=1):
        if act not in ACTIVATIONS:
            raise ValueError(
                f"reference: layer {k} activation {act!r} unknown; expected one of {list(ACTIVATIONS)}"
            )
        W, b = np.asarray(W), np.asarray(b)
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(
                f"reference: layer {k} has W of shape {W.shape} and b of shape {b.shape}; "
                "expected W (nout, nin) and b (nout,)"
            )
        if nin is not None and W.shape[1] != nin:
            raise ValueError(
                f"reference: layer {k} W has {W.shape[1]} inputs but layer {k - 1} has {nin} outputs"
            )
        nin = W.shape[0]


def _as_batch(X: Any, nin: int) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1 and nin == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != nin:
        raise ValueError(f"reference: X has shape {X.shape}; expected (n, {nin})")
    return X


def forward(
    weights: Weights, activations: Sequence[str], X: Any
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Run a batch through the network.

    Args:
        weights: one ``(W, b)`` per layer, ``W`` of shape ``(nout, nin)``.
        activations: one activation name per layer (keys of ``ACTIVATIONS``).
        X: inputs, shape ``(n, nin)``.

    Returns:
        ``(o, a)``: lists of length ``L + 1`` indexed by layer as in the
        article; ``o[k]`` and ``a[k]`` have shape ``(n, nout_k)``, and
        ``o[0] = a[0] = X``.
    """
    _validate_network(weights, activations)
    a_prev = _as_batch(X, np.asarray(weights[0][0]).shape[1])
    os, as_ = [a_prev], [a_prev]
    for (W, b), act in zip(weights, activations):
        o = a_prev @ np.asarray(W, dtype=np.float64).T + np.asarray(b, dtype=np.float64)
        a_prev = ACTIVATIONS[act][0](o)
        os.append(o)
        as_.append(a_prev)
    return os, as_


def _as_targets(Y: Any, out: np.ndarray) -> np.ndarray:
    Y = np.asarray(Y, dtype=np.float64)
    n, m = out.shape
    if Y.shape != (n, m) and not (m == 1 and Y.shape == (n,)):
        also = f" or ({n},)" if m == 1 else ""
        raise ValueError(f"reference: Y has shape {Y.shape}; expected ({n}, {m}){also}")
    return Y.reshape(n, m)


def _loss_fns(name: str) -> tuple[Callable[..., float], Callable[..., np.ndarray]]:
    if name not in LOSSES:
        raise ValueError(f"reference: loss {name!r} unknown; expected one of {list(LOSSES)}")
    return LOSSES[name]


def loss(weights: Weights, activations: Sequence[str], X: Any, Y: Any, loss: str = "half_mse") -> float:
    """The loss ``E`` of the network on the batch ``(X, Y)`` (``Y``: ``(n, m)``, or ``(n,)`` when m = 1)."""
    value, _ = _loss_fns(loss)
    _, a = forward(weights, activations, X)
    return value(a[-1] - _as_targets(Y, a[-1]))


def gradients(
    weights: Weights, activations: Sequence[str], X: Any, Y: Any, loss: str = "half_mse"
) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
    """Backpropagation as in article 1.

    Args:
        weights, activations, X: as for ``forward``.
        Y: targets, shape ``(n, m)`` (or ``(n,)`` for one output).
        loss: ``"half_mse"``, ``"mse"`` or ``"sse"``.

    Returns:
        ``(E, grads)`` with ``grads[k - 1] = (dE/dW^(k), dE/db^(k))`` shaped like ``(W^(k), b^(k))``.
    """
    value, dE_da = _loss_fns(loss)
    o, a = forward(weights, activations, X)
    r = a[-1] - _as_targets(Y, a[-1])
    n, m = r.shape
    L = len(weights)
    delta = dE_da(r, n, m) * ACTIVATIONS[activations[-1]][1](o[L], a[L])  # (n, m): one row per sample
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(L, 0, -1):
        grads.append((delta.T @ a[k - 1], delta.sum(axis=0)))
        if k > 1:
            W = np.asarray(weights[k - 1][0], dtype=np.float64)
            delta = ACTIVATIONS[activations[k - 2]][1](o[k - 1], a[k - 1]) * (delta @ W)
    grads.reverse()
    return value(r), grads


def _layer_activation(layer: Any, k: int) -> str:
    name = getattr(layer, "activation", None)
    name = getattr(name, "__name__", name)  # a function, or its name
    if name not in ACTIVATIONS:
        raise ValueError(f"reference: layer {k} activation {name!r} is not one of {list(ACTIVATIONS)}")
    return str(name)


def from_model(model: Any) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[str]]:
    """``(weights, activations)`` of an ``MLP``, read through ``layer.weights()`` (copies)."""
    weights, activations = [], []
    for k, layer in enumerate(model.layers, start=1):
        W, b = layer.weights()
        weights.append((np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)))
        activations.append(_layer_activation(layer, k))
    return weights, activations


def to_model(model: Any, weights: Weights) -> None:
    """Write ``weights`` (one ``(W, b)`` per layer) into an ``MLP`` through ``layer.set_weights``."""
    if len(weights) != len(model.layers):
        raise ValueError(
            f"reference: {len(weights)} (W, b) pairs for a model with {len(model.layers)} layers"
        )
    for layer, (W, b) in zip(model.layers, weights):
        layer.set_weights(np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64))


def predict(model: Any, X: Any) -> np.ndarray:
    """The model's outputs on every row of ``X``: shape ``(n,)`` for one output, ``(n, m)`` otherwise."""
    weights, activations = from_model(model)
    _, a = forward(weights, activations, X)
    out = a[-1]
    return out[:, 0] if out.shape[1] == 1 else out
