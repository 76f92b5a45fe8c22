"""Pictures of a network's graph: each neuron boxed in a cluster, or folded into one box.

This module provides:

- :func:`neuron_of` — which neuron (``L{k}.N{j}``) each node of a graph belongs to;
- :func:`neuron_groups` — a ``groups`` hook for :func:`autograd.draw` that
  puts each neuron's nodes (its w's, b, o and a) in a cluster, nested in a
  cluster per layer;
- :func:`draw_network` — one sample through an MLP (and its loss), drawn
  either collapsed, one box per neuron showing o and a with their grads, or
  in full with the neuron and layer clusters.

Neurons are recognised by the roles :mod:`nets.model` gives their nodes
(``v.role``, a :class:`~nets.model.Role`), not by their labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from autograd import Value, draw, topological_order
from autograd.core import describe, flag, real
from autograd.see.draw import COLUMN_WIDTH, element_ids
from autograd.see.names import html_label

from .losses import half_mse
from .model import MLP, Role
from .tables import fresh_grads, neuron_names, sample_loss

if TYPE_CHECKING:
    import graphviz

__all__ = ["DENSE_EDGES", "draw_network", "neuron_groups", "neuron_of"]


def _role(v: Value) -> Role | None:
    role = v.role
    return role if isinstance(role, Role) else None


def _check_root(root: Any, who: str, alternative: str) -> None:
    """TypeError naming ``who`` unless ``root`` is a Value."""
    if not isinstance(root, Value):
        found = f"{type(root).__name__}: {describe(root)}"
        raise TypeError(f"{who} expects the root Value of a graph{alternative}, got {found}")


def neuron_of(root: Value) -> dict[Value, str]:
    """Node -> the neuron ``"L{k}.N{j}"`` it belongs to, for every neuron node of ``root``'s graph.

    Nodes with a role are placed by it. The nodes without one between a
    neuron's parameters and its ``o`` (the products and partial sums of an
    MLP built with ``fused=False``) join the neuron of the ``o`` they feed.

    Raises:
        TypeError: ``root`` is not a Value.
    """
    _check_root(root, "neuron_of", "")
    order = topological_order(root)
    owner = {v: role.neuron_name for v in order if (role := _role(v)) is not None}
    for v in order:
        role = _role(v)
        if role is None or role.kind != "o":
            continue
        stack = list(v.parents)
        while stack:
            p = stack.pop()
            if p.is_leaf() or p in owner or p.role is not None:
                continue
            owner[p] = owner[v]
            stack.extend(p.parents)
    return owner


def neuron_groups(root: Value | None = None) -> Callable[[Value], tuple[str, str] | None]:
    """A ``groups`` hook for :func:`autograd.draw`: node -> ``("layer k", "L{k}.N{j}")`` or None.

    Each neuron's nodes form a cluster named ``L{k}.N{j}``, inside a cluster
    ``layer k``. Without ``root`` only nodes with a role are placed (enough
    for the fused neurons of ``nets.MLP``); with ``root`` the other nodes of
    unfused neurons are placed too (see :func:`neuron_of`).

    Example::

        draw(E, groups=neuron_groups(E))
    """
    if root is not None:
        _check_root(root, "neuron_groups", " (or None)")
    owner = neuron_of(root) if root is not None else None

    def group(v: Value) -> tuple[str, str] | None:
        if owner is not None:
            name = owner.get(v)
        else:
            role = _role(v)
            name = role.neuron_name if role is not None else None
        if name is None:
            return None
        return (f"layer {_layer_of(name)}", name)

    return group


def _layer_of(neuron: str) -> int:
    """k of a neuron name ``L{k}.N{j}``."""
    return int(neuron[1 : neuron.index(".")])


def _downstream(order: list[Value], owner: dict[Value, str]) -> set[Value]:
    """The nodes computed from the network's outputs (the loss), with the constants only they use."""
    after: set[Value] = set()
    for v in order:
        if v not in owner and any(p in owner or p in after for p in v.parents):
            after.add(v)
    users: dict[Value, list[Value]] = {}
    for v in order:
        for p in v.parents:
            users.setdefault(p, []).append(v)
    consts = {v for v in order if not v.parents and v in users and all(u in after for u in users[v])}
    return after | {v for v in consts if v.op == "const"}


