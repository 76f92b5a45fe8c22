"""Tests of autograd.core.differences: central_difference moves one input, gives (lo, hi), puts it back."""

from __future__ import annotations

import math

import pytest

import autograd as ag
from autograd.core import DomainError, central_difference


def test_it_evaluates_f_at_x_minus_eps_then_x_plus_eps():
    x = ag.Value(0.5, "x")
    seen = []

    def f():
        seen.append(x.data)
        return x.data * 10.0

    lo, hi = central_difference(f, x, 0.25)
    assert seen == [0.25, 0.75]  # lo first, then hi
    assert (lo, hi) == (2.5, 7.5)
    assert x.data == 0.5


def test_whatever_f_returns_comes_back_unchanged():
    x = ag.Value(1.0)
    lo, hi = central_difference(lambda: (x.data, "tag"), x, 0.5)
    assert lo == (0.5, "tag") and hi == (1.5, "tag")
    y = ag.Value(2.0)
    a, b = central_difference(lambda: x * y, x, 0.5)  # Values built at the moved points
    assert isinstance(a, ag.Value) and (a.data, b.data) == (1.0, 3.0)


@pytest.mark.parametrize("x0, eps", [(0.1, 3.0), (1e-20, 1.0), (0.1, 1e-7), (-2.0 / 3.0, 1e-5)])
def test_x_data_is_put_back_bitwise(x0: float, eps: float):
    x = ag.Value(x0)
    central_difference(lambda: x.data, x, eps)
    assert x.data.hex() == x0.hex()
    if (x0, eps) == (0.1, 3.0):
        assert ((x0 + eps) - eps).hex() != x0.hex()  # undoing the move by arithmetic would not do it


@pytest.mark.parametrize("raise_on", [1, 2])
def test_x_data_is_put_back_when_f_raises(raise_on: int):
    x = ag.Value(0.1)
    calls = []

    def f():
        calls.append(x.data)
        if len(calls) == raise_on:
            raise ZeroDivisionError("from f")
        return x.data

    with pytest.raises(ZeroDivisionError, match="from f"):
        central_difference(f, x, 3.0)
    assert len(calls) == raise_on
    assert x.data.hex() == (0.1).hex()


def test_x_data_is_put_back_when_moving_it_fails():
    x = ag.Value(1.7e308)
    with pytest.raises(DomainError):  # x + eps overflows: Value refuses the data
        central_difference(lambda: x.data, x, 1e308)
    assert x.data == 1.7e308


def test_it_leaves_grads_alone():
    x = ag.Value(0.5)
    x.grad = 4.25
    y = x * 3.0
    central_difference(lambda: (x * 3.0).data, x, 1e-3)
    assert x.grad == 4.25 and y.data == 1.5


@pytest.mark.parametrize(
    "build, x0",
    [
        (lambda x: x * x * x, 1.3),
        (lambda x: ag.tanh(x), 0.4),
        (lambda x: ag.exp(x) * ag.sin(x), -0.8),
        (lambda x: ag.log(x) / (x + 1.0), 2.5),
        (lambda x: ag.sigmoid(x * x - 1.0), 0.9),
    ],
)
def test_the_numeric_derivative_is_close_to_the_analytic_one(build, x0: float):
    eps = 1e-6
    x = ag.Value(x0, "x")
    out = build(x)
    out.backward()
    lo, hi = central_difference(lambda: build(x).data, x, eps)
    numeric = (hi - lo) / (2 * eps)
    assert numeric == pytest.approx(x.grad, rel=1e-7, abs=1e-9)
    assert math.isfinite(numeric)


def test_the_numeric_derivative_of_a_polynomial_against_the_formula():
    # f(x) = x^2: the central difference is exact up to rounding, (x+e)^2 - (x-e)^2 = 4 x e
    x = ag.Value(3.0)
    lo, hi = central_difference(lambda: (x * x).data, x, 0.5)
    assert (lo, hi) == (6.25, 12.25)
    assert (hi - lo) / (2 * 0.5) == 6.0
