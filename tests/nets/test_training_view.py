"""Tests of nets.TrainingView: one frame per recorded epoch, an in-place notebook display, a GIF."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import nets
from autograd.see.render import graphviz_pure, render_svg
from nets import datasets
from nets.optim import SGD
from nets.training_view import TrainingView


def _data(n: int = 24):
    X, y = datasets.moons(n=n, noise=0.1, seed=1)
    return X, y


def _fit(view: TrainingView, model: nets.MLP, X, y, epochs: int) -> nets.History:
    opt = SGD(model.parameters(), lr=0.3)
    return nets.fit(
        model, X, y, loss=nets.hinge, optimizer=opt, epochs=epochs, progress=False, callbacks=[view]
    )


@pytest.mark.parametrize(
    ("every", "epochs", "expected"), [(1, 4, [1, 2, 3, 4]), (3, 7, [1, 3, 6]), (5, 3, [1])]
)
def test_one_frame_per_recorded_epoch(every: int, epochs: int, expected: list[int], tmp_path: Path):
    X, y = _data()
    model = nets.MLP(2, [4, 1], seed=0)
    view = TrainingView(model, X, y, every=every, loss=nets.hinge, display=False, steps=20)
    history = _fit(view, model, X, y, epochs)
    assert len(history) == epochs  # the view never stops training
    assert view.epochs == expected and len(view) == len(expected)
    assert [r.loss for r in view.records] == [history.loss[e - 1] for e in expected]
    assert [r.accuracy for r in view.records] == [history.accuracy[e - 1] for e in expected]
    path = view.save(tmp_path / "training.gif", seconds_per_frame=0.1)
    with Image.open(path) as im:
        assert im.n_frames == len(expected)
        sizes, durations = set(), []
        for i in range(im.n_frames):
            im.seek(i)
            sizes.add(im.size)
            durations.append(im.info["duration"])
    assert len(sizes) == 1 and durations == [100] * len(expected)
    last = view.save(tmp_path / "training.png")
    assert Image.open(last).size == sizes.pop()


def test_the_network_drawing_keeps_one_layout_while_weights_change():
    X, y = _data()
    model = nets.MLP(2, [4, 4, 1], seed=0)
    view = TrainingView(model, X, y, every=3, loss=nets.half_mse, display=False, steps=10)
    _fit(view, model, X, y, 6)
    first, last = (render_svg(r.source, dot=graphviz_pure()) for r in (view.records[0], view.records[-1]))
    assert first != last  # the weights' colours and widths changed

    def boxes(svg: str) -> list[tuple[str, str]]:
        box = r'<g id="(b\d+)" class="node box">\s*<title>[^<]*</title>\s*<polygon[^>]*points="([^"]+)"'
        return re.findall(box, svg)

    assert boxes(first) == boxes(last) and len(boxes(first)) == 9 + 1  # 9 neurons and the loss


def test_in_a_notebook_one_display_is_updated_in_place(monkeypatch):
    ipython_display = pytest.importorskip("IPython.display")
    calls: list[tuple[str, object]] = []

    class Handle:
        display_id = "view-1"

        def update(self, obj: object) -> None:
            calls.append(("update", obj))

    def fake_display(obj: object, display_id: bool = False) -> Handle:
        assert display_id is True  # a display that can be updated
        calls.append(("display", obj))
        return Handle()

    monkeypatch.setattr(ipython_display, "display", fake_display)
    X, y = _data()
    model = nets.MLP(2, [3, 1], seed=0)
    view = TrainingView(model, X, y, every=2, loss=nets.hinge, display=True, steps=10)
    _fit(view, model, X, y, 6)
    assert view.epochs == [1, 2, 4, 6]
    assert [kind for kind, _ in calls] == ["display", "update", "update", "update"]  # one display, in place
    shown = [Image.open(io.BytesIO(obj.data)) for _, obj in calls]
    assert {im.size for im in shown} == {view.frame().size}


def test_not_shown_outside_a_notebook(monkeypatch):
    ipython_display = pytest.importorskip("IPython.display")
    monkeypatch.setattr(ipython_display, "display", lambda *a, **k: pytest.fail("shown outside a notebook"))
    X, y = _data()
    model = nets.MLP(2, [3, 1], seed=0)
    view = TrainingView(model, X, y, loss=nets.hinge, steps=10)  # display=None: only in a Jupyter kernel
    _fit(view, model, X, y, 2)
    assert len(view) == 2 and view._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_display_without_ipython_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "IPython", None)
    X, y = _data()
    model = nets.MLP(2, [3, 1], seed=0)
    view = TrainingView(model, X, y, loss=nets.hinge, display=True, steps=10)
    with pytest.raises(ImportError, match="pip install ipython"):
        _fit(view, model, X, y, 1)


def test_models_without_two_inputs_get_curves_and_the_network_only(tmp_path: Path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 3))
    y = X.sum(axis=1)
    model = nets.MLP(3, [3, 1], seed=0)
    view = TrainingView(model, X, y, display=False)
    nets.fit(model, X, y, loss=nets.mse, epochs=3, progress=False, callbacks=[view])
    assert len(view) == 3 and all(r.grid is None and r.accuracy is None for r in view.records)
    with Image.open(view.save(tmp_path / "t.gif")) as im:
        assert im.n_frames == 3


def test_bad_arguments_are_refused(tmp_path: Path):
    X, y = _data()
    model = nets.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="every must be >= 1, got 0"):
        TrainingView(model, X, y, every=0)
    with pytest.raises(ValueError, match=r"expected \(n, 2\)"):
        TrainingView(model, X[:, :1], y)
    with pytest.raises(ValueError, match="but y has"):
        TrainingView(model, X, y[:-1])
    with pytest.raises(TypeError, match="nets.MLP"):
        TrainingView("model", X, y)
    with pytest.raises(ValueError, match=r"^TrainingView: sample \(a row of X\) must be <= 23, got 24$"):
        TrainingView(model, X, y, sample=24)
    view = TrainingView(model, X, y, display=False)
    with pytest.raises(ValueError, match="no epoch recorded yet"):
        view.save(tmp_path / "t.gif")
    with pytest.raises(ValueError, match=".gif or .png"):
        view.save(tmp_path / "t.mp4")
    assert view._repr_png_() is None


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"loss": 5}, TypeError, r"loss must be a function loss\(preds, targets\) -> Value .*, got int: 5"),
        ({"display": "no"}, TypeError, r"display \(None: in a notebook\) must be True or False, got str"),
        ({"display": 1}, TypeError, "display .* must be True or False, got int: 1"),
        ({"xlim": 5}, ValueError, r"xlim must be a pair \(lo, hi\), got 5"),
        ({"ylim": (1, 0)}, ValueError, r"ylim must have lo < hi, got \(1, 0\)"),
        ({"xlim": (0, "1")}, TypeError, r"xlim\[1\] must be a real number, got str"),
        pytest.param({"xlim": (0, 10**5000)}, ValueError, r"xlim\[1\]: an int of about 5001", id="huge-x"),
        ({"steps": 1.5}, TypeError, "steps must be an int, got float: 1.5"),
        ({"steps": True}, TypeError, "steps must be an int, got bool: True"),
        ({"steps": 10**9}, ValueError, "steps must be <= 1,000, got 1000000000"),
        ({"every": True}, TypeError, "every must be an int, got bool: True"),
        ({"dpi": True}, TypeError, "dpi must be a real number, got bool: True"),
        ({"dpi": float("nan")}, ValueError, "dpi must be a finite number, got nan"),
        ({"dpi": 0}, ValueError, "dpi must be > 0.0, got 0.0"),
        pytest.param({"dpi": 10**5000}, ValueError, "dpi: an int of about 5001 digits", id="huge-dpi"),
        ({"dpi": 10_000}, ValueError, "dpi must be <= 600, got 10000.0"),
        ({"loss": nets.hinge, "y": [2] * 24}, ValueError, r"hinge: y\[0\].* 2.0"),
        ({"X": [[np.nan, 1.0]] + [[0.0, 0.0]] * 23}, ValueError, r"X\[0\]\[0\] must be finite, got nan"),
        ({"X": [["1", 1.0]] + [[0.0, 0.0]] * 23}, ValueError, r"X\[0\]\[0\] must be a number, got str: '1'"),
    ],
)
def test_every_argument_is_checked_when_the_view_is_made(kwargs, error, match):
    X, y = _data()
    model = nets.MLP(2, [3, 1], seed=0)
    args = {"X": X, "y": y, **kwargs}
    with pytest.raises(error, match="^TrainingView: " + match):
        TrainingView(model, args.pop("X"), args.pop("y"), **args)


def test_good_arguments_are_taken_as_numbers():
    X, y = _data()
    view = TrainingView(nets.MLP(2, [3, 1], seed=0), X, y, xlim=(np.int64(-2), 3), steps=np.int32(10), dpi=96)
    assert view.xlim == (-2.0, 3.0) and view.steps == 10 and view.dpi == 96.0 and view.display is None
    assert all(type(v) is float for v in view.xlim)
