"""Drawing a Value graph with Graphviz: :func:`draw` (alias :func:`draw_dot`).

Each Value is a small table (label | data | grad); each computed Value has an
op node (``*``, ``tanh``, ...) that its parents point into; each of those
edges can carry its local derivative d(node)/d(parent). ``graphviz`` is
imported only when something is drawn.

Every element has a stable SVG ``id`` (k is the node's index in
:func:`~autograd.topological_order` of the root), so one laid-out SVG can be
restyled by toggling classes (this is how :class:`~autograd.Stepper` pages
animate):

====================  ====================================================
``n{k}``              the value node k (classes ``value``, ``leaf``/``const``)
``o{k}``              the op node of computed node k (class ``op``)
``e{k}_{i}``          the edge parents[i] -> ``o{k}`` (class ``arg``)
``r{k}``              the edge ``o{k}`` -> ``n{k}`` (class ``out``)
``b{j}`` / ``c{j}``   a collapsed box / a cluster, numbered in order of appearance
====================  ====================================================

Highlights add the class ``hl-accumulate``, ``hl-current``, ``hl-path`` or
``hl-done`` and the matching colours (:data:`~autograd.see.style.STYLES`).

This module provides :func:`draw`, :func:`draw_dot` (``draw`` with
micrograd's signature), :func:`element_ids`,
:func:`shown_ids`, :class:`ElementIds` (the ids of nodes, edges and highlight
items, shared with :class:`~autograd.Stepper`), and the option validators other
views share:
:func:`validate_format`, :func:`validate_rankdir`, :func:`validate_groups`,
:func:`validate_grads`, :func:`validate_pending`, :func:`highlight_sets`. Label
escaping lives in :mod:`autograd.see.names`, the highlight styles in
:mod:`autograd.see.style`, a Value's notebook display in :mod:`autograd.see.notebook`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core import Value, describe, flag, real, require_value, topological_order
from .names import MAX_PICTURE_LABEL, Names, html_label, shorten, tooltip
from .steps import Step
from .style import FONT, PLAIN, STYLES

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "COLUMN_WIDTH",
    "ElementIds",
    "choose_rankdir",
    "draw",
    "draw_dot",
    "element_ids",
    "highlight_sets",
    "shown_ids",
    "validate_format",
    "validate_grads",
    "validate_groups",
    "validate_pending",
    "validate_rankdir",
]

_SHOW = ("label", "data", "grad")
_RANKDIRS = ("auto", "LR", "RL", "TB", "BT")
#: the deepest nesting of clusters ``groups`` may give: dot's parser runs out of stack near 2,500
#: levels, and a drawing nested 100 deep is already unreadable
MAX_GROUP_DEPTH = 100
#: The width a drawing should fit: a 1,000 px notebook column.
COLUMN_WIDTH = 750.0
# Widths used to choose a direction without laying the graph out (measured on graphviz-pure
# drawings): a level of a left-to-right drawing (a value box, an op node, the gaps), and a value
# box (its cells stacked) beside the next in a top-to-bottom one.
_LEVEL_WIDTH = 260.0
_BOX_WIDTH = 80.0

# -- ids -----------------------------------------------------------------------


def element_ids(root: Value) -> dict[Value, str]:
    """The SVG id (``n{k}``) of every value node of ``draw(root)``."""
    return {v: f"n{k}" for k, v in enumerate(topological_order(root))}


def _hidden(order: list[Value], hide_constants: bool) -> set[Value]:
    """The constant leaves ``hide_constants`` leaves out; the root (last) is always drawn."""
    if not hide_constants:
        return set()
    return {v for v in order[:-1] if v.op == "const"}


def _ids_of(k: int, v: Value, hidden: Collection[Value] = frozenset()) -> list[str]:
    """Node ``v``'s ids (k: its index): ``n{k}``, ``o{k}``, ``r{k}``, its edges from parents not hidden."""
    if v.is_leaf():
        return [f"n{k}"]
    return [f"n{k}", f"o{k}", f"r{k}", *(f"e{k}_{i}" for i, p in enumerate(v.parents) if p not in hidden)]


def shown_ids(root: Value, hide_constants: bool = False, order: list[Value] | None = None) -> set[str]:
    """Every element id that ``draw(root, hide_constants=...)`` gives (no collapse, no clusters).

    ``order`` is ``topological_order(root)`` when the caller has it already.
    """
    order = topological_order(root) if order is None else order
    hidden = _hidden(order, hide_constants)
    return {eid for k, v in enumerate(order) if v not in hidden for eid in _ids_of(k, v, hidden)}


