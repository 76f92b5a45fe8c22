"""nets — neurons, layers and MLPs built only from autograd's public API.

Public API:

- :class:`Neuron`, :class:`Layer`, :class:`MLP` (parameters in article 2's
  phi order), :data:`ACTIVATIONS`, :data:`INITS`, :class:`Role` (what a
  network's node is: ``v.role``)
- losses: :func:`mse`, :func:`half_mse`, :func:`sse`, :func:`bce`,
  :func:`bce_with_logits`, :func:`cross_entropy`, :func:`hinge`, :func:`l2`
- optimizers: :class:`SGD`, :class:`RMSprop`, :class:`Adam` (base :class:`Optimizer`)
- :func:`save`, :func:`load` — versioned JSON model files
- :func:`to_torch`, :func:`from_torch` — the way out: an MLP as a PyTorch
  ``nn.Sequential`` and back (needs ``chainrule[torch]``)
- :func:`fit`, :class:`History`, :func:`predict`, :func:`accuracy`,
  :func:`decision_grid` — training and evaluation
- :func:`delta_table`, :func:`parameter_table` — article 1's delta table and
  article 2's per-parameter table, with checks; :func:`draw_network`,
  :func:`neuron_groups`, :func:`neuron_of` — pictures boxed by neuron;
  :class:`TrainingView` — a ``fit`` callback: training in motion (notebook, GIF)
- :class:`KAN` (with :class:`KANLayer`, :class:`Spline`) — a tiny Kolmogorov–Arnold network
- :mod:`nets.datasets` — toy data sets; :mod:`nets.reference` — article 1's
  backprop in numpy, an independent oracle
"""

from . import datasets, reference
from .export import from_torch, to_torch
from .io import load, save
from .kan import KAN, KANLayer, Spline
from .losses import bce, bce_with_logits, cross_entropy, half_mse, hinge, l2, mse, sse
from .model import ACTIVATIONS, INITS, MLP, Layer, Module, Neuron, Role
from .optim import SGD, Adam, Optimizer, RMSprop
from .tables import DeltaTable, ParameterTable, delta_table, parameter_table
from .train import History, accuracy, decision_grid, fit, predict
from .training_view import TrainingView
from .views import draw_network, neuron_groups, neuron_of

__all__ = [
    "KAN",
    "KANLayer",
    "Spline",
    "ACTIVATIONS",
    "DeltaTable",
    "ParameterTable",
    "delta_table",
    "draw_network",
    "neuron_groups",
    "neuron_of",
    "parameter_table",
    "History",
    "accuracy",
    "datasets",
    "decision_grid",
    "fit",
    "from_torch",
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
    "Role",
    "TrainingView",
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
    "to_torch",
]
