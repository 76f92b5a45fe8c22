"""Tests for autograd.gradients.grad: first and higher order, the issue's explicit cases, custom ops."""

from __future__ import annotations

import math

import pytest

import autograd as A
from autograd.core.grad import grad
from autograd.core.registry import REGISTRY, floatmath
from autograd.gradcheck import GradcheckError, assert_gradcheck, gradcheck, gradgradcheck


def nth(f, x, n):
    """The n-th derivative of the Value f with respect to x (a float), via grad(create_graph=True)."""
    for _ in range(n):
        f = grad(f, [x], create_graph=True)[0]
    return f.data


# -- the API -------------------------------------------------------------------------------


def test_grad_equals_backward_and_leaves_every_grad_alone():
    x, y = A.Value(0.7, "x"), A.Value(-1.3, "y")
    h = x * y
    f = A.tanh(h) + A.exp(x) / (y * y)
    for i, n in enumerate(A.topological_order(f)):
        n.grad = 100.0 + i
    before = [n.grad for n in A.topological_order(f)]
    gx, gy = grad(f, [x, y])
    assert [n.grad for n in A.topological_order(f)] == before
    th = math.tanh(0.7 * -1.3)
    assert gx == pytest.approx((1 - th * th) * -1.3 + math.exp(0.7) / 1.69, rel=1e-12)
    assert gy == pytest.approx((1 - th * th) * 0.7 - 2 * math.exp(0.7) / (-1.3) ** 3, rel=1e-12)
    x.grad = y.grad = 0.0
    f.backward()
    assert (gx, gy) == (x.grad, y.grad)


def test_floats_by_default_values_with_create_graph():
    x = A.Value(2.0, "x")
    f = x * x * x
    (g,) = grad(f, [x])
    assert type(g) is float and g == 12.0
    (g,) = grad(f, [x], create_graph=True)
    assert isinstance(g, A.Value) and g.data == 12.0


def test_input_the_output_does_not_depend_on_gives_zero():
    x, z = A.Value(1.5, "x"), A.Value(3.0, "z")
    f = A.sin(x)
    assert grad(f, [z]) == [0.0]
    (gz,) = grad(f, [z], create_graph=True)
    assert isinstance(gz, A.Value) and gz.data == 0.0
    assert grad(gz, [x, z]) == [0.0, 0.0]


def test_intermediate_nodes_may_be_inputs():
    x, y = A.Value(0.4, "x"), A.Value(0.9, "y")
    h = x * y
    f = A.tanh(h) + h * h
    gh, gx = grad(f, [h, x])
    t = math.tanh(0.36)
    assert gh == pytest.approx(1 - t * t + 2 * 0.36, rel=1e-12)
    assert gx == pytest.approx(gh * 0.9, rel=1e-12)
    f.backward()
    assert gh == h.grad


def test_output_is_an_input_and_repeated_inputs():
    x = A.Value(3.0, "x")
    assert grad(x, [x]) == [1.0]
    f = x * 5.0
    assert grad(f, [x, x]) == [5.0, 5.0]
    assert [g.data for g in grad(x, [x], create_graph=True)] == [1.0]


def test_bad_arguments_are_named():
    x = A.Value(1.0, "x")
    with pytest.raises(TypeError, match="output must be a Value, got float"):
        grad(2.0, [x])
    with pytest.raises(TypeError, match=r"wrap a single Value as \[x\]"):
        grad(x * 2, x)
    with pytest.raises(TypeError, match=r"inputs\[1\] must be a Value, got int"):
        grad(x * 2, [x, 3])
    with pytest.raises(TypeError, match="inputs must be a list of Values, got NoneType"):
        grad(x * 2, None)
    with pytest.raises(TypeError, match="create_graph must be True or False"):
        grad(x * 2, [x], create_graph="yes")


def test_create_graph_inside_no_grad_is_refused():
    x = A.Value(1.0, "x")
    f = x * x
    with A.no_grad(), pytest.raises(RuntimeError, match="no_grad"):
        grad(f, [x], create_graph=True)


# -- higher order ----------------------------------------------------------------------------

