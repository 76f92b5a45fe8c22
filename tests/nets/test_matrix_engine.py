"""nets.matrix_engine: fit(engine="matrix") takes the scalar engine's steps (parameters and gradients to
1e-10 relative) for every loss, activation and optimizer, and writes the weights back whenever user code can
see them."""

import signal

import numpy as np
import pytest

from nets import fit, losses
from nets.matrix_engine import MatrixEngine, is_mlp
from nets.model import MLP
from nets.optim import SGD, Adam, RMSprop

from .engine_checks import LOSS_SETUPS, assert_same_training, problem


@pytest.mark.parametrize("loss_name", list(LOSS_SETUPS))
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_one_step_equals_the_scalar_engine(loss_name, activation):
    assert_same_training("matrix", lambda: problem(loss_name, activation))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_the_problems_take_different_branches_of_the_loss_in_one_batch(activation):
    from nets import predict

    model, X, y, _ = problem("hinge", activation)
    margins = 1 - (2 * y - 1) * predict(model, X)
    assert (margins > 0).any() and (margins < 0).any()
    for name in ("bce", "bce_with_logits", "cross_entropy"):
        _, _, y, _ = problem(name, activation)
        assert len(np.unique(y)) >= 2


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: SGD(ps, lr=0.1, momentum=0.9),
        lambda ps: SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01),
        lambda ps: RMSprop(ps, lr=0.01, momentum=0.5, weight_decay=0.1),
        lambda ps: RMSprop(ps),
        lambda ps: Adam(ps, lr=0.01, weight_decay=0.01),
        lambda ps: SGD(ps, lr=lambda t: 0.1 / (1 + t)),
    ],
    ids=["momentum", "nesterov", "rmsprop-momentum", "rmsprop", "adam", "schedule"],
)
def test_every_optimizer_steps_on_the_arrays_as_on_the_values(make):
    assert_same_training("matrix", lambda: problem("mse", "relu"), steps=4, optimizer=make, l2=1e-3)


def test_mini_batches_l2_and_a_long_run():
    assert_same_training(
        "matrix", lambda: problem("cross_entropy", "relu", n=20), steps=3, batch_size=6, seed=3, l2=0.01
    )
    assert_same_training("matrix", lambda: problem("hinge", "relu", n=30), steps=40, l2=1e-4, rtol=1e-9)


def test_the_optimizer_goes_on_with_the_scalar_engine():
    def build():
        return problem("mse", "tanh")

    model, X, y, loss = build()
    opt = Adam(model.parameters(), lr=0.01)
    fit(model, X, y, loss=loss, optimizer=opt, epochs=3, progress=False, engine="matrix")
    fit(model, X, y, loss=loss, optimizer=opt, epochs=2, progress=False)
    ref, _, _ = problem("mse", "tanh")[0], None, None
    opt_ref = Adam(ref.parameters(), lr=0.01)
    fit(ref, X, y, loss=loss, optimizer=opt_ref, epochs=5, progress=False)
    np.testing.assert_allclose(model.phi(), ref.phi(), rtol=1e-10)
    assert opt.steps == opt_ref.steps == 5


