"""Finite by construction: every non-finite value or local derivative raises DomainError."""

from __future__ import annotations

import pytest

import autograd as ag
from autograd import DomainError, Value

CASES = [
    ("log of zero", lambda: Value(0.0).log(), "log"),
    ("log of a negative", lambda: Value(-1.0).log(), "log"),
    ("sqrt of a negative", lambda: Value(-4.0).sqrt(), "sqrt"),
    ("sqrt at 0 (infinite derivative)", lambda: Value(0.0).sqrt(), "sqrt"),
    ("division by zero", lambda: Value(1.0) / 0.0, "/"),
    ("division by a zero Value", lambda: 1.0 / Value(0.0), "/"),
    ("zero to a negative power", lambda: Value(0.0) ** -1, r"\*\*-1"),
    ("negative base, non-integer exponent", lambda: Value(-8.0) ** 0.5, r"\*\*0.5"),
    ("negative base, Value exponent", lambda: Value(-2.0) ** Value(2.0), r"\*\*"),
    ("exp overflow", lambda: Value(1000.0).exp(), "exp"),
    ("product overflow", lambda: Value(1e200) * 1e200, r"\*"),
    ("sum overflow", lambda: Value(1.7e308) + 1.7e308, r"\+"),
    ("power overflow", lambda: Value(10.0) ** 400, r"\*\*400"),
    ("quotient overflow", lambda: Value(1e300) / 1e-300, "/"),
    ("derivative overflow of /", lambda: Value(1.0) / 1e-200, "/"),
    ("dot overflow", lambda: ag.dot([1e200, 1e200], [1e200, 1e200]), "dot"),
    ("log derivative overflow", lambda: Value(1e-320).log(), "log"),
]


@pytest.mark.parametrize("name,fn,op", CASES, ids=[c[0] for c in CASES])
def test_domain_errors_name_the_op_and_operands(name, fn, op):
    with pytest.raises(DomainError, match=op) as info:
        fn()
    assert "(" in str(info.value)  # the operand values are listed


def test_no_bare_python_arithmetic_errors_escape():
    for _, fn, _ in CASES:
        try:
            fn()
        except DomainError:
            pass


def test_sqrt_at_zero_is_fine_under_no_grad():
    with ag.no_grad():
        assert Value(0.0).sqrt().data == 0.0
        with pytest.raises(DomainError):
            Value(-1.0).sqrt()
        with pytest.raises(DomainError):
            Value(1e200) * 1e200


def test_operands_are_untouched_by_a_failed_op():
    x = Value(-1.0, "x")
    with pytest.raises(DomainError):
        x.log()
    assert x.data == -1.0 and x.grad == 0.0 and x.parents == ()


def test_seed_grad_must_be_finite():
    y = Value(2.0) * 3.0
    with pytest.raises(DomainError):
        y.backward(float("nan"))
    with pytest.raises(TypeError):
        y.backward("1")


def test_powers_at_the_edges_follow_pytorch():
    """0 ** 0 = 1 with grads (0, 0) for a Value exponent, as for a number one; log's limit at 5e-324."""
    cases = [
        (0.0, 0.0, (1.0, 0.0, 0.0)),
        (0.0, 2.0, (0.0, 0.0, 0.0)),
        (2.0, 0.0, (1.0, 0.0, 0.6931471805599453)),
    ]
    for x0, y0, want in cases:
        x, y = Value(x0), Value(y0)
        z = x**y
        z.backward()
        assert (z.data, x.grad, y.grad) == want
    x, y = Value(5e-324), Value(0.0)
    z = x**y
    z.backward()
    assert (z.data, x.grad) == (1.0, 0.0) and y.grad == pytest.approx(-744.4400719213812)
    x = Value(0.0)
    (x**0).backward()
    assert x.grad == 0.0
    # d/dx = 0.5 / sqrt(0) is infinite: we refuse (DomainError) where PyTorch gives inf
    with pytest.raises(DomainError, match=r"\*\*"):
        Value(0.0) ** Value(0.5)