X = 0.6
HIGHER = [
    # name, f, [f', f'', f''']
    ("sin", A.sin, [math.cos(X), -math.sin(X), -math.cos(X)]),
    ("cos", A.cos, [-math.sin(X), -math.cos(X), math.sin(X)]),
    ("exp", A.exp, [math.exp(X)] * 3),
    ("log", A.log, [1 / X, -1 / X**2, 2 / X**3]),
    ("sqrt", A.sqrt, [0.5 * X**-0.5, -0.25 * X**-1.5, 0.375 * X**-2.5]),
    ("tanh", A.tanh, [1 - math.tanh(X) ** 2, -2 * math.tanh(X) * (1 - math.tanh(X) ** 2),
                      (1 - math.tanh(X) ** 2) * (6 * math.tanh(X) ** 2 - 2)]),
    ("sigmoid", A.sigmoid, [(s := 1 / (1 + math.exp(-X))) * (1 - s), s * (1 - s) * (1 - 2 * s),
                            s * (1 - s) * (1 - 6 * s + 6 * s * s)]),
    ("softplus", A.softplus, [s, s * (1 - s), s * (1 - s) * (1 - 2 * s)]),
    ("log_sigmoid", A.log_sigmoid, [1 - s, -s * (1 - s), -s * (1 - s) * (1 - 2 * s)]),
    ("**3", lambda x: x**3, [3 * X**2, 6 * X, 6.0]),
    ("**-1", lambda x: x**-1, [-(X**-2), 2 * X**-3, -6 * X**-4]),
    ("**0.5", lambda x: x**0.5, [0.5 * X**-0.5, -0.25 * X**-1.5, 0.375 * X**-2.5]),
    ("/", lambda x: 1.0 / x, [-(X**-2), 2 * X**-3, -6 * X**-4]),
    ("x**x", lambda x: x**x, [X**X * (math.log(X) + 1), X**X * ((math.log(X) + 1) ** 2 + 1 / X),
                              X**X * ((math.log(X) + 1) ** 3 + 3 * (math.log(X) + 1) / X - 1 / X**2)]),
    ("dot", lambda x: A.dot([x, x], [x * x, 2.0], 1.0), [3 * X**2 + 2, 6 * X, 6.0]),
    ("relu", lambda x: A.relu(x) * x * x, [3 * X**2, 6 * X, 6.0]),
    ("abs", lambda x: abs(-x) * x * x, [3 * X**2, 6 * X, 6.0]),
]


@pytest.mark.parametrize("name,f,expected", HIGHER, ids=[h[0] for h in HIGHER])
def test_first_second_third_derivatives(name, f, expected):
    x = A.Value(X, "x")
    got = [nth(f(x), x, n) for n in (1, 2, 3)]
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_fourth_derivative_of_cube_is_zero_and_stays_a_value():
    x = A.Value(-1.7, "x")
    assert nth(x**3, x, 3) == 6.0
    assert nth(x**3, x, 4) == 0.0


def test_mixed_partials_of_x_pow_y_with_y_a_value():
    x, y = A.Value(1.7, "x"), A.Value(0.8, "y")
    f = x**y
    gx, gy = grad(f, [x, y], create_graph=True)
    assert gx.data == pytest.approx(0.8 * 1.7**-0.2, rel=1e-12)
    assert gy.data == pytest.approx(1.7**0.8 * math.log(1.7), rel=1e-12)
    hxx, hxy = grad(gx, [x, y])
    hyx, hyy = grad(gy, [x, y])
    assert hxx == pytest.approx(0.8 * -0.2 * 1.7**-1.2, rel=1e-12)
    assert hxy == pytest.approx(1.7**-0.2 * (1 + 0.8 * math.log(1.7)), rel=1e-12)
    assert hyx == pytest.approx(hxy, rel=1e-12)
    assert hyy == pytest.approx(1.7**0.8 * math.log(1.7) ** 2, rel=1e-12)
    assert gradcheck(lambda a, b: a**b, [x, y]) and gradgradcheck(lambda a, b: a**b, [x, y])


def test_mixed_partials_of_dot():
    w1, w2, x1, x2, b = (A.Value(v) for v in (0.5, -1.0, 2.0, 0.3, 0.1))
    o = A.dot([w1, w2], [x1, x2], b)
    gw1, gx2, gb = grad(o, [w1, x2, b], create_graph=True)
    assert (gw1.data, gx2.data, gb.data) == (2.0, -1.0, 1.0)
    assert grad(gw1, [w1, w2, x1, x2, b]) == [0.0, 0.0, 1.0, 0.0, 0.0]
    assert grad(gx2, [w1, w2, x1, x2, b]) == [0.0, 1.0, 0.0, 0.0, 0.0]


# -- the explicit cases of the issue ---------------------------------------------------------


def test_x_pow_x():
    x = A.Value(1.3, "x")
    f = x**x
    assert f.parents == (x, x)
    (g,) = grad(f, [x])
    assert g == pytest.approx(1.3**1.3 * (math.log(1.3) + 1), rel=1e-12)
    assert gradcheck(lambda v: v**v, [x]) and gradgradcheck(lambda v: v**v, [x])


