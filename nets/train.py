"""Training loop and evaluation helpers for ``MLP`` models on numpy data.

Provides ``fit`` (full-batch, mini-batch or single-sample gradient descent
with seeded shuffling, an optional L2 penalty, a tqdm progress bar and a clean
stop on Ctrl-C), the per-epoch record ``History``, ``predict`` and
``accuracy`` (through the scalar engine, under ``no_grad``) and
``decision_grid`` (model outputs on a 2-D grid, computed with the fast numpy
reference, for plotting decision boundaries).

Each step minimises the objective ``loss(preds, y_batch) + l2 * sum(phi_i^2)``
with ``preds`` one engine forward pass per sample of the batch.
"""

from __future__ import annotations

import math
import numbers
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import autograd

from . import losses, reference
from .optim import SGD

__all__ = ["History", "fit", "predict", "accuracy", "decision_grid"]

#: losses whose targets are class labels, so ``fit`` records an accuracy
CLASSIFICATION_LOSSES = (losses.bce, losses.bce_with_logits, losses.hinge, losses.cross_entropy)


@dataclass
class History:
    """What ``fit`` recorded, one entry per epoch.

    Attributes:
        loss: the objective (loss plus L2 term) averaged over the epoch's
            batches, weighted by batch size, each measured before its step.
        accuracy: fraction of the epoch's samples classified correctly by the
            predictions made for those steps (classification only; else empty).
        lr: the learning rate of the epoch's first step.
        seconds: wall-clock time of the epoch.
        steps: optimizer steps taken in all.
        interrupted: True when Ctrl-C stopped training early (the last epoch
            may then be partial).
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    steps: int = 0
    interrupted: bool = False

    def __len__(self) -> int:
        return len(self.loss)


def _as_inputs(model: Any, X: Any, who: str) -> np.ndarray:
    nin = int(model.nin)
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{who}: X must be an array of numbers of shape (n, {nin}): {e}") from None
    if X.ndim == 1 and nin == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != nin or X.shape[0] == 0:
        raise ValueError(
            f"{who}: X has shape {X.shape}; expected (n, {nin}) with n >= 1 (the model has {nin} inputs)"
        )
    if not np.isfinite(X).all():
        raise ValueError(f"{who}: X must be finite, found {X[~np.isfinite(X)][0]!r}")
    return X


def _as_targets(y: Any, n: int, who: str) -> np.ndarray:
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != n:
        found = "a single number" if y.ndim == 0 else f"{y.shape[0]} targets"
        raise ValueError(f"{who}: X has {n} samples but y has {found}; expected one target per sample")
    return y


def _decide(outputs: np.ndarray, output_activation: str) -> np.ndarray:
    """Class labels from outputs: argmax for several; for one, > 0.5 after a sigmoid, else > 0."""
    if outputs.ndim == 2:
        return np.argmax(outputs, axis=1)
    threshold = 0.5 if output_activation == "sigmoid" else 0.0
    return (outputs > threshold).astype(np.int64)


def _labels(y: np.ndarray, outputs: np.ndarray) -> np.ndarray:
    """Class labels from targets: (n,) or (n, 1) as they are; one-hot / score rows (n, m) by argmax."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        return y.reshape(len(y))
    if y.ndim == 2 and outputs.ndim == 2 and y.shape[1] == outputs.shape[1]:
        return np.argmax(y, axis=1)
    if y.ndim != 1:
        m = 1 if outputs.ndim == 1 else outputs.shape[1]
        raise ValueError(
            f"accuracy: targets of shape {y.shape} don't fit {m} output(s); expected ({len(y)},) class labels"
            + (f" or ({len(y)}, {m}) one-hot rows" if m > 1 else "")
        )
    return y


def _correct(outputs: np.ndarray, y: np.ndarray, output_activation: str) -> int:
    return int(np.sum(_decide(outputs, output_activation) == _labels(y, outputs)))


