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
    with pytest.raises(ValueError, match="decision_grid: steps must be >= 2, got 1"):
        train.decision_grid(model, (0, 1), (0, 1), steps=1)
    with pytest.raises(ValueError, match="decision_grid: ylim must have lo < hi, got \\(1, 0\\)"):
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
        ({"X": np.array([[np.nan]] * 10)}, r"fit: X\[0\]\[0\] must be finite, got nan"),
        ({"y": np.zeros(3)}, "X has 10 samples but y has 3 targets"),
        ({"epochs": -1}, "fit: epochs must be >= 0, got -1"),
        ({"batch_size": 0}, "fit: batch_size \\(None for full batch\\) must be >= 1, got 0"),
        ({"l2": -1.0}, "fit: l2 must be >= 0.0, got -1.0"),
        ({"l2": float("inf")}, "fit: l2 must be a finite number, got inf"),
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


# -- engines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["tape", "matrix"])
def test_every_engine_trains_micrograds_demo_as_the_scalar_engine(engine):
    X, y = datasets.moons(n=100, noise=0.1, seed=1)
    runs = {}
    for name in ("scalar", engine):
        model = MLP(2, [16, 16, 1], seed=1337)
        opt = SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
        h = fit(model, X, y, loss=losses.hinge, optimizer=opt, epochs=100, l2=1e-4, progress=False,
                engine=name)
        runs[name] = (h, accuracy(model, X, y), model.phi())
    (h_ref, acc_ref, phi_ref), (h, acc, phi) = runs["scalar"], runs[engine]
    assert acc == acc_ref >= 0.95 and h.accuracy == h_ref.accuracy
    np.testing.assert_allclose(h.loss, h_ref.loss, rtol=0, atol=1e-6)
    np.testing.assert_allclose(phi, phi_ref, rtol=1e-6, atol=1e-9)


def test_unknown_engine():
    model, X, y = small_problem()
    with pytest.raises(ValueError, match="engine must be one of 'scalar', 'tape', 'matrix', got 'gpu'"):
        fit(model, X, y, engine="gpu", progress=False)


# -- everything is checked before the first step (issue 10) ----------------------------------------------


@pytest.mark.parametrize(
    "loss, bad, match",
    [
        (losses.hinge, 5, r"fit: hinge: y\[9\] = 5.0, but targets must be labels 0 or 1"),
        (losses.mse, np.nan, r"fit: mse: y\[9\].* (must be finite|nan)"),
        (losses.cross_entropy, 7, r"fit: cross_entropy: y\[9\] = 7.0, but targets must be class indices"),
        (losses.bce, 0.5, r"fit: bce: y\[9\] = 0.5"),
    ],
)
def test_a_bad_target_is_found_before_any_step(loss, bad, match):
    m = 3 if loss is losses.cross_entropy else 1
    model = MLP(2, [4, m], output_activation="sigmoid" if loss is losses.bce else "linear", seed=0)
    X = np.random.default_rng(0).normal(size=(12, 2))
    y = np.arange(12.0) % 2
    y[9] = bad
    before = model.phi()
    seen = []
    for engine in ("scalar", "tape", "matrix"):
        with pytest.raises(ValueError, match=match):
            fit(model, X, y, loss=loss, batch_size=1, progress=False, engine=engine, callbacks=[seen.append])
    np.testing.assert_array_equal(model.phi(), before)
    assert seen == []


def test_an_optimizer_of_another_model_is_refused():
    model, X, y = small_problem()
    other = MLP(1, [5, 1], seed=1)
    with pytest.raises(ValueError, match="the optimizer holds none of this model's parameters"):
        fit(model, X, y, optimizer=SGD(other.parameters(), lr=0.1), progress=False)
    fit(model, X, y, optimizer=SGD(model.parameters()[:3], lr=0.1), epochs=1, progress=False)  # some: fine


