"""The HTML, CSS and JavaScript of a :class:`~autograd.Stepper` page.

A page is one inline SVG (laid out once), the controls, the text of the
current step, a table of every step (what shows without JavaScript), and the
frames as JSON. Each frame names the element ids to mark "current", the ids
newly "done", one cell text to rewrite (``[id, text]`` or null: a grad in a
backward pass, a data value in a forward pass) and the step's text. The script
toggles classes and rewrites texts on that one SVG — no network, no CDN.

The script rewrites the last ``<text>`` of an element: the last cell of a
value node (its grad in a backward drawing, its data in a forward drawing).

This module provides :func:`stepper_html`, :func:`standalone_page`,
:func:`inline_svg` and :func:`write_texts`; it knows nothing about Values.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from .style import STYLES

__all__ = ["inline_svg", "standalone_page", "stepper_html", "write_texts"]


def inline_svg(svg: str) -> str:
    """The SVG element alone: no XML prolog, DOCTYPE or comments."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    return svg[svg.index("<svg") :].strip()


def write_texts(svg: str, texts: Mapping[str, str]) -> str:
    """``svg`` with the last ``<text>`` of each element ``id`` replaced by ``texts[id]``.

    What the page's script does on load, done here so that the page shows the
    same thing without JavaScript. Ids not in the SVG are left alone.
    """
    for eid, text in texts.items():
        start = svg.find(f'<g id="{eid}" ')
        if start < 0:
            continue
        end = svg.find("</g>", start)
        last = svg.rfind("<text", start, end)
        if last < 0:
            continue
        open_end = svg.index(">", last) + 1
        close = svg.index("</text>", open_end)
        svg = svg[:open_end] + html.escape(text, quote=False) + svg[close:]
    return svg


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


def stepper_html(
    *, uid: str, title: str, svg: str, text: str, steps: list[str], data: Mapping[str, Any]
) -> str:
    """The stepper as an HTML fragment.

    Args:
        uid: the id of the outer ``div`` (unique on the page).
        title: the heading (plain text).
        svg: the SVG of the first frame (plain SVG text, with ids).
        text: the first frame's text, shown without JavaScript.
        steps: the text of every step, for the table shown without JavaScript.
        data: ``{"start", "done0", "write0", "frames"}`` for the script:
            the frame it opens at, the ids done before the first step, the
            cell texts before the first step, and the frames.
    """
    rows = "\n".join(
        f"<tr><td>{i + 1}</td><td><pre>{html.escape(t)}</pre></td></tr>" for i, t in enumerate(steps)
    )
    n = len(steps)
    return _PAGE.format(
        uid=uid,
        css=_css(uid),
        title=html.escape(title),
        last=max(n - 1, 0),
        pos=f"step 1 of {n}" if n else "no steps",
        text=html.escape(text),
        svg=inline_svg(svg),
        rows=rows,
        data=_script_json(dict(data)),
        js=_JS.replace("UID", uid),
    )


def standalone_page(body: str) -> str:
    """A whole HTML document around a fragment."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>chainrule stepper</title></head>\n<body>\n{body}\n</body></html>\n"
    )


_PAGE = """<div id="{uid}" class="cr-stepper">
<style>
{css}
</style>
<div><b>{title}</b></div>
<div class="cr-controls" style="display:none">
<button type="button" class="cr-back">&#9664; back</button>
<button type="button" class="cr-play">play</button>
<button type="button" class="cr-step">step &#9654;</button>
<input type="range" class="cr-slider" min="0" max="{last}" value="0" step="1">
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
  function write(id, t) {
    var e = el(id); if (!e) return;
    var ts = e.getElementsByTagName("text");
    if (ts.length) ts[ts.length - 1].textContent = t;
  }
  function show(i) {
    pos = Math.max(0, Math.min(n - 1, i));
    var old = svg.querySelectorAll(".hl-current, .hl-done, .hl-path"), j, id;
    for (j = 0; j < old.length; j++) old[j].classList.remove("hl-current", "hl-done", "hl-path");
    for (id in D.write0) write(id, D.write0[id]);
    D.done0.forEach(function (id) { mark(id, "hl-done"); });
    for (j = 0; j <= pos; j++) {
      F[j].done.forEach(function (id) { mark(id, "hl-done"); });
      if (F[j].write) write(F[j].write[0], F[j].write[1]);
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
