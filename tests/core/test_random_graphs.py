"""Property tests on random expression DAGs over every op, drawn by autograd.strategies.graphs.

For each graph: ``backward_steps`` gives bitwise the same grads as ``backward``,
``grad`` bitwise the same numbers as ``backward`` (for every node, leaves and
intermediates), ``record_steps`` (the Stepper's read-only pass) the same steps,
``explain``'s total the same gradient, and ``check_grads`` confirms the first
and second derivatives against finite differences (kinks warn and pass).

``HYPOTHESIS_PROFILE=dev`` runs 1,000 graphs per property instead of 150, and
``HYPOTHESIS_PROFILE=thorough`` 10,000.
"""

from __future__ import annotations

import warnings

from hypothesis import example, given

import autograd as A
from autograd.see.steps import record_steps
from autograd.strategies import POWERS, Graph, graphs

#: Every op a graph may use (REGISTRY at collection time, including conftest's custom ops).
OPS = {**A.REGISTRY, **{op.name: op for op in POWERS}}


def _every_op_graph() -> Graph:
    """A fixed program applying every op once to the latest node and a leaf (an explicit example)."""
    leaves = [0.7, -1.3, 0.4]
    instructions = []
    for k, name in enumerate(sorted(OPS)):
        pool = len(leaves) + k
        latest, leaf = ("node", pool - 1), ("node", k % len(leaves))
        if name == "dot":
            operands = (latest, leaf, ("const", 0.5), ("node", pool - 2), ("const", 0.1))
            instructions.append((name, operands, True))
        else:
            instructions.append((name, (latest, leaf, ("const", 1.5))[: OPS[name].arity], False))
    return Graph(leaves, instructions, OPS)


EVERY_OP = _every_op_graph()


def near_kink(out: A.Value) -> bool:
    """Whether an op's input is within 1e-3 of one of its kink points."""
    return any(abs(n.parents[0].data - k) < 1e-3 for n in A.topological_order(out) for k in n.opdef.kinks)


def test_the_explicit_example_uses_every_op_away_from_kinks():
    assert {n.op for n in EVERY_OP.nodes} >= set(OPS) and not near_kink(EVERY_OP.output)


@given(graphs())
@example(EVERY_OP)
def test_backward_steps_grad_record_and_explain_agree_with_backward_bitwise(g):
    out = g.output
    order = A.topological_order(out)
    out.backward()
    grads = [n.grad for n in order]
    for n in order:
        if n.is_leaf():
            n.grad = 0.0
    steps = list(A.backward_steps(out))
    assert [n.grad.hex() for n in order] == [x.hex() for x in grads]
    assert len(steps) == sum(len(n.parents) for n in order)
    recorded, final = record_steps(out)
    assert [(s.node, s.parent, s.contribution.hex()) for s in recorded] == [
        (s.node, s.parent, s.contribution.hex()) for s in steps
    ]
    assert [final[n].hex() for n in order] == [x.hex() for x in grads]
    assert [x.hex() for x in A.grad(out, order)] == [x.hex() for x in grads]
    assert [n.grad.hex() for n in order] == [x.hex() for x in grads]  # and no .grad was touched
    for x in g.inputs:
        ledger = A.explain(out, x, max_paths=200)
        assert abs(ledger.total - x.grad) <= 1e-12 * ledger.abs_sum + 1e-300


@given(graphs())
@example(EVERY_OP)
def test_first_and_second_derivatives_agree_with_finite_differences(g):
    scale = max(abs(n.data) for n in g.nodes)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", A.KinkWarning)
        assert A.check_grads(g.fn, g.inputs, order=2, atol=1e-6 * (1.0 + scale), rtol=1e-4)
