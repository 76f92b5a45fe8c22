"""autograd — a scalar reverse-mode autograd engine where every chain-rule step is visible.

Build a graph by computing with :class:`Value`; call ``backward()``; read
``.grad``. Every node keeps its ``parents`` and the ``local_grads`` of each
edge, so each step of the chain rule can be inspected
(:func:`backward_steps`).

Public API:

- :class:`Value`, :func:`const`, :func:`no_grad`, :func:`is_grad_enabled`
- ops: ``abs exp log sqrt tanh sigmoid relu sin cos softplus log_sigmoid
  sign step`` and :func:`dot` (also ``Value`` methods and operators)
- :func:`backward`, :func:`backward_steps`, :class:`Step`,
  :func:`topological_order`
- :func:`defop`, :class:`OpDef`, :data:`REGISTRY` — declare and list ops
- :func:`grad`, :func:`gradcheck`, :func:`gradgradcheck`,
  :func:`assert_gradcheck`, :class:`GradcheckError`, :class:`KinkWarning` —
  test gradients
- :func:`draw` (alias :func:`draw_dot`), :func:`render_svg`,
  :func:`render_png`, :func:`save` — pictures of a graph
- :class:`Stepper` — a backward (or forward) pass to step through, as a
  standalone HTML page or in a notebook
- :func:`explain` — the chain-rule ledger: every path from a parameter to the
  output, each edge's local derivative, each path's product, the total
- :class:`DomainError`
"""

from .backprop import Step, backward, backward_steps, topological_order
from .checks import GradcheckError, KinkWarning, assert_gradcheck, gradcheck, gradgradcheck
from .drawing import draw, draw_dot
from .errors import DomainError
from .gradients import grad
from .ledger import explain
from .ops import (
    abs,
    cos,
    defop,
    dot,
    exp,
    log,
    log_sigmoid,
    relu,
    sigmoid,
    sign,
    sin,
    softplus,
    sqrt,
    step,
    tanh,
)
from .registry import REGISTRY, OpDef, protect_builtins
from .render import render_png, render_svg, save
from .stepper import Stepper
from .value import Value, const, is_grad_enabled, no_grad

__all__ = [
    "DomainError",
    "GradcheckError",
    "KinkWarning",
    "OpDef",
    "REGISTRY",
    "Step",
    "Stepper",
    "Value",
    "abs",
    "assert_gradcheck",
    "backward",
    "backward_steps",
    "const",
    "cos",
    "defop",
    "dot",
    "draw",
    "draw_dot",
    "exp",
    "explain",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "log",
    "log_sigmoid",
    "no_grad",
    "relu",
    "render_png",
    "render_svg",
    "save",
    "sigmoid",
    "sign",
    "sin",
    "softplus",
    "sqrt",
    "step",
    "tanh",
    "topological_order",
]

protect_builtins()
