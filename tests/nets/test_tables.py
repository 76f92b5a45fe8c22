"""Tests of nets.tables: article 1's delta table and article 2's parameter table.

The deltas are checked against article 1's recursion written here in numpy on
top of ``nets.reference.forward`` (independent of the scalar engine), the
gradients against ``nets.reference.gradients`` and central finite differences.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
import nets
from nets import reference
from nets.model import Role
from nets.tables import DeltaTable, ParameterTable, delta_table, parameter_table

CASES = [
    # (nin, nouts, hidden activation, output activation, loss, x, y, seed)
    (3, [4, 3, 1], "tanh", "sigmoid", "half_mse", [0.5, -1.0, 2.0], 1.0, 7),
    (2, [3, 2], "sigmoid", "linear", "mse", [0.3, -0.7], [0.25, -1.5], 3),
    (3, [3, 3, 1], "relu", "linear", "sse", [1.5, -0.5, 0.8], -0.4, 6),  # every |o| > 0.04: no kink
    (2, [5, 4, 3], "tanh", "tanh", "half_mse", [-0.9, 0.4], [0.1, -0.2, 0.6], 1),
]
PARAMS = "nin, nouts, act, out_act, loss, x, y, seed"
LOSSES = {"half_mse": nets.half_mse, "mse": nets.mse, "sse": nets.sse}


def _model(nin, nouts, act, out_act, seed=7, fused=True):
    return nets.MLP(nin, nouts, activation=act, output_activation=out_act, seed=seed, fused=fused)


def _reference_deltas(model, x, y, loss):
    """Article 1's deltas for one sample: output (dE/da) sigma'(o), hidden sigma'(o) * (W^T delta)."""
    weights, acts = reference.from_model(model)
    o, a = reference.forward(weights, acts, np.array([x], dtype=float))
    r = a[-1][0] - np.atleast_1d(np.asarray(y, dtype=float))
    _, dE_da = reference.LOSSES[loss]
    L = len(weights)
    deltas = {L: dE_da(r[None, :], 1, r.size)[0] * reference.ACTIVATIONS[acts[-1]][1](o[L][0], a[L][0])}
    for k in range(L - 1, 0, -1):
        W_next = weights[k][0]
        deltas[k] = reference.ACTIVATIONS[acts[k - 1]][1](o[k][0], a[k][0]) * (W_next.T @ deltas[k + 1])
    return o, a, deltas


@pytest.mark.parametrize(PARAMS, CASES)
def test_delta_table_matches_article_1_recursion(nin, nouts, act, out_act, loss, x, y, seed):
    model = _model(nin, nouts, act, out_act, seed)
    table = delta_table(model, x, y, loss=LOSSES[loss])
    o, a, deltas = _reference_deltas(model, x, y, loss)
    assert [(r.layer, r.neuron) for r in table.rows] == [
        (k, j) for k, width in enumerate(nouts, 1) for j in range(1, width + 1)
    ]
    for r in table.rows:
        k, j = r.layer, r.neuron - 1
        assert r.label == f"L{k}.N{j + 1}"
        assert r.o == pytest.approx(o[k][0, j], abs=1e-12)
        assert r.a == pytest.approx(a[k][0, j], abs=1e-12)
        assert r.delta == pytest.approx(deltas[k][j], abs=1e-12)
        assert r.delta == r.dsigma * r.grad_a  # the chain rule through a = sigma(o), exactly
    # E and every gradient agree with the reference backprop
    E_ref, grads = reference.gradients(*reference.from_model(model), np.array([x]), np.array([y]), loss=loss)
    assert table.E == pytest.approx(E_ref, abs=1e-12)
    flat = np.concatenate([np.column_stack([dW, db]).ravel() for dW, db in grads])
    assert np.allclose([c.grad for c in table.checks], flat, rtol=0, atol=1e-12)