class ElementIds:
    """The element ids of ``draw(root)``: ``order`` (topological), ``index`` (node -> k), ids of items.

    ``where`` names the caller in the ValueError raised for a node or edge
    that is not in the graph. ``order`` is ``topological_order(root)`` when
    the caller has it already.
    """

    def __init__(self, root: Value, order: list[Value] | None = None) -> None:
        self.order = topological_order(root) if order is None else order
        self.index = {v: k for k, v in enumerate(self.order)}
        self._known: set[str] | None = None

    def k(self, v: Value, where: str) -> int:
        """Node ``v``'s index k."""
        try:
            return self.index[v]
        except (KeyError, TypeError):  # TypeError: unhashable, so not a node either
            raise ValueError(f"{where}: {describe(v)} is not in the graph being drawn") from None

    def of_value(self, v: Value, where: str) -> list[str]:
        """A value node's ids: ``n{k}``, and ``o{k}``, ``r{k}`` when it is computed."""
        k = self.k(v, where)
        return [f"n{k}", f"o{k}", f"r{k}"] if v.parents else [f"n{k}"]

    def of_edge(self, node: Value, index: int, where: str) -> str:
        """The id ``e{k}_{index}`` of the edge ``node.parents[index]`` -> ``node``."""
        k = self.k(node, where)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(node.parents):
            raise ValueError(
                f"{where}: edge index {describe(index)} out of range for a node with "
                f"{len(node.parents)} parent(s)"
            )
        return f"e{k}_{index}"

    def known(self) -> set[str]:
        """Every element id of the full drawing (nothing hidden)."""
        if self._known is None:
            self._known = {eid for k, v in enumerate(self.order) for eid in _ids_of(k, v)}
        return self._known

    def of_item(self, item: Any, where: str = "highlight") -> list[str]:
        """The ids a highlight item marks: a Value's node, a Step's edge, op, nodes, an edge, or an id.

        A :class:`~autograd.Step` gives ``[e{k}_{i}, o{k}, r{k}, n{k}, n{parent}]``.
        """
        if isinstance(item, Value):
            return self.of_value(item, where)
        if isinstance(item, Step):
            k = self.k(item.node, where)
            parent = f"n{self.k(item.parent, where)}"
            return [self.of_edge(item.node, item.index, where), f"o{k}", f"r{k}", f"n{k}", parent]
        if _is_edge(item):
            return [self.of_edge(item[0], item[1], where)]
        if isinstance(item, str):
            if item not in self.known():
                raise ValueError(f"{where}: no element with id {item!r} in this graph")
            return [item]
        raise TypeError(
            "highlight items must be Values, Step records, (node, parent index) edges or element ids, "
            f"got {type(item).__name__}: {describe(item)}"
        )


# -- options -------------------------------------------------------------------


def _validate_show(show: Any) -> tuple[str, ...]:
    if isinstance(show, str):
        show = (show,)
    try:
        items = tuple(show)
    except TypeError:
        raise TypeError(f"show must be a sequence of {_SHOW}, got {describe(show)}") from None
    bad = [s for s in items if s not in _SHOW]
    if bad:
        raise ValueError(f"show: unknown field(s) {bad}; choose from {_SHOW}")
    return items


def validate_format(number_format: Any) -> str:
    """``number_format`` if it is a float format spec such as ".4f"; else a TypeError / ValueError."""
    if not isinstance(number_format, str):
        raise TypeError(f"number_format must be a str such as '.4f', got {describe(number_format)}")
    try:
        format(1.5, number_format)
    except ValueError:
        raise ValueError(
            f"number_format {number_format!r} is not a float format spec such as '.4f'"
        ) from None
    return number_format


def validate_rankdir(rankdir: Any) -> str:
    """``rankdir`` if it is one of "auto", "LR", "RL", "TB", "BT"; else a ValueError."""
    if not isinstance(rankdir, str) or rankdir not in _RANKDIRS:
        raise ValueError(f"rankdir must be one of {_RANKDIRS}, got {describe(rankdir)}")
    return rankdir


