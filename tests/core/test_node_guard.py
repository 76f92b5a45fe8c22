"""Walks under threads and the pass guard (autograd.core.node): reads are safe, writes are refused.

Read-only walks (topological_order, grad in both modes, explain, Stepper, drawings)
keep their state per call and give the same answer from any number of threads at
once. A pass that writes .grad (backward, a started backward_steps generator) holds
its graph: a second writing pass over any of its non-leaf nodes raises RuntimeError
naming the root and how to end the earlier pass, and changes nothing.
"""

from __future__ import annotations

import gc
import math
import sys
import threading
import weakref

import pytest

import autograd as ag
from autograd import Value, backward_steps, topological_order


def _neuron():
    x1, w1, x2, w2 = Value(2.0, "x1"), Value(-3.0, "w1"), Value(0.0, "x2"), Value(1.0, "w2")
    b = Value(6.8813735870195432, "b")
    o = x1 * w1 + x2 * w2 + b
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    return a, [x1, w1, x2, w2, b]


def _grads(nodes):
    return [v.grad for v in nodes]


# -- the pass guard ------------------------------------------------------------------


def test_two_interleaved_backward_steps_passes_the_second_is_refused():
    x = Value(0.5, "x")
    o = ((x * 2) * 3).tanh()
    o.label = "o"
    expected = ag.grad(o, [x])[0]
    first, second = backward_steps(o), backward_steps(o)
    next(first)  # the first pass has started
    with pytest.raises(RuntimeError) as info:
        next(second)
    message = str(info.value)
    assert "label='o'" in message and "still running" in message
    assert "close()" in message and "consume" in message
    rest = list(first)  # the earlier pass is unharmed
    assert x.grad == expected and len(rest) == 4  # 5 edges, one consumed above


def test_zip_of_two_passes_raises_instead_of_double_counting():
    x = Value(0.5, "x")
    o = ((x * 2) * 3).tanh()
    with pytest.raises(RuntimeError, match="still running"):
        list(zip(backward_steps(o), backward_steps(o)))
    assert x.grad == 0.0  # the refused pass changed nothing; the first wrote one step


def test_backward_inside_a_running_pass_is_refused_and_changes_nothing():
    a, leaves = _neuron()
    steps = backward_steps(a)
    next(steps)
    before = [v.grad for v in topological_order(a)]
    with pytest.raises(RuntimeError, match=r"backward_steps pass from root Value\(label='a'"):
        a.backward()
    assert [v.grad for v in topological_order(a)] == before
    steps.close()  # ends the earlier pass
    a.backward()
    assert _grads(leaves)[1] == pytest.approx(1.0)  # dw1 = x1 * (1 - a^2) = 2 * 0.5


def test_a_pass_over_a_shared_intermediate_node_is_refused():
    x = Value(1.5, "x")
    shared = x * x
    root1, root2 = shared.sin(), shared.cos()
    root2.backward()  # grads as a user last left them
    steps = backward_steps(root1)
    next(steps)
    before = [v.grad for v in topological_order(root2)]
    with pytest.raises(RuntimeError, match="still running"):
        root2.backward()
    assert [v.grad for v in topological_order(root2)] == before  # the refused pass changed nothing
    list(steps)
    root2.backward()  # finished: free again


def test_passes_that_share_only_leaves_may_interleave():
    x = Value(1.5, "x")
    steps = backward_steps(x.sin())
    next(steps)  # x.grad += cos(x)
    (x * 3.0).backward()  # its only non-leaf node is its own: x.grad += 3
    assert list(steps) == []
    assert x.grad == math.cos(1.5) + 3.0


def test_the_guard_is_released_by_finishing_closing_or_collecting_the_generator():
    a, _ = _neuron()
    unstarted = backward_steps(a)  # a generator that has not started holds nothing
    a.backward()
    del unstarted
    finished = backward_steps(a)
    list(finished)
    a.backward()
    closed = backward_steps(a)
    next(closed)
    closed.close()
    a.backward()
    dropped = backward_steps(a)
    next(dropped)
    del dropped
    gc.collect()
    a.backward()


def test_a_raising_backward_releases_the_guard():
    y = Value(2.0) * 3.0
    with pytest.raises(ag.DomainError):
        y.backward(float("nan"))
    with pytest.raises(TypeError):
        y.backward("1")
    y.backward()
    assert y.grad == 1.0


# -- read-only walks are safe under threads -------------------------------------------------


@pytest.fixture
def fine_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _shared_graph():
    x, y = Value(0.3, "x"), Value(0.7, "y")
    v = x
    for _ in range(300):
        v = (v * y).sin() + v * 0.5 + x
    return v, x, y


def _in_threads(work, n_threads=4):
    results, errors = [], []

    def run():
        try:
            results.extend(work())
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_grad_and_topological_order_from_four_threads_on_one_graph(fine_switching):
    v, x, y = _shared_graph()
    n = len(topological_order(v))
    assert n == 1802
    want = ag.grad(v, [x, y])

    def work():
        out = []
        for _ in range(40):
            out.append(("grad", ag.grad(v, [x, y])))
            out.append(("order", len(topological_order(v))))
        return out

    results = _in_threads(work)
    assert len(results) == 4 * 80
    assert all(r == want for kind, r in results if kind == "grad")
    assert all(r == n for kind, r in results if kind == "order")


def test_higher_order_grad_explain_and_stepper_from_threads(fine_switching):
    x, y = Value(0.3, "x"), Value(0.7, "y")
    v = x
    for _ in range(20):
        v = (v * y).sin() + v * 0.5 + x
    d1 = ag.grad(v, [x], create_graph=True)[0]
    want2 = ag.grad(d1, [x, y])
    want_total = ag.explain(v, y).total
    want_steps = [s.contribution for s in ag.Stepper(v)]

    def work():
        out = []
        for _ in range(5):
            d = ag.grad(v, [x], create_graph=True)[0]
            out.append(ag.grad(d, [x, y]) == want2)
            out.append(ag.explain(v, y).total == want_total)
            out.append([s.contribution for s in ag.Stepper(v)] == want_steps)
        return out

    assert all(_in_threads(work))
    assert x.grad == 0.0 and y.grad == 0.0  # no read-only walk wrote a grad


def test_backward_from_threads_either_finishes_or_is_refused(fine_switching):
    v, x, y = _shared_graph()
    want = ag.grad(v, [x, y])

    def work():
        out = []
        for _ in range(10):
            try:
                v.backward()
                out.append("done")
            except RuntimeError as e:
                assert "still running" in str(e) and "another thread" in str(e)
                out.append("refused")
        return out

    results = _in_threads(work)
    assert "done" in results and len(results) == 40
    x.grad = y.grad = 0.0
    v.backward()  # nothing is left held, and a last pass gives the right grads
    assert [x.grad, y.grad] == pytest.approx(want, rel=1e-12)


# -- weak references ------------------------------------------------------------------


def test_values_are_weakly_referenceable_and_freed_by_reference_counting():
    gc.disable()
    try:
        x = Value(0.3, "x")
        y = (x * 2.0 + x.tanh()) * x.exp()
        y.backward()
        refs = [weakref.ref(v) for v in topological_order(y)]
        del x, y
        assert all(r() is None for r in refs)
    finally:
        gc.enable()
