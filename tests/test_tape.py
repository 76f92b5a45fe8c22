"""autograd.tape: a trace compiled to straight-line numpy code, replayed over a batch, checked against the
scalar engine (random graphs of every op, from autograd.strategies, to 1e-12 relative)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd as A
from autograd import strategies
from autograd.core import Trace
from autograd.core.registry import OpDef
from autograd.tape import Tape, TapeMismatchError, trace


def neuron():
    """README's neuron: o = x1 w1 + x2 w2 + b, a = tanh(o)."""
    x1, w1 = A.Value(2.0, "x1"), A.Value(-3.0, "w1")
    x2, w2 = A.Value(0.0, "x2"), A.Value(1.0, "w2")
    b = A.Value(6.8813735870195432, "b")
    o = x1 * w1 + x2 * w2 + b
    o.label = "o"
    a = o.tanh()
    a.label = "a"
    return a, (x1, x2), (w1, w2, b)


def per_sample(build, columns, params, seed):
    """The scalar engine, one sample at a time: outputs, input grads per sample, summed parameter grads."""
    for p in params:
        p.grad = 0.0
    outs, gins = [], []
    for s in range(len(seed)):
        xs = [A.Value(float(c[s])) for c in columns]
        root = build(xs, params)
        root.backward(float(seed[s]))
        outs.append(root.data)
        gins.append([x.grad for x in xs])
    grads = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    return np.array(outs), np.array(gins).T, np.array(grads)


def test_autograd_trace_is_the_tape_and_still_a_trace():
    a, xs, _ = neuron()
    t = A.trace(a, list(xs))
    assert isinstance(t, Tape) and isinstance(t, Trace)
    assert t.forward(2.0, 0.0) == a.data  # plain numbers: the core's replay on floats
    z = t.forward(complex(2.0, 1e-30), complex(0.0, 0.0))
    assert z.imag / 1e-30 == pytest.approx(-3.0 * (1 - a.data**2), rel=1e-12)
    assert repr(t) == "Tape(2 inputs, 3 parameters, 5 ops)"


def test_the_source_is_backprop_written_out():
    a, xs, _ = neuron()
    src = A.trace(a, list(xs)).source()
    assert src.startswith("def forward(x1, x2, w1, w2, b):\n")
    for line in [
        "    a = tanh(o)",
        "    g_a = seed",
        "    g_o = g_a * (1.0 - a * a)",  # tanh's own derivative, from the op table
        "    g_b = g_o.sum()",  # a parameter: summed over the batch
        "    g_x1 = g_v3 * w1",  # an input: one number per sample
        "    g_w1 = g_v3.dot(x1)",
        "    return (g_x1, g_x2), (g_w1, g_w2, g_b)",
    ]:
        assert line in src.splitlines(), (line, src)
    ws, xs = [A.Value(1.0, "w1"), A.Value(2.0, "w2")], [A.Value(0.0, "x1"), A.Value(0.0, "x2")]
    src = A.trace(A.relu(A.dot(ws, xs, 0.5)), xs).source()
    assert "w1 * x1 + w2 * x2 + 0.5" in src and "step(v" in src


def test_forward_and_backward_over_a_batch_equal_the_scalar_engine():
    a, xs, params = neuron()
    t = A.trace(a, list(xs))
    cols = [np.array([2.0, 2.2, 1.8, 2.5]), np.array([0.0, 0.5, -1.0, 1.0])]  # tanh far from saturation
    seed = np.array([1.0, -2.0, 0.5, 3.0])

    def build(vals, ps):
        w1, w2, b = ps
        return (vals[0] * w1 + vals[1] * w2 + b).tanh()

    want_out, want_in, want_p = per_sample(build, cols, list(params), seed)
    np.testing.assert_allclose(t.forward(*cols), want_out, rtol=1e-14)
    gin = t.backward(*cols, seed=seed)
    np.testing.assert_allclose(np.array(gin), want_in, rtol=1e-13)
    np.testing.assert_allclose([p.grad for p in params], want_p, rtol=1e-13)
    t.backward(*cols, seed=seed)  # parameters accumulate, like leaves in backward()
    np.testing.assert_allclose([p.grad for p in params], 2 * want_p, rtol=1e-13)
    assert all(x.grad == 0.0 for x in xs)  # inputs' grads are returned, never written


def test_seed_defaults_to_one_and_broadcasts():
    a, xs, params = neuron()
    t = A.trace(a, list(xs))
    cols = [[2.0, 1.0], [0.0, 0.5]]
    ones = t.backward(*cols)
    grads = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    twice = t.backward(*cols, seed=2.0)
    np.testing.assert_allclose(np.array(twice), 2 * np.array(ones), rtol=1e-15)
    np.testing.assert_allclose([p.grad for p in params], 2 * np.array(grads), rtol=1e-15)
    with pytest.raises(ValueError, match=r"seed has shape \(3,\); expected \(2,\)"):
        t.backward(*cols, seed=[1.0, 2.0, 3.0])


