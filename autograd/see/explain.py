"""The chain-rule ledger: how one parameter's gradient is made, path by path.

d output / d param is the sum, over every path param -> ... -> output in the
graph, of the product of the local derivatives along the path.
:func:`explain` lists those paths with each edge's local derivative (the
number and the op's rule), each path's product, and the total
(``math.fsum`` of the products). When there are more than ``max_paths`` paths
it groups them by the first edge instead: the sum over param's children c of
d c / d param * d output / d c, with d output / d c from its own reverse
accumulation (no ``.grad`` is read or written).

This module provides :func:`explain` and its result types
:class:`Explanation`, :class:`PathEdge`, :class:`ChainPath`, :class:`ChildTerm`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core import DomainError, Value, describe, topological_order
from ..core import count as _count
from .names import Names, html_text, rule_and_number

__all__ = ["ChainPath", "ChildTerm", "Explanation", "PathEdge", "explain"]


@dataclass(frozen=True, slots=True)
class PathEdge:
    """One edge parent -> child of a path, with d child / d parent."""

    child: Value
    parent: Value
    index: int
    op: str
    local: float
    rule: str
    names: Names | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        names = self.names if self.names is not None else Names(self.child)
        return (
            f"{names.ratio(self.child, self.parent)} (argument {self.index})"
            f" = {rule_and_number(self.rule, self.local)}"
        )


@dataclass(frozen=True, slots=True)
class ChainPath:
    """A path from param to output (edges in that order) and the product of its local derivatives."""

    edges: tuple[PathEdge, ...]
    product: float

    def nodes(self) -> list[Value]:
        """param, the nodes in between, output."""
        if not self.edges:
            return []
        return [self.edges[0].parent, *(e.child for e in self.edges)]


@dataclass(frozen=True, slots=True)
class ChildTerm:
    """One edge param -> child and its share: d child / d param * d output / d child."""

    edge: PathEdge
    downstream: float
    product: float
    npaths: int


@dataclass(frozen=True)
class Explanation:
    """The ledger of d output / d param (see :func:`explain`).

    Attributes:
        total: d output / d param = ``math.fsum`` of the path products (or of
            the grouped terms).
        paths: every path, when there are at most ``max_paths``; else empty.
        groups: the per-child terms when the paths were grouped; else empty.
        npaths: how many paths there are.
        abs_sum: the sum of |path product| over every path — the scale
            against which ``total`` is accurate.
        max_paths: the ``max_paths`` asked for.
        grouped: True when the paths were grouped by param's children
            instead of listed one by one.
        message: a sentence on how the total was made.
    """

    output: Value
    param: Value
    total: float
    paths: tuple[ChainPath, ...]
    groups: tuple[ChildTerm, ...]
    npaths: int
    abs_sum: float
    max_paths: int
    grouped: bool
    message: str
    names: Names | None = field(default=None, compare=False, repr=False)

    def _names(self) -> Names:
        return self.names if self.names is not None else Names(self.output)

    def __str__(self) -> str:
        names = self._names()
        par = names[self.param]
        lines = [f"{names.ratio(self.output, self.param)} = {self.total:.6g}", f"  {self.message}"]
        for n, path in enumerate(self.paths, 1):
            route = " -> ".join(names[v] for v in path.nodes()) or par
            lines.append(f"path {n}: {route}")
            lines += [f"    {e}" for e in path.edges]
            lines.append(f"    product = {path.product:.6g}")
        for term in self.groups:
            e = term.edge
            lines.append(
                f"via {names[e.child]} (argument {e.index}, {term.npaths} path(s)): "
                f"{names.ratio(e.child, self.param)} = {rule_and_number(e.rule, e.local)}; "
                f"{names.ratio(self.output, e.child)} = {term.downstream:.6g}; product = {term.product:.6g}"
            )
        if self.paths or self.groups:
            parts = [f"{x.product:.6g}" for x in (self.paths or self.groups)]
            if len(parts) == 1:
                lines.append(f"total = {self.total:.6g} (a single term)")
            else:
                shown = " + ".join(parts[:8]) + (" + ..." if len(parts) > 8 else "")
                lines.append(f"total = {shown} = {self.total:.6g}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html_text
        names = self._names()
        head = (
            f"<p><b>{esc(names.ratio(self.output, self.param))} = {self.total:.6g}</b>"
            f"<br>{esc(self.message)}</p>"
        )
        if self.groups:
            columns = ["via child", "rule", "local", "d out / d child", "paths", "product"]
        else:
            columns = ["path", "edge", "rule", "local", "product"]
        rows = ["<tr>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr>"]
        if self.groups:
            for t in self.groups:
                rows.append(
                    f"<tr><td>{esc(names[t.edge.child])}</td><td>{esc(t.edge.rule)}</td>"
                    f"<td>{t.edge.local:.6g}</td><td>{t.downstream:.6g}</td><td>{t.npaths}</td>"
                    f"<td>{t.product:.6g}</td></tr>"
                )
        else:
            for n, path in enumerate(self.paths, 1):
                for j, e in enumerate(path.edges):
                    product = f"{path.product:.6g}" if j == len(path.edges) - 1 else ""
                    rows.append(
                        f"<tr><td>{n if j == 0 else ''}</td>"
                        f"<td>{esc(names.ratio(e.child, e.parent))}</td>"
                        f"<td>{esc(e.rule)}</td><td>{e.local:.6g}</td><td>{product}</td></tr>"
                    )
                if not path.edges:
                    rows.append(
                        f"<tr><td>{n}</td><td>(output is param)</td><td></td><td></td>"
                        f"<td>{path.product:.6g}</td></tr>"
                    )
        rows.append(f"<tr><th colspan='{len(columns) - 1}'>total</th><th>{self.total:.6g}</th></tr>")
        return head + "<table>" + "".join(rows) + "</table>"


def _edge(child: Value, index: int, names: Names) -> PathEdge:
    return PathEdge(
        child,
        child.parents[index],
        index,
        child.op,
        child.local_grads[index],
        names.rule(child, index),
        names,
    )


def explain(output: Value, param: Value, max_paths: int = 1000) -> Explanation:
    """Every path from ``param`` to ``output`` and how it adds up to d output / d param.

    Args:
        output: the Value differentiated.
        param: the Value it is differentiated with respect to.
        max_paths: list paths one by one up to this many; past it, group them
            by param's children (the ledger says so).

    Returns:
        an :class:`Explanation`; ``.total`` agrees with the gradient of a
        backward pass within 1e-12 x ``.abs_sum`` (away from float underflow). A param that ``output`` does
        not depend on gives total 0.0 and no paths.
    """
    for name, v in (("output", output), ("param", param)):
        if not isinstance(v, Value):
            raise TypeError(f"explain: {name} must be a Value, got {type(v).__name__}: {describe(v)}")
    max_paths = _count(max_paths, "explain: max_paths")

    order = topological_order(output)
    # the nodes on some path: those (in output's graph) that depend on param
    on_path: set[Value] = set()
    npaths: dict[Value, int] = {}  # paths param -> node
    abs_from: dict[Value, float] = {}  # sum of |products| of those paths
    for v in order:
        if v is param:
            on_path.add(v)
            npaths[v], abs_from[v] = 1, 1.0
            continue
        count, scale = 0, 0.0
        for p, local in v.edges():
            if p in on_path:
                count += npaths[p]
                scale += abs(local) * abs_from[p]
        if count:
            on_path.add(v)
            npaths[v], abs_from[v] = count, scale
    names = Names(output)
    out, par = names[output], names[param]
    common = {"output": output, "param": param, "max_paths": max_paths, "names": names}
    if output not in on_path:
        return Explanation(
            total=0.0,
            paths=(),
            groups=(),
            npaths=0,
            abs_sum=0.0,
            grouped=False,
            message=f"{out} does not depend on {par}: no path, derivative 0.",
            **common,
        )
    total_paths = npaths[output]
    if total_paths <= max_paths or output is param:
        paths = _paths(output, param, on_path, names)
        total = _total(paths, names, output, param)
        message = f"{total_paths} path(s) from {par} to {out}; total = fsum of the path products."
        return Explanation(
            total=total,
            paths=paths,
            groups=(),
            npaths=total_paths,
            abs_sum=abs_from[output],
            grouped=False,
            message=message,
            **common,
        )
    groups = _groups(order, output, param, on_path, names)
    total = _total(groups, names, output, param)
    message = (
        f"{total_paths} paths, more than max_paths={max_paths}: grouped by the children c of "
        f"{par} as the sum of dc/d{names.of(param)} x d{names.of(output)}/dc, "
        "with d output / d c from a reverse accumulation."
    )
    return Explanation(
        total=total,
        paths=(),
        groups=groups,
        npaths=total_paths,
        abs_sum=abs_from[output],
        grouped=True,
        message=message,
        **common,
    )


def _total(terms: Sequence[ChainPath | ChildTerm], names: Names, output: Value, param: Value) -> float:
    """``fsum`` of the terms' products; a DomainError naming the first term whose product is not finite."""
    for k, t in enumerate(terms, 1):
        if t.product - t.product != 0.0:
            if isinstance(t, ChainPath):
                where = f"path {k} (" + " -> ".join(names[v] for v in t.nodes()) + ")"
            else:
                where = f"the term via {names[t.edge.child]}"
            raise DomainError(
                f"explain: the product along {where} is {t.product!r}, so {names.ratio(output, param)} "
                "is not finite (a backward pass gives NaN or infinity there); run the pass inside "
                "autograd.detect_anomaly() to find the edge that overflows"
            )
    return math.fsum(t.product for t in terms)


