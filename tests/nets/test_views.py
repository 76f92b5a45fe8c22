"""Tests of nets.views: neuron clusters in the DOT source, and the collapsed one-box-per-neuron view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import autograd
import nets
from autograd.see.draw import element_ids
from autograd.see.render import graphviz_pure, render_svg
from nets.tables import delta_table, sample_loss
from nets.views import draw_network, neuron_groups, neuron_of

SVG = "{http://www.w3.org/2000/svg}"


def _clusters(source: str) -> dict[tuple[str, ...], list[str]]:
    """Cluster path (labels, outermost first; () is the top level) -> node names declared directly in it."""
    members: dict[tuple[str, ...], list[str]] = {(): []}
    stack: list[tuple[str, ...] | None] = [()]
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
        elif m := re.match(r"([nob]\d+) \[", s):
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
