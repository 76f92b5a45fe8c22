"""Fuzzing the engine with random expression DAGs over every registered op (autograd.strategies.graphs).

Every drawn graph (shared subexpressions, reused leaves, constants, every node
within ±1000) must satisfy, to the bit where the passes do the same arithmetic:

- ``check_grads`` confirms its first and second derivatives against central
  differences of the analytic derivative of one order lower (kinks warn, and
  are not counted as wrong);
- ``backward_steps`` leaves bitwise the grads of ``backward``, one step per
  edge; ``grad`` gives bitwise the same numbers and writes no ``.grad``;
  ``grad(create_graph=True)`` gives Values with the same data;
- ``detect_anomaly`` changes nothing on a graph whose gradients are finite;
- ``explain``'s total for every input equals ``grad`` to 1e-12 of its
  ``abs_sum`` (a sum of path products, against the backward pass's
  accumulation);
- ``trace`` replays the graph in numpy with the same value and gradients, to
  1e-9 relative.

Each property draws the active profile's full ``max_examples``: 150 graphs under
the default "ci" profile, 10,000 under ``HYPOTHESIS_PROFILE=thorough``.
tests/core/test_random_graphs.py runs the same kinds of checks on the default
graph size; these draw graphs of up to 40 ops over up to 5 inputs.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import autograd as A
from autograd.strategies import graphs

GRAPHS = graphs(max_nodes=40, max_inputs=5)
#: graph drawing rejects programs that leave ±1000; with 40 ops that is common, and expected
FILTERED = settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@FILTERED
@given(GRAPHS)
def test_first_and_second_derivatives_agree_with_finite_differences(g):
    scale = max(abs(n.data) for n in g.nodes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", A.KinkWarning)
        assert A.check_grads(g.fn, g.inputs, order=2, atol=1e-6 * (1.0 + scale), rtol=1e-4)


@FILTERED
@given(GRAPHS)
def test_backward_steps_grad_and_anomaly_mode_agree_with_backward_bitwise(g):
    out = g.output
    order = A.topological_order(out)
    out.backward()
    expected = [n.grad.hex() for n in order]
    leaves = [n for n in order if n.is_leaf()]
    for n in leaves:
        n.grad = 0.0
    steps = list(A.backward_steps(out))
    assert len(steps) == sum(len(n.parents) for n in order)
    assert [n.grad.hex() for n in order] == expected
    assert [x.hex() for x in A.grad(out, order)] == expected
    assert [n.grad.hex() for n in order] == expected  # grad wrote no .grad
    with_graph = A.grad(out, g.inputs, create_graph=True)
    assert all(isinstance(d, A.Value) for d in with_graph)
    plain = A.grad(out, g.inputs)
    assert [d.data for d in with_graph] == plain
    for n in leaves:
        n.grad = 0.0
    with A.detect_anomaly():
        out.backward()
        assert [x.hex() for x in A.grad(out, order)] == expected
    assert [n.grad.hex() for n in order] == expected


@FILTERED
@given(GRAPHS)
def test_explain_totals_agree_with_grad(g):
    out = g.output
    for x, d in zip(g.inputs, A.grad(out, g.inputs)):
        ledger = A.explain(out, x, max_paths=200)
        assert math.isfinite(ledger.total)
        assert abs(ledger.total - d) <= 1e-12 * ledger.abs_sum + 1e-300, (x.label, ledger.total, d)
        if not ledger.grouped:
            assert ledger.npaths == len(ledger.paths)
            assert math.fsum(p.product for p in ledger.paths) == ledger.total


@FILTERED
@given(GRAPHS)
def test_trace_replays_the_value_and_gradients(g):
    out = g.output
    tape = A.trace(out, g.inputs)
    columns = [np.array([x.data]) for x in g.inputs]
    assert np.allclose(tape.forward(*columns), [out.data], rtol=1e-9, atol=1e-12)
    expected = A.grad(out, g.inputs)
    got = [float(c[0]) for c in tape.backward(*columns)]
    scale = 1e-9 * (1.0 + max(abs(n.data) for n in g.nodes))
    for e, r in zip(expected, got):
        assert abs(e - r) <= scale * (1.0 + abs(e)), (expected, got)


@pytest.mark.parametrize("op", ["abs", "relu"])
def test_an_op_exactly_at_its_kink_is_a_kink_not_a_wrong_derivative(op):
    fn = getattr(A, op)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert A.check_grads(lambda x: fn(x * x), [A.Value(0.0, "x")], order=2)
    assert any(issubclass(w.category, A.KinkWarning) for w in caught)
