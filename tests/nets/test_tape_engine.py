"""nets.tape_engine: fit(engine="tape") replays the model's recorded graph over each batch and takes the
scalar engine's steps (parameters and gradients to 1e-10 relative), each sample its own branch of the loss."""

import numpy as np
import pytest

import autograd
from nets import fit, losses
from nets.model import MLP
from nets.optim import SGD, Adam
from nets.tape_engine import TapeEngine

from .engine_checks import LOSS_SETUPS, assert_same_training, problem


@pytest.mark.parametrize("loss_name", list(LOSS_SETUPS))
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_one_step_equals_the_scalar_engine(loss_name, activation):
    assert_same_training("tape", lambda: problem(loss_name, activation))


def test_fine_grained_models_mini_batches_l2_and_adam():
    def fine():
        model, X, y, loss = problem("hinge", "relu", n=16)
        return MLP(3, [5, 4, 1], seed=0, fused=False), X, y, loss

    assert_same_training("tape", fine, steps=3, batch_size=5, seed=1, l2=1e-3)
    assert_same_training("tape", lambda: problem("cross_entropy", "tanh"), steps=4,
                         optimizer=lambda ps: Adam(ps, lr=0.01), l2=1e-2)


def test_any_loss_and_an_optimizer_of_some_parameters():
    def scaled(preds, targets):
        return 0.5 * losses.sse(preds, targets)

    def build():
        model, X, y, _ = problem("sse", "tanh")
        return model, X, y, scaled

    assert_same_training("tape", build, steps=2, optimizer=lambda ps: SGD(ps[:7], lr=0.1))


def test_a_model_that_branches_on_values_is_refused():
    class Branchy(MLP):
        def __call__(self, x):
            out = super().__call__(x)
            return out if out.data > 0 else -out  # decided from a value: frozen in a trace

    model = Branchy(2, [3, 1], seed=0)
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -2.0], [2.0, 2.0]])
    outs = [model(list(row)).data for row in X]
    raw = [MLP.__call__(model, list(row)).data for row in X]
    assert any(r < 0 for r in raw) and any(r > 0 for r in raw)  # the samples take both branches
    assert all(o >= 0 for o in outs)
    with pytest.raises(ValueError, match="engine='tape'\\): the model's recorded graph does not match"):
        fit(model, X, np.zeros(4), epochs=1, progress=False, engine="tape")


def test_the_engine_records_the_models_graph_once():
    model = MLP(2, [4, 2], seed=0)
    engine = TapeEngine(model, losses.mse, 0.0, SGD(model.parameters(), lr=0.1))
    assert isinstance(engine.tape, autograd.tape.Tape)
    assert engine.m == 2 and engine.several
    assert set(engine.tape.params) == set(model.parameters())
    assert [x.label for x in engine.tape.inputs] == ["X1", "X2"]
    assert "L1_N1_o = L1_N1_w1 * X1 + L1_N1_w2 * X2 + L1_N1_b" in engine.tape.source()
    engine.check(np.array([[0.1, 0.2], [0.3, -0.4]]))
