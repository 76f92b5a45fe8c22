"""Tests for nets.reference: article 1's formulas against finite differences and against the scalar engine."""

import itertools
import warnings
import zlib

import numpy as np
import pytest

from nets import losses, reference
from nets.model import MLP

ACTS = list(reference.ACTIVATIONS)
LOSSES = list(reference.LOSSES)
SHAPES = [(1, [1]), (2, [1, 1]), (3, [4, 2]), (2, [5, 3, 1]), (4, [3, 3])]


def random_network(rng, nin, nouts, acts):
    sizes = [nin, *nouts]
    weights = [(rng.normal(size=(b, a)), rng.normal(size=b)) for a, b in zip(sizes, sizes[1:])]
    return weights, list(acts)


def central_differences(weights, acts, X, Y, loss, h=1e-6):
    grads = []
    for W, b in weights:
        gs = []
        for P in (W, b):
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                keep = P[idx]
                P[idx] = keep + h
                up = reference.loss(weights, acts, X, Y, loss)
                P[idx] = keep - h
                down = reference.loss(weights, acts, X, Y, loss)
                P[idx] = keep
                G[idx] = (up - down) / (2 * h)
            gs.append(G)
        grads.append(tuple(gs))
    return grads


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("hidden, output", list(itertools.product(ACTS, ACTS)))
@pytest.mark.parametrize("loss", LOSSES)
def test_gradients_match_central_differences(shape, hidden, output, loss):
    rng = np.random.default_rng(zlib.crc32(f"{shape}{hidden}{output}{loss}".encode()))
    nin, nouts = shape
    acts = [hidden] * (len(nouts) - 1) + [output]
    weights, acts = random_network(rng, nin, nouts, acts)
    X = rng.normal(size=(5, nin))
    Y = rng.normal(size=(5, nouts[-1]))
    E, grads = reference.gradients(weights, acts, X, Y, loss)
    assert E == pytest.approx(reference.loss(weights, acts, X, Y, loss), rel=1e-15)
    numeric = central_differences(weights, acts, X, Y, loss)
    for k, ((dW, db), (nW, nb), (W, b)) in enumerate(zip(grads, numeric, weights), start=1):
        assert dW.shape == W.shape and db.shape == b.shape
        np.testing.assert_allclose(dW, nW, rtol=1e-5, atol=1e-7, err_msg=f"dE/dW^({k})")
        np.testing.assert_allclose(db, nb, rtol=1e-5, atol=1e-7, err_msg=f"dE/db^({k})")


def test_forward_matches_column_form_one_sample_at_a_time():
    rng = np.random.default_rng(0)
    weights, acts = random_network(rng, 3, [4, 2], ["tanh", "sigmoid"])
    X = rng.normal(size=(6, 3))
    o, a = reference.forward(weights, acts, X)
    assert len(o) == len(a) == 3 and a[0] is o[0]
    for s in range(6):
        a_col = X[s].reshape(3, 1)  # a^(0) as a column vector
        for k, ((W, b), act) in enumerate(zip(weights, acts), start=1):
            o_col = W @ a_col + b.reshape(-1, 1)
            a_col = reference.ACTIVATIONS[act][0](o_col)
            np.testing.assert_allclose(o[k][s], o_col[:, 0], rtol=1e-14)
            np.testing.assert_allclose(a[k][s], a_col[:, 0], rtol=1e-14)


def test_loss_values():
    rng = np.random.default_rng(1)
    weights, acts = random_network(rng, 2, [3, 2], ["relu", "linear"])
    X, Y = rng.normal(size=(7, 2)), rng.normal(size=(7, 2))
    r = reference.forward(weights, acts, X)[1][-1] - Y
    assert reference.loss(weights, acts, X, Y, "sse") == pytest.approx(np.sum(r**2), rel=1e-14)
    assert reference.loss(weights, acts, X, Y, "mse") == pytest.approx(np.sum(r**2) / 14, rel=1e-14)
    assert reference.loss(weights, acts, X, Y, "half_mse") == pytest.approx(np.sum(r**2) / 14, rel=1e-14)
    weights, acts = random_network(rng, 2, [3, 1], ["relu", "linear"])
    y = rng.normal(size=7)  # one output: targets may be (n,)
    assert reference.loss(weights, acts, X, y, "half_mse") == pytest.approx(
        reference.loss(weights, acts, X, y.reshape(7, 1), "half_mse"), rel=1e-15
    )


