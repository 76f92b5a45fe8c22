"""The way out: an MLP as a PyTorch ``nn.Sequential``, and back.

- :func:`to_torch` — ``nn.Sequential`` (float64) of ``nn.Linear`` layers with
  the model's weights, each followed by its activation (``nn.ReLU``,
  ``nn.Tanh``, ``nn.Sigmoid``; nothing for a linear layer).
- :func:`from_torch` — the :class:`~nets.model.MLP` of such a ``Sequential``:
  ``Linear`` layers with ``ReLU``, ``Tanh``, ``Sigmoid`` or ``Identity``
  between them (or nothing: a linear layer). Anything else is a ValueError
  naming the module.

The layouts agree: ``Linear.weight`` is ``W`` of :meth:`nets.Layer.weights`
(``W[j, i]``: from input i into neuron j), ``Linear.bias`` is ``b``. torch is
an optional dependency (``pip install 'chainrule[torch]'``), imported only here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd.core import flag

from .model import MLP

__all__ = ["from_torch", "to_torch"]

_TO_MODULE = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
_FROM_MODULE = {"ReLU": "relu", "Tanh": "tanh", "Sigmoid": "sigmoid", "Identity": "linear"}


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise ImportError(
            "nets.to_torch and nets.from_torch need PyTorch: pip install 'chainrule[torch]'"
        ) from None
    return torch


def to_torch(model: MLP) -> Any:
    """A ``torch.nn.Sequential`` (float64) computing what ``model`` computes, with a copy of its weights.

    Layer k becomes ``nn.Linear(nin, nout)`` (weight ``W``, bias ``b``), then its
    activation's module (none for "linear"). The result shares nothing with the model.

    Raises:
        TypeError: ``model`` is not a ``nets.MLP`` (checked first, with or without torch).
        ImportError: torch is not installed.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"to_torch: expects a nets.MLP, got {type(model).__name__}")
    torch = _torch()
    modules = []
    for k, layer in enumerate(model.layers, 1):
        W, b = layer.weights()
        linear = torch.nn.Linear(layer.nin, layer.nout, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        modules.append(linear)
        if layer.activation != "linear":
            if layer.activation not in _TO_MODULE:
                raise ValueError(
                    f"to_torch: layer {k} has activation {layer.activation!r}, which has no torch module"
                )
            modules.append(getattr(torch.nn, _TO_MODULE[layer.activation])())
    return torch.nn.Sequential(*modules)


def from_torch(seq: Any, *, fused: bool = True) -> MLP:
    """The :class:`~nets.model.MLP` of a ``torch.nn.Sequential`` of ``Linear`` layers and activations.

    Each ``Linear`` (with a bias) starts a layer; a ``ReLU``, ``Tanh``, ``Sigmoid``
    or ``Identity`` right after it is that layer's activation (none: linear). The
    hidden layers must share one activation (an MLP has one). The weights are
    copied as float64.

    Raises:
        ImportError: torch is not installed.
        TypeError: ``seq`` is not a ``torch.nn.Sequential``; ``fused`` is not True or False.
        ValueError: a module that is none of these (named, with its index), an
            activation with no ``Linear`` before it, a ``Linear`` without a bias,
            widths that do not chain, or hidden layers with different activations.
    """
    torch = _torch()
    if not isinstance(seq, torch.nn.Sequential):
        raise TypeError(f"from_torch: expects a torch.nn.Sequential, got {type(seq).__name__}")
    fused = flag(fused, "from_torch: fused")
    layers: list[list[Any]] = []  # [Linear, activation name]
    for i, module in enumerate(seq):
        name = type(module).__name__
        if isinstance(module, torch.nn.Linear):
            if module.bias is None:
                raise ValueError(
                    f"from_torch: module {i} ({module!r}) has no bias; an MLP's neurons all have one"
                )
            if layers and layers[-1][0].out_features != module.in_features:
                raise ValueError(
                    f"from_torch: module {i} ({module!r}) takes {module.in_features} inputs but the layer "
                    f"before gives {layers[-1][0].out_features}"
                )
            layers.append([module, "linear"])
        elif type(module) in (torch.nn.ReLU, torch.nn.Tanh, torch.nn.Sigmoid, torch.nn.Identity):
            if i == 0 or not isinstance(seq[i - 1], torch.nn.Linear):
                raise ValueError(f"from_torch: module {i} ({module!r}) does not follow a Linear layer")
            layers[-1][1] = _FROM_MODULE[name]
        else:
            raise ValueError(
                f"from_torch: module {i} ({module!r}) is not supported; a Sequential of Linear layers with "
                "ReLU, Tanh, Sigmoid or Identity between them can be read"
            )
    if not layers:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    hidden = {act for _, act in layers[:-1]}
    if len(hidden) > 1:
        raise ValueError(
            f"from_torch: the hidden layers have different activations {sorted(hidden)}; an MLP has one"
        )
    model = MLP(
        layers[0][0].in_features,
        [linear.out_features for linear, _ in layers],
        activation=hidden.pop() if hidden else "relu",
        output_activation=layers[-1][1],
        fused=fused,
    )
    for layer, (linear, _) in zip(model.layers, layers):
        W = linear.weight.detach().to("cpu", torch.float64).numpy()
        b = linear.bias.detach().to("cpu", torch.float64).numpy()
        layer.set_weights(np.array(W), np.array(b))
    return model
