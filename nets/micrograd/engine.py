"""micrograd's ``micrograd.engine``: ``Value`` is chainrule's :class:`autograd.Value`.

``from nets.micrograd.engine import Value`` gives the same class as ``from
autograd import Value``, so everything chainrule offers (``autograd.Stepper``,
``autograd.explain``, ``autograd.draw_dot``, ...) works on the Values of code
written for micrograd.
"""

from autograd import Value

__all__ = ["Value"]
