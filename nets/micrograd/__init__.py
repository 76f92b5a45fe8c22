"""micrograd's layout on chainrule: replace ``micrograd`` with ``nets.micrograd`` in your imports.

- :mod:`nets.micrograd.engine` — ``Value`` (chainrule's :class:`autograd.Value`).
- :mod:`nets.micrograd.nn` — ``Module``, ``Neuron(nin, nonlin=True)``,
  ``Layer(nin, nout, **kwargs)``, ``MLP(nin, nouts)`` with micrograd's
  signatures, defaults, reprs and return types, weights drawn from the global
  ``random`` module in micrograd's order (so ``random.seed(1337)`` reproduces
  micrograd's demo), built on :mod:`nets`' own neurons, layers and MLPs.

So ``from micrograd.engine import Value`` becomes ``from nets.micrograd.engine
import Value``, and ``from micrograd import nn`` becomes ``from nets.micrograd
import nn``. What differs on purpose is in ``docs/coming_from_micrograd.md``.
"""

from . import engine, nn

__all__ = ["engine", "nn"]
