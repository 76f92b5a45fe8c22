"""Save an MLP to a versioned JSON file and load it back, safely (no pickle, no code run).

This module provides :func:`save` and :func:`load`. The file format
(``"chainrule.mlp"``, version 1) is one JSON object::

    {
      "format": "chainrule.mlp",
      "version": 1,
      "nin": 3,
      "nouts": [3, 3, 1],
      "activation": "relu",            # hidden layers
      "output_activation": "linear",
      "init": "micrograd",             # how the weights were first drawn
      "input_range": [[-3.14, 3.14]],  # only with init "kinks": one [lo, hi] per input
      "fused": true,
      "seed": 0,                       # an int >= 0 or null
      "layers": [{"W": [[...], ...], "b": [...]}, ...]
    }

``layers[k]`` is layer k+1's matrix view: ``W`` has nout rows of nin
weights (``W[j][i]``: from input i into neuron j) and ``b`` has nout biases.
Floats are written with ``repr``, so they load back bit for bit.
"""

from __future__ import annotations

import errno
import json
import math
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from .model import ACTIVATIONS, INITS, MLP

__all__ = ["FORMAT", "VERSION", "load", "save"]

#: the value of the file's "format" field
FORMAT = "chainrule.mlp"
#: the version of the format this module writes and reads
VERSION = 1


def _document(model: MLP) -> dict[str, Any]:
    layers = []
    for k, layer in enumerate(model.layers):
        W, b = layer.weights()
        for name, arr in (("W", W), ("b", b)):
            if not all(math.isfinite(x) for x in arr.ravel().tolist()):
                raise ValueError(f"save: layers[{k}].{name} has a non-finite parameter; refusing to save")
        layers.append({"W": W.tolist(), "b": b.tolist()})
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "nin": model.nin,
        "nouts": list(model.nouts),
        "activation": model.activation,
        "output_activation": model.output_activation,
        "init": model.init,
        "fused": model.fused,
        "seed": model.seed if isinstance(model.seed, int) and not isinstance(model.seed, bool) else None,
        "layers": layers,
    }
    if getattr(model, "input_range", None) is not None:  # init="kinks" only: other files stay as they were
        doc["input_range"] = [list(pair) for pair in model.input_range]
    return doc


def _dumps(doc: dict[str, Any]) -> str:
    """JSON text of ``doc`` with one line per field and per weight row (easy to read and diff)."""
    dump = lambda x: json.dumps(x, allow_nan=False)
    lines = [f"  {dump(k)}: {dump(v)}," for k, v in doc.items() if k != "layers"]
    blocks = []
    for layer in doc["layers"]:
        rows = ",\n".join(f"        {dump(row)}" for row in layer["W"])
        blocks.append(f'    {{\n      "W": [\n{rows}\n      ],\n      "b": {dump(layer["b"])}\n    }}')
    body = ",\n".join(blocks)
    return "{\n" + "\n".join(lines) + f'\n  "layers": [\n{body}\n  ]\n}}\n'


