"""How pictures look: the highlight styles and the font, shared by drawings and stepper pages.

This module provides :data:`STYLES` (highlight name -> node fill, edge colour,
edge pen width; strongest first), :data:`COLOUR_NAMES` (what each style's
colour is called in legends), :data:`PLAIN` (an unhighlighted element) and
:data:`FONT`.
"""

from __future__ import annotations

__all__ = ["COLOUR_NAMES", "FONT", "PLAIN", "STYLES"]

#: Highlight styles, strongest first: node fill, edge colour, edge pen width. "accumulate" marks
#: the edge of a step that adds one of several contributions into a node (``+=``); it is the
#: strongest, so it wins over the "current" step it is part of.
STYLES: dict[str, dict[str, str]] = {
    "accumulate": {"fill": "#e8dcf4", "edge": "#9467bd", "penwidth": "3.5"},
    "current": {"fill": "#fcd5d0", "edge": "#d62728", "penwidth": "3"},
    "path": {"fill": "#fff0b3", "edge": "#e6820e", "penwidth": "2.5"},
    "done": {"fill": "#dcefd5", "edge": "#2ca02c", "penwidth": "1.5"},
}
#: The name of each style's colour, for legends and captions.
COLOUR_NAMES: dict[str, str] = {"accumulate": "purple", "current": "red", "path": "orange", "done": "green"}
#: An element with no highlight.
PLAIN: dict[str, str] = {"fill": "white", "edge": "black", "penwidth": "1"}
#: The font of every label.
FONT = "Helvetica"
