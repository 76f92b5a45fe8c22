"""Tests of nets.micrograd.nn: micrograd's Module, Neuron, Layer and MLP on nets' own classes.

The demo test replays micrograd's demo.ipynb (karpathy/micrograd) on nets.micrograd and compares
every step with micrograd 0.1.0's own run, recorded once in data/moons_demo.json by data/record.py
(its moons data come from scikit-learn's make_moons; neither is needed here). The demo's loss
function below is micrograd's code, Andrej Karpathy's, MIT-licensed: see LICENSE-karpathy.txt in
this folder.
"""

from __future__ import annotations

import inspect
import json
import random
from collections import Counter
from pathlib import Path

import graphviz
import numpy as np
import pytest

import autograd
import nets
from nets import losses
from nets.micrograd import nn
from nets.micrograd.engine import Value
from nets.micrograd.nn import MLP, Layer, Module, Neuron

DEMO = json.loads((Path(__file__).parent / "data" / "moons_demo.json").read_text(encoding="utf-8"))

#: what micrograd's demo.ipynb prints for print(model) (its stored output)
DEMO_REPR = (
    "MLP of [Layer of [" + ", ".join(["ReLUNeuron(2)"] * 16) + "], Layer of ["
    + ", ".join(["ReLUNeuron(16)"] * 16) + "], Layer of [LinearNeuron(16)]]"
)


def ops(root: Value) -> Counter:
    return Counter(v.op for v in autograd.topological_order(root))


# -- micrograd's signatures, reprs and return types ------------------------------------------------


def test_micrograds_signatures():
    assert str(inspect.signature(Neuron)).startswith("(nin: 'int', nonlin: 'Any' = True")
    assert str(inspect.signature(Layer)).startswith("(nin: 'int', nout: 'int', *")
    assert "**kwargs" in str(inspect.signature(Layer))
    assert list(inspect.signature(MLP).parameters) == ["nin", "nouts"]
    assert nn.__all__ == ["MLP", "Layer", "Module", "Neuron"]


def test_reprs():
    assert repr(Neuron(2)) == "ReLUNeuron(2)"
    assert repr(Neuron(2, nonlin=False)) == "LinearNeuron(2)"
    assert repr(Neuron(2, False)) == "LinearNeuron(2)"
    assert repr(Layer(3, 2)) == "Layer of [ReLUNeuron(3), ReLUNeuron(3)]"
    assert repr(Layer(3, 1, nonlin=False)) == "Layer of [LinearNeuron(3)]"
    model = MLP(2, [16, 16, 1])
    assert repr(model) == str(model) == DEMO_REPR
    assert len(model.parameters()) == 337


def test_layer_returns_a_value_for_one_neuron_and_a_list_otherwise():
    x = [Value(1.0), Value(-2.0), Value(0.5)]
    one = Layer(3, 1)(x)
    assert isinstance(one, Value)
    two = Layer(3, 2)(x)
    assert isinstance(two, list) and len(two) == 2 and all(isinstance(v, Value) for v in two)
    assert isinstance(MLP(3, [4, 1])(x), Value)
    assert len(MLP(3, [4, 2])(x)) == 2


def test_layer_passes_its_keyword_arguments_to_each_neuron():
    layer = Layer(2, 3, nonlin=False)
    assert [n.nonlin for n in layer.neurons] == [False] * 3
    assert layer.activation == "linear"
    with pytest.raises(TypeError):
        Layer(2, 3, nonlinear=False)


def test_mlp_is_relu_then_linear():
    model = MLP(2, [3, 3, 1])
    assert [[n.nonlin for n in layer.neurons] for layer in model.layers] == [[True] * 3, [True] * 3, [False]]
    assert [layer.activation for layer in model.layers] == ["relu", "relu", "linear"]
    assert repr(model) == (
        "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], "
        "Layer of [ReLUNeuron(3), ReLUNeuron(3), ReLUNeuron(3)], Layer of [LinearNeuron(3)]]"
    )


def test_numbers_as_inputs_work_as_in_micrograd():
    random.seed(0)
    n = Neuron(2, nonlin=False)
    w1, w2 = (w.data for w in n.w)
    assert n([1.0, -2.0]).data == pytest.approx(w1 - 2 * w2, rel=1e-15)