def test_output_delta_formulas():
    """With one linear layer, dE/db is the sum over the batch of the output delta itself."""
    rng = np.random.default_rng(2)
    n, m = 6, 3
    weights, acts = random_network(rng, 2, [m], ["sigmoid"])
    X, Y = rng.normal(size=(n, 2)), rng.normal(size=(n, m))
    o, a = reference.forward(weights, acts, X)
    ds = a[1] * (1 - a[1])
    expected = {
        "half_mse": (a[1] - Y) * ds / n,
        "mse": 2 * (a[1] - Y) * ds / (n * m),
        "sse": 2 * (a[1] - Y) * ds,
    }
    for loss, delta in expected.items():
        _, [(dW, db)] = reference.gradients(weights, acts, X, Y, loss)
        np.testing.assert_allclose(db, delta.sum(axis=0), rtol=1e-13)
        np.testing.assert_allclose(dW, delta.T @ X, rtol=1e-13)


def test_activation_formulas():
    x = np.linspace(-3, 3, 13)
    sigma = {name: f for name, (f, _) in reference.ACTIVATIONS.items()}
    # tanh = (e^x - e^-x) / (e^x + e^-x): article 1 prints the reciprocal (coth), which is wrong
    tanh = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    np.testing.assert_allclose(sigma["tanh"](x), tanh, rtol=1e-14)
    np.testing.assert_allclose(sigma["sigmoid"](x), 1 / (1 + np.exp(-x)), rtol=1e-14)
    np.testing.assert_array_equal(sigma["relu"](x), np.maximum(x, 0))
    np.testing.assert_array_equal(sigma["linear"](x), x)
    # derivatives against central differences (away from relu's kink)
    xs = np.array([-2.5, -0.7, 0.3, 1.9])
    for name, (f, df) in reference.ACTIVATIONS.items():
        numeric = (f(xs + 1e-6) - f(xs - 1e-6)) / 2e-6
        np.testing.assert_allclose(df(xs, f(xs)), numeric, rtol=1e-8, err_msg=name)
    # relu'(0) is 0
    assert reference.ACTIVATIONS["relu"][1](np.zeros(1), np.zeros(1))[0] == 0.0
    # sigmoid is stable for huge inputs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sigma["sigmoid"](np.array([-1000.0, 1000.0])), [0.0, 1.0])


F, G = reference.forward, reference.gradients
RL = ["relu", "linear"]


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda w, X, Y: F([], [], X), "weights is empty"),
        (lambda w, X, Y: F(w, ["relu"], X), "2 \\(W, b\\) pairs but 1 activations"),
        (lambda w, X, Y: F(w, ["relu", "softmax"], X), "layer 2 activation 'softmax' unknown"),
        (lambda w, X, Y: F(w, RL, X[:, :2]), "X has shape \\(4, 2\\); expected \\(n, 3\\)"),
        (lambda w, X, Y: F([w[1]], ["relu"], X), "X has shape \\(4, 3\\); expected \\(n, 2\\)"),
        (lambda w, X, Y: F([w[0], w[0]], RL, X), "layer 2 W has 3 inputs but layer 1 has 2 outputs"),
        (lambda w, X, Y: F([(w[0][0], w[1][1])], ["relu"], X), "expected W \\(nout, nin\\)"),
        (lambda w, X, Y: G(w, RL, X, Y[:3]), "Y has shape \\(3,\\); expected \\(4, 1\\) or \\(4,\\)"),
        (lambda w, X, Y: G(w, RL, X, Y, "hinge"), "loss 'hinge' unknown"),
    ],
)
def test_bad_input(call, match):
    rng = np.random.default_rng(3)
    weights, _ = random_network(rng, 3, [2, 1], ["relu", "linear"])
    with pytest.raises(ValueError, match=match):
        call(weights, rng.normal(size=(4, 3)), rng.normal(size=4))


ENGINE_SHAPES = [(2, [1]), (3, [1, 2]), (2, [4, 3]), (3, [3, 2, 1])]