def test_the_model_is_checked():
    model, X, y = small_problem()
    model.nin = 0
    with pytest.raises(ValueError, match="model.nin must be an int >= 1"):
        fit(model, X, y, progress=False)

    class NoParameters:
        nin = 1

    with pytest.raises(TypeError, match=r"which has no model\(row\), layers, parameters\(\), zero_grad\(\)"):
        fit(NoParameters(), X, y, progress=False)


def test_check_targets():
    losses.check_targets(losses.mse, np.zeros((4, 2)), 2)
    losses.check_targets(losses.cross_entropy, [[0], [2]], 3)
    losses.check_targets(lambda p, t: p, ["anything"], 1)  # not a loss of nets.losses: its own rules
    with pytest.raises(ValueError, match=r"mse: targets must have shape \(4,\) or \(4, 1\) for 1 output"):
        losses.check_targets(losses.mse, np.zeros((4, 2)), 1)
    with pytest.raises(ValueError, match=r"hinge: y\[1, 0\] = -1.0, but targets must be labels 0 or 1"):
        losses.check_targets(losses.hinge, [[0, 1], [-1, 0]], 2)
    with pytest.raises(ValueError, match=r"cross_entropy: y\[1\] = 0.5"):
        losses.check_targets(losses.cross_entropy, [0, 0.5], 2)
    with pytest.raises(ValueError, match="m >= 2 logits"):
        losses.check_targets(losses.cross_entropy, [0, 0], 1)
    with pytest.raises(ValueError, match="one-hot targets: pass their argmax"):
        losses.check_targets(losses.cross_entropy, np.eye(3), 3)
    with pytest.raises(ValueError, match="single number"):
        losses.check_targets(losses.sse, 3.0, 1)
    with pytest.raises(ValueError, match="outputs must be an int >= 1"):
        losses.check_targets(losses.sse, [3.0], 0)


# -- the cyclic garbage collector is paused during each step, and restored ------------------------------


def test_the_gc_is_paused_during_each_step_and_restored_on_every_exit():
    import gc

    model, X, y = small_problem()
    states = []

    def watching(preds, targets):
        states.append(gc.isenabled())
        return losses.mse(preds, targets)

    assert gc.isenabled()
    fit(model, X, y, loss=watching, epochs=2, progress=False,
        callbacks=[lambda e, h: states.append(gc.isenabled())])
    assert states == [False, True, False, True] and gc.isenabled()

    def failing(preds, targets):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fit(model, X, y, loss=failing, epochs=2, progress=False)
    assert gc.isenabled()
    loss, _ = _interrupting(losses.mse, at_call=1, times=2)
    with pytest.raises(KeyboardInterrupt):
        fit(model, X, y, loss=loss, epochs=2, progress=False)
    assert gc.isenabled()
    gc.disable()
    try:  # off before fit: left off
        fit(model, X, y, loss=watching, epochs=1, progress=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- progress in static output (issue 12) -------------------------------------------------------------


def test_off_a_terminal_progress_is_a_few_plain_lines(capsys):
    model, X, y = small_problem()
    fit(model, X, y, epochs=100, progress=True)
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert "\r" not in err and 2 <= len(lines) <= 10
    assert lines[0].startswith("fit:  10/100 epochs, loss=")
    assert lines[-1].startswith("fit: 100/100 epochs, loss=")
    loss, _ = _interrupting(losses.mse, at_call=3)
    fit(model, X, y, loss=loss, epochs=100, progress=True)
    assert capsys.readouterr().err.splitlines()[-1].endswith("(stopped: Ctrl-C)")


class FakeHandle:
    def __init__(self, bundle):
        self.shown = [bundle["text/plain"]]

    def update(self, bundle, raw=False):
        self.shown.append(bundle["text/plain"])


def test_in_a_notebook_the_bar_ends_in_its_final_state_without_timings(monkeypatch):
    import IPython.display

    handles = []

    def display(bundle, raw=False, display_id=False):
        assert raw and display_id
        handles.append(FakeHandle(bundle))
        return handles[-1]

    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setattr(train, "_where_shown", lambda: "notebook")
    model, X, y = small_problem()
    fit(model, X, y, epochs=30)  # progress=None: shown in a notebook
    (handle,) = handles
    assert handle.shown[0].startswith("fit:   0%|") and "0/30 epochs" in handle.shown[0]
    final = handle.shown[-1]
    assert final.startswith("fit: 100%|") and "30/30 epochs, loss=" in final
    assert not any(mark in final for mark in ("it/s", "s/it", "epoch/s", "<", "[0"))  # no timings or rates
    again = []
    monkeypatch.setattr(IPython.display, "display", lambda b, **kw: again.append(FakeHandle(b)) or again[-1])
    model, X, y = small_problem()
    fit(model, X, y, epochs=30)
    assert again[0].shown[-1] == final  # deterministic: the same run shows the same final state


def test_on_a_terminal_the_bar_is_tqdms(monkeypatch, capsys):
    monkeypatch.setattr(train, "_where_shown", lambda: "terminal")
    model, X, y = small_problem()
    fit(model, X, y, epochs=3)
    err = capsys.readouterr().err
    assert "\r" in err and "3/3" in err and "loss=" in err


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"epochs": 2.5}, "fit: epochs must be an int, got float: 2.5"),
        ({"epochs": True}, "fit: epochs must be an int, got bool"),
        ({"batch_size": True}, "fit: batch_size .* must be an int, got bool"),
        ({"l2": "0.1"}, "fit: l2 must be a real number, got str"),
        ({"progress": "no"}, "fit: progress .* must be True or False, got str: 'no'"),
    ],
)
def test_fit_wrong_types_are_type_errors(kwargs, match):
    model, X, y = small_problem()
    with pytest.raises(TypeError, match=match):
        train.fit(model, X, y, **kwargs)