def choose_rankdir(order: list[Value], hidden: Collection[Value] = frozenset()) -> str:
    """The direction ``rankdir="auto"`` draws ``order`` (a topological order) in: "LR" or "TB".

    Left to right while the graph's depth fits :data:`COLUMN_WIDTH`; else top
    to bottom when its widest row — each computed node with the leaves it
    reads, which dot places in the row above it — is narrower than its depth
    is long (a neuron, a small network, a chain of ops); else left to right.
    """
    level: dict[Value, int] = {}
    for v in order:
        if v not in hidden:
            level[v] = 1 + max((level[p] for p in v.parents if p in level), default=-1)
    across = (max(level.values(), default=0) + 1) * _LEVEL_WIDTH
    if across <= COLUMN_WIDTH:
        return "LR"
    rows: dict[int, int] = {}
    for v, k in level.items():
        if not v.is_leaf():
            leaves = sum(1 for p in v.parents if p.is_leaf() and p in level)
            rows[k] = rows.get(k, 0) + max(1, leaves)
    return "TB" if max(rows.values(), default=1) * _BOX_WIDTH < across else "LR"


def validate_groups(groups: Any, nodes: Iterable[Value]) -> dict[Value, tuple[str, ...]]:
    """Check a ``groups`` option on every node; returns each node's cluster path (() for none).

    Raises:
        TypeError: ``groups`` is not None, a mapping or a callable, or gives
            something other than a cluster name (str) or a tuple of names.
        ValueError: a path nests deeper than :data:`MAX_GROUP_DEPTH`.
    """
    hook = _lookup(groups, "groups")
    return {v: _group_path(hook(v), v) for v in nodes}


def _lookup(hook: Any, name: str) -> Callable[[Value], Any]:
    if hook is None:
        return lambda v: None
    if isinstance(hook, Mapping):
        return hook.get
    if callable(hook):
        return hook
    raise TypeError(f"{name} must be a mapping or a callable node -> name, got {type(hook).__name__}")


def _group_path(value: Any, v: Value) -> tuple[str, ...]:
    """A groups result as a cluster path: None/"" -> (), "a" -> ("a",), ("a", "b") as is."""
    if value is None or value == "" or value == ():
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(s, str) and s for s in value):
        if len(value) > MAX_GROUP_DEPTH:
            raise ValueError(
                f"groups: {v!r} is given a path of {len(value)} cluster names; clusters nest at most "
                f"{MAX_GROUP_DEPTH} deep (autograd.see.draw.MAX_GROUP_DEPTH)"
            )
        return tuple(value)
    raise TypeError(
        f"groups must give a cluster name (str) or a tuple of names for {v!r}, got {describe(value)}"
    )


def validate_grads(grads: Any, where: str = "draw") -> dict[Value, float]:
    """A ``grads`` option (None or a mapping node -> grad) as a dict of floats.

    A grad may be NaN or infinite (a pass that went wrong is drawn as it is).

    Raises:
        TypeError: ``grads`` is not a mapping, a key is not a Value, or a
            grad is not a real number, a Value or a 0-d array (a bool or a
            str is not).
        ValueError: a grad is an int too large for a float.
    """
    if grads is None:
        return {}
    if not isinstance(grads, Mapping):
        raise TypeError(
            f"{where}: grads must be a mapping node -> grad, got {type(grads).__name__}: {describe(grads)}"
        )
    out = {}
    for v, g in grads.items():
        if not isinstance(v, Value):
            raise TypeError(f"{where}: grads keys must be Values, got {type(v).__name__}: {describe(v)}")
        out[v] = _grad(g, f"{where}: grads[{v!r}]")
    return out


def _grad(g: Any, name: str) -> float:
    """A grad to draw as a float: any real number but a bool, NaN and infinities too.

    A Value (a gradient from ``grad(..., create_graph=True)``) is drawn as its
    ``.data``, and a 0-d numpy array as the number it holds.
    """
    if isinstance(g, Value):
        g = g.data
    elif hasattr(g, "ndim") and getattr(g, "ndim", None) == 0 and hasattr(g, "item"):
        g = g.item()
    if isinstance(g, numbers.Real) and not isinstance(g, (bool, numbers.Integral)) and math.isnan(g):
        return math.nan
    return real(g, name, finite=False)


def validate_pending(pending: Any, ids: ElementIds, where: str = "draw") -> set[Value]:
    """A ``pending`` option (None or an iterable of the graph's Values) as a set.

    Raises:
        TypeError: ``pending`` is not iterable (or is a single Value or str).
        ValueError: an item is not a node of the graph being drawn.
    """
    if pending is None:
        return set()
    if isinstance(pending, (Value, str)) or not isinstance(pending, Iterable):
        got = f"{type(pending).__name__}: {describe(pending)}"
        raise TypeError(f"{where}: pending must be an iterable of Values, got {got}")
    out = set()
    for v in pending:
        ids.k(v, f"{where}: pending")
        out.add(v)
    return out


