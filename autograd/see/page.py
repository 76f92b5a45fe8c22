"""The HTML, CSS and JavaScript of a :class:`~autograd.Stepper` page.

A page is one inline SVG (laid out once), the controls, the text of the
current step, a table of every step (what shows without JavaScript), and the
frames as JSON. Each frame names the element ids to mark "current", the edge
to mark "accumulate" (if any), the ids newly "done", one cell text to rewrite
(``[id, text]`` or null: a grad in a backward pass, a data value in a forward
pass) and the step's text. The script toggles classes and rewrites texts on
that one SVG — no network, no CDN.

The script rewrites the last ``<text>`` of an element: the last cell of a
value node (its grad in a backward drawing, its data in a forward drawing).

This module provides :func:`stepper_html`, :func:`standalone_page`,
:func:`inline_svg`, :func:`write_texts` and :func:`legend_text`; it knows
nothing about Values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .names import html_text, page_text
from .style import COLOUR_NAMES, STYLES

__all__ = ["inline_svg", "legend_text", "standalone_page", "stepper_html", "write_texts"]


def inline_svg(svg: str, id_prefix: str = "") -> str:
    """The SVG element alone: no XML prolog, DOCTYPE or comments; every ``id`` prefixed with ``id_prefix``.

    A prefix keeps a second copy of a drawing on the page (the static last
    frame) from repeating the first one's element ids.
    """
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = svg[svg.index("<svg") :].strip()
    if id_prefix:
        svg = re.sub(r'(\sid=")', rf"\g<1>{id_prefix}", svg)
    return svg


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
        svg = svg[:open_end] + html_text(text, quote=False) + svg[close:]
    return svg


def legend_text(legend: Sequence[tuple[str, str]], separator: str = "   ") -> str:
    """``[(style, wording), ...]`` as one line of plain text: "red: this step   green: done"."""
    return separator.join(f"{COLOUR_NAMES[style]}: {wording}" for style, wording in legend)


def _legend_html(legend: Sequence[tuple[str, str]]) -> str:
    """The legend as HTML: a coloured square (where styles survive) and the colour's name, per style."""
    items = [
        f'<span class="cr-key"><span style="color:{STYLES[style]["edge"]}">&#9632;</span> '
        f"<b>{COLOUR_NAMES[style]}</b>: {html_text(wording)}</span>"
        for style, wording in legend
    ]
    return f'<div class="cr-legend">{" &#160; ".join(items)}</div>' if items else ""


