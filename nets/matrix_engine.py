"""``nets.fit(..., engine="matrix")``: article 1's matrix form over the batch, the weights held in arrays.

For an :class:`~nets.model.MLP`, one step over a batch ``X`` (rows are samples) is

- forward: ``a^(0) = X``, ``o^(k) = a^(k-1) W^(k)^T + b^(k)``, ``a^(k) = sigma_k(o^(k))``;
- the loss and ``dL/da^(L)`` from :mod:`nets.array_losses` (every loss of
  :mod:`nets.losses`; any other loss through the scalar engine on the outputs);
- deltas backward: ``delta^(L) = dL/da^(L) * sigma_L'(o^(L))``,
  ``delta^(k-1) = (delta^(k) W^(k)) * sigma_(k-1)'(o^(k-1))``, and
  ``dL/dW^(k) = delta^(k)^T a^(k-1)``, ``dL/db^(k) = sum over the batch of delta^(k)``;
- the L2 term ``l2 * sum(phi^2)`` (gradient ``2 l2 phi``) and the optimizer's
  update, both on the whole parameter vector phi at once.

The parameters live in one array ``phi`` in the model's phi order (article 2),
each layer's ``W`` and ``b`` views into it, and likewise their gradients. The
engine writes them back into the model's parameter Values (``.data``, and
``.grad`` as of the last step) whenever user code can see them: ``fit`` calls
:meth:`MatrixEngine.sync` before each callback, at the end, on Ctrl-C and on
an error, and reads them back after each callback (which may change them).
The optimizer's state (momentum, running averages) and step count
advance as its own ``step()`` would advance them, so a model trained here can
go on training with the scalar engine.

This is its own code: ``nets.reference`` (the numpy oracle of the tests) shares
none of it. This module provides :class:`MatrixEngine` and :func:`is_mlp`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

import autograd
from autograd.core import is_anomaly_enabled

from . import array_losses
from .model import MLP, Layer
from .optim import Optimizer

__all__ = ["MatrixEngine", "is_mlp"]


def _sigmoid(o: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(o))  # <= 1: never overflows
    return np.where(o >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))


# activation -> (sigma(o), sigma'(o) from o and a = sigma(o); None for 1)
_ACT: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, np.ndarray], Any]]] = {
    "linear": (lambda o: o, lambda o, a: None),
    "relu": (lambda o: np.maximum(o, 0.0), lambda o, a: o > 0.0),
    "tanh": (np.tanh, lambda o, a: 1.0 - a * a),
    "sigmoid": (_sigmoid, lambda o, a: a * (1.0 - a)),
}


def is_mlp(model: Any) -> str | None:
    """None if the matrix engine can train ``model``, else why not (for the error message)."""
    if not isinstance(model, MLP):
        return f"it is a {type(model).__name__}, not a nets.MLP"
    if type(model).__call__ is not MLP.__call__:
        return f"{type(model).__name__} overrides MLP.__call__, so its forward pass may not be sigma(W a + b)"
    for k, layer in enumerate(model.layers, 1):
        if type(layer) is not Layer or type(layer)._forward is not Layer._forward:
            return f"its layer {k} is a {type(layer).__name__}, not a nets.Layer"
        if layer.activation not in _ACT:
            return f"its layer {k} has activation {layer.activation!r}, which the matrix engine does not know"
    return None


class MatrixEngine:
    """One ``fit`` run's matrix form of an MLP: weights in arrays, one step per :meth:`step` call.

    Args:
        model: the MLP (see :func:`is_mlp`).
        loss: the loss function (from :mod:`nets.losses`, or any ``loss(preds, targets)``).
        l2: the L2 coefficient.
        optimizer: the optimizer; a :class:`nets.optim.Optimizer` whose parameters
            are the model's is stepped on the arrays, any other through the Values.
    """

    name = "matrix"

    def __init__(self, model: MLP, loss: Callable[..., Any], l2: float, optimizer: Any) -> None:
        why = is_mlp(model)
        if why is not None:
            raise ValueError(
                f"fit(engine='matrix') trains a nets.MLP only (layers computing sigma(W a + b)), and this "
                f"model cannot be one: {why}. Use engine='scalar' (any model) or engine='tape'."
            )
        self.model = model
        self.loss = loss
        self.l2 = float(l2)
        self.optimizer = optimizer
        self.params = model.parameters()
        self.phi = np.array([p.data for p in self.params], dtype=np.float64)
        self.grad = np.zeros_like(self.phi)
        self.layers: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]] = []
        off = 0
        for layer in model.layers:
            size = layer.nout * (layer.nin + 1)  # phi order: each neuron's weights, then its bias
            block = self.phi[off : off + size].reshape(layer.nout, layer.nin + 1)
            gblock = self.grad[off : off + size].reshape(layer.nout, layer.nin + 1)
            self.layers.append((block[:, :-1], block[:, -1], gblock[:, :-1], gblock[:, -1], layer.activation))
            off += size
        # the optimizer steps on the arrays when it is one of nets.optim's over the model's own parameters
        self.index: np.ndarray | None = None
        if isinstance(optimizer, Optimizer):
            where = {p: i for i, p in enumerate(self.params)}
            if all(p in where for p in optimizer.params):
                self.index = np.array([where[p] for p in optimizer.params], dtype=np.intp)
                if np.array_equal(self.index, np.arange(len(self.params))):
                    self.index = None
                    self._whole = True
                else:
                    self._whole = False
            else:
                self._whole = None  # holds Values of another model too: step through the Values
        else:
            self._whole = None
        self._stale = False  # True while phi or grad hold values not yet written to the Values

    # -- one step ----------------------------------------------------------------------------------
    def forward(self, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """``(o, a)`` per layer for the batch ``X`` (``a[0] = X``)."""
        os, as_ = [X], [X]
        a = X
        for W, b, _, _, act in self.layers:
            o = a @ W.T + b
            a = _ACT[act][0](o)
            os.append(o)
            as_.append(a)
        return os, as_

    def step(self, X: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
        """One optimizer step on the batch; returns the objective before the step and the outputs.

        Raises DomainError when the objective is not finite, naming the first
        layer whose ``o`` or ``a`` is not (as the scalar engine names the op
        that overflows; an ``o`` that overflows into a saturating tanh or
        sigmoid gives that activation's limit here), and, inside
        :func:`autograd.detect_anomaly`, AnomalyError naming the first parameter
        whose gradient is not finite (its gradients then stay as they were).
        Outside anomaly mode a non-finite gradient reaches the optimizer, which
        refuses it naming the parameter. Nothing is updated when either raises.
        """
        anomaly = is_anomaly_enabled()
        with np.errstate(all="ignore"):  # every non-finite result is reported below, by name
            os, as_ = self.forward(X)
            out = as_[-1]
            value, delta = array_losses.loss_and_grad(self.loss, out, targets)
            if not math.isfinite(value):  # a NaN or inf in a layer reaches the loss (tanh(inf) is 1)
                self._require_finite_forward(os, as_)
            before = self.grad.copy() if anomaly else None
            L = len(self.layers)
            for k in range(L, 0, -1):
                W, _, dW, db, act = self.layers[k - 1]
                d = _ACT[act][1](os[k], as_[k])
                if d is not None:
                    delta = delta * d
                dW[...] = delta.T @ as_[k - 1]
                db[...] = delta.sum(axis=0)
                if k > 1:
                    delta = delta @ W
            if self.l2:
                value += self.l2 * float(self.phi.dot(self.phi))
                self.grad += (2.0 * self.l2) * self.phi
        if not math.isfinite(value):
            raise autograd.DomainError(
                f"matrix engine: the objective is {value!r} (not finite); the loss or the l2 term overflows "
                "(engine='scalar' names the op)"
            )
        if before is not None and not np.isfinite(self.grad).all():
            i = int(np.flatnonzero(~np.isfinite(self.grad))[0])
            bad = float(self.grad[i])
            self.grad[...] = before
            label = self.params[i].label or f"phi{i}"
            raise autograd.AnomalyError(
                f"matrix engine backward: the gradient of {label} (phi{i}) became {bad!r} (not finite); "
                "no .grad was changed (engine='scalar' names the op and the path)"
            )
        self._stale = True
        self._optimizer_step()
        return value, out[:, 0] if out.shape[1] == 1 else out

    def _require_finite_forward(self, os: list[np.ndarray], as_: list[np.ndarray]) -> None:
        """DomainError for the first layer whose ``o`` or ``a`` holds a value that is not finite, if any."""
        for k in range(1, len(os)):
            for name, arr in (("o", os[k]), ("a", as_[k])):
                if not np.isfinite(arr).all():
                    sample = int(np.flatnonzero(~np.isfinite(arr).all(axis=1))[0])
                    raise autograd.DomainError(
                        f"matrix engine: layer {k}'s {name} is not finite for sample {sample}; "
                        "the weights or inputs are too large for floats (engine='scalar' names the op)"
                    )

    def _optimizer_step(self) -> None:
        opt = self.optimizer
        if self._whole is None:  # any optimizer: through the Values
            opt.zero_grad()  # (its Values of another model, too, as fit's scalar step does)
            self.sync()
            opt.step()
            self.phi[...] = [p.data for p in self.params]
            return
        idx = self.index  # the optimizer's parameters' places in phi (None: all, in order)
        if idx is None:
            self.phi[...] = opt._apply(self.phi, self.grad)
        else:
            self.phi[idx] = opt._apply(self.phi[idx], self.grad[idx])

    def sync(self) -> None:
        """Write the weights (and the last step's gradients) into the model's parameter Values."""
        if not self._stale:
            return
        for p, x, g in zip(self.params, self.phi.tolist(), self.grad.tolist()):
            p.data = x
            p.grad = g
        self._stale = False

    def resume(self) -> None:
        """Read the weights back from the parameter Values (user code, a callback, may have changed them)."""
        self.phi[...] = [p.data for p in self.params]
