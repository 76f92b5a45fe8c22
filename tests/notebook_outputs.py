"""Notebooks are committed with their outputs: ``make notebooks`` makes them, ``make test`` checks them.

    .venv/bin/python tests/notebook_outputs.py [NOTEBOOK ...]

executes each notebook (default: every ``notebooks/*.ipynb``) top to bottom in a fresh kernel and writes
it back in place with its outputs. ``tests/test_notebooks.py`` executes them the same way and fails when a
stored output differs from a fresh one (:func:`stale_cells`).

Deterministic by construction, so that executing twice writes the same bytes:

- the kernel is this Python (``sys.executable``, the .venv's), whatever kernels Jupyter has installed;
- its environment (:data:`KERNEL_ENV`): graphviz-pure renders every drawing even when a system ``dot`` is
  on PATH (``CHAINRULE_DOT``), matplotlib draws inline with a fixed matplotlibrc (:data:`MATPLOTLIB_RC`:
  PNG at 100 dpi, so "<Figure size 640x480 ...>" reads the same everywhere), ``PYTHONHASHSEED=0``;
- nothing about the run is stored: no cell timings, no widget state, no Python version; consecutive
  stream outputs are merged and text overwritten by a carriage return is dropped, as Jupyter shows them.

Compared (:func:`comparable`): each code cell's execution count and its outputs in order, text exactly;
pictures by presence and MIME type only (``image/*``, and the SVG or base64 images inside HTML), because
renderer and matplotlib versions change their bytes. A cell stored without outputs whose fresh run has
some is stale, so a notebook committed without outputs fails.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing
import os
import re
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

KERNEL_ENV = {
    "CHAINRULE_DOT": "graphviz-pure",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYTHONHASHSEED": "0",
}
MATPLOTLIB_RC = {
    "figure.dpi": "100",
    "savefig.dpi": "figure",
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs on every machine
    "svg.fonttype": "path",  # should a notebook ask for SVG: no font needed to view it, and ...
    "svg.hashsalt": "chainrule",  # ... the same ids on every run
}
#: Seconds one cell may run.
CELL_TIMEOUT = 600

#: Data compared by presence and type only.
PICTURES = re.compile(r"image/.*|application/pdf|application/vnd\.jupyter\.widget-view\+json")
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_BASE64 = re.compile(r"data:([\w/+.-]+);base64,[A-Za-z0-9+/=\s]+")
_OVERWRITTEN = re.compile(r"[^\r\n]*\r(?!\n)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,}>")  # a default repr, "<graphviz.graphs.Digraph at 0x7f...>"


def notebooks() -> list[Path]:
    """Every notebook in ``notebooks/``, by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


class _ThisPython(KernelSpecManager):
    """Every kernel name means this interpreter, with :data:`KERNEL_ENV`."""

    env: dict[str, str] = {}

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        return KernelSpec(argv=argv, display_name="Python 3", language="python", env=self.env)