def _box_of(value: Any, v: Value) -> tuple[str | None, bool]:
    """A collapse result as (box name or None, listed as a row?)."""
    if value is None:
        return None, False
    if isinstance(value, str) and value:
        return value, bool(v.label)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and value[0]
        and isinstance(value[1], bool)
    ):
        return value
    raise TypeError(
        f"collapse must give None, a box name or (box name, listed) for {v!r}, got {describe(value)}"
    )


class _ElementHook:
    """A ``node_attrs`` / ``edge_attrs`` / ``box_fill`` option: element id -> extra attributes (or a fill).

    A mapping's keys are checked against the drawing's ids when it is done
    (:meth:`check`); a callable is asked for each element and may return None.
    """

    def __init__(self, hook: Any, name: str, fill: bool = False) -> None:
        if hook is not None and not isinstance(hook, Mapping) and not callable(hook):
            raise TypeError(
                f"{name} must be a mapping or a callable element id -> value, got {type(hook).__name__}"
            )
        self.hook, self.name, self.fill = hook, name, fill
        self.seen: set[str] = set()

    def __call__(self, eid: str) -> Any:
        if self.hook is None:
            return None
        self.seen.add(eid)
        value = self.hook.get(eid) if isinstance(self.hook, Mapping) else self.hook(eid)
        if value is None:
            return None
        if self.fill:
            if not isinstance(value, str) or not value:
                raise TypeError(
                    f"{self.name} must give a colour such as '#eee' for {eid!r}, got {describe(value)}"
                )
            return value
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise TypeError(
                f"{self.name} must give a mapping of str to str for {eid!r}, got {describe(value)}"
            )
        fixed = sorted(k for k in value if k in ("id", "class"))
        if fixed:
            raise ValueError(f"{self.name}: {eid!r} may not set {fixed} (pages and animations use them)")
        return value

    def check(self) -> None:
        """A mapping naming an element this drawing does not have (of this kind) is a ValueError."""
        if isinstance(self.hook, Mapping):
            unknown = sorted(set(self.hook) - self.seen, key=str)
            if unknown:
                raise ValueError(f"{self.name}: no such element in this drawing: {unknown[:10]}")


# -- highlights ------------------------------------------------------------------


def highlight_sets(highlight: Any) -> dict[str, list[Any]]:
    """A ``highlight`` option as ``{style: [items]}``: a bare item or an iterable is the "path" style.

    Raises:
        ValueError: a mapping names a style not in :data:`STYLES`.
    """
    if highlight is None:
        return {}
    if isinstance(highlight, Mapping):
        bad = [k for k in highlight if k not in STYLES]
        if bad:
            raise ValueError(f"highlight: unknown style(s) {bad}; choose from {tuple(STYLES)}")
        sets = dict(highlight)
    else:
        sets = {"path": highlight}
    out = {}
    for style, items in sets.items():
        if items is None:
            continue
        if isinstance(items, (Value, Step, str)) or _is_edge(items):
            items = [items]
        try:
            out[style] = list(items)
        except TypeError:
            raise TypeError(
                "highlight items must be Values, Step records, (node, parent index) edges or element ids, "
                f"got {type(items).__name__}: {describe(items)}"
            ) from None
    return out


def _highlight_ids(highlight: Any, ids: ElementIds) -> dict[str, str]:
    """Element id -> strongest style name."""
    sets = highlight_sets(highlight)
    out: dict[str, str] = {}
    for style in reversed(tuple(STYLES)):  # weakest first; stronger styles overwrite
        for item in sets.get(style, ()):
            for eid in ids.of_item(item):
                out[eid] = style
    return out


def _is_edge(item: Any) -> bool:
    return (
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Value) and isinstance(item[1], int)
    )


# -- building the drawing ----------------------------------------------------------


@dataclass
class _Box:
    id: str
    name: str
    members: list[Value] = field(default_factory=list)
    rows: list[Value] = field(default_factory=list)