def _outputs(preds: list[Any]) -> np.ndarray:
    """Engine predictions (a Value or a list of Values per sample) as numpy (n,) or (n, m)."""
    if isinstance(preds[0], autograd.Value):
        return np.array([p.data for p in preds], dtype=np.float64)
    return np.array([[v.data for v in p] for p in preds], dtype=np.float64)


def predict(model: Any, X: Any) -> np.ndarray:
    """The model's outputs on every row of ``X`` (shape ``(n, nin)``): the scalar engine under ``no_grad``.

    Returns a float array of shape ``(n,)`` for one output, ``(n, m)`` for m outputs.
    """
    X = _as_inputs(model, X, "predict")
    with autograd.no_grad():
        return _outputs([model(row) for row in X.tolist()])


def accuracy(model: Any, X: Any, y: Any) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``.

    Several outputs: the class is the argmax. One output: class 1 when the
    output is > 0.5 after a sigmoid output activation, else when it is > 0.
    """
    X = _as_inputs(model, X, "accuracy")
    y = _as_targets(y, len(X), "accuracy")
    return _correct(predict(model, X), y, model.layers[-1].activation) / len(X)


def decision_grid(
    model: Any, xlim: tuple[float, float], ylim: tuple[float, float], steps: int = 100
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Model outputs on a ``steps x steps`` grid over ``xlim x ylim``, for plotting 2-D decision boundaries.

    Returns ``(xx, yy, zz)`` as from ``np.meshgrid``; ``zz`` has shape
    ``(steps, steps)`` for one output (the boundary is the level 0, or 0.5
    after a sigmoid) and ``(steps, steps, m)`` for m outputs (classes:
    ``zz.argmax(-1)``). Computed with ``nets.reference`` (numpy), so large
    grids are fast. E.g. ``plt.contourf(xx, yy, zz > 0)``.
    """
    if int(model.nin) != 2:
        raise ValueError(f"decision_grid: needs a model with 2 inputs, this one has {model.nin}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 2:
        raise ValueError(f"decision_grid: steps must be an int >= 2, got {steps!r}")
    axes = []
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        try:
            lo, hi = (float(v) for v in lim)
        except (TypeError, ValueError):
            raise ValueError(f"decision_grid: {name} must be a pair (lo, hi), got {lim!r}") from None
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            raise ValueError(f"decision_grid: {name} must be finite with lo < hi, got {lim!r}")
        axes.append(np.linspace(lo, hi, int(steps)))
    xx, yy = np.meshgrid(*axes)
    out = reference.predict(model, np.column_stack([xx.ravel(), yy.ravel()]))
    return xx, yy, out.reshape(xx.shape + out.shape[1:])


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return bool(progress)
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if type(shell).__name__ == "ZMQInteractiveShell":  # a Jupyter notebook
        return True
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def _progress_bar(show: bool, epochs: int) -> Any:
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=epochs, unit="epoch", desc="fit")


class _StopOnCtrlC:
    """While active (main thread only), the first Ctrl-C sets ``requested``; a second one interrupts."""

    def __init__(self) -> None:
        self.requested = False
        self._installed = False
        self._previous: Any = None

    def _handler(self, signum: int, frame: Any) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __enter__(self) -> _StopOnCtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
            self._installed = True
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def _current_lr(optimizer: Any) -> float:
    if hasattr(optimizer, "current_lr"):
        return float(optimizer.current_lr())
    lr = getattr(optimizer, "lr", math.nan)
    return float(lr(getattr(optimizer, "steps", 0)) if callable(lr) else lr)