@pytest.mark.parametrize(PARAMS, CASES)
def test_weight_gradient_is_delta_times_previous_activation(nin, nouts, act, out_act, loss, x, y, seed):
    model = _model(nin, nouts, act, out_act, seed)
    table = delta_table(model, x, y, loss=LOSSES[loss])
    assert len(table.checks) == len(model.parameters())
    assert table.max_abs_diff <= 1e-12
    a_prev = {0: list(map(float, x))}
    for r in table.rows:
        a_prev.setdefault(r.layer, []).append(r.a)
    delta = {(r.layer, r.neuron): r.delta for r in table.rows}
    labels = [label for label, _ in model.named_parameters()]
    assert [c.label for c in table.checks] == labels
    assert [c.name for c in table.checks] == model.article_names()
    for c in table.checks:
        k, j, what = c.label.split(".")
        k, j = int(k[1:]), int(j[1:])
        expected_a = 1.0 if what == "b" else a_prev[k - 1][int(what[1:]) - 1]
        assert c.a_in == expected_a and c.delta == delta[k, j]
        assert abs(c.grad - c.delta * c.a_in) <= 1e-12
        assert c.diff == abs(c.grad - c.product)


def test_unfused_neurons_give_the_same_table():
    x, y = [0.2, -0.6, 1.1], 0.5
    fused = delta_table(_model(3, [3, 2, 1], "tanh", "sigmoid"), x, y)
    unfused = delta_table(_model(3, [3, 2, 1], "tanh", "sigmoid", fused=False), x, y)
    for r, s in zip(fused.rows, unfused.rows):
        assert (r.label, r.name) == (s.label, s.name)
        assert np.allclose([r.o, r.a, r.dsigma, r.delta], [s.o, s.a, s.dsigma, s.delta], rtol=0, atol=1e-12)
    assert unfused.max_abs_diff <= 1e-12


def test_tables_leave_grads_and_data_as_they_were():
    model = _model(3, [3, 3, 1], "tanh", "tanh")
    for i, p in enumerate(model.parameters()):
        p.grad = 0.1 * i - 1.0
    grads, phi = model.phi_grad().copy(), model.phi().copy()
    delta_table(model, [0.5, -1.0, 2.0], 1.0)
    parameter_table(model, [0.5, -1.0, 2.0], 1.0)
    assert np.array_equal(model.phi_grad(), grads)
    assert np.array_equal(model.phi(), phi)  # bitwise: every perturbation undone exactly


def test_delta_table_text_and_html():
    model = _model(2, [2, 1], "tanh", "linear")
    table = delta_table(model, [0.5, -0.25], 0.75)
    assert isinstance(table, DeltaTable)
    text = str(table)
    lines = text.splitlines()
    assert "delta = dE/do" in lines[1] and "sigma'(o)" in lines[1]
    neuron_lines = [ln for ln in lines if ln.split()[:1] in (["1"], ["2"])]
    assert len(neuron_lines) == 3
    assert {ln.split()[2] for ln in neuron_lines} == {"N11", "N21", "Y"}
    for r, ln in zip(table.rows, neuron_lines):
        assert ln.split()[-1] == format(r.delta, ".6g")
    assert sum(ln.startswith("phi") for ln in lines) == 1 + len(model.parameters())  # header + rows
    page = table._repr_html_()
    assert page.count("<table>") == 2 and page.count("<tr>") == 1 + 3 + 1 + 9
    assert "w_Y,N21" in page and "sigma&#x27;(o)" in page  # escaped


def test_parameter_table_is_article_2s_28_rows():
    model = nets.MLP(3, [3, 3, 1], activation="tanh", output_activation="tanh", seed=0)
    table = parameter_table(model, [0.5, -1.0, 2.0], 1.0)
    assert isinstance(table, ParameterTable) and len(table.rows) == 28
    expected = []
    for k, (targets, sources) in enumerate([
        (["N11", "N21", "N31"], ["X1", "X2", "X3"]),
        (["N12", "N22", "N32"], ["N11", "N21", "N31"]),
        (["Y"], ["N12", "N22", "N32"]),
    ]):
        for j, t in enumerate(targets, 1):
            expected += [(f"w_{t},{s}", f"L{k + 1}.N{j}.w{i}") for i, s in enumerate(sources, 1)]
            expected.append((f"b_{t}", f"L{k + 1}.N{j}.b"))
    assert [(r.name, r.label) for r in table.rows] == expected
    assert [r.phi for r in table.rows] == list(range(28))
    assert table.rows[0].name == "w_N11,X1" and table.rows[3].name == "b_N11" and table.rows[27].name == "b_Y"
    assert [r.value for r in table.rows] == model.phi().tolist()
    text = str(table).splitlines()
    assert len(text) == 3 + 28 and text[3].split()[:3] == ["phi0", "w_N11,X1", "L1.N1.w1"]
    assert "phi27" in text[-1] and "b_Y" in text[-1]
    assert table._repr_html_().count("<tr>") == 29


