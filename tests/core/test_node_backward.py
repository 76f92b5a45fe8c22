"""backward, backward_steps, topological_order, no_grad, and freeing graphs."""

from __future__ import annotations

import gc
import math
import random
import threading

import pytest

import autograd as ag
from autograd import Value


def test_article_style_expression():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = Value(10.0, "c")
    e = a * b
    d = e + c
    f = Value(-2.0, "f")
    L = d * f
    L.backward()
    assert L.data == -8.0
    assert (a.grad, b.grad, c.grad, f.grad) == (6.0, -4.0, -2.0, 4.0)
    assert (d.grad, e.grad) == (-2.0, -2.0)


def test_a_times_a_keeps_both_edges():
    a = Value(3.0)
    y = a * a
    assert y.parents == (a, a)
    y.backward()
    assert a.grad == 6.0
    assert len(list(ag.backward_steps(y))) == 2


def test_diamond_and_fan_out():
    x = Value(0.5, "x")
    u = x.tanh()
    v = x.exp()
    y = u * v + u
    y.backward()
    t = math.tanh(0.5)
    expected = (1 - t * t) * math.exp(0.5) + t * math.exp(0.5) + (1 - t * t)
    assert x.grad == pytest.approx(expected, rel=1e-14)


def test_topological_order_properties():
    x, y = Value(1.0, "x"), Value(2.0, "y")
    s = x * y
    t = s + x
    u = t * s
    order = ag.topological_order(u)
    assert order[-1] is u
    assert len(order) == len({id(v) for v in order})
    pos = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for p in v.parents:
            assert pos[id(p)] < pos[id(v)]
    # depth-first post-order, parents in argument order
    assert order == [x, y, s, t, u]


def test_reset_rule_intermediates_not_double_counted_leaves_accumulate():
    x = Value(3.0, "x")
    h = x * 2.0
    y = h * h
    y.backward()
    assert x.grad == 24.0 and h.grad == 12.0
    y.backward()
    assert h.grad == 12.0  # intermediate reset each pass
    assert x.grad == 48.0  # leaves accumulate, like PyTorch leaf tensors
    x.grad = 0.0
    y.backward(grad=0.5)
    assert x.grad == 12.0 and y.grad == 0.5


def test_leaf_root_accumulates_seed():
    x = Value(1.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_deep_chain_needs_no_recursion():
    n = 1_000_000
    v = Value(1.0, "x")
    x = v
    for _ in range(n):
        v = -v
    v.backward()
    assert x.grad == 1.0
    assert len(ag.topological_order(v)) == n + 1
    del v, x  # freeing a million-deep chain must not overflow the C stack either


def test_graphs_are_freed_by_reference_counting_alone():
    import weakref

    gc.disable()
    try:
        x = Value(0.3, "x")
        y = (x * 2.0 + x.tanh()) * x.exp()
        y.backward()
        ref = weakref.ref(x)
        steps = list(ag.backward_steps(y))
        assert steps
        del x, y, steps
        assert ref() is None
    finally:
        gc.enable()


def test_no_grad_records_nothing_and_is_per_thread():
    x = Value(2.0)
    with ag.no_grad():
        assert not ag.is_grad_enabled()
        y = (x * 3.0 + 1.0).tanh() ** 2 / 2.0 - x
        assert y.parents == () and y.op == "" and y.local_grads == ()
        assert ag.dot([x], [x], 1.0).parents == ()
        seen = {}

        def other_thread():
            seen["enabled"] = ag.is_grad_enabled()
            seen["parents"] = len((x * 2.0).parents)

        t = threading.Thread(target=other_thread)
        t.start()
        t.join()
        assert seen == {"enabled": True, "parents": 2}
        with ag.no_grad():
            pass
        assert not ag.is_grad_enabled()  # nesting
    assert ag.is_grad_enabled()
    assert len((x * 3.0).parents) == 2


def test_no_grad_restores_after_an_exception():
    with pytest.raises(ag.DomainError):
        with ag.no_grad():
            Value(-1.0).log()
    assert ag.is_grad_enabled()


def _random_graph(rng: random.Random, n_leaves: int = 4, n_ops: int = 30) -> tuple[Value, list[Value]]:
    leaves = [Value(rng.uniform(-1.5, 1.5), f"x{i}") for i in range(n_leaves)]
    return _graph_on(rng, leaves, n_ops), leaves


_RANDOM_OPS = [
    lambda a, b: a + b,
    lambda a, b: a * b,
    lambda a, b: a - 0.5 * b,
    lambda a, b: a.tanh(),
    lambda a, b: a.sigmoid() * b,
    lambda a, b: ag.dot([a, b], [b, a], 0.1),
    lambda a, b: a / (1.0 + b * b),
    lambda a, b: (a * a + 1.0) ** 0.5,
    lambda a, b: a.relu() + b.sin(),
]


def _graph_on(rng: random.Random, leaves: list[Value], n_ops: int) -> Value:
    """A random expression DAG over ``leaves``: shared subexpressions, reused leaves, constants."""
    nodes = list(leaves)
    for _ in range(n_ops):
        a, b = rng.choice(nodes), rng.choice(nodes)
        nodes.append(_RANDOM_OPS[rng.randrange(len(_RANDOM_OPS))](a, b))
    root = nodes[-1]
    for n in nodes[-6:-1]:
        root = root + n
    return root


def _all_grads(root: Value) -> list[float]:
    return [v.grad for v in ag.topological_order(root)]


@pytest.mark.parametrize("seed", range(25))
def test_steps_equal_backward_bitwise(seed):
    root, _ = _random_graph(random.Random(seed))
    root.backward()
    expected = _all_grads(root)
    for v in ag.topological_order(root):
        v.grad = 0.0 if not v.parents else 123.0  # leaves zeroed; intermediates are reset by the pass
    steps = list(ag.backward_steps(root))
    assert _all_grads(root) == expected  # bitwise: same arithmetic, same order
    assert [s.step for s in steps] == list(range(len(steps)))
    for s in steps:
        assert s.contribution == s.local_grad * s.upstream
        assert s.parent_grad == s.parent_grad_before + s.contribution
        assert s.parent is s.node.parents[s.index] and s.op == s.node.op
        assert s.local_grad == s.node.local_grads[s.index]


def test_steps_are_lazy_and_frozen():
    x = Value(2.0, "x")
    y = x * x + x
    y.grad = 99.0
    gen = ag.backward_steps(y)
    assert y.grad == 99.0  # nothing happens until the first step is requested
    first = next(gen)
    assert y.grad == 1.0 and first.step == 0
    assert "x" in str(first) or "*" in str(first)
    with pytest.raises(AttributeError):
        first.step = 5
    rest = list(gen)
    assert x.grad == 5.0 and len(rest) == 3


@pytest.mark.parametrize("seed", range(10))
def test_backward_matches_finite_differences(seed):
    root, leaves = _random_graph(random.Random(100 + seed), n_ops=15)
    root.backward()

    def f(values: list[float]) -> float:
        rng = random.Random(100 + seed)
        [rng.uniform(-1.5, 1.5) for _ in leaves]  # replay the leaves' draws
        with ag.no_grad():
            return _graph_on(rng, [Value(x) for x in values], 15).data

    x0 = [leaf.data for leaf in leaves]
    assert f(x0) == root.data
    h = 1e-6
    for i, leaf in enumerate(leaves):
        plus, minus = list(x0), list(x0)
        plus[i] += h
        minus[i] -= h
        numeric = (f(plus) - f(minus)) / (2 * h)
        assert leaf.grad == pytest.approx(numeric, rel=1e-5, abs=1e-6)