@dataclass
class _Clusters:
    """Node statements per cluster path, in order of first appearance (or sorted by a key)."""

    members: dict[tuple[str, ...], list[tuple[Any, str, dict[str, str]]]] = field(default_factory=dict)
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = field(default_factory=dict)
    ids: dict[tuple[str, ...], str] = field(default_factory=dict)
    sort: bool = False

    def add(self, path: tuple[str, ...], name: str, attrs: dict[str, str], key: Any = 0) -> None:
        self._ensure(path)
        self.members[path].append((key, name, attrs))

    def _ensure(self, path: tuple[str, ...]) -> None:
        """Register ``path`` and every prefix of it (a loop: a path may be thousands of names deep)."""
        missing = []
        while path not in self.members:
            missing.append(path)
            if not path:
                break
            path = path[:-1]
        for p in missing:  # ids number a new chain of clusters from the inside out
            self.members[p] = []
            self.children[p] = []
            if p:
                self.ids[p] = f"c{len(self.ids)}"
        for p in reversed(missing):
            if p:
                self.children[p[:-1]].append(p)

    def emit(self, graph: Any) -> None:
        """Write every cluster's nodes and subgraphs into ``graph`` (a loop, as deep as the paths go).

        The text is what nested ``graph.subgraph(...)`` blocks write, one tab of
        indentation per level.
        """
        self._ensure(())
        stack: list[tuple[tuple[str, ...], bool]] = [((), True)]
        while stack:
            path, opening = stack.pop()
            depth = "\t" * len(path)  # the header's indentation; its statements one tab more
            if not opening:
                graph.body.append(f"{depth}}}\n")
                continue
            start = len(graph.body)
            if path:
                graph.body.append(f"{depth}subgraph cluster_{self.ids[path][1:]} {{\n")
                graph.attr(
                    label=f"<{html_label(shorten(path[-1]))}>",
                    id=self.ids[path],
                    style="rounded,dashed",
                    color="gray50",
                )
                stack.append((path, False))
            members = self.members[path]
            if self.sort:
                members = sorted(members, key=lambda m: m[0])  # stable: equal keys keep their order
            for _, name, attrs in members:
                graph.node(name, _attributes=attrs)
            if path:
                graph.body[start + 1 :] = [depth + line for line in graph.body[start + 1 :]]
            stack.extend((child, True) for child in reversed(self.children[path]))


def _num(x: float, fmt: str) -> str:
    return html_label(format(x, fmt))


def _cells(
    v: Value, show: tuple[str, ...], fmt: str, grad: float, pending: bool, name: str = ""
) -> list[str]:
    """A value's cells; ``name`` is its label, or its ``tN`` name when it has no other (see Names)."""
    cells = []
    if "label" in show and name:
        cells.append(f"<TD><B>{html_label(shorten(name))}</B></TD>")
    if "data" in show:
        cells.append(f"<TD>data {'?' if pending else _num(v.data, fmt)}</TD>")
    if "grad" in show:
        cells.append(f"<TD>grad {_num(grad, fmt)}</TD>")
    return cells


def _table(rows: list[str], fill: str, border: str = "black") -> str:
    return (
        f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
        f'BGCOLOR="{fill}" COLOR="{border}">{"".join(rows)}</TABLE>>'
    )


