"""Tests of autograd.see.notebook: a Value's notebook display, inline SVG or one line of text when big."""

from __future__ import annotations

import sys

import autograd as ag
from autograd.see.notebook import (
    INLINE_LIMIT,
    INLINE_WIDTH,
    count_nodes,
    svg_width,
    value_repr_mimebundle,
    value_repr_svg,
)

# -- notebook display of a Value -------------------------------------------------------


def test_value_notebook_display_small_and_big():
    x = ag.Value(0.5, "x")
    html = x._repr_mimebundle_()["text/html"]
    assert html.startswith("<pre>Value(label=&#x27;x&#x27;, data=0.5, grad=0.0)</pre>") and "<svg" in html
    assert "<svg" in value_repr_svg(x)
    small = x * 2.0 + x
    bundle = value_repr_mimebundle(small)
    assert "<svg" in bundle["text/html"] and bundle["text/plain"] == repr(small)
    assert svg_width(value_repr_svg(small)) <= INLINE_WIDTH
    big = ag.Value(0.5)
    for _ in range(INLINE_LIMIT):
        big = big * 1.0
    assert count_nodes(big) == 2 * INLINE_LIMIT + 1
    assert count_nodes(big, INLINE_LIMIT) == INLINE_LIMIT + 1
    bundle = value_repr_mimebundle(big)
    assert set(bundle) == {"text/plain"}
    text = bundle["text/plain"]
    assert f"more than {INLINE_LIMIT} nodes" in text and "autograd.draw" in text
    assert value_repr_svg(big) is None


def test_count_nodes_counts_each_value_once():
    a = ag.Value(2.0, "a")
    assert count_nodes(a) == 1
    sq = a * a  # a is both parents: counted once
    assert count_nodes(sq) == 2
    y = sq + sq * 3.0  # sq shared; 3.0 a constant
    assert count_nodes(y) == 5
    assert count_nodes(y, 2) == 3  # stops just past the limit


def test_without_a_renderer_the_display_is_one_line_of_text(monkeypatch):
    import autograd.see.render as render

    monkeypatch.setattr(render, "system_dot", lambda: None)
    monkeypatch.setattr(render, "graphviz_pure", lambda: None)
    x = ag.Value(0.5, "x")
    y = x * 2.0
    assert value_repr_svg(y) is None
    bundle = value_repr_mimebundle(y)
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith(repr(y) + " — no Graphviz renderer found")
    assert y._repr_mimebundle_() == bundle  # importing the module installed it as every Value's display


def neuron(nin: int) -> ag.Value:
    """micrograd's lecture neuron n(x): per-weight products summed onto the bias, then tanh."""
    act = ag.Value(0.1)
    for i in range(nin):
        act = act + ag.Value(0.1 * i - 0.3) * ag.Value(1.0 - 0.2 * i)
    return act.tanh()


def test_a_neuron_of_micrograds_lecture_shows_its_repr_first(monkeypatch):
    """n(x) of the lecture (3 inputs): the repr line people expect, then a picture that fits the column."""
    out = neuron(3)
    bundle = value_repr_mimebundle(out)
    assert bundle["text/html"].startswith(f"<pre>{repr(out)}</pre>")
    assert svg_width(value_repr_svg(out)) <= INLINE_WIDTH
    wide = ag.Value(0.0, "s")
    for i in range(7):  # 36 nodes: drawn top to bottom, it still fits the column
        wide = wide + (ag.Value(0.1 * i, f"w{i}") * ag.Value(1.0, f"x{i}")).tanh()
    width = svg_width(value_repr_svg(wide))
    assert width <= INLINE_WIDTH and "text/html" in value_repr_mimebundle(wide)
    monkeypatch.setattr(sys.modules["autograd.see.notebook"], "INLINE_WIDTH", width - 1)  # a narrower column
    bundle = value_repr_mimebundle(wide)
    assert set(bundle) == {"text/plain"}
    assert bundle["text/plain"].startswith(repr(wide)) and f"{width:.0f} pt wide" in bundle["text/plain"]
    big = neuron(20)  # 81 nodes
    assert "more than 40 nodes" in value_repr_mimebundle(big)["text/plain"]


def test_svg_width_reads_points_and_pixels():
    assert svg_width('<svg width="120pt" height="3pt">') == 120.0
    assert svg_width('<svg width="100px">') == 75.0 and svg_width("<svg>") is None
