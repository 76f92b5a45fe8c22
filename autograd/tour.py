"""The engine section of the tour (``make demo``): build, backward, print every chain-rule step."""

from __future__ import annotations

from .core import Value
from .see import backward_steps


def engine_tour() -> None:
    """Print a one-neuron walkthrough: a = tanh(w1 x1 + w2 x2 + b), then each chain-rule step."""
    print("== The engine: one neuron, a = tanh(w1*x1 + w2*x2 + b) ==")
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2 = Value(-3.0, "w1"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    s = x1w1 + x2w2
    s.label = "s"
    o = s + b
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    print(f"forward: o = {o.data:.4f}, a = tanh(o) = {a.data:.4f}")
    print("backward, one chain-rule step (one edge) at a time:")
    for step in backward_steps(a):
        print("  " + str(step))
    for v in (x1, w1, x2, w2, b):
        print(f"  d a / d {v.label} = {v.grad:+.4f}")
    print()
