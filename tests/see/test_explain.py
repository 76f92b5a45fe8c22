"""Tests of autograd.explain: paths, rules, products, totals, grouping."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd as ag
from autograd.core.grad import grad
from autograd.see.explain import explain


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
    # each rule in the operands' names: d(x*w)/dx = w, do/dn = 1 - tanh(n)^2, dL/dx = o
    assert [e.rule for e in via_n.edges] == ["w", "1", "1 - tanh(n)^2", "x"]
    for e in via_n.edges:
        assert e.rule == ex.names.rule(e.child, e.index)
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
    assert [p.edges[0].rule for p in ex.paths] == ["a", "a"]
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
    xw, xh = (t.edge.child for t in grouped.groups)
    assert [t.edge.local for t in grouped.groups] == [w.data, h.data]
    # d L / d child, by hand: L = h*h + xh with h = tanh(xw)
    by_hand = [(2 * h.data + x.data) * (1 - h.data**2), 1.0]
    assert [t.downstream for t in grouped.groups] == pytest.approx(by_hand, rel=1e-14)
    # and from an independent reverse pass that treats the child as the input
    assert [t.downstream for t in grouped.groups] == pytest.approx(grad(L, [xw, xh]), rel=1e-14)
    assert [t.product for t in grouped.groups] == pytest.approx(
        [w.data * by_hand[0], h.data * by_hand[1]], rel=1e-14
    )
    g = _backward_grad(L, x)
    assert abs(grouped.total - g) <= 1e-12 * grouped.abs_sum
    assert abs(full.total - g) <= 1e-12 * full.abs_sum
    assert grouped.abs_sum == pytest.approx(full.abs_sum, rel=1e-14)


def test_grouped_is_the_choice_made():
    a = ag.Value(1.5, "a")
    same = explain(a, a, max_paths=0)  # output is param: one (empty) path, always listed
    assert not same.grouped and len(same.paths) == 1 and same.groups == () and same.total == 1.0
    y = a * a
    assert explain(y, a, max_paths=2).grouped is False
    many = explain(y, a, max_paths=1)
    assert many.grouped is True and many.paths == () and len(many.groups) == 2
    assert explain(y, ag.Value(1.0), max_paths=0).grouped is False  # no path at all


def test_grouping_a_param_with_thousands_of_children_is_linear():
    x = ag.Value(0.5, "x")
    n = 3000
    children = [x * float(i % 7 + 1) for i in range(n)]
    out = children[0]
    for c in children[1:]:
        out = out + c
    ex = explain(out, x)  # 3000 paths > max_paths: grouped by x's 3000 children
    assert ex.grouped and ex.npaths == n and len(ex.groups) == n
    assert all(t.npaths == 1 and t.downstream == 1.0 for t in ex.groups)
    assert [t.edge.child for t in ex.groups] == children
    assert ex.total == sum(float(i % 7 + 1) for i in range(n))


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
    assert text.splitlines()[0] == "dy/d(<a&b>) = 5"
    assert "path 1: <a&b> -> <a&b>*<a&b> -> y" in text and "path 3: <a&b> -> y" in text
    assert "d(<a&b>*<a&b>)/d(<a&b>) (argument 0) = <a&b> = 2" in text
    assert text.splitlines()[-1] == "total = 2 + 2 + 1 = 5"
    page = ex._repr_html_()
    assert page.count("<table>") == 1 and "&lt;a&amp;b&gt;" in page and "<a&b>" not in page
    assert page.count("<tr>") == 1 + 5 + 1  # header, one row per edge, total
    assert _row_widths(page) == [5] * 7
    grouped = explain(y, a, max_paths=1)._repr_html_()
    widths = _row_widths(grouped)
    assert widths == [6] * 5  # header, one row per edge leaving a (a*a twice, y once), total
    total = ET.fromstring(grouped[grouped.index("<table>") :]).findall("tr")[-1]
    assert [c.text for c in total] == ["total", "5"] and total[0].get("colspan") == "5"


def _row_widths(page: str) -> list[int]:
    """How many columns each row of the ledger's table spans."""
    table = ET.fromstring(page[page.index("<table>") :])
    return [sum(int(c.get("colspan", "1")) for c in row) for row in table.findall("tr")]


def test_a_rule_that_is_its_number_is_printed_once():
    a, b = ag.Value(2.0, "a"), ag.Value(3.0, "b")
    y = a + b
    y.label = "y"
    text = str(explain(y, a))
    assert "dy/da (argument 0) = 1\n" in text and "= 1 = 1" not in text
    z = a * b
    z.label = "z"
    assert "dz/da (argument 0) = b = 3" in str(explain(z, a))
    assert "dz/da = b = 3;" in str(explain(z, a, max_paths=0))
    assert "dy/da = 1;" in str(explain(y, a, max_paths=0))


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
    routes = _all_paths(out, param)  # by brute force: every route param -> out
    assert ex.npaths == len(routes)
    if len(routes) > max_paths:
        assert ex.grouped and ex.paths == ()
        assert sum(t.npaths for t in ex.groups) == len(routes)
        for t in ex.groups:
            assert t.npaths == sum(1 for r in routes if r[1] == (t.edge.child, t.edge.index))
            assert t.downstream == pytest.approx(grad(out, [t.edge.child])[0], rel=1e-12, abs=1e-12)
    else:
        assert not ex.grouped and ex.groups == ()
        got = [tuple((e.child, e.index) for e in p.edges) for p in ex.paths]
        assert sorted(got, key=_route_key) == sorted((r[1:] for r in routes), key=_route_key)
        for p in ex.paths:
            by_hand = math.prod(child.local_grads[i] for child, i in ((e.child, e.index) for e in p.edges))
            assert p.product == pytest.approx(by_hand, rel=1e-12, abs=1e-300)


def _all_paths(out, param) -> list[tuple]:
    """Every route (param, (child, index), ..., (out, index)) by plain recursion (small graphs only)."""
    if out is param:
        return [(param,)]
    routes = []
    for i, p in enumerate(out.parents):
        routes += [r + ((out, i),) for r in _all_paths(p, param)]
    return routes


def _route_key(route: tuple) -> list:
    return [(id(child), i) for child, i in route]


def test_max_paths_is_a_count():
    import numpy as np

    x = ag.Value(1.0, "x")
    y = x * x + x
    with pytest.raises(TypeError, match=r"^explain: max_paths must be an int, got float: 1.5$"):
        ag.explain(y, x, max_paths=1.5)
    with pytest.raises(TypeError, match="got bool"):
        ag.explain(y, x, max_paths=True)
    with pytest.raises(ValueError, match=r"^explain: max_paths must be >= 0, got -1$"):
        ag.explain(y, x, max_paths=-1)
    assert ag.explain(y, x, max_paths=np.int64(5)).total == ag.explain(y, x).total == 3.0
