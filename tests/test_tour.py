"""Tests of autograd.tour: the engine walkthrough (`python -m autograd`, the first part of `make demo`)."""

from __future__ import annotations

import subprocess
import sys

from autograd.tour import engine_tour

STEPS = [
    "step 1: a = tanh(o); local da/do = 1 - tanh(o)^2 = 0.5; o.grad += 1 x 0.5 = 0.5 (0 -> 0.5)",
    "step 2: o = s + b; local do/ds = 1; s.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
    "step 3: o = s + b; local do/db = 1; b.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
    "step 4: s = x1w1 + x2w2; local ds/dx1w1 = 1; x1w1.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
    "step 5: s = x1w1 + x2w2; local ds/dx2w2 = 1; x2w2.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
    "step 6: x2w2 = x2*w2; local dx2w2/dx2 = w2 = 1; x2.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
    "step 7: x2w2 = x2*w2; local dx2w2/dw2 = x2 = 0; w2.grad += 0.5 x 0 = 0 (0 -> 0)",
    "step 8: x1w1 = x1*w1; local dx1w1/dx1 = w1 = -3; x1.grad += 0.5 x -3 = -1.5 (0 -> -1.5)",
    "step 9: x1w1 = x1*w1; local dx1w1/dw1 = x1 = 2; w1.grad += 0.5 x 2 = 1 (0 -> 1)",
]


def test_engine_tour_prints_the_neuron_and_every_chain_rule_step(capsys):
    engine_tour()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "== The engine: one neuron, a = tanh(w1*x1 + w2*x2 + b) =="
    assert lines[1] == "forward: o = 0.8814, a = tanh(o) = 0.7071"
    assert lines[2] == "backward, one chain-rule step (one edge) at a time:"
    assert lines[3:12] == ["  " + s for s in STEPS]  # one line per edge of the graph
    assert lines[12:17] == [
        "  d a / d x1 = -1.5000",
        "  d a / d w1 = +1.0000",
        "  d a / d x2 = +0.5000",
        "  d a / d w2 = +0.0000",
        "  d a / d b = +0.5000",
    ]
    assert lines[17:] == [""] and out.endswith("\n\n")


def test_python_m_autograd_runs_the_engine_tour(capsys):
    engine_tour()
    expected = capsys.readouterr().out
    done = subprocess.run([sys.executable, "-m", "autograd"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected
