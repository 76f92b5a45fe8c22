"""How nodes are named, how ops are written out, and how label text is escaped for Graphviz.

Every node of a graph has one name, the same in step text, Stepper pages,
ledgers and pictures (:class:`Names`): its label; else an expression of its
parents' names — ``x1*w1``, ``x1*w1 + x2*w2``, ``2*x``, ``x**2``, ``tanh(o)``,
with brackets only where precedence needs them and constants by their value;
else, when that expression would pass 24 characters (or the node is a leaf
without a label), ``tN``: the N-th such node of ``topological_order(root)``,
counted from 1. A rule is shown in its operands' names
(:meth:`Names.rule`: ``d(x2*w2)/dx2 = w2``, ``da/do = 1 - tanh(o)^2``).

This module provides :class:`Names`, :func:`html_label` — any text as the
inside of a Graphviz HTML-like label, shown literally and unable to break or
inject into the DOT source — :func:`shorten` (labels over 60 characters in
pictures), :func:`expr` (an op applied to argument texts, from each op's
``notation`` in the op table), :func:`node_name` (a node's name in its own
graph) and :func:`rule_and_number`.
"""

from __future__ import annotations

import html
import re
import unicodedata

from ..core import OpDef, Value, describe, topological_order
from ..core.ops import DotOpDef

__all__ = [
    "MAX_EXPRESSION",
    "MAX_PICTURE_LABEL",
    "MAX_TOOLTIP",
    "Names",
    "expr",
    "html_label",
    "html_text",
    "node_name",
    "page_text",
    "rule_and_number",
    "shorten",
    "tooltip",
    "xml_text",
]

#: An expression name longer than this becomes ``tN``.
MAX_EXPRESSION = 24
#: Pictures show a longer label as its first 57 characters and "…" (the whole text in a tooltip).
MAX_PICTURE_LABEL = 60

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
        raise TypeError(f"a label must be a str, got {type(text).__name__}: {describe(text)}")
    lines = []
    for line in _NEWLINE.split(text):
        if any(_is_hidden(c) for c in line):
            line = "".join(_visible(c) for c in line)
        lines.append(html.escape(line).replace("\\", "\\\\"))
    return "<BR/>".join(lines)


# -- precedence, from each op's notation (Python's operator precedence) ------------------

_ATOM = 9  # a name, a number, a call: never bracketed
_INFIX = re.compile(r"^\{0\} (\S+) \{1\}$")
_PREFIX = re.compile(r"^(\S+)\{0\}$")
_POSTFIX = re.compile(r"^\{0\}(\*\*\S+)$")
#: infix symbol -> (precedence, right operand bracketed at equal precedence, spaced)
_BINARY = {
    "+": (1, False, True),
    "-": (1, True, True),
    "*": (2, False, False),
    "/": (2, True, False),
    "**": (4, False, False),
}


def _number(x: float) -> tuple[str, int]:
    text = f"{x:g}"
    return text, (3 if text.startswith("-") else _ATOM)


def _wrap(text: str, prec: int, need: int, strictly: bool = False) -> str:
    """``text`` in brackets when its precedence ``prec`` is below ``need`` (or equal, if ``strictly``)."""
    return f"({text})" if prec < need or (strictly and prec == need) else text


def _written(op: OpDef, args: list[tuple[str, int]], max_args: int | None = None) -> tuple[str, int]:
    """``op`` applied to ``(text, precedence)`` arguments: its text and precedence."""
    note = op.notation or ""
    if len(args) == 2 and (m := _INFIX.match(note)) and m[1] in _BINARY:
        prec, right_strict, spaced = _BINARY[m[1]]
        sym = f" {m[1]} " if spaced else m[1]
        left_strict = m[1] == "**"  # ** groups to the right
        (a, pa), (b, pb) = args
        right = f"({b})" if b.startswith("-") else _wrap(b, pb, prec, right_strict)  # x*(-3), x - (-y)
        return f"{_wrap(a, pa, prec, left_strict)}{sym}{right}", prec
    if len(args) == 1 and (m := _PREFIX.match(note)):
        return f"{m[1]}{_wrap(args[0][0], args[0][1], 3, True)}", 3
    if len(args) == 1 and (m := _POSTFIX.match(note)):
        return f"{_wrap(args[0][0], args[0][1], 4, True)}{m[1]}", 4
    if op.notation is not None and len(args) == op.arity:
        return op.notation.format(*(t for t, _ in args)), _ATOM
    texts = [t for t, _ in args]
    if max_args is not None and len(texts) > max_args:
        return f"{op.name}({texts[0]}, ..., {texts[-1]})", _ATOM
    return f"{op.name}({', '.join(texts)})", _ATOM


def expr(op: OpDef, args: list[str], max_args: int | None = None) -> str:
    """``op`` applied to the argument texts ``args``, written as maths ("x1*w1", "-a", "s**2", "tanh(o)").

    Arguments are taken as they are (no brackets added); with ``max_args`` a
    call with more arguments is shortened to "op(a, ..., z)".
    """
    return _written(op, [(a, _ATOM) for a in args], max_args)[0]


def _params(op: OpDef) -> tuple[str, ...]:
    """The names the op's rules use for its arguments: its derivatives' (or forward's) parameter names."""
    for fn in (*op.derivs[:1], op.forward):
        code = getattr(fn, "__code__", None)
        if code is not None:
            names = code.co_varnames[: code.co_argcount]
            if fn is not op.forward:
                names = names[1 : 1 + op.arity]  # deriv(F, *xs, out)
            if len(names) == op.arity:
                return tuple(names)
    return ("x", "y", "z", "u", "v", "w")[: op.arity]


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


class Names:
    """The one name of every node of ``root``'s graph (see the module docstring).

    ``names[v]`` is a node's name; :meth:`atom` the same, bracketed when it
    is compound (to be an operand or sit in ``d(...)``); :meth:`ratio` the
    derivative's name ``d(x1*w1)/dw1``; :meth:`rule` an edge's rule in its
    operands' names. A node outside the graph gets its name in its own graph.
    """

    def __init__(self, root: Value, order: list[Value] | None = None) -> None:
        self.root = root
        self._names: dict[Value, tuple[str, int]] = {}
        self.numbered: list[Value] = []  # the nodes named tN, in order
        for v in topological_order(root) if order is None else order:
            self._names[v] = self._name_of(v)

    def _name_of(self, v: Value) -> tuple[str, int]:
        if v.label:
            return v.label, _ATOM
        if v.op == "const":
            return _number(v.data)
        if not v.is_leaf():
            text, prec = _written(v.opdef, [self._names[p] for p in v.parents], max_args=3)
            if len(text) <= MAX_EXPRESSION:
                return text, prec
        self.numbered.append(v)
        return f"t{len(self.numbered)}", _ATOM

    def _entry(self, v: Value) -> tuple[str, int]:
        entry = self._names.get(v)
        if entry is None:
            entry = Names(v)._names[v]
        return entry

    def __getitem__(self, v: Value) -> str:
        return self._entry(v)[0]

    def __contains__(self, v: object) -> bool:
        return v in self._names

    def expression(self, v: Value) -> str:
        """How ``v`` was computed, in its parents' names ("tanh(o)"), however long; a leaf's name."""
        if v.is_leaf():
            return self[v]
        return _written(v.opdef, [self._entry(p) for p in v.parents], max_args=3)[0]

    def with_values(self, v: Value, values: list[str]) -> str:
        """``v``'s op written with ``values`` (number texts) for its parents: ``2*(-3)``."""
        if v.is_leaf():
            return self[v]
        args = [(t, 3 if t.startswith("-") else _ATOM) for t in values]
        return _written(v.opdef, args, max_args=3)[0]

    def equation(self, v: Value) -> str:
        """``name = expression`` ("a = tanh(o)"), or the name alone when it is the expression."""
        name, expression = self[v], self.expression(v)
        return name if name == expression else f"{name} = {expression}"

    def atom(self, v: Value) -> str:
        """The name, in brackets unless it is a single name, number or call."""
        text, prec = self._entry(v)
        return text if prec == _ATOM else f"({text})"

    def ratio(self, child: Value, parent: Value) -> str:
        """The derivative d child / d parent in the nodes' names: ``da/do``, ``d(x1*w1)/dw1``."""
        return f"d{self._d(child)}/d{self._d(parent)}"

    def _d(self, v: Value) -> str:
        text = self[v]
        return text if text.isidentifier() else f"({text})"

    def of(self, v: Value) -> str:
        """The name as the owner of a field: ``o`` in ``o.grad``, ``(x1*w1)`` in ``(x1*w1).grad``."""
        return self._d(v)

    def rule(self, child: Value, index: int) -> str:
        """The rule of the edge ``child.parents[index] -> child`` in the operands' names.

        The op table's rule with each whole token equal to one of the op's
        parameter names replaced by that operand's name (bracketed if
        compound): ``1 - tanh(x)^2`` becomes ``1 - tanh(o)^2``, ``y`` of ``*``
        becomes ``w2``.
        """
        op, parents = child.opdef, child.parents
        if isinstance(op, DotOpDef):  # d o / d w_i = x_i, d o / d x_i = w_i, d o / d b = 1
            n = len(parents) // 2
            if index < n:
                return self.atom(parents[n + index])
            return self.atom(parents[index - n]) if index < 2 * n else "1"
        rule = op.rule(index, len(parents))
        by_param = dict(zip(_params(op), parents))

        def name(m: re.Match) -> str:
            v = by_param.get(m[0])
            if v is None:
                return m[0]
            start, end = m.start(), m.end()
            whole = start == 0 and end == len(rule)
            in_call = start > 0 and rule[start - 1] == "(" and rule[end : end + 1] in (")", ",")
            return self[v] if whole or in_call else self.atom(v)  # w2; tanh(o), not tanh((o)); (x1*w1)^2

        return _TOKEN.sub(name, rule)


def node_name(v: Value) -> str:
    """``v``'s name in its own graph (see :class:`Names`; a Stepper or ledger names nodes in the root's)."""
    return Names(v)[v]


def shorten(text: str, limit: int = MAX_PICTURE_LABEL) -> str:
    """``text`` as a picture shows it: over ``limit`` characters, its first ``limit - 3`` and "…"."""
    return text if len(text) <= limit else text[: limit - 3] + "\u2026"


#: A tooltip holds at most this many characters of a label (system dot refuses strings near 16,384).
MAX_TOOLTIP = 2000
#: ... and at most this many characters of DOT source once escaped (a label of control characters
#: is cut shorter than MAX_TOOLTIP characters).
MAX_TOOLTIP_SOURCE = 12_000


def _tooltip_piece(ch: str) -> str:
    """One character of a tooltip as DOT source: shown as typed by ``dot`` and ``graphviz-pure``.

    Both decode entities first (``&amp;`` would show as ``&``), then take one
    level of backslashes off (``\\x`` is ``x``), then expand ``\\N``,
    ``\\G``, ... and take ``\\\\`` as one backslash: so ``& < >`` are written as
    entities (which also keeps a tooltip in ``<...>`` from being an HTML
    string) and each backslash as four.
    """
    return html.escape(_visible(ch), quote=False).replace("\\", "\\" * 4)


def tooltip(text: str) -> str:
    """``text`` as a Graphviz tooltip attribute, shown literally (see :func:`_tooltip_piece`).

    Line breaks become spaces, other control characters are written out
    (``\\xNN``); at most :data:`MAX_TOOLTIP` characters (and
    :data:`MAX_TOOLTIP_SOURCE` of DOT), the last of them "…" when cut.
    """
    cut = len(text) > MAX_TOOLTIP
    if cut:
        text = text[: MAX_TOOLTIP - 1]
    pieces, size = [], 0
    for ch in text:
        piece = " " if ch in "\n\r" else _tooltip_piece(ch)
        if size + len(piece) > MAX_TOOLTIP_SOURCE - 1:
            cut = True
            break
        pieces.append(piece)
        size += len(piece)
    return "".join(pieces) + ("\u2026" if cut else "")


def html_text(text: str, quote: bool = True) -> str:
    """``text`` as HTML text, shown literally: ``html.escape``, and what HTML cannot carry written out.

    A NUL (which HTML drops) is written ``\\x00`` and a lone surrogate
    (which UTF-8 cannot encode) ``\\udNNN``, as pictures show them; every
    other character is kept.
    """
    return html.escape(page_text(text), quote=quote)


def page_text(text: str) -> str:
    """``text`` with a NUL written ``\\x00`` and a lone surrogate ``\\udNNN``: text a page can hold."""
    if not _NUL_OR_SURROGATE.search(text):
        return text
    return _NUL_OR_SURROGATE.sub(lambda m: _visible(m[0]), text)


_NUL_OR_SURROGATE = re.compile("[\x00\ud800-\udfff]")
#: what XML 1.0 cannot hold: C0 controls but tab and line breaks, surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written out (``\\x1b``, ``\\ud800``), as pictures do."""
    return _NOT_XML.sub(lambda m: _visible(m[0]), text)


def rule_and_number(rule: str, local: float) -> str:
    """ "rule = number", or just the number when the rule is that number (e.g. "1")."""
    number = f"{local:.6g}"
    return number if rule == number else f"{rule} = {number}"
