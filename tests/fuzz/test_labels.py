"""Fuzzing every display with arbitrary label strings: drawings, Stepper pages, the ledger, a Value's display.

Labels are drawn from all of Unicode (control characters, quotes, ``<>&``,
backslash sequences Graphviz expands such as ``\\N`` and ``\\L``, bidi
overrides, line and paragraph separators), from a list of markup and script
injection attempts, and at lengths up to 10,000 characters. For each graph:

- ``draw``'s DOT renders with graphviz-pure (``render_svg``), the SVG parses as
  XML, and each labelled box shows its label per the 60-character rule (over 60
  characters: the first 57 and "…", line breaks as lines, control characters
  as ``\\xNN``), with the whole label in the box's tooltip;
- a Stepper page (``html()`` and ``save_html``, backward and forward) holds
  exactly its own two scripts, no element or attribute a label brought in
  (no ``on*`` handlers, no ``javascript:`` links), SVG that parses as XML, and every
  step's text — in the step table, in the opening text and in the script's
  JSON — exactly as ``text_at`` writes it, names in full (a NUL written
  ``\\x00`` and a lone surrogate ``\\udNNN``, which a page cannot carry);
- ``explain``'s text and HTML name every node in full, and its HTML has only
  the ledger's own elements; a Value's notebook display escapes its repr.

The labels that once broke a display (tooltips that expanded backslash
sequences and entities or lost their angle brackets, a lone surrogate that
stopped a page being saved, a NUL that vanished from a step's text) are
tested one by one at the bottom, and the fuzzed property draws them too.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd as A
from autograd.see.names import MAX_PICTURE_LABEL, MAX_TOOLTIP
from autograd.see.names import page_text as shown

from . import examples

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><script>alert(1)//",
    "</pre><script>alert(1)</script><pre>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><svg/onload=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    "<style>*{display:none}</style>",
    "<![CDATA[x]]>",
    "]]>",
    "<!--",
    "-->",
    "<!DOCTYPE html>",
    "<?xml version='1.0'?>",
    "&amp;",
    "&lt;b&gt;",
    "&#60;script&#62;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "`",
    "\\",
    "\\\\",
    "\\N",
    "\\G",
    "\\E",
    "\\T",
    "\\H",
    "\\L",
    "\\l",
    "\\r",
    "\\n",
    '\\"',
    "{}|<>",
    "</TD></TR></TABLE>>",
    "<B>bold</B>",
    "<BR/>",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\U0001f600",
    "e\u0301",
    "  ",
    "${alert(1)}",
    "{{7*7}}",
    "%s%n",
    "x1*w1",
    "t1",
    "n0",
    "cr-stepper",
]

#: Characters a label may hold: all of Unicode, lone surrogates and NUL included.
CHARACTERS = st.characters()
LABELS = st.one_of(
    st.text(CHARACTERS, max_size=80),
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(CHARACTERS, max_size=5)), max_size=8).map("".join),
    st.builds(
        lambda s, n: (s * n)[:10_000],
        st.sampled_from(['"', "<", "a", "\\", "\n", "é", "&amp;"]),
        st.sampled_from([61, 3000, 10_000]),
    ),
)
FUZZ = settings(
    max_examples=examples(0.2),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- what a picture shows ----------------------------------------------------------------------------


def _visible(text: str) -> str:
    """Control characters as \\xNN and unpaired surrogates and U+FFFE/U+FFFF as \\uNNNN (names.html_label)."""
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if cat == "Cc":
            out.append(f"\\x{ord(c):02x}")
        elif cat == "Cs" or c in "\ufffe\uffff":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def picture_lines(label: str) -> list[str]:
    """The lines a box shows for ``label``: over 60 characters its first 57 and "…", split at line breaks."""
    shown = label if len(label) <= MAX_PICTURE_LABEL else label[: MAX_PICTURE_LABEL - 3] + "\u2026"
    return _normal([_visible(line) for line in re.split(r"\r\n|\r|\n", shown)])


def tooltip_text(label: str) -> str:
    """What a box's tooltip says: the label (at most 2,000 characters), line breaks as spaces."""
    if len(label) > MAX_TOOLTIP:
        label = label[: MAX_TOOLTIP - 1] + "\u2026"
    return _visible(re.sub(r"\r|\n", " ", label)).replace("\xa0", " ")


def _normal(lines: list[str]) -> list[str]:
    # SVG writes runs of spaces as space + no-break space (as Graphviz does), and a blank line as no text
    return [line.replace("\xa0", " ") for line in lines if line.replace("\xa0", " ").strip(" ")]


def box(svg_root: ET.Element, element_id: str) -> ET.Element:
    found = [g for g in svg_root.iter(f"{SVG}g") if g.get("id") == element_id]
    assert len(found) == 1, element_id
    return found[0]


def bold_lines(g: ET.Element) -> list[str]:
    return _normal([t.text or "" for t in g.iter(f"{SVG}text") if t.get("font-weight") == "bold"])