def _tidy(outputs: list) -> list:
    """Consecutive stream outputs merged, and text a carriage return overwrites dropped."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if out.output_type == "stream" and last is not None and last.output_type == "stream" \
                and last.name == out.name:
            last.text += out.text
        else:
            merged.append(out)
    for out in merged:
        if out.output_type == "stream":
            out.text = _ADDRESS.sub(" at 0x…>", _OVERWRITTEN.sub("", out.text))
        elif isinstance(out.get("data", {}).get("text/plain"), str):
            out.data["text/plain"] = _ADDRESS.sub(" at 0x…>", out.data["text/plain"])
    return merged


def _give_ids(nb: dict, stem: str) -> None:
    """Cells without an id get ``<stem>-<index>`` (nbformat would invent a random one)."""
    if (nb.get("nbformat", 0), nb.get("nbformat_minor", 0)) < (4, 5):
        return
    taken = {cell.get("id") for cell in nb["cells"]}
    for i, cell in enumerate(nb["cells"]):
        if not cell.get("id"):
            new, k = f"{stem[:50]}-{i}", 0
            while new in taken:
                k += 1
                new = f"{stem[:50]}-{i}-{k}"
            cell["id"] = new
            taken.add(new)


def execute(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, executed in a fresh kernel (cwd: its folder), with tidy outputs.

    Raises nbclient's ``CellExecutionError`` (the cell and its traceback) if a cell raises.
    """
    raw = json.loads(path.read_text(encoding="utf-8"))
    _give_ids(raw, path.stem)  # before nbformat reads it, which would invent random ones
    nb = nbformat.reads(json.dumps(raw), as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        rc = Path(tmp, "matplotlibrc")
        rc.write_text("".join(f"{k}: {v}\n" for k, v in MATPLOTLIB_RC.items()))
        specs = _ThisPython()
        specs.env = {**KERNEL_ENV, "MATPLOTLIBRC": str(rc)}
        # ipc (local sockets in tmp), not tcp: no ports, and no warning about unencrypted tcp
        km = KernelManager(kernel_name="python3", kernel_spec_manager=specs, transport="ipc", ip=f"{tmp}/k")
        client = NotebookClient(
            nb, km=km, timeout=CELL_TIMEOUT, record_timing=False, store_widget_state=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _tidy(cell.outputs)
    nb.metadata.get("language_info", {}).pop("version", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def start(paths: list[Path], jobs: int | None = None) -> dict[Path, Future]:
    """Start executing ``paths`` (:func:`execute`), ``jobs`` at a time (default: one per CPU).

    Returns each notebook's future, whose result is the executed notebook or its CellExecutionError.
    """
    jobs = max(1, min(len(paths), jobs or os.cpu_count() or 1))
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"))
    futures = {path: pool.submit(execute, path) for path in paths}
    pool.shutdown(wait=False)  # the submitted notebooks still run; the workers exit after the last
    return futures


def error_text(error: CellExecutionError) -> str:
    """A cell's error as plain text: its source and traceback, without the terminal colours."""
    return _ANSI.sub("", str(error))


def _text(mime: str, value: object) -> str:
    if isinstance(value, (str, list)):
        text = "".join(value)
    else:  # application/json and the like: a JSON value
        text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)
    if mime == "text/html":
        text = _SVG.sub("<svg …>", text)
        text = _BASE64.sub(r"data:\1;base64,…", text)
    return text


def comparable(cell: nbformat.NotebookNode) -> list[str]:
    """What is compared of a code cell: lines naming each output and its data, pictures as their type."""
    lines = [f"[execution_count {cell.get('execution_count')}]"]
    for out in _tidy([nbformat.from_dict(o) for o in cell.get("outputs", [])]):
        kind = out.output_type
        if kind == "stream":
            lines += [f"[{out.name}]", *out.text.splitlines()]
        elif kind == "error":
            lines += [f"[error {out.ename}]", out.evalue]
        else:
            for mime in sorted(out.get("data", {})):
                value = out.data[mime]
                if PICTURES.fullmatch(mime):
                    lines.append(f"[{kind} {mime}: a picture]")
                else:
                    lines += [f"[{kind} {mime}]", *_text(mime, value).splitlines()]
    return lines


def _first_line(cell: nbformat.NotebookNode) -> str:
    line = next((s for s in cell.source.splitlines() if s.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def stale_cells(stored: nbformat.NotebookNode, fresh: nbformat.NotebookNode, context: int = 2) -> list[str]:
    """One report per code cell whose stored outputs differ from the fresh ones: cell number and a diff."""
    reports = []
    for i, (old, new) in enumerate(zip(stored.cells, fresh.cells)):
        if new.cell_type != "code":
            continue
        before, after = comparable(old), comparable(new)
        if before != after:
            diff = list(difflib.unified_diff(before, after, "stored", "fresh", n=context, lineterm=""))
            if len(diff) > 30:
                diff = diff[:30] + [f"... ({len(diff) - 30} more diff lines)"]
            reports.append(f"cell {i} ({_first_line(new)!r}):\n" + "\n".join(diff))
    return reports


def main(argv: list[str]) -> int:
    """Execute and write back each notebook named (default: all); 1 if a cell raised in any of them."""
    paths = [Path(a).resolve() for a in argv] or notebooks()
    failed = 0
    for path, future in start(paths).items():
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        try:
            fresh = future.result()
        except CellExecutionError as e:
            print(f"{name}: a cell raised; the notebook is left as it was.\n{error_text(e)}", file=sys.stderr)
            failed += 1
            continue
        changed = len(stale_cells(nbformat.read(path, as_version=4), fresh))
        nbformat.write(fresh, path)
        print(f"{name}: {changed} cell(s) with new outputs, {path.stat().st_size / 1e6:.2f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