def test_parameters_are_read_at_each_replay_and_constants_are_written_in():
    x, w = A.Value(1.0, "x"), A.Value(2.0, "w")
    c = A.const(3.0)
    t = A.trace(x * w + c, [x])
    np.testing.assert_allclose(t.forward([1.0, 2.0]), [5.0, 7.0])
    w.data = -1.0  # an optimizer's update
    np.testing.assert_allclose(t.forward([1.0, 2.0]), [2.0, 1.0])
    assert "+ 3.0" in t.source() and t.params == [w]
    t.backward([1.0, 2.0])
    assert w.grad == 3.0 and c.grad == 0.0  # constants get no grad


def test_several_roots():
    x, w = A.Value(0.5, "x"), A.Value(2.0, "w")
    y1 = x * w
    y2 = y1.sin() + w  # a root that reads another root
    t = A.trace([y1, y2], [x])
    cols = [np.array([0.5, -1.0, 2.0])]
    out = t.forward(*cols)
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out[:, 0], cols[0] * 2.0, rtol=1e-15)
    np.testing.assert_allclose(out[:, 1], np.sin(cols[0] * 2.0) + 2.0, rtol=1e-14)
    seed = np.array([[1.0, 2.0], [0.5, -1.0], [3.0, 0.0]])
    (gx,) = t.backward(*cols, seed=seed)
    xs = cols[0]
    dy1, dy2 = 2.0, np.cos(2.0 * xs) * 2.0
    np.testing.assert_allclose(gx, seed[:, 0] * dy1 + seed[:, 1] * dy2, rtol=1e-14)
    want_w = np.sum(seed[:, 0] * xs + seed[:, 1] * (np.cos(2.0 * xs) * xs + 1.0))
    assert w.grad == pytest.approx(want_w, rel=1e-14)
    assert Trace([y1, y2], [x]).forward(0.5) == (y1.data, y2.data)  # the core record takes several roots too


def test_roots_that_are_leaves_or_do_not_vary():
    x, w = A.Value(1.0, "x"), A.Value(2.0, "w")
    t = A.trace([x, w, w * w], [x])
    np.testing.assert_allclose(t.forward([1.0, 5.0]), [[1.0, 2.0, 4.0], [5.0, 2.0, 4.0]])
    (gx,) = t.backward([1.0, 5.0], seed=[[1.0, 1.0, 1.0], [2.0, 1.0, 1.0]])
    np.testing.assert_allclose(gx, [1.0, 2.0])
    assert w.grad == 2.0 + 2 * (2 * 2.0)  # d w / d w summed over 2 samples, then d w^2 / d w = 2 w, twice


def test_a_parameter_only_subgraph_is_computed_once_per_replay():
    x, w = A.Value(1.0, "x"), A.Value(0.5, "w")
    f = x * A.exp(w) + A.log(w)  # exp(w), log(w) do not depend on the samples
    t = A.trace(f, [x])
    cols = [np.array([1.0, 2.0, 3.0])]
    np.testing.assert_allclose(t.forward(*cols), cols[0] * math.exp(0.5) + math.log(0.5), rtol=1e-15)
    t.backward(*cols)
    assert w.grad == pytest.approx(6.0 * math.exp(0.5) + 3 / 0.5, rel=1e-14)


def test_an_input_that_is_not_a_leaf_cuts_the_graph():
    x, w = A.Value(1.0, "x"), A.Value(3.0, "w")
    h = x * w
    f = h * h
    t = A.trace(f, [h])
    np.testing.assert_allclose(t.forward([1.0, 2.0]), [1.0, 4.0])
    np.testing.assert_allclose(t.backward([1.0, 2.0])[0], [2.0, 4.0])
    assert w.grad == 0.0


def test_pow_is_replayed_with_its_array_safe_derivatives():
    x, y = A.Value(0.0, "x"), A.Value(0.0, "y")
    t = A.trace(x**y, [x, y])
    cols = [np.array([0.0, 0.0, 2.0, 1e-310]), np.array([0.0, 2.0, 0.0, 0.0])]
    gx, gy = t.backward(*cols)
    for s in range(4):
        a, b = A.Value(float(cols[0][s])), A.Value(float(cols[1][s]))
        (a**b).backward()
        assert (gx[s], gy[s]) == (a.grad, b.grad)


