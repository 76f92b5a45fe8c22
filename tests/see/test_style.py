"""Tests of autograd.see.style: the highlight styles, and that drawings and stepper pages use them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import autograd as ag
from autograd.see.draw import element_ids
from autograd.see.page import stepper_html
from autograd.see.render import graphviz_pure, render_svg
from autograd.see.style import COLOUR_NAMES, FONT, PLAIN, STYLES

SVG = "{http://www.w3.org/2000/svg}"
HEX = re.compile(r"#[0-9a-f]{6}")


def _graph():
    a, b = ag.Value(2.0, "a"), ag.Value(3.0, "b")
    c = a * b
    c.label = "c"
    d = c + a
    d.label = "d"
    return a, b, c, d


def _line(src: str, eid: str) -> str:
    """The DOT statement of the element with id ``eid``."""
    (line,) = [ln for ln in src.splitlines() if re.search(rf"\bid={eid}[ \]]", ln)]
    return line


def test_the_styles_strongest_first():
    assert list(STYLES) == ["accumulate", "current", "path", "done"]
    for name, style in STYLES.items():
        assert set(style) == {"fill", "edge", "penwidth"}, name
        assert HEX.fullmatch(style["fill"]) and HEX.fullmatch(style["edge"]), name
    n = len(STYLES)
    widths = [float(s["penwidth"]) for s in STYLES.values()]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == n  # a stronger style, a wider pen
    assert len({s["fill"] for s in STYLES.values()}) == n and len({s["edge"] for s in STYLES.values()}) == n
    assert STYLES["current"] == {"fill": "#fcd5d0", "edge": "#d62728", "penwidth": "3"}
    assert list(COLOUR_NAMES) == list(STYLES) and len(set(COLOUR_NAMES.values())) == n
    assert PLAIN == {"fill": "white", "edge": "black", "penwidth": "1"}
    assert all(s["penwidth"] > PLAIN["penwidth"] for s in STYLES.values())
    assert FONT == "Helvetica"


@pytest.mark.parametrize("name", list(STYLES))
def test_a_drawing_uses_the_style_of_each_highlight(name: str):
    a, b, c, d = _graph()
    ids = element_ids(d)
    k = ids[c][1:]
    style = STYLES[name]
    src = ag.draw(d, highlight={name: [c, (c, 0)]}).source
    value, op, out, edge = (_line(src, eid) for eid in (ids[c], f"o{k}", f"r{k}", f"e{k}_0"))
    assert f'BGCOLOR="{style["fill"]}"' in value and f"hl-{name}" in value
    assert f'fillcolor="{style["fill"]}"' in op
    for line in (out, edge):
        assert f'color="{style["edge"]}"' in line and f"penwidth={style['penwidth']}" in line
    # what is not highlighted is drawn plain
    assert 'BGCOLOR="white"' in _line(src, ids[b]) and "fillcolor=white" in _line(src, f"o{ids[d][1:]}")
    assert f"color={PLAIN['edge']}" in _line(src, f"e{k}_1") and "penwidth=1" in _line(src, f"e{k}_1")
    assert f"fontname={FONT}" in src


def test_the_strongest_style_wins_in_a_drawing():
    a, b, c, d = _graph()
    ids = element_ids(d)
    src = ag.draw(d, highlight={"done": [a, b, c], "path": [a, b], "current": [a]}).source
    assert f'BGCOLOR="{STYLES["current"]["fill"]}"' in _line(src, ids[a])
    assert f'BGCOLOR="{STYLES["path"]["fill"]}"' in _line(src, ids[b])
    assert f'BGCOLOR="{STYLES["done"]["fill"]}"' in _line(src, ids[c])


def test_the_rendered_svg_has_the_colours():
    a, b, c, d = _graph()
    ids = element_ids(d)
    k = ids[d][1:]
    svg = render_svg(ag.draw(d, highlight={"current": [(d, 0)], "done": [(d, 1)]}), dot=graphviz_pure())
    groups = {g.get("id"): g for g in ET.fromstring(svg).iter(SVG + "g")}
    for eid, name in ((f"e{k}_0", "current"), (f"e{k}_1", "done")):
        path = groups[eid].find(SVG + "path")
        assert path.get("stroke") == STYLES[name]["edge"]
        assert path.get("stroke-width") == STYLES[name]["penwidth"]


def test_the_stepper_page_css_uses_the_same_colours():
    page = stepper_html(
        uid="s",
        title="t",
        svg="<svg></svg>",
        text="",
        steps=[],
        data={"start": 0, "done0": [], "write0": {}, "frames": []},
    )
    css = page[page.index("<style>") : page.index("</style>")]
    for name, style in STYLES.items():
        assert f".node.hl-{name} > polygon:first-of-type" in css
        assert f"{{fill:{style['fill']}}}" in css
        assert f"#s .edge.hl-{name} > path {{stroke:{style['edge']};stroke-width:{style['penwidth']}}}" in css
        assert f"#s .edge.hl-{name} > polygon {{fill:{style['edge']};stroke:{style['edge']}}}" in css
    # the page and a drawing agree: every colour of the CSS's highlight rules comes from STYLES
    rules = [line for line in css.splitlines() if ".hl-" in line]
    used = set(HEX.findall("\n".join(rules)))
    assert used == {s[key] for s in STYLES.values() for key in ("fill", "edge")}


def test_a_stepper_draws_the_current_and_done_styles():
    a, b, c, d = _graph()
    s = ag.Stepper(d)
    last = len(s) - 1
    src = s.draw(last).source
    ids = element_ids(d)
    rec = s[last]  # c = a * b, into b
    assert (rec.node, rec.parent) == (c, b)
    k = ids[c][1:]
    current, done = STYLES["current"], STYLES["done"]
    assert f'color="{current["edge"]}"' in _line(src, f"e{k}_{rec.index}")
    for eid in (ids[b], ids[c]):
        assert f'BGCOLOR="{current["fill"]}"' in _line(src, eid)
    assert f'fillcolor="{current["fill"]}"' in _line(src, f"o{k}")
    for eid in (ids[a], ids[d]):  # finished: a's grad is final, d is the root
        assert f'BGCOLOR="{done["fill"]}"' in _line(src, eid)


def test_a_stepper_draws_an_accumulating_edge_in_its_own_style_and_earlier_arrivals_done():
    a, b, c, d = _graph()  # d = c + a with c = a * b: a receives two contributions
    s = ag.Stepper(d)
    ids = element_ids(d)
    into_a = [i for i, rec in enumerate(s) if rec.parent is a]
    assert [s[i].arrival for i in into_a] == [1, 2] and all(s[i].arrivals == 2 for i in into_a)
    first, second = (f"e{ids[s[i].node][1:]}_{s[i].index}" for i in into_a)
    acc, done = STYLES["accumulate"], STYLES["done"]
    src = s.draw(into_a[1]).source
    assert "hl-accumulate" in _line(src, second) and f'color="{acc["edge"]}"' in _line(src, second)
    assert f"penwidth={acc['penwidth']}" in _line(src, second)
    assert "hl-done" in _line(src, first) and f'color="{done["edge"]}"' in _line(src, first)  # still shown
    src = s.draw(into_a[0]).source  # the first of two is accumulating too: more will come
    assert "hl-accumulate" in _line(src, first) and "hl-" not in _line(src, second)
    # a step into a node with one arrival is plain "current"; its edge is done afterwards
    one = next(i for i, rec in enumerate(s) if rec.arrivals == 1)
    edge = f"e{ids[s[one].node][1:]}_{s[one].index}"
    assert "hl-current" in _line(s.draw(one).source, edge)
    assert "hl-done" in _line(s.draw(len(s) - 1).source, edge) or one == len(s) - 1
    svg = render_svg(s.draw(into_a[1]), dot=graphviz_pure())
    groups = {g.get("id"): g for g in ET.fromstring(svg).iter(SVG + "g")}
    assert groups[second].find(SVG + "path").get("stroke") == acc["edge"]
    assert groups[first].find(SVG + "path").get("stroke") == done["edge"]