def test_an_optimizer_of_some_parameters_and_one_of_another_kind():
    def frozen_first_layer(ps):
        return SGD(ps[len(ps) // 2 :], lr=0.1, momentum=0.5)

    assert_same_training("matrix", lambda: problem("mse", "relu"), steps=2, optimizer=frozen_first_layer)

    class Plain:  # not a nets.optim.Optimizer: stepped through the Values
        def __init__(self, params):
            self.params = list(params)

        def zero_grad(self):
            for p in self.params:
                p.grad = 0.0

        def step(self):
            for p in self.params:
                p.data -= 0.05 * p.grad

    assert_same_training("matrix", lambda: problem("hinge", "relu"), steps=3, optimizer=Plain)


def test_weights_are_written_back_before_each_callback():
    model, X, y, loss = problem("mse", "relu")
    ref, *_ = problem("mse", "relu")
    seen = []

    def record(epoch, history):
        seen.append(model.phi())
        if epoch == 1:
            model.layers[0].neurons[0].b.data = 0.5  # the user changes a weight: training goes on from it

    fit(model, X, y, loss=loss, epochs=3, progress=False, engine="matrix", callbacks=[record])
    ref_seen = []

    def record_ref(epoch, history):
        ref_seen.append(ref.phi())
        if epoch == 1:
            ref.layers[0].neurons[0].b.data = 0.5

    fit(ref, *problem("mse", "relu")[1:3], loss=loss, epochs=3, progress=False, callbacks=[record_ref])
    np.testing.assert_allclose(np.array(seen), np.array(ref_seen), rtol=1e-10)
    np.testing.assert_allclose(model.phi(), ref.phi(), rtol=1e-10)


def test_weights_are_written_back_on_ctrl_c_and_on_an_error():
    model, X, y, loss = problem("mse", "relu")
    calls = []

    def interrupting(preds, targets):  # any loss: through the scalar engine on the outputs
        calls.append(1)
        if len(calls) == 3:
            signal.raise_signal(signal.SIGINT)
        return losses.mse(preds, targets)

    h = fit(model, X, y, loss=interrupting, epochs=10, progress=False, engine="matrix")
    assert h.interrupted and h.steps == 3
    ref, *_ = problem("mse", "relu")
    fit(ref, X, y, loss=losses.mse, epochs=3, progress=False)
    np.testing.assert_allclose(model.phi(), ref.phi(), rtol=1e-10)

    model, X, y, loss = problem("mse", "relu")
    calls.clear()

    def failing(preds, targets):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return losses.mse(preds, targets)

    with pytest.raises(RuntimeError, match="boom"):
        fit(model, X, y, loss=failing, epochs=10, progress=False, engine="matrix")
    ref, *_ = problem("mse", "relu")
    fit(ref, X, y, loss=losses.mse, epochs=2, progress=False)
    np.testing.assert_allclose(model.phi(), ref.phi(), rtol=1e-10)


def test_a_diverging_step_changes_nothing_as_the_optimizer_promises():
    model, X, y, loss = problem("sse", "linear")
    with pytest.raises(ValueError, match="nothing was updated"):
        fit(model, X * 1e150, y, loss=loss, optimizer=SGD(model.parameters(), lr=1e150), epochs=3,
            progress=False, engine="matrix")
    assert np.isfinite(model.phi()).all()


def test_only_an_mlp():
    class Custom(MLP):
        def __call__(self, x):
            return super().__call__(x)

    assert is_mlp(MLP(2, [3, 1])) is None
    assert "overrides MLP.__call__" in is_mlp(Custom(2, [3, 1]))
    assert "not a nets.MLP" in is_mlp(object())
    X, y = np.zeros((4, 2)), np.zeros(4)
    with pytest.raises(ValueError, match=r"'matrix'\) trains a nets.MLP only .* overrides MLP.__call__"):
        fit(Custom(2, [3, 1]), X, y, epochs=1, progress=False, engine="matrix")
    with pytest.raises(ValueError, match="not a nets.MLP"):
        MatrixEngine(object(), losses.mse, 0.0, None)


def test_forward_is_the_models_output():
    model, X, _, _ = problem("mse", "sigmoid")
    engine = MatrixEngine(model, losses.mse, 0.0, SGD(model.parameters(), lr=0.1))
    _, a = engine.forward(X)
    from nets import predict

    np.testing.assert_allclose(a[-1], predict(model, X), rtol=1e-13)


def _one_weight(w: float) -> MLP:
    model = MLP(1, [1], activation="linear", seed=0)
    model.set_phi([w, 0.0])
    return model


@pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy's overflow warnings must not leak
def test_an_overflowing_forward_is_a_domain_error_naming_the_layer_and_nothing_changes():
    import autograd

    model = _one_weight(1e200)
    with pytest.raises(autograd.DomainError, match=r"^matrix engine: layer 1's o is not finite for sample 0"):
        fit(model, [[1e200]], [0.0], loss=losses.half_mse, epochs=1, engine="matrix", progress=False)
    assert [p.data for p in model.parameters()] == [1e200, 0.0]


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_gradient_that_overflows_is_refused_and_under_anomaly_mode_named():
    import autograd

    # o = 1e-150 * 1e250 = 1e100 and the loss 5e199 are finite; dL/dw = o * x = 1e350 is not
    model = _one_weight(1e-150)
    with pytest.raises(ValueError, match=r"SGD step 1: params\[0\] \(L1.N1.w1\) grad is inf; nothing"):
        fit(model, [[1e250]], [0.0], loss=losses.half_mse, epochs=1, engine="matrix", progress=False)
    assert model.parameters()[0].data == 1e-150
    model = _one_weight(1e-150)
    grads = [p.grad for p in model.parameters()]
    with autograd.detect_anomaly(), pytest.raises(
        autograd.AnomalyError, match=r"matrix engine backward: the gradient of L1.N1.w1 \(phi0\) became inf"
    ):
        fit(model, [[1e250]], [0.0], loss=losses.half_mse, epochs=1, engine="matrix", progress=False)
    assert [p.data for p in model.parameters()] == [1e-150, 0.0]
    assert [p.grad for p in model.parameters()] == grads