@pytest.mark.parametrize(PARAMS, CASES)
def test_parameter_table_gradients_match_finite_differences(nin, nouts, act, out_act, loss, x, y, seed):
    model = _model(nin, nouts, act, out_act, seed)
    table = parameter_table(model, x, y, loss=LOSSES[loss])
    assert min(abs(r.o) for r in delta_table(model, x, y).rows) > 1e-3  # away from relu's kink
    grad = np.array([r.grad for r in table.rows])
    numeric = np.array([r.numeric for r in table.rows])
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
    assert table.max_abs_diff == max(r.diff for r in table.rows) < 1e-6
    _, grads = reference.gradients(*reference.from_model(model), np.array([x]), np.array([y]), loss=loss)
    flat = np.concatenate([np.column_stack([dW, db]).ravel() for dW, db in grads])
    np.testing.assert_allclose(grad, flat, rtol=0, atol=1e-12)


def test_parameter_table_eps_and_custom_loss():
    model = _model(2, [3, 2], "tanh", "linear", seed=5)
    table = parameter_table(model, [0.4, -0.1], 1, loss=nets.cross_entropy, eps=1e-5)
    assert table.eps == 1e-5 and table.max_abs_diff < 1e-7
    for bad, error, match in [
        (0, ValueError, "must be > 0.0, got 0.0"),
        (-1e-6, ValueError, "must be > 0.0, got -1e-06"),
        (float("nan"), ValueError, "must be a finite number, got nan"),
        (float("inf"), ValueError, "must be a finite number, got inf"),
        (10**5000, ValueError, "an int of about 5001 digits is too large to be a float"),
        ("1e-6", TypeError, "must be a real number, got str: '1e-6'"),
        (True, TypeError, "must be a real number, got bool: True"),
    ]:
        with pytest.raises(error, match=f"^parameter_table: eps:? {match}"):
            parameter_table(model, [0.4, -0.1], 1, loss=nets.cross_entropy, eps=bad)


def test_parameter_table_eps_so_large_the_loss_overflows_is_named():
    model = _model(2, [3, 1], "tanh", "linear", seed=5)
    before = [(p.data, p.grad) for p in model.parameters()]
    with pytest.raises(autograd.DomainError, match=r"^parameter_table: eps = 1e\+300 is too large: the loss"):
        parameter_table(model, [0.4, -0.1], 1.0, eps=1e300)
    assert [(p.data, p.grad) for p in model.parameters()] == before


def test_bad_input_gives_clear_errors():
    model = _model(3, [3, 1], "tanh", "linear")
    with pytest.raises(TypeError, match="expects a nets.MLP"):
        delta_table([model], [1, 2, 3], 0.0)
    with pytest.raises(TypeError, match="expects a nets.MLP"):
        parameter_table("model", [1, 2, 3], 0.0)
    with pytest.raises(ValueError, match="MLP expects 3 inputs, got 2"):
        delta_table(model, [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match="half_mse: targets must have shape"):
        delta_table(model, [1.0, 2.0, 3.0], [0.0, 1.0])
    with pytest.raises(TypeError, match="loss must return a Value"):
        delta_table(model, [1.0, 2.0, 3.0], 0.0, loss=lambda p, t: 0.0)
    with pytest.raises(TypeError, match="loss must be a function"):
        parameter_table(model, [1.0, 2.0, 3.0], 0.0, loss="mse")
    before = delta_table(model, [1.0, 2.0, 3.0], 0.0)
    neuron = model.layers[0].neurons[1]
    neuron.name = "hidden"  # tables read roles, not names or labels:
    neuron.w[0].label = "my weight"  # renaming and relabelling change nothing
    again = delta_table(model, [1.0, 2.0, 3.0], 0.0)
    assert again.rows == before.rows and again.checks[4:] == before.checks[4:]
    assert again.checks[4].label == "L1.N2.w1" and again.checks[4].grad == before.checks[4].grad
    neuron._roles = (Role(7, 7, "o"), Role(7, 7, "a"))  # a forward that does not give L1.N2.o its role
    with pytest.raises(ValueError, match=r"no node with the role L1\.N2\.o"):
        delta_table(model, [1.0, 2.0, 3.0], 0.0)
