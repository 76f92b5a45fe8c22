"""Seeing the chain rule: steps, pictures, a stepper and the ledger — built on the core's public API.

Modules: :mod:`~autograd.see.names` (how nodes and ops are written),
:mod:`~autograd.see.steps` (``Step``, ``backward_steps``),
:mod:`~autograd.see.explain` (the chain-rule ledger),
:mod:`~autograd.see.style` (colours and font), :mod:`~autograd.see.draw`
(Graphviz drawings), :mod:`~autograd.see.render` (SVG/PNG/PDF with a system
``dot`` or graphviz-pure), :mod:`~autograd.see.page` (the stepper's HTML),
:mod:`~autograd.see.stepper` (``Stepper``), :mod:`~autograd.see.animate`
(a pass as a GIF or animated SVG for slides: ``save_animation``, ``Stepper.save``),
:mod:`~autograd.see.notebook` (a Value's notebook display, installed on import).
"""

from . import notebook
from .animate import save_animation
from .draw import draw, draw_dot
from .explain import explain
from .render import configure_graphviz_when_imported, render_png, render_svg, save
from .stepper import Stepper
from .steps import Step, backward_steps, record_steps

configure_graphviz_when_imported()  # lecture code that builds its own graphviz.Digraph renders too

__all__ = [
    "Step",
    "Stepper",
    "backward_steps",
    "draw",
    "draw_dot",
    "explain",
    "notebook",
    "record_steps",
    "render_png",
    "render_svg",
    "save",
    "save_animation",
]