def random_mlp(rng, nin, nouts, hidden, output):
    model = MLP(nin, nouts, activation=hidden, output_activation=output, seed=int(rng.integers(2**31)))
    weights, _ = random_network(rng, nin, nouts, [hidden] * len(nouts))
    reference.to_model(model, weights)
    return model


def relative_error(a, b):
    return np.max(np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300))


@pytest.mark.parametrize("shape", ENGINE_SHAPES, ids=str)
@pytest.mark.parametrize("hidden, output", list(itertools.product(ACTS, ACTS)))
@pytest.mark.parametrize("loss", LOSSES)
def test_engine_gradients_equal_reference(shape, hidden, output, loss):
    rng = np.random.default_rng(zlib.crc32(f"engine{shape}{hidden}{output}{loss}".encode()))
    nin, nouts = shape
    model = random_mlp(rng, nin, nouts, hidden, output)
    X = rng.normal(size=(4, nin))
    Y = rng.normal(size=(4, nouts[-1])) if nouts[-1] > 1 else rng.normal(size=4)
    E = getattr(losses, loss)([model(list(x)) for x in X], Y)
    model.zero_grad()
    E.backward()
    weights, acts = reference.from_model(model)
    assert acts == [hidden] * (len(nouts) - 1) + [output]
    E_ref, grads = reference.gradients(weights, acts, X, Y, loss)
    assert relative_error(np.array([E.data]), np.array([E_ref])) < 1e-10
    # phi order: layer by layer, neuron by neuron, weights then bias = rows of [W | b]
    flat = np.concatenate([np.column_stack([dW, db]).ravel() for dW, db in grads])
    engine = model.phi_grad()
    assert engine.shape == flat.shape
    assert relative_error(engine, flat) < 1e-10, np.column_stack([engine, flat])


def test_from_model_to_model_and_predict():
    rng = np.random.default_rng(5)
    model = random_mlp(rng, 2, [3, 2], "tanh", "sigmoid")
    weights, acts = reference.from_model(model)
    assert acts == ["tanh", "sigmoid"]
    assert [W.shape for W, _ in weights] == [(3, 2), (2, 3)]
    phi = np.concatenate([np.column_stack([W, b]).ravel() for W, b in weights])
    np.testing.assert_array_equal(phi, model.phi())
    X = rng.normal(size=(9, 2))
    out = reference.predict(model, X)
    assert out.shape == (9, 2)
    expected = np.array([[v.data for v in model(list(x))] for x in X])
    np.testing.assert_allclose(out, expected, rtol=1e-12)
    # writing through to_model changes what the engine computes
    new = [(W + 1.0, b - 0.5) for W, b in weights]
    reference.to_model(model, new)
    np.testing.assert_array_equal(reference.from_model(model)[0][1][0], new[1][0])
    single = random_mlp(rng, 2, [4, 1], "relu", "linear")
    out1 = reference.predict(single, X)
    assert out1.shape == (9,)
    np.testing.assert_allclose(out1, [single(list(x)).data for x in X], rtol=1e-12)
    with pytest.raises(ValueError, match="1 \\(W, b\\) pairs for a model with 2 layers"):
        reference.to_model(model, new[:1])


NAN, INF = float("nan"), float("inf")
W1 = [(np.ones((1, 2)), np.zeros(1))]  # one linear layer: o = x1 + x2


