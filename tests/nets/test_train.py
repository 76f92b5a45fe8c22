"""Tests for nets.train: fit (checked step by step against nets.reference), predict, accuracy and grids."""

import signal

import numpy as np
import pytest

import autograd
from nets import accuracy, datasets, fit, losses, reference, train
from nets.model import MLP
from nets.optim import SGD


def phi_of(weights):
    return np.concatenate([np.column_stack([W, b]).ravel() for W, b in weights])


def reference_step(weights, acts, X, Y, lr, l2=0.0, loss="half_mse"):
    """One gradient-descent step computed with numpy only."""
    _, grads = reference.gradients(weights, acts, X, Y, loss)
    return [
        (W - lr * (dW + 2 * l2 * W), b - lr * (db + 2 * l2 * b)) for (W, b), (dW, db) in zip(weights, grads)
    ]


def small_problem(seed=0, n=10):
    X, y = datasets.curve(np.sin, n=n, noise=0.1, seed=seed)
    model = MLP(1, [5, 1], activation="tanh", seed=seed)
    return model, X, y


def test_micrograd_style_run_reaches_95_percent():
    X, y = datasets.moons(n=100, noise=0.1, seed=1)
    model = MLP(2, [16, 16, 1], seed=1337)
    opt = SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    h = train.fit(model, X, y, loss=losses.hinge, optimizer=opt, epochs=100, l2=1e-4, progress=False)
    assert len(h) == 100 and len(h.accuracy) == 100 and h.steps == 100 and not h.interrupted
    assert h.lr[0] == 1.0 and h.lr[-1] == pytest.approx(1.0 - 0.9 * 99 / 100)
    assert h.loss[-1] < 0.5 * h.loss[0]
    assert train.accuracy(model, X, y) >= 0.95
    assert all(s > 0 for s in h.seconds)


@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_full_batch_fit_equals_reference_gradient_descent(l2):
    model, X, y = small_problem()
    weights, acts = reference.from_model(model)
    losses_seen = []
    for _ in range(3):
        E = reference.loss(weights, acts, X, y, "half_mse") + l2 * np.sum(phi_of(weights) ** 2)
        losses_seen.append(E)
        weights = reference_step(weights, acts, X, y, lr=0.1, l2=l2)
    h = train.fit(model, X, y, loss=losses.half_mse, optimizer=SGD(model.parameters(), lr=0.1),
                  epochs=3, l2=l2, progress=False)
    np.testing.assert_allclose(model.phi(), phi_of(weights), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h.loss, losses_seen, rtol=1e-10)
    assert h.accuracy == []  # float targets: regression
    assert h.steps == 3 and h.lr == [0.1, 0.1, 0.1]


