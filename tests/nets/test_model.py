"""Tests for nets.model: labels, article 2's phi order, the matrix view, init and input checks."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

import autograd
from autograd import Value
from nets import ACTIVATIONS, MLP, Layer, Neuron

ARTICLE_NAMES = [
    "w_N11,X1", "w_N11,X2", "w_N11,X3", "b_N11",
    "w_N21,X1", "w_N21,X2", "w_N21,X3", "b_N21",
    "w_N31,X1", "w_N31,X2", "w_N31,X3", "b_N31",
    "w_N12,N11", "w_N12,N21", "w_N12,N31", "b_N12",
    "w_N22,N11", "w_N22,N21", "w_N22,N31", "b_N22",
    "w_N32,N11", "w_N32,N21", "w_N32,N31", "b_N32",
    "w_Y,N12", "w_Y,N22", "w_Y,N32", "b_Y",
]  # fmt: skip

SIGMA = {
    "linear": lambda o: o,
    "relu": lambda o: max(o, 0.0),
    "tanh": math.tanh,
    "sigmoid": lambda o: 1.0 / (1.0 + math.exp(-o)),
}


def by_label(root: Value) -> dict[str, Value]:
    return {v.label: v for v in autograd.topological_order(root) if v.label}


# -- article 2's 3-3-3-1 network -------------------------------------------


def test_28_parameters_in_article_order():
    net = MLP(3, [3, 3, 1])
    params = net.parameters()
    assert len(params) == 28
    assert net.article_names() == ARTICLE_NAMES
    labels = [p.label for p in params]
    assert labels[0] == "L1.N1.w1" and labels[3] == "L1.N1.b"
    assert labels[24:28] == ["L3.N1.w1", "L3.N1.w2", "L3.N1.w3", "L3.N1.b"]
    named = net.named_parameters()
    assert [n for n, _ in named] == labels
    assert len(set(labels)) == 28
    assert all(p is q for (_, p), q in zip(named, params))


def test_phi_order_by_hand_computed_output():
    net = MLP(3, [3, 3, 1], activation="tanh")
    phi = [(i - 13) / 17 for i in range(28)]
    net.set_phi(phi)
    x = [0.5, -1.25, 2.0]
    # independent arithmetic: phi0..phi11 layer 1, phi12..phi23 layer 2, phi24..phi27 output
    h1 = [
        math.tanh(phi[4 * j] * x[0] + phi[4 * j + 1] * x[1] + phi[4 * j + 2] * x[2] + phi[4 * j + 3])
        for j in range(3)
    ]
    h2 = [
        math.tanh(
            phi[12 + 4 * j] * h1[0] + phi[13 + 4 * j] * h1[1] + phi[14 + 4 * j] * h1[2] + phi[15 + 4 * j]
        )
        for j in range(3)
    ]
    y = phi[24] * h2[0] + phi[25] * h2[1] + phi[26] * h2[2] + phi[27]
    out = net(x)
    assert isinstance(out, Value)
    assert out.data == pytest.approx(y, abs=1e-12)
    assert net.phi().tolist() == phi
    # b_Y (phi27) moves the output one for one; w_Y,N32 (phi26) scales a_3^2
    out.backward()
    g = net.phi_grad()
    assert g[27] == 1.0
    assert g[26] == pytest.approx(h2[2], abs=1e-12)
    assert g[3] == pytest.approx(
        sum(phi[24 + m] * (1 - h2[m] ** 2) * phi[12 + 4 * m] for m in range(3)) * (1 - h1[0] ** 2), abs=1e-12
    )


def test_phi_grad_matches_finite_differences():
    net = MLP(3, [3, 3, 1], activation="tanh", seed=3)
    x = [0.3, -0.7, 1.1]
    net(x).backward()
    g = net.phi_grad()
    phi0 = net.phi()
    h = 1e-6
    for i in range(28):
        up, down = phi0.copy(), phi0.copy()
        up[i] += h
        down[i] -= h
        net.set_phi(up)
        fu = net(x).data
        net.set_phi(down)
        fd = net(x).data
        assert g[i] == pytest.approx((fu - fd) / (2 * h), abs=1e-8), ARTICLE_NAMES[i]


def test_graph_nodes_and_labels():
    net = MLP(3, [3, 3, 1])
    out = net([1.0, 2.0, 3.0])
    nodes = by_label(out)
    o = nodes["L1.N2.o"]
    assert o.op == "dot"
    assert [p.label for p in o.parents] == ["L1.N2.w1", "L1.N2.w2", "L1.N2.w3", "X1", "X2", "X3", "L1.N2.b"]
    assert nodes["L1.N2.a"].op == "relu" and nodes["L1.N2.a"].parents == (o,)
    assert [p.label for p in nodes["L2.N1.o"].parents[3:6]] == ["L1.N1.a", "L1.N2.a", "L1.N3.a"]
    assert out.label == "L3.N1.o" and out.op == "dot"  # linear output: a is o
    assert "L3.N1.a" not in nodes
    assert [nodes[f"X{i}"].data for i in (1, 2, 3)] == [1.0, 2.0, 3.0]


def test_unfused_graph_same_values_and_grads():
    fused = MLP(3, [4, 2], activation="tanh", output_activation="sigmoid", seed=5)
    fine = MLP(3, [4, 2], activation="tanh", output_activation="sigmoid", seed=5, fused=False)
    x = [0.2, -0.4, 0.9]
    a, b = fused(x), fine(x)
    assert [v.data for v in a] == pytest.approx([v.data for v in b], abs=1e-12)
    (a[0] + a[1]).backward()
    (b[0] + b[1]).backward()
    assert fine.phi_grad() == pytest.approx(fused.phi_grad(), abs=1e-12)
    nodes = by_label(b[0])
    assert nodes["L1.N1.o"].op == "+"
    ops = {v.op for v in autograd.topological_order(b[0])}
    assert "*" in ops and "dot" not in ops
    assert b[0].label == "L2.N1.a" and b[0].op == "sigmoid"


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_neuron_activations(activation):
    n = Neuron(2, activation, seed=1)
    n.w[0].data, n.w[1].data, n.b.data = 0.5, -1.5, 0.25
    a = n([2.0, 1.0])
    assert a.data == pytest.approx(SIGMA[activation](0.5 * 2.0 - 1.5 * 1.0 + 0.25), abs=1e-15)
    assert a.label == ("L1.N1.o" if activation == "linear" else "L1.N1.a")
    assert [p.label for p in n.parameters()] == ["L1.N1.w1", "L1.N1.w2", "L1.N1.b"]


def test_outputs_value_or_list_and_one_neuron_hidden_layer():
    assert isinstance(MLP(2, [1, 1], seed=0)([1, 2]), Value)
    out = MLP(2, [1, 3], seed=0)([1, 2])
    assert isinstance(out, list) and len(out) == 3
    layer = Layer(2, 1, layer=4)
    res = layer([1.0, 2.0])
    assert isinstance(res, list) and len(res) == 1 and res[0].label == "L4.N1.a"


def test_inputs_given_as_values_are_used_as_is():
    x = [Value(1.0, "u"), Value(2.0, "v")]
    out = MLP(2, [2, 1], seed=0)(x)
    out.backward()
    assert by_label(out)["u"] is x[0]
    assert x[0].grad != 0.0
    with autograd.no_grad():
        assert MLP(2, [2, 1], seed=0)(np.array([1.0, 2.0])).data == pytest.approx(out.data)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        ([1.0, 2.0], "MLP expects 3 inputs, got 2"),
        ([1, 2, 3, 4], "MLP expects 3 inputs, got 4"),
        (1.0, "MLP expects a sequence of 3 inputs, got float"),
        ("abc", "MLP expects a sequence of 3 inputs, got str"),
        (np.zeros((3, 1)), "shape \\(3, 1\\)"),
        ([1, "a", 3], "MLP input X2 must be a number or a Value, got str"),
        ([1, True, 3], "input X2"),
        ([1, 2, float("nan")], "MLP input X3 must be finite"),
    ],
)
def test_bad_inputs(x, message):
    with pytest.raises(ValueError, match=message):
        MLP(3, [3, 3, 1], seed=0)(x)


def test_unknown_names_and_bad_sizes():
    with pytest.raises(ValueError, match="unknown activation 'softmax'; valid names: 'linear', 'relu'"):
        MLP(2, [2], activation="softmax")
    with pytest.raises(ValueError, match="unknown output_activation 'gelu'"):
        MLP(2, [2], output_activation="gelu")
    with pytest.raises(ValueError, match="unknown init 'glorot'; valid names: 'micrograd', 'xavier', 'he'"):
        MLP(2, [2], init="glorot")
    with pytest.raises(ValueError, match="nouts"):
        MLP(2, [])
    with pytest.raises(ValueError, match=r"nouts\[1\] must be an integer >= 1, got 0"):
        MLP(2, [3, 0])
    with pytest.raises(ValueError, match="nin must be an integer >= 1"):
        Neuron(2.5)


# -- init -------------------------------------------------------------------


def test_default_init_is_micrograds_draws_in_phi_order():
    net = MLP(3, [3, 3, 1], seed=42)
    rng = random.Random(42)
    expected = []
    for nin, nout in ((3, 3), (3, 3), (3, 1)):
        for _ in range(nout):
            expected += [rng.uniform(-1, 1) for _ in range(nin)] + [0.0]
    assert net.phi().tolist() == expected
    assert MLP(3, [3, 3, 1], seed=42).phi().tolist() == expected
    assert MLP(3, [3, 3, 1], seed=43).phi().tolist() != expected


@pytest.mark.parametrize(("init", "bound"), [("xavier", math.sqrt(6 / (8 + 4))), ("he", math.sqrt(6 / 8))])
def test_named_inits(init, bound):
    layer = MLP(8, [4], init=init, seed=0).layers[0]
    W, b = layer.weights()
    assert np.all(np.abs(W) <= bound) and np.abs(W).max() > bound / 2
    assert np.all(b == 0.0)


# -- phi and the matrix view ----------------------------------------------


def test_set_phi_checks_and_is_atomic():
    net = MLP(3, [3, 3, 1], seed=0)
    before = net.phi()
    with pytest.raises(ValueError, match=r"expected shape \(28,\).*got \(27,\)"):
        net.set_phi(np.zeros(27))
    bad = np.arange(28.0)
    bad[20] = np.inf
    with pytest.raises(ValueError, match=r"must be finite; found inf at index \(20,\)"):
        net.set_phi(bad)
    with pytest.raises(ValueError, match=r"entry \(0,\) is str 'a'; expected a real number"):
        net.set_phi(["a"] * 28)
    with pytest.raises(
        ValueError, match=r"set_phi: phi: entry \(3,\) is an int of about 401 digits, too large"
    ):
        net.set_phi([0.0] * 3 + [10**400] + [0.0] * 24)
    assert net.phi().tolist() == before.tolist()


@pytest.mark.parametrize(
    ("W", "message"),
    [
        (
            np.array([[1 + 1j, 2.0], [3.0, 4.0]]),
            r"W: entry \(0, 0\) is complex \(1\+1j\); .*imaginary part would be lost",
        ),
        ([[1.0, 2.0], [3.0, 4j]], r"W: entry \(1, 1\) is complex 4j; .*imaginary part would be lost"),
        ([["1.5", "2"], ["3", "4"]], r"W: entry \(0, 0\) is str '1.5'; expected a real number$"),
        ([[True, 1.0], [1.0, 1.0]], r"W: entry \(0, 0\) is bool True; expected a real number$"),
        ([[1.0, 2.0], [3.0, 10**400]], r"W: entry \(1, 1\) is an int of about 401 digits, too large"),
        ([[1.0, 2.0], [3.0]], r"W: expected shape \(2, 2\) \(nout x nin\), got \(2,\)"),
    ],
)
def test_set_weights_refuses_what_is_not_a_real_number_and_changes_nothing(W, message):
    net = MLP(2, [2, 1], seed=0)
    before = net.phi()
    with pytest.raises(ValueError, match=r"^Layer 1.set_weights: " + message):
        net.layers[0].set_weights(W, [0.0, 0.0])
    assert net.phi().tolist() == before.tolist()
    net.layers[0].set_weights([[1, 2], [np.float32(3), np.int64(4)]], np.array([5, 6]))  # ints, numpy numbers
    assert net.layers[0].weights()[0].tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_inputs_too_large_for_a_float_are_named():
    net = MLP(2, [2, 1], seed=0)
    with pytest.raises(
        ValueError, match=r"MLP input X2 is an int of about 401 digits, too large to be a float"
    ):
        net([1, 10**400])


def test_models_pickle_and_deepcopy_with_their_parameters_grads_and_roles():
    import copy
    import pickle

    net = MLP(3, [3, 3, 1], seed=0)
    net([1.0, 2.0, 3.0]).backward()
    for twin in (pickle.loads(pickle.dumps(net)), copy.deepcopy(net)):
        assert twin.phi().tolist() == net.phi().tolist()
        assert twin.phi_grad().tolist() == net.phi_grad().tolist()
        assert [name for name, _ in twin.named_parameters()] == [name for name, _ in net.named_parameters()]
        assert twin.parameters()[5].role == net.parameters()[5].role
        assert twin([1.0, 2.0, 3.0]).data == net([1.0, 2.0, 3.0]).data
        twin.parameters()[0].data = 9.0  # a copy, not a view
        assert net.parameters()[0].data != 9.0


def test_zero_grad():
    net = MLP(2, [2, 1], seed=0)
    net([1.0, -1.0]).backward()
    assert np.any(net.phi_grad() != 0.0)
    net.zero_grad()
    assert np.all(net.phi_grad() == 0.0)


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_matrix_form_equals_scalar_graph(activation):
    net = MLP(4, [5, 3, 2], activation=activation, output_activation="sigmoid", seed=7)
    sig = {
        "linear": lambda o: o,
        "relu": lambda o: np.maximum(o, 0.0),
        "tanh": np.tanh,
        "sigmoid": lambda o: 1.0 / (1.0 + np.exp(-o)),
    }
    x = np.array([0.5, -0.3, 1.2, 0.1])
    a = x
    for k, layer in enumerate(net.layers):
        W, b = layer.weights()
        assert W.shape == (layer.nout, layer.nin) and b.shape == (layer.nout,)
        a = sig["sigmoid" if k == 2 else activation](W @ a + b)
    out = net(x)
    assert [v.data for v in out] == pytest.approx(a.tolist(), abs=1e-12)


def test_weights_index_convention():
    net = MLP(3, [2, 1], seed=1)
    W, b = net.layers[0].weights()
    by_name = dict(net.named_parameters())
    # L{k}.N{j}.w{i} is layers[k-1].weights()[0][j-1, i-1]
    assert by_name["L1.N2.w3"].data == W[1, 2]
    assert by_name["L1.N1.b"].data == b[0]


def test_set_weights_roundtrip_shape_errors_and_atomicity():
    layer = MLP(3, [2, 1], seed=1).layers[0]
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    layer.set_weights(W, [0.5, -0.5])
    W2, b2 = layer.weights()
    assert W2.tolist() == W.tolist() and b2.tolist() == [0.5, -0.5]
    with pytest.raises(ValueError, match=r"W: expected shape \(2, 3\) \(nout x nin\), got \(3, 2\)"):
        layer.set_weights(W.T, [0.0, 0.0])
    with pytest.raises(ValueError, match=r"b: expected shape \(2,\) \(nout,\), got \(3,\)"):
        layer.set_weights(np.zeros((2, 3)), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="must be finite"):
        layer.set_weights(np.zeros((2, 3)), [0.0, float("nan")])
    assert layer.weights()[0].tolist() == W.tolist()  # unchanged by the failed calls


def test_article_names_general_shapes():
    assert MLP(2, [2, 2]).article_names() == [
        "w_N11,X1", "w_N11,X2", "b_N11", "w_N21,X1", "w_N21,X2", "b_N21",
        "w_Y1,N11", "w_Y1,N21", "b_Y1", "w_Y2,N11", "w_Y2,N21", "b_Y2",
    ]  # fmt: skip
    assert MLP(1, [1]).article_names() == ["w_Y,X1", "b_Y"]
    wide = MLP(1, [10, 1]).article_names()
    assert wide[:2] == ["w_N1_1,X1", "b_N1_1"] and wide[-2:] == ["w_Y,N10_1", "b_Y"]
    assert len(set(wide)) == len(wide)


def test_reprs():
    assert repr(MLP(3, [3, 1])).startswith("MLP(3, [3, 1], activation='relu'")
    assert repr(Neuron(2, "tanh")) == "Neuron(L1.N1, nin=2, activation='tanh')"


def test_layer_grads_match_the_weight_layout():
    net = MLP(3, [2, 1], activation="tanh", seed=3)
    out = net([0.5, -1.0, 2.0])
    out.backward()
    for k, layer in enumerate(net.layers, start=1):
        dW, db = layer.grads()
        assert dW.shape == (layer.nout, layer.nin) and db.shape == (layer.nout,)
        named = dict(net.named_parameters())
        for j in range(layer.nout):
            assert db[j] == named[f"L{k}.N{j + 1}.b"].grad
            for i in range(layer.nin):
                assert dW[j, i] == named[f"L{k}.N{j + 1}.w{i + 1}"].grad
    assert np.concatenate([np.column_stack(layer.grads()).ravel() for layer in net.layers]).tolist() == (
        net.phi_grad().tolist()
    )


# -- init="kinks": relu kinks spread over the input range --------------------


def kinks_1d(layer):
    """Where each first-layer relu of a one-input layer switches on: x = -b / w."""
    W, b = layer.weights()
    return -b / W[:, 0]


@pytest.mark.parametrize("n", [1, 3, 6, 12])
def test_kinks_sit_at_the_cell_midpoints_of_the_input_range(n):
    lo, hi = -math.pi, math.pi
    net = MLP(1, [n, 1], init="kinks", input_range=(lo, hi), seed=0)
    expected = [lo + (j - 0.5) * (hi - lo) / n for j in range(1, n + 1)]
    kinks = kinks_1d(net.layers[0])
    assert kinks == pytest.approx(expected, abs=1e-12)
    assert np.all((kinks > lo) & (kinks < hi))
    W = net.layers[0].weights()[0][:, 0]
    # slopes: He's r = sqrt(6) for inputs scaled to [-1, 1], magnitude in [r/2, r], then divided by s = pi
    r, s = math.sqrt(6.0), (hi - lo) / 2
    assert np.all(np.abs(W) >= r / (2 * s) - 1e-15) and np.all(np.abs(W) <= r / s + 1e-15)
    assert np.sign(W).tolist() == [1.0 if j % 2 else -1.0 for j in range(1, n + 1)]  # neighbours face apart


def test_kinks_output_layer_starts_at_zero_so_the_net_starts_as_the_constant_0():
    net = MLP(1, [6, 1], init="kinks", input_range=(-2.0, 3.0), seed=5)
    W, b = net.layers[1].weights()
    assert np.all(W == 0.0) and np.all(b == 0.0)
    assert [net([x]).data for x in (-5.0, -1.0, 0.0, 2.5, 9.0)] == [0.0] * 5
    out = net([1.0])
    out.backward()
    assert np.any(net.layers[1].grads()[0] != 0.0)  # the output weights learn at step 1 ...
    assert not np.any(net.layers[0].grads()[0]) and not np.any(net.layers[0].grads()[1])  # ... the kinks wait


def test_kinks_hidden_layers_after_the_first_are_he_with_zero_biases():
    net = MLP(2, [5, 4, 3], init="kinks", input_range=(0.0, 1.0), seed=1)
    assert [layer.neurons[0].init for layer in net.layers] == ["kinks", "he", "he"]
    W2, b2 = net.layers[1].weights()
    assert np.all(np.abs(W2) <= math.sqrt(6 / 5)) and np.all(b2 == 0.0) and np.any(W2 != 0.0)
    assert np.all(net.layers[2].weights()[0] == 0.0)
    one_layer = MLP(1, [4], init="kinks", input_range=(-1.0, 1.0), seed=0)  # the only layer gets the kinks
    assert kinks_1d(one_layer.layers[0]) == pytest.approx([-0.75, -0.25, 0.25, 0.75], abs=1e-12)


def test_kinks_with_several_inputs_pass_through_points_of_the_box():
    box = [(-1.0, 1.0), (10.0, 20.0), (0.0, 0.5)]
    layer = Layer(3, 4, init="kinks", input_range=box, seed=2)
    W, b = layer.weights()
    for j in range(1, 5):
        c = np.array([lo + (j - 0.5) * (hi - lo) / 4 for lo, hi in box])
        assert W[j - 1] @ c + b[j - 1] == pytest.approx(0.0, abs=1e-12)  # o_j = 0 at c_j: the kink is there
    # each input's slopes are scaled by its half-width, so o has the same size along every input
    r = math.sqrt(6 / 3)
    for i, (lo, hi) in enumerate(box):
        mags = np.abs(W[:, i]) * (hi - lo) / 2
        assert np.all(mags >= r / 2 - 1e-12) and np.all(mags <= r + 1e-12)
    assert np.sign(W[:, 0]).tolist() == [1.0, -1.0, 1.0, -1.0]
    assert layer.input_range == tuple(box)


def test_kinks_are_reproducible_from_the_seed():
    make = lambda seed: MLP(1, [6, 1], init="kinks", input_range=(-3.0, 3.0), seed=seed)
    assert make(7).phi().tolist() == make(7).phi().tolist()
    assert make(7).phi().tolist() != make(8).phi().tolist()
    assert kinks_1d(make(7).layers[0]) == pytest.approx(kinks_1d(make(8).layers[0]), abs=1e-12)
    # the first layer draws nin numbers per neuron, as every init does
    rng = random.Random(7)
    r = math.sqrt(6.0)
    for j, w in enumerate(make(7).layers[0].weights()[0][:, 0], 1):
        v = rng.uniform(-r, r)
        assert w == (1 if j % 2 else -1) * (r + abs(v)) / 6.0
    a, b = (Neuron(2, init="kinks", input_range=(0, 1), seed=3) for _ in range(2))
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]


def test_kinks_input_range_forms():
    as_pair = MLP(2, [3, 1], init="kinks", input_range=(-1, 2), seed=0)
    as_pairs = MLP(2, [3, 1], init="kinks", input_range=[(-1.0, 2.0), (-1.0, 2.0)], seed=0)
    as_array = MLP(2, [3, 1], init="kinks", input_range=np.array([[-1, 2], [-1, 2]]), seed=0)
    assert as_pair.input_range == as_pairs.input_range == as_array.input_range == ((-1.0, 2.0), (-1.0, 2.0))
    assert as_pair.phi().tolist() == as_pairs.phi().tolist() == as_array.phi().tolist()
    assert MLP(2, [3, 1]).input_range is None
    assert "input_range=((-1.0, 2.0), (-1.0, 2.0))" in repr(as_pair)
    assert "input_range" not in repr(MLP(2, [3, 1]))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"init": "kinks"}, r"MLP: init='kinks' needs input_range=\(lo, hi\)"),
        ({"init": "he", "input_range": (0, 1)}, r"input_range is used only by init='kinks', got init='he'"),
        ({"input_range": (0, 1)}, r"used only by init='kinks', got init='micrograd'"),
        ({"init": "kinks", "input_range": (1, 1)}, r"input X1 must have lo < hi, got \(1.0, 1.0\)"),
        ({"init": "kinks", "input_range": (2, -2)}, r"must have lo < hi, got \(2.0, -2.0\)"),
        ({"init": "kinks", "input_range": (0, math.inf)}, r"input X1 must be finite, got inf"),
        ({"init": "kinks", "input_range": (0, math.nan)}, r"must be finite, got nan"),
        ({"init": "kinks", "input_range": (0, True)}, r"must be two real numbers, got bool"),
        ({"init": "kinks", "input_range": ("0", "1")}, r"must be two real numbers, got str"),
        ({"init": "kinks", "input_range": (0, 10**400)}, r"too large to be a float"),
        ({"init": "kinks", "input_range": "01"}, r"input_range must be \(lo, hi\) or a sequence of 2"),
        ({"init": "kinks", "input_range": 3.0}, r"input_range must be .*got float: 3.0"),
        ({"init": "kinks", "input_range": (0, 1, 2)}, r"sequence of 2 \(lo, hi\) pairs, got \(0, 1, 2\)"),
        ({"init": "kinks", "input_range": [(0, 1)] * 3}, r"sequence of 2 \(lo, hi\) pairs"),
        ({"init": "kinks", "input_range": [(0, 1), (0, 1, 2)]}, r"input X2 must be a pair \(lo, hi\)"),
        ({"init": "kinks", "input_range": [(0, 1), (3, 2)]}, r"input X2 must have lo < hi"),
    ],
)
def test_kinks_errors_name_the_problem(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MLP(2, [3, 1], **kwargs)


def test_kinks_errors_from_layer_and_neuron():
    with pytest.raises(ValueError, match=r"Layer: init='kinks' needs input_range"):
        Layer(1, 3, init="kinks")
    with pytest.raises(ValueError, match=r"Neuron: input_range is used only by init='kinks'"):
        Neuron(1, init="xavier", input_range=(0, 1))
    with pytest.raises(ValueError, match=r"unknown init 'kink'; valid names: .*'kinks'"):
        MLP(1, [3, 1], init="kink", input_range=(0, 1))


# -- sizes, flags, seeds and roles are checked before anything is made ------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MLP(10**5000, [1]), "MLP nin must be at most 1,000,000, got an int of about 5001 digits"),
        (lambda: MLP(-(10**5000), [1]), "MLP nin must be an integer >= 1, got an int of about 5001 digits"),
        (lambda: MLP(2, [3, 10**7]), r"MLP nouts\[1\] must be at most 1,000,000"),
        (lambda: MLP(10**6, [10**6]), "MLP would have 1,000,001,000,000 parameters; at most 10,000,000"),
        (lambda: Layer(2, 10**100), "Layer nout must be at most 1,000,000"),
        (lambda: Layer(10**4, 10**4), r"Layer\(10000, 10000\) would have 100,010,000 parameters"),
        (lambda: Neuron(10**7), "Neuron nin must be at most 1,000,000"),
    ],
)
def test_sizes_beyond_any_real_model_are_refused_at_once(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MLP(2, [1], fused="no"), "MLP: fused must be True or False, got str: 'no'"),
        (lambda: MLP(2, [1], fused=None), "MLP: fused must be True or False, got NoneType"),
        (lambda: Layer(2, 2, fused=1), "Layer: fused must be True or False, got int: 1"),
        (lambda: Neuron(2, fused="yes"), "Neuron: fused must be True or False"),
        (lambda: MLP(2, [1], seed=[1, 2]), r"MLP: seed must be None or an int >= 0, got list: \[1, 2\]"),
        (lambda: MLP(2, [1], seed=math.nan), "MLP: seed must be None or an int >= 0, got float: nan"),
        (lambda: MLP(2, [1], seed=True), "MLP: seed must be None or an int >= 0, got bool"),
        (lambda: Layer(2, 2, seed="a"), "Layer: seed must be None or an int >= 0, got str"),
        (lambda: Neuron(2, rng=5), r"Neuron: rng must be a random.Random \(or None: use seed\), got int: 5"),
        (lambda: Layer(2, 2, rng="r"), "Layer: rng must be a random.Random"),
    ],
)
def test_flags_seeds_and_generators_of_the_wrong_type_are_type_errors(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_a_negative_seed_is_a_value_error_and_numpy_ints_are_seeds():
    with pytest.raises(ValueError, match="MLP: seed must be None or an int >= 0, got -1"):
        MLP(2, [1], seed=-1)
    a, b = MLP(2, [2, 1], seed=np.int64(3)), MLP(2, [2, 1], seed=3)
    assert a.seed == 3 and type(a.seed) is int
    assert a.phi().tolist() == b.phi().tolist()
    assert Neuron(2, rng=random).nin == 2  # the random module draws like a random.Random


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("1", 1, "w", 1), TypeError, "Role: layer must be an int, got str: '1'"),
        ((True, 1, "w", 1), TypeError, "Role: layer must be an int, got bool: True"),
        ((0, 1, "w", 1), ValueError, "Role: layer must be >= 1, got 0"),
        ((10**5000, 1, "w", 1), ValueError, "Role: layer must be <= 1,000,000, got an int of about 5001"),
        ((1, 0, "o"), ValueError, "Role: neuron must be >= 1, got 0"),
        ((1, 1, "w"), ValueError, r"Role: index \(the weight's input\) must be >= 1, got 0"),
        ((1, 1, "b", 2), ValueError, r"Role: index \(only a weight has one, not kind 'b'\) must be <= 0"),
        ((1, 1, 5), ValueError, "Role kind must be 'w', 'b', 'o' or 'a', got 5"),
    ],
)
def test_role_checks_its_numbers(args, error, message):
    from nets import Role

    with pytest.raises(error, match=message):
        Role(*args)


def test_roles_made_by_a_model_are_unchanged():
    from nets import Role

    net = MLP(2, [2, 1], seed=0)
    assert net.layers[1].neurons[0].w[1].role == Role(2, 1, "w", 2)
    assert Role(np.int64(2), 1, "w", 2).label == "L2.N1.w2"
