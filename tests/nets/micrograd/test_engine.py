"""Tests of nets.micrograd.engine: micrograd's engine tests, and what micrograd's notebooks read off a Value.

``test_sanity_check`` and ``test_more_ops`` are micrograd's test/test_engine.py (karpathy/micrograd,
commit c911406) run on ``nets.micrograd.engine.Value``, with the torch half replaced by expected
numbers worked out by hand, as exact fractions, and cross-checked by central finite differences of
the same expression on plain floats (no torch, no micrograd):

- sanity check, x = -4: z = 3x + 2 = -10, q = relu(z) + z x = 40, h = relu(z^2) = 100,
  y = h + q + q x = -20; dy/dx = 6z (from h) + (3x + z) (from q) + ((3x + z) x + q) (from q x)
  = -60 - 22 + 128 = 46 (relu(z) is flat at z = -10).
- more ops, a = -4, b = 2: c = 3a + 4b + 3 = -1, d = 12 (ab + b^3) + 4 relu(a + b) + relu(b - a) = 6,
  e = c - d = -7, g = e^2 / 2 + 10 / e^2 = 2421/98; de/da = 3 - 12b + 1 = -20,
  de/db = 4 - 12 (a + 3b^2) - 1 = -93, dg/de = e - 20/e^3 = -7 + 20/343, so
  dg/da = 47620/343 and dg/db = 221433/343.

micrograd's test code is Andrej Karpathy's, MIT-licensed: see LICENSE-karpathy.txt in this folder.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import autograd
from nets.micrograd import engine
from nets.micrograd.engine import Value

# -- the expressions of micrograd's tests, on floats (the finite-difference oracle) ----------------


def relu(t: float) -> float:
    return max(t, 0.0)


def sanity(x: float) -> float:
    z = 2 * x + 2 + x
    q = relu(z) + z * x
    h = relu(z * z)
    return h + q + q * x


def more_ops(a: float, b: float) -> float:
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + relu(b + a)
    d = d + 3 * d + relu(b - a)
    e = c - d
    f = e**2
    g = f / 2.0
    return g + 10.0 / f


def central(fn, xs: list[float], i: int, eps: float = 1e-6) -> float:
    up, down = list(xs), list(xs)
    up[i] += eps
    down[i] -= eps
    return (fn(*up) - fn(*down)) / (2 * eps)


SANITY_Y, SANITY_DX = Fraction(-20), Fraction(46)
MORE_G, MORE_DA, MORE_DB = Fraction(2421, 98), Fraction(47620, 343), Fraction(221433, 343)


def test_the_expected_numbers_agree_with_finite_differences():
    assert sanity(-4.0) == SANITY_Y
    assert central(sanity, [-4.0], 0) == pytest.approx(float(SANITY_DX), rel=1e-8)
    assert more_ops(-4.0, 2.0) == pytest.approx(float(MORE_G), rel=1e-15)
    assert central(more_ops, [-4.0, 2.0], 0) == pytest.approx(float(MORE_DA), rel=1e-8)
    assert central(more_ops, [-4.0, 2.0], 1) == pytest.approx(float(MORE_DB), rel=1e-8)


# -- micrograd's test/test_engine.py, on nets.micrograd.engine.Value -------------------------------


def test_sanity_check():
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    # forward pass went well
    assert ymg.data == SANITY_Y
    # backward pass went well
    assert xmg.grad == SANITY_DX


def test_more_ops():
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g

    tol = 1e-6
    # forward pass went well
    assert abs(gmg.data - MORE_G) < tol
    # backward pass went well
    assert abs(amg.grad - MORE_DA) < tol
    assert abs(bmg.grad - MORE_DB) < tol
    # and to rounding
    assert gmg.data == pytest.approx(float(MORE_G), rel=1e-14)
    assert amg.grad == pytest.approx(float(MORE_DA), rel=1e-14)
    assert bmg.grad == pytest.approx(float(MORE_DB), rel=1e-14)


# -- the engine module -----------------------------------------------------------------------------


def test_value_is_chainrules_value():
    assert Value is autograd.Value
    assert engine.__all__ == ["Value"]


def test_the_lectures_constructor_with_a_label():
    a = Value(2.0, label="a")
    assert (a.data, a.label, a.grad) == (2.0, "a", 0.0)


# -- what micrograd's notebooks read off a Value (views the core provides) -------------------------


def test_prev_is_the_set_of_parents():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    e = a * b
    assert e._prev == {a, b}
    assert (a * a)._prev == {a}
    assert a._prev == set()


def test_op_is_micrograds_op_string():
    a, b = Value(2.0), Value(-3.0)
    assert a._op == ""
    assert (a + b)._op == "+"
    assert (a * b)._op == "*"
    assert a.relu()._op == "ReLU"
    assert (a**2)._op == "**2"
    assert a.tanh()._op == "tanh"
    constant = (a * 2.0).parents[1]
    assert constant.op == "const" and constant._op == ""


def test_backward_applies_one_chain_rule_step_node_by_node():
    # the lecture's neuron, backpropagated by hand with o._backward(), n._backward(), ...
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    o.grad = 1.0
    for node in (o, n, b, x1w1x2w2, x2w2, x1w1):
        node._backward()
    assert n.grad == pytest.approx(0.5, rel=1e-12)
    assert (x1.grad, w1.grad) == pytest.approx((-1.5, 1.0), rel=1e-12)
    assert (x2.grad, w2.grad) == pytest.approx((0.5, 0.0), rel=1e-12)
    assert b.grad == pytest.approx(0.5, rel=1e-12)
    x1w1._backward()  # each call applies the step once more: parent.grad += local * self.grad
    assert w1.grad == pytest.approx(2.0, rel=1e-12)


def test_the_lectures_topological_sort_over_prev():
    a, b = Value(2.0), Value(-3.0)
    L = (a * b + 10.0) * -2.0
    topo, visited = [], set()

    def build_topo(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                build_topo(child)
            topo.append(v)

    build_topo(L)
    assert topo[-1] is L and set(topo) == set(autograd.topological_order(L))


def test_micrograds_constructor_with_children_points_to_defop():
    a, b = Value(2.0), Value(3.0)
    with pytest.raises(TypeError, match="defop"):
        Value(5.0, (a, b), "+")
