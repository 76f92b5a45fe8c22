"""``nets.fit(..., engine="tape")``: the model's graph recorded once and replayed over each batch in numpy.

The engine builds the model's graph for one sample, on input leaves ``X1..Xn``,
and records it with ``autograd.trace`` (a :class:`autograd.tape.Tape`: its
parameters are the model's, read from ``.data`` at each replay). Each step:

- the tape's forward pass gives the batch's outputs ``P`` (one column per
  output);
- the loss and ``dL/dP`` are computed in numpy (:mod:`nets.array_losses`), so
  each sample takes its own branch of the loss (hinge's margin, bce's label,
  cross_entropy's class) — a trace would have frozen the branches of the
  sample it was recorded on;
- the tape's backward pass, seeded with ``dL/dP``, gives each parameter's
  gradient summed over the batch; the L2 term adds ``2 l2 phi``;
- the gradients are written to the parameters' ``.grad`` (as the scalar
  engine's ``zero_grad()`` and ``backward()`` leave them) and the optimizer
  steps, on the Values.

The model is any model ``fit`` takes: a forward pass that branches on values
would be frozen in the trace, so :meth:`TapeEngine.check` runs the model itself
on a few samples with the scalar engine and refuses the tape if they differ.
This module provides :class:`TapeEngine`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import autograd
from autograd.tape import TapeMismatchError

from . import array_losses

__all__ = ["TapeEngine"]


class TapeEngine:
    """One ``fit`` run's tape of ``model``: :meth:`step` trains on one batch.

    Args:
        model: the model (``nin``, ``parameters()``, ``model(row)``).
        loss: the loss function (from :mod:`nets.losses`, or any ``loss(preds, targets)``).
        l2: the L2 coefficient.
        optimizer: the optimizer (it steps on the parameter Values).
    """

    name = "tape"

    def __init__(self, model: Any, loss: Callable[..., Any], l2: float, optimizer: Any) -> None:
        self.model = model
        self.loss = loss
        self.l2 = float(l2)
        self.optimizer = optimizer
        self.params = model.parameters()
        xs = [autograd.Value(0.0, f"X{i}") for i in range(1, int(model.nin) + 1)]
        out = model(xs)
        self.several = not isinstance(out, autograd.Value)
        self.tape = autograd.trace(list(out) if self.several else out, xs)
        self.m = len(self.tape.roots)
        where = {p: i for i, p in enumerate(self.params)}
        # tape parameter j is model parameter index[j]; tape leaves that are not the model's accumulate
        self.index = np.array([where.get(p, -1) for p in self.tape.params], dtype=np.intp)
        self.mine = self.index >= 0
        self.others = [p for p, i in zip(self.tape.params, self.index.tolist()) if i < 0]
        held = getattr(optimizer, "params", None)
        mine = set(self.params)
        # an optimizer holding Values of another model needs their grads zeroed, as the scalar step does
        self.zero_optimizer = not (isinstance(held, (list, tuple)) and all(p in mine for p in held))

    def check(self, X: np.ndarray) -> None:
        """Compare the tape with the model run by the scalar engine on three samples of ``X``.

        Raises:
            ValueError: they differ (the model's forward pass branches on values, say);
                train with engine='scalar'.
        """
        try:
            self.tape.check(*np.asarray(X, dtype=np.float64).T, fn=lambda *xs: self.model(list(xs)))
        except TapeMismatchError as e:
            raise ValueError(
                f"fit(engine='tape'): the model's recorded graph does not match the model on the data, so "
                f"a replay would train a different model ({e}). Use engine='scalar'."
            ) from None

    def step(self, X: np.ndarray, targets: np.ndarray) -> tuple[float, np.ndarray]:
        """One optimizer step on the batch ``X``; returns the objective before the step and the outputs."""
        cols = np.ascontiguousarray(X.T)
        P, pullback = self.tape.vjp(*cols, input_grads=False)
        P2 = P if self.several else P.reshape(-1, 1)
        value, dP = array_losses.loss_and_grad(self.loss, P2, targets)
        _, gp = pullback(dP if self.several else dP[:, 0], accumulate=False)
        g = np.zeros(len(self.params))
        g[self.index[self.mine]] = gp[self.mine]  # (each parameter once on the tape)
        if self.l2:
            phi = np.array([p.data for p in self.params], dtype=np.float64)
            value += self.l2 * float(phi.dot(phi))
            g += (2.0 * self.l2) * phi
        if self.zero_optimizer:
            self.optimizer.zero_grad()
        for p, gi in zip(self.params, g.tolist()):
            p.grad = gi
        for p, gi in zip(self.others, gp[~self.mine].tolist()):
            p.grad += gi
        self.optimizer.step()
        return value, P

    def sync(self) -> None:
        """Nothing to write back: the tape reads and the optimizer writes the parameter Values."""
