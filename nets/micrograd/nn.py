"""micrograd's ``micrograd.nn`` on :mod:`nets`: ``Module``, ``Neuron``, ``Layer``, ``MLP``.

The signatures, defaults, reprs and return types are micrograd's:

- ``Neuron(nin, nonlin=True)``: relu (``nonlin=True``) or linear; ``repr`` is
  ``ReLUNeuron(2)`` or ``LinearNeuron(2)``.
- ``Layer(nin, nout, **kwargs)``: ``nout`` neurons, ``kwargs`` go to each
  ``Neuron``; calling it returns a Value when ``nout`` is 1, else a list;
  ``repr`` is ``Layer of [...]``.
- ``MLP(nin, nouts)``: relu hidden layers, a linear output layer; ``repr`` is
  ``MLP of [...]``.
- ``Module``: ``zero_grad()`` and ``parameters()`` (none, unless a subclass
  says so), for your own modules.

Each weight is drawn with the global ``random`` module's ``uniform(-1, 1)``, in
micrograd's order (neuron by neuron, each neuron's weights in input order),
and each bias starts at 0, so ``random.seed(1337)`` gives micrograd's numbers.
The graph is micrograd's fine-grained one: one ``*`` node per weight and a
chain of ``+`` nodes (``nets``' ``fused=False``), then ``relu``.

The classes are :mod:`nets`' own: ``Neuron`` is a :class:`nets.Neuron`,
``Layer`` a :class:`nets.Layer`, ``MLP`` a :class:`nets.MLP`, and their
forward passes are nets'. So nodes carry :class:`nets.Role` labels
(``L1.N3.w2``), and :func:`nets.draw_network`, :func:`nets.delta_table`,
:func:`nets.parameter_table`, ``phi()``, ``weights()``, ``article_names()``,
:func:`nets.save` and :func:`nets.fit` work on them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from autograd import Value
from nets import model as nets_model

__all__ = ["MLP", "Layer", "Module", "Neuron"]


def _activation(nonlin: Any) -> str:
    return "relu" if nonlin else "linear"


class Module(nets_model.Module):
    """micrograd's ``Module``: ``zero_grad()`` and ``parameters()``.

    A plain ``Module`` has no parameters. Subclass it as in micrograd and
    override ``parameters()`` (``zero_grad()`` and ``phi()`` use it), or
    ``named_parameters()`` to give them names as well.
    """

    def named_parameters(self) -> list[tuple[str, Value]]:
        """``(name, Value)`` pairs; a plain Module has none."""
        return []


class Neuron(nets_model.Neuron, Module):
    """micrograd's ``Neuron(nin, nonlin=True)``: relu(w . x + b), or w . x + b when ``nonlin`` is false.

    Its weights are drawn from the global ``random`` module (``uniform(-1, 1)``,
    in input order), its bias is 0. ``layer`` and ``index`` only name the
    nodes (``L{layer}.N{index}.w1``, ...); a Layer sets them.
    """

    def __init__(self, nin: int, nonlin: Any = True, *, layer: int = 1, index: int = 1) -> None:
        super().__init__(
            nin, _activation(nonlin), init="micrograd", rng=random, fused=False, layer=layer, index=index
        )
        self.nonlin = nonlin

    def __repr__(self) -> str:
        return f"{'ReLU' if self.nonlin else 'Linear'}Neuron({len(self.w)})"


class Layer(nets_model.Layer, Module):
    """micrograd's ``Layer(nin, nout, **kwargs)``: ``nout`` :class:`Neuron` s, each ``Neuron(nin, **kwargs)``.

    Calling it returns one Value when ``nout`` is 1, else a list. ``layer``
    names its nodes (``L{layer}.N{j}.*``); an MLP sets it.
    """

    def __init__(self, nin: int, nout: int, *, layer: int = 1, **kwargs: Any) -> None:
        # nets.Layer checks the arguments and sets every attribute it has; its neurons are drawn
        # from a private generator and replaced at once by micrograd's, drawn from `random`.
        super().__init__(
            nin, nout, _activation(kwargs.get("nonlin", True)), rng=random.Random(0), fused=False, layer=layer
        )
        self.neurons = [
            Neuron(self.nin, layer=self.layer, index=j, **kwargs) for j in range(1, self.nout + 1)
        ]

    def __call__(self, x: Sequence[Any]) -> Value | list[Value]:
        """The neurons' outputs: a Value when the layer has one neuron, else a list (as in micrograd)."""
        out = super().__call__(x)
        return out[0] if len(out) == 1 else out

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(nets_model.MLP, Module):
    """micrograd's ``MLP(nin, nouts)``: relu hidden layers, then a linear output layer.

    ``model(x)`` returns a Value when the last layer has one neuron, else a list.
    """

    def __init__(self, nin: int, nouts: Sequence[int]) -> None:
        # As in Layer: nets.MLP checks and sets its attributes; the layers are micrograd's.
        super().__init__(nin, nouts, "relu", "linear", seed=0, init="micrograd", fused=False)
        self.seed = None
        self.rng = random
        last = len(self.nouts) - 1
        sizes = [self.nin, *self.nouts]
        self.layers = [
            Layer(sizes[k], sizes[k + 1], layer=k + 1, nonlin=k != last) for k in range(len(self.nouts))
        ]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"