def _titles(model: MLP) -> tuple[dict[str, str], dict[str, str]]:
    """Neuron ``L{k}.N{j}`` -> box title (article name), and ``layer k`` -> cluster title."""
    titles = {neuron: f"{name}  ({neuron})" for neuron, name in neuron_names(model).items()}
    last = len(model.layers)
    layers = {f"layer {k}": "output layer" if k == last else f"hidden layer {k}" for k in range(1, last + 1)}
    return titles, layers


def draw_network(
    model: MLP,
    x: Sequence[Any],
    y: Any = None,
    loss: Callable[[Any, Any], Value] | None = None,
    collapsed: bool = True,
    *,
    weights: bool = False,
    deltas: bool = False,
    mark_dead: bool = True,
    max_width: float | None = COLUMN_WIDTH,
    **draw_kwargs: Any,
) -> graphviz.Digraph:
    """Draw one sample going through ``model``, with the gradients of one backward pass.

    Args:
        model: a ``nets.MLP``.
        x: one sample, ``nin`` numbers.
        y: its target; then the drawing ends in the loss ``E = loss([model(x)], [y])``
            and the grads are dE/d(node). Without ``y`` it ends at the output
            (one-output models only) and the grads are d output/d(node).
        loss: ``loss(preds, targets) -> Value``; ``nets.half_mse`` by default.
        collapsed: True (default) draws one box per neuron (titled with its
            article name, e.g. ``N21 (L1.N2)``) showing o and a with data and
            grad, one box for the loss, and the inputs; the edge between two
            boxes is d o_j^k / d a_i^(k-1) = w_ji^k, shown when
            ``edge_grads=True`` (off by default here). False draws every
            node and edge, each neuron in a cluster inside its layer's cluster.
        weights: (collapsed view) draw each edge into a neuron with a width
            by ``|w|`` and a colour by sign: blue ``w > 0``, orange ``w < 0``.
        deltas: (collapsed view) frame each neuron's box in a colour by its
            delta = dE/do: blue ``> 0``, orange ``< 0``, stronger for larger ``|delta|``.
        mark_dead: (collapsed view) draw the neurons whose delta is exactly 0
            — they pass no gradient back — grey and dashed, with a legend.
        max_width: (collapsed view) the widest the picture may be, in points
            (750 pt: a 1,000 px notebook column); it is scaled down to fit.
            The direction is chosen so that its text stays at least 9 px
            where it can. None: no limit. A string or a bool is a TypeError;
            0 or less, NaN, infinity or an int beyond floats a ValueError.
        **draw_kwargs: passed on to :func:`autograd.draw` (``rankdir``,
            ``number_format``, ``highlight``, ...); they override the defaults above.

    Returns:
        a ``graphviz.Digraph`` (save it with :func:`autograd.save`).

    The flags (``collapsed``, ``weights``, ``deltas``, ``mark_dead``) must be
    True or False: anything else (``"no"``, 1) is a TypeError.

    Every parameter's ``.grad`` is left as it was: the drawing shows the
    grads of its own backward pass (through ``draw``'s ``grads``). Between
    two layers with at least :data:`DENSE_EDGES` edges, the edges are drawn
    thin and grey (or thin in their weight's colour) and the layers are
    set further apart.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"draw_network expects a nets.MLP, got {type(model).__name__}: {describe(model):.80}")
    collapsed = flag(collapsed, "draw_network: collapsed")
    weights = flag(weights, "draw_network: weights")
    deltas = flag(deltas, "draw_network: deltas")
    mark_dead = flag(mark_dead, "draw_network: mark_dead")
    if max_width is not None:
        max_width = real(max_width, "draw_network: max_width (points, or None)", minimum=0.0, above=True)
    if y is None:
        if loss is not None:
            raise ValueError("draw_network: a loss needs a target; pass y as well")
        root = model(x)
        if not isinstance(root, Value):
            raise ValueError(
                f"draw_network: the model has {len(root)} outputs; pass a target y (and a loss) "
                "so the drawing has one root"
            )
    else:
        _, root = sample_loss(model, x, y, half_mse if loss is None else loss)
    grads = fresh_grads(root)
    order = topological_order(root)
    owner = neuron_of(root)
    if not collapsed:
        options = {"groups": neuron_groups(root), "grads": grads}
        return draw(root, **{**options, **draw_kwargs})

    titles, layer_titles = _titles(model)
    loss_nodes = _downstream(order, owner)
    loss_title = f"E = {getattr(loss or half_mse, '__name__', 'loss')}"

    def box(v: Value) -> tuple[str, bool] | None:
        name = owner.get(v)
        if name is not None:
            role = _role(v)
            return titles[name], role is not None and role.kind in ("o", "a")
        if v in loss_nodes:
            return loss_title, v is root
        return None

    def layer(v: Value) -> str | None:
        name = owner.get(v)
        return layer_titles[f"layer {_layer_of(name)}"] if name is not None else None

    options = {"collapse": box, "groups": layer, "grads": grads, "edge_grads": False}
    options.update(draw_kwargs)
    edge_labels = bool(options["edge_grads"])
    plan = _Plan.make(model, root, order, owner, box, grads, bool(options.get("hide_constants", False)))
    rankdir, ranksep = plan.layout(max_width, edge_labels)
    if options.get("rankdir", "auto") == "auto":
        options["rankdir"] = rankdir
    rankdir = options["rankdir"]
    options.setdefault("order", _neuron_order(owner, rankdir, edge_labels))
    legend = ""
    if "collapse" not in draw_kwargs:  # the boxes are this function's, so their ids are known
        styles = plan.styles(weights=weights, deltas=deltas, mark_dead=mark_dead)
        for name in ("node_attrs", "edge_attrs", "box_fill"):
            options.setdefault(name, getattr(styles, name))
        legend = styles.legend
    g = draw(root, **options)
    g.graph_attr.setdefault("mclimit", "0.01")
    g.graph_attr.setdefault("ranksep", f"{ranksep:g}")  # dense layers further apart: room for their fan
    if max_width is not None:
        g.graph_attr.setdefault("size", f"{max_width / 72:.6g},1000")  # inches; only ever scaled down
    if legend:
        g.attr(label=legend, labelloc="b", labeljust="l")  # after the clusters: they keep their own
    return g


#: Two layers joined by at least this many edges are drawn with thin edges, further apart.
DENSE_EDGES = 64
#: Colours: a positive and a negative weight or delta, a dead neuron (frame and text), dense edges.
POSITIVE, NEGATIVE, DEAD, DEAD_FILL, DENSE_GREY = "#1f77b4", "#ff7f0e", "#8c8c8c", "#eeeeee", "#b0b0b0"
_BOX_MARGIN = "0.05,0.03"  # inches around a framed box's table


@dataclass
class _Plan:
    """What the collapsed drawing holds: its boxes' ids, the edges into neurons, the dead neurons."""

    model: MLP
    box_id: dict[str, str]  # box title -> element id b{j}
    node_id: dict[Value, str]  # every drawn node -> its box's id, or its own n{k}
    neuron_box: dict[str, str]  # neuron L{k}.N{j} -> its box's id
    delta: dict[str, float]  # neuron -> dE/do
    layer_of: dict[str, int]  # element id -> layer (0 for the inputs); absent for the loss
    edges: dict[tuple[str, str], list[float]]  # (src id, dst id) -> local derivatives (the weights)
    edge_id: dict[tuple[str, str], str]  # (src id, dst id) -> the element id draw gives that (merged) edge
    cells: dict[str, list[list[str]]]  # box id -> rows of cell texts, to guess its width
    inputs: list[str]  # the input nodes' texts

    @classmethod
    def make(
        cls,
        model: MLP,
        root: Value,
        order: list[Value],
        owner: dict[Value, str],
        box: Callable[[Value], tuple[str, bool] | None],
        grads: dict[Value, float],
        hide_constants: bool,
    ) -> _Plan:
        ids = element_ids(root)
        hidden = {v for v in order[:-1] if v.op == "const"} if hide_constants else set()
        box_id: dict[str, str] = {}
        node_id: dict[Value, str] = {}
        neuron_box: dict[str, str] = {}
        cells: dict[str, list[list[str]]] = {}
        inputs: list[str] = []
        for v in order:  # as draw folds them: numbered in order of first appearance
            if v in hidden:
                continue
            found = box(v)
            if found is None:
                node_id[v] = ids[v]
                if not v.parents:
                    inputs.append(f"{v.label} | data {v.data:.4f} | grad {grads.get(v, 0.0):.4f}")
                continue
            name, listed = found
            bid = box_id.setdefault(name, f"b{len(box_id)}")
            node_id[v] = bid
            cells.setdefault(bid, [[name]])
            if listed:
                cells[bid].append([v.label, f"data {v.data:.4f}", f"grad {grads.get(v, 0.0):.4f}"])
            if v in owner:
                neuron_box[owner[v]] = bid
        delta = {
            owner[v]: grads.get(v, 0.0) for v in order if (r := _role(v)) is not None and r.kind == "o"
        }
        layer_of = {bid: _layer_of(n) for n, bid in neuron_box.items()}
        edges: dict[tuple[str, str], list[float]] = {}
        edge_id: dict[tuple[str, str], str] = {}
        for v in order:
            if v in hidden:
                continue
            for i, (p, local) in enumerate(v.edges()):
                if p in hidden:
                    continue
                src, dst = node_id[p], node_id[v]
                if src == dst:
                    continue
                edge_id.setdefault((src, dst), f"e{ids[v][1:]}_{i}")  # as draw merges: its first edge's id
                if v in owner and dst[0] == "b":  # into a neuron: d o / d a = the weight
                    if src[0] != "b":
                        layer_of.setdefault(src, 0)
                    edges.setdefault((src, dst), []).append(local)
        return cls(model, box_id, node_id, neuron_box, delta, layer_of, edges, edge_id, cells, inputs)

    # -- direction and size ---------------------------------------------------------
    def _dense(self) -> set[tuple[int, int]]:
        counts: dict[tuple[int, int], int] = {}
        for src, dst in self.edges:
            if src in self.layer_of and dst in self.layer_of:
                key = (self.layer_of[src], self.layer_of[dst])
                counts[key] = counts.get(key, 0) + 1
        return {k for k, n in counts.items() if n >= DENSE_EDGES}

    def layout(self, max_width: float | None, edge_labels: bool) -> tuple[str, float]:
        """The direction and the rank separation (inches) of the picture.

        Left to right, with the layers of a dense pair set further apart when
        the picture, scaled into ``max_width``, keeps its text at 9 px or
        more; top to bottom if only that does better (a deep, narrow network).
        """
        dense = bool(self._dense())
        if max_width is None:
            return "LR", 0.8 if dense else 0.45
        floor = _MIN_PX / ((10.0 if edge_labels else 11.0) * 4 / 3)  # the smallest scale that keeps 9 px
        columns, counts, loss = self._columns()
        gaps = len(columns) - 1 + len(loss)
        fixed = sum(columns.values()) + sum(loss) + 16 * (len(columns) - 1)  # boxes, cluster margins
        best = 0.45
        for ranksep in (0.8, 0.6) if dense else ():
            if max_width / (fixed + gaps * ranksep * 72) >= floor:
                best = ranksep
                break
        lr = min(1.0, max_width / (fixed + gaps * best * 72))
        widest = max(list(columns.values())[1:] + loss, default=100.0)
        tb = min(1.0, max_width / (max(counts.values(), default=1) * (widest + 18) + 16))
        if lr >= floor or lr >= tb:
            return "LR", best
        return "TB", 0.8 if dense else 0.45

    def _columns(self) -> tuple[dict[int, float], dict[int, int], list[float]]:
        """The width of each layer's column (0: the inputs), its number of boxes, the loss boxes' widths."""
        widths = {bid: _box_width(rows) for bid, rows in self.cells.items()}
        columns: dict[int, float] = {0: max((_row_width(t.split(" | ")) for t in self.inputs), default=0.0)}
        counts: dict[int, int] = {0: len(self.inputs)}
        for bid, k in self.layer_of.items():
            if bid[0] == "b":
                columns[k] = max(columns.get(k, 0.0), widths[bid])
                counts[k] = counts.get(k, 0) + 1
        loss = [w for bid, w in widths.items() if bid not in self.layer_of]
        return dict(sorted(columns.items())), counts, loss

    # -- styles ------------------------------------------------------------------------
    def styles(self, *, weights: bool, deltas: bool, mark_dead: bool) -> _Styles:
        """Dense edges thin, weights and deltas coloured, dead neurons marked: draw's hooks and a legend."""
        dense = self._dense()
        edge_attrs: dict[str, dict[str, str]] = {}
        node_attrs: dict[str, dict[str, str]] = {}
        box_fill: dict[str, str] = {}
        legend: list[tuple[str, str]] = []
        wmax = max((abs(w) for ws in self.edges.values() for w in ws), default=0.0) or 1.0
        for (src, dst), ws in self.edges.items():
            thick = (self.layer_of.get(src), self.layer_of.get(dst)) not in dense
            attrs: dict[str, str] = {}
            if weights and len(ws) == 1:
                w = ws[0]
                lo, hi = (0.3, 3.0) if thick else (0.15, 1.2)
                attrs["penwidth"] = f"{lo + (hi - lo) * abs(w) / wmax:.3g}"
                attrs["color"] = (POSITIVE if w > 0 else NEGATIVE) + ("" if thick else "b0")
            elif not thick:
                attrs.update(color=DENSE_GREY, penwidth="0.35")
            if not thick:
                attrs["arrowsize"] = "0.3"
            if attrs:
                edge_attrs[self.edge_id[(src, dst)]] = attrs
        if weights:
            legend.append((
                _swatch((POSITIVE, NEGATIVE), 14, 2),
                "edge into a neuron: width |w|, blue w &gt; 0, orange w &lt; 0",
            ))
        for a, b in sorted(dense):
            n = sum(1 for s, d in self.edges if (self.layer_of.get(s), self.layer_of.get(d)) == (a, b))
            what = "the inputs" if a == 0 else f"layer {a}"
            legend.append((
                _swatch((DENSE_GREY,), 14, 1),
                f"thin: the {n} weights from {what} to layer {b}",
            ))
        dead = sorted((n for n, d in self.delta.items() if d == 0.0), key=_neuron_key) if mark_dead else []
        if deltas:
            dmax = max((abs(d) for d in self.delta.values()), default=0.0) or 1.0
            for neuron, d in self.delta.items():
                colour = POSITIVE if d > 0 else NEGATIVE
                node_attrs[self.neuron_box[neuron]] = {
                    "shape": "box", "style": "filled", "margin": _BOX_MARGIN,
                    "color": colour, "fillcolor": _mix(colour, abs(d) / dmax),
                }
            legend.append((
                _swatch((POSITIVE, NEGATIVE), 8, 8),
                "box: delta = dE/do, blue &gt; 0, orange &lt; 0, stronger for larger |delta|",
            ))
        for neuron in dead:
            bid = self.neuron_box[neuron]
            node_attrs[bid] = {
                **node_attrs.get(bid, {}), "shape": "box", "style": "dashed,filled", "margin": _BOX_MARGIN,
                "color": DEAD, "fillcolor": DEAD_FILL, "fontcolor": DEAD,
            }
            box_fill[bid] = DEAD_FILL
        if dead:
            names = neuron_names(self.model)
            sample = names[dead[0]]
            legend.insert(0, (
                f'<TABLE BORDER="1" STYLE="dashed" COLOR="{DEAD}" BGCOLOR="{DEAD_FILL}" CELLPADDING="2">'
                f'<TR><TD BORDER="0"><FONT COLOR="{DEAD}">{html_label(sample)}</FONT></TD></TR></TABLE>',
                f"dead: delta = dE/do is exactly 0, so no gradient passes back ({len(dead)} of "
                f"{len(self.delta)} neurons)",
            ))
        label = ""
        if legend:
            rows = "".join(f'<TR><TD>{mark}</TD><TD ALIGN="LEFT">{text}</TD></TR>' for mark, text in legend)
            label = f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="1">{rows}</TABLE>>'
        return _Styles(node_attrs, edge_attrs, box_fill, label)


