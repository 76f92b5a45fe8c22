"""Tests of autograd.draw and autograd.render: DOT structure, label escaping, rendering.

Rendering runs on graphviz-pure (always) and also on a system ``dot`` when
one is on PATH, so the escaping is checked against every renderer present.
Set CHAINRULE_REQUIRE_SYSTEM_DOT=1 to make a missing system ``dot`` a failure.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.see.draw import (
    draw,
    draw_dot,
    element_ids,
    highlight_sets,
    shown_ids,
    validate_format,
    validate_groups,
    validate_rankdir,
)
from autograd.see.names import html_label
from autograd.see.notebook import INLINE_LIMIT, count_nodes, value_repr_mimebundle, value_repr_svg
from autograd.see.render import (
    RenderError,
    configure_graphviz,
    graphviz_pure,
    render_png,
    render_svg,
    save,
    system_dot,
)

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


def _graph():
    a = ag.Value(2.0, "a")
    b = ag.Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + 1.0
    e = d * d
    e.label = "e"
    return a, b, c, d, e


def _groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


def _texts(g: ET.Element) -> list[str]:
    # graphviz writes the second of two spaces as a no-break space
    return [(t.text or "").replace("\xa0", " ") for t in g.iter(SVG + "text")]


def _bbox(g: ET.Element) -> tuple[float, float, float, float]:
    nums = []
    for el in g:
        if el.tag in (SVG + "polygon", SVG + "path"):
            nums += [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", el.get("points") or el.get("d"))]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(a: tuple, b: tuple) -> bool:
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


def _line(src: str, eid: str) -> str:
    """The DOT statement of the element with id ``eid``."""
    (line,) = [ln for ln in src.splitlines() if re.search(rf"\bid={eid}[ \]]", ln)]
    return line


def _shown(label: str) -> list[str]:
    """The text lines a label must render as: control characters as \\xNN, no empty lines."""
    visible = "".join(
        f"\\x{ord(c):02x}" if (ord(c) < 32 and c not in "\r\n") or 0x7F <= ord(c) < 0xA0 else c
        for c in label
    )
    return [line for line in re.split(r"\r\n|\r|\n", visible) if line]


# -- DOT structure ---------------------------------------------------------------


def test_dot_source_structure():
    a, b, c, d, e = _graph()
    e.backward()
    g = draw(e)
    src = g.source
    order = ag.topological_order(e)
    ids = element_ids(e)
    assert [ids[v] for v in order] == [f"n{k}" for k in range(len(order))]
    for k, v in enumerate(order):
        assert f"id=n{k} " in src
        if v.parents:
            assert f"id=o{k} " in src and f"id=r{k} " in src
            for i in range(len(v.parents)):
                assert f"id=e{k}_{i} " in src
        else:
            assert f"id=o{k} " not in src
    # one edge per parent slot plus one op -> value edge per computed node
    edges = re.findall(r"^\s*(\w+) -> (\w+) ", src, re.M)
    assert len(edges) == sum(len(v.parents) for v in order) + sum(1 for v in order if v.parents)
    # e = d * d: two parallel edges n{d} -> o{e}, each labelled with its local grad d.data
    kd, ke = order.index(d), order.index(e)
    assert edges.count((f"n{kd}", f"o{ke}")) == 2
    assert src.count(f"label=<{d.data:.4f}>") >= 2
    # value nodes show label, data and grad; op nodes show the op
    assert "<B>c</B>" in src and "data -6.0000" in src and f"grad {c.grad:.4f}" in src
    assert "label=<*>" in src and "label=<+>" in src
    assert "rankdir=LR" in src
    assert draw_dot is draw


def test_show_rankdir_edge_grads_and_format():
    *_, e = _graph()
    src = draw(e, rankdir="TB", show=("data",), edge_grads=False, number_format=".2e").source
    assert "rankdir=TB" in src
    assert ">grad " not in src and "<B>e</B>" not in src
    assert "data 2.50e+01" in src and "data -6.00e+00" in src
    assert not re.search(r"-> \w+ \[label=", src)


def test_hide_constants_moves_the_constant_into_the_op():
    *_, d, e = _graph()
    order = ag.topological_order(e)
    kc = next(k for k, v in enumerate(order) if v.op == "const")
    src = draw(e, hide_constants=True).source
    assert f"id=n{kc} " not in src and f" n{kc} ->" not in src
    assert "arg 1 = 1.0000" in src
    assert f"id=n{kc} " in draw(e).source


@pytest.mark.parametrize("hide", [False, True])
def test_shown_ids_are_the_ids_in_the_svg(hide: bool):
    *_, e = _graph()
    svg_ids = {i for i in _groups(render_svg(draw(e, hide_constants=hide), dot=PURE)) if i[0] in "noer"}
    assert shown_ids(e, hide_constants=hide) == svg_ids


def test_a_constant_root_is_never_hidden():
    c = ag.const(2.0)
    src = draw(c, hide_constants=True).source
    assert "id=n0 " in src and "data 2.0000" in src
    assert shown_ids(c, hide_constants=True) == {"n0"}
    assert "n0" in _groups(render_svg(draw(c, hide_constants=True), dot=PURE))


def test_pending_values_show_a_question_mark():
    a, b, c, d, e = _graph()
    src = draw(e, pending=[d, e]).source
    ids = element_ids(e)
    assert "data ?" in _line(src, ids[d]) and "data ?" in _line(src, ids[e])
    assert f"data {c.data:.4f}" in _line(src, ids[c])
    with pytest.raises(ValueError, match="pending: .* is not in the graph"):
        draw(e, pending=[ag.Value(1.0)])


def test_option_checks_are_public():
    a, b, c, d, e = _graph()
    assert validate_format(".2e") == ".2e" and validate_rankdir("TB") == "TB"
    with pytest.raises(ValueError, match="rankdir must be one of"):
        validate_rankdir("XY")
    nodes = ag.topological_order(e)
    paths = validate_groups({a: ("L1", "N1"), c: "L2"}, nodes)
    assert paths[a] == ("L1", "N1") and paths[c] == ("L2",) and paths[e] == ()
    with pytest.raises(TypeError, match="cluster name"):
        validate_groups(lambda v: 7, nodes)
    assert highlight_sets(None) == {}
    assert highlight_sets(e) == {"path": [e]} and highlight_sets((e, 1)) == {"path": [(e, 1)]}
    assert highlight_sets({"current": a, "done": [b, c]}) == {"current": [a], "done": [b, c]}
    with pytest.raises(TypeError, match="highlight items"):
        highlight_sets(3.5)


PRIVATE = {"_data", "_opdef", "_parents", "_local_grads", "_p0", "_p1", "_l0", "_l1", "_mark", "_label"}


@pytest.mark.parametrize(
    "module", ["draw", "render", "stepper", "explain", "page", "steps", "names", "notebook"]
)
def test_views_read_only_public_fields(module: str):
    import ast

    import autograd

    path = Path(autograd.__file__).parent / "see" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in PRIVATE})
    assert private == [], f"{module}.py reads private Value state: {private}"
    imported = [
        alias.name
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom)
        for alias in n.names
        if alias.name.startswith("_")
    ]
    assert imported == [], f"{module}.py imports private names: {imported}"


def test_bad_options_are_named():
    *_, e = _graph()
    with pytest.raises(TypeError, match="draw expects a Value"):
        draw(3.0)
    with pytest.raises(ValueError, match="rankdir"):
        draw(e, rankdir="XY")
    with pytest.raises(ValueError, match="unknown field"):
        draw(e, show=("label", "value"))
    with pytest.raises(ValueError, match="number_format"):
        draw(e, number_format="q")
    with pytest.raises(TypeError, match="groups must"):
        draw(e, groups=42)
    with pytest.raises(TypeError, match="cluster name"):
        draw(e, groups=lambda v: 7)
    with pytest.raises(TypeError, match="collapse must"):
        draw(e, collapse=lambda v: 7)


def test_importing_the_modules_does_not_import_graphviz():
    code = (
        "import sys, autograd, nets; "
        "print('graphviz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- highlights, groups, collapse --------------------------------------------------


def test_highlight_styles_and_precedence():
    a, b, c, d, e = _graph()
    order = ag.topological_order(e)
    k = {v: i for i, v in enumerate(order)}
    ke = k[e]
    g = draw(e, highlight={"current": [(e, 1), a], "done": [e, a], "path": ["n1"]})
    svg = _groups(render_svg(g, dot=PURE))
    assert "hl-current" in svg[f"e{ke}_1"].get("class").split()
    assert "hl-done" in svg[f"n{ke}"].get("class").split()
    assert svg[f"n{k[a]}"].get("class").split()[-1] == "hl-current"  # current beats done
    assert "hl-path" in svg["n1"].get("class").split()
    path = svg[f"e{ke}_1"].find(SVG + "path")
    assert path.get("stroke") == "#d62728" and path.get("stroke-width") == "3"
    # a plain iterable is the "path" style; a Step marks its edge, op and both ends
    step = next(s for s in ag.backward_steps(e) if s.node is c)
    src = draw(e, highlight=[step]).source
    kc = k[c]
    for eid in (f"e{kc}_{step.index}", f"o{kc}", f"n{kc}", f"n{k[step.parent]}"):
        assert "hl-path" in _line(src, eid), eid
    assert "hl-path" not in _line(src, f"n{k[e]}")


def test_highlight_errors():
    *_, e = _graph()
    with pytest.raises(ValueError, match="not in the graph"):
        draw(e, highlight=[ag.Value(1.0)])
    with pytest.raises(ValueError, match="no element with id 'n99'"):
        draw(e, highlight=["n99"])
    with pytest.raises(ValueError, match="unknown style"):
        draw(e, highlight={"hot": [e]})
    with pytest.raises(ValueError, match="edge index 5"):
        draw(e, highlight=[(e, 5)])
    with pytest.raises(TypeError, match="highlight items"):
        draw(e, highlight=[3.5])


def test_nested_groups_make_nested_clusters():
    a, b, c, d, e = _graph()
    names = {a: ("L1", "L1.N1"), b: ("L1", "L1.N2"), c: "L2"}
    g = draw(e, groups=names)
    src = g.source
    assert src.count("subgraph cluster_") == 4
    svg = _groups(render_svg(g, dot=PURE))
    clusters = {tuple(_texts(el))[0]: cid for cid, el in svg.items() if "cluster" in el.get("class", "")}
    assert set(clusters) == {"L1", "L1.N1", "L1.N2", "L2"}
    # nesting: each inner cluster's box lies inside the L1 box
    boxes = {name: _bbox(svg[cid]) for name, cid in clusters.items()}
    for inner in ("L1.N1", "L1.N2"):
        assert _inside(boxes[inner], boxes["L1"])
    assert not _inside(boxes["L2"], boxes["L1"])
    ids = element_ids(e)
    assert _inside(_bbox(svg[ids[a]]), boxes["L1.N1"]) and _inside(_bbox(svg[ids[c]]), boxes["L2"])
    # a callable works the same
    assert draw(e, groups=lambda v: names.get(v)).source == src


def test_collapse_folds_nodes_into_boxes():
    a, b, c, d, e = _graph()
    box = {c: "neuron", d: "neuron"}
    g = draw(e, collapse=box, edge_grads=True)
    src = g.source
    order = ag.topological_order(e)
    k = {v: i for i, v in enumerate(order)}
    assert "id=b0 " in src and "<B>neuron</B>" in src
    assert f"id=n{k[c]} " not in src and f"id=n{k[d]} " not in src
    # c is labelled: a row of the box; d is not
    assert "<B>c</B>" in src and src.count("<TR>") >= 2
    # the box feeds e's op twice (d * d): one merged edge, marked x2
    merged = [ln for ln in src.splitlines() if f"b0 -> o{k[e]} " in ln]
    assert len(merged) == 1 and "label=<&#215;2>" in merged[0]
    # a and b each feed the box once, with their local derivative
    (from_a,) = [ln for ln in src.splitlines() if f"n{k[a]} -> b0 " in ln]
    assert f"label=<{b.data:.4f}>" in from_a
    # highlighting a collapsed member lights its box
    hl = draw(e, collapse=box, highlight={"current": [c]}).source
    assert 'class="box hl-current"' in _line(hl, "b0")
    render_svg(g, dot=PURE)


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
    for v in values:
        expected = [line.replace("\xa0", " ").strip() for line in _shown(v.label)]
        got = [t.strip() for t in _texts(nodes[ids[v]])]
        assert [t for t in got if t] == [t for t in expected if t]


# -- rendering -----------------------------------------------------------------------


def test_svg_png_and_files_without_system_graphviz(tmp_path: Path):
    *_, e = _graph()
    g = draw(e)
    svg = render_svg(g, dot=PURE)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert {"n0", "n1", "graph0"} <= set(_groups(svg))
    png = render_png(g, dpi=72, dot=PURE)
    big = render_png(g, dpi=144, dot=PURE)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w1, h1 = struct.unpack(">II", png[16:24])
    w2, h2 = struct.unpack(">II", big[16:24])
    assert abs(w2 / w1 - 2.0) < 0.05 and abs(h2 / h1 - 2.0) < 0.05
    assert save(g, tmp_path / "g.svg", dot=PURE).read_text().count("<svg") == 1
    assert save(g, tmp_path / "g.png", dpi=50, dot=PURE).read_bytes()[:4] == b"\x89PNG"
    assert save(g, tmp_path / "g.gv").read_text() == g.source
    with pytest.raises(RenderError, match="PDF needs a system Graphviz"):
        save(g, tmp_path / "g.pdf", dot=PURE)
    with pytest.raises(ValueError, match="suffix"):
        save(g, tmp_path / "g.jpeg")
    with pytest.raises(ValueError, match="dpi"):
        render_png(g, dpi=0)
    with pytest.raises(RenderError, match="failed"):
        render_svg("digraph { a -> }", dot=PURE)


def test_graphviz_package_uses_graphviz_pure_when_no_dot(monkeypatch):
    from graphviz.backend import dot_command

    import autograd.see.render as render

    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    monkeypatch.setattr(render, "system_dot", lambda: None)
    configure_graphviz()
    assert dot_command.DOT_BINARY == Path(PURE)
    *_, e = _graph()
    bundle = draw(e)._repr_mimebundle_()  # how a notebook displays a drawing
    assert "<svg" in bundle["image/svg+xml"]
    # a user's own setting is left alone
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("/opt/my/dot"))
    configure_graphviz()
    assert dot_command.DOT_BINARY == Path("/opt/my/dot")


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
