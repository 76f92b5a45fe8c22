"""Tests of autograd.see.names: label escaping (html_label) on every renderer, node names, ops as maths.

Rendering runs on graphviz-pure (always) and also on a system ``dot`` when
one is on PATH, so the escaping is checked against every renderer present.
Set CHAINRULE_REQUIRE_SYSTEM_DOT=1 to make a missing system ``dot`` a failure.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.core import REGISTRY
from autograd.see.draw import draw, element_ids
from autograd.see.names import (
    MAX_EXPRESSION,
    MAX_TOOLTIP_SOURCE,
    Names,
    expr,
    html_label,
    html_text,
    node_name,
    page_text,
    rule_and_number,
    shorten,
    tooltip,
    xml_text,
)
from autograd.see.render import graphviz_pure, render_svg, system_dot

SVG = "{http://www.w3.org/2000/svg}"
PURE = graphviz_pure()
REQUIRE_SYSTEM_DOT = os.environ.get("CHAINRULE_REQUIRE_SYSTEM_DOT") == "1"
# graphviz-pure always; a system dot when there is one (or when it is required, to fail without it)
RENDERERS = ["graphviz-pure"] + (["system dot"] if system_dot() or REQUIRE_SYSTEM_DOT else [])


def _renderer(name: str) -> str:
    if name == "graphviz-pure":
        assert PURE, "graphviz-pure must be installed (it is a dependency)"
        return PURE
    found = system_dot()
    if found is None:
        pytest.fail("CHAINRULE_REQUIRE_SYSTEM_DOT=1 but there is no 'dot' on PATH")
    return found


HOSTILE = [
    'say "hi"',
    "<b>bold</b> & {x|y}",
    "back\\slash \\\\ and trailing \\",
    "\\N \\G \\E \\T \\H \\L \\n \\l \\r",
    "line one\nline two\r\nline three",
    "]]> <![CDATA[ x ]]>",
    "--> <!-- comment",
    "' single ' and `tick`",
    "bell\x07 tab\t nul\x00 del\x7f",
    "<BR/> &amp; &#65; %s {}",
    "é ü 日本 🙂",
    "a];\nnode [label=x] ; b -> c",
]


def _groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


def _texts(g: ET.Element) -> list[str]:
    # graphviz writes the second of two spaces as a no-break space
    return [(t.text or "").replace("\xa0", " ") for t in g.iter(SVG + "text")]


def _shown(label: str) -> list[str]:
    """The text lines a label must render as: control characters as \\xNN, no empty lines."""
    visible = "".join(
        f"\\x{ord(c):02x}" if (ord(c) < 32 and c not in "\r\n") or 0x7F <= ord(c) < 0xA0 else c for c in label
    )
    return [line for line in re.split(r"\r\n|\r|\n", visible) if line]


# -- escaping ------------------------------------------------------------------------


def test_html_label_exact_escaping():
    assert html_label('a"b<c>&d') == "a&quot;b&lt;c&gt;&amp;d"
    assert html_label("\\N") == "\\\\N"
    assert html_label("x\ny\r\nz") == "x<BR/>y<BR/>z"
    assert html_label("bell\x07") == "bell\\\\x07"
    assert html_label("'") == "&#x27;"
    with pytest.raises(TypeError, match="label must be a str"):
        html_label(3)


@pytest.mark.parametrize("renderer", RENDERERS)
def test_hostile_labels_render_literally(renderer):
    renderer = _renderer(renderer)
    values = [ag.Value(float(i), label) for i, label in enumerate(HOSTILE)]
    root = values[0]
    for v in values[1:]:
        root = root + v
    root.label = HOSTILE[4]
    g = draw(root, groups=lambda v: v.label if v in values[:3] else None)
    src = g.source
    svg = render_svg(g, dot=renderer)
    nodes = _groups(svg)
    ids = element_ids(root)
    for v in [*values, root]:
        texts = _texts(nodes[ids[v]])
        label_lines = _shown(v.label)
        assert texts[: len(label_lines)] == label_lines, (v.label, texts)
        assert texts[len(label_lines) :] == [f"data {v.data:.4f}", f"grad {v.grad:.4f}"]
    # the clusters named by hostile labels render literally too
    cluster_texts = [_texts(el) for el in nodes.values() if "cluster" in el.get("class", "")]
    assert sorted(cluster_texts) == sorted(_shown(lab) for lab in HOSTILE[:3])
    # no label text leaks into the DOT syntax: one statement per line, no raw control characters
    statement = re.compile(
        r"\t*(digraph autograd \{|(graph|node|edge) \[.*\]|\w+( -> \w+)? \[.*\]"
        r"|subgraph cluster_\d+ \{|color=.*|\})"
    )
    for line in src.splitlines():
        assert statement.fullmatch(line), line
    assert all(c in "\t\n" or ord(c) >= 32 for c in src)


@settings(max_examples=25)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_any_label_renders_literally(labels):
    values = [ag.Value(float(i), lab) for i, lab in enumerate(labels)]
    root = values[0]
    for v in values[1:]:
        root = root * v
    nodes = _groups(render_svg(draw(root, show=("label",)), dot=PURE))
    ids = element_ids(root)
    names = Names(root)
    for v in values:
        shown = v.label or names[v]  # an unlabelled leaf's box shows its name, tN
        expected = [line.replace("\xa0", " ").strip() for line in _shown(shorten(shown))]
        got = [t.strip() for t in _texts(nodes[ids[v]])]
        assert [t for t in got if t] == [t for t in expected if t]


# -- node names, ops as maths, rules ------------------------------------------------


def test_node_name_prefers_the_label_then_an_expression_then_tn():
    x = ag.Value(0.5, "x")
    assert node_name(x) == "x"
    assert node_name(ag.Value(0.5)) == "t1"  # an unlabelled leaf
    assert node_name(ag.const(2.0)) == "2" and node_name(ag.const(-0.15)) == "-0.15"
    assert node_name(x * 1.0) == "x*1" and node_name(x * 2.0 + x.tanh()) == "x*2 + tanh(x)"
    y = x * 2.0
    y.label = "y"
    assert node_name(y) == "y"


def test_expressions_bracket_only_where_precedence_needs_it():
    x, y = ag.Value(2.0, "x"), ag.Value(3.0, "y")
    cases = {
        (x + y) * x: "(x + y)*x",
        x - (y - x): "x - (y - x)",
        x - y - x: "x - y - x",
        -(x + y): "-(x + y)",
        (-x) ** 2: "(-x)**2",
        x / (y * x): "x/(y*x)",
        (x * y) / x: "x*y/x",
        x * -3.0: "x*(-3)",
        (x**y) ** x: "(x**y)**x",
        x ** (y**x): "x**y**x",
        (x + 1.0).exp(): "exp(x + 1)",
        2.0 * x: "2*x",
    }
    for v, want in cases.items():
        assert node_name(v) == want
    long = x
    for _ in range(3):
        long = long * 1.25 + y * y
    names = Names(long)
    assert len(names[long]) <= MAX_EXPRESSION and names.numbered and names[names.numbered[0]] == "t1"


def test_rules_in_the_operands_names():
    x1, w1, o = ag.Value(2.0, "x1"), ag.Value(-3.0, "w1"), ag.Value(0.5, "o")
    p = x1 * w1
    a = o.tanh()
    q = x1 / (w1 + o)
    names = Names(p + a + q)
    assert names.rule(p, 0) == "w1" and names.rule(p, 1) == "x1"
    assert names.rule(a, 0) == "1 - tanh(o)^2"  # the exp in exp(x) or tanh in tanh(x) is untouched
    assert names.rule(q, 1) == "-x1/(w1 + o)^2"  # compound operands are bracketed
    assert names.ratio(p, x1) == "d(x1*w1)/dx1" and names.ratio(a, o) == "d(tanh(o))/do"
    cube = ag.defop("tn_cube", lambda t: t**3, (lambda F, t, out: 3 * t * t,), ("3 t^2",))
    c = cube(x1 + o)
    assert Names(c).rule(c, 0) == "3 (x1 + o)^2"  # a custom op's rule string, in its own parameter names


@pytest.mark.parametrize("renderer", RENDERERS)
def test_very_long_labels_render_shortened_with_the_full_text_in_the_tooltip(renderer):
    """3,000 double quotes or 17,000 characters once made system dot fail ("longer than 16384?")."""
    renderer = _renderer(renderer)
    quotes, long = ag.Value(1.0, '"' * 3000), ag.Value(2.0, "x" * 17000)
    root = quotes * long
    root.label = "root " + "y" * 100
    g = draw(root, groups={quotes: "c" * 5000})
    svg = render_svg(g, dot=renderer)
    nodes = _groups(svg)
    ids = element_ids(root)
    assert _texts(nodes[ids[quotes]])[0] == '"' * 57 + "\u2026"
    assert _texts(nodes[ids[long]])[0] == "x" * 57 + "\u2026"
    assert _texts(nodes[ids[root]])[0] == ("root " + "y" * 100)[:57] + "\u2026"
    tips = [
        a.get("{http://www.w3.org/1999/xlink}title") or a.get("title")
        for a in ET.fromstring(svg).iter(SVG + "a")
    ]
    assert any(t and t.startswith("x" * 1000) for t in tips)  # the full text, as far as the tooltip holds
    cluster = [_texts(el) for el in nodes.values() if "cluster" in el.get("class", "")]
    assert cluster == [["c" * 57 + "\u2026"]]


def test_long_labels_are_shortened_in_pictures():
    assert shorten("a" * 60) == "a" * 60 and shorten("a" * 61) == "a" * 57 + "\u2026"
    assert len(tooltip("x" * 5000)) == 2000 and tooltip("x" * 5000).endswith("x\u2026")


def test_a_tooltip_is_written_so_that_graphviz_shows_it_as_typed():
    # dot and graphviz-pure decode entities, take off a level of backslashes, then expand \N, \G, ...
    assert tooltip("\\N") == "\\\\\\\\N"  # one backslash as four
    assert tooltip("<b> & &amp;") == "&lt;b&gt; &amp; &amp;amp;"  # never an HTML string, entities as typed
    assert tooltip("a\nb\x01") == "a b\\\\\\\\x01"  # a line break as a space, controls written out
    cut = tooltip("\x01" * 2000)  # 8 characters of DOT each: cut short of 2,000, within the DOT limit
    assert len(cut) <= MAX_TOOLTIP_SOURCE and cut.endswith("\u2026") and cut.count("x01") < 2000


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize(
    "label",
    ["\\N\\G\\L\\E\\\\", '\\"x\\\\"', "&amp; &lt; &#92; &", "<b>x</b>", "<<x>", "tab\tcontrol\x01"],
    ids=["escapes", "quotes", "entities", "markup", "brackets", "controls"],
)
def test_a_long_labels_tooltip_renders_as_typed(renderer, label):
    label = label + "q" * 70
    x = ag.Value(1.0, label)
    svg = render_svg(draw(x * 2), dot=_renderer(renderer))
    (tip,) = [a.get("{http://www.w3.org/1999/xlink}title") for a in _groups(svg)["n0"].iter(SVG + "a")]
    assert tip.replace("\xa0", " ") == label.replace("\t", "\\x09").replace("\x01", "\\x01")


def test_page_text_writes_out_what_a_page_cannot_hold():
    assert page_text("x\x00y\ud800") == "x\\x00y\\ud800" and page_text("x\x1b") == "x\x1b"
    assert html_text("<\x00>") == "&lt;\\x00&gt;"
    assert xml_text("a\x00\x1b\t\n\ufffe") == "a\\x00\\x1b\t\n\\ufffe"


def test_expr_uses_the_notation_else_a_call():
    assert expr(REGISTRY["*"], ["x1", "w1"]) == "x1*w1"
    assert expr(REGISTRY["neg"], ["a"]) == "-a"
    assert expr(REGISTRY["tanh"], ["o"]) == "tanh(o)"
    assert expr((ag.Value(3.0) ** 2).opdef, ["s"]) == "s**2"
    # a notation only applies with the op's own number of arguments
    assert expr(REGISTRY["+"], ["a", "b", "c"]) == "+(a, b, c)"
    # a call with more than max_args arguments is shortened
    args = ["w1", "w2", "x1", "x2", "b"]
    assert expr(REGISTRY["dot"], args) == "dot(w1, w2, x1, x2, b)"
    assert expr(REGISTRY["dot"], args, max_args=3) == "dot(w1, ..., b)"
    assert expr(REGISTRY["dot"], args[:3], max_args=3) == "dot(w1, w2, x1)"


def test_rule_and_number():
    assert rule_and_number("1", 1.0) == "1"
    assert rule_and_number("y", -3.0) == "y = -3"
    assert rule_and_number("1 - tanh(x)^2", 0.41997434161402614) == "1 - tanh(x)^2 = 0.419974"
