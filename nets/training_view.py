"""Training in motion: :class:`TrainingView`, a ``fit`` callback that records and shows each epoch.

For every ``every``-th epoch a view keeps the loss, the accuracy, the model's
decision boundary (2-D inputs, from :func:`nets.decision_grid`) and the
collapsed network drawing of one sample, its edges sized and coloured by
weight and its boxes by delta (:func:`nets.draw_network` with
``weights=True, deltas=True``). Each recorded epoch is one frame:

- in a notebook the view shows one picture that is updated in place while
  ``fit`` runs (one display, whose ``update`` replaces it: the output does
  not grow);
- ``view.save("training.gif")`` writes every frame as an animation (one
  frame per recorded epoch), ``view.save("training.png")`` the last frame.

The drawing shows no numbers, so it has the same layout in every epoch and
nothing moves between frames. Frames are drawn with Pillow; matplotlib is not
needed.
"""

from __future__ import annotations

import io
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import autograd
from autograd.core import count, describe, flag, real
from autograd.see.animate import font, write_gif

from . import losses, reference
from .losses import half_mse
from .model import MLP
from .train import MAX_GRID_STEPS, History, as_inputs, as_range, as_targets, decision_grid
from .views import DEAD, NEGATIVE, POSITIVE, draw_network

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["TrainingView"]

#: Frame layout, in pixels: the left column (boundary and curves) and the network panel.
_LEFT, _NET_W, _HEIGHT, _PAD, _TITLE = 320, 600, 640, 12, 30
#: Class colours: the negative (first) class, the positive (second) one, then more for several outputs.
_EMPTY = "TrainingView: no epoch recorded yet (pass the view to fit(..., callbacks=[view]))"
_CLASSES = (NEGATIVE, POSITIVE, "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf")
#: The finest network drawing: each frame renders one picture at this resolution, then shrinks it.
MAX_DPI = 600


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@dataclass
class _Epoch:
    """What one recorded epoch shows."""

    epoch: int  # epochs done, counted from 1
    loss: float
    accuracy: float | None
    grid: np.ndarray | None  # model outputs on the boundary grid (float32)
    predicted: np.ndarray | None  # the predicted class of every sample (for the boundary panel)
    source: str  # the network drawing's DOT source
    png: bytes | None = None  # the drawing, rendered when first needed


def _in_notebook() -> bool:
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    return type(shell).__name__ == "ZMQInteractiveShell"


