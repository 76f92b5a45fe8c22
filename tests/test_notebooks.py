"""Every notebook in notebooks/ is committed with fresh outputs, small, and opens with its purpose.

- :func:`test_outputs_are_fresh` executes the notebook as ``make notebooks`` does
  (tests/notebook_outputs.py) and fails naming the notebook and each stale cell, with a diff of
  the stored and fresh outputs: text exactly, pictures by presence and type only. A notebook
  committed without outputs is stale.
- Every code cell was executed, the notebook has outputs, and they are under 1 MB.
- The first cell is markdown: a paragraph ``**Purpose:** <one sentence>.``, and the article it
  covers named by its title with the section (as a ``**Covers:** ...`` paragraph, say), or
  "no article section" and the part of the library it teaches.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from .notebook_outputs import ROOT, error_text, notebooks, stale_cells, start

NOTEBOOKS = notebooks()
MAX_OUTPUT_BYTES = 1_000_000
TITLES = (
    "Intro to Maths of Neural Networks",
    "Abstract Mathematical Explanation with Examples for Neural Networks",
)

parametrize = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _refresh(path: Path) -> str:
    return f"refresh it with `make notebooks` (or `.venv/bin/python tests/notebook_outputs.py {_name(path)}`)"


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


@pytest.fixture(scope="module")
def executions(request) -> dict:
    """The fresh runs of the notebooks this session tests, started together (one per CPU at a time)."""
    wanted = [
        item.callspec.params["path"]
        for item in request.session.items
        if getattr(item, "originalname", None) == "test_outputs_are_fresh"
    ]
    return start(wanted)


@parametrize
def test_outputs_are_fresh(path: Path, executions: dict):
    stored = _read(path)
    try:
        fresh, error = (executions.get(path) or start([path])[path]).result(), None
    except CellExecutionError as e:
        fresh, error = None, error_text(e)
    if error is not None:
        pytest.fail(f"{_name(path)}: a cell raised when executed:\n{error}", pytrace=False)
    stale = stale_cells(stored, fresh)
    if stale:
        empty = not any(c.get("outputs") or c.get("execution_count") for c in stored.cells)
        what = "was committed without outputs" if empty else f"has {len(stale)} cell(s) with stale outputs"
        shown = stale[:1] if empty else stale[:5]
        more = f"\n\n... and {len(stale) - len(shown)} more cell(s)" if len(stale) > len(shown) else ""
        pytest.fail(
            f"{_name(path)} {what} (cells count from 0); {_refresh(path)}.\n\n" + "\n\n".join(shown) + more,
            pytrace=False,
        )


@parametrize
def test_is_committed_executed_with_small_outputs(path: Path):
    code = [(i, c) for i, c in enumerate(_read(path).cells) if c.cell_type == "code" and c.source.strip()]
    unrun = [i for i, c in code if c.get("execution_count") is None]
    assert not unrun, f"{_name(path)}: code cell(s) {unrun} were never executed; {_refresh(path)}"
    sizes = {i: len(json.dumps(c.outputs)) for i, c in code}
    assert any(sizes.values()) and any(c.outputs for _, c in code), f"{_name(path)} has no outputs"
    total = sum(sizes.values())
    biggest = max(sizes, key=sizes.get)
    assert total < MAX_OUTPUT_BYTES, (
        f"{_name(path)}: its outputs take {total / 1e6:.2f} MB, over {MAX_OUTPUT_BYTES / 1e6:g} MB; "
        f"the biggest is cell {biggest}'s ({sizes[biggest] / 1e6:.2f} MB): make its pictures smaller or fewer"
    )


def _paragraph(text: str, label: str) -> str | None:
    m = re.search(rf"^\*\*{label}:\*\*[ \t]*(.+?)(?:\n[ \t]*\n|\Z)", text, re.MULTILINE | re.DOTALL)
    return " ".join(m.group(1).split()) if m else None


@parametrize
def test_opens_with_its_purpose_and_what_it_covers(path: Path):
    cells = _read(path).cells
    assert cells and cells[0].cell_type == "markdown", f"{_name(path)}: the first cell must be markdown"
    first = cells[0].source
    purpose = _paragraph(first, "Purpose")
    assert purpose and len(purpose) >= 20 and purpose.endswith("."), (
        f"{_name(path)}: the first cell needs a line '**Purpose:** <one sentence>.'; it reads:\n{first}"
    )
    text = " ".join(first.split())
    assert any(t in text for t in TITLES) or "no article section" in text, (
        f"{_name(path)}: the first cell must name the article it covers by its title ({' / '.join(TITLES)}) "
        f"and the section, e.g. '**Covers:** the section \"Backpropagation\" of *{TITLES[0]}*', "
        f"or say 'no article section' and which part of the library it teaches; it reads:\n{first}"
    )


def test_the_check_compares_text_exactly_and_pictures_by_presence_and_type():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    def nb(*outputs, count=1):
        cell = new_code_cell("show()", execution_count=count, outputs=list(outputs))
        return new_notebook(cells=[new_markdown_cell("# t"), cell])

    def png(data="iVBORw0KGgo=", text="<Figure size 640x480 with 1 Axes>"):
        return new_output("display_data", data={"image/png": data, "text/plain": text})

    def html(body):
        return new_output("execute_result", data={"text/html": body, "text/plain": "P"}, execution_count=1)

    def out(text, name="stdout"):
        return new_output("stream", name=name, text=text)

    fresh = nb(out("a\n"), png(), html("<p>x</p><svg width='1'><g/></svg>"))
    assert stale_cells(fresh, fresh) == []
    # other picture bytes, another SVG inside HTML, a stream split in two, a default repr's address: fresh
    same = nb(out("a"), out("\n"), png("AAAA"), html("<p>x</p><svg width='2'>\n<g id='other'/></svg>"))
    assert stale_cells(same, fresh) == []
    assert stale_cells(nb(out("<X at 0x7f00aa>\n")), nb(out("<X at 0x7f11bb>\n"))) == []
    # a changed text, a missing picture, a picture of another type, HTML around the SVG, the count: stale
    svg = new_output("display_data", data={"image/svg+xml": "<svg/>", "text/plain": png().data["text/plain"]})
    for stored in (
        nb(out("b\n"), png(), html("<p>x</p><svg></svg>")),
        nb(out("a\n"), html("<p>x</p><svg></svg>")),
        nb(out("a\n"), svg, html("<p>x</p><svg></svg>")),
        nb(out("a\n"), png(), html("<p>y</p><svg></svg>")),
        nb(out("a\n"), png(), html("<p>x</p><svg></svg>"), count=7),
    ):
        (report,) = stale_cells(stored, fresh)
        assert report.startswith("cell 1 ('show()'):\n--- stored\n+++ fresh")
    assert stale_cells(nb(out("a\n"), png(), html("<p>x</p><svg></svg>")), fresh) == []
    (report,) = stale_cells(nb(count=None), fresh)  # committed without outputs
    assert "-[execution_count None]" in report and "+[stdout]" in report and "+a" in report