def test_every_op_has_an_array_forward_that_agrees_with_its_forward():
    for name, op in A.REGISTRY.items():
        if not op.builtin:
            continue
        assert op.array_forward is not None, name
        n = 4 if name == "dot" else op.arity
        grid = np.linspace(0.3, 1.7, 7)
        cols = [grid + 0.1 * i for i in range(n)]
        got = op.array_forward(np, *cols)
        want = [op.forward(*(float(c[s]) for c in cols)) for s in range(len(grid))]
        np.testing.assert_allclose(got, want, rtol=1e-14, err_msg=name)
    with pytest.raises(TypeError, match="array_forward must be callable"):
        OpDef("tape_bad", abs, (lambda F, x, out: 1.0,), ("1",), array_forward=3)
    with pytest.raises(ValueError, match="one callable per derivative"):
        OpDef("tape_bad", abs, (lambda F, x, out: 1.0,), ("1",), array_derivs=())


def test_user_ops_without_array_forms_run_element_by_element(custom_ops):
    x, w = A.Value(0.5, "x"), A.Value(-0.7, "w")
    f = custom_ops["test_swish"](x * w) + custom_ops["test_cube"](x)
    t = A.trace(f, [x])
    src = t.source()
    assert "test_swish(" in src and "x * x * x" in src  # cube's forward is plain arithmetic: written out
    cols = [np.linspace(-2.0, 2.0, 5)]

    def build(vals, ps):
        return custom_ops["test_swish"](vals[0] * ps[0]) + custom_ops["test_cube"](vals[0])

    want_out, want_in, want_p = per_sample(build, cols, [w], np.ones(5))
    np.testing.assert_allclose(t.forward(*cols), want_out, rtol=1e-13)
    np.testing.assert_allclose(t.backward(*cols)[0], want_in[0], rtol=1e-12)
    assert w.grad == pytest.approx(want_p[0], rel=1e-12)


def test_an_op_named_like_no_identifier_and_labels_like_helpers():
    op = A.defop("tape hyp", lambda x: math.hypot(x, 1.0), (lambda F, x, out: x / out,), ("x / out",))
    x = A.Value(0.5, "d_1")  # named like a helper of the generated code
    y = op(x)
    y.label = "op_1"
    t = A.trace(y * A.Value(2.0, "tanh"), [x])  # and a parameter named like an array function
    np.testing.assert_allclose(t.forward([0.0, 0.75]), [2.0, 2.5])
    np.testing.assert_allclose(t.backward([0.0, 0.75])[0], [0.0, 2 * 0.75 / 1.25])
    assert "tanh_" in t.source()


def test_a_derivative_that_branches_on_a_value_is_called_element_by_element():
    def forward(x):
        return x * x if x > 0.0 else -x

    def deriv(F, x, out):
        return 2.0 * x if x > 0.0 else -1.0

    op = A.defop("tape_branchy", forward, (deriv,), ("2x or -1",))
    x = A.Value(1.0, "x")
    t = A.trace(op(x), [x])
    assert "d_" in t.source()
    np.testing.assert_allclose(t.forward([-2.0, 3.0]), [2.0, 9.0])
    np.testing.assert_allclose(t.backward([-2.0, 3.0])[0], [-1.0, 6.0])


def test_non_finite_values_raise():
    x, w = A.Value(1.0, "x"), A.Value(1.0, "w")
    t = A.trace(A.log(x * w), [x])
    with pytest.raises(A.DomainError, match="the root is -inf .* for sample 1"):
        t.forward([1.0, 0.0])
    t2 = A.trace(A.sqrt(x * w), [x])
    with pytest.raises(A.DomainError, match="the gradient of parameter 'w' became nan"):
        t2.backward([1.0, 0.0])  # d sqrt(x w) / dw at x = 0: inf * 0
    assert w.grad == 0.0


def test_anomaly_mode_raises_anomaly_error_before_any_grad_changes():
    x, w = A.Value(1.0, "x"), A.Value(1.0, "w")
    f = A.exp(x * w)
    t = A.trace(f, [x])
    with A.detect_anomaly(), pytest.raises(A.AnomalyError, match="became inf"):
        t.backward([1.0], seed=[1e308])
    assert w.grad == 0.0


def test_check_finds_a_branch_frozen_in_the_trace():
    w = A.Value(1.5, "w")

    def f(x):
        return x * w if x.data > 0 else -x * w  # decided from a value: the trace keeps one branch

    x = A.Value(1.0, "x")
    t = A.trace(f(x), [x])
    t.check([1.0, 2.0, 3.0])  # the recorded ops, rebuilt by the scalar engine: agree
    t.check([1.0, 2.0, 3.0], fn=f)  # the function itself, on these samples: agrees too
    with pytest.raises(TapeMismatchError, match=r"sample 0: the root's value is -1.5 on the tape but 1.5"):
        t.check([-1.0, 2.0, 3.0], fn=f)
    t.check()  # no columns: the inputs' own values
    assert w.grad == 0.0


