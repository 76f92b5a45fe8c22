"""Training loop and evaluation helpers for ``MLP`` models on numpy data.

Provides ``fit`` (full-batch, mini-batch or single-sample gradient descent
with seeded shuffling, an optional L2 penalty, a tqdm progress bar and a clean
stop on Ctrl-C), the per-epoch record ``History``, ``predict`` and
``accuracy`` (through the scalar engine, under ``no_grad``) and
``decision_grid`` (model outputs on a 2-D grid, computed with the fast numpy
reference, for plotting decision boundaries).

Each step minimises the objective ``loss(preds, y_batch) + l2 * sum(phi_i^2)``.
``fit`` has three engines that compute the same steps: ``"scalar"`` (the
default, :class:`ScalarEngine`: one scalar-engine forward pass per sample of
the batch, and one backward pass of the whole objective's graph),
``"tape"`` (:mod:`nets.tape_engine`: the model's graph recorded once, replayed
over the batch in numpy) and ``"matrix"`` (:mod:`nets.matrix_engine`: an MLP's
matrix form over the batch). The cyclic garbage collector is paused during each
scalar step (the graphs hold no cycles) and restored after it, whatever happens.
"""

from __future__ import annotations

import gc
import math
import numbers
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import autograd
from autograd.core import count, flag, real

from . import array_losses, losses, reference
from .matrix_engine import MatrixEngine
from .optim import SGD
from .tape_engine import TapeEngine

__all__ = ["ENGINES", "History", "ScalarEngine", "fit", "predict", "accuracy", "decision_grid"]

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
    if y.dtype == object or y.dtype.kind not in "biuf":
        raise ValueError(
            f"accuracy: y must hold class labels (numbers), got {y.dtype} values such as {y.flat[0]!r}"
        )
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        raise ValueError(f"accuracy: y must hold class labels, found {float(y[~np.isfinite(y)][0])!r}")
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
    steps = count(steps, "decision_grid: steps", minimum=2)
    axes = []
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        try:
            lo, hi = lim
        except (TypeError, ValueError):
            raise ValueError(f"decision_grid: {name} must be a pair (lo, hi), got {lim!r}") from None
        lo, hi = real(lo, f"decision_grid: {name}[0]"), real(hi, f"decision_grid: {name}[1]")
        if not lo < hi:
            raise ValueError(f"decision_grid: {name} must have lo < hi, got {lim!r}")
        if not math.isfinite(hi - lo):  # e.g. (-1e308, 1e308): the grid's spacing would overflow
            raise ValueError(
                f"decision_grid: {name} = {lim!r} is wider than floats can hold (hi - lo overflows); "
                "use a narrower range"
            )
        axes.append(np.linspace(lo, hi, steps))
    xx, yy = np.meshgrid(*axes)
    with np.errstate(over="ignore", invalid="ignore"):  # reported below
        out = reference.predict(model, np.column_stack([xx.ravel(), yy.ravel()]))
    if not np.isfinite(out).all():
        raise ValueError(
            f"decision_grid: the model's outputs overflow on this grid (xlim={xlim!r}, ylim={ylim!r}); "
            "use a range nearer the data"
        )
    return xx, yy, out.reshape(xx.shape + out.shape[1:])


def _where_shown() -> str:
    """Where a progress bar would be seen: "notebook", "terminal" or "file" (a pipe, a log, a test)."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if type(shell).__name__ == "ZMQInteractiveShell":  # a Jupyter kernel: a notebook, live or executed
        return "notebook"
    return "terminal" if getattr(sys.stderr, "isatty", lambda: False)() else "file"


def _postfix(shown: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in shown.items())


class _TerminalBar:
    """tqdm's bar on a terminal: redrawn in place, with timings."""

    def __init__(self, epochs: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=epochs, unit="epoch", desc="fit")

    def update(self, done: int, shown: dict[str, str]) -> None:
        self.bar.set_postfix(shown, refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self, done: int, interrupted: bool) -> None:
        self.bar.close()


