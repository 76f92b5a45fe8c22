"""Tests of autograd.defop: declaring ops, declaring again, protected names, methods, result types."""

from __future__ import annotations

import math

import pytest

import autograd as ag
from autograd import Value


def test_redeclaring_ops():
    with pytest.raises(ValueError, match="built-in"):
        ag.defop("sigmoid", lambda x: 0.0, (lambda F, x, out: 0.0,), ("0",))
    assert ag.softplus(Value(0.0)).local_grads == (0.5,)  # nothing was replaced
    with pytest.raises(ValueError, match="built-in"):
        ag.defop("pi", lambda x: x, (lambda F, x, out: 1.0,), ("1",))
    with pytest.raises(ValueError, match="attribute 'backward'"):
        ag.defop("backward", lambda x: x, (lambda F, x, out: 1.0,), ("1",), method=True)
    # a user's op may be declared again (re-running a notebook cell), method included
    for k in (2.0, 3.0):
        fn = ag.defop("tv_scale", lambda x, k=k: k * x, (lambda F, x, out, k=k: k,), ("k",), method=True)
        assert fn(Value(1.0)).data == k and Value(1.0).tv_scale().data == k



def test_custom_op_results_must_be_real_numbers():
    none = ag.defop("tv_none", lambda x: None, (lambda F, x, out: 1.0,), ("1",))
    with pytest.raises(TypeError, match="tv_none.*NoneType"):
        none(Value(1.0))
    text = ag.defop("tv_text", lambda x: x, (lambda F, x, out: "1",), ("1",))
    with pytest.raises(TypeError, match="tv_text.*str"):
        text(Value(1.0))
    with pytest.raises(ValueError, match="at least one"):
        ag.dot([], [])



# -- a declaration becomes a function, a registry entry and (optionally) a method --------------


@pytest.fixture
def scratch_ops():
    """Names of ops a test declares; removed from the registry, the F namespaces and Value afterwards."""
    from autograd.core import REGISTRY, floatmath, valuemath

    names: list[str] = []
    yield names
    for name in names:
        REGISTRY.pop(name, None)
        for space in (floatmath, valuemath):
            if hasattr(space, name):
                delattr(space, name)
        if name in Value.__dict__:
            delattr(Value, name)


def test_a_declaration_becomes_a_function_and_a_registry_entry(scratch_ops):
    import math

    from autograd.core import REGISTRY, floatmath, valuemath

    scratch_ops.append("tv_hypot")
    fn = ag.defop(
        "tv_hypot",
        math.hypot,
        (lambda F, x, y, out: x / out, lambda F, x, y, out: y / out),
        ("x / hypot(x, y)", "y / hypot(x, y)"),
        doc="hypot(x, y) = sqrt(x^2 + y^2)",
        kinks=(0,),
    )
    op = REGISTRY["tv_hypot"]
    assert fn.__name__ == "tv_hypot" and fn.__doc__ == "hypot(x, y) = sqrt(x^2 + y^2)" and fn.opdef is op
    assert op.arity == 2 and op.kinks == (0.0,) and op.builtin is False and op.function is fn
    assert floatmath.tv_hypot is math.hypot and valuemath.tv_hypot is fn
    assert "tv_hypot" not in Value.__dict__  # no method unless asked for
    x = Value(3.0, "x")
    z = fn(x, 4.0)  # a number becomes a constant parent
    assert z.op == "tv_hypot" and z.data == 5.0 and z.local_grads == (0.6, 0.8)
    assert z.parents[0] is x and z.parents[1].op == "const"
    z.backward()
    assert x.grad == 0.6


def test_an_op_of_three_arguments_checks_how_many_it_gets(scratch_ops):
    scratch_ops.append("tv_prod3")
    fn = ag.defop(
        "tv_prod3",
        lambda a, b, c: a * b * c,
        (lambda F, a, b, c, out: b * c, lambda F, a, b, c, out: a * c, lambda F, a, b, c, out: a * b),
        ("b c", "a c", "a b"),
    )
    out = fn(Value(1.0), 2.0, Value(3.0))
    assert out.data == 6.0 and out.local_grads == (6.0, 3.0, 2.0)
    with pytest.raises(TypeError, match="tv_prod3 takes 3 argument"):
        fn(1.0, 2.0)


