"""Stepping through one pass of the chain rule: :class:`Stepper`.

A Stepper records every step of one backward pass (or of the forward pass)
when it is made, moves a cursor over them, writes each step's arithmetic out,
and draws the graph with the current step highlighted. A backward pass
rewrites one grad per step; a forward pass reveals one node's data per step
(nodes not computed yet show "data ?", and edges carry no local derivatives).
Its HTML views (built by :mod:`autograd.see.page`) lay the graph out once; each
frame is only the ids to highlight, a cell to rewrite and a line of text.

In a backward pass the current step is marked "current" (red), a node whose
grad is final and an edge whose contribution has been added "done" (green),
and the edge of a step that adds one of several contributions into a node
"accumulate" (purple): its earlier arrivals stay green beside it, so the
picture shows the ``+=`` that the text says ("path 2 of 3 into x").

This module provides :class:`Stepper`, :class:`ForwardStep` (one node of the
forward pass) and :data:`MAX_STEPS`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import numbers
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import Value, as_float, count, describe, flag, require_value, topological_order
from .draw import (
    ElementIds,
    draw,
    highlight_sets,
    shown_ids,
    validate_format,
    validate_groups,
    validate_rankdir,
)
from .names import Names, html_text
from .page import standalone_page, stepper_html, write_texts
from .render import as_path, validate_dpi
from .steps import Step, count_naive_steps, naive_steps, record_steps

if TYPE_CHECKING:
    import graphviz

__all__ = ["MAX_STEPS", "ForwardStep", "Stepper"]

#: The most steps a Stepper accepts by default: a page with more frames is
#: too slow to build and too long to follow.
MAX_STEPS = 2000

_DIRECTIONS = ("backward", "forward")
#: Numbers the pages this process makes, so that two on one notebook page never share an id; a fresh
#: run of a notebook numbers them the same again, so its outputs are the same text.
_PAGE_NUMBERS = itertools.count(1)
_ORDERS = ("topological", "naive")


@dataclass(frozen=True, slots=True)
class ForwardStep:
    """One node of the forward pass: ``data = op(*inputs)`` (``step`` from 0; ``str`` counts from 1)."""

    step: int
    node: Value
    op: str
    inputs: tuple[float, ...]
    data: float
    names: Names | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        names = self.names if self.names is not None else Names(self.node)
        values = names.with_values(self.node, [format(x, ".6g") for x in self.inputs])
        return f"step {self.step + 1}: {names.equation(self.node)} = {values} = {self.data:.6g}"


@dataclass(frozen=True)
class Layout:
    """A pass's one layout (``svg``: the first frame) and the changes of each frame.

    ``done0``: element ids already done before the first step; ``write0``:
    element id -> cell text before the first step; ``frames``: one dict per
    step (see :meth:`Stepper.frames`).
    """

    svg: str
    done0: list[str]
    write0: dict[str, str]
    frames: list[dict[str, Any]]


class Stepper:
    """The steps of one pass over ``root``'s graph, with a cursor and drawings.

    Args:
        root: the output Value.
        direction: "backward" — one step per edge, exactly the records of
            :func:`~autograd.backward_steps` run after zeroing every grad in
            the graph; or "forward" — one step per computed node, in
            topological order.
        grad: the seed d(root)/d(root) of a backward pass: a finite real
            number (a bool or a str is a TypeError, NaN, an infinity or an
            int beyond floats a DomainError).
        order: "topological" (the right pass) or "naive" — the recursive pass
            people write first (:func:`~autograd.see.steps.naive_steps`): each
            node passes its gradient on, then recurses into each parent, with
            no ordering; ``.premature`` lists the steps (0-based) where a node
            passes its gradient on before all its consumers have added
            theirs, and ``.final_grads`` holds its (wrong) result. Its steps
            are counted first (they can grow exponentially with depth) and
            ``max_steps`` applies before anything is recorded.
        max_steps: refuse passes longer than this (default :data:`MAX_STEPS`).
        number_format: format spec for the numbers shown.
        rankdir, hide_constants, groups: passed to :func:`~autograd.draw`
            (validated here). With ``hide_constants`` a step into a hidden
            constant marks the op node that lists it.

    Making a Stepper reads the graph only: every live ``.grad`` stays as it
    was, and threads may make Steppers of one graph at once.
    """

    def __init__(
        self,
        root: Value,
        direction: str = "backward",
        grad: float = 1.0,
        *,
        max_steps: int = MAX_STEPS,
        number_format: str = ".4f",
        rankdir: str = "auto",
        hide_constants: bool = False,
        groups: Any = None,
        order: str = "topological",
    ) -> None:
        require_value(root, "Stepper")
        if direction not in _DIRECTIONS:
            raise ValueError(f"Stepper direction must be 'backward' or 'forward', got {describe(direction)}")
        if order not in _ORDERS:
            raise ValueError(f"Stepper order must be 'topological' or 'naive', got {describe(order)}")
        if order == "naive" and direction == "forward":
            raise ValueError("Stepper: order='naive' is a backward pass; a forward pass has one order")
        max_steps = count(max_steps, "Stepper: max_steps", minimum=1)
        hide_constants = flag(hide_constants, "Stepper: hide_constants")
        grad = as_float(grad, "Stepper: grad")
        self.root = root
        self.direction = direction
        self.order = order
        self.number_format = validate_format(number_format)
        validate_rankdir(rankdir)
        nodes = topological_order(root)
        if order == "naive":
            total = count_naive_steps(root, nodes)
        elif direction == "backward":
            total = sum(len(v.parents) for v in nodes)
        else:
            total = sum(1 for v in nodes if v.parents)
        if total > max_steps:  # refused before anything else walks the graph
            raise ValueError(
                f"Stepper: this {direction} pass has {total} steps, over the limit of {max_steps}. "
                "Step through a smaller graph, draw a collapsed view instead (autograd.draw(..., "
                "collapse=...), or nets' one-box-per-neuron view), or pass max_steps= to raise the limit."
            )
        self._ids = ElementIds(root, nodes)
        validate_groups(groups, nodes)
        self._draw_options = {"rankdir": rankdir, "hide_constants": hide_constants, "groups": groups}
        self._shown = shown_ids(root, hide_constants, nodes)
        self.names = Names(root, nodes)
        self.steps: tuple[Step, ...] | tuple[ForwardStep, ...]
        self._grad0: dict[Value, float] = {}
        #: each node's grad at the end of the pass (a backward pass; the data for a forward one)
        self.final_grads: dict[Value, float] = {}
        #: the steps (0-based) where a node passes its gradient on before all its consumers have added theirs
        self.premature: list[int] = []
        self._premature_set: set[int] = set()
        self._correct: dict[Value, float] = {}
        if direction == "backward":
            steps, final = record_steps(root, grad)
            self._correct = final
            if order == "naive":
                steps, final, self.premature = naive_steps(root, grad)
                self._premature_set = set(self.premature)
            self.steps = tuple(steps)
            self.final_grads = final
            self._grad0 = {v: 0.0 for v in nodes}
            self._grad0[root] = final[root]  # the seed: the root is never a parent
        else:
            self.steps = tuple(
                ForwardStep(i, v, v.op, tuple(p.data for p in v.parents), v.data, self.names)
                for i, v in enumerate(w for w in nodes if w.parents)
            )
            self.final_grads = {v: v.grad for v in nodes}
        self.position = 0

    # -- sequence and cursor ------------------------------------------------------
    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step | ForwardStep]:
        return iter(self.steps)

    def __getitem__(self, i: int) -> Step | ForwardStep:
        return self.steps[i]

    def __repr__(self) -> str:
        where = f"at step {self.position + 1}" if self.steps else "no steps"
        naive = ", naive order" if self.order == "naive" else ""
        return f"Stepper({self.direction}{naive}, {len(self)} steps, {where})"

    def _position(self, i: Any) -> int:
        if isinstance(i, bool) or not isinstance(i, numbers.Integral):
            raise TypeError(f"a step position must be an int, got {type(i).__name__}: {describe(i)}")
        i = int(i)  # numpy integers too
        if not self.steps:
            raise IndexError("this pass has no steps (the root is a leaf)")
        if not 0 <= i < len(self.steps):
            raise IndexError(f"step position {describe(i)} is out of range 0..{len(self.steps) - 1}")
        return i

    def goto(self, i: int) -> Stepper:
        """Move the cursor to step ``i`` (0-based); returns the Stepper."""
        self.position = self._position(i)
        return self

    def step(self) -> Stepper:
        """Move the cursor one step on; IndexError at the last step."""
        if self.steps and self.position == len(self.steps) - 1:
            raise IndexError(f"already at the last step ({len(self.steps)} of {len(self.steps)})")
        return self.goto(self.position + 1)

    def back(self) -> Stepper:
        """Move the cursor one step back; IndexError at the first step."""
        if self.position == 0:
            raise IndexError("already at the first step")
        return self.goto(self.position - 1)

    @property
    def current(self) -> Step | ForwardStep:
        """The step record under the cursor."""
        return self.steps[self._position(self.position)]

    @property
    def text(self) -> str:
        """The arithmetic of the step under the cursor."""
        return self.text_at(self.position)

    # -- what each position shows -------------------------------------------------
    def _num(self, x: float) -> str:
        return format(x, self.number_format)

    def _nid(self, v: Value) -> str:
        return f"n{self._ids.index[v]}"

    def text_at(self, i: int) -> str:
        """The arithmetic of step ``i`` written out, in the nodes' names (counted from 1)."""
        s = self.steps[self._position(i)]
        names = self.names
        head = f"step {i + 1} of {len(self.steps)}: "
        if isinstance(s, ForwardStep):
            values = names.with_values(s.node, [self._num(x) for x in s.inputs])
            return f"{head}{names.equation(s.node)}\n  = {values} = {self._num(s.data)}"
        rule = names.rule(s.node, s.index)
        into = ""
        if s.arrivals > 1:
            into = f"  (path {s.arrival} of {s.arrivals} into {names[s.parent]}: += adds it to the others)"
        text = (
            f"{head}{names.equation(s.node)}\n"
            f"  local {names.ratio(s.node, s.parent)} = {rule} = {self._num(s.local_grad)}\n"
            f"  {names.of(s.parent)}.grad += {self._num(s.upstream)} x {self._num(s.local_grad)}"
            f" = {self._num(s.contribution)}: {self._num(s.parent_grad_before)} -> "
            f"{self._num(s.parent_grad)}{into}"
        )
        if i in self._premature_set:
            text += (
                f"\n  PREMATURE: {names[s.node]} passes on {self._num(s.upstream)}, but not all its "
                f"consumers have added theirs (its gradient will be {self._num(self._correct[s.node])})"
            )
        return text

    def _title(self, n: int) -> str:
        what = f"{self.direction} pass"
        if self.order == "naive":
            what = "naive backward pass (no topological order)"
        return f"{what} of {self.names[self.root]}: {n} steps"

    def legend(self) -> list[tuple[str, str]]:
        """What each colour of this pass's pictures means: ``(style name, wording)`` pairs.

        "accumulate" is listed only when some step adds one of several
        contributions into a node. The page shows it under its title, an
        animation in its start frame's caption.
        """
        if self.direction == "forward":
            return [("current", "the node being computed"), ("done", "computed")]
        out = [("current", "this step")]
        if any(s.arrivals > 1 for s in self.steps):
            out.append(("accumulate", "one of several contributions into a node (+=)"))
        out.append(("done", "a final grad, an added contribution"))
        return out

    def grads_at(self, i: int) -> dict[Value, float]:
        """Every node's grad after step ``i`` of a backward pass."""
        self._position(i)
        if self.direction != "backward":
            raise ValueError("grads_at is for a backward Stepper")
        grads = dict(self._grad0)
        for s in self.steps[: i + 1]:
            grads[s.parent] = s.parent_grad
        return grads

    def pending_at(self, i: int) -> set[Value]:
        """The nodes a forward pass has not computed yet after step ``i``."""
        self._position(i)
        if self.direction != "forward":
            raise ValueError("pending_at is for a forward Stepper")
        return {s.node for s in self.steps[i + 1 :]}

    def _drawn(self, ids: list[str]) -> list[str]:
        return [eid for eid in ids if eid in self._shown]

    def _accumulate_ids(self, s: Step | ForwardStep) -> list[str]:
        """The edge of a Step that adds one of several contributions into its parent (else nothing)."""
        if isinstance(s, Step) and s.arrivals > 1:
            return self._drawn([self._ids.of_edge(s.node, s.index, "Stepper")])
        return []

    def _current_ids(self, s: Step | ForwardStep) -> list[str]:
        """A Step's edge, op and nodes (as ``draw`` highlights it) but an accumulating edge; a forward
        step's node, op and edges."""
        if isinstance(s, Step):
            accumulating = self._accumulate_ids(s)
            return [eid for eid in self._drawn(self._ids.of_item(s, "Stepper")) if eid not in accumulating]
        node = s.node
        edges = (self._ids.of_edge(node, i, "Stepper") for i in range(len(node.parents)))
        return self._drawn([*self._ids.of_value(node, "Stepper"), *edges])

    def _done_plan(self) -> tuple[list[str], list[list[str]]]:
        """Ids marked done before the first step, and the ids newly done at each step."""
        new: list[list[str]] = [[] for _ in self.steps]
        if self.direction == "forward":
            start = [self._nid(v) for v in self._ids.order if not v.parents]
            for i, s in enumerate(self.steps):
                new[i] = self._ids.of_value(s.node, "Stepper")
            return self._drawn(start), new
        last: dict[Value, int] = {}
        for i, s in enumerate(self.steps):
            last[s.parent] = i
            new[i] += self._drawn([self._ids.of_edge(s.node, s.index, "Stepper")])  # its contribution added
        for v, i in last.items():
            new[i] += self._drawn([self._nid(v)])
        return [self._nid(self.root)], new

    def _done_at(self, i: int) -> list[str]:
        start, new = self._done_plan()
        return start + [eid for ids in new[: i + 1] for eid in ids]

    def _kw(self, options: dict[str, Any]) -> dict[str, Any]:
        kw = {**self._draw_options, "number_format": self.number_format, **options}
        if self.direction == "forward":
            kw.setdefault("show", ("label", "data"))
            kw.setdefault("edge_grads", False)
        return kw

    def draw(self, i: int | None = None, *, highlight: Any = None, **options: Any) -> graphviz.Digraph:
        """The graph at step ``i`` (default: the cursor): current step and what is done marked.

        A backward step is "current"; when it adds one of several
        contributions into its parent, its edge is "accumulate" instead, and
        the edges of the parent's earlier arrivals are "done", as is every
        edge already passed and every node whose grad is final.

        Args:
            i: the step (0-based).
            highlight: more to mark, as for :func:`~autograd.draw`; a plain
                list is drawn in the "path" style. The step's own "current"
                and "accumulate" marks win over it, and it wins over "done".
            options: other :func:`~autograd.draw` options, overriding the
                Stepper's.
        """
        i = self.position if i is None else i
        kw = self._kw(options)
        if not self.steps:
            return draw(self.root, highlight=highlight, **kw)
        self._position(i)
        if self.direction == "backward":
            kw.setdefault("grads", self.grads_at(i))
        else:
            kw.setdefault("pending", self.pending_at(i))
        step = self.steps[i]
        marks: dict[str, list[Any]] = {
            "done": self._done_at(i),
            "current": self._current_ids(step),
            "accumulate": self._accumulate_ids(step),
        }
        for style, items in highlight_sets(highlight).items():
            marks[style] = [*marks.get(style, []), *items]
        return draw(self.root, highlight=marks, **kw)

    def _cell_texts(self) -> tuple[dict[str, str], list[list[str] | None]]:
        """The cell texts before the first step, and the one each step rewrites.

        A backward pass rewrites the parent's grad; a forward pass the node's data.
        """
        if self.direction == "backward":
            start = {self._nid(v): f"grad {self._num(g)}" for v, g in self._grad0.items()}
            writes = [[self._nid(s.parent), f"grad {self._num(s.parent_grad)}"] for s in self.steps]
        else:
            start = {self._nid(s.node): "data ?" for s in self.steps}
            writes = [[self._nid(s.node), f"data {self._num(s.data)}"] for s in self.steps]
        start = {eid: t for eid, t in start.items() if eid in self._shown}
        return start, [w if w[0] in self._shown else None for w in writes]

    def _frames(self) -> tuple[list[str], dict[str, str], list[dict[str, Any]]]:
        """The ids done and the cell texts before the first step, and the frames."""
        start_done, new = self._done_plan()
        start_texts, writes = self._cell_texts()
        frames = [
            {
                "cur": self._current_ids(s),
                "acc": self._accumulate_ids(s),
                "done": new[i],
                "write": writes[i],
                "text": self.text_at(i),
            }
            for i, s in enumerate(self.steps)
        ]
        return start_done, start_texts, frames

    def frames(self) -> list[dict[str, Any]]:
        """One frame per step: ``{"cur", "acc", "done", "write", "text"}``.

        ``cur``: the ids to mark "current"; ``acc``: the id of the edge to
        mark "accumulate" (a step adding one of several contributions into a
        node; else empty); ``done``: the ids newly done at this step (shown
        from this frame on, under the current marks); ``write``: ``[id,
        text]`` of the one cell it rewrites, or None; ``text``: the step's
        arithmetic (:meth:`text_at`).
        """
        return self._frames()[2]

    # -- HTML ------------------------------------------------------------------------
    def _first_frame_svg(self, start_done: list[str], start_texts: dict[str, str], frames: list[dict]) -> str:
        """The SVG of the first frame, laid out with the numbers of the last one.

        The last frame has every number (a forward pass's data, the final
        grads), so its cells are wide enough for every frame; the texts are
        then rewritten to the first frame's. The arguments are :meth:`_frames`'.
        """
        from .render import render_svg

        if not frames:
            return render_svg(self.draw())
        first = frames[0]
        last = len(self.steps) - 1
        kw = self._kw({})
        if self.direction == "backward":
            kw["grads"] = self.grads_at(last)
        marks = {"done": [*start_done, *first["done"]], "current": first["cur"], "accumulate": first["acc"]}
        svg = render_svg(draw(self.root, highlight=marks, **kw))
        texts = dict(start_texts)
        if first["write"] is not None:
            texts[first["write"][0]] = first["write"][1]
        return write_texts(svg, texts)

    def layout(self) -> Layout:
        """The one layout every frame of the pass is shown in, and what changes frame by frame.

        The page (:meth:`html`) and the animations (:meth:`save`) are both made from it.
        """
        start_done, write0, frames = self._frames()
        return Layout(self._first_frame_svg(start_done, write0, frames), start_done, write0, frames)

    def html(self, start: int | None = None) -> str:
        """The stepper as an HTML fragment: one SVG, controls, and a table of all steps.

        Without JavaScript it shows the first step and the table of every
        step; with it, play / step / back buttons and a slider, opening at
        step ``start`` (default: the cursor). Its outer ``div``'s id is made
        from the pass and a count of the pages made so far, with nothing
        random, so a notebook run afresh gives the same output.
        """
        from .render import render_svg

        start = self.position if start is None else start
        if self.steps:
            self._position(start)
        layout = self.layout()
        start_done, write0, frames = layout.done0, layout.write0, layout.frames
        texts = [f["text"] for f in frames]
        last = render_svg(self.draw(len(self.steps) - 1)) if len(self.steps) > 1 else None
        data = {"start": start, "done0": start_done, "write0": write0, "frames": frames}
        digest = hashlib.sha1(json.dumps(data).encode("utf-8", "surrogatepass")).hexdigest()
        return stepper_html(
            uid=f"cr-stepper-{digest[:8]}-{next(_PAGE_NUMBERS)}",  # no random part: outputs reproduce
            title=self._title(len(frames)),
            svg=layout.svg,
            text=texts[0] if texts else "This pass has no steps (the root is a leaf).",
            steps=texts,
            data=data,
            last_svg=last,
            marked=self._premature_set,
            extra=self._comparison_html(),
            legend=self.legend() if self.steps else (),
        )

    def _comparison_html(self) -> str:
        """For a naive pass: each leaf's grad from it beside the right one (from a topological pass)."""
        if self.order != "naive":
            return ""
        esc = html_text
        rows = []
        for v in self._ids.order:
            if v.is_leaf() and v.op != "const":
                naive, right = self.final_grads[v], self._correct[v]
                flag = "" if naive == right else " <b>wrong</b>"
                rows.append(
                    f"<tr><td align='left'>{esc(self.names[v])}</td><td align='right'>{self._num(naive)}"
                    f"{flag}</td><td align='right'>{self._num(right)}</td></tr>"
                )
        first = min(self.premature) + 1 if self.premature else None
        note = (
            f"<p>{len(self.premature)} premature step(s); the first is step {first}.</p>"
            if first
            else "<p>No premature step: every node passes its gradient on once it is final.</p>"
        )
        return (
            "<table><tr><th align='left'>leaf</th><th align='right'>grad, naive pass</th>"
            f"<th align='right'>grad, topological order</th></tr>{''.join(rows)}</table>{note}"
        )

    def _repr_html_(self) -> str:
        return self.html(0)  # a notebook cell opens at step 1

    def save_html(self, path: str | os.PathLike, start: int | None = None) -> Path:
        """Write a standalone HTML page (no network needed) with play / step / back / slider.

        Raises:
            TypeError: ``path`` is not a str or path, or ``start`` is not an int.
            IndexError: ``start`` is not a step.
        """
        path = as_path(path, "Stepper.save_html")
        path.write_text(standalone_page(self.html(start)), encoding="utf-8")
        return path

    def save(self, path: str | os.PathLike, seconds_per_step: float = 1.0, *, dpi: float = 96) -> Path:
        """Write the pass to ``path``; its suffix picks the kind.

        ``.html``: the page (:meth:`save_html`); ``.gif`` or ``.svg``: an
        animation, a start frame and one frame per step, ``seconds_per_step``
        each (slides and READMEs; a GIF has ``dpi`` pixels per inch; see
        :func:`autograd.see.animate.save_animation`). ``seconds_per_step`` and
        ``dpi`` are checked for every kind.

        Raises:
            TypeError: ``path`` is not a str or path, or ``seconds_per_step`` /
                ``dpi`` is not a real number (a bool is not).
            ValueError: an unknown suffix, ``seconds_per_step`` outside 0.02 to
                655.35 s, or ``dpi`` outside (0, 1200].
        """
        from .animate import save_animation, validate_seconds

        path = as_path(path, "Stepper.save")
        seconds_per_step = validate_seconds(seconds_per_step, "Stepper.save: seconds_per_step")
        dpi = validate_dpi(dpi, "Stepper.save")
        if path.suffix.lower() in (".html", ".htm"):
            return self.save_html(path)
        return save_animation(self, path, seconds_per_step, dpi=dpi)
