"""How nodes are named, how ops are written out, and how label text is escaped for Graphviz.

This module provides :func:`html_label` — any text as the inside of a
Graphviz HTML-like label, shown literally and unable to break or inject into
the DOT source — :func:`node_name`, the name a Stepper's text and ledgers
give a node, :func:`expr`, an op applied to its arguments written as
maths ("x1 * w1", "-a", "s**2", "tanh(o)", from each op's ``notation`` in
the op table), and :func:`rule_and_number`.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..core import OpDef, Value

__all__ = ["expr", "html_label", "node_name", "rule_and_number"]

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
    """How a Stepper's text and ledgers name a node: its label, else "const 2", "leaf 0.5" or "(*: -0.15)".

    (A :class:`~autograd.Step`'s own ``str()`` names nodes its own way.)
    """
    if v.label:
        return v.label
    if v.op == "const":
        return f"const {v.data:g}"
    if v.is_leaf():
        return f"leaf {v.data:g}"
    return f"({v.op}: {v.data:.4g})"


def expr(op: OpDef, args: list[str], max_args: int | None = None) -> str:
    """``op`` applied to the argument texts ``args``, written as maths.

    An op with a ``notation`` is written with it ("a * b", "-a", "a**2");
    any other op as a call, "op(a, b)". With ``max_args``, a call with more
    arguments is shortened to "op(a, ..., z)".
    """
    if op.notation is not None and len(args) == op.arity:
        return op.notation.format(*args)
    name = op.name
    if max_args is not None and len(args) > max_args:
        return f"{name}({args[0]}, ..., {args[-1]})"
    return f"{name}({', '.join(args)})"


def rule_and_number(rule: str, local: float) -> str:
    """"rule = number", or just the number when the rule is that number (e.g. "1")."""
    number = f"{local:.6g}"
    return number if rule == number else f"{rule} = {number}"