def test_fit_takes_numpy_counts_and_reals():
    model, X, y = small_problem()
    history = train.fit(
        model, X, y, epochs=np.int64(2), batch_size=np.int32(5), l2=np.float32(0.0), progress=False
    )
    assert len(history.loss) == 2 and history.steps == 4


def test_accuracy_refuses_labels_that_are_not_numbers():
    model, X, _ = small_problem()
    with pytest.raises(ValueError, match=r"accuracy: y\[0\] must be a number, got str: 'a'$"):
        train.accuracy(model, X, ["a"] * len(X))
    y = np.zeros(len(X))
    y[3] = np.nan
    with pytest.raises(ValueError, match=r"accuracy: y\[3\] must be finite, got nan"):
        train.accuracy(model, X, y)


@pytest.mark.parametrize(
    "y, match",
    [
        ([7, 1], r"accuracy: y\[0\] = 7.0 is not a class label; expected 0 or 1 \(one output: two classes\)"),
        ([1, 0.5], r"accuracy: y\[1\] = 0.5 is not a class label"),
        ([-1, 1], r"accuracy: y\[0\] = -1.0 is not a class label"),
        ([True, False], r"accuracy: y\[0\] must be a number, got bool: True"),
        pytest.param([10**5000, 1], r"accuracy: y\[0\]: an int of about 5001 digits is too large", id="huge"),
        ([1], "accuracy: X has 2 samples but y has 1 targets"),
    ],
)
def test_accuracy_refuses_what_is_not_a_class_label(y, match):
    model = MLP(2, [2, 1], seed=0)
    with pytest.raises(ValueError, match=match):
        train.accuracy(model, [[0.0, 1.0], [1.0, 0.0]], y)


def test_accuracy_labels_of_several_outputs():
    model = MLP(2, [3], seed=0)
    X = [[0.0, 1.0], [1.0, 0.0]]
    assert train.accuracy(model, X, [2, 0]) == train.accuracy(model, X, [[2], [0]])
    assert train.accuracy(model, X, np.eye(3)[[2, 0]]) == train.accuracy(model, X, [2, 0])
    with pytest.raises(ValueError, match=r"accuracy: y\[1\] = 3.0 is not a class label; expected 0..2"):
        train.accuracy(model, X, [0, 3])


