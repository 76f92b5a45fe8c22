"""Stepping through one pass of the chain rule: :class:`Stepper`.

A Stepper records every step of one backward pass (or of the forward pass)
when it is made, moves a cursor over them, writes each step's arithmetic out,
and draws the graph with the current step highlighted. Its HTML views lay the
graph out once; each frame is only the ids to highlight, a grad to rewrite and
a line of text, and a few lines of plain JavaScript toggle classes on that one
SVG — no network, no CDN, no ipywidgets.

This module provides :class:`Stepper`, :class:`ForwardStep` (one node of the
forward pass) and :data:`MAX_STEPS`.
"""

from __future__ import annotations

import html
import json
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backprop import Step, backward_steps, topological_order
from .drawing import STYLES, _check_format, draw, node_name
from .value import Value

if TYPE_CHECKING:
    import graphviz

__all__ = ["MAX_STEPS", "ForwardStep", "Stepper"]

#: The most steps a Stepper accepts by default: a page with more frames is
#: too slow to build and too long to follow.
MAX_STEPS = 2000

_DIRECTIONS = ("backward", "forward")
_INFIX = ("+", "-", "*", "/", "**")


@dataclass(frozen=True, slots=True)
class ForwardStep:
    """One node of the forward pass: ``data = op(*inputs)``."""

    step: int
    node: Value
    op: str
    inputs: tuple[float, ...]
    data: float

    def __str__(self) -> str:
        return f"step {self.step}: {node_name(self.node)} = {self.op}{self.inputs} = {self.data:.6g}"

def _expr(op: str, args: list[str]) -> str:
    if op in _INFIX and len(args) == 2:
        return f"{args[0]} {op} {args[1]}"
    if op == "neg" and len(args) == 1:
        return f"-{args[0]}"
    if op.startswith("**") and len(args) == 1:
        return f"{args[0]}{op}"
    return f"{op}({', '.join(args)})"


