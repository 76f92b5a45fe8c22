"""Tests of autograd.draw: DOT structure, options, highlights, groups and collapsed boxes.

Label escaping is tested in test_names.py, rendering in test_render.py, a
Value's notebook display in test_notebook.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import autograd as ag
from autograd import Value
from autograd.see.draw import (
    ElementIds,
    draw,
    draw_dot,
    element_ids,
    highlight_sets,
    shown_ids,
    validate_format,
    validate_grads,
    validate_groups,
    validate_pending,
    validate_rankdir,
)
from autograd.see.render import graphviz_pure, render_svg

SVG = "{http://www.w3.org/2000/svg}"
PURE = graphviz_pure()


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
    assert "rankdir=TB" in src  # "auto": this graph is deeper than it is wide
    assert "rankdir=LR" in draw(e, rankdir="LR").source
    # micrograd's draw_dot(root, format, rankdir): the same drawing, written as SVG by .render()
    micro = draw_dot(e, "svg", "TB")
    assert micro.source == draw(e, rankdir="TB").source and micro.format == "svg"
    assert "rankdir=LR" in draw_dot(e).source  # micrograd's default
    assert draw(e).format == "svg"
    with pytest.raises(ValueError, match="format must be one of"):
        draw_dot(e, format="bmp")


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
    with pytest.raises(ValueError, match=r"draw: pending: \[1\] is not in the graph"):
        draw(e, pending=[[1]])  # unhashable: not a node either
    for bad in (5, d, "abc"):
        with pytest.raises(TypeError, match="draw: pending must be an iterable of Values"):
            draw(e, pending=bad)


def test_grads_are_checked_and_nan_is_drawn_as_it_is():
    a, b, c, d, e = _graph()
    ids = element_ids(e)
    src = draw(e, grads={a: float("nan"), b: np.float32(0.5), c: 2, d: -float("inf")}).source
    assert "grad nan" in _line(src, ids[a]) and "grad 0.5000" in _line(src, ids[b])
    assert "grad 2.0000" in _line(src, ids[c]) and "grad -inf" in _line(src, ids[d])
    with pytest.raises(TypeError, match="draw: grads must be a mapping node -> grad, got int: 5"):
        draw(e, grads=5)
    with pytest.raises(TypeError, match="draw: grads keys must be Values, got str: 'a'"):
        draw(e, grads={"a": 1.0})
    for bad in ("1", True, np.bool_(False), None, 1j):
        with pytest.raises(TypeError, match=r"draw: grads\[Value\(.*\)\] must be a real number"):
            draw(e, grads={a: bad})
    with pytest.raises(ValueError, match=r"draw: grads\[.*\]: an int of about 5001 digits is too large"):
        draw(e, grads={a: 10**5000})


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
    assert validate_grads(None) == {} and validate_grads({a: 1}, "view") == {a: 1.0}
    with pytest.raises(TypeError, match="view: grads must be a mapping"):
        validate_grads([a], "view")
    assert validate_pending(None, ElementIds(e)) == set() and validate_pending((a, a), ElementIds(e)) == {a}
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
    code = "import sys, autograd, nets; print('graphviz' in sys.modules)"
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


@pytest.mark.parametrize("option", ["edge_grads", "hide_constants"])
@pytest.mark.parametrize("bad", ["no", 0, 1, None])
def test_flags_must_be_bools(option, bad):
    x = Value(1.0, "x")
    with pytest.raises(TypeError, match=rf"^draw: {option} must be True or False, got "):
        draw((x * 2).tanh(), **{option: bad})
    draw((x * 2).tanh(), **{option: np.bool_(False)})  # a numpy bool is a bool


def test_deep_groups_nest_without_recursion_up_to_the_limit_and_are_refused_past_it():
    from autograd.see.draw import MAX_GROUP_DEPTH

    x = Value(1.0, "x")
    y = (x * 2).tanh()
    path = tuple(f"g{i}" for i in range(MAX_GROUP_DEPTH))
    source = draw(y, groups={x: path}).source
    assert source.count("subgraph cluster_") == MAX_GROUP_DEPTH
    assert source.count("{") == source.count("}")
    svg = draw(y, groups={x: path}).pipe(format="svg").decode()
    assert svg.count('class="cluster"') == MAX_GROUP_DEPTH
    with pytest.raises(ValueError, match=r"path of 3000 cluster names; clusters nest at most 100 deep"):
        draw(y, groups={x: tuple(f"g{i}" for i in range(3000))})


# -- element hooks: node_attrs, edge_attrs, box_fill -------------------------------

# The DOT of two small drawings, byte for byte (written by the draw of commit 62e7d17): options added
# to draw (such as the hooks below) must leave every existing drawing as it was.
GOLDEN = Path(__file__).resolve().parent / "golden"
GOLDEN_LR = (GOLDEN / "draw_lr_highlight.gv").read_text(encoding="utf-8")
GOLDEN_BOXED = (GOLDEN / "draw_collapsed.gv").read_text(encoding="utf-8")


def _golden_drawings(**hooks):
    a, b, c, d, e = _graph()
    return (
        draw(e, rankdir="LR", highlight={"current": [c]}, **hooks).source,
        draw(e, collapse=lambda v: "cd" if v in (c, d) else None, **hooks).source,
    )


def test_existing_drawings_are_byte_identical_without_hooks_or_with_empty_ones():
    assert _golden_drawings() == (GOLDEN_LR, GOLDEN_BOXED)
    assert _golden_drawings(node_attrs={}, edge_attrs={}, box_fill={}) == (GOLDEN_LR, GOLDEN_BOXED)
    nothing = {"node_attrs": lambda eid: None, "edge_attrs": lambda eid: None, "box_fill": lambda eid: None}
    assert _golden_drawings(**nothing) == (GOLDEN_LR, GOLDEN_BOXED)


def test_hooks_add_attributes_to_the_statements_they_name_and_nothing_else():
    a, b, c, d, e = _graph()
    plain = draw(e, rankdir="LR").source
    g = draw(
        e,
        rankdir="LR",
        node_attrs={"n0": {"fontcolor": "gray50"}, "o5": {"fillcolor": "#eeeeee"}},
        edge_attrs=lambda eid: {"penwidth": "0.35", "arrowsize": "0.3"} if eid == "e5_1" else None,
        box_fill={"n1": "#eeeeee"},
    )
    src = g.source
    assert "fontcolor=gray50" in _line(src, "n0") and 'fillcolor="#eeeeee"' in _line(src, "o5")
    assert "fillcolor=white" not in _line(src, "o5")  # an attribute of the drawing's own is replaced
    assert "penwidth=0.35" in _line(src, "e5_1") and "arrowsize=0.3" in _line(src, "e5_1")
    assert "penwidth=1" in _line(src, "e5_0")  # its parallel twin keeps its own
    assert 'BGCOLOR="#eeeeee"' in _line(src, "n1")
    undone = (
        src.replace(" fontcolor=gray50", "")
        .replace('fillcolor="#eeeeee"', "fillcolor=white")
        .replace("[arrowsize=0.3 class=arg", "[class=arg")
        .replace("penwidth=0.35", "penwidth=1")
        .replace('BGCOLOR="#eeeeee"', 'BGCOLOR="white"', 1)
    )
    assert undone == plain and not g.strict
    # a highlight's fill wins over box_fill; a merged edge between boxes takes its first member's id
    marked = draw(e, highlight={"current": [b]}, box_fill={"n1": "#eeeeee"}).source
    assert 'BGCOLOR="#fcd5d0"' in _line(marked, "n1")
    boxed = draw(
        e,
        collapse=lambda v: "cd" if v in (c, d) else None,
        edge_attrs={"e5_0": {"color": "gray"}},
        box_fill={"b0": "#eeeeee"},
    )
    assert "color=gray" in _line(boxed.source, "e5_0") and 'BGCOLOR="#eeeeee"' in _line(boxed.source, "b0")
    svg = _groups(render_svg(boxed, dot=PURE))
    assert svg["e5_0"].find(SVG + "path").get("stroke") == "gray"


def test_bad_hooks_are_named():
    a, b, c, d, e = _graph()
    with pytest.raises(ValueError, match=r"node_attrs: no such element in this drawing: \['e2_0', 'n99'\]"):
        draw(e, node_attrs={"n99": {"color": "red"}, "e2_0": {"color": "red"}})  # an edge is not a node
    with pytest.raises(ValueError, match="box_fill: no such element"):
        draw(e, box_fill={"o2": "red"})  # an op node has no table
    with pytest.raises(ValueError, match=r"edge_attrs: 'e2_0' may not set \['id'\]"):
        draw(e, edge_attrs={"e2_0": {"id": "x"}})
    with pytest.raises(TypeError, match="mapping of str to str"):
        draw(e, node_attrs={"n0": {"penwidth": 2}})
    with pytest.raises(TypeError, match="colour"):
        draw(e, box_fill=lambda eid: 3)
    with pytest.raises(TypeError, match="node_attrs must be a mapping or a callable"):
        draw(e, node_attrs=["n0"])


def test_grads_may_be_values_from_create_graph_or_0d_arrays():
    import numpy as np

    import autograd as A

    x = A.Value(1.0, "x")
    y = x * 2
    assert "grad 2.0000" in A.draw(y, grads=dict(zip([x], A.grad(y, [x], create_graph=True)))).source
    assert "grad 3.0000" in A.draw(y, grads={x: np.array(3.0)}).source