def test_sqrt_x_squared_plus_one():
    for v in (-2.0, -0.3, 0.0, 0.7, 5.0):
        x = A.Value(v, "x")
        f = A.sqrt(x * x + 1)
        (g,) = grad(f, [x], create_graph=True)
        assert g.data == pytest.approx(v / math.sqrt(v * v + 1), rel=1e-12, abs=1e-15)
        assert grad(g, [x]) == pytest.approx([(v * v + 1) ** -1.5], rel=1e-12)
        assert gradcheck(lambda t: A.sqrt(t * t + 1), [x])


@pytest.mark.parametrize("v", [float(k) for k in range(-30, 31, 3)] + [-0.5, 0.25])
def test_log_sigmoid_equals_log_of_sigmoid(v):
    x = A.Value(v, "x")
    a, b = A.log_sigmoid(x), A.log(A.sigmoid(x))
    assert a.data == pytest.approx(b.data, rel=1e-12, abs=1e-12)
    assert grad(a, [x]) == pytest.approx(grad(b, [x]), rel=1e-9, abs=1e-12)


def test_log_sigmoid_is_finite_where_log_of_sigmoid_fails():
    x = A.Value(-1000.0, "x")
    f = A.log_sigmoid(x)
    assert f.data == -1000.0
    assert grad(f, [x]) == [1.0]
    with pytest.raises(A.DomainError, match="log"):
        A.log(A.sigmoid(x))


@pytest.mark.parametrize("v", [float(k) for k in range(-30, 31, 3)] + [-0.5, 0.25])
def test_softplus_equals_log_one_plus_exp(v):
    x = A.Value(v, "x")
    a, b = A.softplus(x), A.log(1 + A.exp(x))
    assert a.data == pytest.approx(b.data, rel=1e-12, abs=1e-12)
    assert grad(a, [x]) == pytest.approx(grad(b, [x]), rel=1e-9, abs=1e-12)


def test_softplus_is_finite_where_log_one_plus_exp_fails():
    x = A.Value(1000.0, "x")
    f = A.softplus(x)
    assert f.data == 1000.0
    assert grad(f, [x]) == [1.0]
    with pytest.raises(A.DomainError, match="exp"):
        A.log(1 + A.exp(x))


def test_a_times_a_has_two_edges():
    a = A.Value(-3.0, "a")
    f = a * a
    assert f.parents == (a, a)
    (g,) = grad(f, [a], create_graph=True)
    assert g.data == -6.0
    assert grad(g, [a]) == [2.0]
    steps = list(A.backward_steps(f))
    assert [s.contribution for s in steps] == [-3.0, -3.0]
    assert a.grad == -6.0


def test_diamond():
    # x -> a -> (b, c) -> d: two paths from d back to a
    x = A.Value(0.3, "x")
    a = A.tanh(x)
    d = a * 3.0 + A.exp(a)
    t = math.tanh(0.3)
    assert grad(d, [x, a]) == pytest.approx([(3 + math.exp(t)) * (1 - t * t), 3 + math.exp(t)], rel=1e-12)
    assert gradgradcheck(lambda v: A.tanh(v) * 3.0 + A.exp(A.tanh(v)), [x])


def test_chain_of_diamonds():
    x = A.Value(0.2, "x")

    def f(v):
        for _ in range(30):
            v = A.sin(v) * 0.5 + A.cos(v) * 0.5
        return v

    out = f(x)
    dv, v = 1.0, 0.2
    for _ in range(30):
        dv *= 0.5 * (math.cos(v) - math.sin(v))
        v = 0.5 * (math.sin(v) + math.cos(v))
    assert grad(out, [x]) == pytest.approx([dv], rel=1e-12)
    assert gradcheck(f, [x])


@pytest.mark.parametrize(
    "op,v,first",
    [(A.relu, 0.0, 0.0), (A.relu, -0.5, 0.0), (A.relu, 0.5, 1.0),
     (A.abs, 0.0, 0.0), (A.abs, -0.5, -1.0), (A.abs, 0.5, 1.0)],
)
def test_kink_ops_first_derivative_and_zero_second_derivative(op, v, first):
    x = A.Value(v, "x")
    (g,) = grad(op(x), [x], create_graph=True)
    assert g.data == first
    assert grad(g, [x]) == [0.0]


# -- custom ops ------------------------------------------------------------------------------


