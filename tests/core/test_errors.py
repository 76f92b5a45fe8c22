"""Tests of autograd.core.errors: DomainError, the message of domain_error, and why()'s plain words."""

from __future__ import annotations

import math

import pytest

import autograd as ag
from autograd.core.errors import DomainError, domain_error, why


def test_domain_error_is_a_value_error():
    assert issubclass(DomainError, ValueError)
    assert ag.DomainError is DomainError
    with pytest.raises(ValueError):
        raise domain_error("log", (-1.0,), "outside")


def test_domain_error_names_the_op_and_the_operands():
    e = domain_error("log", (-1.0,), "outside the op's domain (math domain error)")
    assert type(e) is DomainError
    assert str(e) == "op 'log' at operands (-1.0): outside the op's domain (math domain error)"
    assert str(domain_error("/", [1.0, 0.0], "why")) == "op '/' at operands (1.0, 0.0): why"
    # operands are shown with repr: every digit, no rounding
    assert str(domain_error("**", (0.1, -2.5e-300), "x")) == "op '**' at operands (0.1, -2.5e-300): x"
    assert str(domain_error("dot", (), "no operands")) == "op 'dot' at operands (): no operands"


def test_why_in_plain_words():
    assert why(ZeroDivisionError("float division by zero")) == (
        "division by zero, the value is infinite (float division by zero)"
    )
    assert why(OverflowError("math range error")) == "the value overflows to infinity (math range error)"
    assert why(ValueError("math domain error")) == "outside the op's domain (math domain error)"
    assert why(ArithmeticError("other")) == "outside the op's domain (other)"


def test_the_engine_raises_these_messages():
    # the text in parentheses is Python's own message, which may differ between versions
    zero = ag.Value(0.0)
    cases = [
        (lambda: ag.log(-1.0), "op 'log' at operands (-1.0)", "outside the op's domain ("),
        (lambda: 1.0 / zero, "op '/' at operands (1.0, 0.0)", "division by zero, the value is infinite ("),
        (lambda: ag.exp(1000.0), "op 'exp' at operands (1000.0)", "the value overflows to infinity ("),
    ]
    for make, where, reason in cases:
        with pytest.raises(DomainError) as info:
            make()
        message = str(info.value)
        assert message.startswith(f"{where}: no finite real value: {reason}"), message
        assert message.endswith(")"), message
    assert math.isfinite(ag.exp(700.0).data)


def test_describe_cuts_a_long_repr_and_gives_its_length():
    from autograd.core import describe

    text = describe("x" * 10**6)
    assert text.startswith("'xxx") and text.endswith("... (1,000,002 characters)") and len(text) < 140
    assert describe([1.0, 2.0]) == "[1.0, 2.0]"


def test_describe_names_a_container_whose_repr_cannot_be_made_by_its_type():
    from autograd.core import describe

    assert describe((0, 10**5000)) == "a tuple" and describe([10**5000]) == "a list"