class _NotebookBar:
    """In a notebook: one text output, updated in place (a display id), that ends in the bar's final state.

    Its format prints no timings or rates, so an executed notebook's saved output
    is the same on every run; updates are sent at most every 0.2 s, the last always.
    """

    FORMAT = "{l_bar}{bar}| {n_fmt}/{total_fmt} {unit}s{postfix}"

    def __init__(self, epochs: int) -> None:
        from IPython.display import display

        self.epochs = epochs
        self.last = 0.0
        self.shown: dict[str, str] = {}
        self.handle = display(self._bundle(0), raw=True, display_id=True)

    def _bundle(self, done: int, note: str = "") -> dict[str, str]:
        from tqdm import tqdm

        text = tqdm.format_meter(
            done,
            self.epochs,
            0.0,
            ncols=80,
            prefix="fit",
            unit="epoch",
            postfix=_postfix(self.shown) or None,
            bar_format=self.FORMAT,
        )
        return {"text/plain": text + note}

    def update(self, done: int, shown: dict[str, str]) -> None:
        self.shown = shown
        now = time.monotonic()
        if now - self.last >= 0.2 and self.handle is not None:
            self.last = now
            self.handle.update(self._bundle(done), raw=True)

    def close(self, done: int, interrupted: bool) -> None:
        if self.handle is not None:
            self.handle.update(self._bundle(done, " (stopped: Ctrl-C)" if interrupted else ""), raw=True)


class _LineBar:
    """Off a terminal (a pipe, a file): a few plain lines, at every tenth of the run and at the end."""

    def __init__(self, epochs: int, stream: Any) -> None:
        self.epochs = epochs
        self.stream = stream
        self.printed = 0  # epochs done at the last line
        self.tenth = 0
        self.shown: dict[str, str] = {}

    def _line(self, done: int, note: str = "") -> None:
        width = len(str(self.epochs))
        postfix = ", " + _postfix(self.shown) if self.shown else ""
        self.stream.write(f"fit: {done:>{width}}/{self.epochs} epochs{postfix}{note}\n")
        self.stream.flush()
        self.printed = done

    def update(self, done: int, shown: dict[str, str]) -> None:
        self.shown = shown
        tenth = 10 * done // max(self.epochs, 1)
        if tenth > self.tenth:
            self.tenth = tenth
            self._line(done)

    def close(self, done: int, interrupted: bool) -> None:
        if interrupted:
            self._line(done, " (stopped: Ctrl-C)")
        elif done != self.printed or done == 0:
            self._line(done)


def _progress(progress: bool | None, epochs: int) -> Any:
    """The progress display for ``fit``: None (none), or one with ``update(done, shown)`` and ``close``.

    None shows one only on a terminal or in a notebook; True also elsewhere, as plain lines.
    """
    where = _where_shown()
    if not (where != "file" if progress is None else progress):
        return None
    if where == "notebook":
        try:
            return _NotebookBar(epochs)
        except ImportError:  # a kernel without IPython.display: plain lines
            return _LineBar(epochs, sys.stderr)
    if where == "terminal":
        return _TerminalBar(epochs)
    return _LineBar(epochs, sys.stderr)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for one step (the graphs hold no cycles: freed at once anyway).

    Restored on every exit, errors and Ctrl-C included; nothing is done when it was off already.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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


#: the engines ``fit`` can train with (see :func:`fit`)
ENGINES = ("scalar", "tape", "matrix")


class ScalarEngine:
    """``fit``'s default engine: each step builds the graph of the batch's objective from Values, backward.

    Every node is a Value, so the graph of a step can be drawn, stepped through
    and explained; the optimizer reads the ``.grad`` it leaves.
    """

    name = "scalar"

    def __init__(
        self, model: Any, loss: Callable[..., Any], l2: float, optimizer: Any, X: np.ndarray, y: np.ndarray
    ) -> None:
        self.model, self.loss, self.l2, self.optimizer = model, loss, l2, optimizer
        self.X, self.y = X, y
        self.params = model.parameters()

    def step(self, idx: Any) -> tuple[float, np.ndarray]:
        preds = [self.model(row) for row in self.X[idx].tolist()]
        objective = self.loss(preds, self.y[idx])
        if not isinstance(objective, autograd.Value):
            raise ValueError(f"fit: loss must return a Value, got {type(objective).__name__}: {objective!r}")
        if self.l2:
            objective = objective + self.l2 * losses.l2(self.params)
        self.model.zero_grad()
        self.optimizer.zero_grad()
        objective.backward()
        self.optimizer.step()
        return objective.data, _outputs(preds)

    def sync(self) -> None:
        """Nothing to write back: the parameters are the Values themselves."""

    def resume(self) -> None:
        """Nothing to read back."""


