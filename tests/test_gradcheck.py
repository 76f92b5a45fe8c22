"""Tests for autograd.gradcheck: gradcheck, gradgradcheck, assert_gradcheck, GradcheckError, KinkWarning."""

from __future__ import annotations

import math
import warnings

import pytest

import autograd as A
from autograd.core.node import apply
from autograd.core.registry import OpDef
from autograd.gradcheck import (
    GradcheckError,
    GradcheckRow,
    KinkWarning,
    assert_gradcheck,
    gradcheck,
    gradgradcheck,
)

#: sin with a derivative computed on floats (math.cos), not with F: right to first
#: order, but invisible to create_graph, so its second derivative comes out 0.
FLOAT_ONLY_SIN = OpDef(
    "test_float_only_sin",
    math.sin,
    (lambda F, x, out: math.cos(x),),
    ("cos(x)",),
    doc="sin(x);  d/dx = cos(x), written with math.cos (not differentiable)",
)


def float_only_sin(x):
    return apply(FLOAT_ONLY_SIN, (x,))


def smooth(x, y, z):
    return A.tanh(x * y) + A.exp(z) / (1.0 + y * y) + A.dot([x, y], [z, z], 0.5)


def values(*vs):
    return [A.Value(v, f"x{i}") for i, v in enumerate(vs)]


