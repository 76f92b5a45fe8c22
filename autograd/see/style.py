"""How pictures look: the highlight styles and the font, shared by drawings and stepper pages.

This module provides :data:`STYLES` (highlight name -> node fill, edge colour,
edge pen width; strongest first), :data:`PLAIN` (an unhighlighted element)
and :data:`FONT`.
"""

from __future__ import annotations

__all__ = ["FONT", "PLAIN", "STYLES"]

#: Highlight styles, strongest first: node fill, edge colour, edge pen width.
STYLES: dict[str, dict[str, str]] = {
    "current": {"fill": "#fcd5d0", "edge": "#d62728", "penwidth": "3"},
    "path": {"fill": "#fff0b3", "edge": "#e6820e", "penwidth": "2.5"},
    "done": {"fill": "#dcefd5", "edge": "#2ca02c", "penwidth": "1.5"},
}
#: An element with no highlight.
PLAIN: dict[str, str] = {"fill": "white", "edge": "black", "penwidth": "1"}
#: The font of every label.
FONT = "Helvetica"