def test_mini_batches_follow_a_seeded_shuffle():
    model, X, y = small_problem(n=10)
    weights, acts = reference.from_model(model)
    rng = np.random.default_rng(7)
    epoch_losses = []
    for _ in range(2):
        order, total = rng.permutation(10), 0.0
        for first in range(0, 10, 4):  # batches of 4, 4, 2
            idx = order[first : first + 4]
            total += reference.loss(weights, acts, X[idx], y[idx], "mse") * len(idx)
            weights = reference_step(weights, acts, X[idx], y[idx], lr=0.05, loss="mse")
        epoch_losses.append(total / 10)
    h = train.fit(model, X, y, loss=losses.mse, optimizer=SGD(model.parameters(), lr=0.05),
                  epochs=2, batch_size=4, seed=7, progress=False)
    assert h.steps == 6
    np.testing.assert_allclose(model.phi(), phi_of(weights), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(h.loss, epoch_losses, rtol=1e-10)


def test_seed_determinism_and_batch_sizes():
    def run(seed, batch_size, epochs=2):
        model, X, y = small_problem(n=6)
        h = train.fit(model, X, y, loss=losses.mse, optimizer=SGD(model.parameters(), lr=0.05),
                      epochs=epochs, batch_size=batch_size, seed=seed, progress=False)
        return model.phi(), h

    a, ha = run(3, 1)
    b, _ = run(3, 1)
    c, _ = run(4, 1)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert ha.steps == 12  # single-sample SGD: n steps per epoch
    full, hf = run(None, None)
    big, hb = run(5, 100)  # a batch larger than the data is the full batch
    assert hf.steps == hb.steps == 2
    np.testing.assert_allclose(full, big, rtol=1e-12)
    _, h0 = run(0, None, epochs=0)
    assert len(h0) == 0 and h0.steps == 0


def test_accuracy_recorded_for_classification():
    X, y = datasets.blobs(n=20, seed=0)
    model = MLP(2, [1], output_activation="sigmoid", seed=0)
    h = train.fit(model, X, y, loss=losses.bce, optimizer=SGD(model.parameters(), lr=0.5),
                  epochs=5, progress=False)
    assert len(h.accuracy) == 5
    # the recorded accuracy is that of the predictions the step was computed from
    model2 = MLP(2, [1], output_activation="sigmoid", seed=0)
    expected = train.accuracy(model2, X, y)
    assert h.accuracy[0] == expected
    assert h.accuracy[-1] == 1.0  # blobs are linearly separable
    model3 = MLP(3, [4, 3], seed=0)
    X3, y3 = datasets.spiral(n=9, seed=0)
    X3 = np.column_stack([X3, np.ones(9)])
    h3 = train.fit(model3, X3, y3, loss=losses.cross_entropy, epochs=2, progress=False)
    assert len(h3.accuracy) == 2 and all(0 <= a <= 1 for a in h3.accuracy)


def test_predict_shapes_and_values():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 2))
    one = MLP(2, [3, 1], activation="tanh", seed=0)
    out = train.predict(one, X)
    assert out.shape == (7,) and out.dtype == np.float64
    np.testing.assert_allclose(out, reference.predict(one, X), rtol=1e-12)
    many = MLP(2, [3, 4], seed=1)
    out = train.predict(many, X)
    assert out.shape == (7, 4)
    np.testing.assert_allclose(out, reference.predict(many, X), rtol=1e-12)
    assert autograd.is_grad_enabled()
    curve_model = MLP(1, [2, 1], seed=0)
    assert train.predict(curve_model, np.array([0.5, 1.0])).shape == (2,)  # 1-D X for one input


def _set(model, *weights):
    reference.to_model(model, [(np.array(W, dtype=float), np.array(b, dtype=float)) for W, b in weights])
    return model


def test_accuracy_rules():
    X = np.array([[0.5], [2.0]])
    y = np.array([0, 1])
    # sigmoid output: class 1 when sigmoid(x - 1) > 0.5, i.e. x > 1 (a > 0 rule would say both are 1)
    assert train.accuracy(_set(MLP(1, [1], output_activation="sigmoid"), ([[1.0]], [-1.0])), X, y) == 1.0
    # linear output: class 1 when x - 1 > 0
    assert train.accuracy(_set(MLP(1, [1]), ([[1.0]], [-1.0])), X, y) == 1.0
    assert train.accuracy(_set(MLP(1, [1]), ([[1.0]], [0.0])), X, y) == 0.5
    # several outputs: argmax
    model = _set(MLP(2, [2]), ([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0]))
    X2 = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 2.0], [-1.0, 0.0]])
    assert train.accuracy(model, X2, [0, 1, 1, 1]) == 0.75


def test_decision_grid():
    model = MLP(2, [4, 1], activation="tanh", seed=0)
    xx, yy, zz = train.decision_grid(model, (-1, 2), (0, 1), steps=5)
    assert xx.shape == yy.shape == zz.shape == (5, 5)
    assert xx[0, 0] == -1 and xx[0, -1] == 2 and yy[0, 0] == 0 and yy[-1, 0] == 1
    expected = train.predict(model, np.column_stack([xx.ravel(), yy.ravel()])).reshape(5, 5)
    np.testing.assert_allclose(zz, expected, rtol=1e-12)
    _, _, z3 = train.decision_grid(MLP(2, [3]), (0, 1), (0, 1), steps=4)
    assert z3.shape == (4, 4, 3)
    with pytest.raises(ValueError, match="needs a model with 2 inputs"):
        train.decision_grid(MLP(3, [1]), (0, 1), (0, 1))
    with pytest.raises(ValueError, match="steps must be an int >= 2"):
        train.decision_grid(model, (0, 1), (0, 1), steps=1)
    with pytest.raises(ValueError, match="ylim must be finite with lo < hi"):
        train.decision_grid(model, (0, 1), (1, 0))


