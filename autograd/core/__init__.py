"""The engine core: the graph node, every op, the backward pass and ``grad``.

It imports nothing outside ``autograd.core``; the seeing layer
(:mod:`autograd.see`), gradient checking (:mod:`autograd.gradcheck`) and
``nets`` are built on what it exports here.

Modules: :mod:`~autograd.core.errors` (DomainError),
:mod:`~autograd.core.registry` (what an op is; the table; the ``F``
namespaces), :mod:`~autograd.core.node` (Value, making nodes, walks,
backward, the pass guard), :mod:`~autograd.core.defop` (a declaration
becomes a function and methods), :mod:`~autograd.core.ops` (every built-in
op, declared once), :mod:`~autograd.core.grad` (``grad``),
:mod:`~autograd.core.differences` (numeric differences),
:mod:`~autograd.core.trace` (a graph replayed on any numbers),
:mod:`~autograd.core.options` (how public functions read flags, counts and reals).
"""

from . import ops
from .defop import declare, defop
from .differences import (
    central_difference,
    complex_step,
    directional_difference,
    richardson,
    richardson_steps,
)
from .errors import AnomalyError, DomainError, NoComplexForwardError, describe
from .grad import grad
from .node import (
    Value,
    anomaly_error,
    apply,
    as_float,
    as_value,
    assign_role,
    backward,
    const,
    detect_anomaly,
    grad_pass,
    is_anomaly_enabled,
    is_grad_enabled,
    no_grad,
    require_value,
    set_notebook_display,
    topological_order,
    value_list,
    weighted_sums,
)
from .options import count, flag, real, seed
from .registry import REGISTRY, OpDef, floatmath, valuemath
from .trace import Trace, trace

FUNCTIONS = ops.FUNCTIONS

__all__ = [
    "FUNCTIONS",
    "AnomalyError",
    "REGISTRY",
    "DomainError",
    "NoComplexForwardError",
    "OpDef",
    "Trace",
    "Value",
    "anomaly_error",
    "apply",
    "as_float",
    "as_value",
    "assign_role",
    "backward",
    "central_difference",
    "complex_step",
    "const",
    "count",
    "declare",
    "defop",
    "describe",
    "detect_anomaly",
    "directional_difference",
    "flag",
    "floatmath",
    "grad",
    "grad_pass",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "no_grad",
    "real",
    "require_value",
    "richardson",
    "richardson_steps",
    "seed",
    "set_notebook_display",
    "topological_order",
    "trace",
    "value_list",
    "valuemath",
    "weighted_sums",
]
