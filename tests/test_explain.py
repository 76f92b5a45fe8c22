"""Tests of autograd.explain: paths, rules, products, totals, grouping."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.gradients import grad
from autograd.ledger import explain


def _backward_grad(output, param) -> float:
    for v in ag.topological_order(output):
        v.grad = 0.0
    output.backward()
    return param.grad


def test_paths_rules_products_and_total():
    x, w, b = ag.Value(0.7, "x"), ag.Value(-1.2, "w"), ag.Value(0.3, "b")
    n = x * w + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    L = o * x
    L.label = "L"
    ex = explain(L, x)
    assert ex.npaths == 2 and len(ex.paths) == 2 and not ex.grouped
    via_n, direct = ex.paths
    # path 1: x -> (x*w) -> n -> o -> L ; path 2: x -> L
    assert [e.parent for e in via_n.edges][0] is x and via_n.edges[-1].child is L
    assert via_n.nodes() == [x, n.parents[0], n, o, L]
    locals_ = [e.local for e in via_n.edges]
    assert locals_ == [w.data, 1.0, 1.0 - o.data**2, x.data]
    assert [e.rule for e in via_n.edges] == ["y", "1", "1 - tanh(x)^2", "y"]
    for e in via_n.edges:
        assert e.rule == e.child.opdef.rule(e.index, len(e.child.parents))
        assert e.local == e.child.local_grads[e.index]
    assert via_n.product == w.data * 1.0 * (1.0 - o.data**2) * x.data
    assert direct.nodes() == [x, L] and direct.product == o.data and direct.edges[0].index == 1
    assert ex.total == math.fsum([via_n.product, direct.product])
    assert ex.abs_sum == pytest.approx(abs(via_n.product) + abs(direct.product), rel=1e-15)
    g = _backward_grad(L, x)
    assert abs(ex.total - g) <= 1e-12 * ex.abs_sum
    assert abs(ex.total - grad(L, [x])[0]) <= 1e-12 * ex.abs_sum


def test_duplicate_edges_give_two_paths():
    a = ag.Value(3.0, "a")
    y = a * a
    ex = explain(y, a)
    assert ex.npaths == 2
    assert [p.edges[0].index for p in ex.paths] == [0, 1]
    assert [p.product for p in ex.paths] == [3.0, 3.0]
    assert [p.edges[0].rule for p in ex.paths] == ["y", "x"]
    assert ex.total == 6.0 == _backward_grad(y, a)


def test_param_not_in_graph_and_output_is_param():
    a, z = ag.Value(1.0, "a"), ag.Value(2.0, "z")
    y = a.exp()
    ex = explain(y, z)
    assert ex.total == 0.0 and ex.paths == () and ex.npaths == 0
    assert "does not depend on z" in ex.message and "does not depend on z" in str(ex)
    same = explain(a, a)
    assert same.total == 1.0 and same.npaths == 1 and same.paths[0].edges == ()
    with pytest.raises(TypeError, match="param must be a Value"):
        explain(y, 2.0)
    with pytest.raises(ValueError, match="max_paths"):
        explain(y, a, max_paths=-1)


def test_grouping_past_max_paths():
    x, w = ag.Value(0.4, "x"), ag.Value(0.9, "w")
    h = (x * w).tanh()
    L = h * h + x * h
    L.label = "L"
    full = explain(L, x)
    grouped = explain(L, x, max_paths=2)
    assert full.npaths == grouped.npaths == 4 and grouped.grouped and grouped.paths == ()
    assert "grouped" in grouped.message and "max_paths=2" in str(grouped)
    # one term per edge leaving x: (x*w) and (x*h); their path counts add up
    assert [t.edge.child.op for t in grouped.groups] == ["*", "*"]
    assert [t.npaths for t in grouped.groups] == [3, 1]
    for t in grouped.groups:
        assert t.product == t.edge.local * t.downstream
    g = _backward_grad(L, x)
    assert abs(grouped.total - g) <= 1e-12 * grouped.abs_sum
    assert abs(full.total - g) <= 1e-12 * full.abs_sum
    assert grouped.abs_sum == pytest.approx(full.abs_sum, rel=1e-14)


def test_exponentially_many_paths_are_counted_not_listed():
    x = ag.Value(0.5, "x")
    y = x
    for _ in range(40):
        y = y + y  # 2**40 paths
    ex = explain(y, x)
    assert ex.npaths == 2**40 and ex.grouped
    assert ex.total == 2.0**40 == _backward_grad(y, x)


def test_str_and_html_ledgers():
    a = ag.Value(2.0, "<a&b>")
    y = a * a + a
    y.label = "y"
    ex = explain(y, a)
    text = str(ex)
    assert text.splitlines()[0] == "d y / d <a&b> = 5"
    assert "path 1: <a&b> -> (*: 4) -> y" in text and "path 3: <a&b> -> y" in text
    assert "d (*: 4) / d <a&b> (argument 0) = y = 2" in text
    assert text.splitlines()[-1] == "total = 2 + 2 + 1 = 5"
    page = ex._repr_html_()
    assert page.count("<table>") == 1 and "&lt;a&amp;b&gt;" in page and "<a&b>" not in page
    assert page.count("<tr>") == 1 + 5 + 1  # header, one row per edge, total


# no tiny leaves: products that underflow have no relative accuracy to check
leaf = st.floats(-1.5, 1.5).filter(lambda x: x == 0.0 or abs(x) >= 1e-6)
leaf_values = st.lists(leaf, min_size=1, max_size=3)
program = st.lists(
    st.tuples(st.sampled_from(["+", "*", "-", "tanh", "sin"]), st.integers(0, 99), st.integers(0, 99)),
    min_size=1,
    max_size=10,
)


@settings(max_examples=60)
@given(leaf_values, program, st.integers(0, 2), st.sampled_from([1000, 3]))
def test_random_graphs_total_matches_backward(leaves, prog, which, max_paths):
    pool = [ag.Value(x, f"x{i}") for i, x in enumerate(leaves)]
    for op, i, j in prog:
        a, b = pool[i % len(pool)], pool[j % len(pool)]
        if op == "+":
            pool.append(a + b)
        elif op == "-":
            pool.append(a - b)
        elif op == "*":
            pool.append(a * b.tanh())
        else:
            pool.append(getattr(a, op)())
    out, param = pool[-1], pool[which % len(leaves)]
    ex = explain(out, param, max_paths=max_paths)
    g = _backward_grad(out, param) if param in set(ag.topological_order(out)) else 0.0
    assert abs(ex.total - g) <= 1e-12 * ex.abs_sum
    assert ex.grouped == (ex.npaths > max_paths)
    if not ex.grouped:
        assert len(ex.paths) == ex.npaths
        assert all(p.nodes()[0] is param and p.nodes()[-1] is out for p in ex.paths if p.edges)
