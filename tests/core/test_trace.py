"""autograd.trace: a graph recorded once and replayed on floats and complex numbers."""

from __future__ import annotations

import cmath
import math

import pytest

import autograd as A
from autograd.core import NoComplexForwardError, trace


def _graph():
    x, y = A.Value(0.7, "x"), A.Value(1.3, "y")
    w = A.Value(0.25, "w")  # a leaf that is not an input: read from .data at each replay
    f = (x * y).sin() + x.exp() / y + x**3 + A.dot([x, y], [y, w], 0.5) + y**x - A.log_sigmoid(-x) + A.sqrt(y)
    return f, x, y, w


def test_a_float_replay_gives_the_recorded_value_and_builds_nothing():
    f, x, y, _ = _graph()
    t = trace(f, [x, y])
    assert t.forward(0.7, 1.3) == f.data
    assert len(t) == len([v for v in A.topological_order(f) if not v.is_leaf()])
    moved = t.forward(0.8, 1.1)
    assert moved == pytest.approx(_rebuild(0.8, 1.1), rel=1e-15)
    assert x.grad == 0.0 and y.grad == 0.0


def _rebuild(a: float, b: float) -> float:
    x, y, w = A.Value(a), A.Value(b), A.Value(0.25)
    f = (x * y).sin() + x.exp() / y + x**3 + A.dot([x, y], [y, w], 0.5) + y**x - A.log_sigmoid(-x) + A.sqrt(y)
    return f.data


def test_other_leaves_are_read_at_each_replay():
    f, x, y, w = _graph()
    t = trace(f, [x, y])
    before = t.forward(0.7, 1.3)
    w.data = 0.5  # e.g. an optimizer's update of a parameter
    assert t.forward(0.7, 1.3) - before == pytest.approx(1.3 * 0.25, rel=1e-12)  # d/dw of y*w is y


def test_the_complex_step_of_a_replay_is_the_derivative():
    f, x, y, _ = _graph()
    t = trace(f, [x, y])
    h = 1e-30
    dx = t.forward(complex(0.7, h), complex(1.3, 0.0)).imag / h
    dy = t.forward(complex(0.7, 0.0), complex(1.3, h)).imag / h
    gx, gy = A.grad(f, [x, y])
    assert dx == pytest.approx(gx, rel=1e-14) and dy == pytest.approx(gy, rel=1e-14)


def test_every_builtin_op_with_a_complex_forward_agrees_with_its_float_forward():
    for name, op in A.REGISTRY.items():
        if not op.builtin or op.complex_forward is None:
            continue
        n = 4 if name == "dot" else op.arity
        xs = [0.6 + 0.3 * i for i in range(n)]
        on_complex = op.complex_forward(*[complex(v, 0.0) for v in xs])
        assert on_complex.real == pytest.approx(op.forward(*xs), rel=1e-14)
    assert {n for n, op in A.REGISTRY.items() if op.builtin and op.complex_forward is None} == {
        "abs", "relu", "sign", "step"
    }


def test_a_replay_through_an_op_without_a_complex_forward_says_which():
    x = A.Value(0.5, "x")
    t = trace(A.relu(x) * x.exp(), [x])
    assert t.complex_ready() == "relu"
    assert t.forward(0.5) == pytest.approx(0.5 * math.exp(0.5))
    with pytest.raises(NoComplexForwardError, match="'relu'") as info:
        t.forward(complex(0.5, 1e-30))
    assert info.value.op == "relu"


def test_a_custom_op_tries_its_float_forward_on_complex_numbers():
    good = A.defop("tt_cube", lambda x: x * x * x, (lambda F, x, out: 3 * x * x,), ("3 x^2",))
    bad = A.defop("tt_msin", math.sin, (lambda F, x, out: F.cos(x),), ("cos(x)",))  # math.sin rejects complex
    cos = (lambda F, x, out: F.cos(x),)
    given = A.defop("tt_csin", math.sin, cos, ("cos(x)",), complex_forward=cmath.sin)
    x = A.Value(0.4, "x")
    assert trace(good(x), [x]).forward(complex(0.4, 1e-30)).imag / 1e-30 == pytest.approx(3 * 0.16, rel=1e-15)
    with pytest.raises(NoComplexForwardError, match="tt_msin"):
        trace(bad(x), [x]).forward(complex(0.4, 1e-30))
    assert trace(given(x), [x]).forward(complex(0.4, 1e-30)).imag / 1e-30 == pytest.approx(math.cos(0.4))


def test_roots_that_are_inputs_or_constants():
    x = A.Value(2.0, "x")
    assert trace(x, [x]).forward(5.0) == 5.0
    c = A.const(3.0)
    assert trace(c, [x]).forward(5.0) == 3.0


def test_bad_arguments_are_named():
    x, y = A.Value(1.0, "x"), A.Value(2.0, "y")
    f = x * y
    with pytest.raises(TypeError, match="trace expects a Value"):
        trace(3.0, [x])
    with pytest.raises(TypeError, match=r"wrap a single Value as \[x\]"):
        trace(f, x)
    with pytest.raises(TypeError, match=r"inputs\[1\] must be a Value"):
        trace(f, [x, 2.0])
    with pytest.raises(ValueError, match="listed twice"):
        trace(f, [x, x])
    with pytest.raises(TypeError, match="takes 2 input value"):
        trace(f, [x, y]).forward(1.0)


def test_inputs_must_be_an_ordered_list_and_values_numbers():
    x, y = A.Value(1.0, "x"), A.Value(2.0, "y")
    f = x * y
    with pytest.raises(TypeError, match="trace: inputs must be a list of Values, got float: 3.0"):
        trace(f, 3.0)
    with pytest.raises(TypeError, match="trace: inputs must be a list of Values, got set: a set has no"):
        trace(f, {x, y})
    t = trace(f, [x, y])
    with pytest.raises(TypeError, match="trace forward: value 1 must be a real or complex number, got bool"):
        t.forward(1.0, True)
    with pytest.raises(TypeError, match="trace forward: value 0 must be a real or complex number, got str"):
        t.forward("1", 2.0)
    with pytest.raises(ValueError, match="trace forward: value 0: an int of about 5001 digits is too large"):
        t.forward(10**5000, 2.0)
    assert t.forward(3, 2) == 6.0 and t.forward(1j, 2.0) == 2j