def _page_strings(data: Any) -> Any:
    """``data`` with every string as a page can hold it (:func:`~autograd.see.names.page_text`)."""
    if isinstance(data, str):
        return page_text(data)
    if isinstance(data, Mapping):
        return {_page_strings(k): _page_strings(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_page_strings(v) for v in data]
    return data


def _script_json(data: Any) -> str:
    text = json.dumps(_page_strings(data), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _css(uid: str) -> str:
    p = f"#{uid}"
    rules = [
        f"{p} .cr-svg svg {{max-width:100%;height:auto}}",
        f"{p} pre {{margin:0;font-size:12px;white-space:pre-wrap}}",
        f"{p} .cr-text {{background:#f6f6f6;padding:6px;min-height:3.6em}}",
        f"{p} .cr-steps td {{vertical-align:top;border-top:1px solid #ddd;padding:2px 6px;text-align:left}}",
        f"{p} .cr-steps tr.cr-marked td {{background:#fde2e0}}",
        f"{p} .cr-legend {{font-size:12px;margin:2px 0 4px}}",
        f"{p} .node > polygon:first-of-type {{fill:white}}",
        f"{p} .node.op > ellipse {{fill:white}}",
        f"{p} .edge > path {{stroke:black;stroke-width:1}}",
        f"{p} .edge > polygon {{fill:black;stroke:black;stroke-width:1}}",
    ]
    for name in reversed(tuple(STYLES)):  # weakest first, so the stronger style wins when both apply
        s = STYLES[name]
        rules += [
            f"{p} .node.hl-{name} > polygon:first-of-type, {p} .node.op.hl-{name} > ellipse "
            f"{{fill:{s['fill']}}}",
            f"{p} .edge.hl-{name} > path {{stroke:{s['edge']};stroke-width:{s['penwidth']}}}",
            f"{p} .edge.hl-{name} > polygon {{fill:{s['edge']};stroke:{s['edge']}}}",
        ]
    return "\n".join(rules)


def stepper_html(
    *,
    uid: str,
    title: str,
    svg: str,
    text: str,
    steps: list[str],
    data: Mapping[str, Any],
    last_svg: str | None = None,
    marked: frozenset[int] | set[int] = frozenset(),
    extra: str = "",
    legend: Sequence[tuple[str, str]] = (),
) -> str:
    """The stepper as an HTML fragment.

    With JavaScript, the script builds the controls (back / play / step /
    slider) and hides the static part; without it (GitHub, nbviewer and other
    viewers strip scripts, styles and ``style=`` attributes) the page shows
    the first frame, the last frame and a left-aligned table of every step,
    with no dead buttons.

    Args:
        uid: the id of the outer ``div`` (unique on the page).
        title: the heading (plain text).
        svg: the SVG of the first frame (plain SVG text, with ids).
        text: the first frame's text, shown without JavaScript.
        steps: the text of every step, for the table shown without JavaScript.
        data: ``{"start", "done0", "write0", "frames"}`` for the script:
            the frame it opens at, the ids done before the first step, the
            cell texts before the first step, and the frames (each
            ``{"cur", "acc", "done", "write", "text"}``: ids marked
            "current", ids marked "accumulate", ids newly done, a cell to
            rewrite, the text).
        last_svg: the SVG of the last frame, for the static part.
        marked: step indices (0-based) whose row is marked in the table (a
            naive pass's premature steps; the first is pointed out).
        extra: trusted HTML shown under the title (e.g. a table of grads).
        legend: ``(style name, wording)`` pairs: what each colour means,
            shown under the title.
    """
    rows = []
    first_marked = min(marked) if marked else None
    for i, t in enumerate(steps):
        mark = " cr-marked" if i in marked else ""
        note = "<b>first premature step</b><br>" if i == first_marked else ""
        rows.append(
            f'<tr class="cr-row{mark}"><td valign="top">{i + 1}</td>'
            f'<td valign="top"><div align="left">{note}<pre>{html_text(t)}</pre></div></td></tr>'
        )
    last = ""
    if last_svg is not None and len(steps) > 1:
        last = f"<p><b>After the last step ({len(steps)} of {len(steps)}):</b></p>\n" + inline_svg(
            last_svg, id_prefix="cr-last-"
        )
    return _PAGE.format(
        uid=uid,
        css=_css(uid),
        title=html_text(title),
        legend=_legend_html(legend),
        extra=extra,
        text=html_text(text),
        svg=inline_svg(svg),
        last=last,
        rows="\n".join(rows),
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
{legend}
{extra}
<pre class="cr-text">{text}</pre>
<div class="cr-svg">{svg}</div>
<div class="cr-table-wrap">
{last}
<table class="cr-steps">
<tr><th align="left">#</th><th align="left">step</th></tr>
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
  var svg = box.querySelector(".cr-svg svg"), text = box.querySelector(".cr-text");
  if (!n || !svg) return;
  // the controls exist only where the script runs: a page without scripts shows no dead buttons
  var controls = document.createElement("div");
  controls.className = "cr-controls";
  controls.innerHTML = '<button type="button" class="cr-back">&#9664; back</button> ' +
    '<button type="button" class="cr-play">play</button> ' +
    '<button type="button" class="cr-step">step &#9654;</button> ' +
    '<input type="range" class="cr-slider" min="0" max="' + (n - 1) + '" value="0" step="1"> ' +
    '<span class="cr-pos"></span>';
  box.insertBefore(controls, text);
  var slider = box.querySelector(".cr-slider"), where = box.querySelector(".cr-pos");
  var play = box.querySelector(".cr-play");
  box.querySelector(".cr-table-wrap").style.display = "none";
  function el(id) { return svg.querySelector('[id="' + id + '"]'); }
  function mark(id, c) { var e = el(id); if (e) e.classList.add(c); }
  function write(id, t) {
    var e = el(id); if (!e) return;
    var ts = e.getElementsByTagName("text");
    if (ts.length) ts[ts.length - 1].textContent = t;
  }
  function show(i) {
    pos = Math.max(0, Math.min(n - 1, i));
    var HL = ["hl-accumulate", "hl-current", "hl-done", "hl-path"], j, id;
    var old = svg.querySelectorAll("." + HL.join(", ."));
    for (j = 0; j < old.length; j++) HL.forEach(function (c) { old[j].classList.remove(c); });
    for (id in D.write0) write(id, D.write0[id]);
    D.done0.forEach(function (id) { mark(id, "hl-done"); });
    for (j = 0; j <= pos; j++) {
      F[j].done.forEach(function (id) { mark(id, "hl-done"); });
      if (F[j].write) write(F[j].write[0], F[j].write[1]);
    }
    F[pos].cur.forEach(function (id) {
      var e = el(id); if (e) { e.classList.remove("hl-done"); e.classList.add("hl-current"); }
    });
    (F[pos].acc || []).forEach(function (id) {
      var e = el(id); if (e) { e.classList.remove("hl-done"); e.classList.add("hl-accumulate"); }
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
