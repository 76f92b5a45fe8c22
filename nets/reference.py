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

Inputs are read strictly (``nets.arrays.reals``) and results checked: a
string or bool among the numbers, a NaN, infinity or int beyond floats in
the weights, ``X`` or ``Y``, or a layer, loss or gradient that overflows, is
a ValueError naming what (a wrong structure, such as weights that are not a
list of pairs, a TypeError). Nothing returns NaN or inf.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd.core import describe

from .arrays import reals

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "forward",
    "loss",
    "gradients",
    "from_model",
    "to_model",
    "predict",
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


Net = list[tuple[np.ndarray, np.ndarray]]  # validated weights: finite float64 (W, b) per layer


def _pairs(weights: Any, where: str) -> list[tuple[Any, Any]]:
    """``weights`` as a list of ``(W, b)``: TypeError unless a sequence of pairs, ValueError when empty."""
    if isinstance(weights, (str, bytes, np.ndarray)) or not isinstance(weights, Sequence):
        raise TypeError(
            f"{where}: weights must be a list of (W, b) pairs, one per layer, got "
            f"{type(weights).__name__}: {describe(weights):.60}"
        )
    if len(weights) == 0:
        raise ValueError(f"{where}: weights is empty; expected one (W, b) pair per layer")
    pairs = []
    for k, pair in enumerate(weights, start=1):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (Sequence, np.ndarray)) or len(pair) != 2:
            kind = type(pair).__name__
            raise TypeError(f"{where}: weights[{k - 1}] (layer {k}) must be a (W, b) pair, got {kind}")
        pairs.append((pair[0], pair[1]))
    return pairs


def _network(weights: Any, activations: Any) -> Net:
    """Check the network's structure and values; its weights as finite float64 arrays.

    TypeError for a non-list of pairs or a non-string activation; ValueError
    for empty weights, mismatched lengths or shapes, unknown activations and
    non-numeric or non-finite entries (named by layer and index).
    """
    pairs = _pairs(weights, "reference")
    if isinstance(activations, (str, bytes)) or not isinstance(activations, Sequence):
        raise TypeError(
            f"reference: activations must be a list of names, one per layer, got "
            f"{type(activations).__name__}: {describe(activations):.60}"
        )
    if len(pairs) != len(activations):
        raise ValueError(
            f"reference: {len(pairs)} (W, b) pairs but {len(activations)} activations; expected one per layer"
        )
    net: Net = []
    for k, ((W, b), act) in enumerate(zip(pairs, activations), start=1):
        if not isinstance(act, str):
            raise TypeError(f"reference: layer {k} activation must be a name (str), got {type(act).__name__}")
        if act not in ACTIVATIONS:
            raise ValueError(
                f"reference: layer {k} activation {describe(act)} unknown; "
                f"expected one of {list(ACTIVATIONS)}"
            )
        W, b = reals(W, f"reference: layer {k} W"), reals(b, f"reference: layer {k} b")
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(
                f"reference: layer {k} has W of shape {W.shape} and b of shape {b.shape}; "
                "expected W (nout, nin) and b (nout,)"
            )
        if net and W.shape[1] != net[-1][0].shape[0]:
            raise ValueError(
                f"reference: layer {k} W has {W.shape[1]} inputs but layer {k - 1} has "
                f"{net[-1][0].shape[0]} outputs"
            )
        net.append((W, b))
    return net


def _as_batch(X: Any, nin: int) -> np.ndarray:
    X = reals(X, "reference: X")
    if X.ndim == 1 and nin == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != nin:
        raise ValueError(f"reference: X has shape {X.shape}; expected (n, {nin})")
    return X


