"""Tests of autograd.Stepper: exact steps, untouched grads, the cursor, and the HTML views.

The page's own HTML and its JavaScript (run in a headless browser) are tested in test_page.py.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.see.draw import element_ids
from autograd.see.stepper import MAX_STEPS, ForwardStep, Stepper

SVG = "{http://www.w3.org/2000/svg}"
FIELDS = (
    "step",
    "index",
    "op",
    "local_grad",
    "upstream",
    "contribution",
    "parent_grad_before",
    "parent_grad",
)


def _graph():
    x1, x2 = ag.Value(2.0, "x1"), ag.Value(0.0, "x2")
    w1, w2 = ag.Value(-3.0, "w1"), ag.Value(1.0, "w2")
    b = ag.Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    y = o * o + x1
    y.label = "y"
    return [x1, x2, w1, w2, b], y


def _bits(x):
    return x.hex() if isinstance(x, float) else x


def _same_records(got, want):
    assert len(got) == len(want)
    for s, t in zip(got, want):
        assert s.node is t.node and s.parent is t.parent
        assert [_bits(getattr(s, f)) for f in FIELDS] == [_bits(getattr(t, f)) for f in FIELDS]


def _reference_steps(root):
    """backward_steps after zeroing every grad (this does touch the live grads)."""
    for v in ag.topological_order(root):
        v.grad = 0.0
    return list(ag.backward_steps(root))


def test_steps_equal_backward_steps_bitwise_and_grads_untouched():
    leaves, y = _graph()
    nodes = ag.topological_order(y)
    for i, v in enumerate(nodes):  # arbitrary live grads, as after earlier passes
        v.grad = 0.1 * i - 0.35
    before = [v.grad.hex() for v in nodes]
    s = Stepper(y)
    assert [v.grad.hex() for v in nodes] == before
    assert len(s) == sum(len(v.parents) for v in nodes)
    _same_records(list(s), _reference_steps(y))
    # the grads after the last step are those of a backward pass from zero
    final = s.grads_at(len(s) - 1)
    for v in nodes:
        v.grad = 0.0
    y.backward()
    assert all(final[v].hex() == v.grad.hex() for v in nodes)


def test_leaf_root_and_seed():
    x = ag.Value(3.0, "x")
    x.grad = 7.0
    s = Stepper(x)
    assert len(s) == 0 and x.grad == 7.0
    with pytest.raises(IndexError, match="no steps"):
        _ = s.current
    assert "no steps" in s.html()
    y = x * x
    s2 = Stepper(y, grad=2.0)
    assert s2[0].upstream == 2.0 and s2.grads_at(1)[x] == 2.0 * 3.0 * 2
    assert Stepper(y, grad=np.float32(0.5))[0].upstream == 0.5


@pytest.mark.parametrize(
    "bad, error, message",
    [
        ("a", TypeError, "Stepper: grad expects an int, float or numpy real scalar, got str: 'a'"),
        (True, TypeError, "Stepper: grad expects .* got bool"),
        (float("nan"), ag.DomainError, "Stepper: grad: nan is not a finite number"),
        (10**5000, ag.DomainError, "Stepper: grad: an int of about 5001 digits is too large"),
    ],
    ids=["str", "bool", "nan", "huge int"],
)
def test_a_bad_seed_grad_is_named_as_the_steppers(bad, error, message):
    x = ag.Value(3.0, "x")
    with pytest.raises(error, match=message):
        Stepper(x * x, grad=bad)
    with pytest.raises(error, match=message):
        Stepper(x * x, "backward", bad, order="naive")


def test_a_huge_step_position_is_described_by_its_size():
    x = ag.Value(3.0, "x")
    s = Stepper(x * x)
    with pytest.raises(IndexError, match="step position an int of about 5001 digits is out of range 0..1"):
        s.goto(10**5000)
    with pytest.raises(IndexError, match="an int of about 5001 digits"):
        s.html(start=-(10**5000))


def test_cursor_and_text():
    _, y = _graph()
    s = Stepper(y)
    assert s.position == 0 and s.current is s[0]
    assert s.step().step().position == 2
    assert s.back().position == 1
    assert s.goto(len(s) - 1).current is s[len(s) - 1]
    with pytest.raises(IndexError, match="last step"):
        s.step()
    s.goto(0)
    with pytest.raises(IndexError, match="first step"):
        s.back()
    with pytest.raises(IndexError, match="out of range"):
        s.goto(len(s))
    with pytest.raises(TypeError, match="int"):
        s.goto(1.0)
    rec = s[0]  # y = o*o + x1: first edge is y -> o*o
    text = s.text
    assert text.startswith(f"step 1 of {len(s)}: y = o*o + x1\n  local dy/d(o*o) = 1 = 1.0000\n")
    assert f"(o*o).grad += {rec.upstream:.4f} x {rec.local_grad:.4f} = {rec.contribution:.4f}" in text
    assert f"{rec.parent_grad_before:.4f} -> {rec.parent_grad:.4f}" in text
    # the o*o edges: the rule of '*' in the operands' names, and o's grad accumulating (path 2 adds to 1)
    i0, i1 = [i for i, r in enumerate(s) if r.parent.label == "o"]
    assert "local d(o*o)/do = o = " in s.text_at(i0) and "local d(o*o)/do = o = " in s.text_at(i1)
    assert f"o.grad += {s[i1].upstream:.4f} x " in s.text_at(i1)
    assert f"{s[i1].parent_grad_before:.4f} -> {s[i1].parent_grad:.4f}" in s.text_at(i1)
    assert "(path 1 of 2 into o" in s.text_at(i0) and "(path 2 of 2 into o" in s.text_at(i1)
    assert repr(s) == f"Stepper(backward, {len(s)} steps, at step 1)"


def test_forward_direction():
    leaves, y = _graph()
    s = Stepper(y, "forward")
    computed = [v for v in ag.topological_order(y) if v.parents]
    assert len(s) == len(computed)
    assert all(isinstance(r, ForwardStep) for r in s)
    assert [r.node for r in s] == computed
    assert all(r.data == r.node.data and r.inputs == tuple(p.data for p in r.node.parents) for r in s)
    tanh_step = next(i for i, r in enumerate(s) if r.op == "tanh")
    n = s[tanh_step].node.parents[0]
    assert s.text_at(tanh_step) == (
        f"step {tanh_step + 1} of {len(s)}: o = tanh(n)\n  = tanh({n.data:.4f}) = {s[tanh_step].data:.4f}"
    )
    with pytest.raises(ValueError, match="backward or forward|'backward' or 'forward'"):
        Stepper(y, "sideways")


def test_draw_at_a_step_shows_that_steps_grads_and_marks():
    _, y = _graph()
    s = Stepper(y)
    ids = element_ids(y)
    i = 3
    rec = s[i]
    svg = ET.fromstring(_render(s.draw(i)))
    groups = {g.get("id"): g for g in svg.iter(SVG + "g")}
    k = ids[rec.node][1:]
    edge_style = "hl-accumulate" if rec.arrivals > 1 else "hl-current"
    assert edge_style in groups[f"e{k}_{rec.index}"].get("class")
    assert "hl-current" in groups[ids[rec.parent]].get("class")
    assert "hl-done" in groups[ids[y]].get("class")
    texts = [t.text for t in groups[ids[rec.parent]].iter(SVG + "text")]
    assert texts[-1] == f"grad {rec.parent_grad:.4f}"


def _render(g):
    from autograd.see.render import graphviz_pure, render_svg

    return render_svg(g, dot=graphviz_pure())


def _page_parts(page: str) -> tuple[dict, str]:
    data = re.search(r'<script type="application/json" class="cr-data">(.*?)</script>', page, re.S)
    svg = re.search(r"(<svg.*?</svg>)", page, re.S)  # the live drawing (the static last frame follows)
    assert data and svg
    return json.loads(data.group(1)), svg.group(1)


@pytest.mark.parametrize("direction", ["backward", "forward"])
def test_html_one_frame_per_step_no_network(tmp_path: Path, direction: str):
    leaves, y = _graph()
    leaves[0].label = "x1 </script><b>"  # must not break the page
    s = Stepper(y, direction)
    path = s.save_html(tmp_path / "steps.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 2  # live drawing, static last frame
    data, svg = _page_parts(page)
    assert len(data["frames"]) == len(s)
    assert [f["text"] for f in data["frames"]] == [s.text_at(i) for i in range(len(s))]
    assert page.count('class="cr-row') == len(s)  # the static table: one row per step
    assert page.count("</script>") == 2 and "x1 &lt;/script&gt;&lt;b&gt;" in page
    # no network: no URL except the SVG namespace declarations
    stripped = re.sub(r'xmlns(:\w+)?="http://www\.w3\.org/[^"]*"', "", page)
    assert "http://" not in stripped and "https://" not in stripped
    assert not re.search(r"\b(src|href)=", stripped)
    # every id a frame names exists in the one SVG
    svg_ids = {g.get("id") for g in ET.fromstring(svg).iter(SVG + "g")}
    named = {i for f in data["frames"] for i in f["cur"] + f["acc"] + f["done"]} | set(data["done0"])
    assert named <= svg_ids
    ids = element_ids(y)
    if direction == "backward":
        want = [[ids[r.parent], f"grad {r.parent_grad:.4f}"] for r in s]
        assert [f["write"] for f in data["frames"]] == want
        assert data["write0"][ids[y]] == "grad 1.0000"
        assert data["write0"][ids[leaves[0]]] == "grad 0.0000"
    else:
        assert [f["write"] for f in data["frames"]] == [[ids[r.node], f"data {r.data:.4f}"] for r in s]
        assert data["write0"] == {ids[r.node]: "data ?" for r in s}
    # the static fallback: no controls until the script makes them; first frame's text shown
    assert "cr-controls" not in page.split("<script")[0] and "<button" not in page.split("<script")[0]
    assert f'<pre class="cr-text">{html.escape(s.text_at(0))}</pre>' in page
    assert s._repr_html_().count("<svg") == 2


def _marked(svg: str, style: str) -> set[str]:
    groups = ET.fromstring(svg).iter(SVG + "g")
    return {g.get("id") for g in groups if f"hl-{style}" in (g.get("class") or "").split()}


def _last_texts(svg: str) -> dict[str, str]:
    """Element id -> the text of its last <text> (a value node's grad or data cell)."""
    out = {}
    for g in ET.fromstring(svg).iter(SVG + "g"):
        texts = [t.text for t in g.iter(SVG + "text")]
        if g.get("id") and texts:
            out[g.get("id")] = texts[-1]
    return out


def test_page_ids_are_unique_on_a_page_and_reproducible():
    _, y = _graph()
    s = Stepper(y)
    a, b = s.html(0), s.html(0)
    uid_a, uid_b = (re.search(r'<div id="(cr-stepper-[^"]+)"', page)[1] for page in (a, b))
    assert re.fullmatch(r"cr-stepper-[0-9a-f]{8}-\d+", uid_a) and uid_a != uid_b  # two on one page
    assert uid_a.rsplit("-", 1)[0] == uid_b.rsplit("-", 1)[0]  # the same pass: the same digest
    assert a.replace(uid_a, "UID") == b.replace(uid_b, "UID")  # nothing else differs (no random part)
    other = re.search(r'<div id="(cr-stepper-[^"]+)"', Stepper(y, "forward").html())[1]
    assert other.rsplit("-", 1)[0] != uid_a.rsplit("-", 1)[0]  # another pass: another digest


def test_static_fallback_shows_the_first_frame_and_script_opens_at_the_cursor():
    _, y = _graph()
    s = Stepper(y).goto(4)
    assert _page_parts(s._repr_html_())[0]["start"] == 0  # a notebook cell opens at step 1
    page = s.html()
    data, svg = _page_parts(page)
    assert data["start"] == 4  # where the script opens
    # without the script: frame 0 — its marks, its text, the grads after step 1
    first = data["frames"][0]
    assert _marked(svg, "current") == set(first["cur"])
    assert _marked(svg, "accumulate") == set(first["acc"])
    marked_now = set(first["cur"] + first["acc"])
    assert _marked(svg, "done") == (set(data["done0"]) | set(first["done"])) - marked_now
    assert f'<pre class="cr-text">{html.escape(s.text_at(0))}</pre>' in page
    texts = _last_texts(svg)
    grads = s.grads_at(0)
    assert all(texts[nid] == f"grad {grads[v]:.4f}" for v, nid in element_ids(y).items())


def test_unlabelled_nodes_are_named_by_their_expression_everywhere():
    x = ag.Value(3.0, "x")
    y = (x * -2.0).tanh()
    s = Stepper(y)
    assert s.text_at(0).startswith(
        "step 1 of 3: tanh(x*(-2))\n  local d(tanh(x*(-2)))/d(x*(-2)) = 1 - tanh(x*(-2))^2 = "
    )
    assert "local d(x*(-2))/dx = -2 = -2.0000" in s.text_at(1)
    assert "local d(x*(-2))/d(-2) = x = 3.0000\n  (-2).grad += " in s.text_at(2)
    assert Stepper(y, hide_constants=True).text_at(2) == s.text_at(2)  # the same name, drawn or not
    fwd = Stepper(y, "forward")
    assert fwd.text_at(0) == "step 1 of 2: x*(-2)\n  = 3.0000*(-2.0000) = -6.0000"
    assert str(fwd[0]) == "step 1: x*(-2) = 3*(-2) = -6"
    # an expression past 24 characters is named tN, in the text and in the node's box
    long = x
    for _ in range(4):
        long = (long * 1.5 + 0.25).tanh()
    t = Stepper(long)
    assert t.names[long] == "tanh(t2*1.5 + 0.25)"  # t1 = tanh(x*1.5 + 0.25)*1.5 + 0.25 (29 characters)
    texts = [t.text_at(i) for i in range(len(t))]
    assert any(x.startswith("t2 = tanh(tanh(t1)*1.5 + 0.25)", x.index(": ") + 2) for x in texts)
    source = ag.draw(long).source
    assert "<B>t2</B>" in source and "<B>t1</B>" in source


def test_step_limit():
    x = ag.Value(0.5, "x")
    y = x
    for _ in range(MAX_STEPS // 2 + 1):
        y = y * 1.0001
    with pytest.raises(ValueError, match=r"over the limit of 2000.*collapse"):
        Stepper(y)
    assert len(Stepper(y, max_steps=5000)) == 2 * (MAX_STEPS // 2 + 1)
    assert len(Stepper(y, "forward")) == MAX_STEPS // 2 + 1


ops = st.sampled_from(["+", "-", "*", "tanh", "sigmoid", "sin"])


@settings(max_examples=40)
@given(
    st.lists(st.floats(-1.5, 1.5), min_size=1, max_size=3),
    st.lists(st.tuples(ops, st.integers(0, 99), st.integers(0, 99)), min_size=1, max_size=10),
    st.floats(-2.0, 2.0),
)
def test_random_graphs_steps_exact_and_grads_untouched(leaves, program, junk):
    pool = [ag.Value(x, f"x{i}") for i, x in enumerate(leaves)]
    for op, i, j in program:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        if op in ("+", "-"):
            pool.append(a + b if op == "+" else a - b)
        elif op == "*":
            pool.append(a * b.tanh())  # bounded growth: no overflow however deep
        else:
            pool.append(getattr(a, op)())
    root = pool[-1]
    nodes = ag.topological_order(root)
    for k, v in enumerate(nodes):
        v.grad = junk * k
    before = [v.grad.hex() for v in nodes]
    s = Stepper(root)
    assert [v.grad.hex() for v in nodes] == before
    _same_records(list(s), _reference_steps(root))


def test_forward_frames_reveal_data_as_it_is_computed(tmp_path: Path):
    leaves, y = _graph()
    s = Stepper(y, "forward")
    ids = element_ids(y)
    i = 2
    texts = _last_texts(_render(s.draw(i)))
    for k, r in enumerate(s):
        assert texts[ids[r.node]] == (f"data {r.data:.4f}" if k <= i else "data ?")
    assert all(texts[ids[v]] == f"data {v.data:.4f}" for v in leaves)  # inputs are known from the start
    assert s.pending_at(i) == {r.node for r in list(s)[i + 1 :]}
    # no local derivatives on the edges of a forward pass (they are not computed yet either)
    assert not re.search(r"-> \w+ \[label=", s.draw(i).source)
    # the page: before the script runs, only the first step's node has its data
    data, svg = _page_parts(s.save_html(tmp_path / "f.html").read_text(encoding="utf-8"))
    texts = _last_texts(svg)
    assert texts[ids[s[0].node]] == f"data {s[0].data:.4f}"
    assert all(texts[ids[r.node]] == "data ?" for r in list(s)[1:])
    edges = [g for g in ET.fromstring(svg).iter(SVG + "g") if "edge" in (g.get("class") or "").split()]
    assert edges and all(not list(g.iter(SVG + "text")) for g in edges)
    with pytest.raises(ValueError, match="forward Stepper"):
        Stepper(y).pending_at(0)


def _shared():
    """The issue's example: y is reached directly and through w."""
    x = ag.Value(2.0, "x")
    y = x * 3
    w = y * 2
    z = y + w
    return x, y, w, z


@pytest.mark.parametrize("order", ["topological", "naive"])
def test_accumulation_marks_the_edge_and_keeps_earlier_arrivals_done(order: str):
    x, y, w, z = _shared()
    s = Stepper(z, order=order)
    ids = element_ids(z)
    frames = s.frames()

    def edge(i: int) -> str:
        return f"e{ids[s[i].node][1:]}_{s[i].index}"

    for i, (rec, f) in enumerate(zip(s, frames)):
        if rec.arrivals > 1:  # the k-th of n > 1 contributions: its edge is "accumulate", not "current"
            assert f["acc"] == [edge(i)] and edge(i) not in f["cur"], i
            assert f"(path {rec.arrival} of {rec.arrivals} into {s.names[rec.parent]}" in f["text"]
        else:
            assert f["acc"] == [] and edge(i) in f["cur"], i
        assert edge(i) in f["done"]  # from the next frame on, its contribution is done
    into_y = [i for i, rec in enumerate(s) if rec.parent is y]
    assert len(into_y) == s[into_y[0]].arrivals >= 2
    last = into_y[-1]
    svg = _render(s.draw(last))
    assert _marked(svg, "accumulate") == {edge(last)}
    earlier = {edge(i) for i in into_y[:-1]} - {edge(last)}
    assert earlier and earlier <= _marked(svg, "done")  # the earlier arrivals into y stay visible as done
    assert ids[y] in _marked(svg, "current")
    # the page's first frame (no script) and its legend
    page = s.html(0)
    data, first_svg = _page_parts(page)
    assert data["frames"] == frames
    assert _marked(first_svg, "accumulate") == set(frames[0]["acc"]) == {edge(0)}  # z -> y: path 1 of 2
    assert "<b>purple</b>: one of several contributions into a node (+=)" in page
    assert s.legend()[1] == ("accumulate", "one of several contributions into a node (+=)")


def test_a_pass_without_accumulation_has_no_accumulate_marks_or_legend():
    a, b = ag.Value(2.0, "a"), ag.Value(-3.0, "b")
    c = (a * b).tanh()
    s = Stepper(c)
    assert all(f["acc"] == [] for f in s.frames())
    assert [name for name, _ in s.legend()] == ["current", "done"]
    page = s.html()
    assert "purple" not in page and not _marked(_page_parts(page)[1], "accumulate")
    assert [name for name, _ in Stepper(c, "forward").legend()] == ["current", "done"]


def test_draw_merges_a_users_highlight():
    leaves, y = _graph()
    x1, x2 = leaves[0], leaves[1]
    s = Stepper(y)
    ids = element_ids(y)
    marked = _render(s.draw(0, highlight=[x2]))
    assert _marked(marked, "path") == {ids[x2]}
    assert _marked(marked, "current") == set(s.frames()[0]["cur"])
    # a mapping: the step's own "current" wins over the user's "path"; the user's "current" is added
    root_step = s.draw(0, highlight={"path": [y], "current": [x1]})
    svg = _render(root_step)
    assert ids[y] in _marked(svg, "current") and ids[y] not in _marked(svg, "path")
    assert ids[x1] in _marked(svg, "current")
    with pytest.raises(ValueError, match="unknown style"):
        s.draw(0, highlight={"hot": [y]})
    with pytest.raises(ValueError, match="not in the graph"):
        s.draw(0, highlight=[ag.Value(1.0)])


def _constants_graph():
    x = ag.Value(0.5, "x")
    h = (x * 2.0 + 1.0).tanh()
    return x, h * x - 3.0


@pytest.mark.parametrize("hide", [False, True])
@pytest.mark.parametrize("direction", ["backward", "forward"])
def test_every_id_a_frame_names_is_in_the_svg(direction: str, hide: bool):
    x, y = _constants_graph()
    s = Stepper(y, direction, hide_constants=hide)
    data, svg = _page_parts(s.html())
    svg_ids = {g.get("id") for g in ET.fromstring(svg).iter(SVG + "g")}
    named = set(data["done0"]) | set(data["write0"])
    for f in data["frames"]:
        assert f["cur"], f["text"]  # every step marks something
        named |= set(f["cur"]) | set(f["acc"]) | set(f["done"]) | ({f["write"][0]} if f["write"] else set())
    assert named <= svg_ids
    consts = [v for v in ag.topological_order(y) if v.op == "const"]
    const_ids = {element_ids(y)[c] for c in consts}
    assert len(consts) == 3 and (const_ids <= svg_ids) != hide
    if direction == "backward" and hide:
        # a step into a hidden constant marks the op node that lists it
        i = next(i for i, r in enumerate(s) if r.parent.op == "const")
        k = element_ids(y)[s[i].node][1:]
        assert f"o{k}" in data["frames"][i]["cur"]
        assert f"o{k}" in _marked(_render(s.draw(i)), "current")


def test_a_constant_root_is_drawn_even_with_hidden_constants():
    c = ag.const(2.0)
    s = Stepper(c, hide_constants=True)
    data, svg = _page_parts(s.html())
    assert "n0" in {g.get("id") for g in ET.fromstring(svg).iter(SVG + "g")}
    assert data["frames"] == []


def test_options_are_checked_when_the_stepper_is_made():
    _, y = _graph()
    with pytest.raises(ValueError, match="rankdir must be one of"):
        Stepper(y, rankdir="XY")
    with pytest.raises(TypeError, match="groups must be a mapping or a callable"):
        Stepper(y, groups=42)
    with pytest.raises(TypeError, match="groups must give a cluster name"):
        Stepper(y, groups=lambda v: 7)
    with pytest.raises(ValueError, match="number_format"):
        Stepper(y, number_format="q")
    with pytest.raises(TypeError, match="hide_constants must be True or False"):
        Stepper(y, hide_constants="yes")
    ok = Stepper(y, rankdir="TB", groups=lambda v: "layer" if v.label in ("n", "o") else None)
    assert "rankdir=TB" in ok.draw(0).source and "cluster_0" in ok.draw(0).source


# -- pictures fit a notebook column ------------------------------------------------------


def _net_2221() -> ag.Value:
    """A 2-2-2-1 tanh network on one sample and its loss, built like nets' (one dot node per neuron)."""
    h = [ag.Value(0.5, "X1"), ag.Value(-0.3, "X2")]
    for k, nout in enumerate((2, 2, 1), 1):
        out = []
        for j in range(1, nout + 1):
            ws = [ag.Value(0.3 * (i + j) - 0.4, f"L{k}.N{j}.w{i + 1}") for i in range(len(h))]
            o = ag.dot(ws, h, ag.Value(0.0, f"L{k}.N{j}.b"))
            o.label = f"L{k}.N{j}.o"
            a = o if k == 3 else o.tanh()
            a.label = a.label or f"L{k}.N{j}.a"
            out.append(a)
        h = out
    loss = (h[0] - 1.0) ** 2 * 0.5
    loss.label = "E"
    return loss


def _fits_a_column(svg: str) -> tuple[float, float]:
    """(width in pt, the smallest text in px once the drawing is shrunk to a 750 pt / 1,000 px column)."""
    from autograd.see.notebook import svg_width

    width = svg_width(svg)
    sizes = [float(f) for f in re.findall(r'font-size="([0-9.]+)"', svg)]
    return width, min(sizes) * min(1.0, 750.0 / width) * 4 / 3


def test_the_neuron_and_a_2221_networks_stepper_fit_a_notebook_column():
    x1, w1, x2, w2 = ag.Value(2.0, "x1"), ag.Value(-3.0, "w1"), ag.Value(0.0, "x2"), ag.Value(1.0, "w2")
    n = x1 * w1 + x2 * w2
    n.label = "n"
    o = n + ag.Value(6.8813735870195432, "b")
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    loss = _net_2221()
    s = Stepper(loss)
    assert len(s) == 34
    for svg in (_render(ag.draw(a)), _render(s.draw(0)), _page_parts(s.html())[1]):
        width, smallest = _fits_a_column(svg)  # a wider drawing is shrunk to the column: text stays readable
        assert smallest >= 9, (width, smallest)
    assert _fits_a_column(_render(ag.draw(a)))[0] <= 750


def test_options_checked_when_made_and_numpy_positions_accepted():
    import numpy as np

    from autograd.see import Stepper

    x = ag.Value(1.0, "x")
    y = (x * 2).tanh()
    with pytest.raises(ValueError, match="clusters nest at most 100 deep"):
        Stepper(y, groups={x: tuple(f"g{i}" for i in range(3000))})
    with pytest.raises(TypeError, match="Stepper: hide_constants must be True or False, got str"):
        Stepper(y, hide_constants="no")
    with pytest.raises(TypeError, match="Stepper: max_steps must be an int, got float: 1.5"):
        Stepper(y, max_steps=1.5)
    s = Stepper(y, max_steps=np.int64(10))
    assert s.goto(np.int64(1)).position == 1 and type(s.position) is int
    with pytest.raises(TypeError, match="a step position must be an int, got float"):
        s.goto(1.0)


def test_save_picks_the_kind_by_suffix_and_layout_is_the_pages(tmp_path):
    from autograd.see import Stepper

    x = ag.Value(0.5, "x")
    s = Stepper((x * 2).tanh())
    page = s.save(tmp_path / "pass.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "cr-data" in page
    gif = s.save(tmp_path / "pass.gif", seconds_per_step=0.5).read_bytes()
    assert gif[:6] in (b"GIF87a", b"GIF89a")
    from PIL import Image

    big, small = (s.save(tmp_path / f"{dpi}.gif", dpi=dpi) for dpi in (96, 48))
    with Image.open(big) as big_gif, Image.open(small) as small_gif:
        assert big_gif.n_frames == small_gif.n_frames == len(s) + 1
        assert small_gif.size[1] < 0.6 * big_gif.size[1]
    svg = s.save(tmp_path / "pass.svg").read_text()
    assert "@keyframes" in svg and svg.count("cr-frame") >= len(s) + 1
    layout = s.layout()
    assert len(layout.frames) == len(s) and "<svg" in layout.svg and layout.svg.rstrip().endswith("</svg>")
    assert layout.frames == s.frames()