def draw(
    root: Value,
    rankdir: str = "auto",
    show: Iterable[str] = ("label", "data", "grad"),
    edge_grads: bool = True,
    hide_constants: bool = False,
    highlight: Any = None,
    groups: Mapping[Value, Any] | Callable[[Value], Any] | None = None,
    number_format: str = ".4f",
    *,
    collapse: Mapping[Value, Any] | Callable[[Value], Any] | None = None,
    grads: Mapping[Value, float] | None = None,
    pending: Iterable[Value] | None = None,
    order: Callable[[Value], Any] | None = None,
    node_attrs: Mapping[str, Mapping[str, str]] | Callable[[str], Mapping[str, str] | None] | None = None,
    edge_attrs: Mapping[str, Mapping[str, str]] | Callable[[str], Mapping[str, str] | None] | None = None,
    box_fill: Mapping[str, str] | Callable[[str], str | None] | None = None,
) -> graphviz.Digraph:
    """Draw the graph that ``root`` depends on.

    Args:
        root: the output Value.
        rankdir: layout direction, "LR", "RL", "TB" or "BT"; "auto" (the
            default) picks "LR" or "TB" from the graph's shape
            (:func:`choose_rankdir`) so that it fits a 750 pt notebook column.
        show: which fields a value node shows, from ("label", "data", "grad").
        edge_grads: label each edge parent -> op with its local derivative.
        hide_constants: leave out constant leaves (op "const"); their values
            are written inside the op node instead. The root is always drawn.
        highlight: Values, :class:`~autograd.Step` records, ``(node, i)``
            edges (parents[i] -> node) or element ids to mark — either an
            iterable (drawn in the "path" style) or a mapping
            ``{"accumulate" | "current" | "path" | "done": items}`` (strongest first:
            an element in two sets takes the stronger style).
        groups: node -> cluster name, or a tuple of names for nested
            clusters (e.g. ``("L1", "L1.N2")``); None for no cluster. A mapping
            or a callable.
        number_format: format spec for data, grads and local derivatives.
        collapse: node -> box name (or ``(box name, listed)``) folds every
            node with that name into one box; listed nodes (default: those
            with a label) are rows of the box; edges inside a box are hidden
            and parallel edges between boxes are merged. None keeps the node.
        grads: a mapping node -> grad to show instead of the live ``.grad``
            (missing nodes show their live grad); grads are real numbers
            (NaN and infinities are drawn as they are; a bool or a str is a
            TypeError, an int beyond floats a ValueError).
        pending: an iterable of the graph's Values not computed yet (a
            forward pass in progress): their data shows as "data ?". Not
            iterable: TypeError; a node not in the graph: ValueError.
        order: a sort key, node -> comparable: within each cluster, nodes
            (and boxes, by their first member) are declared in this order,
            which is the order dot tries to lay a rank out in. None keeps
            the topological order.
        node_attrs: element id (``n{k}``, ``o{k}``, ``b{j}``) -> more DOT
            attributes for that node's statement (they override the
            drawing's own; ``id`` and ``class`` stay). A mapping, or a
            callable that may return None.
        edge_attrs: the same for edges (``e{k}_{i}``, ``r{k}``; a merged
            edge between boxes has the id of its first member edge).
        box_fill: element id (``n{k}``, ``b{j}``) -> the background colour
            of that value node's or box's table where no highlight colours it.

    Returns:
        a ``graphviz.Digraph``; see :mod:`autograd.see.render` to save it.
    """
    import graphviz

    from .render import configure_graphviz

    require_value(root, "draw")
    validate_rankdir(rankdir)
    edge_grads = flag(edge_grads, "draw: edge_grads")
    hide_constants = flag(hide_constants, "draw: hide_constants")
    ids = ElementIds(root)
    pending = validate_pending(pending, ids)
    if order is not None and not callable(order):
        raise TypeError(f"order must be a callable node -> sort key, got {type(order).__name__}")
    d = _Drawing(
        ids,
        names=Names(root, ids.order),
        show=_validate_show(show),
        fmt=validate_format(number_format),
        marks=_highlight_ids(highlight, ids),
        grads=validate_grads(grads),
        hidden=_hidden(ids.order, hide_constants),
        paths=validate_groups(groups, ids.order),
        pending=pending,
        order=order,
        hooks=(
            _ElementHook(node_attrs, "node_attrs"),
            _ElementHook(edge_attrs, "edge_attrs"),
            _ElementHook(box_fill, "box_fill", fill=True),
        ),
    )
    if rankdir == "auto":
        rankdir = choose_rankdir(ids.order, d.hidden)
    d.stacked = rankdir in ("TB", "BT")  # top to bottom: a box's cells one above the other (narrow boxes)
    d.fold(_lookup(collapse, "collapse"))
    d.value_nodes()
    d.box_nodes()
    d.arg_edges(edge_grads)
    for hook in d.hooks:
        hook.check()

    configure_graphviz()
    g = graphviz.Digraph(
        name="autograd",
        format="svg",  # what .render() writes; graphviz's default, PDF, needs a system Graphviz
        graph_attr={"rankdir": rankdir, "fontname": FONT, "fontsize": "11"},
        node_attr={"fontname": FONT, "fontsize": "11"},
        edge_attr={"fontname": FONT, "fontsize": "10", "arrowsize": "0.7"},
    )
    d.clusters.emit(g)
    for src, dst, attrs in d.edges:
        g.edge(src, dst, _attributes=attrs)
    return g


