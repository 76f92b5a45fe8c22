"""Tests of nets.views: neuron clusters in the DOT source, and the collapsed one-box-per-neuron view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import autograd
import nets
from autograd.see.draw import element_ids
from autograd.see.render import graphviz_pure, render_svg
from nets import views
from nets.tables import delta_table, sample_loss
from nets.views import draw_network, neuron_groups, neuron_of

SVG = "{http://www.w3.org/2000/svg}"


def _clusters(source: str) -> dict[tuple[str, ...], list[str]]:
    """Cluster path (labels, outermost first; () is the top level) -> node names declared directly in it.

    A node is declared by its first statement; a later one (``b5 [color=...]``) only adds attributes.
    """
    members: dict[tuple[str, ...], list[str]] = {(): []}
    stack: list[tuple[str, ...] | None] = [()]
    declared: set[str] = set()
    for line in source.splitlines()[1:]:
        s = line.strip()
        if s.startswith("subgraph cluster_"):
            stack.append(None)
        elif stack[-1] is None:  # a cluster's attribute line: its label
            path = stack[-2] + (re.search(r"label=<([^>]*)>", s)[1],)
            stack[-1] = path
            members[path] = []
        elif s == "}":
            stack.pop()
        elif (m := re.match(r"([nob]\d+) \[", s)) and m[1] not in declared:
            declared.add(m[1])
            members[stack[-1]].append(m[1])
    return members


def _where(members: dict[tuple[str, ...], list[str]]) -> dict[str, tuple[str, ...]]:
    return {name: path for path, names in members.items() for name in names}


def _sample(fused=True, nouts=(3, 2, 1)):
    model = nets.MLP(2, list(nouts), activation="tanh", output_activation="sigmoid", seed=4, fused=fused)
    out, E = sample_loss(model, [0.6, -0.2], 1.0)
    return model, out, E


def test_neuron_groups_nest_each_neuron_in_its_layer():
    model, _, E = _sample()
    members = _clusters(autograd.draw(E, groups=neuron_groups()).source)
    neurons = [(f"layer {k}", f"L{k}.N{j}") for k, w in enumerate(model.nouts, 1) for j in range(1, w + 1)]
    layers = [(f"layer {k}",) for k in range(1, 4)]
    assert set(members) == {(), *layers, *neurons}
    assert all(members[path] == [] for path in layers)  # a layer holds only its neurons' clusters
    where, ids = _where(members), element_ids(E)
    for v, nid in ids.items():
        m = re.match(r"L(\d)\.N(\d)\.", v.label)
        path = (f"layer {m[1]}", f"L{m[1]}.N{m[2]}") if m else ()
        assert where[nid] == path, v.label or v.op
        if v.parents:  # the op node sits with its value
            assert where["o" + nid[1:]] == path
    for path in neurons:  # its weights, b, o, a, and the op nodes of o (dot) and a (tanh or sigmoid)
        nin = 2 if path[0] == "layer 1" else model.nouts[int(path[0][-1]) - 2]
        assert len(members[path]) == nin + 3 + 2


def test_neuron_groups_with_root_place_unfused_products_and_sums():
    model, _, E = _sample(fused=False)
    owner = neuron_of(E)
    internal = [v for v in owner if not v.label]
    # per neuron: one product per input and nin - 1 + 1 sums, the last of which is o (labelled)
    widths = [2, *model.nouts[:-1]]
    assert len(internal) == sum(n * (2 * nin - 1) for n, nin in zip(model.nouts, widths))
    ids = element_ids(E)
    with_root = _where(_clusters(autograd.draw(E, groups=neuron_groups(E)).source))
    labels_only = _where(_clusters(autograd.draw(E, groups=neuron_groups()).source))
    for v in internal:
        k, j = owner[v].split(".")
        assert with_root[ids[v]] == (f"layer {k[1:]}", owner[v])
        assert labels_only[ids[v]] == ()
    for v in autograd.topological_order(E):
        if v not in owner:
            assert with_root[ids[v]] == ()  # inputs X1, X2 and the loss


def test_neuron_of_fused_model_and_bad_root():
    model, out, E = _sample()
    owner = neuron_of(E)
    assert {name for name in owner.values()} == {f"L{k}.N{j}" for k, w in enumerate(model.nouts, 1)
                                                 for j in range(1, w + 1)}
    for v, name in owner.items():
        assert v.label.startswith(name + ".")
    assert {p for p in model.parameters()} <= set(owner)
    assert neuron_of(out) == {v: n for v, n in owner.items() if v is not E}
    with pytest.raises(TypeError, match="root Value"):
        neuron_groups(model)


@pytest.fixture(scope="module")
def big():
    """micrograd's 2-16-16-1 network on one sample, collapsed, and its rendered SVG."""
    model = nets.MLP(2, [16, 16, 1], seed=1337)
    x, y = [0.5, -0.3], 1.0
    g = draw_network(model, x, y)
    return model, x, y, g, render_svg(g, dot=graphviz_pure())


