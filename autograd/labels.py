"""How nodes are named and how label text is escaped for Graphviz.

This module provides :func:`html_label` — any text as the inside of a
Graphviz HTML-like label, shown literally and unable to break or inject into
the DOT source — and :func:`node_name`, the name steps and ledgers give a node.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .value import Value

__all__ = ["html_label", "node_name"]

_NEWLINE = re.compile(r"\r\n|\r|\n")


def _visible(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return f"\\x{ord(ch):02x}"
    if cat == "Cs" or ch in "\ufffe\uffff":
        return f"\\u{ord(ch):04x}"
    return ch


def _is_hidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff"


def html_label(text: str) -> str:
    """``text`` as the inside of a Graphviz HTML-like label, shown literally.

    ``html.escape`` (quotes too), then every backslash doubled (Graphviz
    expands ``\\N``, ``\\G``, ``\\E`` even in HTML-like labels), other control
    characters written as ``\\xNN``, and line breaks as ``<BR/>``.
    """
    if not isinstance(text, str):
        raise TypeError(f"a label must be a str, got {type(text).__name__}: {text!r}")
    lines = []
    for line in _NEWLINE.split(text):
        if any(_is_hidden(c) for c in line):
            line = "".join(_visible(c) for c in line)
        lines.append(html.escape(line).replace("\\", "\\\\"))
    return "<BR/>".join(lines)


def node_name(v: Value) -> str:
    """How steps and ledgers name a node: its label, else "const 2", "leaf 0.5" or "(*: -0.15)"."""
    if v.label:
        return v.label
    if v.op == "const":
        return f"const {v.data:g}"
    if not v.parents:
        return f"leaf {v.data:g}"
    return f"({v.op}: {v.data:.4g})"
