"""Tests for autograd.gradcheck: check_grads (every order, three oracles, fast mode), its thin forms
gradcheck / gradgradcheck / assert_gradcheck, GradcheckError and KinkWarning."""

from __future__ import annotations

import math
import warnings

import pytest

import autograd as A
from autograd.core.node import apply
from autograd.core.registry import OpDef
from autograd.core.trace import Trace
from autograd.gradcheck import (
    METHODS,
    GradcheckError,
    GradcheckRow,
    KinkWarning,
    assert_gradcheck,
    check_grads,
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
    assert lines[1].split() == ["index", "label", "value", "analytic", "numeric", "abs", "err", "rel", "err",
                                "oracle"]
    assert lines[2].split()[-1] == "central" and (r.order, r.oracle) == (1, "central")
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
    # (relu(t) t)'' is 2 step(t): 0 at t = 0, but the difference quotient of the gradient gives 1:
    # a kink, reported as such (a warning with both numbers), not as a wrong derivative
    with pytest.warns(KinkWarning, match=r"gradgradcheck.*order 2.*analytic 0, numeric 1"):
        assert gradgradcheck(lambda t: A.relu(t) * t, [x])
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
    with pytest.raises(ValueError, match="gradcheck: eps must be > 0.0, got 0.0"):
        gradcheck(A.exp, [x], eps=0.0)
    with pytest.raises(ValueError, match="gradgradcheck: atol must be a finite number, got nan"):
        gradgradcheck(A.exp, [x], atol=math.nan)
    with pytest.raises(TypeError, match="rtol must be a real number, got str"):
        gradcheck(A.exp, [x], rtol="1e-4")
    with pytest.raises(TypeError, match="fn must return one Value, got float"):
        gradcheck(lambda t: 2.0, [x])


# -- check_grads: every order, three oracles ---------------------------------------------------


def _snapshot(xs):
    return [(x.data, x.grad) for x in xs]


@pytest.mark.parametrize("method", ["central", "richardson", "complex"])
def test_check_grads_passes_a_smooth_function_to_fourth_order(method):
    xs = values(0.9, 1.7, 0.4)
    before = _snapshot(xs)
    def f(a, b, c):
        return (a * b).sin() * a.exp() + b**a / (1 + a * a) + A.tanh(a - c) + A.dot([a, b], [c, c], 0.5)

    assert check_grads(f, xs, order=4, method=method) is True
    assert _snapshot(xs) == before  # every .data put back, no .grad written


def _cube_off_by(name: str, rel: float):
    return A.defop(name, lambda x: x**3, (lambda F, x, out: 3 * x * x * (1 + rel),), ("3 x^2 (1 + rel)",))


@pytest.mark.parametrize("x0", [0.7, 1.3, -2.1])
def test_what_each_oracle_catches(x0):
    """A rule off by 1e-8 passes central differences and fails Richardson and complex; off by 1e-10,
    only the complex step catches it."""
    caught = {}
    for rel in (1e-8, 1e-10):
        op = _cube_off_by(f"tg_cube_{rel:g}", rel)
        for method in METHODS:
            try:
                check_grads(op, [A.Value(x0, "x")], order=1, method=method)
                caught[rel, method] = False
            except GradcheckError as e:
                (row,) = e.rows
                assert row.rel_err == pytest.approx(rel, rel=1e-2) and row.order == 1
                caught[rel, method] = True
    assert caught == {
        (1e-8, "central"): False, (1e-8, "richardson"): True, (1e-8, "complex"): True,
        (1e-10, "central"): False, (1e-10, "richardson"): False, (1e-10, "complex"): True,
    }


def test_the_error_names_the_order_the_entries_and_the_oracle():
    op = _cube_off_by("tg_cube_off2", 0.0)  # right first derivative ...
    wrong = A.defop("tg_sq_bad", lambda x: x * x, (lambda F, x, out: 2 * x + 1e-3 * x * x,), ("2 x + ...",))
    xs = values(0.8, -1.2)
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda a, b: op(a) + wrong(b) * a, xs, order=2, method="richardson")
    e = info.value
    assert str(e).startswith(
        "1 of 2 gradient entries disagree with Richardson-extrapolated central differences (order 1"
    )
    (row,) = e.rows
    assert (row.index, row.label, row.order) == (1, "x1", 1) and row.oracle.startswith("richardson (h=0.01..")
    assert row.analytic == pytest.approx(0.8 * (2 * -1.2 + 1e-3 * 1.44), rel=1e-15)