def test_collapsed_view_has_one_box_per_neuron(big):
    model, x, y, g, _ = big
    members = _clusters(g.source)
    assert set(members) == {(), ("hidden layer 1",), ("hidden layer 2",), ("output layer",)}
    titles = {}
    for line in g.source.splitlines():
        if "class=box" in line:
            titles[re.match(r"\s*(b\d+) ", line)[1]] = re.search(r"<B>([^<]*)</B></TD></TR>", line)[1]
    expected = [f"N{j}_{k}  (L{k}.N{j})" for k in (1, 2) for j in range(1, 17)] + ["Y  (L3.N1)"]
    assert sorted(titles.values()) == sorted([*expected, "E = half_mse"])
    where = _where(members)
    for bid, title in titles.items():
        m = re.search(r"\(L(\d)\.N\d+\)", title)
        layer = {"1": "hidden layer 1", "2": "hidden layer 2", "3": "output layer"}[m[1]] if m else None
        assert where[bid] == ((layer,) if layer else ())
    # nothing else is drawn but the two inputs
    nodes = [n for names in members.values() for n in names]
    assert len(nodes) == 33 + 1 + 2 and sum(n.startswith("n") for n in nodes) == 2
    # a neuron box lists o and a (the linear output only o), never its weights
    assert "L1.N7.o</B>" in g.source and "L1.N7.a</B>" in g.source and "L3.N1.o</B>" in g.source
    assert ".w1</B>" not in g.source and ".b</B>" not in g.source and "L3.N1.a" not in g.source


def test_collapsed_view_shows_the_deltas(big):
    model, x, y, g, _ = big
    boxes = {re.search(r"\((L\d\.N\d+)\)", line)[1]: line for line in g.source.splitlines()
             if "class=box" in line and "(L" in line}
    for r in delta_table(model, x, y).rows:
        cells = re.search(rf"<B>{re.escape(r.label)}\.o</B></TD><TD>data ([^<]*)</TD><TD>grad ([^<]*)<",
                          boxes[r.label])
        assert cells.groups() == (format(r.o, ".4f"), format(r.delta, ".4f"))


def test_collapsed_view_renders_with_neurons_in_order(big):
    *_, svg = big
    root = ET.fromstring(svg)
    groups = {el.get("id"): el for el in root.iter(SVG + "g")}
    boxes = [el for el in groups.values() if el.get("class") == "node box"]
    assert len(boxes) == 34
    tops: dict[str, list[tuple[float, int]]] = {"1": [], "2": []}
    for el in boxes:
        texts = [t.text or "" for t in el.iter(SVG + "text")]
        m = re.search(r"\(L([12])\.N(\d+)\)", " ".join(texts))
        if m:
            y = min(float(t.get("y")) for t in el.iter(SVG + "text"))
            tops[m[1]].append((y, int(m[2])))
    for layer in tops.values():  # N1 at the top of its layer, N16 at the bottom
        assert [j for _, j in sorted(layer)] == list(range(1, 17))