def fit(
    model: Any,
    X: Any,
    y: Any,
    *,
    loss: Callable[[Any, Any], autograd.Value] = losses.mse,
    optimizer: Any = None,
    epochs: int = 100,
    batch_size: int | None = None,
    l2: float = 0.0,
    seed: Any = None,
    progress: bool | None = None,
    callbacks: Iterable[Callable[[int, History], Any]] = (),
) -> History:
    """Train ``model`` on ``(X, y)`` by gradient descent.

    Args:
        model: an ``MLP`` (anything with ``nin``, ``layers``, ``parameters()``,
            ``zero_grad()`` and ``model(row)``).
        X: inputs, shape ``(n, nin)``. y: targets, one per row, in the form
            ``loss`` expects (``(n,)`` or ``(n, m)``).
        loss: ``loss(preds, targets) -> Value``, e.g. ``nets.losses.hinge``.
        optimizer: e.g. ``nets.optim.SGD(model.parameters(), lr=0.1)`` (the
            default); ``lr`` may be a schedule ``lr(step)``.
        epochs: passes over the data.
        batch_size: None for full batch (one step per epoch), k for
            mini-batches of k samples in a fresh seeded shuffle each epoch,
            1 for single-sample SGD.
        l2: lambda >= 0; adds ``l2 * sum(phi_i^2)`` to each batch's objective.
        seed: seeds the shuffling.
        progress: None shows a tqdm bar only on a terminal or in a notebook;
            True or False force it on or off.
        callbacks: each called as ``cb(epoch, history)`` after every epoch;
            one returning True stops training.

    Returns:
        The ``History``. Ctrl-C stops after the current step and returns the
        history so far (``interrupted=True``); a second Ctrl-C interrupts at once.
    """
    X = _as_inputs(model, X, "fit")
    y = _as_targets(y, len(X), "fit")
    n = len(X)
    if not callable(loss):
        raise ValueError(f"fit: loss must be a function loss(preds, targets), got {type(loss).__name__}")
    if isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
        raise ValueError(f"fit: epochs must be an int >= 0, got {epochs!r}")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral) or batch_size < 1
    ):
        raise ValueError(f"fit: batch_size must be None (full batch) or an int >= 1, got {batch_size!r}")
    if isinstance(l2, bool) or not isinstance(l2, numbers.Real) or not 0.0 <= l2 < math.inf:
        raise ValueError(f"fit: l2 must be a finite number >= 0, got {l2!r}")
    callbacks = list(callbacks)
    for cb in callbacks:
        if not callable(cb):
            raise ValueError(f"fit: callbacks must be functions cb(epoch, history), got {cb!r}")
    params = model.parameters()
    if optimizer is None:
        optimizer = SGD(params, lr=0.1)
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise ValueError(f"fit: optimizer must have step() and zero_grad(), got {type(optimizer).__name__}")

    size = n if batch_size is None else min(int(batch_size), n)
    classify = loss in CLASSIFICATION_LOSSES or np.issubdtype(y.dtype, np.integer) or y.dtype == bool
    output_activation = model.layers[-1].activation
    rng = np.random.default_rng(seed)
    history = History()
    bar = _progress_bar(_show_progress(progress), int(epochs))
    try:
        with _StopOnCtrlC() as ctrl_c:
            for epoch in range(int(epochs)):
                start = time.perf_counter()
                order = np.arange(n) if batch_size is None else rng.permutation(n)
                lr, total, correct, seen = _current_lr(optimizer), 0.0, 0, 0
                for first in range(0, n, size):
                    idx = order[first : first + size]
                    preds = [model(row) for row in X[idx].tolist()]
                    objective = loss(preds, y[idx])
                    if l2:
                        objective = objective + l2 * losses.l2(params)
                    model.zero_grad()
                    optimizer.zero_grad()
                    objective.backward()
                    optimizer.step()
                    history.steps += 1
                    total += objective.data * len(idx)
                    seen += len(idx)
                    if classify:
                        correct += _correct(_outputs(preds), y[idx], output_activation)
                    if ctrl_c.requested:
                        break
                history.loss.append(total / seen)
                if classify:
                    history.accuracy.append(correct / seen)
                history.lr.append(lr)
                history.seconds.append(time.perf_counter() - start)
                if bar is not None:
                    shown = {"loss": f"{history.loss[-1]:.4g}"}
                    if classify:
                        shown["acc"] = f"{history.accuracy[-1]:.3f}"
                    bar.set_postfix(shown, refresh=False)
                    bar.update(1)
                if ctrl_c.requested:
                    history.interrupted = True
                    break
                if any([cb(epoch, history) is True for cb in callbacks]):
                    break
    finally:
        if bar is not None:
            bar.close()
    return history