@pytest.mark.parametrize(
    "call, error, match",
    [
        (
            lambda: F(5, ["relu"], [[1.0, 2.0]]),
            TypeError,
            r"^reference: weights must be a list of \(W, b\) pairs",
        ),
        (
            lambda: F([np.ones((1, 2))], ["relu"], [[1.0, 2.0]]),
            TypeError,
            r"weights\[0\] \(layer 1\) must be a",
        ),
        (lambda: F(W1, "linear", [[1.0, 2.0]]), TypeError, "^reference: activations must be a list of names"),
        (lambda: F(W1, [None], [[1.0, 2.0]]), TypeError, "^reference: layer 1 activation must be a name"),
        (lambda: F(W1, ["linear"], "ab"), ValueError, "^reference: X must be numbers, got str: 'ab'$"),
        (
            lambda: F(W1, ["linear"], [["1", 1.0]]),
            ValueError,
            r"^reference: X\[0\]\[0\] must be a number, got str",
        ),
        (
            lambda: F(W1, ["linear"], [[True, 1.0]]),
            ValueError,
            r"^reference: X\[0\]\[0\] must be a number, got bool",
        ),
        (
            lambda: F(W1, ["linear"], [[NAN, 1.0]]),
            ValueError,
            r"^reference: X\[0\]\[0\] must be finite, got nan$",
        ),
        (
            lambda: F(W1, ["linear"], [[10**5000, 1.0]]),
            ValueError,
            r"^reference: X\[0\]\[0\]: an int of about 5001",
        ),
        (
            lambda: F([(np.full((1, 2), NAN), [0.0])], ["linear"], [[1.0, 2.0]]),
            ValueError,
            r"^reference: layer 1 W\[0\]\[0\] must be finite, got nan$",
        ),
        (
            lambda: F([(np.ones((1, 2)), [INF])], ["linear"], [[1.0, 2.0]]),
            ValueError,
            r"^reference: layer 1 b\[0\] must be finite, got inf$",
        ),
        (
            lambda: F([(np.full((1, 2), 1e200), [0.0])], ["linear"], [[1e200, 1.0]]),
            ValueError,
            r"^reference: layer 1's o is not finite \(inf\): the weights or inputs are too large for floats$",
        ),
        (
            lambda: reference.loss(W1, ["linear"], [[1.0, 2.0]], [NAN]),
            ValueError,
            r"^reference: Y\[0\] must be finite, got nan$",
        ),
        (
            lambda: reference.loss(W1, ["linear"], [[1.0, 2.0]], [True]),
            ValueError,
            r"^reference: Y\[0\] must be a number, got bool: True \(bools",
        ),
        (
            lambda: reference.loss(W1, ["linear"], np.zeros((0, 2)), []),
            ValueError,
            "^reference: X has no rows",
        ),
        (
            lambda: reference.loss(W1, ["linear"], [[1e308, 0.0]], [-1e308]),
            ValueError,
            r"^reference: the residual a - Y is not finite \(inf\)",
        ),
        (
            lambda: reference.loss(W1, ["linear"], [[1e200, 0.0]], [0.0]),
            ValueError,
            r"^reference: the loss is not finite \(inf\)",
        ),
        (
            lambda: G([(np.array([[1e-200, 0.0]]), [0.0])], ["linear"], [[1e200, 0.0]], [-1e150], "sse"),
            ValueError,
            r"^reference: the gradient of layer 1's W is not finite \(inf\)",
        ),
        (
            lambda: G(W1, ["linear"], [[1.0, 2.0]], [0.0], loss=5),
            TypeError,
            "^reference: loss must be a name",
        ),
    ],
)
def test_bad_values_are_refused_not_returned(call, error, match):
    """No NaN or inf comes out: bad inputs and overflowing results raise, without numpy warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error, match=match):
            call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda m: reference.from_model(5), r"^reference.from_model: model must be an MLP .*, got int: 5$"),
        (lambda m: reference.to_model(5, []), r"^reference.to_model: model must be an MLP .*, got int: 5$"),
        (
            lambda m: reference.predict("m", [[0.0, 1.0]]),
            r"^reference.predict: model must be an MLP .*, got str",
        ),
        (
            lambda m: reference.to_model(m, 5),
            r"^reference.to_model: weights must be a list of \(W, b\) pairs",
        ),
        (lambda m: reference.to_model(m, [(1, 2, 3)] * 2), r"^reference.to_model: weights\[0\] \(layer 1\)"),
    ],
)
def test_models_and_weights_of_the_wrong_type(call, match):
    with pytest.raises(TypeError, match=match):
        call(MLP(2, [2, 1], seed=0))


def test_to_model_that_raises_changes_nothing():
    model = MLP(2, [2, 1], seed=0)
    before = model.phi().copy()
    weights, _ = reference.from_model(model)
    bad = [(weights[0][0] + 1.0, weights[0][1]), (np.full((1, 2), NAN), np.zeros(1))]
    with pytest.raises(ValueError, match="Layer 2.set_weights: W.*finite"):
        reference.to_model(model, bad)
    np.testing.assert_array_equal(model.phi(), before)  # layer 1 was written, then restored


def test_predict_refuses_nan_inputs():
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match=r"^reference: X\[1\]\[0\] must be finite, got nan$"):
        reference.predict(model, [[0.0, 1.0], [NAN, 1.0]])
