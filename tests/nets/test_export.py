"""nets.export: an MLP to a torch.nn.Sequential and back; outputs and parameter gradients agree to 1e-12.

The tests skip when torch is not installed; set CHAINRULE_REQUIRE_TORCH=1 (as .ci/run does after installing
torch) to make a missing torch a failure instead.
"""

import os
import sys

import numpy as np
import pytest

import autograd
from nets import MLP, from_torch, to_torch

if os.environ.get("CHAINRULE_REQUIRE_TORCH") == "1":
    import torch
else:
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install 'chainrule[torch]')")


def scalar_outputs_and_grads(model, X, seed):
    """Outputs (n, m) and d(sum of seed * outputs)/d(phi) from the scalar engine."""
    model.zero_grad()
    outs = []
    total = None
    for row, s in zip(X.tolist(), seed.tolist()):
        out = model(row)
        out = [out] if isinstance(out, autograd.Value) else out
        outs.append([o.data for o in out])
        for o, c in zip(out, s):
            term = o * c
            total = term if total is None else total + term
    total.backward()
    return np.array(outs), model.phi_grad()


def torch_outputs_and_grads(seq, X, seed):
    seq.zero_grad()
    out = seq(torch.from_numpy(X))
    (out * torch.from_numpy(seed)).sum().backward()
    grads = []
    for module in seq:
        if isinstance(module, torch.nn.Linear):
            W, b = module.weight.grad.numpy(), module.bias.grad.numpy()
            grads.append(np.column_stack([W, b]).ravel())  # phi order: each neuron's weights, then its bias
    return out.detach().numpy(), np.concatenate(grads)


@pytest.mark.parametrize(
    "hidden, output",
    [("relu", "linear"), ("tanh", "sigmoid"), ("sigmoid", "tanh"), ("linear", "relu")],
)
def test_to_torch_computes_what_the_model_computes(hidden, output):
    model = MLP(3, [5, 4, 2], activation=hidden, output_activation=output, seed=1)
    seq = to_torch(model)
    assert isinstance(seq, torch.nn.Sequential)
    assert all(p.dtype == torch.float64 for p in seq.parameters())
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 3))
    seed = rng.normal(size=(7, 2))
    want_out, want_grad = scalar_outputs_and_grads(model, X, seed)
    out, grad = torch_outputs_and_grads(seq, X, seed)
    np.testing.assert_allclose(out, want_out, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-12, atol=1e-15)
    kinds = [type(m).__name__ for m in seq]
    want = {"relu": ["ReLU"], "tanh": ["Tanh"], "sigmoid": ["Sigmoid"], "linear": []}
    assert kinds == ["Linear", *want[hidden], "Linear", *want[hidden], "Linear", *want[output]]


def test_from_torch_reads_a_sequential_back():
    torch.manual_seed(0)
    seq = torch.nn.Sequential(
        torch.nn.Linear(2, 6), torch.nn.Tanh(), torch.nn.Linear(6, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1),
        torch.nn.Identity(),
    ).double()
    model = from_torch(seq)
    assert model.nin == 2 and model.nouts == [6, 3, 1]
    assert model.activation == "tanh" and model.output_activation == "linear"
    rng = np.random.default_rng(1)
    X = rng.normal(size=(5, 2))
    seed = rng.normal(size=(5, 1))
    want_out, want_grad = torch_outputs_and_grads(seq, X, seed)
    out, grad = scalar_outputs_and_grads(model, X, seed)
    np.testing.assert_allclose(out, want_out, rtol=1e-12)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-12)
    float32 = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    back = from_torch(float32, fused=False)  # float32 weights are read as float64
    assert back.fused is False and back.activation == "relu"
    np.testing.assert_array_equal(back.layers[0].weights()[0], float32[0].weight.detach().double().numpy())


def test_a_round_trip_keeps_every_weight():
    model = MLP(4, [3, 3, 2], activation="sigmoid", output_activation="sigmoid", seed=3)
    back = from_torch(to_torch(model))
    np.testing.assert_array_equal(back.phi(), model.phi())
    assert (back.activation, back.output_activation) == ("sigmoid", "sigmoid")
    single = MLP(2, [1], output_activation="tanh", seed=0)
    assert from_torch(to_torch(single)).output_activation == "tanh"


@pytest.mark.parametrize(
    "modules, match",
    [
        (lambda: [torch.nn.Linear(2, 3), torch.nn.Dropout(0.5)], r"module 1 \(Dropout"),
        (lambda: [torch.nn.ReLU(), torch.nn.Linear(2, 1)], r"module 0 \(ReLU\(\)\) does not follow a Linear"),
        (lambda: [torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.ReLU()], "module 2 .* does not follow"),
        (lambda: [torch.nn.Linear(2, 3, bias=False)], "has no bias"),
        (lambda: [torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)], "takes 4 inputs but the layer before gives"),
        (lambda: [torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.Tanh(),
                  torch.nn.Linear(3, 1)], "different activations"),
        (lambda: [], "no Linear layer"),
        (lambda: [torch.nn.Linear(2, 2), torch.nn.GELU()], r"module 1 \(GELU"),
    ],
)
def test_from_torch_refuses_what_an_mlp_is_not(modules, match):
    with pytest.raises(ValueError, match=match):
        from_torch(torch.nn.Sequential(*modules()))


def test_bad_arguments():
    with pytest.raises(TypeError, match="expects a torch.nn.Sequential"):
        from_torch(torch.nn.Linear(2, 1))
    with pytest.raises(TypeError, match="expects a nets.MLP"):
        to_torch(object())
    with pytest.raises(TypeError, match="from_torch: fused must be True or False"):
        from_torch(torch.nn.Sequential(torch.nn.Linear(2, 1)), fused="no")


def test_a_wrong_argument_is_named_before_a_missing_torch(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    with pytest.raises(TypeError, match="to_torch: expects a nets.MLP, got int"):
        to_torch(5)
    with pytest.raises(ImportError, match=r"chainrule\[torch\]"):
        to_torch(MLP(2, [1], seed=0))