@pytest.mark.parametrize(
    "X, match",
    [
        ([["1", 1.0]], r"^predict: X\[0\]\[0\] must be a number, got str: '1'$"),
        ([[1.0, True]], r"^predict: X\[0\]\[1\] must be a number, got bool: True \(bools"),
        pytest.param([[10**5000, 1.0]], r"^predict: X\[0\]\[0\]: an int of about 5001 digits is too large",
                     id="huge"),
        ("ab", r"^predict: X must be numbers, got str: 'ab'$"),
        ([[0.0]], r"predict: X has shape \(1, 1\); expected \(n, 2\)"),
    ],
)
def test_predict_reads_X_strictly(X, match):
    with pytest.raises(ValueError, match=match):
        train.predict(MLP(2, [1], seed=0), X)


@pytest.mark.parametrize("who", ["fit", "predict", "accuracy", "decision_grid"])
def test_something_that_is_not_a_model_is_a_type_error(who):
    call = {
        "fit": lambda: train.fit(5, [[0.0, 1.0]], [1.0], progress=False),
        "predict": lambda: train.predict(5, [[0.0, 1.0]]),
        "accuracy": lambda: train.accuracy(5, [[0.0, 1.0]], [1]),
        "decision_grid": lambda: train.decision_grid(5, (0, 1), (0, 1)),
    }[who]
    with pytest.raises(TypeError, match=rf"^{who}: model must be a model such as a nets.MLP .* got int: 5,"):
        call()


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"seed": "a"}, TypeError, "fit: seed must be None or an int >= 0, got str: 'a'"),
        ({"seed": float("nan")}, TypeError, "fit: seed must be None or an int >= 0, got float: nan"),
        ({"seed": -1}, ValueError, "fit: seed must be None or an int >= 0, got -1"),
        ({"callbacks": 5}, TypeError, r"fit: callbacks must be a list of functions cb\(.*\), got int: 5"),
        ({"callbacks": "cb"}, TypeError, "fit: callbacks must be a list of functions"),
        ({"engine": ["tape"]}, ValueError, "fit: engine must be one of"),
    ],
)
def test_fit_seed_and_callbacks_are_checked_first(kwargs, error, match):
    model, X, y = small_problem()
    before = model.phi()
    with pytest.raises(error, match=match):
        train.fit(model, X, y, progress=False, **kwargs)
    np.testing.assert_array_equal(model.phi(), before)


def test_decision_grid_refuses_ranges_floats_cannot_span():
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="xlim = \\(-1e\\+308, 1e\\+308\\) is wider than floats can hold"):
        train.decision_grid(model, (-1e308, 1e308), (-1.0, 1.0), steps=5)
    with pytest.raises(TypeError, match="decision_grid: ylim\\[1\\] must be a real number, got str"):
        train.decision_grid(model, (-1.0, 1.0), (-1.0, "1"), steps=5)
    with pytest.raises(ValueError, match="decision_grid: xlim must be a pair \\(lo, hi\\), got 5"):
        train.decision_grid(model, 5, (-1.0, 1.0))
    xx, yy, zz = train.decision_grid(model, (-1e300, 1e300), (-1.0, 1.0), steps=5)  # wide but finite
    assert np.isfinite(zz).all()


def test_decision_grid_refuses_enormous_grids_before_allocating():
    model = MLP(2, [3, 1], seed=0)
    for steps, shown in ((10**9, "1000000000"), (10**5000, "an int of about 5001 digits")):
        with pytest.raises(ValueError, match=rf"decision_grid: steps must be <= 1,000 .* got {shown}$"):
            train.decision_grid(model, (0, 1), (0, 1), steps=steps)
    with pytest.raises(TypeError, match="decision_grid: steps must be an int, got float: 1.5"):
        train.decision_grid(model, (0, 1), (0, 1), steps=1.5)
    assert train.decision_grid(model, (0, 1), (0, 1), steps=train.MAX_GRID_STEPS)[2].shape == (1000, 1000)