def _paths(output: Value, param: Value, on_path: set[Value], names: Names) -> tuple[ChainPath, ...]:
    """Depth-first from output down to param, parents in argument order (iterative)."""
    found: list[ChainPath] = []
    made: dict[tuple[Value, int], PathEdge] = {}  # an edge on many paths is made (its rule named) once

    def edge_of(node: Value, i: int) -> PathEdge:
        key = (node, i)
        if key not in made:
            made[key] = _edge(node, i, names)
        return made[key]

    # ``link`` is (edge, rest): the edges from ``node`` up to output, as a linked list
    stack: list[tuple[Value, tuple | None]] = [(output, None)]
    while stack:
        node, link = stack.pop()
        if node is param:
            edges = []
            while link is not None:
                edge, link = link
                edges.append(edge)
            product = 1.0
            for e in reversed(edges):  # from the output end, as a backward pass multiplies
                product = e.local * product
            found.append(ChainPath(tuple(edges), product))
            continue
        nexts = [(p, (edge_of(node, i), link)) for i, p in enumerate(node.parents) if p in on_path]
        stack.extend(reversed(nexts))
    return tuple(found)


def _groups(
    order: list[Value], output: Value, param: Value, on_path: set[Value], names: Names
) -> tuple[ChildTerm, ...]:
    """One term per edge param -> c: d c / d param x d output / d c, and the paths c -> output.

    One reverse pass over the graph gives, for every node on a path, its
    adjoint d output / d node and its number of paths to output.
    """
    adjoint: dict[Value, float] = {v: 0.0 for v in on_path}
    to_output: dict[Value, int] = {v: 0 for v in on_path}
    adjoint[output], to_output[output] = 1.0, 1
    for v in reversed(order):
        if v not in on_path or v is param:
            continue
        g, n = adjoint[v], to_output[v]
        for p, local in v.edges():
            if p in on_path:
                adjoint[p] += local * g
                to_output[p] += n
    terms = []
    for v in order:
        if v in on_path and v is not param:
            for i, p in enumerate(v.parents):
                if p is param:
                    e = _edge(v, i, names)
                    terms.append(ChildTerm(e, adjoint[v], e.local * adjoint[v], to_output[v]))
    return tuple(terms)