def save(model: MLP, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` as JSON, atomically.

    The file is written to a temporary file in the same directory and then
    renamed over ``path`` (``os.replace``), so ``path`` never holds half a
    model. Raises TypeError for a non-MLP or a path that is not a str or
    os.PathLike, ValueError for an empty path or a non-finite parameter,
    IsADirectoryError for a directory, FileNotFoundError for a missing
    directory and NotADirectoryError for a file in its place (nothing is
    written then).
    """
    if not isinstance(model, MLP):
        raise TypeError(f"save expects an MLP, got {type(model).__name__}")
    target = _path(path, "save")
    if target.is_dir():
        where = os.fspath(path)
        raise IsADirectoryError(errno.EISDIR, f"save: {where!r} is a directory, not a file", str(where))
    if not target.parent.is_dir():
        folder = os.fspath(target.parent)
        if target.parent.exists():
            raise NotADirectoryError(errno.ENOTDIR, f"save: {folder!r} is not a directory", folder)
        raise FileNotFoundError(errno.ENOENT, f"save: the directory {folder!r} does not exist", folder)
    text = _dumps(_document(model))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)  # an existing file keeps its mode
    except FileNotFoundError:
        mode = None  # a new file gets 0o666 less the umask, like any file the process creates
    tmp = _create_beside(target)
    try:
        if mode is not None:
            os.chmod(tmp, mode)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _path(path: Any, who: str) -> Path:
    """``path`` as a Path; TypeError unless it is a str or os.PathLike, ValueError if it is empty."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{who}: path must be a str or os.PathLike, got {type(path).__name__}: {path!r:.60}")
    if os.fspath(path) in ("", b""):
        raise ValueError(f"{who}: path is empty; name a file")
    return Path(os.fsdecode(path))


def _create_beside(target: Path) -> str:
    """Create a new empty file next to ``target`` with mode 0o666 (the kernel applies the umask).

    Unlike ``tempfile.mkstemp`` (0600), the file gets the mode of any file the
    process creates, and the process umask is never read or changed.
    """
    for _ in range(100):
        tmp = os.fspath(target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file next to {os.fspath(target)!r}")


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a finite number")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict; a key named twice is refused (json.loads would keep the last silently)."""
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if key in doc:
            raise ValueError(f"key {key!r} appears twice in one object; a model file names each field once")
        doc[key] = value
    return doc


class _Said(str):
    """A description of what was found (shown as is, not as a repr)."""


class _Reader:
    """Checks fields of a parsed document; every error names the file, the field, expected vs found."""

    def __init__(self, path: str, doc: Any) -> None:
        self.path = path
        self.doc = doc

    def fail(self, field: str, expected: str, found: Any) -> ValueError:
        shown = str(found) if isinstance(found, _Said) else repr(found)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return ValueError(f"{self.path}: field {field!r}: expected {expected}, found {shown}")

    def get(self, key: str) -> Any:
        if key not in self.doc:
            raise self.fail(key, "a value", _Said("nothing (missing field)"))
        return self.doc[key]

    def integer(self, value: Any, field: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(field, "an integer >= 1", value)
        return value

    def name(self, key: str, table: dict[str, Any]) -> str:
        value = self.get(key)
        if not isinstance(value, str) or value not in table:
            raise self.fail(key, "one of " + ", ".join(map(repr, table)), value)
        return value

    def numbers(self, value: Any, n: int, field: str) -> list[float]:
        numbers = f"{n} number" + ("s" if n != 1 else "")
        if not isinstance(value, list):
            raise self.fail(field, f"a list of {numbers}", value)
        if len(value) != n:
            raise self.fail(field, numbers, _Said(f"{len(value)}"))
        out = []
        for i, x in enumerate(value):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                raise self.fail(f"{field}[{i}]", "a number", x)
            try:
                f = float(x)
            except OverflowError:
                raise self.fail(f"{field}[{i}]", "a finite number", x) from None
            if not math.isfinite(f):
                raise self.fail(f"{field}[{i}]", "a finite number", x)
            out.append(f)
        return out


def load(path: str | os.PathLike[str]) -> MLP:
    """Read an MLP written by :func:`save`; returns a new model.

    Only parses JSON (never runs code). A truncated or non-JSON file, another
    format or version, a missing field, a wrong shape or type, or a
    non-finite number raises ValueError naming the file, the field, and what
    was expected and found. A path that is not a str or os.PathLike is a
    TypeError, an empty path a ValueError, a missing file or a directory the
    OSError of reading it.
    """
    target = _path(path, "load")
    where = os.fspath(path)
    raw = target.read_bytes()
    try:
        doc = json.loads(
            raw.decode("utf-8"), parse_constant=_reject_constant, object_pairs_hook=_refuse_duplicates
        )
    except UnicodeDecodeError as e:
        raise ValueError(f"{where}: not a chainrule model file (not UTF-8 text: {e})") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{where}: not valid JSON (truncated or not a model file?): {e}") from None
    except RecursionError:
        raise ValueError(f"{where}: not a chainrule model file (JSON nested too deeply)") from None
    except ValueError as e:  # NaN / Infinity literals
        raise ValueError(f"{where}: {e}") from None
    r = _Reader(where, doc)
    if not isinstance(doc, dict):
        raise r.fail("(top level)", "a JSON object", type(doc).__name__)
    if r.get("format") != FORMAT:
        raise r.fail("format", repr(FORMAT), doc["format"])
    version = r.get("version")
    if type(version) is not int or version != VERSION:  # 1.0 and true are not the version 1
        raise r.fail("version", f"{VERSION} (the version this chainrule reads)", version)
    nin = r.integer(r.get("nin"), "nin")
    nouts = r.get("nouts")
    if not isinstance(nouts, list) or not nouts:
        raise r.fail("nouts", "a non-empty list of layer widths", nouts)
    nouts = [r.integer(n, f"nouts[{k}]") for k, n in enumerate(nouts)]
    activation = r.name("activation", ACTIVATIONS)
    output_activation = r.name("output_activation", ACTIVATIONS)
    init = r.name("init", INITS)
    input_range = None
    if init == "kinks":
        pairs = r.get("input_range")
        if not isinstance(pairs, list) or len(pairs) != nin:
            raise r.fail("input_range", f"a list of {nin} [lo, hi] pair(s), one per input", pairs)
        input_range = [r.numbers(pair, 2, f"input_range[{i}]") for i, pair in enumerate(pairs)]
        for i, (lo, hi) in enumerate(input_range):
            if not lo < hi:
                raise r.fail(f"input_range[{i}]", "[lo, hi] with lo < hi", [lo, hi])
    fused = r.get("fused")
    if not isinstance(fused, bool):
        raise r.fail("fused", "true or false", fused)
    seed = r.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise r.fail("seed", "an integer >= 0 or null", seed)
    layers = r.get("layers")
    if not isinstance(layers, list) or len(layers) != len(nouts):
        found = _Said(f"{len(layers)}") if isinstance(layers, list) else layers
        raise r.fail("layers", f"a list of {len(nouts)} layers", found)
    sizes = [nin, *nouts]
    weights = []
    for k, layer in enumerate(layers):
        field = f"layers[{k}]"
        if not isinstance(layer, dict) or "W" not in layer or "b" not in layer:
            raise r.fail(field, 'an object with "W" and "b"', layer)
        rows = layer["W"]
        nout, nin_k = sizes[k + 1], sizes[k]
        if not isinstance(rows, list) or len(rows) != nout:
            found = _Said(f"{len(rows)}") if isinstance(rows, list) else rows
            raise r.fail(f"{field}.W", f"shape ({nout}, {nin_k}): {nout} rows", found)
        W = [r.numbers(row, nin_k, f"{field}.W[{j}]") for j, row in enumerate(rows)]
        b = r.numbers(layer["b"], nout, f"{field}.b")
        weights.append((W, b))
    try:  # whatever MLP refuses (a width beyond its limits) is the file's fault: name it
        model = MLP(
            nin, nouts, activation, output_activation,
            seed=seed, init=init, fused=fused, input_range=input_range,
        )
        for layer, (W, b) in zip(model.layers, weights):
            layer.set_weights(W, b)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{r.path}: {e}") from None
    return model
