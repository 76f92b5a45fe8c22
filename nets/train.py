"""Training loop and evaluation helpers for ``MLP`` models on numpy data.

Provides ``fit`` (full-batch, mini-batch or single-sample gradient descent
with seeded shuffling, an optional L2 penalty, a tqdm progress bar and a clean
stop on Ctrl-C), the per-epoch record ``History``, ``predict`` and
``accuracy`` (through the scalar engine, under ``no_grad``) and
``decision_grid`` (model outputs on a 2-D grid, computed with the fast numpy
reference, for plotting decision boundaries); and the readers they share with
:class:`nets.TrainingView`: ``as_inputs`` (X), ``as_targets`` (y, one per
sample) and ``as_range`` (a plotting range ``(lo, hi)``).

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
from autograd.core import count, describe, flag, real

from . import array_losses, losses, reference
from .arrays import reals
from .datasets import generator
from .matrix_engine import MatrixEngine
from .optim import SGD
from .tape_engine import TapeEngine

__all__ = [
    "ENGINES", "MAX_GRID_STEPS", "History", "ScalarEngine", "fit", "predict", "accuracy", "decision_grid",
    "as_inputs", "as_range", "as_targets",
]

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


#: what ``fit`` needs of a model besides ``nin`` and ``model(row)`` (what ``predict`` needs)
_FIT_NEEDS = ("layers", "parameters()", "zero_grad()")


def _check_model(model: Any, who: str, needs: tuple[str, ...] = ()) -> int:
    """``model.nin``, once ``model`` is a model: ``nin``, ``model(row)``, and each of ``needs``.

    Raises TypeError (naming ``who`` and what is missing) for anything else, e.g.
    ``fit(5, ...)``; ValueError when ``nin`` is not an int >= 1.
    """
    lacks = [] if hasattr(model, "nin") else ["nin"]
    if not callable(model):
        lacks.append("model(row)")
    for need in needs:
        thing = getattr(model, need.removesuffix("()"), None)
        if thing is None or (need.endswith("()") and not callable(thing)):
            lacks.append(need)
    if lacks:
        wanted = ", ".join(("nin", "model(row)", *needs))
        raise TypeError(
            f"{who}: model must be a model such as a nets.MLP (with {wanted}); got "
            f"{type(model).__name__}: {describe(model):.80}, which has no {', '.join(lacks)}"
        )
    nin = model.nin
    if isinstance(nin, bool) or not isinstance(nin, numbers.Integral) or nin < 1:
        raise ValueError(
            f"{who}: the model's input width model.nin must be an int >= 1, got {describe(nin):.80}"
        )
    return int(nin)


def as_inputs(nin: int, X: Any, who: str) -> np.ndarray:
    """``X`` as a float64 array of shape ``(n, nin)``, n >= 1 (for one input, ``(n,)`` too).

    Args:
        nin: the model's number of inputs.
        X: nested lists or an array of numbers.
        who: the caller, as the message names it (``"fit"`` gives ``"fit: X[0][0] ..."``).

    Raises:
        ValueError: for a string, a bool or another non-number (as a bad value
            of X, named by its index as :func:`nets.arrays.reals` words it),
            an int beyond floats, NaN, infinity, ragged rows or a wrong shape.
    """
    X = reals(X, f"{who}: X")
    if X.ndim == 1 and nin == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != nin or X.shape[0] == 0:
        raise ValueError(
            f"{who}: X has shape {X.shape}; expected (n, {nin}) with n >= 1 (the model has {nin} inputs)"
        )
    return X


def as_targets(y: Any, n: int, who: str) -> np.ndarray:
    """``y`` as an array of ``n`` targets, one per sample of X; what they hold is the loss's to check.

    Raises ValueError (naming ``who``) for a single number, a wrong count or ragged rows.
    """
    try:
        y = np.asarray(y)
    except ValueError as e:  # ragged rows numpy cannot hold
        raise ValueError(f"{who}: y must be an array with one target per sample ({e})") from None
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


def _labels(y: np.ndarray, m: int) -> np.ndarray:
    """Class labels from the targets of a model of m outputs: (n,) or (n, 1) as they are; for m > 1,
    one-hot (or score) rows (n, m) by their argmax."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        return y.reshape(len(y))
    if y.ndim == 2 and m > 1 and y.shape[1] == m:
        return np.argmax(y, axis=1)
    if y.ndim != 1:
        raise ValueError(
            f"accuracy: targets of shape {y.shape} don't fit {m} output(s); expected ({len(y)},) class labels"
            + (f" or ({len(y)}, {m}) one-hot rows" if m > 1 else "")
        )
    return y


def _outputs(preds: list[Any]) -> np.ndarray:
    """Engine predictions (a Value or a list of Values per sample) as numpy (n,) or (n, m)."""
    if isinstance(preds[0], autograd.Value):
        return np.array([p.data for p in preds], dtype=np.float64)
    return np.array([[v.data for v in p] for p in preds], dtype=np.float64)


