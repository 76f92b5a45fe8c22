"""Tests of autograd.see.notebook: a Value's notebook display, inline SVG or one line of text when big."""

from __future__ import annotations

import autograd as ag
from autograd.see.notebook import INLINE_LIMIT, count_nodes, value_repr_mimebundle, value_repr_svg

# -- notebook display of a Value -------------------------------------------------------


def test_value_notebook_display_small_and_big():
    x = ag.Value(0.5, "x")
    assert "<svg" in x._repr_mimebundle_()["image/svg+xml"]
    assert "<svg" in value_repr_svg(x)
    small = x * 2.0 + x
    bundle = value_repr_mimebundle(small)
    assert "<svg" in bundle["image/svg+xml"] and bundle["text/plain"] == repr(small)
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