# -- the initialisation: the global random module, micrograd's order -------------------------------


def micrograds_draws(nin: int, nouts: list[int]) -> list[float]:
    """The parameters micrograd's MLP(nin, nouts) gets from the current state of `random`, in its order."""
    params, sizes = [], [nin, *nouts]
    for k in range(len(nouts)):
        for _ in range(sizes[k + 1]):
            params += [random.uniform(-1, 1) for _ in range(sizes[k])] + [0.0]  # weights, then the bias 0
    return params


def test_random_seed_1337_gives_micrograds_parameters():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    after = random.random()
    random.seed(1337)
    expected = micrograds_draws(2, [16, 16, 1])
    assert [p.data for p in model.parameters()] == expected
    assert after == random.random()  # the model drew exactly micrograd's number of values


def test_neurons_and_layers_draw_from_the_global_random_module():
    random.seed(7)
    n = Neuron(3)
    layer = Layer(2, 2)
    random.seed(7)
    assert [p.data for p in n.parameters()] == [random.uniform(-1, 1) for _ in range(3)] + [0.0]
    assert [p.data for p in layer.parameters()] == micrograds_draws(2, [2])


# -- the graph: micrograd's fine-grained one -------------------------------------------------------


def test_the_graph_has_one_product_per_weight_and_a_chain_of_sums():
    x = [Value(1.0), Value(-2.0), Value(0.5)]
    out = Neuron(3)(x)
    assert out.op == "relu" and out._op == "ReLU"
    assert ops(out) == Counter({"": 7, "*": 3, "+": 3, "relu": 1})  # leaves: 3 x, 3 w, b
    linear = Neuron(3, nonlin=False)(x)
    assert ops(linear) == Counter({"": 7, "*": 3, "+": 3})
    # nets' order: ((w1*x1 + w2*x2) + w3*x3) + b; micrograd's is ((b + w1*x1) + w2*x2) + w3*x3
    top, bias = linear.parents
    assert bias.role.kind == "b" and top.op == "+"


def test_nodes_carry_nets_roles_and_labels():
    model = MLP(2, [2, 1])
    out = model([Value(0.5), Value(-1.0)])
    assert out.label == "L2.N1.o" and out.role == nets.Role(2, 1, "o")
    assert [label for label, _ in model.named_parameters()][:3] == ["L1.N1.w1", "L1.N1.w2", "L1.N1.b"]
    assert model.article_names()[-1] == "b_Y"


# -- they are nets' classes, so nets' tools work on them -------------------------------------------


def test_they_are_nets_classes():
    model = MLP(2, [4, 1])
    assert isinstance(model, nets.MLP) and isinstance(model, Module)
    assert all(isinstance(layer, nets.Layer) and isinstance(layer, Layer) for layer in model.layers)
    assert all(isinstance(n, nets.Neuron) and isinstance(n, Neuron) for n in model.layers[0].neurons)
    assert model.fused is False and all(layer.fused is False for layer in model.layers)
    assert all(n.fused is False for layer in model.layers for n in layer.neurons)


def test_they_have_every_attribute_of_nets_classes():
    assert set(vars(nets.MLP(2, [4, 1], fused=False))) <= set(vars(MLP(2, [4, 1])))
    assert set(vars(nets.Layer(2, 4, fused=False))) <= set(vars(Layer(2, 4)))
    assert set(vars(nets.Neuron(2, fused=False))) <= set(vars(Neuron(2)))


def test_delta_and_parameter_tables_work():
    random.seed(1)
    model = MLP(2, [4, 4, 1])
    x, y = [0.5, -0.3], 1.0
    before = model.phi_grad()
    table = nets.delta_table(model, x, y)
    assert table.max_abs_diff < 1e-12
    params = nets.parameter_table(model, x, y)
    assert len(params.rows) == len(model.parameters()) == 37
    assert all(r.grad == pytest.approx(r.numeric, abs=1e-6) for r in params.rows)
    assert (model.phi_grad() == before).all()  # both tables leave the grads as they were