class _Drawing:
    """The node and edge statements of one drawing, before they go into a Digraph."""

    def __init__(
        self,
        ids: ElementIds,
        names: Names,
        show: tuple[str, ...],
        fmt: str,
        marks: dict[str, str],
        grads: Mapping[Value, float],
        hidden: set[Value],
        paths: dict[Value, tuple[str, ...]],
        pending: set[Value],
        order: Callable[[Value], Any] | None,
        hooks: tuple[_ElementHook, _ElementHook, _ElementHook],
    ) -> None:
        self.ids, self.show, self.fmt, self.marks = ids, show, fmt, marks
        self.hooks = hooks  # node_attrs, edge_attrs, box_fill
        self.grads, self.hidden, self.paths, self.pending = grads, hidden, paths, pending
        self.numbered = set(names.numbered)
        self.names = names
        self.key = order if order is not None else (lambda v: 0)
        self.boxes: dict[str, _Box] = {}
        self.box_id: dict[Value, str] = {}  # collapsed member -> its box's element id
        self.clusters = _Clusters(sort=order is not None)
        self.stacked = False
        self.edges: list[tuple[str, str, dict[str, str]]] = []

    def style(self, eid: str) -> dict[str, str]:
        name = self.marks.get(eid)
        return STYLES[name] if name else PLAIN

    def fill(self, eid: str) -> str:
        """A table's background: its highlight's, else its ``box_fill``, else plain white."""
        fill = self.hooks[2](eid)  # asked for every table, so that a mapping's ids are all checked
        name = self.marks.get(eid)
        if name:
            return STYLES[name]["fill"]
        return fill or PLAIN["fill"]

    def node(self, attrs: dict[str, str]) -> dict[str, str]:
        """A node statement's attributes with its ``node_attrs`` added."""
        extra = self.hooks[0](attrs["id"])
        return {**attrs, **extra} if extra else attrs

    def edge(self, src: str, dst: str, attrs: dict[str, str]) -> None:
        """Add an edge statement, with its ``edge_attrs``."""
        extra = self.hooks[1](attrs["id"])
        self.edges.append((src, dst, {**attrs, **extra} if extra else attrs))

    def classes(self, base: str, eid: str) -> str:
        name = self.marks.get(eid)
        return f"{base} hl-{name}" if name else base

    def name(self, v: Value) -> str:
        """What a value's box is titled with: its label, else its ``tN`` name, else nothing."""
        return v.label or (self.names[v] if v in self.numbered else "")

    def cells(self, v: Value) -> list[str]:
        return _cells(v, self.show, self.fmt, self.grads.get(v, v.grad), v in self.pending, self.name(v))

    def path(self, v: Value) -> tuple[str, ...]:
        return self.paths[v]

    def fold(self, box_hook: Callable[[Value], Any]) -> None:
        """Assign collapsed nodes to boxes; a box takes its members' strongest highlight."""
        for v in self.ids.order:
            name, listed = _box_of(box_hook(v), v)
            if name is None or v in self.hidden:
                continue
            box = self.boxes.get(name)
            if box is None:
                box = self.boxes[name] = _Box(f"b{len(self.boxes)}", name)
            box.members.append(v)
            if listed:
                box.rows.append(v)
            self.box_id[v] = box.id
        marks = self.marks
        for v, bid in self.box_id.items():
            for eid in _ids_of(self.ids.index[v], v):
                if eid in marks and (bid not in marks or _stronger(marks[eid], marks[bid])):
                    marks[bid] = marks[eid]

    def value_nodes(self) -> None:
        """A table per value; an op node and its edge to the value per computed value."""
        for k, v in enumerate(self.ids.order):
            if v in self.hidden or v in self.box_id:
                continue
            path = self.path(v)
            nid = f"n{k}"
            const = v.op == "const"
            kind = "value" if v.parents else ("value const" if const else "value leaf")
            cells = self.cells(v) or ["<TD> </TD>"]
            rows = [f"<TR>{c}</TR>" for c in cells] if self.stacked else [f"<TR>{''.join(cells)}</TR>"]
            label = _table(rows, self.fill(nid), "gray50" if const else "black")
            attrs = {"id": nid, "class": self.classes(kind, nid), "shape": "plain", "label": label}
            if len(v.label) > MAX_PICTURE_LABEL:
                attrs["tooltip"] = tooltip(v.label)  # the whole label, where the box shows 57 characters
            key = self.key(v)
            self.clusters.add(path, nid, self.node(attrs), key)
            if not v.parents:
                continue
            oid, rid = f"o{k}", f"r{k}"
            consts = "".join(
                f'<BR/><FONT POINT-SIZE="9">arg {i} = {_num(p.data, self.fmt)}</FONT>'
                for i, p in enumerate(v.parents)
                if p in self.hidden
            )
            attrs = {
                "id": oid,
                "class": self.classes("op", oid),
                "shape": "ellipse",
                "style": "filled",
                "fillcolor": self.style(oid)["fill"],
                "height": "0.35",
                "margin": "0.04,0.02",
                "label": f"<{html_label(shorten(v.op))}{consts}>",
            }
            self.clusters.add(path, oid, self.node(attrs), key)
            out = {"id": rid, "class": self.classes("out", rid), **_edge_style(self.style(rid))}
            self.edge(oid, nid, out)

    def box_nodes(self) -> None:
        """A table per box: its name, then one row per listed member."""
        for name, box in self.boxes.items():
            member_rows = [self.cells(v) for v in box.rows]
            ncols = max([1, *(len(cells) for cells in member_rows)])
            rows = [f'<TR><TD COLSPAN="{ncols}"><B>{html_label(shorten(name))}</B></TD></TR>']
            for cells in member_rows:
                if cells:
                    span = f' COLSPAN="{ncols - len(cells) + 1}"' if len(cells) < ncols else ""
                    rows.append(f"<TR>{cells[0].replace('<TD>', f'<TD{span}>', 1)}{''.join(cells[1:])}</TR>")
            attrs = {
                "id": box.id,
                "class": self.classes("box", box.id),
                "shape": "plain",
                "label": _table(rows, self.fill(box.id)),
            }
            if len(name) > MAX_PICTURE_LABEL:
                attrs["tooltip"] = tooltip(name)
            self.clusters.add(self.path(box.members[0]), box.id, self.node(attrs), self.key(box.members[0]))

    def arg_edges(self, edge_grads: bool) -> None:
        """The edges parent -> op; parallel edges between boxes merged into one."""
        merged: dict[tuple[str, str], list[tuple[str, float]]] = {}
        for k, v in enumerate(self.ids.order):
            if v in self.hidden:
                continue
            for i, (p, local) in enumerate(v.edges()):
                if p in self.hidden:
                    continue
                src = self.box_id.get(p, f"n{self.ids.index[p]}")
                dst = self.box_id.get(v, f"o{k}")
                if src != dst:
                    merged.setdefault((src, dst), []).append((f"e{k}_{i}", local))
        for (src, dst), group in merged.items():
            if src[0] != "b" and dst[0] != "b":
                for eid, local in group:  # parallel edges of one op stay separate (a*a has two)
                    attrs = {"id": eid, "class": self.classes("arg", eid), **_edge_style(self.style(eid))}
                    if edge_grads:
                        attrs["label"] = f"<{_num(local, self.fmt)}>"
                    self.edge(src, dst, attrs)
                continue
            strongest = max((self.marks[e] for e, _ in group if e in self.marks), key=_rank, default=None)
            attrs = {"id": group[0][0], **_edge_style(STYLES[strongest] if strongest else PLAIN)}
            attrs["class"] = f"arg merged hl-{strongest}" if strongest else "arg merged"
            if len(group) > 1:
                attrs["label"] = f"<&#215;{len(group)}>"
            elif edge_grads:
                attrs["label"] = f"<{_num(group[0][1], self.fmt)}>"
            self.edge(src, dst, attrs)


