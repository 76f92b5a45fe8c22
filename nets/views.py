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
from typing import TYPE_CHECKING, Any

from autograd import Value, draw, topological_order

from .losses import half_mse
from .model import MLP, Role
from .tables import fresh_grads, neuron_names, sample_loss

if TYPE_CHECKING:
    import graphviz

__all__ = ["draw_network", "neuron_groups", "neuron_of"]

def _role(v: Value) -> Role | None:
    role = v.role
    return role if isinstance(role, Role) else None


def neuron_of(root: Value) -> dict[Value, str]:
    """Node -> the neuron ``"L{k}.N{j}"`` it belongs to, for every neuron node of ``root``'s graph.

    Nodes with a role are placed by it. The nodes without one between a
    neuron's parameters and its ``o`` (the products and partial sums of an
    MLP built with ``fused=False``) join the neuron of the ``o`` they feed.
    """
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
    if root is not None and not isinstance(root, Value):
        raise TypeError(f"neuron_groups expects the root Value of a graph (or None), got {root!r}")
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
    rankdir, edge_labels = options.get("rankdir", "LR"), bool(options["edge_grads"])
    options.setdefault("order", _neuron_order(owner, rankdir, edge_labels))
    g = draw(root, **options)
    g.graph_attr.setdefault("mclimit", "0.01")
    g.graph_attr.setdefault("ranksep", "1.5")  # room for the fan of edges between two layers
    return g


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