def test_order_two_is_checked_against_the_gradient_and_names_the_hessian_entry():
    xs = values(0.4, 1.3)
    assert check_grads(lambda a, b: float_only_sin(a) * b, xs, order=1)  # first order is right
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda a, b: float_only_sin(a) * b, xs, order=2, method="richardson")
    assert "(order 2" in str(info.value) and "Hessian entries" in str(info.value)
    (row,) = info.value.rows
    assert row.index == (0, 0) and row.label == "x0,x0" and row.order == 2
    assert row.numeric == pytest.approx(-math.sin(0.4) * 1.3, rel=1e-9)


def test_complex_falls_back_to_richardson_where_the_step_cannot_pass_and_says_so():
    xs = values(0.4, 1.3)
    # order 2 over a derivative written with math.cos: the graph of the first derivative has a frozen
    # number where x should be, so its complex step would agree with the wrong Hessian; Richardson catches it
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda a, b: float_only_sin(a) * b, xs, order=2, method="complex")
    (row,) = info.value.rows
    assert "richardson" in row.oracle and "test_float_only_sin" in row.oracle and "plain number" in row.oracle
    # relu has no complex forward: its entries fall back (away from the kink), and pass
    assert check_grads(lambda a, b: A.relu(a) * b.exp(), xs, order=2, method="complex")
    too_steep = (lambda F, x, out: 1.1 * F.step(x),)
    bad = A.defop("tg_relu_bad", lambda x: x if x > 0 else 0.0, too_steep, ("1.1 step(x)",))
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda a: bad(a) * a, [A.Value(0.5, "x")], order=1, method="complex")
    assert "no complex forward: tg_relu_bad" in info.value.rows[0].oracle


def test_kinks_warn_and_do_not_fail():
    for method in METHODS:
        with pytest.warns(KinkWarning, match="straddles a kink"):
            assert check_grads(lambda t: A.relu(t) * t + abs(t), [A.Value(0.0, "x")], order=2, method=method)


def test_a_kink_found_from_one_sided_differences_alone():
    """A branch in Python code the op table cannot see: fn builds the same ops on both sides of 0."""
    x = A.Value(0.0, "x")
    hinge = lambda t: t * (2.0 if t.data >= 0.0 else 1.0)  # noqa: E731 - the same ops, a jump in slope
    with pytest.warns(KinkWarning):
        assert check_grads(hinge, [x], order=1)


# -- fast mode ---------------------------------------------------------------------------------


class _Counting:
    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *xs):
        self.calls += 1
        return self.fn(*xs)


def _many(*xs):
    total = A.Value(0.0)
    for a, b in zip(xs, xs[1:]):
        total = total + (a * b).sin() * 0.01 + a * a * 0.001
    return total


def test_fast_checks_two_thousand_inputs_to_order_two_in_few_evaluations():
    xs = [A.Value(0.001 * i - 1.0, f"x{i}") for i in range(2000)]
    f = _Counting(_many)
    assert check_grads(f, xs, order=2, fast=True, directions=2)
    assert f.calls <= 20 * 2  # at most 20 per direction (here 1 + 4 per direction)
    f = _Counting(_many)
    assert check_grads(f, xs, order=2, fast=True, directions=2, method="richardson")
    assert f.calls <= 20 * 2


def test_fast_complex_counts_replays_as_evaluations(monkeypatch):
    replays = []
    real = Trace.forward
    monkeypatch.setattr(Trace, "forward", lambda self, *v: replays.append(1) or real(self, *v))
    xs = [A.Value(0.01 * i, f"x{i}") for i in range(50)]
    f = _Counting(_many)
    assert check_grads(f, xs, order=2, fast=True, directions=3, method="complex")
    assert f.calls + len(replays) <= 20 * 3 and len(replays) == 2 * 3