@pytest.fixture(autouse=True)
def kinks_are_errors():
    """Any unexpected KinkWarning fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)
        yield


def test_passes_on_correct_functions():
    assert gradcheck(smooth, values(0.3, -0.7, 1.1)) is True
    assert gradgradcheck(smooth, values(0.3, -0.7, 1.1)) is True
    assert assert_gradcheck(smooth, values(0.3, -0.7, 1.1)) is None


def test_failure_table_and_rows():
    xs = values(0.5, 2.0)
    f = lambda a, b: a * float(b) + b * b  # noqa: E731 - float(b) hides b from the graph
    with pytest.raises(GradcheckError) as info:
        gradcheck(f, xs)
    rows = info.value.rows
    assert len(rows) == 1 and isinstance(rows[0], GradcheckRow)
    r = rows[0]
    assert (r.index, r.label, r.value, r.analytic, r.kink) == (1, "x1", 2.0, 4.0, False)
    assert r.numeric == pytest.approx(4.5, rel=1e-8)
    assert r.abs_err == pytest.approx(0.5, rel=1e-7)
    assert r.rel_err == pytest.approx(0.5 / 4.5, rel=1e-7)
    lines = str(info.value).splitlines()
    assert lines[0].startswith("1 of 2 gradient entries disagree")
    assert lines[1].split() == ["index", "label", "value", "analytic", "numeric", "abs", "err", "rel", "err"]
    assert lines[2].split()[:4] == ["1", "x1", "2", "4"]
    assert len(lines) == 3


def test_tolerances_follow_the_formula():
    # analytic 2a + a/4 = 4.5, numeric 2a + a/2 = 5: passes exactly when 0.5 <= atol + rtol * 5
    f = lambda a: a * a + 0.25 * float(a) * a  # noqa: E731
    x = values(2.0)
    assert gradcheck(f, x, atol=0.51, rtol=0.0)
    assert gradcheck(f, x, atol=0.0, rtol=0.11)
    with pytest.raises(GradcheckError):
        gradcheck(f, x, atol=0.49, rtol=0.0)
    with pytest.raises(GradcheckError):
        gradcheck(f, x, atol=0.0, rtol=0.09)


def test_data_and_grads_are_left_as_found():
    w = A.Value(0.9, "w")
    hidden = A.tanh(w)
    xs = values(0.3, -1.2)
    for i, v in enumerate([w, hidden, *xs]):
        v.grad = 10.0 + i
    snapshot = [(v.data, v.grad) for v in (w, hidden, *xs)]
    f = lambda a, b: hidden * a * b + A.sin(w * b)  # noqa: E731
    assert gradcheck(f, xs) and gradgradcheck(f, xs)
    assert [(v.data, v.grad) for v in (w, hidden, *xs)] == snapshot
    bad = lambda a, b: a * float(b)  # noqa: E731
    with pytest.raises(GradcheckError):
        gradcheck(bad, xs)
    with pytest.raises(GradcheckError):
        gradgradcheck(lambda a, b: float_only_sin(a) * b, xs)
    assert [(v.data, v.grad) for v in (w, hidden, *xs)] == snapshot


def test_domain_error_during_a_finite_difference_names_the_input_and_restores_data():
    x = A.Value(1e-7, "x")
    with pytest.raises(A.DomainError, match=r"input 0 \(x\) moved from 1e-07"):
        gradcheck(A.sqrt, [x])
    assert x.data == 1e-7


@pytest.mark.parametrize(
    "fn",
    [A.relu, A.abs, A.sign, A.step, lambda t: t * 2.0 if t > 0 else t * t],
    ids=["relu", "abs", "sign", "step", "python-branch"],
)
def test_kink_straddled_warns(fn):
    x = A.Value(0.0, "x")
    with pytest.warns(KinkWarning, match=r"input 0 \(x = 0.0\) straddles a kink"):
        try:
            gradcheck(fn, [x])
        except GradcheckError as e:
            assert all(r.kink for r in e.rows) and "(*)" in str(e)


def test_kink_warning_from_gradgradcheck_and_none_away_from_kinks():
    x = A.Value(0.0, "x")
    # (relu(t) t)'' is 2 step(t): 0 at t = 0, but the difference quotient of the gradient gives 1
    with pytest.warns(KinkWarning, match="gradgradcheck"), pytest.raises(GradcheckError) as info:
        gradgradcheck(lambda t: A.relu(t) * t, [x])
    assert info.value.rows[0].kink and info.value.rows[0].numeric == pytest.approx(1.0)
    for v in (-0.5, 1e-3, 0.5):
        assert gradcheck(lambda t: A.relu(t) + abs(t) + A.sign(t) + A.step(t), [A.Value(v)])
        assert gradgradcheck(lambda t: A.relu(t) * t + abs(t) * t, [A.Value(v)])


def test_gradgradcheck_checks_the_full_hessian():
    xs = values(0.4, 1.3)
    assert gradgradcheck(lambda a, b: a**b * A.sin(a * b), xs)
    # right first derivative, but its rule is not differentiable: caught by second order only
    assert gradcheck(lambda a, b: float_only_sin(a) * b, xs)
    with pytest.raises(GradcheckError) as info:
        gradgradcheck(lambda a, b: float_only_sin(a) * b, xs)
    (row,) = info.value.rows
    assert row.index == (0, 0) and row.label == "x0,x0" and row.analytic == 0.0
    assert row.numeric == pytest.approx(-math.sin(0.4) * 1.3, rel=1e-6)
    assert str(info.value).startswith("1 of 4 Hessian entries disagree")


def test_assert_gradcheck_raises_assertion_error_with_the_table():
    x = values(3.0)
    with pytest.raises(AssertionError) as info:
        assert_gradcheck(lambda a: a * float(a), x)
    assert "gradcheck failed" in str(info.value) and "analytic" in str(info.value)
    assert isinstance(info.value.__cause__, GradcheckError)
    assert_gradcheck(lambda a: a * float(a), x, rtol=0.6)


def test_bad_arguments_are_named():
    x = A.Value(1.0, "x")
    with pytest.raises(TypeError, match="fn must be callable"):
        gradcheck(3, [x])
    with pytest.raises(TypeError, match=r"wrap a single Value as \[x\]"):
        gradcheck(A.exp, x)
    with pytest.raises(ValueError, match="inputs is empty"):
        gradcheck(A.exp, [])
    with pytest.raises(TypeError, match=r"inputs\[0\] must be a Value, got float"):
        gradcheck(A.exp, [1.0])
    with pytest.raises(ValueError, match="eps must be finite and > 0"):
        gradcheck(A.exp, [x], eps=0.0)
    with pytest.raises(ValueError, match="atol must be finite and >= 0"):
        gradgradcheck(A.exp, [x], atol=math.nan)
    with pytest.raises(TypeError, match="rtol must be a real number, got str"):
        gradcheck(A.exp, [x], rtol="1e-4")
    with pytest.raises(TypeError, match="fn must return one Value, got float"):
        gradcheck(lambda t: 2.0, [x])
