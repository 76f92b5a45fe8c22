"""A Value's notebook display: its graph as an inline SVG, or one line of text when it is big.

This module provides :data:`INLINE_LIMIT`, :func:`count_nodes`,
:func:`value_repr_svg` and :func:`value_repr_mimebundle`; importing it
installs the latter as every Value's notebook display
(:func:`autograd.core.set_notebook_display`).
"""

from __future__ import annotations

import subprocess
from typing import Any

from ..core import Value, set_notebook_display
from .draw import draw

__all__ = ["INLINE_LIMIT", "count_nodes", "value_repr_mimebundle", "value_repr_svg"]

#: A Value displays itself as an inline SVG up to this many graph nodes.
INLINE_LIMIT = 300


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


def _summary(v: Value, reason: str) -> str:
    return f"{v!r} — {reason}; draw it with autograd.draw(v, hide_constants=True) or a collapsed view"


def value_repr_svg(v: Value) -> str | None:
    """The inline SVG of ``v``'s graph, or None above :data:`INLINE_LIMIT` nodes or without a renderer."""
    from .render import GraphvizNotFoundError, RenderError, render_svg

    if count_nodes(v, INLINE_LIMIT) > INLINE_LIMIT:
        return None
    try:
        return render_svg(draw(v))
    except (GraphvizNotFoundError, RenderError, OSError, subprocess.SubprocessError):
        return None


def value_repr_mimebundle(v: Value, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """A notebook display of ``v``: inline SVG up to :data:`INLINE_LIMIT` nodes, else one line of text."""
    n = count_nodes(v, INLINE_LIMIT)
    if n > INLINE_LIMIT:
        text = _summary(v, f"a graph of more than {INLINE_LIMIT} nodes, too big to show inline")
        return {"text/plain": text}
    svg = value_repr_svg(v)
    if svg is None:
        return {"text/plain": _summary(v, "no Graphviz renderer found to draw its graph")}
    return {"image/svg+xml": svg, "text/plain": repr(v)}


set_notebook_display(value_repr_mimebundle)