def tooltips(g: ET.Element) -> list[str]:
    return [a.get(f"{XLINK}title").replace("\xa0", " ") for a in g.iter(f"{SVG}a") if a.get(f"{XLINK}title")]


# -- what a page holds ---------------------------------------------------------------------------------

PAGE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "body",
    "div",
    "style",
    "b",
    "br",
    "p",
    "pre",
    "table",
    "tr",
    "th",
    "td",
    "script",
    "span",
    "svg",
    "g",
    "polygon",
    "polyline",
    "path",
    "ellipse",
    "text",
    "a",
}


#: attributes whose value a browser follows or loads
URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "data"}


class Page(HTMLParser):
    """Every element, the text of every <pre> and the content of every <script> of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.pre: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.data: list[str] = []
        self._in: list[str] = []
        self.feed(text)
        self.close()
        assert not self._in or self._in == ["html"], self._in

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag in ("pre", "script"):
            self._in.append(tag)
            (self.pre if tag == "pre" else self.scripts).append("" if tag == "pre" else (dict(attrs), ""))

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        self.data.append(data)
        if self._in and self._in[-1] == "pre":
            self.pre[-1] += data
        elif self._in and self._in[-1] == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    @property
    def text(self) -> str:
        return "".join(self.data)


def assert_only_our_markup(page: Page, allowed: set[str] = PAGE_TAGS, scripts: int = 0) -> None:
    assert {tag for tag, _ in page.tags} <= allowed, {tag for tag, _ in page.tags} - allowed
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in URL_ATTRIBUTES:  # a title or a class may say anything; a link may not run code
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert len(page.scripts) == scripts


def svg_chunks(page_text: str) -> list[ET.Element]:
    """Every inline <svg> element of a page, parsed as XML."""
    chunks = re.findall(r"<svg\b.*?</svg>", page_text, flags=re.DOTALL)
    assert chunks
    return [ET.fromstring(c) for c in chunks]


def check_stepper_page(stepper: A.Stepper, page_text: str, labelled: dict[str, str]) -> None:
    page = Page(page_text)
    assert_only_our_markup(page, scripts=2)
    (data_attrs, data), (_, js) = page.scripts
    assert data_attrs == {"type": "application/json", "class": "cr-data"}
    frames = json.loads(data)["frames"]
    # as text_at writes them; a NUL as \x00 and a lone surrogate as \udNNN, which a page cannot carry
    texts = [shown(stepper.text_at(i)) for i in range(len(stepper))]
    assert [f["text"] for f in frames] == texts
    assert page.pre == [texts[stepper.position], *texts]  # the opening text, then the table of every step
    assert "getElementById" in js and "cr-stepper-" in js
    for k, svg in enumerate(svg_chunks(page_text)):  # the first frame, and the last (its ids prefixed)
        for eid, label in labelled.items():
            assert bold_lines(box(svg, ("cr-last-" if k else "") + eid)) == picture_lines(label)


# -- the graph -----------------------------------------------------------------------------------------


def build(labels: list[str]) -> tuple[A.Value, list[A.Value]]:
    """a = tanh(x*w + b) * x with the four labels on x, w, b and a (and o unlabelled: named from them)."""
    x, w, b = (A.Value(v, lab) for v, lab in zip((1.5, -2.0, 0.5), labels))
    o = x * w + b
    a = o.tanh() * x
    a.label = labels[3]
    return a, [x, w, b, a]


def ids_of(root: A.Value) -> dict[A.Value, str]:
    # a value's box is "n<k>", k its position in topological_order (checked against its data cell below)
    return {v: f"n{k}" for k, v in enumerate(A.topological_order(root))}


@FUZZ
@given(st.lists(LABELS, min_size=4, max_size=4))
def test_labels_are_shown_literally_and_never_inject(tmp_path, labels):
    check_labels(tmp_path, labels)


def check_labels(tmp_path, labels: list[str]) -> None:
    """Every display of ``build(labels)``, checked (see the module docstring)."""
    a, nodes = build(labels)
    ids = ids_of(a)
    labelled = {ids[v]: v.label for v in nodes if v.label}

    # the drawing: DOT that parses, SVG that parses, each label shown per the 60-character rule
    svg = ET.fromstring(A.render_svg(A.draw(a)).encode())
    for v in nodes:
        g = box(svg, ids[v])
        assert any(t.text == f"data {v.data:.4f}" for t in g.iter(f"{SVG}text"))
        if v.label:
            assert bold_lines(g) == picture_lines(v.label)
            tips = tooltips(g)
            if len(v.label) > MAX_PICTURE_LABEL:
                assert tips == [tooltip_text(v.label)]
            elif len(v.label) <= MAX_PICTURE_LABEL:
                assert tips == []

    # the Stepper pages, backward and forward, as html() and as saved
    for direction in ("backward", "forward"):
        stepper = A.Stepper(a, direction)
        assert len(stepper) == (7 if direction == "backward" else 4)
        check_stepper_page(stepper, stepper.html(), labelled)
        path = stepper.save_html(tmp_path / f"{direction}.html")
        check_stepper_page(stepper, path.read_bytes().decode("utf-8"), labelled)
        for i in range(len(stepper)):  # names in full in the step texts
            s = stepper[i]
            node = s.node if direction == "forward" else s.parent
            if node.label:
                assert node.label in stepper.text_at(i)

    # the ledger: names in full, only the ledger's markup
    x = nodes[0]
    ledger = A.explain(a, x)
    assert ledger.npaths == 2 and abs(ledger.total - A.grad(a, [x])[0]) <= 1e-12 * ledger.abs_sum
    text = str(ledger)
    for v in (x, nodes[1], a):  # on the paths, or (w) in the rule d(x*w)/dx = w
        if v.label:
            assert v.label in text
    page = Page(ledger._repr_html_())
    assert_only_our_markup(page, allowed={"p", "b", "br", "table", "tr", "th", "td"})
    assert shown(ledger.names.ratio(a, x)) in page.text
    for path in ledger.paths:
        for e in path.edges:
            assert shown(ledger.names.ratio(e.child, e.parent)) in page.text

    # a Value's notebook display: its repr, escaped, and its picture
    bundle = a._repr_mimebundle_()
    if "text/html" in bundle:
        page = Page(bundle["text/html"])
        assert_only_our_markup(page)
        assert shown(repr(a)) in page.text
        for svg in svg_chunks(bundle["text/html"]):
            if a.label:
                assert bold_lines(box(svg, ids[a])) == picture_lines(a.label)
    else:
        assert repr(a) in bundle["text/plain"]


def test_the_hostile_list_passes_one_by_one(tmp_path):
    for i in range(0, len(HOSTILE), 4):
        labels = (HOSTILE[i : i + 4] + ["x", "w", "b", "a"])[:4]
        check_labels(tmp_path, labels)


def test_a_ten_thousand_character_label_is_shortened_in_pictures_and_whole_in_texts(tmp_path):
    label = "<&\"'" * 2500
    check_labels(tmp_path, [label, "w", "b", "a"])
    a, (x, *_) = build([label, "w", "b", "a"])
    svg = ET.fromstring(A.render_svg(A.draw(a)).encode())
    g = box(svg, ids_of(a)[x])
    assert bold_lines(g) == [label[:57] + "\u2026"] and tooltips(g) == [label[:1999] + "\u2026"]
    stepper = A.Stepper(a)
    into_x = [i for i in range(len(stepper)) if stepper[i].parent is x]
    assert len(into_x) == 2 and all(label in stepper.text_at(i) for i in into_x)  # the whole label, twice


# -- labels that once broke a display (found by the fuzzers), one test each ---------------------------


@pytest.mark.parametrize("sequence", ["\\N", "\\G", "\\L", "\\E", "\\\\"])
def test_a_long_labels_tooltip_shows_backslash_sequences_as_typed(sequence):
    x = A.Value(1.5, sequence + "q" * 70)
    svg = ET.fromstring(A.render_svg(A.draw(x * 2)).encode())
    assert tooltips(box(svg, "n0")) == [tooltip_text(x.label)]


@pytest.mark.parametrize(
    "label",
    ["<" + "0" * 58 + "<>", "<" + "b" * 59 + ">", "<B>" + "x" * 60 + "</B>", "<<I>" + "x" * 60 + "</I>>"],
    ids=["unbalanced", "brackets", "markup", "nested markup"],
)
def test_a_long_label_in_angle_brackets_renders_with_its_tooltip_intact(label):
    x = A.Value(1.5, label)
    svg = ET.fromstring(A.render_svg(A.draw(x * 2)).encode())
    assert tooltips(box(svg, "n0")) == [tooltip_text(label)]


@pytest.mark.parametrize("entity", ["&amp;", "&lt;", "&#60;", "&quot;"])
def test_a_long_labels_tooltip_shows_entities_as_typed(entity):
    x = A.Value(1.5, entity + "q" * 70)
    svg = ET.fromstring(A.render_svg(A.draw(x * 2)).encode())
    assert tooltips(box(svg, "n0")) == [tooltip_text(x.label)]


def test_a_label_with_a_lone_surrogate_still_saves_a_page(tmp_path):
    a, _ = build(["x\ud800", "w", "b", "a"])
    path = A.Stepper(a).save_html(tmp_path / "page.html")
    assert "\\ud800" in path.read_text(encoding="utf-8")


def test_a_label_with_nul_shows_it_in_the_step_texts():
    a, _ = build(["x\x00y", "w", "b", "a"])
    page = A.Stepper(a).html()
    assert "\x00" not in page and "x\\x00y" in Page(page).text