@dataclass
class _Styles:
    """The collapsed drawing's restyling as :func:`autograd.draw`'s hooks (by element id), and its legend."""

    node_attrs: dict[str, dict[str, str]]
    edge_attrs: dict[str, dict[str, str]]
    box_fill: dict[str, str]
    legend: str  # the graph's label (an HTML-like table), or ""


#: The smallest text, in pixels (at 96 per inch), a picture scaled into max_width should keep.
_MIN_PX = 9.0

# Helvetica's advance widths (per 1000 em) of the characters the boxes show; others count 556.
_WIDTHS = {**dict.fromkeys("0123456789", 556), ".": 278, "-": 333, " ": 278, "(": 333, ")": 333, "_": 556,
           "=": 584, "N": 722, "L": 556, "X": 667, "Y": 667, "E": 667, "a": 556, "d": 556, "t": 278, "g": 556,
           "r": 333, "o": 556, "h": 556, "l": 222, "f": 278, "m": 833, "s": 500, "e": 556, "i": 222}


def _text_width(text: str, size: float = 11.0, bold: bool = False) -> float:
    return sum(_WIDTHS.get(c, 556) for c in text) * size / 1000 * (1.07 if bold else 1.0)


def _row_width(cells: Sequence[str]) -> float:
    return sum(_text_width(c, bold=i == 0) + 10 for i, c in enumerate(cells))