def _interrupting(loss, at_call, times=1):
    """A loss that sends Ctrl-C (SIGINT) to this process during its `at_call`-th evaluation."""
    calls = []

    def wrapped(preds, targets):
        calls.append(1)
        if len(calls) == at_call:
            for _ in range(times):
                signal.raise_signal(signal.SIGINT)
        return loss(preds, targets)

    return wrapped, calls


def test_ctrl_c_stops_after_the_current_step():
    before = signal.getsignal(signal.SIGINT)
    model, X, y = small_problem(n=10)
    loss, calls = _interrupting(losses.mse, at_call=6)
    h = train.fit(model, X, y, loss=loss, epochs=50, batch_size=4, seed=0, progress=False)
    assert h.interrupted and h.steps == 6 and len(calls) == 6
    assert len(h) == 2  # one full epoch (3 steps) and the partial one
    assert signal.getsignal(signal.SIGINT) is before
    # the sixth step was taken: the model holds its result
    model2, _, _ = small_problem(n=10)
    train.fit(model2, X, y, loss=losses.mse, epochs=2, batch_size=4, seed=0, progress=False)
    np.testing.assert_array_equal(model.phi(), model2.phi())


def test_second_ctrl_c_interrupts_at_once():
    before = signal.getsignal(signal.SIGINT)
    model, X, y = small_problem()
    loss, _ = _interrupting(losses.mse, at_call=2, times=2)
    with pytest.raises(KeyboardInterrupt):
        train.fit(model, X, y, loss=loss, epochs=5, progress=False)
    assert signal.getsignal(signal.SIGINT) is before


def test_callbacks():
    model, X, y = small_problem()
    seen = []

    def record(epoch, history):
        seen.append((epoch, len(history)))

    h = train.fit(model, X, y, epochs=10, progress=False, callbacks=[record, lambda e, hist: e == 3])
    assert len(h) == 4 and seen == [(0, 1), (1, 2), (2, 3), (3, 4)] and not h.interrupted


def test_progress_bar(capsys):
    model, X, y = small_problem()
    train.fit(model, X, y, epochs=3, progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err and "loss=" in err
    train.fit(model, X, y, epochs=3, progress=False)
    train.fit(model, X, y, epochs=3)  # None: stderr is not a terminal under pytest
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"X": np.zeros((4, 2))}, "X has shape \\(4, 2\\); expected \\(n, 1\\)"),
        ({"X": np.array([[np.nan]] * 10)}, "X must be finite"),
        ({"y": np.zeros(3)}, "X has 10 samples but y has 3 targets"),
        ({"epochs": -1}, "epochs must be an int >= 0"),
        ({"epochs": 2.5}, "epochs must be an int >= 0"),
        ({"batch_size": 0}, "batch_size must be None \\(full batch\\) or an int >= 1"),
        ({"l2": -1.0}, "l2 must be a finite number >= 0"),
        ({"loss": "mse"}, "loss must be a function"),
        ({"optimizer": object()}, "optimizer must have step\\(\\) and zero_grad\\(\\)"),
        ({"callbacks": [3]}, "callbacks must be functions"),
    ],
)
def test_fit_bad_arguments(kwargs, match):
    model, X, y = small_problem()
    args = {"X": X, "y": y, **kwargs}
    X, y = args.pop("X"), args.pop("y")
    with pytest.raises(ValueError, match=match):
        train.fit(model, X, y, progress=False, **args)


def test_fit_and_accuracy_accept_one_hot_targets():
    X, y = datasets.blobs(n=16, k=2, noise=0.3, seed=0)
    onehot = np.eye(2, dtype=int)[y]
    model = MLP(2, [3, 2], seed=0)
    opt = SGD(model.parameters(), lr=0.05)
    h = fit(model, X, onehot, loss=losses.mse, optimizer=opt, epochs=3, progress=False)
    assert len(h.accuracy) == 3 and all(0.0 <= a <= 1.0 for a in h.accuracy)
    assert accuracy(model, X, onehot) == accuracy(model, X, y)
    with pytest.raises(ValueError, match=r"targets of shape \(16, 3\)"):
        accuracy(model, X, np.zeros((16, 3)))
