"""autograd.Value: construction, fields, constants, protocol, each op's value and local grads."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd as ag
from autograd import DomainError, Value

# -- construction and fields ---------------------------------------------------


@pytest.mark.parametrize("x", [3, 2.5, -0.0, np.float64(1.5), np.float32(0.25), np.int64(7), np.int8(-3)])
def test_accepts_real_numbers_and_stores_float(x):
    v = Value(x)
    assert type(v.data) is float
    assert v.data == float(x)
    assert v.grad == 0.0 and type(v.grad) is float
    assert v.label == "" and v.op == "" and v.parents == () and v.local_grads == ()


@pytest.mark.parametrize(
    "bad", ["1.0", None, True, False, 1 + 2j, [1.0], (1.0,), np.array([1.0]), np.array(1.0), np.bool_(True)]
)
def test_rejects_non_real_types_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)


def test_rejects_a_value_as_data():
    with pytest.raises(TypeError, match="Value"):
        Value(Value(1.0))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan"), 10**400])
def test_rejects_non_finite(bad):
    with pytest.raises(DomainError):
        Value(bad)
    assert issubclass(DomainError, ValueError)


def test_label_must_be_str():
    assert Value(1.0, "x").label == "x"
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


def test_writable_fields():
    v = Value(1.0, "a")
    v.data = 4
    v.grad = 2.5
    v.label = "b"
    assert (v.data, v.grad, v.label) == (4.0, 2.5, "b")
    v.data -= 0.5 * v.grad
    assert v.data == 2.75


def test_assigning_data_runs_the_checks_and_keeps_the_old_value():
    v = Value(1.0)
    with pytest.raises(DomainError):
        v.data = math.nan
    with pytest.raises(TypeError):
        v.data = "2"
    assert v.data == 1.0


@pytest.mark.parametrize("field", ["op", "parents", "local_grads"])
def test_read_only_fields(field):
    v = Value(1.0) * 2.0
    before = getattr(v, field)
    with pytest.raises(AttributeError):
        setattr(v, field, before)
    assert getattr(v, field) == before


def test_no_instance_dict():
    with pytest.raises(AttributeError):
        Value(1.0).foo = 1


# -- constants ---------------------------------------------------------------


def test_numbers_become_constant_parents():
    v = Value(2.0, "v")
    for expr, const_index in [(v * 0.999, 1), (1 - v, 0), (v / 2, 1), (3 + v, 0), (v - 1, 1), (0.5 * v, 0)]:
        assert len(expr.parents) == 2
        c = expr.parents[const_index]
        other = expr.parents[1 - const_index]
        assert other is v
        assert c.op == "const" and c.parents == () and c.is_leaf()


def test_number_exponent_is_part_of_the_op():
    x = Value(-3.0)
    for n, name in [(2, "**2"), (-1, "**-1"), (0.5, "**0.5"), (2.0, "**2"), (3, "**3")]:
        if n == 0.5:
            y = Value(4.0) ** n
            assert y.data == 2.0
        else:
            y = x**n
            assert y.parents == (x,)
        assert y.op == name
    sq = x**2
    sq.backward()
    assert sq.data == 9.0 and x.grad == -6.0


def test_value_exponent_and_number_base():
    x, y = Value(2.0), Value(3.0)
    z = x**y
    assert z.op == "**" and z.parents == (x, y) and z.data == 8.0
    assert z.local_grads == pytest.approx((12.0, 8.0 * math.log(2.0)))
    w = 2**y
    assert w.op == "**" and w.parents[0].op == "const" and w.parents[1] is y
    zero = Value(0.0) ** Value(2.0)
    assert zero.local_grads == (0.0, 0.0)
    with pytest.raises(DomainError, match=r"\*\*"):
        Value(-2.0) ** Value(2.0)


def test_single_nodes_for_sub_div_neg():
    a, b = Value(3.0), Value(4.0)
    assert (a - b).op == "-" and (a - b).parents == (a, b)
    assert (a / b).op == "/" and (a / b).parents == (a, b)
    assert (-a).op == "neg" and (-a).parents == (a,)


# -- protocol ----------------------------------------------------------------


def test_repr_float_format():
    v = Value(1.25, "w")
    v.grad = 0.5
    r = repr(v)
    assert "w" in r and "1.25" in r and "0.5" in r
    assert float(v) == 1.25
    assert format(v, ".3f") == "1.250"
    assert f"{v:.1f}" == "1.2"


def test_comparisons_use_data_and_equality_is_identity():
    a, b = Value(1.0), Value(2.0)
    assert a < b and a <= b and b > a and b >= a
    assert a < 1.5 and a >= 1 and not (a > 1)
    c = Value(1.0)
    assert a != c and a == a
    assert len({a, c, a}) == 2
    d = {a: "a", c: "c"}
    assert d[a] == "a"
    assert sorted([b, a]) == [a, b]


def test_operator_type_errors():
    v = Value(1.0)
    with pytest.raises(TypeError):
        v + "1"
    with pytest.raises(TypeError):
        v * None
    with pytest.raises(TypeError):
        True * v


# -- each op's value and local grads ----------------------------------------

SIG = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731

OPS = [
    # (function, x, expected value, expected local grad)
    (ag.exp, 0.5, math.exp(0.5), math.exp(0.5)),
    (ag.log, 2.0, math.log(2.0), 0.5),
    (ag.sqrt, 4.0, 2.0, 0.25),
    (ag.tanh, 0.3, math.tanh(0.3), 1 - math.tanh(0.3) ** 2),
    (ag.sigmoid, 0.7, SIG(0.7), SIG(0.7) * (1 - SIG(0.7))),
    (ag.sigmoid, -0.7, SIG(-0.7), SIG(-0.7) * (1 - SIG(-0.7))),
    (ag.relu, 1.5, 1.5, 1.0),
    (ag.relu, -1.5, 0.0, 0.0),
    (ag.relu, 0.0, 0.0, 0.0),
    (ag.abs, -2.0, 2.0, -1.0),
    (ag.abs, 2.0, 2.0, 1.0),
    (ag.abs, 0.0, 0.0, 0.0),
    (ag.sin, 0.4, math.sin(0.4), math.cos(0.4)),
    (ag.cos, 0.4, math.cos(0.4), -math.sin(0.4)),
    (ag.softplus, 0.3, math.log(1 + math.exp(0.3)), SIG(0.3)),
    (ag.log_sigmoid, 0.3, math.log(SIG(0.3)), 1 - SIG(0.3)),
    (ag.sign, -3.0, -1.0, 0.0),
    (ag.step, 3.0, 1.0, 0.0),
]


@pytest.mark.parametrize("fn,x,value,local", OPS, ids=lambda p: getattr(p, "__name__", None))
def test_unary_op_value_and_local_grad(fn, x, value, local):
    v = Value(x)
    out = fn(v)
    assert out.op == fn.__name__
    assert out.parents == (v,)
    assert out.data == pytest.approx(value, rel=1e-14, abs=1e-15)
    assert out.local_grads == pytest.approx((local,), rel=1e-14, abs=1e-15)
    method = getattr(v, fn.__name__, None)
    if method is not None:
        assert method().data == out.data
    number = fn(x)  # a number works too: it becomes a constant parent
    assert number.data == out.data and number.parents[0].op == "const"


def test_builtin_abs_uses_the_op():
    v = Value(-3.0)
    assert abs(v).op == "abs" and abs(v).data == 3.0


def test_binary_op_local_grads():
    a, b = Value(3.0), Value(-4.0)
    assert (a + b).local_grads == (1.0, 1.0)
    assert (a - b).local_grads == (1.0, -1.0)
    assert (a * b).local_grads == (-4.0, 3.0)
    assert (a / b).local_grads == pytest.approx((-0.25, -3.0 / 16.0))
    assert (-a).local_grads == (-1.0,)
    assert (a**3).local_grads == (27.0,)


def test_dot_is_one_node_with_ordered_parents():
    w = [Value(0.5, "w1"), Value(-1.0, "w2")]
    x = [Value(2.0, "x1"), Value(3.0, "x2")]
    b = Value(0.25, "b")
    o = ag.dot(w, x, b)
    assert o.op == "dot"
    assert o.parents == (*w, *x, b)
    assert o.local_grads == (2.0, 3.0, 0.5, -1.0, 1.0)
    assert o.data == 0.5 * 2.0 - 1.0 * 3.0 + 0.25
    nob = ag.dot(w, x)
    assert nob.parents == (*w, *x) and nob.data == -2.0
    mixed = ag.dot(w, [1.0, 2.0], 0.0)
    assert [p.op for p in mixed.parents[2:]] == ["const", "const", "const"]
    with pytest.raises(ValueError, match="2 weights but 3 inputs"):
        ag.dot(w, [1.0, 2.0, 3.0])


def test_stable_activations_at_extremes():
    assert ag.sigmoid(1000.0).data == 1.0
    assert 0.0 <= ag.sigmoid(-1000.0).data < 1e-300
    assert ag.tanh(1000.0).data == 1.0
    assert ag.softplus(1000.0).data == 1000.0
    assert ag.softplus(-1000.0).data == 0.0
    assert ag.log_sigmoid(-1000.0).data == -1000.0
    assert ag.log_sigmoid(1000.0).data == 0.0
    for fn in (ag.sigmoid, ag.tanh, ag.softplus, ag.log_sigmoid):
        for x in (-1000.0, 1000.0):
            (g,) = fn(Value(x)).local_grads
            assert math.isfinite(g)


# -- micrograd's names for a node's parts -------------------------------------------------


def test_micrograd_views_prev_op_and_backward():
    a, b, c = Value(2.0, "a"), Value(-3.0, "b"), Value(10.0, "c")
    e = a * b
    d = e + c
    f = Value(-2.0, "f")
    L = d * f
    assert L._prev == {d, f} and (a * a)._prev == {a}
    ops = (a._op, L._op, ag.relu(a)._op, (a + 1.0).parents[1]._op, (a**2)._op)
    assert ops == ("", "*", "ReLU", "", "**2")
    L.grad = 1.0
    for node in reversed(ag.topological_order(L)):  # the lecture's backprop by hand, node by node
        node._backward()
    assert (a.grad, b.grad, c.grad, f.grad, d.grad, e.grad) == (6.0, -4.0, -2.0, 4.0, -2.0, -2.0)
    assert a._backward is not a._backward  # a fresh callable each time, never stored on the node


def test_micrographs_internal_constructor_points_to_defop():
    a, b = Value(1.0), Value(2.0)
    with pytest.raises(TypeError, match="defop"):
        Value(3.0, (a, b), "+")
    with pytest.raises(TypeError, match="defop"):
        Value(3.0, {a, b})


def test_values_pickle_with_their_graph_op_by_name():
    import pickle

    from autograd import defop
    from autograd.core.registry import REGISTRY

    x = Value(2.0, "x")
    y = (x * x).tanh() + 1
    y.backward()
    y2 = pickle.loads(pickle.dumps(y))
    assert (y2.data, y2.op, y2.label) == (y.data, "+", y.label)
    x2 = y2.parents[0].parents[0].parents[0]
    assert (x2.label, x2.grad, x2.op) == ("x", x.grad, "")
    assert y2.parents[1].op == "const"
    for v in (x2, *y2.parents):  # walks of the copy work; ops are the registry's own
        assert v.opdef is (REGISTRY.get(v.op) or v.opdef)
    x2.grad = 0.0
    y2.backward()
    assert x2.grad == x.grad
    cube = defop("cube_for_pickle", lambda x: x**3, [lambda F, x, out: 3 * x**2], ["3*x**2"])
    blob = pickle.dumps(cube(Value(2.0)))
    del REGISTRY["cube_for_pickle"]  # as in a fresh process that never declared it
    with pytest.raises(ValueError, match="made by op 'cube_for_pickle': no op of that name is declared"):
        pickle.loads(blob)