class Stepper:
    """The steps of one pass over ``root``'s graph, with a cursor and drawings.

    Args:
        root: the output Value.
        direction: "backward" — one step per edge, exactly the records of
            :func:`~autograd.backward_steps` run after zeroing every grad in
            the graph; or "forward" — one step per computed node, in
            topological order.
        grad: the seed d(root)/d(root) of a backward pass.
        max_steps: refuse passes longer than this (default :data:`MAX_STEPS`).
        number_format: format spec for the numbers shown.
        rankdir, hide_constants, groups: passed to :func:`~autograd.draw`.

    Making a Stepper leaves every live ``.grad`` exactly as it was.
    """

    def __init__(
        self,
        root: Value,
        direction: str = "backward",
        grad: float = 1.0,
        *,
        max_steps: int = MAX_STEPS,
        number_format: str = ".4f",
        rankdir: str = "LR",
        hide_constants: bool = False,
        groups: Any = None,
    ) -> None:
        if not isinstance(root, Value):
            raise TypeError(f"Stepper expects a Value, got {type(root).__name__}: {root!r}")
        if direction not in _DIRECTIONS:
            raise ValueError(f"Stepper direction must be 'backward' or 'forward', got {direction!r}")
        if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
            raise ValueError(f"max_steps must be a positive int, got {max_steps!r}")
        self.root = root
        self.direction = direction
        self.number_format = _check_format(number_format)
        self._draw_options = {"rankdir": rankdir, "hide_constants": hide_constants, "groups": groups}
        order = topological_order(root)
        self._index = {v: k for k, v in enumerate(order)}
        self._order = order
        if direction == "backward":
            count = sum(len(v.parents) for v in order)
        else:
            count = sum(1 for v in order if v.parents)
        if count > max_steps:
            raise ValueError(
                f"Stepper: this {direction} pass has {count} steps, over the limit of {max_steps}. "
                "Step through a smaller graph, draw a collapsed view instead (autograd.draw(..., "
                "collapse=...), or nets' one-box-per-neuron view), or pass max_steps= to raise the limit."
            )
        self.steps: tuple[Step, ...] | tuple[ForwardStep, ...]
        self._grad0: dict[Value, float] = {}
        if direction == "backward":
            saved = [v.grad for v in order]
            try:
                for v in order:
                    v.grad = 0.0
                self.steps = tuple(backward_steps(root, grad))
                self._grad0 = {v: 0.0 for v in order}
                self._grad0[root] = root.grad  # the seed: the root is never a parent
            finally:
                for v, g in zip(order, saved):
                    v.grad = g
        else:
            self.steps = tuple(
                ForwardStep(i, v, v.op, tuple(p.data for p in v.parents), v.data)
                for i, v in enumerate(w for w in order if w.parents)
            )
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
        return f"Stepper({self.direction}, {len(self)} steps, {where})"

    def _check(self, i: Any) -> int:
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError(f"a step position must be an int, got {type(i).__name__}: {i!r}")
        if not self.steps:
            raise IndexError("this pass has no steps (the root is a leaf)")
        if not 0 <= i < len(self.steps):
            raise IndexError(f"step position {i} is out of range 0..{len(self.steps) - 1}")
        return i

    def goto(self, i: int) -> Stepper:
        """Move the cursor to step ``i`` (0-based); returns the Stepper."""
        self.position = self._check(i)
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
        return self.steps[self._check(self.position)]

    @property
    def text(self) -> str:
        """The arithmetic of the step under the cursor."""
        return self.text_at(self.position)

    # -- what each position shows -------------------------------------------------
    def _num(self, x: float) -> str:
        return format(x, self.number_format)

    def text_at(self, i: int) -> str:
        """The arithmetic of step ``i`` written out."""
        s = self.steps[self._check(i)]
        head = f"step {i + 1} of {len(self.steps)}: "
        if isinstance(s, ForwardStep):
            names = [node_name(p) for p in s.node.parents]
            nums = [self._num(x) for x in s.inputs]
            return (
                f"{head}{node_name(s.node)} = {_expr(s.op, names)}\n"
                f"  = {_expr(s.op, nums)} = {self._num(s.data)}"
            )
        rule = s.node.opdef.rule(s.index, len(s.node.parents))
        child, parent = node_name(s.node), node_name(s.parent)
        return (
            f"{head}{child} --{s.op}--> {parent} (argument {s.index})\n"
            f"  upstream {self._num(s.upstream)} x local {self._num(s.local_grad)} [{rule}]"
            f" = contribution {self._num(s.contribution)}\n"
            f"  grad of {parent}: {self._num(s.parent_grad_before)} -> {self._num(s.parent_grad)}"
        )

    def grads_at(self, i: int) -> dict[Value, float]:
        """Every node's grad after step ``i`` of a backward pass."""
        self._check(i)
        if self.direction != "backward":
            raise ValueError("grads_at is for a backward Stepper")
        grads = dict(self._grad0)
        for s in self.steps[: i + 1]:
            grads[s.parent] = s.parent_grad
        return grads

    def _ids(self, v: Value) -> list[str]:
        k = self._index[v]
        return [f"n{k}", f"o{k}", f"r{k}"] if v.parents else [f"n{k}"]

    def _current_ids(self, s: Step | ForwardStep) -> list[str]:
        k = self._index[s.node]
        if isinstance(s, ForwardStep):
            return [*self._ids(s.node), *(f"e{k}_{i}" for i in range(len(s.node.parents)))]
        return [f"e{k}_{s.index}", f"o{k}", f"r{k}", f"n{k}", f"n{self._index[s.parent]}"]

    def _done_plan(self) -> tuple[list[str], list[list[str]]]:
        """Ids marked done before the first step, and the ids newly done at each step."""
        new: list[list[str]] = [[] for _ in self.steps]
        if self.direction == "forward":
            start = [f"n{self._index[v]}" for v in self._order if not v.parents]
            for i, s in enumerate(self.steps):
                new[i] = self._ids(s.node)
            return start, new
        last: dict[Value, int] = {}
        for i, s in enumerate(self.steps):
            last[s.parent] = i
        for v, i in last.items():
            new[i].append(f"n{self._index[v]}")
        return [f"n{self._index[self.root]}"], new

    def _done_at(self, i: int) -> list[str]:
        start, new = self._done_plan()
        return start + [eid for ids in new[: i + 1] for eid in ids]

    def draw(self, i: int | None = None, **options: Any) -> graphviz.Digraph:
        """The graph at step ``i`` (default: the cursor): current step and finished nodes marked."""
        i = self.position if i is None else i
        kw = {**self._draw_options, "number_format": self.number_format, **options}
        if self.direction == "forward":
            kw.setdefault("show", ("label", "data"))
        if not self.steps:
            return draw(self.root, **kw)
        self._check(i)
        if self.direction == "backward":
            kw.setdefault("grads", self.grads_at(i))
        highlight = {"done": self._done_at(i), "current": self._current_ids(self.steps[i])}
        return draw(self.root, highlight=highlight, **kw)

    def frames(self) -> list[dict[str, Any]]:
        """One frame per step: ids to mark current, ids newly done, a grad to rewrite, the text."""
        _, new = self._done_plan()
        out = []
        for i, s in enumerate(self.steps):
            grad = None
            if isinstance(s, Step):
                grad = [f"n{self._index[s.parent]}", f"grad {self._num(s.parent_grad)}"]
            out.append({"cur": self._current_ids(s), "done": new[i], "grad": grad, "text": self.text_at(i)})
        return out

    # -- HTML ------------------------------------------------------------------------
    def html(self, start: int | None = None) -> str:
        """The stepper as an HTML fragment: one SVG, controls, and a table of all steps.

        Without JavaScript it shows step ``start`` (default: the cursor) and the
        table; with it, play / step / back buttons and a slider.
        """
        from .render import render_svg

        start = self.position if start is None else start
        if self.steps:
            self._check(start)
        svg = _inline_svg(render_svg(self.draw(start if self.steps else None)))
        start_done, _ = self._done_plan()
        grad0 = {}
        if self.direction == "backward":
            grad0 = {f"n{self._index[v]}": f"grad {self._num(g)}" for v, g in self._grad0.items()}
        data = {"start": start, "done0": start_done, "grad0": grad0, "frames": self.frames()}
        uid = f"cr-stepper-{uuid.uuid4().hex[:10]}"
        first = self.text_at(start) if self.steps else "This pass has no steps (the root is a leaf)."
        rows = "\n".join(
            f"<tr><td>{i + 1}</td><td><pre>{html.escape(self.text_at(i))}</pre></td></tr>"
            for i in range(len(self.steps))
        )
        n = len(self.steps)
        return _PAGE.format(
            uid=uid,
            css=_css(uid),
            title=html.escape(f"{self.direction} pass of {node_name(self.root)}: {n} steps"),
            last=max(n - 1, 0),
            start=start,
            pos=html.escape(f"step {start + 1} of {n}" if n else "no steps"),
            text=html.escape(first),
            svg=svg,
            rows=rows,
            data=_script_json(data),
            js=_JS.replace("UID", uid),
        )

    def _repr_html_(self) -> str:
        return self.html()

    def save_html(self, path: str | os.PathLike, start: int | None = None) -> Path:
        """Write a standalone HTML page (no network needed) with play / step / back / slider."""
        path = Path(path)
        body = self.html(start)
        path.write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>chainrule stepper</title></head>\n<body>\n{body}\n</body></html>\n",
            encoding="utf-8",
        )
        return path