class _ArrayEngine:
    """The tape or matrix engine over ``fit``'s data: the loss in numpy (:mod:`nets.array_losses`)."""

    def __init__(self, inner: Any, X: np.ndarray, y: np.ndarray, loss: Callable[..., Any], m: int) -> None:
        self.inner = inner
        self.name = inner.name
        self.X = X
        self.targets = array_losses.prepare_targets(loss, y, m)

    def step(self, idx: Any) -> tuple[float, np.ndarray]:
        return self.inner.step(self.X[idx], self.targets[idx])

    def sync(self) -> None:
        self.inner.sync()

    def resume(self) -> None:
        getattr(self.inner, "resume", lambda: None)()


def _make_engine(
    engine: str,
    model: Any,
    loss: Callable[..., Any],
    l2: float,
    optimizer: Any,
    X: np.ndarray,
    y: np.ndarray,
    m: int,
) -> Any:
    if engine == "scalar":
        return ScalarEngine(model, loss, l2, optimizer, X, y)
    if engine == "matrix":
        return _ArrayEngine(MatrixEngine(model, loss, l2, optimizer), X, y, loss, m)
    tape = TapeEngine(model, loss, l2, optimizer)
    tape.check(X)
    return _ArrayEngine(tape, X, y, loss, m)


def _output_count(model: Any) -> int:
    """How many outputs ``model`` has: its last layer's ``nout``, else from one sample under no_grad."""
    layers = getattr(model, "layers", None)
    nout = getattr(layers[-1], "nout", None) if isinstance(layers, (list, tuple)) and layers else None
    if isinstance(nout, numbers.Integral) and not isinstance(nout, bool) and nout >= 1:
        return int(nout)
    with autograd.no_grad():
        out = model([0.0] * int(model.nin))
    return 1 if isinstance(out, autograd.Value) else len(out)


def _check_model(model: Any) -> None:
    nin = getattr(model, "nin", None)
    if isinstance(nin, bool) or not isinstance(nin, numbers.Integral) or nin < 1:
        raise ValueError(f"fit: the model's input width model.nin must be an int >= 1, got {nin!r}")
    for name in ("parameters", "zero_grad"):
        if not callable(getattr(model, name, None)):
            raise ValueError(f"fit: model must have {name}() (a nets.MLP has), got {type(model).__name__}")
    if not callable(model):
        raise ValueError(f"fit: model must be callable, model(row) -> outputs; got {type(model).__name__}")


