"""autograd — a scalar reverse-mode autograd engine where every chain-rule step is visible.

Build a graph by computing with :class:`Value`; call ``backward()``; read
``.grad``. Every node keeps its ``parents`` and the ``local_grads`` of each
edge, so each step of the chain rule can be inspected
(:func:`backward_steps`).

Public API:

- :class:`Value`, :func:`const`, :func:`no_grad`, :func:`is_grad_enabled`
- ops: ``abs cos dot exp log log_sigmoid neg relu sigmoid sign sin softplus
  sqrt step tanh`` (also ``Value`` methods and operators), one function for
  every op of the table in :mod:`autograd.core.ops`
- :func:`backward`, :func:`backward_steps`, :class:`Step`,
  :func:`topological_order`
- :func:`defop`, :class:`OpDef`, :data:`REGISTRY` — declare and list ops
- :func:`grad`, :func:`check_grads` (every order, three oracles, fast mode),
  :func:`gradcheck`, :func:`gradgradcheck`, :func:`assert_gradcheck`,
  :class:`GradcheckError`, :class:`KinkWarning` — test gradients;
  :func:`trace` — a graph replayed on any numbers (complex too), and over a
  batch in numpy with its backward pass, as straight-line code (:mod:`autograd.tape`);
  :mod:`autograd.strategies` — hypothesis strategies (``chainrule[testing]``)
- :func:`draw` (alias :func:`draw_dot`), :func:`render_svg`,
  :func:`render_png`, :func:`save` — pictures of a graph
- :class:`Stepper` — a backward (or forward) pass to step through, as a
  standalone HTML page or in a notebook
- :func:`explain` — the chain-rule ledger: every path from a parameter to the
  output, each edge's local derivative, each path's product, the total
- :class:`DomainError`; :func:`detect_anomaly` and :class:`AnomalyError` — a
  gradient that becomes NaN or infinite raises, with its path

Layers (imports go one way, down this list): :mod:`autograd.core` (the
engine), :mod:`autograd.gradcheck` and :mod:`autograd.see` (built on the
core's public API), :mod:`autograd.tape` (the core's trace replayed with
numpy), this package (re-exports).
"""

from .core import (
    FUNCTIONS,
    REGISTRY,
    AnomalyError,
    DomainError,
    OpDef,
    Value,
    backward,
    const,
    defop,
    detect_anomaly,
    grad,
    is_grad_enabled,
    no_grad,
    topological_order,
)
from .gradcheck import GradcheckError, KinkWarning, assert_gradcheck, check_grads, gradcheck, gradgradcheck
from .see import Step, Stepper, backward_steps, draw, draw_dot, explain, render_png, render_svg, save
from .tape import trace

globals().update(FUNCTIONS)  # abs, cos, dot, exp, ...: one per op of the table

__all__ = [
    "AnomalyError",
    "DomainError",
    "GradcheckError",
    "KinkWarning",
    "OpDef",
    "REGISTRY",
    "Step",
    "Stepper",
    "Value",
    "assert_gradcheck",
    "backward",
    "backward_steps",
    "check_grads",
    "const",
    "defop",
    "detect_anomaly",
    "draw",
    "draw_dot",
    "explain",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "no_grad",
    "render_png",
    "render_svg",
    "save",
    "topological_order",
    "trace",
    *sorted(FUNCTIONS),
]
