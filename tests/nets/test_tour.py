"""Tests of nets.tour: `python -m nets tour` (`make demo`) runs every section and prints what it promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from nets import tour
from nets.model import MLP


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[str, Path]:
    """``python -m nets tour`` run once, in a scratch folder: its stdout and that folder."""
    cwd = tmp_path_factory.mktemp("demo")
    done = subprocess.run(
        [sys.executable, "-m", "nets", "tour"], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, cwd


def _section(out: str, title: str) -> list[str]:
    """The lines of the section whose heading starts with ``== title``, up to the blank line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"== {title}"))
    end = lines.index("", start)
    return lines[start:end]


def test_the_sections_come_in_order(demo):
    out, _ = demo
    headings = [line for line in out.splitlines() if line.startswith("== ")]
    assert [h.split(":")[0] for h in headings] == [
        "== The engine",
        "== Article 2's network",
        "== Article 2's gradient descent",
        "== Training",
        "== Pictures",
    ]


def test_the_engine_section_is_the_engine_tour(demo, capsys):
    from autograd.tour import engine_tour

    engine_tour()
    out, _ = demo
    assert out.startswith(capsys.readouterr().out)


def test_article_2_network_prints_its_28_parameters_in_phi_order(demo):
    out, _ = demo
    lines = _section(out, "Article 2's network")
    assert lines[0] == "== Article 2's network: MLP(3, [3, 3, 1]), 28 parameters in the article's order =="
    rows = lines[3:]
    assert len(rows) == 28 and [row.split()[0] for row in rows] == [f"phi{i}" for i in range(28)]
    # the same numbers as the model itself
    model = MLP(3, [3, 3, 1], activation="tanh", seed=0)
    y = model([0.5, -1.0, 2.0])
    loss = (y - 1.0) ** 2
    loss.backward()
    assert lines[1] == (
        "x = (0.5, -1.0, 2.0), target 1.0, tanh hidden layers; "
        f"Y = {y.data:.4f}, L = (Y - 1)^2 = {loss.data:.4f}"
    )
    assert lines[1].endswith("Y = -0.3769, L = (Y - 1)^2 = 1.8959")
    for row, name, (label, p) in zip(rows, model.article_names(), model.named_parameters()):
        assert row.split() == [row.split()[0], name, label, f"{p.data:.4f}", f"{p.grad:.4f}"]
    assert rows[0].split()[1:3] == ["w_N11,X1", "L1.N1.w1"] and rows[27].split()[1:3] == ["b_Y", "L3.N1.b"]


def test_article_2_gradient_descent_numbers(demo):
    out, _ = demo
    lines = _section(out, "Article 2's gradient descent")
    # L = (phi1 - 3)^2 + (phi2 - 2)^2 with lr 0.1: each step keeps 0.8 of the distance to (3, 2)
    assert lines[1:] == [
        "  iteration 1: grad (-6.00, -4.00) -> phi = (0.6, 0.4)",
        "  iteration 2: grad (-4.80, -3.20) -> phi = (1.08, 0.72)",
        "  iteration 3: grad (-3.84, -2.56) -> phi = (1.464, 0.976)",
    ]


def test_training_reaches_every_training_point(demo):
    out, _ = demo
    lines = _section(out, "Training")
    assert lines[0] == (
        "== Training: MLP(2, [16, 16, 1]) on 100 moons points, hinge loss + 1e-4 L2, 100 steps =="
    )
    (result,) = lines[1:]
    found = re.fullmatch(r"final loss (\d+\.\d{4}), training accuracy (\d+)%", result)
    assert found, result
    assert float(found.group(1)) < 0.05 and found.group(2) == "100"


def test_the_pictures_are_written_under_out_tour(demo):
    out, cwd = demo
    lines = _section(out, "Pictures")
    folder = cwd / "out" / "tour"  # the default --out
    assert lines[0].endswith("(out/tour/) ==")
    assert "  wrote out/tour/neuron.svg" in lines and "  wrote out/tour/neuron.png" in lines
    assert "  wrote out/tour/neuron_steps.html (9 steps; open it in a browser)" in lines
    assert sorted(p.name for p in folder.iterdir()) == [
        "mlp_2_16_16_1.png", "neuron.png", "neuron.svg", "neuron_steps.html",
    ]
    assert "<svg" in (folder / "neuron.svg").read_text(encoding="utf-8")
    for png in ("neuron.png", "mlp_2_16_16_1.png"):
        assert (folder / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (folder / "neuron_steps.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="cr-row') == 9
    # the ledger of d a / d w1 ends the tour
    ledger = out[out.index("The chain-rule ledger of d a / d w1:") :].splitlines()
    assert ledger[1] == "  da/dw1 = 1"
    assert "  path 1: w1 -> x1*w1 -> x1*w1 + x2*w2 -> o -> a" in ledger
    assert "      da/do (argument 0) = 1 - tanh(o)^2 = 0.5" in ledger
    assert ledger[-2:] == ["  total = 1 (a single term)", ""]


def test_pictures_go_to_the_out_folder(tmp_path: Path, capsys):
    out = tmp_path / "pics" / "here"
    tour.pictures_tour(out)
    printed = capsys.readouterr().out
    assert f"({out}/) ==" in printed.splitlines()[0]
    assert sorted(p.name for p in out.iterdir()) == [
        "mlp_2_16_16_1.png", "neuron.png", "neuron.svg", "neuron_steps.html",
    ]
    assert f"  wrote {out / 'neuron.svg'}" in printed


def test_the_command_line_takes_only_tour(capsys):
    with pytest.raises(SystemExit) as info:
        tour.main(["walk"])
    assert info.value.code == 2
    assert "invalid choice: 'walk'" in capsys.readouterr().err
