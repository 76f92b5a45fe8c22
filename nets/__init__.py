"""nets — neurons, layers and MLPs built only from autograd's public API.

Public API:

- :class:`Neuron`, :class:`Layer`, :class:`MLP` (parameters in article 2's
  phi order), :data:`ACTIVATIONS`, :data:`INITS`
- losses: :func:`mse`, :func:`half_mse`, :func:`sse`, :func:`bce`,
  :func:`bce_with_logits`, :func:`cross_entropy`, :func:`hinge`, :func:`l2`
- optimizers: :class:`SGD`, :class:`RMSprop`, :class:`Adam` (base :class:`Optimizer`)
- :func:`save`, :func:`load` — versioned JSON model files
- :func:`fit`, :class:`History`, :func:`predict`, :func:`accuracy`,
  :func:`decision_grid` — training and evaluation
- :mod:`nets.datasets` — toy data sets; :mod:`nets.reference` — article 1's
  backprop in numpy, an independent oracle
"""

from . import datasets, reference
from .io import load, save
from .losses import bce, bce_with_logits, cross_entropy, half_mse, hinge, l2, mse, sse
from .model import ACTIVATIONS, INITS, MLP, Layer, Module, Neuron
from .optim import SGD, Adam, Optimizer, RMSprop
from .train import History, accuracy, decision_grid, fit, predict

__all__ = [
    "ACTIVATIONS",
    "History",
    "accuracy",
    "datasets",
    "decision_grid",
    "fit",
    "predict",
    "reference",
    "INITS",
    "MLP",
    "SGD",
    "Adam",
    "Layer",
    "Module",
    "Neuron",
    "Optimizer",
    "RMSprop",
    "bce",
    "bce_with_logits",
    "cross_entropy",
    "half_mse",
    "hinge",
    "l2",
    "load",
    "mse",
    "save",
    "sse",
]