def predict(model: Any, X: Any) -> np.ndarray:
    """The model's outputs on every row of ``X`` (shape ``(n, nin)``): the scalar engine under ``no_grad``.

    Returns a float array of shape ``(n,)`` for one output, ``(n, m)`` for m outputs.
    """
    X = as_inputs(_check_model(model, "predict"), X, "predict")
    with autograd.no_grad():
        return _outputs([model(row) for row in X.tolist()])


def _class_labels(y: Any, n: int, m: int) -> np.ndarray:
    """``accuracy``'s ``y`` as n class indices for a model of m outputs.

    Labels of shape ``(n,)`` or ``(n, 1)``: 0 or 1 for one output, 0..m-1 for m;
    for m > 1 also one-hot (or score) rows ``(n, m)``, read by their argmax.
    """
    t = as_targets(reals(y, "accuracy: y"), n, "accuracy")
    if t.ndim == 2 and m > 1 and t.shape[1] == m:
        return np.argmax(t, axis=1)  # one-hot or score rows: any argmax is a class
    t = _labels(t, m)
    top = max(m - 1, 1)
    bad = (t != np.round(t)) | (t < 0) | (t > top)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        classes = "0 or 1 (one output: two classes)" if m == 1 else f"0..{top} (one per output)"
        raise ValueError(f"accuracy: y[{i}] = {float(t[i])!r} is not a class label; expected {classes}")
    return t.astype(np.int64)


def accuracy(model: Any, X: Any, y: Any) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``.

    Several outputs: the class is the argmax. One output: class 1 when the
    output is > 0.5 after a sigmoid output activation, else when it is > 0.

    ``y`` holds class labels: 0 or 1 for one output, 0..m-1 for m outputs (or,
    for m outputs, one-hot rows ``(n, m)``). Anything else (a label 7 or 0.5
    for a one-output model, a string, a bool, NaN) is a ValueError naming the
    entry, as is a bad ``X``; a ``model`` that is not one is a TypeError.
    """
    nin = _check_model(model, "accuracy", needs=("layers",))
    X = as_inputs(nin, X, "accuracy")
    labels = _class_labels(y, len(X), _output_count(model))
    return int(np.sum(_decide(predict(model, X), model.layers[-1].activation) == labels)) / len(X)


#: the largest ``steps`` of :func:`decision_grid`: a 1,000 x 1,000 grid is a million model evaluations
MAX_GRID_STEPS = 1000


def as_range(lim: Any, name: str) -> tuple[float, float]:
    """A plotting range ``(lo, hi)`` read as two finite floats with ``lo < hi`` and a finite ``hi - lo``.

    ``name`` is how the caller spells it (``"decision_grid: xlim"``). Not a pair:
    ValueError; an entry that is not a real number (a string, a bool): TypeError;
    NaN, infinity, a huge int, ``lo >= hi`` or a span that overflows: ValueError.
    """
    try:
        lo, hi = lim
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (lo, hi), got {describe(lim):.80}") from None
    lo, hi = real(lo, f"{name}[0]"), real(hi, f"{name}[1]")
    if not lo < hi:
        raise ValueError(f"{name} must have lo < hi, got {describe(lim):.80}")
    if not math.isfinite(hi - lo):  # e.g. (-1e308, 1e308): a grid's spacing would overflow
        raise ValueError(
            f"{name} = ({lo!r}, {hi!r}) is wider than floats can hold (hi - lo overflows); "
            "use a narrower range"
        )
    return lo, hi


def _grid_steps(steps: Any, name: str) -> int:
    """A grid's resolution, an int from 2 to :data:`MAX_GRID_STEPS`: 1.5 or a bool is a TypeError."""
    steps = count(steps, name, minimum=2)
    if steps > MAX_GRID_STEPS:
        raise ValueError(
            f"{name} must be <= {MAX_GRID_STEPS:,} (the grid has steps x steps points), got {describe(steps)}"
        )
    return steps