def test_fast_finds_a_wrong_derivative_and_reports_the_full_table():
    wrong = A.defop("tg_sin_bad", math.sin, (lambda F, x, out: F.cos(x) * 1.01,), ("1.01 cos(x)",))
    xs = values(0.3, -0.4, 0.5)
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda a, b, c: wrong(a) * b + c * c, xs, order=2, fast=True)
    (row,) = info.value.rows
    assert (row.index, row.order) == (0, 1) and row.analytic == pytest.approx(1.01 * math.cos(0.3) * -0.4)


def test_fast_reports_a_directional_row_when_the_full_table_is_too_big():
    wrong = A.defop("tg_sq_off", lambda x: x * x, (lambda F, x, out: 2.0 * x * 1.01,), ("2.02 x",))
    xs = [A.Value(0.001 * i + 0.5, f"x{i}") for i in range(200)]
    with pytest.raises(GradcheckError) as info:
        check_grads(lambda *v: A.dot(v, v) * 0.5 + wrong(v[0]) * v[1], xs, order=2, fast=True)
    row = info.value.rows[0]
    assert row.order in (1, 2)


# -- arguments ---------------------------------------------------------------------------------


def test_check_grads_arguments_are_validated():
    x = A.Value(1.0, "x")
    for bad, err, pattern in [
        (dict(order=0), ValueError, "order must be 1..4"),
        (dict(order=5), ValueError, "order must be 1..4"),
        (dict(order=True), TypeError, "order must be an int"),
        (dict(method="forward"), ValueError, "method must be one of"),
        (dict(fast="yes"), TypeError, "fast must be True or False"),
        (dict(directions=0), ValueError, "directions must be >= 1"),
        (dict(eps=0.0), ValueError, "eps must be > 0.0"),
    ]:
        with pytest.raises(err, match=pattern):
            check_grads(A.exp, [x], **bad)


def test_numpy_scalars_are_taken_as_python_floats_and_no_grad_is_refused():
    np = pytest.importorskip("numpy")
    x = A.Value(0.7, "x")
    assert gradcheck(lambda t: t * t * t, [x], eps=np.float32(1e-6))  # a float32 step would fail falsely
    assert check_grads(A.sin, [x], eps=np.float64(1e-3), order=1, method="richardson")
    with A.no_grad(), pytest.raises(RuntimeError, match="cannot run inside a no_grad"):
        gradcheck(lambda t: t * t, [x])


def test_option_values_beyond_floats_are_named_by_size():
    import numpy as np

    x = A.Value(2.0, "x")
    with pytest.raises(ValueError, match=r"^gradcheck: eps: an int of about 401 digits is too large"):
        gradcheck(lambda v: v * v, [x], eps=10**400)
    with pytest.raises(TypeError, match=r"^check_grads: order must be an int, got float: 1.5$"):
        check_grads(lambda v: v * v, [x], order=1.5)
    assert check_grads(lambda v: v * v * v, [x], order=np.int64(2))


@pytest.mark.parametrize("op", ["abs", "relu"])
@pytest.mark.parametrize("fast", [False, True])
def test_an_input_exactly_on_a_kink_point_is_a_kink(op, fast):
    fn = getattr(A, op)
    x, y = A.Value(0.0, "x"), A.Value(1.0, "y")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # at x = 0, d2/dx2 fn(x*x) is 0 analytically (fn'(0) = 0) and 2 numerically: x*x sits on the kink
        assert check_grads(lambda a, b: fn(a * a) + b * b, [x, y], order=2, fast=fast)
    messages = [str(w.message) for w in caught if issubclass(w.category, KinkWarning)]
    assert messages and all("moves off one" in m for m in messages)
    if not fast:
        assert all("input 0 (x = 0.0)" in m for m in messages)  # moving y leaves x*x on the kink: no warning
    assert (x.data, y.data, x.grad, y.grad) == (0.0, 1.0, 0.0, 0.0)


def test_a_huge_order_is_named_by_its_size():
    x = A.Value(1.0, "x")
    with pytest.raises(ValueError, match=r"check_grads: order must be 1\.\.4, got an int of about 5001"):
        check_grads(lambda a: a * a, [x], order=10**5000)
    with pytest.raises(TypeError, match="check_grads: inputs must be a list of Values, got set"):
        check_grads(lambda a: a * a, {x})
