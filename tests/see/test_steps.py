"""Tests of autograd.see.steps: a Step's wording, and record_steps equal to backward_steps without writing."""

from __future__ import annotations

import pytest

import autograd as ag
from autograd.see.steps import Step, backward_steps, record_steps

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


def _bits(x):
    return x.hex() if isinstance(x, float) else x


def _neuron():
    """The tour's neuron: a = tanh(x1 w1 + x2 w2 + b), every node labelled."""
    x1, x2 = ag.Value(2.0, "x1"), ag.Value(0.0, "x2")
    w1, w2 = ag.Value(-3.0, "w1"), ag.Value(1.0, "w2")
    b = ag.Value(6.8813735870195432, "b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    s = x1w1 + x2w2
    s.label = "s"
    o = s + b
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    return a


def _shared():
    a, b = ag.Value(0.7, "a"), ag.Value(-1.3, "b")
    e = a * b  # used three times
    f = e + e * a
    return f.tanh() * e - ag.sigmoid(e)


def _square():
    a = ag.Value(1.5, "a")
    return a * a


def _dot():
    ws = [ag.Value(0.5, "w1"), ag.Value(-1.0, "w2"), ag.Value(0.25, "w3")]
    xs = [ag.Value(2.0, "x1"), ag.Value(3.0, "x2"), ag.Value(-0.5, "x3")]
    h = ag.dot(ws, xs, ag.Value(0.1, "b")).tanh()
    return ag.dot([h, ws[0]], [xs[1], h])  # a dot without a bias, sharing h


def _constants():
    x = ag.Value(0.5, "x")
    return (x * 2.0 + 1.0).tanh() * x - 3.0 / (x + 1.0)


def _deep():
    x = ag.Value(0.3, "x")
    y = x
    for k in range(6):
        y = ag.sin(y * 1.1 + x) + y**2 * 0.5 if k % 2 else ag.exp(y * 0.2) - y
    return y


GRAPHS = {
    "neuron": _neuron,
    "shared": _shared,
    "a*a": _square,
    "dot": _dot,
    "constants": _constants,
    "deep": _deep,
}


def _same_records(got: list[Step], want: list[Step]) -> None:
    assert len(got) == len(want)
    for s, t in zip(got, want):
        assert s.node is t.node and s.parent is t.parent
        assert [_bits(getattr(s, f)) for f in FIELDS] == [_bits(getattr(t, f)) for f in FIELDS]


# -- a Step written out --------------------------------------------------------------


def test_str_of_each_step_of_the_neuron():
    """Counted from 1, in the nodes' names, rules in the operands' names."""
    a = _neuron()
    assert [str(s) for s in backward_steps(a)] == [
        "step 1: a = tanh(o); local da/do = 1 - tanh(o)^2 = 0.5; o.grad += 1 x 0.5 = 0.5 (0 -> 0.5)",
        "step 2: o = s + b; local do/ds = 1; s.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
        "step 3: o = s + b; local do/db = 1; b.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
        "step 4: s = x1w1 + x2w2; local ds/dx1w1 = 1; x1w1.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
        "step 5: s = x1w1 + x2w2; local ds/dx2w2 = 1; x2w2.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
        "step 6: x2w2 = x2*w2; local dx2w2/dx2 = w2 = 1; x2.grad += 0.5 x 1 = 0.5 (0 -> 0.5)",
        "step 7: x2w2 = x2*w2; local dx2w2/dw2 = x2 = 0; w2.grad += 0.5 x 0 = 0 (0 -> 0)",
        "step 8: x1w1 = x1*w1; local dx1w1/dx1 = w1 = -3; x1.grad += 0.5 x -3 = -1.5 (0 -> -1.5)",
        "step 9: x1w1 = x1*w1; local dx1w1/dw1 = x1 = 2; w1.grad += 0.5 x 2 = 1 (0 -> 1)",
    ]
    assert [s.step for s in backward_steps(a)] == list(range(9))  # the field stays 0-based


def test_str_names_unlabelled_nodes_constants_and_wide_dots():
    """An unlabelled leaf is tN, a constant its value, a computed node its expression."""
    y = (ag.Value(3.0) * 2.0).tanh()
    first, into_leaf, into_const = (str(s) for s in backward_steps(y))
    assert first.startswith("step 1: tanh(t1*2); local d(tanh(t1*2))/d(t1*2) = 1 - tanh(t1*2)^2 = ")
    assert into_leaf.startswith("step 2: t1*2; local d(t1*2)/dt1 = 2; t1.grad += ")
    assert into_const.startswith("step 3: t1*2; local d(t1*2)/d(2) = t1 = 3; (2).grad += ")
    ws, xs = [ag.Value(0.5, "w1"), ag.Value(-1.0, "w2")], [ag.Value(2.0, "x1"), ag.Value(3.0, "x2")]
    d = ag.dot(ws, xs, ag.Value(0.25, "b"))
    d.label = "d"
    steps = [str(s) for s in backward_steps(d)]
    assert steps[0] == "step 1: d = dot(w1, ..., b); local dd/dw1 = x1 = 2; w1.grad += 1 x 2 = 2 (0 -> 2)"
    assert steps[3] == (
        "step 4: d = dot(w1, ..., b); local dd/dx2 = w2 = -1; x2.grad += 1 x -1 = -1 (0 -> -1)"
    )
    assert steps[4] == "step 5: d = dot(w1, ..., b); local dd/db = 1; b.grad += 1 x 1 = 1 (0 -> 1)"


def test_str_shows_the_accumulation_of_a_shared_parent():
    sq = _square()
    sq.label = "sq"
    assert [str(s) for s in backward_steps(sq)] == [
        "step 1: sq = a*a; local dsq/da = a = 1.5; a.grad += 1 x 1.5 = 1.5 (0 -> 1.5) (path 1 of 2 into a)",
        "step 2: sq = a*a; local dsq/da = a = 1.5; a.grad += 1 x 1.5 = 1.5 (1.5 -> 3) (path 2 of 2 into a)",
    ]


def test_a_step_is_a_frozen_record():
    step = next(iter(backward_steps(_square())))
    assert step.contribution == step.local_grad * step.upstream
    assert step.parent_grad == step.parent_grad_before + step.contribution
    with pytest.raises(AttributeError):
        step.local_grad = 0.0


# -- record_steps: the same records, nothing written ----------------------------------------


@pytest.mark.parametrize("seed", [1.0, -2.5])
@pytest.mark.parametrize("name", list(GRAPHS))
def test_record_steps_equals_backward_steps_bitwise_and_writes_nothing(name: str, seed: float):
    root = GRAPHS[name]()
    nodes = ag.topological_order(root)
    for k, v in enumerate(nodes):  # arbitrary live grads, as after earlier passes
        v.grad = 0.37 * k - 1.1
    before = [v.grad.hex() for v in nodes]
    steps, grads = record_steps(root, seed)
    assert [v.grad.hex() for v in nodes] == before  # every .grad untouched
    assert len(steps) == sum(len(v.parents) for v in nodes)
    assert [s.step for s in steps] == list(range(len(steps)))
    for v in nodes:  # the reference: backward_steps from zeroed grads (this does write .grad)
        v.grad = 0.0
    reference = list(backward_steps(root, seed))
    _same_records(steps, reference)
    # the dict holds every node's grad at the end of the pass: what the writing pass left in .grad
    assert set(grads) == set(nodes)
    assert all(grads[v].hex() == v.grad.hex() for v in nodes)
    for v in nodes:
        v.grad = 0.0
    root.backward(seed)
    assert all(grads[v].hex() == v.grad.hex() for v in nodes)


def test_a_leaf_root_gives_no_steps():
    x = ag.Value(3.0, "x")
    x.grad = 7.0
    steps, grads = record_steps(x)
    assert steps == [] and grads == {x: 1.0} and x.grad == 7.0
    assert record_steps(x, 2.0)[1] == {x: 2.0}
    assert list(backward_steps(x)) == []
    c = ag.const(2.0)
    assert record_steps(c) == ([], {c: 1.0})


def test_the_root_must_be_a_value():
    with pytest.raises(TypeError, match="record_steps expects a Value, got float"):
        record_steps(1.0)
    with pytest.raises(TypeError, match="backward_steps expects a Value, got str"):
        backward_steps("y")