def _finite(values: np.ndarray, what: str) -> np.ndarray:
    """``values``, or ValueError when an entry overflowed to inf (or became NaN)."""
    if not np.isfinite(values).all():
        bad = float(values[~np.isfinite(values)][0])
        raise ValueError(
            f"reference: {what} is not finite ({bad!r}): the weights or inputs are too large for floats"
        )
    return values


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

    Raises:
        TypeError: weights not a list of ``(W, b)`` pairs or an activation not a
            string.
        ValueError: mismatched lengths or shapes, an unknown activation, a
            string, bool, NaN, infinity, int beyond floats or other non-number
            in ``W``, ``b`` or ``X``, or a layer whose values overflow.
    """
    net = _network(weights, activations)
    return _forward(net, activations, _as_batch(X, net[0][0].shape[1]))


def _forward(
    net: Net, activations: Sequence[str], X: np.ndarray
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    os, as_ = [X], [X]
    for k, ((W, b), act) in enumerate(zip(net, activations), start=1):
        with np.errstate(over="ignore", invalid="ignore"):
            o = _finite(as_[-1] @ W.T + b, f"layer {k}'s o")
            a = _finite(ACTIVATIONS[act][0](o), f"layer {k}'s activation")
        os.append(o)
        as_.append(a)
    return os, as_


def _as_targets(Y: Any, out: np.ndarray) -> np.ndarray:
    Y = reals(Y, "reference: Y")
    n, m = out.shape
    if Y.shape != (n, m) and not (m == 1 and Y.shape == (n,)):
        also = f" or ({n},)" if m == 1 else ""
        raise ValueError(f"reference: Y has shape {Y.shape}; expected ({n}, {m}){also}")
    return Y.reshape(n, m)


def _loss_fns(name: str) -> tuple[Callable[..., float], Callable[..., np.ndarray]]:
    if not isinstance(name, str):
        raise TypeError(f"reference: loss must be a name (str), got {type(name).__name__}")
    if name not in LOSSES:
        raise ValueError(f"reference: loss {describe(name)} unknown; expected one of {list(LOSSES)}")
    return LOSSES[name]


def _residuals(
    weights: Weights, activations: Sequence[str], X: Any, Y: Any
) -> tuple[Net, list[np.ndarray], list[np.ndarray], np.ndarray]:
    """``(net, o, a, r)`` with the residuals ``r = a^(L) - Y``; every input checked first."""
    net = _network(weights, activations)
    X = _as_batch(X, net[0][0].shape[1])
    if len(X) == 0:
        raise ValueError("reference: X has no rows; the loss of an empty batch is undefined")
    o, a = _forward(net, activations, X)
    Y = _as_targets(Y, a[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        r = _finite(a[-1] - Y, "the residual a - Y")
    return net, o, a, r


def _value(fn: Callable[[np.ndarray], float], r: np.ndarray) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        E = fn(r)
    if not np.isfinite(E):
        raise ValueError(f"reference: the loss is not finite ({E!r}): the residuals are too large for floats")
    return E


def loss(weights: Weights, activations: Sequence[str], X: Any, Y: Any, loss: str = "half_mse") -> float:
    """The loss ``E`` of the network on the batch ``(X, Y)`` (``Y``: ``(n, m)``, or ``(n,)`` when m = 1).

    Raises as :func:`forward` does, and for ``Y`` likewise (a wrong shape, a
    non-number, NaN or an int beyond floats); ValueError for an unknown loss,
    an empty batch or a loss that overflows.
    """
    value, _ = _loss_fns(loss)
    *_, r = _residuals(weights, activations, X, Y)
    return _value(value, r)


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

    Raises as :func:`loss` does, and ValueError when a gradient overflows.
    """
    value, dE_da = _loss_fns(loss)
    net, o, a, r = _residuals(weights, activations, X, Y)
    E = _value(value, r)
    n, m = r.shape
    L = len(net)
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    with np.errstate(over="ignore", invalid="ignore"):
        delta = dE_da(r, n, m) * ACTIVATIONS[activations[-1]][1](o[L], a[L])  # (n, m): one row per sample
        for k in range(L, 0, -1):
            where = f"the gradient of layer {k}"
            grads.append(
                (_finite(delta.T @ a[k - 1], f"{where}'s W"), _finite(delta.sum(axis=0), f"{where}'s b"))
            )
            if k > 1:
                delta = ACTIVATIONS[activations[k - 2]][1](o[k - 1], a[k - 1]) * (delta @ net[k - 1][0])
    grads.reverse()
    return E, grads


def _layer_activation(layer: Any, k: int) -> str:
    name = getattr(layer, "activation", None)
    name = getattr(name, "__name__", name)  # a function, or its name
    if name not in ACTIVATIONS:
        raise ValueError(f"reference: layer {k} activation {name!r} is not one of {list(ACTIVATIONS)}")
    return str(name)


def _layers(model: Any, where: str) -> list[Any]:
    """The model's layers; TypeError naming ``where`` unless it is an MLP (``.layers`` of Layers)."""
    layers = getattr(model, "layers", None)
    if (
        not isinstance(layers, (list, tuple))
        or not layers
        or not all(callable(getattr(layer, "weights", None)) for layer in layers)
    ):
        raise TypeError(
            f"{where}: model must be an MLP (a model with .layers of Layers), got "
            f"{type(model).__name__}: {describe(model):.60}"
        )
    return list(layers)


def _read(model: Any, where: str) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[str]]:
    weights, activations = [], []
    for k, layer in enumerate(_layers(model, where), start=1):
        W, b = layer.weights()
        weights.append((np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)))
        activations.append(_layer_activation(layer, k))
    return weights, activations


def from_model(model: Any) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[str]]:
    """``(weights, activations)`` of an ``MLP``, read through ``layer.weights()`` (copies).

    TypeError when ``model`` is not an MLP-like model.
    """
    return _read(model, "reference.from_model")


def to_model(model: Any, weights: Weights) -> None:
    """Write ``weights`` (one ``(W, b)`` per layer) into an ``MLP`` through ``layer.set_weights``.

    TypeError when ``model`` is not an MLP or ``weights`` not a list of
    ``(W, b)`` pairs; ValueError for a wrong number of pairs, and whatever
    ``set_weights`` raises for a pair (a wrong shape, a non-finite entry).
    When it raises, the model is left as it was.
    """
    where = "reference.to_model"
    layers = _layers(model, where)
    pairs = _pairs(weights, where)
    if len(pairs) != len(layers):
        raise ValueError(f"{where}: {len(pairs)} (W, b) pairs for a model with {len(layers)} layers")
    before = [layer.weights() for layer in layers]
    try:
        for layer, (W, b) in zip(layers, pairs):
            layer.set_weights(W, b)
    except BaseException:
        for layer, (W, b) in zip(layers, before):
            layer.set_weights(W, b)  # the layers written before the bad pair
        raise


def predict(model: Any, X: Any) -> np.ndarray:
    """The model's outputs on every row of ``X``: shape ``(n,)`` for one output, ``(n, m)`` otherwise.

    TypeError when ``model`` is not an MLP; otherwise raises as :func:`forward` does.
    """
    weights, activations = _read(model, "reference.predict")
    _, a = forward(weights, activations, X)
    out = a[-1]
    return out[:, 0] if out.shape[1] == 1 else out
