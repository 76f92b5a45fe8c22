"""Gradient-descent optimizers over any list of Values, with torch.optim's formulas and defaults.

This module provides :class:`SGD` (with momentum, Nesterov and weight decay),
:class:`RMSprop` and :class:`Adam`, and their base :class:`Optimizer`.

Each optimizer reads every parameter's ``grad`` and writes its ``data``;
``step()`` does one update, ``zero_grad()`` clears the grads. ``lr`` is a
float or a callable ``lr(t)`` called with t = 0, 1, 2, ... (the number of
steps already taken). Below, for one parameter phi with gradient g, at step
t = 1, 2, ...:

- SGD: phi <- phi - lr * g (article 2's update), with the options below.
- RMSprop: phi <- phi - lr * g / (sqrt(v) + eps), v a running mean of g^2.
- Adam: phi <- phi - lr * m_hat / (sqrt(v_hat) + eps).

A step is atomic: if any new value would not be finite (the run diverged) or
a grad is not finite, ValueError is raised and nothing changes.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd import Value
from autograd.core import describe, flag

from .model import as_parameters

__all__ = ["SGD", "Adam", "Optimizer", "RMSprop"]

LearningRate = float | Callable[[int], float]


def _nonneg(x: Any, what: str, below: float = math.inf) -> float:
    """``x`` as a Python float, refused unless a real number with 0 <= x < below."""
    bound = "" if below == math.inf else f" and < {below}"
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"invalid {what}: {x!r} is a {type(x).__name__} (expected a number >= 0{bound})")
    try:
        f = float(x)
    except OverflowError:  # an int beyond 2**1024
        raise ValueError(f"invalid {what}: {describe(x)} is too large to be a float") from None
    if not 0.0 <= f < below:
        raise ValueError(f"invalid {what}: {x!r} (expected a finite number >= 0{bound})")
    return f


class Optimizer:
    """Holds the parameters, the learning rate and the step count; subclasses give the update.

    Args:
        params: any iterable of Values (e.g. ``model.parameters()``), each once.
        lr: the learning rate, a number >= 0 or a callable ``lr(t)``.
        weight_decay: lambda >= 0; the update uses g + lambda phi in place of g.

    Raises:
        TypeError: ``params`` is a model (pass ``model.parameters()``) or not an
            iterable; ``lr`` or another option is not a number (a bool is not one).
        ValueError: ``params`` is one Value, empty, holds a non-Value or a Value
            twice; an option out of range, NaN or an int beyond floats.

    The base class has no update rule: use :class:`SGD`, :class:`RMSprop` or
    :class:`Adam`, or subclass it and define ``_update``.
    """

    def __init__(self, params: Iterable[Value], lr: LearningRate, weight_decay: float = 0.0) -> None:
        name = type(self).__name__
        self.params = as_parameters(params, name)
        seen: set[int] = set()
        for i, p in enumerate(self.params):
            if id(p) in seen:
                raise ValueError(f"{name}: params[{i}] ({p.label or 'unlabelled'}) appears twice")
            seen.add(id(p))
        if not callable(lr):
            lr = _nonneg(lr, "learning rate")
        self.lr = lr
        self.weight_decay = _nonneg(weight_decay, "weight_decay")
        #: number of steps taken so far
        self.steps = 0
        #: per-parameter state arrays (momentum buffers, running averages)
        self.state: dict[str, np.ndarray] = {}

    def current_lr(self) -> float:
        """The learning rate the next ``step()`` will use (``lr(steps)`` when lr is callable)."""
        if not callable(self.lr):
            return self.lr
        return _nonneg(self.lr(self.steps), f"learning rate lr({self.steps})")

    def zero_grad(self) -> None:
        """Set every parameter's grad to 0.0."""
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        """One update of every parameter from its current grad.

        Raises ValueError (a grad or a new value not finite) or TypeError (a grad
        not a number), and then nothing is updated; NotImplementedError on the base
        class, which has no update rule.
        """
        phi = np.array([p.data for p in self.params], dtype=np.float64)
        grads = [p.grad for p in self.params]
        if not all(type(g) is float for g in grads):  # the setter stores floats; a bad one is named
            grads = [self._grad_of(i, p) for i, p in enumerate(self.params)]
        new_phi = self._apply(phi, np.array(grads, dtype=np.float64))
        for p, x in zip(self.params, new_phi.tolist()):
            p.data = x

    def _apply(self, phi: np.ndarray, g: np.ndarray) -> np.ndarray:
        """One step from the parameters ``phi`` and their grads ``g`` (arrays in ``params`` order).

        Checks ``g``, the new values and the new state before anything is
        committed (ValueError naming the parameter, nothing changed), then
        advances ``state`` and ``steps`` and returns the new values; the caller
        writes them where the parameters live (the Values, or an engine's arrays).
        """
        lr = self.current_lr()
        self._require_finite(g, "grad")
        with np.errstate(over="ignore", invalid="ignore"):  # reported by _require_finite below
            if self.weight_decay:
                g = g + self.weight_decay * phi
            new_phi, new_state = self._update(phi, g, lr, self.steps + 1)
        self._require_finite(new_phi, "new value (the optimization diverged)")
        for name, arr in new_state.items():
            self._require_finite(arr, f"optimizer state {name!r}")
        self.state = new_state
        self.steps += 1
        return new_phi

    def _grad_of(self, i: int, p: Value) -> float:
        g = p.grad
        if isinstance(g, bool) or not isinstance(g, numbers.Real):
            raise TypeError(
                f"{type(self).__name__} step {self.steps + 1}: params[{i}] ({p.label or 'unlabelled'}) "
                f"grad is {describe(g)}, not a number; nothing was updated"
            )
        return float(g)

    def _require_finite(self, arr: np.ndarray, what: str) -> None:
        bad = np.flatnonzero(~np.isfinite(arr))
        if len(bad):
            i = int(bad[0])
            label = self.params[i].label or "unlabelled"
            raise ValueError(
                f"{type(self).__name__} step {self.steps + 1}: params[{i}] ({label}) {what} "
                f"is {float(arr[i])!r}; nothing was updated"
            )

    def _update(
        self, phi: np.ndarray, g: np.ndarray, lr: float, t: int
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Return the new parameters and state for step t (must not modify ``self``)."""
        name = type(self).__name__
        raise NotImplementedError(
            f"{name} has no update rule: use nets.SGD, nets.RMSprop or nets.Adam, "
            f"or subclass Optimizer and define _update(phi, g, lr, t)"
        )


class SGD(Optimizer):
    """Stochastic gradient descent (torch.optim.SGD, dampening 0).

    g <- g + weight_decay * phi;  with momentum mu > 0:
    b <- g at the first step, else b <- mu b + g; then g <- g + mu b
    (Nesterov) or g <- b. Finally phi <- phi - lr g.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: LearningRate,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = _nonneg(momentum, "momentum")
        self.nesterov = flag(nesterov, "SGD: nesterov")
        if self.nesterov and self.momentum == 0.0:
            raise ValueError("SGD: nesterov=True needs momentum > 0")

    def _update(
        self, phi: np.ndarray, g: np.ndarray, lr: float, t: int
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        state: dict[str, np.ndarray] = {}
        if self.momentum:
            buf = self.state.get("momentum_buffer")
            buf = g.copy() if buf is None else self.momentum * buf + g
            state["momentum_buffer"] = buf
            g = g + self.momentum * buf if self.nesterov else buf
        return phi - lr * g, state


class RMSprop(Optimizer):
    """RMSprop (torch.optim.RMSprop, not centered).

    g <- g + weight_decay * phi;  v <- alpha v + (1 - alpha) g^2 (v starts at 0);
    d = sqrt(v) + eps; with momentum mu > 0: b <- mu b + g / d (b starts at 0),
    phi <- phi - lr b; else phi <- phi - lr g / d.
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: LearningRate = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.alpha = _nonneg(alpha, "alpha", 1.0)
        self.eps = _nonneg(eps, "eps")
        self.momentum = _nonneg(momentum, "momentum")

    def _update(
        self, phi: np.ndarray, g: np.ndarray, lr: float, t: int
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        zeros = np.zeros_like(phi)
        v = self.alpha * self.state.get("square_avg", zeros) + (1.0 - self.alpha) * g * g
        d = np.sqrt(v) + self.eps
        state = {"square_avg": v}
        if self.momentum:
            buf = self.momentum * self.state.get("momentum_buffer", zeros) + g / d
            state["momentum_buffer"] = buf
            return phi - lr * buf, state
        return phi - lr * g / d, state


class Adam(Optimizer):
    """Adam (torch.optim.Adam, not amsgrad).

    g <- g + weight_decay * phi;  m <- beta1 m + (1 - beta1) g;
    v <- beta2 v + (1 - beta2) g^2 (m, v start at 0); at step t:
    phi <- phi - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
    """

    def __init__(
        self,
        params: Iterable[Value],
        lr: LearningRate = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_nonneg(betas[0], "beta1", 1.0), _nonneg(betas[1], "beta2", 1.0))
        self.eps = _nonneg(eps, "eps")

    def _update(
        self, phi: np.ndarray, g: np.ndarray, lr: float, t: int
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        beta1, beta2 = self.betas
        zeros = np.zeros_like(phi)
        m = beta1 * self.state.get("exp_avg", zeros) + (1.0 - beta1) * g
        v = beta2 * self.state.get("exp_avg_sq", zeros) + (1.0 - beta2) * g * g
        step_size = lr / (1.0 - beta1**t)
        denom = np.sqrt(v) / math.sqrt(1.0 - beta2**t) + self.eps
        return phi - step_size * m / denom, {"exp_avg": m, "exp_avg_sq": v}
