"""autograd.strategies: random Values and random expression graphs, for property tests of gradients."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest
from hypothesis import given, settings

import autograd as A
from autograd import strategies
from autograd.strategies import LIMIT, Graph, graphs, takes_any_operand, values


@given(values(-1.5, 2.5, label="v"))
def test_values_are_finite_values_in_range(v):
    assert isinstance(v, A.Value) and -1.5 <= v.data <= 2.5 and v.label == "v"


@settings(max_examples=40)
@given(graphs())
def test_drawn_graphs_stay_bounded_and_rebuild_the_same_way(g):
    assert isinstance(g, Graph) and len(g.inputs) == len(g.leaves)
    assert all(abs(n.data) <= LIMIT for n in g.nodes)
    again = g.fn(*[A.Value(v) for v in g.leaves])
    assert again.data == g.output.data  # fn builds the same program
    ops_used = {n.op for n in A.topological_order(g.output)}
    assert ops_used - {"", "const", "+", "*", "sigmoid"} <= set(g.ops)


def test_the_three_line_property_test_of_a_users_op():
    softsign_prime = (lambda F, x, out: 1 / (1 + abs(x)) ** 2,)
    my_op = A.defop("ts_softsign", lambda x: x / (1 + abs(x)), softsign_prime, ("1/(1+|x|)^2",))

    @settings(max_examples=30, deadline=None)
    @given(strategies.graphs(ops=[my_op]))
    def test(g):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", A.KinkWarning)  # |x| has a kink at 0
            A.check_grads(g.fn, g.inputs, order=2)

    test()


def test_a_wrong_derivative_is_found_by_the_property_test():
    wrong = A.defop("ts_wrong", lambda x: x * x * x, (lambda F, x, out: 2.0 * x * x,), ("2 x^2",))

    @settings(max_examples=20, deadline=None, database=None)
    @given(strategies.graphs(ops=[wrong], max_inputs=2))
    def test(g):
        A.check_grads(g.fn, g.inputs, order=1)

    with pytest.raises(A.GradcheckError):
        test()


def test_ops_are_op_functions_or_opdefs():
    assert takes_any_operand(A.REGISTRY["tanh"]) and not takes_any_operand(A.REGISTRY["log"])
    with pytest.raises(TypeError, match="ops must be OpDefs or op functions"):
        graphs(ops=["tanh"])
    with pytest.raises(ValueError, match="ops is empty"):
        graphs(ops=[])
    with pytest.raises(ValueError, match="max_nodes must be an int >= 1"):
        graphs(max_nodes=0)


def test_importing_autograd_does_not_import_hypothesis_and_a_missing_hypothesis_is_named():
    code = "import sys, autograd, nets; print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys; sys.modules['hypothesis'] = None; import autograd.strategies"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode != 0 and "pip install 'chainrule[testing]'" in out.stderr