def decision_grid(
    model: Any, xlim: tuple[float, float], ylim: tuple[float, float], steps: int = 100
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Model outputs on a ``steps x steps`` grid over ``xlim x ylim``, for plotting 2-D decision boundaries.

    Returns ``(xx, yy, zz)`` as from ``np.meshgrid``; ``zz`` has shape
    ``(steps, steps)`` for one output (the boundary is the level 0, or 0.5
    after a sigmoid) and ``(steps, steps, m)`` for m outputs (classes:
    ``zz.argmax(-1)``). Computed with ``nets.reference`` (numpy), so large
    grids are fast. E.g. ``plt.contourf(xx, yy, zz > 0)``.

    ``model`` must be a model such as a ``nets.MLP`` (else TypeError) with 2
    inputs; ``xlim`` and ``ylim`` are read by :func:`as_range`; ``steps`` is an
    int from 2 to :data:`MAX_GRID_STEPS` (checked before anything is allocated).
    """
    nin = _check_model(model, "decision_grid", needs=("layers",))
    if nin != 2:
        raise ValueError(f"decision_grid: needs a model with 2 inputs, this one has {nin}")
    steps = _grid_steps(steps, "decision_grid: steps")
    (x0, x1), (y0, y1) = as_range(xlim, "decision_grid: xlim"), as_range(ylim, "decision_grid: ylim")
    xx, yy = np.meshgrid(np.linspace(x0, x1, steps), np.linspace(y0, y1, steps))
    try:
        out = reference.predict(model, np.column_stack([xx.ravel(), yy.ravel()]))
    except ValueError as e:  # reference refuses a layer that overflows, or weights that are not finite
        raise ValueError(
            f"decision_grid: the model's outputs overflow on this grid (xlim=({x0!r}, {x1!r}), "
            f"ylim=({y0!r}, {y1!r})); use a range nearer the data ({e})"
        ) from None
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


def _callbacks(callbacks: Any) -> list[Callable[[int, History], Any]]:
    """``fit``'s callbacks as a list: TypeError unless an iterable of them, ValueError for a non-function."""
    if isinstance(callbacks, (str, bytes)) or not isinstance(callbacks, Iterable):
        raise TypeError(
            f"fit: callbacks must be a list of functions cb(epoch, history), got {type(callbacks).__name__}: "
            f"{describe(callbacks):.80}"
        )
    callbacks = list(callbacks)
    for cb in callbacks:
        if not callable(cb):
            raise ValueError(f"fit: callbacks must be functions cb(epoch, history), got {describe(cb):.80}")
    return callbacks


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
            ``zero_grad()`` and ``model(row)``; anything else is a TypeError).
        X: inputs, shape ``(n, nin)``, numbers only (a string, a bool, NaN or
            an int beyond floats is a ValueError naming the entry, e.g.
            ``fit: X[0][0] must be a number, got str: '1'``). y: targets, one
            per row, in the form ``loss`` expects (``(n,)`` or ``(n, m)``).
        loss: ``loss(preds, targets) -> Value``, e.g. ``nets.losses.hinge``.
        optimizer: e.g. ``nets.optim.SGD(model.parameters(), lr=0.1)`` (the
            default); ``lr`` may be a schedule ``lr(step)``. One that holds none
            of the model's parameters is refused.
        epochs: passes over the data.
        batch_size: None for full batch (one step per epoch), k for
            mini-batches of k samples in a fresh seeded shuffle each epoch,
            1 for single-sample SGD.
        l2: lambda >= 0; adds ``l2 * sum(phi_i^2)`` to each batch's objective.
        seed: seeds the shuffling: None, an int >= 0 or a numpy Generator
            (see :func:`nets.datasets.generator`; else TypeError or ValueError).
        progress: None shows progress only on a terminal (a tqdm bar) or in a
            notebook (a bar without timings, so an executed notebook keeps its
            final state and stays the same run to run); True also elsewhere, as
            a few plain lines; False never.
        callbacks: a list of functions, each called as ``cb(epoch, history)``
            after every epoch; one returning True stops training.
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
    loss (``nets.losses.check_targets``), the model, the options and the
    optimizer. An option of the wrong type is a TypeError (``epochs=True``,
    ``seed='a'``, ``callbacks=5``), a bad value a ValueError (so is a ``loss``,
    ``optimizer`` or ``engine`` that is not one ``fit`` knows), each naming
    ``fit`` and the argument; nothing is changed then.

    Returns:
        The ``History``. Ctrl-C stops after the current step and returns the
        history so far (``interrupted=True``); a second Ctrl-C interrupts at once.
    """
    X = as_inputs(_check_model(model, "fit", needs=_FIT_NEEDS), X, "fit")
    y = as_targets(y, len(X), "fit")
    n = len(X)
    if not callable(loss):
        raise ValueError(f"fit: loss must be a function loss(preds, targets), got {type(loss).__name__}")
    epochs = count(epochs, "fit: epochs")
    if batch_size is not None:
        batch_size = count(batch_size, "fit: batch_size (None for full batch)", minimum=1)
    l2 = real(l2, "fit: l2", minimum=0.0)
    rng = generator(seed, "fit: seed")
    if progress is not None:
        progress = flag(progress, "fit: progress (None: only where a bar can be seen)")
    if not isinstance(engine, str) or engine not in ENGINES:
        known = ", ".join(map(repr, ENGINES))
        raise ValueError(f"fit: engine must be one of {known}, got {describe(engine):.80}")
    callbacks = _callbacks(callbacks)
    m = _output_count(model)
    try:
        losses.check_targets(loss, y, m)
    except (TypeError, ValueError) as e:
        raise type(e)(f"fit: {e}") from None
    params = model.parameters()
    if optimizer is None:
        optimizer = SGD(params, lr=0.1)
    _check_optimizer(optimizer, params)

    size = n if batch_size is None else min(int(batch_size), n)
    classify = loss in CLASSIFICATION_LOSSES or np.issubdtype(y.dtype, np.integer) or y.dtype == bool
    output_activation = model.layers[-1].activation
    labels = _labels(y, m) if classify else None  # once, before the first step
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
                        correct += int(np.sum(_decide(outputs, output_activation) == labels[idx]))
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