def test_draw_network_leaves_grads_and_accepts_draw_options():
    model = nets.MLP(2, [2, 1], activation="tanh", seed=0)
    for p in model.parameters():
        p.grad = 5.0
    g = draw_network(model, [0.5, -0.3], 1.0, rankdir="TB", edge_grads=True, number_format=".3f")
    assert all(p.grad == 5.0 for p in model.parameters())
    assert "rankdir=TB" in g.source
    w = model.layers[0].neurons[0].w[0].data  # edge X1 -> N11 is d o / d X1 = w_N11,X1
    assert re.search(rf"n\d+ -> b\d+ \[[^\]]*label=<{format(w, '.3f')}>", g.source)
    full = draw_network(model, [0.5, -0.3], 1.0, collapsed=False)
    members = _clusters(full.source)
    assert set(members) == {(), ("layer 1",), ("layer 2",), ("layer 1", "L1.N1"), ("layer 1", "L1.N2"),
                            ("layer 2", "L2.N1")}
    assert "grad 1.0000" in full.source and "grad 5.0000" not in full.source
    assert "class=box" not in full.source


def test_draw_network_without_target_ends_at_the_output():
    model = nets.MLP(3, [3, 1], seed=2)
    g = draw_network(model, [1.0, 2.0, 3.0])
    assert g.source.count("class=box") == 4 and "half_mse" not in g.source
    assert "<B>L2.N1.o</B></TD><TD>data" in g.source and "grad 1.0000" in g.source


def test_draw_network_errors():
    with pytest.raises(TypeError, match="expects a nets.MLP"):
        draw_network("net", [1.0])
    with pytest.raises(ValueError, match="has 2 outputs; pass a target y"):
        draw_network(nets.MLP(2, [2]), [1.0, 2.0])
    with pytest.raises(ValueError, match="a loss needs a target"):
        draw_network(nets.MLP(2, [1]), [1.0, 2.0], loss=nets.mse)
    with pytest.raises(ValueError, match="MLP expects 2 inputs, got 3"):
        draw_network(nets.MLP(2, [1]), [1.0, 2.0, 3.0], 1.0)


@pytest.mark.parametrize("name", ["collapsed", "weights", "deltas", "mark_dead"])
@pytest.mark.parametrize("bad", ["no", 1, None])
def test_draw_network_flags_must_be_true_or_false(name, bad):
    kind = type(bad).__name__
    with pytest.raises(TypeError, match=rf"^draw_network: {name} must be True or False, got {kind}:"):
        draw_network(nets.MLP(2, [1]), [1.0, 2.0], 1.0, **{name: bad})


@pytest.mark.parametrize(
    "bad, error, match",
    [
        ("a", TypeError, "must be a real number, got str: 'a'"),
        (True, TypeError, "must be a real number, got bool: True"),
        (float("nan"), ValueError, "must be a finite number, got nan"),
        (float("inf"), ValueError, "must be a finite number, got inf"),
        (-1, ValueError, "must be > 0.0, got -1.0"),
        pytest.param(10**5000, ValueError, "an int of about 5001 digits is too large", id="huge"),
    ],
)
def test_draw_network_max_width_is_a_positive_real(bad, error, match):
    with pytest.raises(error, match=r"^draw_network: max_width \(points, or None\):? " + re.escape(match)):
        draw_network(nets.MLP(2, [1]), [1.0, 2.0], 1.0, max_width=bad)


# -- fitting a notebook column, dense edges, dead neurons, weights and deltas -------------------------


def _scale(root: ET.Element) -> float:
    """Points on the page per unit of the drawing: the width over the viewBox, times the graph's scale."""
    width = float(root.get("width").removesuffix("pt"))
    view = float(root.get("viewBox").split()[2])
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    m = re.search(r"scale\(([\d.]+)", graph.get("transform") or "")
    return width / view * (float(m[1]) if m else 1.0)


def _boxes_by_neuron(root: ET.Element) -> dict[str, ET.Element]:
    out = {}
    for g in root.iter(SVG + "g"):
        if g.get("class") == "node box":
            m = re.search(r"\((L\d+\.N\d+)\)", " ".join(t.text or "" for t in g.iter(SVG + "text")))
            if m:
                out[m[1]] = g
    return out


