"""Pictures of a network's graph: each neuron boxed in a cluster, or folded into one box.

This module provides:

- :func:`neuron_of` — which neuron (``L{k}.N{j}``) each node of a graph belongs to;
- :func:`neuron_groups` — a ``groups`` hook for :func:`autograd.draw` that
  puts each neuron's nodes (its w's, b, o and a) in a cluster, nested in a
  cluster per layer;
- :func:`draw_network` — one sample through an MLP (and its loss), drawn
  either collapsed, one box per neuron showing o and a with their grads, or
  in full with the neuron and layer clusters.

Neurons are recognised by the labels :mod:`nets.model` gives them:
``L{k}.N{j}.w{i}``, ``L{k}.N{j}.b``, ``L{k}.N{j}.o`` and ``L{k}.N{j}.a``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value, draw, topological_order

from .losses import half_mse
from .model import MLP
from .tables import fresh_grads, neuron_names, sample_loss

if TYPE_CHECKING:
    import graphviz

__all__ = ["draw_network", "neuron_groups", "neuron_of"]

_NEURON_LABEL = re.compile(r"^L(\d+)\.N(\d+)\.(?:w\d+|b|o|a)$")


def _labelled_neuron(v: Value) -> str | None:
    m = _NEURON_LABEL.match(v.label)
    return f"L{m[1]}.N{m[2]}" if m else None


def neuron_of(root: Value) -> dict[Value, str]:
    """Node -> the neuron ``"L{k}.N{j}"`` it belongs to, for every neuron node of ``root``'s graph.

    Labelled nodes are placed by their label. The unlabelled nodes between
    a neuron's parameters and its ``o`` (the products and partial sums of an
    MLP built with ``fused=False``) join the neuron of the ``o`` they feed.
    """
    order = topological_order(root)
    owner = {v: name for v in order if (name := _labelled_neuron(v)) is not None}
    for v in order:
        if not v.label.endswith(".o") or v not in owner:
            continue
        stack = list(v.parents)
        while stack:
            p = stack.pop()
            if p.label or not p.parents or p in owner:
                continue
            owner[p] = owner[v]
            stack.extend(p.parents)
    return owner


def neuron_groups(root: Value | None = None) -> Callable[[Value], tuple[str, str] | None]:
    """A ``groups`` hook for :func:`autograd.draw`: node -> ``("layer k", "L{k}.N{j}")`` or None.

    Each neuron's nodes form a cluster named ``L{k}.N{j}``, inside a cluster
    ``layer k``. Without ``root`` only labelled nodes are placed (enough for
    the fused neurons of ``nets.MLP``); with ``root`` the unlabelled nodes of
    unfused neurons are placed too (see :func:`neuron_of`).

    Example::

        draw(E, groups=neuron_groups(E))
    """
    if root is not None and not isinstance(root, Value):
        raise TypeError(f"neuron_groups expects the root Value of a graph (or None), got {root!r}")
    owner = neuron_of(root) if root is not None else None

    def group(v: Value) -> tuple[str, str] | None:
        name = owner.get(v) if owner is not None else _labelled_neuron(v)
        if name is None:
            return None
        return (f"layer {name.split('.')[0][1:]}", name)

    return group


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
        **draw_kwargs: passed on to :func:`autograd.draw` (``rankdir``,
            ``number_format``, ``highlight``, ...); they override the defaults above.

    Returns:
        a ``graphviz.Digraph`` (save it with :func:`autograd.save`).

    Every parameter's ``.grad`` is left as it was: the drawing shows the
    grads of its own backward pass (through ``draw``'s ``grads``).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"draw_network expects a nets.MLP, got {type(model).__name__}: {model!r}")
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
            return titles[name], v.label.endswith((".o", ".a"))
        if v in loss_nodes:
            return loss_title, v is root
        return None

    def layer(v: Value) -> str | None:
        name = owner.get(v)
        return layer_titles[f"layer {name.split('.')[0][1:]}"] if name is not None else None

    options = {"collapse": box, "groups": layer, "grads": grads, "edge_grads": False}
    options.update(draw_kwargs)
    g = draw(root, **options)
    _keep_neuron_order(g, options.get("rankdir", "LR"), bool(options["edge_grads"]))
    return g


_CLUSTER_NODE = re.compile(r"^\t\t+[nb]\d+ \[")


def _keep_neuron_order(g: graphviz.Digraph, rankdir: str, edge_labels: bool) -> None:
    """Lay each layer's boxes out in neuron order (N1 first: at the top for LR, at the left for TB).

    Dot orders a rank by the order nodes are declared, then moves them to
    reduce edge crossings. Between two full layers every order crosses about
    as much, so the crossing search is switched off (``mclimit``) and the
    declaration order is used. Left-to-right layouts without edge labels list
    a rank bottom-up, so there the statements inside each cluster are reversed
    (checked with graphviz-pure, a port of Graphviz 16.1, for widths 2 to 16).
    """
    g.graph_attr.setdefault("mclimit", "0.01")
    g.graph_attr.setdefault("ranksep", "1.5")  # room for the fan of edges between two layers
    if rankdir not in ("LR", "RL") or edge_labels:
        return
    body: list[str] = []
    run: list[str] = []
    for line in [*g.body, ""]:
        if _CLUSTER_NODE.match(line):
            run.append(line)
            continue
        body.extend(reversed(run))
        run = []
        body.append(line)
    g.body[:] = body[:-1]