class TrainingView:
    """A :func:`nets.fit` callback: loss, accuracy, decision boundary and network drawing per epoch.

    Args:
        model: the ``nets.MLP`` being trained.
        X, y: the training data (as given to ``fit``); the boundary panel
            plots them when the model has 2 inputs.
        every: record the first epoch and every ``every``-th (epochs 1, every,
            2 every, ..., counted from 1): one frame each.
        loss: the loss of the network drawing's sample (``nets.half_mse`` by
            default; pass ``fit``'s, e.g. ``nets.hinge``).
        sample: the row of ``X`` (and ``y``) the network drawing shows.
        xlim, ylim: the boundary panel's ranges (default: the data's, with a margin).
        steps: the boundary grid's resolution (``steps x steps`` model
            outputs), an int from 2 to ``nets.train.MAX_GRID_STEPS``.
        display: show the view in a notebook while training (one display,
            updated in place); None (the default) does so in a Jupyter notebook.
        dpi: the network drawing's resolution before it is fitted into its
            panel, a real number > 0 and at most :data:`MAX_DPI`.

    Use it as ``nets.fit(model, X, y, ..., callbacks=[view])``; it never stops
    training. ``len(view)`` is the number of recorded epochs (frames).

    Every argument is checked when the view is made, not later in ``fit``: a
    model that is not a ``nets.MLP``, a ``loss`` that is not a function, a
    ``display`` that is not None, True or False, a ``dpi`` that is not a
    real number or an ``every``, ``sample`` or ``steps`` that is not an int
    (a bool, 1.5, a string) is a TypeError; anything else wrong (``X`` and
    ``y`` as ``fit`` reads them, a target the loss refuses, a count out of
    range, an ``xlim`` that is not a pair ``lo < hi``) a ValueError, each
    naming ``TrainingView`` and the argument.
    """

    def __init__(
        self,
        model: MLP,
        X: Any,
        y: Any,
        every: int = 1,
        *,
        loss: Callable[[Any, Any], autograd.Value] | None = None,
        sample: int = 0,
        xlim: tuple[float, float] | None = None,
        ylim: tuple[float, float] | None = None,
        steps: int = 80,
        display: bool | None = None,
        dpi: float = 72,
    ) -> None:
        if not isinstance(model, MLP):
            got = f"{type(model).__name__}: {describe(model):.80}"
            raise TypeError(f"TrainingView expects a nets.MLP, got {got}")
        every = _whole(every, "every", 1)
        X = as_inputs(model.nin, X, "TrainingView")
        y = as_targets(y, len(X), "TrainingView")
        sample = _whole(sample, "sample (a row of X)", 0, len(X) - 1)
        loss = half_mse if loss is None else loss
        if not callable(loss):
            raise TypeError(
                "TrainingView: loss must be a function loss(preds, targets) -> Value (None: half_mse), "
                f"got {type(loss).__name__}: {describe(loss):.80}"
            )
        try:
            losses.check_targets(loss, y, model.layers[-1].nout)
        except (TypeError, ValueError) as e:
            raise type(e)(f"TrainingView: {e}") from None
        self.steps = _whole(steps, "steps", 2, MAX_GRID_STEPS)
        if display is not None:
            display = flag(display, "TrainingView: display (None: in a notebook)")
        self.display = display
        self.dpi = real(dpi, "TrainingView: dpi", minimum=0.0, above=True)
        if self.dpi > MAX_DPI:
            raise ValueError(f"TrainingView: dpi must be <= {MAX_DPI}, got {self.dpi!r}")
        self.model, self.X, self.y, self.every = model, X, y, every
        self.loss, self.sample = loss, sample
        self.xlim = None if xlim is None else as_range(xlim, "TrainingView: xlim")
        self.ylim = None if ylim is None else as_range(ylim, "TrainingView: ylim")
        if model.nin == 2:
            self.xlim = self.xlim or as_range(_span(X[:, 0]), "TrainingView: X[:, 0]'s range (pass xlim)")
            self.ylim = self.ylim or as_range(_span(X[:, 1]), "TrainingView: X[:, 1]'s range (pass ylim)")
        else:
            self.xlim = self.ylim = None
        self.classes = sorted(set(y.reshape(len(y), -1)[:, 0].tolist())) if y.ndim <= 2 else []
        self.records: list[_Epoch] = []
        self._handle: Any = None

    # -- the callback -------------------------------------------------------------------
    def __call__(self, epoch: int, history: History) -> None:
        """After epoch ``epoch`` (0-based, as ``fit`` counts): record it if first or an ``every``-th."""
        done = epoch + 1
        if done != 1 and done % self.every:
            return None
        self.record(done, history)
        if self.display if self.display is not None else _in_notebook():
            self._show()
        return None

    def record(self, epoch: int, history: History | None = None) -> None:
        """Record the model as it is now, as epoch ``epoch`` (counted from 1)."""
        loss = history.loss[-1] if history is not None and history.loss else math.nan
        acc = history.accuracy[-1] if history is not None and history.accuracy else None
        grid = predicted = None
        if self.model.nin == 2:
            _, _, zz = decision_grid(self.model, self.xlim, self.ylim, steps=self.steps)
            grid = np.asarray(zz, dtype=np.float32)
            predicted = self._classify(np.asarray(reference.predict(self.model, self.X)))
        x = self.X[self.sample].tolist()
        target = self.y[self.sample]
        target = target.tolist() if isinstance(target, np.ndarray) else target
        g = draw_network(self.model, x, target, loss=self.loss, weights=True, deltas=True, show=(),
                         max_width=None)
        self.records.append(_Epoch(epoch, float(loss), acc, grid, predicted, g.source))

    def __len__(self) -> int:
        return len(self.records)

    @property
    def epochs(self) -> list[int]:
        """The recorded epochs, counted from 1."""
        return [r.epoch for r in self.records]

    # -- frames ------------------------------------------------------------------------------
    def frame(self, i: int = -1) -> Image.Image:
        """Frame ``i`` (default: the last) as an RGB image.

        The curves are drawn up to epoch ``i`` on axes that span every
        recorded epoch, so all frames of an animation share them.
        """
        from PIL import Image, ImageDraw

        if not self.records:
            raise ValueError(_EMPTY)
        i = range(len(self.records))[i]
        r = self.records[i]
        # the drawing has one layout in every epoch: the first one's size sets the frame's
        net_w = self._picture(self.records[0]).size[0]
        frame = Image.new("RGB", (_LEFT + net_w + 3 * _PAD, _HEIGHT), "white")
        draw = ImageDraw.Draw(frame)
        title = f"epoch {r.epoch}   loss {r.loss:.4g}"
        if r.accuracy is not None:
            title += f"   accuracy {r.accuracy:.3f}"
        draw.text((_PAD, 8), title, font=font(15, bold=True), fill="black")
        y = _TITLE
        if r.grid is not None:
            self._boundary(frame, (_PAD, y, _PAD + _LEFT, y + _LEFT), r)
            y += _LEFT + _PAD
        curves = [("loss", [q.loss for q in self.records], i)]
        if r.accuracy is not None:
            curves.append(("accuracy", [q.accuracy or 0.0 for q in self.records], i))
        height = (_HEIGHT - y - _PAD * len(curves)) // len(curves)
        epochs = [q.epoch for q in self.records]
        for name, values, at in curves:
            _curve(draw, (_PAD, y, _PAD + _LEFT, y + height), name, epochs, values, at)
            y += height + _PAD
        picture = self._picture(r)
        frame.paste(picture, (_LEFT + 2 * _PAD + (net_w - picture.size[0]) // 2, _TITLE))
        return frame

    def frames(self) -> Iterator[Image.Image]:
        """Every frame, one at a time, with shared axes."""
        for i in range(len(self.records)):
            yield self.frame(i)

    def save(self, path: str | os.PathLike, seconds_per_frame: float = 0.2) -> Path:
        """Write ``.gif`` (every recorded epoch, ``seconds_per_frame`` each) or ``.png`` (the last)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".gif", ".png"):
            raise ValueError(f"TrainingView.save: use a .gif or .png path, got {str(path)!r}")
        if not self.records:
            raise ValueError(_EMPTY)
        if suffix == ".png":
            self.frame().save(path, format="PNG", optimize=True)
            return path
        samples = [self.frame(0), self.frame(-1)]
        return write_gif(self.frames(), path, seconds_per_frame, palette_from=samples)

    def _repr_png_(self) -> bytes | None:
        if not self.records:
            return None
        return _png(self.frame())

    # -- the notebook display ---------------------------------------------------------------
    def _show(self) -> None:
        """Show the newest frame: the first time a display with an id, then updates of it."""
        try:
            from IPython import display as ipython
        except ImportError:
            raise ImportError(
                "TrainingView(display=True) shows itself with IPython; pip install ipython "
                "(or pass display=False and save the frames with view.save('training.gif'))"
            ) from None
        image = ipython.Image(data=_png(self.frame()), format="png")
        if self._handle is None:
            self._handle = ipython.display(image, display_id=True)
        else:
            self._handle.update(image)

    # -- panels --------------------------------------------------------------------------------
    def _classify(self, out: np.ndarray) -> np.ndarray:
        """Class indices (into ``self.classes``) from model outputs."""
        if out.ndim == 2 and out.shape[-1] > 1:
            return out.argmax(axis=-1)
        out = out.reshape(out.shape[: out.ndim - (out.ndim == 2)])
        return (out > self._threshold()).astype(np.int64)

    def _threshold(self) -> float:
        return 0.5 if self.model.layers[-1].activation == "sigmoid" else 0.0

    def _boundary(self, frame: Image.Image, box: tuple[int, int, int, int], r: _Epoch) -> None:
        """The decision regions (tinted by class, stronger where the model is surer) and the data."""
        from PIL import Image, ImageDraw

        assert r.grid is not None and self.xlim is not None and self.ylim is not None
        x0, y0, x1, y1 = box
        size = (x1 - x0, y1 - y0)
        grid = r.grid[::-1]  # row 0 of the image is the top: the largest y
        if grid.ndim == 3 and grid.shape[-1] > 1:  # several outputs: the class is the argmax
            top = np.sort(grid, axis=-1)
            cls, sure = grid.argmax(axis=-1), np.tanh(3 * (top[..., -1] - top[..., -2]))
            cls_img = Image.fromarray(cls.astype(np.uint8), "L").resize(size, Image.Resampling.NEAREST)
            cls = np.asarray(cls_img).astype(np.int64)
            sure_img = Image.fromarray(sure.astype(np.float32), "F").resize(size, Image.Resampling.BILINEAR)
            sure = np.asarray(sure_img)
        else:  # one output: the class is which side of the threshold it is on (smooth when upsampled)
            margin = grid.reshape(grid.shape[:2]) - self._threshold()
            big = Image.fromarray(margin.astype(np.float32), "F").resize(size, Image.Resampling.BILINEAR)
            margin = np.asarray(big)
            cls = (margin > 0).astype(np.int64)
            sure = np.tanh(np.abs(margin) / (0.5 if self._threshold() else 1.0))
        palette = np.array([_rgb(c) for c in _CLASSES], dtype=np.float64)
        rgb = 255 + (palette[cls % len(_CLASSES)] - 255) * (0.12 + 0.33 * sure)[..., None]
        edge = np.zeros(cls.shape, dtype=bool)
        edge[:, 1:] |= cls[:, 1:] != cls[:, :-1]
        edge[1:, :] |= cls[1:, :] != cls[:-1, :]
        rgb[edge] = (60, 60, 60)
        tile = Image.fromarray(rgb.astype(np.uint8), "RGB")
        frame.paste(tile, (x0, y0))
        draw = ImageDraw.Draw(frame)
        draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=(150, 150, 150))
        (ax, bx), (ay, by) = self.xlim, self.ylim
        truth = self._truth()
        for (px, py), c, p in zip(self.X[:, :2], truth, r.predicted if r.predicted is not None else truth):
            u = x0 + (px - ax) / (bx - ax) * size[0]
            v = y1 - (py - ay) / (by - ay) * size[1]
            if not (x0 <= u <= x1 and y0 <= v <= y1):
                continue
            ring = (0, 0, 0) if p != c else (255, 255, 255)  # a black ring: misclassified
            colour = _rgb(_CLASSES[c % len(_CLASSES)])
            draw.ellipse([u - 3.5, v - 3.5, u + 3.5, v + 3.5], fill=colour, outline=ring)
        note = "decision boundary (black ring: misclassified)"
        draw.text((x0 + 4, y0 + 3), note, font=font(11), fill=(60, 60, 60))

    def _truth(self) -> np.ndarray:
        """Each sample's true class as an index into the model's classes (0/1 for one output)."""
        y = self.y.reshape(len(self.y), -1)
        if y.shape[1] > 1:
            return y.argmax(axis=1)
        labels = y[:, 0]
        if len(self.model.layers[-1].neurons) == 1:
            return (labels == max(self.classes)).astype(np.int64) if self.classes else labels.astype(np.int64)
        return labels.astype(np.int64)

    def _picture(self, r: _Epoch) -> Image.Image:
        """The network drawing of a recorded epoch, rendered once, fitted into its panel."""
        from PIL import Image

        if r.png is None:
            r.png = autograd.render_png(r.source, dpi=self.dpi)
        picture = Image.open(io.BytesIO(r.png)).convert("RGB")
        scale = min(_NET_W / picture.size[0], (_HEIGHT - _TITLE - _PAD) / picture.size[1], 1.0)
        if scale < 1.0:
            size = (max(1, round(picture.size[0] * scale)), max(1, round(picture.size[1] * scale)))
            picture = picture.resize(size, Image.Resampling.LANCZOS)
        return picture


def _whole(x: Any, name: str, minimum: int, maximum: int | None = None) -> int:
    """An int option, ``minimum`` to ``maximum``: TypeError for True or 1.5, ValueError out of range."""
    return count(x, f"TrainingView: {name}", minimum, maximum)


def _span(values: np.ndarray) -> tuple[float, float]:
    lo, hi = float(values.min()), float(values.max())
    pad = 0.1 * (hi - lo) if hi > lo else 1.0
    return lo - pad, hi + pad


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _curve(
    draw: Any,
    box: tuple[int, int, int, int],
    name: str,
    epochs: Sequence[int],
    values: Sequence[float],
    at: int,
) -> None:
    """A small line plot of ``values`` over ``epochs``, drawn up to point ``at`` (marked and labelled)."""
    x0, y0, x1, y1 = box
    small = font(11)
    inner = (x0 + 40, y0 + 16, x1 - 6, y1 - 16)
    draw.rectangle([inner[0], inner[1], inner[2], inner[3]], outline=(150, 150, 150))
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if name == "accuracy":
        lo, hi = min(lo, 0.5), 1.0
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    first, last = epochs[0], max(epochs[-1], epochs[0] + 1)

    def point(e: int, v: float) -> tuple[float, float]:
        u = inner[0] + (e - first) / (last - first) * (inner[2] - inner[0])
        w = inner[3] - (v - lo) / (hi - lo) * (inner[3] - inner[1])
        return u, w

    pts = [point(e, v) for e, v in zip(epochs[: at + 1], values[: at + 1]) if math.isfinite(v)]
    if len(pts) > 1:
        draw.line(pts, fill=_rgb(POSITIVE), width=2, joint="curve")
    if at < len(values) and math.isfinite(values[at]):
        u, w = point(epochs[at], values[at])
        draw.ellipse([u - 3.5, w - 3.5, u + 3.5, w + 3.5], fill=_rgb(NEGATIVE))
        shown = f"{name} {values[at]:.4g} (epoch {epochs[at]})"
    else:
        shown = name
    draw.text((inner[0], y0), shown, font=small, fill="black")
    draw.text((x0, inner[1] - 2), f"{hi:.3g}", font=small, fill=_rgb(DEAD))
    draw.text((x0, inner[3] - 12), f"{lo:.3g}", font=small, fill=_rgb(DEAD))
    draw.text((inner[0], inner[3] + 2), f"{first}", font=small, fill=_rgb(DEAD))
    draw.text((inner[2] - 30, inner[3] + 2), f"{last}", font=small, fill=_rgb(DEAD))