def _edges(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for g in root.iter(SVG + "g"):
        if "edge" in (g.get("class") or ""):
            src, dst = g.find(SVG + "title").text.split("->")
            out[(src, dst)] = g
    return out


def test_collapsed_2_16_16_1_fits_a_notebook_column_with_readable_text(big):
    *_, svg = big
    root = ET.fromstring(svg)
    assert float(root.get("width").removesuffix("pt")) <= 750  # 1,000 px
    scale = _scale(root)
    sizes = [float(t.get("font-size")) * scale * 4 / 3 for t in root.iter(SVG + "text")]
    assert min(sizes) >= 9.0, min(sizes)  # pixels at 96 per inch
    w, h = (float(v) for v in root.get("viewBox").split()[2:])
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    s, tx, ty = (float(v) for v in re.search(r"scale\(([\d.]+) [\d.]+\).*translate\(([-\d.]+) ([-\d.]+)\)",
                                              graph.get("transform")).groups())
    for box in _boxes_by_neuron(root).values():  # every box whole, inside the picture
        for poly in box.iter(SVG + "polygon"):
            for pt in poly.get("points").split():
                x, y = (float(v) for v in pt.split(","))
                assert 0 <= (x + tx) * s <= w + 0.5 and 0 <= (y + ty) * s <= h + 0.5


def test_collapsed_view_chooses_its_direction_from_the_network_shape():
    wide = draw_network(nets.MLP(2, [16, 16, 1], seed=1), [0.1, 0.2], 1.0)
    deep = draw_network(nets.MLP(1, [4, 4, 4, 4, 4, 4, 1], seed=1), [0.3], 1.0)
    assert wide.graph_attr["rankdir"] == "LR" and deep.graph_attr["rankdir"] == "TB"
    assert draw_network(nets.MLP(1, [4, 4, 4, 4, 4, 4, 1], seed=1), [0.3], 1.0, rankdir="LR").graph_attr[
        "rankdir"] == "LR"
    root = ET.fromstring(render_svg(deep, dot=graphviz_pure()))
    assert float(root.get("width").removesuffix("pt")) <= 750
    assert min(float(t.get("font-size")) for t in root.iter(SVG + "text")) * _scale(root) * 4 / 3 >= 9
    unlimited = draw_network(nets.MLP(2, [16, 16, 1], seed=1), [0.1, 0.2], 1.0, max_width=None)
    assert "size" not in unlimited.graph_attr
    with pytest.raises(ValueError, match="max_width"):
        draw_network(nets.MLP(2, [1]), [0.1, 0.2], 1.0, max_width=0)


def test_dense_layer_to_layer_edges_are_thin_and_grey(big):
    model, x, y, g, svg = big
    root = ET.fromstring(svg)
    boxes = {n: b.get("id") for n, b in _boxes_by_neuron(root).items()}
    layer = {bid: int(n[1]) for n, bid in boxes.items()}
    edges = _edges(root)
    between = [e for (s, d), e in edges.items() if layer.get(s) == 1 and layer.get(d) == 2]
    assert len(between) == 256
    for e in between:
        path = e.find(SVG + "path")
        assert path.get("stroke") == views.DENSE_GREY and float(path.get("stroke-width")) < 0.5
    into_l1 = [e for (s, d), e in edges.items() if s.startswith("n") and layer.get(d) == 1]
    assert len(into_l1) == 32 and all(e.find(SVG + "path").get("stroke") == "black" for e in into_l1)
    legend = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "thin: the 256 weights from layer 1 to layer 2" in legend


def test_dead_neurons_are_marked_with_a_legend(big):
    model, x, y, g, svg = big
    root = ET.fromstring(svg)
    dead = {r.label for r in delta_table(model, x, y).rows if r.delta == 0.0}
    assert len(dead) == 14
    for neuron, box in _boxes_by_neuron(root).items():
        frame = box.find(SVG + "polygon")
        dashed = frame.get("stroke-dasharray") is not None and frame.get("stroke") == views.DEAD
        assert dashed == (neuron in dead), neuron
        grey = {t.get("fill") for t in box.iter(SVG + "text")}
        assert (grey == {views.DEAD}) == (neuron in dead)
    legend = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "dead: delta = dE/do is exactly 0, so no gradient passes back (14 of 33 neurons)" in legend
    plain = draw_network(model, x, y, mark_dead=False)
    assert "dashed" not in plain.source.replace("rounded,dashed", "") and "dead:" not in plain.source


@pytest.mark.parametrize("weights, deltas", [(False, False), (True, True)])
def test_the_collapsed_view_is_restyled_through_draws_hooks_one_statement_per_element(big, weights, deltas):
    model, x, y, *_ = big
    g = draw_network(model, x, y, weights=weights, deltas=deltas)
    assert not g.strict  # no edge statement is repeated to restyle it
    ids = re.findall(r"\bid=(\w+)", g.source)
    assert len(ids) == len(set(ids))  # each node and edge is declared once, with all its attributes
    (legend,) = [line for line in g.source.splitlines() if "dead: delta" in line]
    assert legend.isascii() and "&#" not in legend  # plain text: the layout knows every character's width
    root = ET.fromstring(render_svg(g, dot=graphviz_pure()))
    dead = {r.label for r in delta_table(model, x, y).rows if r.delta == 0.0}
    for neuron, box in _boxes_by_neuron(root).items():  # a dead neuron's table is grey as well as its frame
        fills = {p.get("fill") for p in box.iter(SVG + "polygon")}
        assert (views.DEAD_FILL in fills and "white" not in fills) == (neuron in dead), neuron


def test_weights_colour_and_size_the_edges_and_deltas_the_boxes():
    model = nets.MLP(2, [3, 1], activation="tanh", seed=3)
    x = [0.5, -0.3]
    g = draw_network(model, x, 1.0, weights=True, deltas=True)
    root = ET.fromstring(render_svg(g, dot=graphviz_pure()))
    boxes = {n: b.get("id") for n, b in _boxes_by_neuron(root).items()}
    inputs = {t.text: g_.get("id") for g_ in root.iter(SVG + "g") if g_.get("class") == "node value leaf"
              for t in g_.iter(SVG + "text") if t.text in ("X1", "X2")}
    edges = _edges(root)
    seen = []
    for k, layer in enumerate(model.layers, 1):
        for j, neuron in enumerate(layer.neurons, 1):
            for i, w in enumerate(neuron.w, 1):
                src = inputs[f"X{i}"] if k == 1 else boxes[f"L{k - 1}.N{i}"]
                path = edges[(src, boxes[f"L{k}.N{j}"])].find(SVG + "path")
                assert path.get("stroke") == (views.POSITIVE if w.data > 0 else views.NEGATIVE)
                seen.append((abs(w.data), float(path.get("stroke-width", "1"))))
    seen.sort()
    assert [wd for _, wd in seen] == sorted(wd for _, wd in seen)  # wider for a larger |w|
    deltas = {r.label: r.delta for r in delta_table(model, x, 1.0).rows}
    for neuron, box in _boxes_by_neuron(root).items():
        frame = box.find(SVG + "polygon")
        assert frame.get("stroke") == (views.POSITIVE if deltas[neuron] > 0 else views.NEGATIVE)
    legend = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "width |w|" in legend and "delta = dE/do" in legend


def test_a_users_collapse_is_drawn_as_given():
    model = nets.MLP(2, [2, 1], seed=0)
    g = draw_network(model, [0.5, -0.3], 1.0, collapse=lambda v: None, weights=True)
    assert not g.strict and "label=<<TABLE BORDER=\"0\" CELLSPACING" not in g.source


@pytest.mark.parametrize("root", [3.0, None, 10**5000], ids=["float", "None", "huge int"])
def test_neuron_of_names_itself_for_a_root_that_is_not_a_value(root):
    with pytest.raises(TypeError, match="neuron_of expects the root Value of a graph, got "):
        neuron_of(root)
    if root is not None:
        with pytest.raises(TypeError, match=r"neuron_groups expects the root Value of a graph \(or None\)"):
            neuron_groups(root)