def test_bad_arguments():
    x = A.Value(1.0, "x")
    f = x * 2.0
    with pytest.raises(TypeError, match="trace expects a Value or a list of Values"):
        trace(3.0, [x])
    with pytest.raises(TypeError, match="root\\[1\\] must be a Value"):
        trace([f, 2.0], [x])
    with pytest.raises(TypeError, match="inputs must be a list"):
        trace(f, x)
    with pytest.raises(ValueError, match="listed twice"):
        trace(f, [x, x])
    t = trace(f, [x])
    with pytest.raises(TypeError, match="takes 1 column"):
        t.forward([1.0], [2.0])
    with pytest.raises(ValueError, match="1-D"):
        t.forward(np.zeros((2, 2)))
    t2 = trace(x * A.Value(2.0), [x, A.Value(3.0)])
    with pytest.raises(ValueError, match="different lengths"):
        t2.forward([1.0, 2.0], [1.0, 2.0, 3.0])


# -- random graphs of every op, against the scalar engine --------------------------------------------


@given(g=strategies.graphs(), data=st.data())
def test_random_graphs_replay_as_the_scalar_engine(g, data):
    n = len(g.inputs)
    k = data.draw(st.integers(1, n), label="inputs fed per sample; the other leaves are parameters")
    batch = data.draw(st.integers(1, 4), label="batch")
    spread = data.draw(st.floats(0.0, 0.05), label="spread")
    rng = np.random.default_rng(k + 7 * batch)
    cols = [x.data + spread * np.concatenate([[0.0], rng.normal(size=batch - 1)]) for x in g.inputs[:k]]
    seed = rng.normal(size=batch)
    params = g.inputs[k:]
    try:
        want_out, want_in, want_p = per_sample(lambda xs, ps: g.fn(*xs, *ps), cols, params, seed)
    except A.DomainError:  # a moved sample left an op's domain
        return
    t = A.trace(g.output, g.inputs[:k])
    np.testing.assert_allclose(t.forward(*cols), want_out, rtol=1e-12, atol=1e-300)
    gin = t.backward(*cols, seed=seed)
    scale = max(1.0, float(np.max(np.abs(want_in), initial=0.0)), float(np.max(np.abs(want_p), initial=0.0)))
    np.testing.assert_allclose(np.array(gin), want_in, rtol=1e-12, atol=1e-14 * scale)
    np.testing.assert_allclose([p.grad for p in params], want_p, rtol=1e-12, atol=1e-14 * scale)


def test_columns_and_seeds_are_read_strictly():
    x = A.Value(1.5, "x")
    w = A.Value(2.0, "w")
    t = trace(x * w, [x])
    with pytest.raises(TypeError, match="tape: column 0 must be real numbers, got bool"):
        t.forward(np.array([True, False]))
    with pytest.raises(TypeError, match="tape: column 0 must be real numbers, got str: '1.5'"):
        t.forward(["1.5"])
    with pytest.raises(TypeError, match=r"tape: column 0\[1\] must be a real number, got bool"):
        t.forward(np.array([1.0, True], dtype=object))
    with pytest.raises(ValueError, match=r"tape: column 0\[0\]: an int of about 5001 digits is too large"):
        t.forward([10**5000])
    with pytest.raises(TypeError, match="tape: column 0 must be real numbers, got complex"):
        t.forward(np.array([1j]))
    assert t.forward([1, 2]).tolist() == [2.0, 4.0]  # ints are numbers
    with pytest.raises(ValueError, match="tape: seed must be finite numbers, got nan at index 1"):
        t.backward(np.ones(2), seed=np.array([1.0, math.nan]))
    with pytest.raises(TypeError, match="tape: seed must be real numbers, got str"):
        t.backward(np.ones(1), seed="a")
    with pytest.raises(TypeError, match="tape: seed must be real numbers, got bool"):
        t.backward(np.ones(1), seed=True)
    assert w.grad == 0.0  # nothing was added by a refused call
    with pytest.raises(TypeError, match="vjp: input_grads must be True or False"):
        t.vjp(np.ones(1), input_grads="no")
    with pytest.raises(TypeError, match="check: samples must be an int"):
        t.check(samples=1.5)
    with pytest.raises(ValueError, match="check: rtol must be >= 0.0"):
        t.check(rtol=-1.0)


def test_a_non_finite_input_gradient_is_an_anomaly():
    tiny = A.Value(1e-320, "tiny")
    overflowing = tiny * 1e300 * 1e300 - tiny * 1e300 * 1e300  # finite data, a NaN gradient
    t = trace(overflowing, [tiny])
    (g,) = t.backward(np.array([1e-320]))
    assert math.isnan(g[0])  # as the scalar backward: a NaN grad, not an error
    with A.detect_anomaly(), pytest.raises(A.AnomalyError, match="input 'tiny' became nan .* sample 0"):
        t.backward(np.array([1e-320]))
