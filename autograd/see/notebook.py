"""A Value's notebook display: its repr, then its graph when the graph is small enough to read inline.

A Value shows ``text/html``: its repr line, then the SVG of its graph, when
the graph has at most :data:`INLINE_LIMIT` nodes and its drawing is at most
:data:`INLINE_WIDTH` points wide (a 1,000 px notebook column). Otherwise it
shows ``text/plain``: the repr and a one-line summary saying how to draw it
(``autograd.draw(v)`` stays the explicit way). So micrograd's lecture cell
``n(x)`` prints ``Value(data=0.7071, grad=0.0)`` and a summary, not a page-wide picture.

This module provides :data:`INLINE_LIMIT`, :data:`INLINE_WIDTH`,
:func:`count_nodes`, :func:`svg_width`, :func:`value_repr_svg` and
:func:`value_repr_mimebundle`; importing it installs the latter as every
Value's notebook display (:func:`autograd.core.set_notebook_display`).
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

from ..core import Value, set_notebook_display
from .draw import draw
from .names import html_text

__all__ = [
    "INLINE_LIMIT",
    "INLINE_WIDTH",
    "count_nodes",
    "svg_width",
    "value_repr_mimebundle",
    "value_repr_svg",
]

#: A Value shows its graph inline up to this many nodes.
INLINE_LIMIT = 40
#: ... and when its drawing is at most this many points wide (a 1,000 px notebook column).
INLINE_WIDTH = 750.0

_WIDTH = re.compile(r'<svg[^>]*\swidth="([0-9.]+)(pt|px)?"')


def count_nodes(root: Value, limit: int | None = None) -> int:
    """How many Values ``root`` depends on (itself included); stops counting past ``limit``."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if limit is not None and len(seen) > limit:
            break
        stack.extend(p for p in v.parents if id(p) not in seen)
    return len(seen)


def svg_width(svg: str) -> float | None:
    """The width of an SVG drawing in points (``px`` taken as 0.75 pt), or None if it has none."""
    m = _WIDTH.search(svg)
    if m is None:
        return None
    return float(m[1]) * (0.75 if m[2] == "px" else 1.0)


def _summary(v: Value, reason: str) -> str:
    return f"{v!r} — {reason}; draw it with autograd.draw(v) (or hide_constants=True, or a collapsed view)"


def value_repr_svg(v: Value) -> str | None:
    """The SVG of ``v``'s graph, or None above :data:`INLINE_LIMIT` nodes or without a renderer."""
    from .render import GraphvizNotFoundError, RenderError, render_svg

    if count_nodes(v, INLINE_LIMIT) > INLINE_LIMIT:
        return None
    try:
        return render_svg(draw(v))
    except (GraphvizNotFoundError, RenderError, OSError, subprocess.SubprocessError):
        return None


def value_repr_mimebundle(v: Value, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """``v`` in a notebook: the repr and its small graph as HTML, else the repr and a summary as text."""
    n = count_nodes(v, INLINE_LIMIT)
    if n > INLINE_LIMIT:
        return {"text/plain": _summary(v, f"a graph of more than {INLINE_LIMIT} nodes")}
    svg = value_repr_svg(v)
    if svg is None:
        return {"text/plain": _summary(v, "no Graphviz renderer found to draw its graph")}
    width = svg_width(svg)
    if width is not None and width > INLINE_WIDTH:
        return {"text/plain": _summary(v, f"its drawing is {width:.0f} pt wide, over {INLINE_WIDTH:.0f}")}
    body = svg[svg.index("<svg") :]
    return {"text/html": f"<pre>{html_text(repr(v))}</pre>\n{body}", "text/plain": repr(v)}


set_notebook_display(value_repr_mimebundle)