def _check_optimizer(optimizer: Any, params: list[Any]) -> None:
    if not (callable(getattr(optimizer, "step", None)) and callable(getattr(optimizer, "zero_grad", None))):
        raise ValueError(f"fit: optimizer must have step() and zero_grad(), got {type(optimizer).__name__}")
    held = getattr(optimizer, "params", None)
    if isinstance(held, (list, tuple)) and held and all(isinstance(p, autograd.Value) for p in held):
        mine = set(params)
        if not any(p in mine for p in held):
            raise ValueError(
                f"fit: the optimizer holds none of this model's parameters ({len(held)} other Values), so "
                "training would change nothing; build it on this model: "
                f"{type(optimizer).__name__}(model.parameters(), ...)"
            )


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
    engine: str = "scalar",
) -> History:
    """Train ``model`` on ``(X, y)`` by gradient descent.

    Args:
        model: an ``MLP`` (anything with ``nin``, ``layers``, ``parameters()``,
            ``zero_grad()`` and ``model(row)``).
        X: inputs, shape ``(n, nin)``. y: targets, one per row, in the form
            ``loss`` expects (``(n,)`` or ``(n, m)``).
        loss: ``loss(preds, targets) -> Value``, e.g. ``nets.losses.hinge``.
        optimizer: e.g. ``nets.optim.SGD(model.parameters(), lr=0.1)`` (the
            default); ``lr`` may be a schedule ``lr(step)``. One that holds none
            of the model's parameters is refused.
        epochs: passes over the data.
        batch_size: None for full batch (one step per epoch), k for
            mini-batches of k samples in a fresh seeded shuffle each epoch,
            1 for single-sample SGD.
        l2: lambda >= 0; adds ``l2 * sum(phi_i^2)`` to each batch's objective.
        seed: seeds the shuffling.
        progress: None shows progress only on a terminal (a tqdm bar) or in a
            notebook (a bar without timings, so an executed notebook keeps its
            final state and stays the same run to run); True also elsewhere, as
            a few plain lines; False never.
        callbacks: each called as ``cb(epoch, history)`` after every epoch;
            one returning True stops training.
        engine: how each step is computed; all three give the same steps (to
            rounding): ``"scalar"`` builds every batch's graph of Values and
            backpropagates it (the default: every node can be seen);
            ``"tape"`` records the model's graph for one sample once
            (``autograd.trace``), checks it against the scalar engine on three
            samples, and replays it over each batch in numpy, the loss and its
            gradient computed in numpy too; ``"matrix"`` (a ``nets.MLP`` only)
            runs article 1's matrix form over the batch with the weights in
            arrays, writing them back into the parameters before each callback,
            at the end, on Ctrl-C and on an error.

    Everything is checked before the first step: X, every target against the
    loss (``nets.losses.check_targets``), the model and the optimizer.

    Returns:
        The ``History``. Ctrl-C stops after the current step and returns the
        history so far (``interrupted=True``); a second Ctrl-C interrupts at once.
    """
    _check_model(model)
    X = _as_inputs(model, X, "fit")
    y = _as_targets(y, len(X), "fit")
    n = len(X)
    if not callable(loss):
        raise ValueError(f"fit: loss must be a function loss(preds, targets), got {type(loss).__name__}")
    epochs = count(epochs, "fit: epochs")
    if batch_size is not None:
        batch_size = count(batch_size, "fit: batch_size (None for full batch)", minimum=1)
    l2 = real(l2, "fit: l2", minimum=0.0)
    if progress is not None:
        progress = flag(progress, "fit: progress (None: only where a bar can be seen)")
    if engine not in ENGINES:
        raise ValueError(f"fit: engine must be one of {', '.join(map(repr, ENGINES))}, got {engine!r}")
    callbacks = list(callbacks)
    for cb in callbacks:
        if not callable(cb):
            raise ValueError(f"fit: callbacks must be functions cb(epoch, history), got {cb!r}")
    m = _output_count(model)
    try:
        losses.check_targets(loss, y, m)
    except ValueError as e:
        raise ValueError(f"fit: {e}") from None
    params = model.parameters()
    if optimizer is None:
        optimizer = SGD(params, lr=0.1)
    _check_optimizer(optimizer, params)

    size = n if batch_size is None else min(int(batch_size), n)
    classify = loss in CLASSIFICATION_LOSSES or np.issubdtype(y.dtype, np.integer) or y.dtype == bool
    output_activation = model.layers[-1].activation
    rng = np.random.default_rng(seed)
    history = History()
    run = _make_engine(engine, model, loss, float(l2), optimizer, X, y, m)
    bar = _progress(progress, int(epochs))
    done = 0
    try:
        with _StopOnCtrlC() as ctrl_c:
            for epoch in range(int(epochs)):
                start = time.perf_counter()
                order = None if size == n else rng.permutation(n)
                lr, total, correct, seen = _current_lr(optimizer), 0.0, 0, 0
                for first in range(0, n, size):
                    idx = slice(0, n) if order is None else order[first : first + size]
                    if run.name == "scalar":  # (the array engines make few objects)
                        with _gc_paused():
                            value, outputs = run.step(idx)
                    else:
                        value, outputs = run.step(idx)
                    history.steps += 1
                    batch_n = len(outputs)
                    total += value * batch_n
                    seen += batch_n
                    if classify:
                        correct += _correct(outputs, y[idx], output_activation)
                    if ctrl_c.requested:
                        break
                history.loss.append(total / seen)
                if classify:
                    history.accuracy.append(correct / seen)
                history.lr.append(lr)
                history.seconds.append(time.perf_counter() - start)
                done = epoch + 1
                if bar is not None:
                    shown = {"loss": f"{history.loss[-1]:.4g}"}
                    if classify:
                        shown["acc"] = f"{history.accuracy[-1]:.3f}"
                    bar.update(done, shown)
                if ctrl_c.requested:
                    history.interrupted = True
                    break
                if callbacks:
                    run.sync()  # the callbacks see the weights (and may change them)
                    stop = any([cb(epoch, history) is True for cb in callbacks])
                    run.resume()
                    if stop:
                        break
    finally:
        run.sync()
        if bar is not None:
            bar.close(done, history.interrupted)
    return history