def _inline_svg(svg: str) -> str:
    """The SVG element alone: no XML prolog, DOCTYPE or comments."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    return svg[svg.index("<svg") :].strip()


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _css(uid: str) -> str:
    p = f"#{uid}"
    rules = [
        f"{p} .cr-svg svg {{max-width:100%;height:auto}}",
        f"{p} pre {{margin:0;font-size:12px;white-space:pre-wrap}}",
        f"{p} .cr-text {{background:#f6f6f6;padding:6px;min-height:3.6em}}",
        f"{p} .cr-steps td {{vertical-align:top;border-top:1px solid #ddd;padding:2px 6px}}",
        f"{p} .node > polygon:first-of-type {{fill:white}}",
        f"{p} .node.op > ellipse {{fill:white}}",
        f"{p} .edge > path {{stroke:black;stroke-width:1}}",
        f"{p} .edge > polygon {{fill:black;stroke:black;stroke-width:1}}",
    ]
    for name in reversed(tuple(STYLES)):  # weakest first, so "current" wins when both apply
        s = STYLES[name]
        rules += [
            f"{p} .node.hl-{name} > polygon:first-of-type, {p} .node.op.hl-{name} > ellipse "
            f"{{fill:{s['fill']}}}",
            f"{p} .edge.hl-{name} > path {{stroke:{s['edge']};stroke-width:{s['penwidth']}}}",
            f"{p} .edge.hl-{name} > polygon {{fill:{s['edge']};stroke:{s['edge']}}}",
        ]
    return "\n".join(rules)


_PAGE = """<div id="{uid}" class="cr-stepper">
<style>
{css}
</style>
<div><b>{title}</b></div>
<div class="cr-controls" style="display:none">
<button type="button" class="cr-back">&#9664; back</button>
<button type="button" class="cr-play">play</button>
<button type="button" class="cr-step">step &#9654;</button>
<input type="range" class="cr-slider" min="0" max="{last}" value="{start}" step="1">
<span class="cr-pos">{pos}</span>
</div>
<pre class="cr-text">{text}</pre>
<div class="cr-svg">{svg}</div>
<div class="cr-table-wrap">
<table class="cr-steps">
<tr><th>#</th><th>step</th></tr>
{rows}
</table>
</div>
<script type="application/json" class="cr-data">{data}</script>
<script>{js}</script>
</div>"""

_JS = """
(function () {
  var box = document.getElementById("UID");
  if (!box) return;
  var D = JSON.parse(box.querySelector("script.cr-data").textContent);
  var F = D.frames, n = F.length, pos = D.start, timer = null;
  var svg = box.querySelector("svg"), text = box.querySelector(".cr-text");
  var slider = box.querySelector(".cr-slider"), where = box.querySelector(".cr-pos");
  var play = box.querySelector(".cr-play");
  if (!n || !svg) return;
  box.querySelector(".cr-table-wrap").style.display = "none";
  box.querySelector(".cr-controls").style.display = "";
  function el(id) { return svg.querySelector('[id="' + id + '"]'); }
  function mark(id, c) { var e = el(id); if (e) e.classList.add(c); }
  function setGrad(id, t) {
    var e = el(id); if (!e) return;
    var ts = e.getElementsByTagName("text");
    if (ts.length) ts[ts.length - 1].textContent = t;
  }
  function show(i) {
    pos = Math.max(0, Math.min(n - 1, i));
    var old = svg.querySelectorAll(".hl-current, .hl-done, .hl-path"), j, id;
    for (j = 0; j < old.length; j++) old[j].classList.remove("hl-current", "hl-done", "hl-path");
    for (id in D.grad0) setGrad(id, D.grad0[id]);
    D.done0.forEach(function (id) { mark(id, "hl-done"); });
    for (j = 0; j <= pos; j++) {
      F[j].done.forEach(function (id) { mark(id, "hl-done"); });
      if (F[j].grad) setGrad(F[j].grad[0], F[j].grad[1]);
    }
    F[pos].cur.forEach(function (id) {
      var e = el(id); if (e) { e.classList.remove("hl-done"); e.classList.add("hl-current"); }
    });
    text.textContent = F[pos].text;
    slider.value = pos;
    where.textContent = "step " + (pos + 1) + " of " + n;
  }
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = "play"; }
  box.querySelector(".cr-back").onclick = function () { stop(); show(pos - 1); };
  box.querySelector(".cr-step").onclick = function () { stop(); show(pos + 1); };
  slider.oninput = function () { stop(); show(+slider.value); };
  play.onclick = function () {
    if (timer) { stop(); return; }
    if (pos >= n - 1) show(0);
    play.textContent = "pause";
    timer = setInterval(function () { if (pos >= n - 1) stop(); else show(pos + 1); }, 800);
  };
  show(pos);
})();
"""