def _box_width(rows: list[list[str]]) -> float:
    title, *members = rows
    return max([_text_width(title[0], bold=True) + 10, *(_row_width(r) for r in members)]) + 2


def _swatch(colours: Sequence[str], width: int, height: int) -> str:
    """A legend's sample: a ``width`` x ``height`` point block of each colour, side by side.

    Blocks, not line or square characters, so that the legend's text is plain
    ASCII and its width is known to the layout.
    """
    cells = "".join(
        f'<TD BGCOLOR="{c}" WIDTH="{width}" HEIGHT="{height}" FIXEDSIZE="TRUE"></TD>' for c in colours
    )
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="0"><TR>{cells}</TR></TABLE>'


def _mix(colour: str, amount: float) -> str:
    """``colour`` mixed into white: 0 gives white, 1 gives a light tint (text stays readable)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    t = 0.15 + 0.55 * max(0.0, min(1.0, amount))
    return "#" + "".join(f"{round(255 + (c - 255) * t):02x}" for c in (r, g, b))


def _neuron_key(neuron: str) -> tuple[int, int]:
    k, j = neuron.split(".")
    return int(k[1:]), int(j[1:])


def _neuron_order(owner: dict[Value, str], rankdir: str, edge_labels: bool) -> Callable[[Value], int]:
    """A ``draw`` order that lays each layer's boxes out in neuron order (N1 at the top for LR, left for TB).

    Dot orders a rank by the order nodes are declared, then moves them to
    reduce edge crossings. Between two full layers every order crosses about
    as much, so the crossing search is switched off (``mclimit``) and the
    declaration order is used. Left-to-right layouts without edge labels list
    a rank bottom-up, so there the neurons are declared last to first
    (checked with graphviz-pure, a port of Graphviz 16.1, for widths 2 to 16).
    """
    sign = -1 if rankdir in ("LR", "RL") and not edge_labels else 1

    def key(v: Value) -> int:
        name = owner.get(v)
        return sign * int(name[name.index(".N") + 2 :]) if name is not None else 0

    return key
