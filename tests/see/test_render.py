"""Tests of autograd.see.render: SVG, PNG and files without a system Graphviz; which program renders.

The renderer may be forced with CHAINRULE_DOT; every test here starts with it unset, and the tests of the
variable put a fake system ``dot`` (a script that always fails) first on PATH.
"""

from __future__ import annotations

import os
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import autograd as ag
from autograd.see.draw import draw
from autograd.see.render import (
    GraphvizNotFoundError,
    RenderError,
    configure_graphviz,
    find_dot,
    graphviz_pure,
    render_pdf,
    render_png,
    render_svg,
    save,
    system_dot,
)

SVG = "{http://www.w3.org/2000/svg}"
PURE = graphviz_pure()


@pytest.fixture(autouse=True)
def _no_forced_renderer(monkeypatch):
    monkeypatch.delenv("CHAINRULE_DOT", raising=False)


def _graph():
    a = ag.Value(2.0, "a")
    b = ag.Value(-3.0, "b")
    c = a * b
    c.label = "c"
    d = c + 1.0
    e = d * d
    e.label = "e"
    return a, b, c, d, e


def _groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}


# -- rendering -----------------------------------------------------------------------


def test_svg_png_and_files_without_system_graphviz(tmp_path: Path):
    *_, e = _graph()
    g = draw(e)
    svg = render_svg(g, dot=PURE)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert {"n0", "n1", "graph0"} <= set(_groups(svg))
    png = render_png(g, dpi=72, dot=PURE)
    big = render_png(g, dpi=144, dot=PURE)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w1, h1 = struct.unpack(">II", png[16:24])
    w2, h2 = struct.unpack(">II", big[16:24])
    assert abs(w2 / w1 - 2.0) < 0.05 and abs(h2 / h1 - 2.0) < 0.05
    assert save(g, tmp_path / "g.svg", dot=PURE).read_text().count("<svg") == 1
    assert save(g, tmp_path / "g.png", dpi=50, dot=PURE).read_bytes()[:4] == b"\x89PNG"
    assert save(g, tmp_path / "g.gv").read_text() == g.source
    with pytest.raises(RenderError, match="PDF needs a system Graphviz"):
        save(g, tmp_path / "g.pdf", dot=PURE)
    with pytest.raises(ValueError, match="suffix"):
        save(g, tmp_path / "g.jpeg")
    with pytest.raises(ValueError, match="dpi"):
        render_png(g, dpi=0)
    with pytest.raises(RenderError, match="failed"):
        render_svg("digraph { a -> }", dot=PURE)


def test_graphviz_package_uses_graphviz_pure_when_no_dot(monkeypatch):
    from graphviz.backend import dot_command

    import autograd.see.render as render

    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    monkeypatch.setattr(render, "system_dot", lambda: None)
    configure_graphviz()
    assert dot_command.DOT_BINARY == Path(PURE)
    *_, e = _graph()
    bundle = draw(e)._repr_mimebundle_()  # how a notebook displays a drawing
    assert "<svg" in bundle["image/svg+xml"]
    # a user's own setting is left alone
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("/opt/my/dot"))
    configure_graphviz()
    assert dot_command.DOT_BINARY == Path("/opt/my/dot")


# -- which program renders -------------------------------------------------------------


def test_find_dot_prefers_a_system_dot_then_graphviz_pure(monkeypatch):
    import autograd.see.render as render

    monkeypatch.setattr(render, "system_dot", lambda: "/usr/bin/dot")
    assert find_dot() == "/usr/bin/dot"
    monkeypatch.setattr(render, "system_dot", lambda: None)
    assert find_dot() == PURE and Path(PURE).name.startswith("graphviz-pure")
    monkeypatch.setattr(render, "graphviz_pure", lambda: None)
    with pytest.raises(GraphvizNotFoundError, match="no Graphviz renderer found"):
        find_dot()


