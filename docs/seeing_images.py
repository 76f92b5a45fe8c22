"""Write the pictures of docs/seeing.md into docs/images/: ``.venv/bin/python docs/seeing_images.py``.

- ``neuron_backward.svg`` — a neuron's backward pass as an animated SVG (one frame per step);
- ``naive_backward.svg`` — the naive (recursive, unordered) backward pass of ``z = y + w`` with
  ``w = 2y``, ``y = 3x``, as an animated SVG: premature steps, accumulation into ``y`` and ``x``;
- ``mlp_2_16_16_1.svg`` — micrograd's 2-16-16-1 network on one sample, a box per neuron, dead ones marked;
- ``training_moons.png`` — a frame of ``nets.TrainingView`` while the moons demo trains.

Everything is seeded, so the files only change when the pictures do. Needs no system Graphviz.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

import autograd as ag
import nets
from nets import datasets
from nets.optim import SGD

OUT = Path(__file__).resolve().parent / "images"


def neuron() -> ag.Value:
    x1, w1 = ag.Value(2.0, "x1"), ag.Value(-3.0, "w1")
    x2, w2 = ag.Value(0.0, "x2"), ag.Value(1.0, "w2")
    b = ag.Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


def shared() -> ag.Value:
    """The graph where y is reached directly and through w: dz/dx = 9, the naive pass gives 12."""
    x = ag.Value(2.0, "x")
    y = x * 3
    y.label = "y"
    w = y * 2
    w.label = "w"
    z = y + w
    z.label = "z"
    return z


def moons_run(model: nets.MLP, callbacks: tuple = ()) -> nets.MLP:
    """micrograd's moons demo: 100 epochs of full-batch SGD on the hinge loss with L2."""
    X, y = datasets.moons(n=100, noise=0.1, seed=1)
    opt = SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    nets.fit(model, X, y, loss=nets.hinge, optimizer=opt, epochs=100, l2=1e-4, progress=False,
             callbacks=callbacks)
    return model


def compact_png(image: Image.Image, path: Path) -> None:
    """A 256-colour PNG: a third of the size of the RGB one, and looks the same."""
    buf = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True
    )
    path.write_bytes(buf.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    from autograd.see.animate import save_animation

    save_animation(ag.Stepper(neuron()), OUT / "neuron_backward.svg", seconds_per_step=1.5)
    ag.Stepper(shared(), order="naive").save(OUT / "naive_backward.svg", seconds_per_step=2)

    big = nets.MLP(2, [16, 16, 1], seed=1337)
    ag.save(nets.draw_network(big, [0.5, -0.3], 1.0), OUT / "mlp_2_16_16_1.svg")

    # The drawing shows one sample: take the one the trained model is least sure of, so that its
    # gradient still flows in the frames (with the hinge loss a sample beyond the margin passes none).
    X, y = datasets.moons(n=100, noise=0.1, seed=1)
    trained = moons_run(nets.MLP(2, [16, 16, 1], seed=1337))
    margin = np.asarray(nets.predict(trained, X)) * np.where(y > 0, 1.0, -1.0)
    model = nets.MLP(2, [16, 16, 1], seed=1337)
    hardest = int(margin.argmin())
    view = nets.TrainingView(model, X, y, every=10, loss=nets.hinge, sample=hardest, display=False)
    moons_run(model, (view,))
    compact_png(view.frame(2), OUT / "training_moons.png")  # epoch 20: the boundary still bending
    for path in sorted(OUT.glob("*")):
        print(f"{path.relative_to(OUT.parent)}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