def test_custom_op_works_everywhere(custom_ops):
    cube = custom_ops["test_cube"]
    x = A.Value(1.5, "x")
    f = cube(x)
    assert f.op == "test_cube" and f.local_grads == (6.75,)
    f.backward()
    assert x.grad == 6.75
    x.grad = 0.0
    steps = list(A.backward_steps(f))
    assert len(steps) == 1 and steps[0].local_grad == 6.75 and x.grad == 6.75
    assert [nth(cube(x), x, n) for n in (1, 2, 3, 4)] == [6.75, 9.0, 6.0, 0.0]
    assert gradcheck(cube, [x]) and gradgradcheck(cube, [x])
    swish = custom_ops["test_swish"]
    for v in (-3.0, -0.4, 0.0, 0.8, 2.5):
        x = A.Value(v, "x")
        assert swish(x).data == pytest.approx(v / (1 + math.exp(-v)), rel=1e-12, abs=1e-15)
        assert gradcheck(swish, [x]) and gradgradcheck(swish, [x])
        assert gradgradcheck(lambda t: grad(swish(t), [t], create_graph=True)[0], [x])


@pytest.fixture
def wrong_cube():
    """A cube op with a deliberately wrong derivative (2 x^2 instead of 3 x^2), unregistered afterwards."""
    fn = A.defop(
        "test_wrong_cube",
        lambda x: x * x * x,
        (lambda F, x, out: 2.0 * x * x,),
        ("2 x^2 (wrong: should be 3 x^2)",),
        doc="x^3;  d/dx = 2 x^2 (deliberately wrong)",
    )
    yield fn
    del REGISTRY["test_wrong_cube"]
    delattr(floatmath, "test_wrong_cube")
    delattr(A.core.valuemath, "test_wrong_cube")


def test_wrong_derivative_is_caught(wrong_cube):
    x, y = A.Value(2.0, "x"), A.Value(0.5, "y")
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda a, b: wrong_cube(a) + b, [x, y])
    (row,) = info.value.rows
    assert (row.index, row.label, row.value) == (0, "x", 2.0)
    assert row.analytic == 8.0
    assert row.numeric == pytest.approx(12.0, rel=1e-8)
    assert "x" in str(info.value) and "analytic" in str(info.value)
    with pytest.raises(AssertionError, match="gradcheck failed"):
        assert_gradcheck(wrong_cube, [x])


def test_a_custom_op_whose_derivative_calls_another_custom_op_works_to_any_order():
    """register() fills the Value namespace F: F.tg_mysq exists when tg_myquad's derivative runs on Values."""
    A.defop("tg_mysq", lambda x: x * x, (lambda F, x, out: 2.0 * x,), ("2 x",))
    myquad = A.defop(
        "tg_myquad", lambda x: x**4, (lambda F, x, out: 4.0 * x * F.tg_mysq(x),), ("4 x tg_mysq(x)",)
    )
    x = A.Value(1.5, "x")
    assert grad(myquad(x), [x]) == [13.5]  # 4 x^3
    d1 = grad(myquad(x), [x], create_graph=True)[0]
    d2 = grad(d1, [x], create_graph=True)[0]
    assert d1.data == 13.5 and d2.data == pytest.approx(27.0, rel=1e-15)  # 12 x^2
    assert grad(d2, [x]) == [pytest.approx(36.0, rel=1e-15)]  # 24 x
    assert gradgradcheck(myquad, [x])
    assert A.core.valuemath.tg_mysq is A.REGISTRY["tg_mysq"].function


def test_a_set_of_inputs_is_refused_and_numpy_bools_are_flags():
    import numpy as np

    x, y = A.Value(1.5, "x"), A.Value(-0.5, "y")
    f = x * y
    with pytest.raises(TypeError, match="grad: inputs must be a list of Values, got set: a set has no order"):
        grad(f, {x, y})
    with pytest.raises(TypeError, match=r"pass a list such as \[x, y\]"):
        grad(f, frozenset([x]))
    assert grad(f, (v for v in [x, y])) == [-0.5, 1.5]  # any ordered iterable
    out = grad(f, [x], np.bool_(True))
    assert isinstance(out[0], A.Value) and out[0].data == -0.5
    assert grad(f, [x], np.bool_(False)) == [-0.5]
    with pytest.raises(TypeError, match="grad: create_graph must be True or False, got int: 1"):
        grad(f, [x], 1)


def test_dict_keys_are_an_ordered_list_of_inputs_but_a_set_is_refused():
    import pytest

    import autograd as A

    a, b = A.Value(1.0, "a"), A.Value(3.0, "b")
    assert A.grad(a * b, {a: 1, b: 2}.keys()) == [3.0, 1.0]
    with pytest.raises(TypeError, match="a set has no order"):
        A.grad(a * b, {a, b})