def test_pdf_needs_a_system_dot_and_bad_inputs_are_named(monkeypatch, tmp_path: Path):
    import autograd.see.render as render

    *_, e = _graph()
    g = draw(e)
    with pytest.raises(RenderError, match="PDF needs a system Graphviz"):
        render_pdf(g, dot=PURE)
    monkeypatch.setattr(render, "system_dot", lambda: None)
    with pytest.raises(RenderError, match="PDF needs a system Graphviz"):
        render_pdf(g)
    # DOT source text renders as well as a Digraph; .dot writes the source
    assert "<svg" in render_svg(g.source, dot=PURE)
    assert save(g, tmp_path / "g.dot").read_text() == g.source
    with pytest.raises(TypeError, match="expected a graphviz.Digraph"):
        render_svg(42, dot=PURE)
    with pytest.raises(GraphvizNotFoundError, match="does not exist"):
        render_svg(g, dot=str(tmp_path / "no-such-dot"))
    for bad in (True, "96", None):
        with pytest.raises(TypeError, match="render_png: dpi must be a real number"):
            render_png(g, dpi=bad, dot=PURE)
    for bad, message in [
        (-1, "dpi must be > 0.0"),
        (0, "dpi must be > 0.0"),
        (float("inf"), "dpi must be a finite number"),
        (float("nan"), "dpi must be a finite number"),
        (1e9, "dpi must be at most 1200"),
        (10**5000, "dpi: an int of about 5001 digits is too large"),
    ]:
        with pytest.raises(ValueError, match=f"render_png: {message}"):
            render_png(g, dpi=bad, dot=PURE)
    assert render_png(g, dpi=1200, dot=PURE).startswith(b"\x89PNG")


def test_save_checks_path_dpi_and_dot_whatever_the_format(tmp_path: Path):
    g = draw(_graph()[-1])
    with pytest.raises(TypeError, match="save: path must be a str or os.PathLike, got int: 5"):
        save(g, 5)
    for name in ("g.svg", "g.gv", "g.png"):
        with pytest.raises(ValueError, match="save: dpi must be a finite number, got nan"):
            save(g, tmp_path / name, dpi=float("nan"))
        with pytest.raises(TypeError, match="save: dot must be None or a program name or path, got int"):
            save(g, tmp_path / name, dot=5)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TypeError, match="render_svg: dot must be None or a program name or path"):
        render_svg(g, dot=5)
    assert "<svg" in render_svg(g, dot=Path(PURE))  # a path names the program too


# -- CHAINRULE_DOT: forcing the renderer ---------------------------------------------------


@pytest.fixture
def fake_system_dot(tmp_path: Path, monkeypatch) -> str:
    """A 'dot' first on PATH that fails whenever it runs: using it by mistake shows as an error."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\necho 'the fake system dot ran' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return str(fake)


def test_chainrule_dot_forces_graphviz_pure_over_a_system_dot(fake_system_dot, monkeypatch):
    from graphviz.backend import dot_command

    *_, e = _graph()
    g = draw(e)
    assert system_dot() == find_dot() == fake_system_dot  # unforced: the system dot wins ...
    with pytest.raises(RenderError, match="exit 3"):
        render_svg(g)
    monkeypatch.setenv("CHAINRULE_DOT", "")  # ... and an empty value is unset
    assert find_dot() == fake_system_dot

    monkeypatch.setenv("CHAINRULE_DOT", "graphviz-pure")
    assert find_dot() == PURE and system_dot() is None  # the system dot is ignored
    assert "<svg" in render_svg(g) and render_png(g)[:4] == b"\x89PNG"
    with pytest.raises(RenderError, match="PDF needs a system Graphviz"):
        render_pdf(g)
    # the graphviz package follows, so a drawing displayed in a notebook is graphviz-pure's too
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    configure_graphviz()
    assert dot_command.DOT_BINARY == Path(PURE)
    assert "<svg" in g._repr_mimebundle_()["image/svg+xml"]


def test_chainrule_dot_names_a_program_or_a_path(fake_system_dot, monkeypatch, tmp_path: Path):
    from graphviz.backend import dot_command

    monkeypatch.setenv("CHAINRULE_DOT", PURE)  # graphviz-pure by its path
    assert find_dot() == PURE and system_dot() is None
    monkeypatch.setenv("CHAINRULE_DOT", "dot")  # a name, looked up on PATH
    assert find_dot() == system_dot() == fake_system_dot
    monkeypatch.setenv("CHAINRULE_DOT", fake_system_dot)  # a path
    assert find_dot() == system_dot() == fake_system_dot
    missing = str(tmp_path / "no-such-dot")
    monkeypatch.setenv("CHAINRULE_DOT", missing)
    with pytest.raises(GraphvizNotFoundError, match="CHAINRULE_DOT=.*no-such-dot.* names no program"):
        find_dot()
    assert system_dot() is None
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("dot"))
    configure_graphviz()  # the graphviz package is pointed at it anyway: it fails naming it, never falls back
    assert dot_command.DOT_BINARY == Path(missing)
    monkeypatch.setattr(dot_command, "DOT_BINARY", Path("/opt/my/dot"))
    configure_graphviz()  # a user's own setting is still left alone
    assert dot_command.DOT_BINARY == Path("/opt/my/dot")
