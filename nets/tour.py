"""The tour behind ``make demo`` (``python -m nets tour``): each part of chainrule in a few printed lines.

Sections, in order: the engine (one neuron, every chain-rule step), article 2's
3-3-3-1 network and its 28 parameters, article 2's gradient-descent numbers,
training a small net on moons with a progress bar, and pictures (a graph image
and a standalone stepper page, written under ``--out``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from autograd import Stepper, Value, draw, explain, save
from autograd.tour import engine_tour

from . import datasets, losses
from .model import MLP
from .optim import SGD
from .train import accuracy, fit
from .views import draw_network


def network_tour() -> None:
    """Article 2's network: 3 inputs, two hidden layers of 3, one output; phi0..phi27."""
    print("== Article 2's network: MLP(3, [3, 3, 1]), 28 parameters in the article's order ==")
    model = MLP(3, [3, 3, 1], activation="tanh", seed=0)
    y = model([0.5, -1.0, 2.0])
    loss = (y - 1.0) ** 2
    loss.backward()
    print(f"x = (0.5, -1.0, 2.0), target 1.0, tanh hidden layers; Y = {y.data:.4f}, "
          f"L = (Y - 1)^2 = {loss.data:.4f}")
    print(f"  {'phi':>5}  {'article name':<12} {'label':<10} {'value':>9} {'dL/dphi':>10}")
    for i, (name, (label, p)) in enumerate(zip(model.article_names(), model.named_parameters())):
        print(f"  phi{i:<2}  {name:<12} {label:<10} {p.data:9.4f} {p.grad:10.4f}")
    print()


def descent_tour() -> None:
    """Article 2's worked gradient-descent iterations, recomputed by the engine."""
    print("== Article 2's gradient descent: L = (phi1 - 3)^2 + (phi2 - 2)^2, from (0, 0), lr 0.1 ==")
    phi1, phi2 = Value(0.0, "phi1"), Value(0.0, "phi2")
    opt = SGD([phi1, phi2], lr=0.1)
    for k in range(1, 4):
        opt.zero_grad()
        L = (phi1 - 3) ** 2 + (phi2 - 2) ** 2
        L.backward()
        g1, g2 = phi1.grad, phi2.grad
        opt.step()
        print(f"  iteration {k}: grad ({g1:+.2f}, {g2:+.2f}) -> phi = ({phi1.data:.4g}, {phi2.data:.4g})")
    print()


def training_tour() -> None:
    """micrograd's demo: MLP 2-16-16-1 on 100 moons, hinge loss + 1e-4 L2, 100 SGD steps."""
    print("== Training: MLP(2, [16, 16, 1]) on 100 moons points, hinge loss + 1e-4 L2, 100 steps ==")
    X, y = datasets.moons(n=100, noise=0.1, seed=1)
    model = MLP(2, [16, 16, 1], seed=1337)
    opt = SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    h = fit(model, X, y, loss=losses.hinge, optimizer=opt, epochs=100, l2=1e-4, progress=True)
    print(f"final loss {h.loss[-1]:.4f}, training accuracy {accuracy(model, X, y):.0%}")
    print()


def pictures_tour(out: Path) -> None:
    """Write the neuron's graph (SVG and PNG) and a standalone stepper page; print a chain-rule ledger."""
    print(f"== Pictures: a neuron's graph and a page that steps through its backward pass ({out}/) ==")
    out.mkdir(parents=True, exist_ok=True)
    x1, w1 = Value(2.0, "x1"), Value(-3.0, "w1")
    x2, w2 = Value(0.0, "x2"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    o = x1 * w1 + x2 * w2 + b
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    a.backward()
    graph = draw(a)
    for name in ("neuron.svg", "neuron.png"):
        save(graph, out / name)
        print(f"  wrote {out / name}")
    stepper = Stepper(a)
    stepper.save_html(out / "neuron_steps.html")
    print(f"  wrote {out / 'neuron_steps.html'} ({len(stepper)} steps; open it in a browser)")
    big = MLP(2, [16, 16, 1], seed=1337)
    path = out / "mlp_2_16_16_1.png"
    save(draw_network(big, [0.5, -0.3], 1.0), path)
    print(f"  wrote {path}: MLP(2, [16, 16, 1]) on one sample, one box per neuron (o, a and their grads)")
    print("The chain-rule ledger of d a / d w1:")
    print("  " + str(explain(a, w1)).replace("\n", "\n  "))
    print()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m nets", description="chainrule's tour")
    parser.add_argument("command", choices=["tour"], help="what to run")
    parser.add_argument("--out", default="out/tour", help="folder for the pictures (default: out/tour)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    engine_tour()
    network_tour()
    descent_tour()
    training_tour()
    pictures_tour(out)