def _rank(name: str) -> int:
    return -tuple(STYLES).index(name)


def _stronger(a: str, b: str) -> bool:
    return _rank(a) > _rank(b)


def _edge_style(style: dict[str, str]) -> dict[str, str]:
    return {"color": style["edge"], "penwidth": style["penwidth"]}


_FORMATS = ("svg", "png", "pdf", "gv", "dot", "jpg", "jpeg", "gif", "ps", "json")


def draw_dot(root: Value, format: str = "svg", rankdir: str = "LR", **options: Any) -> graphviz.Digraph:  # noqa: A002
    """:func:`draw` with micrograd's signature, ``draw_dot(root, format='svg', rankdir='LR')``.

    ``format`` is what the drawing's ``.render()`` / ``.view()`` write (SVG by
    default, which graphviz-pure renders; "pdf" needs a system Graphviz and
    says so here). Other keyword options are :func:`draw`'s.
    """
    if not isinstance(format, str) or format.lower() not in _FORMATS:
        raise ValueError(f"draw_dot: format must be one of {_FORMATS}, got {describe(format)}")
    fmt = format.lower()
    if fmt == "pdf":
        from .render import RenderError, system_dot

        if system_dot() is None:
            raise RenderError(
                "draw_dot: format='pdf' needs a system Graphviz ('dot' on PATH); graphviz-pure writes SVG "
                "and PNG. Use format='svg' (the default) or 'png', or install Graphviz "
                "(apt install graphviz / brew install graphviz)."
            )
    g = draw(root, rankdir=rankdir, **options)
    g.format = fmt
    return g