def test_draw_network_works():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    picture = nets.draw_network(model, [0.5, -0.3], 1.0)
    assert isinstance(picture, graphviz.Digraph)
    assert "N1_1  (L1.N1)" in picture.source and "N16_2  (L2.N16)" in picture.source
    assert "Y  (L3.N1)" in picture.source
    full = nets.draw_network(MLP(2, [2, 1]), [0.5, -0.3], 1.0, collapsed=False)
    assert "<svg" in autograd.render_svg(full)


def test_stepper_and_ledger_work_on_a_neuron():
    random.seed(3)
    n = Neuron(2, nonlin=False)
    x1 = Value(2.0, label="x1")
    out = n([x1, Value(0.0, label="x2")])
    out.backward()
    ledger = autograd.explain(out, x1)
    assert ledger.total == pytest.approx(x1.grad, rel=1e-12) == pytest.approx(n.w[0].data, rel=1e-12)
    assert len(autograd.Stepper(out)) == len(list(autograd.backward_steps(out)))


# -- Module ----------------------------------------------------------------------------------------


def test_module_has_no_parameters_and_zero_grad_zeroes_a_subclasss():
    assert Module().parameters() == []
    Module().zero_grad()

    class Affine(Module):  # a user's module, micrograd style
        def __init__(self):
            self.a, self.b = Value(2.0), Value(1.0)

        def parameters(self):
            return [self.a, self.b]

    m = Affine()
    (m.a * 3.0 + m.b).backward()
    assert (m.a.grad, m.b.grad) == (3.0, 1.0)
    m.zero_grad()
    assert (m.a.grad, m.b.grad) == (0.0, 0.0)
    assert list(m.phi()) == [2.0, 1.0]


def test_zero_grad_and_parameters_on_the_mlp():
    model = MLP(2, [3, 1])
    model([1.0, 2.0]).backward()
    assert any(p.grad for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())
    assert model.parameters() == [p for layer in model.layers for p in layer.parameters()]
    first = model.layers[0].neurons[0]
    assert first.parameters() == [*first.w, first.b]


# -- micrograd's demo, step by step ----------------------------------------------------------------


def demo_loss(model: MLP, X: np.ndarray, y: np.ndarray):
    """demo.ipynb's loss(batch_size=None), as it is written there."""
    Xb, yb = X, y
    inputs = [list(map(Value, xrow)) for xrow in Xb]

    # forward the model to get scores
    scores = list(map(model, inputs))

    # svm "max-margin" loss
    losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    # L2 regularization
    alpha = 1e-4
    reg_loss = alpha * sum(p * p for p in model.parameters())
    total_loss = data_loss + reg_loss

    # also get accuracy
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
    return total_loss, sum(accuracy) / len(accuracy)


def test_random_seed_1337_reproduces_micrograds_demo_at_every_step():
    X, y = np.array(DEMO["X"]), np.array(DEMO["y"]) * 2 - 1  # demo.ipynb: y = y*2 - 1
    np.random.seed(1337)
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    got_losses, got_accuracies = [], []
    for k in range(100):
        total_loss, acc = demo_loss(model, X, y)
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        got_losses.append(total_loss.data)
        got_accuracies.append(float(acc))
    # micrograd sums grads in an order that follows object ids, so two runs of micrograd itself differ
    # by ~5e-15; nets' sums (w1*x1 + ... + b, not b + w1*x1 + ...) differ from micrograd's by as little
    assert got_losses == pytest.approx(DEMO["losses"], rel=1e-12, abs=0)
    assert got_accuracies == DEMO["accuracies"]
    assert got_losses[0] == DEMO["losses"][0]  # step 0: b = 0, so even the sums agree bit for bit


def test_nets_fit_on_micrograds_mlp_follows_micrograds_demo():
    X, y = np.array(DEMO["X"]), np.array(DEMO["y"])
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    opt = nets.SGD(model.parameters(), lr=lambda k: 1.0 - 0.9 * k / 100)
    history = nets.fit(model, X, y, loss=losses.hinge, optimizer=opt, epochs=30, l2=1e-4, progress=False)
    assert history.loss == pytest.approx(DEMO["losses"][:30], rel=1e-12, abs=0)
    assert history.accuracy == DEMO["accuracies"][:30]
