"""Turning a drawing (DOT source) into SVG, PNG or PDF, with or without a system Graphviz.

A system Graphviz ``dot`` on ``PATH`` is used when there is one; otherwise the
``graphviz-pure`` command (a self-contained port of ``dot``, installed with
chainrule) found next to the running Python. ``graphviz-pure`` writes SVG and
PNG; PDF needs a system Graphviz.

The environment variable ``CHAINRULE_DOT`` overrides that choice, for
everything here and for the ``graphviz`` package once configured:

- ``CHAINRULE_DOT=graphviz-pure`` renders with ``graphviz-pure`` even when a
  system ``dot`` is on ``PATH``, which is then ignored (:func:`system_dot` is
  None, so PDF is refused). ``make notebooks`` and the notebook check in
  ``make test`` set it, so that the pictures they store do not depend on the
  machine;
- ``CHAINRULE_DOT=dot`` or ``CHAINRULE_DOT=/path/to/dot``: that program (a
  name is looked up on ``PATH``);
- unset or empty: the search above. A value that names no program makes
  :func:`find_dot` raise :class:`GraphvizNotFoundError` naming the variable.

This module provides:

- :func:`render_svg` — SVG text; :func:`render_png` — PNG bytes (``dpi``);
  :func:`render_pdf` — PDF bytes (system Graphviz only);
- :func:`save` — a file chosen by suffix: ``.svg``, ``.png``, ``.pdf``,
  ``.gv`` / ``.dot`` (the DOT source itself);
- :func:`validate_dpi`, :func:`as_path` — the ``dpi`` and ``path`` checks that
  saving a drawing or an animation shares (:data:`MAX_DPI`);
- :func:`find_dot`, :func:`system_dot`, :func:`graphviz_pure` — which program
  renders (:data:`DOT_ENV` names the variable);
- :func:`configure_graphviz` — point the ``graphviz`` package at
  ``graphviz-pure`` when there is no system ``dot``, so a ``graphviz.Digraph``
  displays and renders itself on a fresh machine (micrograd's lecture code
  builds its own); :func:`configure_graphviz_when_imported` does it as soon
  as anything imports ``graphviz`` (``import autograd`` calls it, and does not
  import graphviz itself);
- :class:`GraphvizNotFoundError`, :class:`RenderError`.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from ..core import describe, real

__all__ = [
    "MAX_DPI",
    "GraphvizNotFoundError",
    "RenderError",
    "as_path",
    "configure_graphviz",
    "configure_graphviz_when_imported",
    "find_dot",
    "graphviz_pure",
    "render_pdf",
    "render_png",
    "render_svg",
    "save",
    "system_dot",
    "validate_dpi",
]

#: The environment variable that picks the renderer: "graphviz-pure", a program name or a path.
DOT_ENV = "CHAINRULE_DOT"

#: Seconds a single rendering may take before it is abandoned.
TIMEOUT = 120.0

#: The highest ``dpi`` a picture is drawn at (print needs 300 to 600; graphviz-pure needs over 2 GB of
#: memory for a small graph at 10,000).
MAX_DPI = 1200.0

_PURE = "graphviz-pure" + (".exe" if os.name == "nt" else "")


class GraphvizNotFoundError(RuntimeError):
    """No renderer: neither a system ``dot`` nor ``graphviz-pure``, or ``CHAINRULE_DOT`` names none."""


class RenderError(RuntimeError):
    """The renderer failed, or cannot write the requested format."""


def _forced() -> str | None:
    """The renderer ``CHAINRULE_DOT`` asks for (as written), or None when it is unset or empty."""
    return os.environ.get(DOT_ENV, "").strip() or None


def _resolve(forced: str) -> str | None:
    """The path of the program ``CHAINRULE_DOT`` names, or None if there is none."""
    return graphviz_pure() if forced == "graphviz-pure" else shutil.which(forced)


def system_dot() -> str | None:
    """The path of a system Graphviz ``dot`` on ``PATH``, or None.

    With ``CHAINRULE_DOT`` set: the program it names, unless that is
    ``graphviz-pure`` (then None: a system ``dot`` is ignored) or missing.
    """
    forced = _forced()
    if forced is not None:
        found = _resolve(forced)
        return None if found is None or _is_pure(found) else found
    return shutil.which("dot")


def graphviz_pure() -> str | None:
    """The path of the ``graphviz-pure`` command, or None.

    Looked for next to ``sys.executable`` (a virtual environment's ``bin``),
    in this interpreter's scripts directory, then on ``PATH``.
    """
    places = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    for place in places:
        candidate = place / _PURE
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(_PURE)


def find_dot() -> str:
    """The program that renders: ``CHAINRULE_DOT``'s, else a system ``dot``, else ``graphviz-pure``."""
    forced = _forced()
    if forced is not None:
        found = _resolve(forced)
        if found is None:
            raise GraphvizNotFoundError(
                f"{DOT_ENV}={forced!r} names no program: set it to 'graphviz-pure', 'dot' or the path "
                "of a Graphviz dot, or unset it to search PATH and then use graphviz-pure."
            )
        return found
    found = system_dot() or graphviz_pure()
    if found is None:
        raise GraphvizNotFoundError(
            "no Graphviz renderer found: neither 'dot' on PATH nor 'graphviz-pure' next to "
            f"{sys.executable}. Install one: pip install graphviz-pure (SVG/PNG), "
            "or a system Graphviz (apt install graphviz / brew install graphviz)."
        )
    return found


def configure_graphviz() -> None:
    """Let the ``graphviz`` package render with ``graphviz-pure`` when there is no system ``dot``.

    Sets ``graphviz.backend.dot_command.DOT_BINARY`` only if it is still the
    default ``dot``: to the program ``CHAINRULE_DOT`` names if it is set (as
    written if it names none, so that rendering fails naming it), else to
    ``graphviz-pure`` if no ``dot`` is on ``PATH``. A user's own setting is
    never overridden, nor a system Graphviz unless ``CHAINRULE_DOT`` says so.
    """
    from graphviz.backend import dot_command

    _configure(dot_command)


class _ConfigureOnImport(importlib.abc.MetaPathFinder):
    """Calls configure_graphviz right after ``graphviz.backend.dot_command`` is first imported."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "graphviz.backend.dot_command":
            return None
        sys.meta_path.remove(self)  # find the real module, once
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_configure(module: Any) -> None:
            exec_module(module)
            if self in sys.meta_path:
                sys.meta_path.remove(self)
            _configure(module)

        loader.exec_module = exec_and_configure  # type: ignore[method-assign]
        return spec


def _configure(dot_command: Any) -> None:
    if Path(dot_command.DOT_BINARY) != Path("dot"):
        return
    forced = _forced()
    if forced is not None:
        dot_command.DOT_BINARY = Path(_resolve(forced) or forced)
        return
    if system_dot() is not None:
        return
    pure = graphviz_pure()
    if pure is not None:
        dot_command.DOT_BINARY = Path(pure)


def configure_graphviz_when_imported() -> None:
    """Run :func:`configure_graphviz` now if ``graphviz`` is imported, else when it first is."""
    if "graphviz.backend.dot_command" in sys.modules:
        configure_graphviz()
    elif not any(isinstance(f, _ConfigureOnImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _ConfigureOnImport())


def _source(graph: Any) -> str:
    source = getattr(graph, "source", graph)
    if not isinstance(source, str):
        raise TypeError(f"expected a graphviz.Digraph (or DOT source str), got {type(graph).__name__}")
    return source


def _is_pure(program: str) -> bool:
    return Path(program).name.startswith("graphviz-pure")


def _program(dot: Any, where: str) -> str | None:
    """The ``dot`` option: None (find one) or the renderer program's name or path."""
    if dot is None or isinstance(dot, str):
        return dot
    if isinstance(dot, os.PathLike):
        return os.fspath(dot)
    got = f"{type(dot).__name__}: {describe(dot)}"
    raise TypeError(f"{where}: dot must be None or a program name or path, got {got}")


def _pipe(graph: Any, fmt: str, args: tuple[str, ...] = (), dot: str | None = None) -> bytes:
    source = _source(graph)
    program = dot or find_dot()
    try:
        done = subprocess.run(
            [program, "-Kdot", f"-T{fmt}", *args],
            input=source.encode("utf-8", "surrogatepass"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GraphvizNotFoundError(f"the renderer {program!r} does not exist") from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"{program} -T{fmt} took longer than {TIMEOUT:g} s") from None
    if done.returncode != 0 or not done.stdout:
        err = done.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{program} -T{fmt} failed (exit {done.returncode}): {err}")
    return done.stdout


def render_svg(graph: Any, *, dot: str | os.PathLike | None = None) -> str:
    """The drawing as SVG text.

    Args:
        graph: a ``graphviz.Digraph`` (e.g. from :func:`autograd.draw`) or DOT source.
        dot: the renderer program (a name or a path); default :func:`find_dot`.

    Raises:
        TypeError: ``graph`` is neither, or ``dot`` is not a str or path.
        GraphvizNotFoundError, RenderError: no renderer, or it failed.
    """
    return _pipe(graph, "svg", dot=_program(dot, "render_svg")).decode("utf-8")


def validate_dpi(dpi: Any, where: str) -> float:
    """``dpi`` as a float in (0, :data:`MAX_DPI`]; a bool or a str is a TypeError, NaN or 0 a ValueError."""
    value = real(dpi, f"{where}: dpi", minimum=0.0, above=True)
    if value > MAX_DPI:
        raise ValueError(f"{where}: dpi must be at most {MAX_DPI:g} (see.render.MAX_DPI), got {value!r}")
    return value


def as_path(path: Any, where: str) -> Path:
    """``path`` (a str or an ``os.PathLike``) as a Path; anything else is a TypeError naming ``where``."""
    if isinstance(path, (str, os.PathLike)):
        return Path(path)
    got = f"{type(path).__name__}: {describe(path)}"
    raise TypeError(f"{where}: path must be a str or os.PathLike, got {got}")


def render_png(graph: Any, dpi: float = 96, *, dot: str | os.PathLike | None = None) -> bytes:
    """The drawing as PNG bytes at ``dpi`` dots per inch (96 by default, at most :data:`MAX_DPI`).

    Raises:
        TypeError: ``dpi`` is not a real number (a bool is not), or as :func:`render_svg`.
        ValueError: ``dpi`` is not in (0, :data:`MAX_DPI`].
    """
    dpi = validate_dpi(dpi, "render_png")
    return _pipe(graph, "png", (f"-Gdpi={dpi:g}",), dot=_program(dot, "render_png"))


def render_pdf(graph: Any, *, dot: str | os.PathLike | None = None) -> bytes:
    """The drawing as PDF bytes; needs a system Graphviz (``graphviz-pure`` has no PDF)."""
    program = _program(dot, "render_pdf") or system_dot()
    if program is None or _is_pure(program):
        raise RenderError(
            "PDF needs a system Graphviz ('dot' on PATH); graphviz-pure writes only SVG and PNG. "
            "Save as .svg or .png, or install Graphviz (apt install graphviz / brew install graphviz)."
        )
    return _pipe(graph, "pdf", dot=program)


def save(
    graph: Any, path: str | os.PathLike, *, dpi: float = 96, dot: str | os.PathLike | None = None
) -> Path:
    """Write the drawing to ``path``; the suffix picks the format.

    ``.svg`` and ``.png`` (``dpi`` applies) work with ``graphviz-pure``;
    ``.pdf`` needs a system Graphviz; ``.gv`` / ``.dot`` write the DOT source.
    ``dpi`` and ``dot`` are checked whatever the format (as :func:`render_png`
    checks them), before anything is written.

    Returns:
        the path written.

    Raises:
        TypeError: ``path`` is not a str or path, or ``dpi`` / ``dot`` / ``graph`` has the wrong type.
        ValueError: the suffix is none of those, or ``dpi`` is out of range.
    """
    path = as_path(path, "save")
    dpi = validate_dpi(dpi, "save")
    dot = _program(dot, "save")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        data = render_svg(graph, dot=dot).encode("utf-8")
    elif suffix == ".png":
        data = render_png(graph, dpi, dot=dot)
    elif suffix == ".pdf":
        data = render_pdf(graph, dot=dot)
    elif suffix in (".gv", ".dot"):
        data = _source(graph).encode("utf-8", "surrogatepass")
    else:
        raise ValueError(
            f"save: cannot tell the format of {str(path)!r} from its suffix {path.suffix!r}; "
            "use .svg, .png, .pdf, .gv or .dot"
        )
    path.write_bytes(data)
    return path