def test_a_refused_declaration_changes_nothing():
    from autograd.core import REGISTRY

    with pytest.raises(ValueError, match="1 derivative\\(s\\) but 2 rule"):
        ag.defop("tv_refused", lambda x: x, (lambda F, x, out: 1.0,), ("1", "2"))
    with pytest.raises(ValueError, match="attribute 'grad'"):
        ag.defop("grad", lambda x: x, (lambda F, x, out: 1.0,), ("1",), method=True)
    with pytest.raises(ValueError, match="non-empty string name"):
        ag.defop("", lambda x: x, (lambda F, x, out: 1.0,), ("1",))
    assert "tv_refused" not in REGISTRY and "grad" not in REGISTRY and "" not in REGISTRY


# -- every argument is checked before anything changes ------------------------------------------------

ONE = (lambda F, x, out: 1.0,)


def _state():
    from autograd.core import REGISTRY, floatmath, valuemath

    return dict(REGISTRY), dict(vars(floatmath)), dict(vars(valuemath)), dict(vars(Value))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(derivs=ONE[0]), TypeError, r"'tv_bad': derivs must be a tuple of functions, .* got function"),
        (dict(derivs=(), rules=(), forward=lambda: 1.0), ValueError, "op 'tv_bad': derivs is empty"),
        (dict(kinks=5), TypeError, r"op 'tv_bad': kinks must be a tuple of numbers .*, got int"),
        (dict(kinks=("a",)), TypeError, r"op 'tv_bad': kinks\[0\] must be a real number, got str"),
        (dict(kinks=(True,)), TypeError, r"op 'tv_bad': kinks\[0\] must be a real number, got bool"),
        (dict(kinks=(math.nan,)), ValueError, r"op 'tv_bad': kinks\[0\] must be a finite number, got nan"),
        (dict(kinks=(10**5000,)), ValueError, r"kinks\[0\]: an int of about 5001 digits is too large"),
        (dict(domain=(2, 1)), ValueError, r"op 'tv_bad': domain must be a range \(lo, hi\) with lo < hi, "
         r"got \(2.0, 1.0\)"),
        (dict(domain=(math.nan, 1)), ValueError, "op 'tv_bad': domain: lo must be a finite number, got nan"),
        (dict(domain=5), TypeError, r"op 'tv_bad': domain must be a range \(lo, hi\), or one per argument"),
        (dict(domain=((0, 1), (0, 1))), ValueError, r"op 'tv_bad': domain: 2 range\(s\) for 1 argument"),
        (dict(method="yes"), TypeError, "defop 'tv_bad': method must be True or False, got str"),
        (dict(doc=5), TypeError, "op 'tv_bad': doc must be a str, got int"),
        (dict(complex_forward=5), TypeError, "op 'tv_bad': complex_forward must be callable or None"),
        (dict(name="__add__", method=True), ValueError, "op name '__add__' is reserved"),
        (dict(name="__tv__"), ValueError, "op name '__tv__' is reserved"),
        (dict(name="tv bad", method=True), ValueError, "method=True needs a name that is a Python identif"),
        (dict(name=5), TypeError, "an op's name must be a str, got int: 5"),
    ],
)
def test_a_bad_argument_is_named_and_changes_nothing(kwargs, error, message):
    args = dict(name="tv_bad", forward=lambda x: x, derivs=ONE, rules=("1",)) | kwargs
    before = _state()
    with pytest.raises(error, match=message):
        ag.defop(**args)
    assert _state() == before
    assert (Value(1.0) + 1.0).data == 2.0  # Value's operators are intact


def test_a_declared_domain_and_kinks_are_floats(scratch_ops):
    from autograd.core import REGISTRY

    scratch_ops.append("tv_floats")
    ag.defop("tv_floats", lambda x, y: x + y, ONE * 2, ("1", "1"), domain=[(0, 1), [-1, 2]], kinks=[0])
    op = REGISTRY["tv_floats"]
    assert op.domain == ((0.0, 1.0), (-1.0, 2.0)) and op.kinks == (0.0,)
    assert all(type(v) is float for pair in op.domain for v in pair)


def test_a_domain_may_be_none_or_a_numpy_array():
    import numpy as np

    import autograd as A

    A.defop("td_dom_np", lambda x: x * x, (lambda F, x, out: 2 * x,), ("2 x",), domain=np.array([0.0, 1.0]))
    A.defop("td_dom_none", lambda x: x * x, (lambda F, x, out: 2 * x,), ("2 x",), domain=None)
    assert A.REGISTRY["td_dom_np"].domain == (0.0, 1.0)
    assert A.REGISTRY["td_dom_none"].domain == (-2.0, 2.0)
