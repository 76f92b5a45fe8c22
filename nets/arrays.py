"""Reading arrays of numbers from users: nested lists or numpy arrays to float64, strictly.

- :func:`reals` — ``x`` as a float64 array. ``np.asarray(x, dtype=float)`` would
  take ``'1.5'`` as 1.5 and ``True`` as 1.0, and raise a bare OverflowError for an
  int beyond floats; here each is a ValueError naming the argument and the
  entry's index. (``nets`` raises ValueError for bad data, whatever its type,
  and TypeError for a bad option: see docs/bad_input.md.)
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from autograd.core import describe


def _index(flat: int, shape: tuple[int, ...]) -> str:
    return "".join(f"[{int(i)}]" for i in np.unravel_index(flat, shape)) if shape else ""


def _is_bool(v: Any) -> bool:
    return isinstance(v, (bool, np.bool_))


def _plain_number_type(t: type) -> bool:
    """A type whose values are real numbers as they are: int, float and numpy's (not bool, not a subclass)."""
    return t is float or t is int or (issubclass(t, (np.floating, np.integer)) and t is not np.bool_)


def _scan(a: np.ndarray, name: str) -> np.ndarray:
    """An object array's entries as float64; the first bad entry is named by its index.

    Fast when every entry is a plain int or float (one pass over the types, one
    conversion); entry by entry only to find what to name.
    """
    flat = a.reshape(-1)
    if all(_plain_number_type(t) for t in set(map(type, flat))):
        try:
            return flat.astype(np.float64).reshape(a.shape)
        except OverflowError:  # an int beyond floats: found and named below
            pass
    out = np.empty(flat.shape, dtype=np.float64)
    for k, v in enumerate(flat):
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v.item()  # a 0-d array is the number it holds
        if isinstance(v, (list, tuple, np.ndarray)):
            raise ValueError(
                f"{name} must be a rectangular array of numbers; {name}{_index(k, a.shape)} is a "
                f"{type(v).__name__}"
            )
        if _is_bool(v):
            raise ValueError(
                f"{name}{_index(k, a.shape)} must be a number, got bool: {v!r} (bools are not taken "
                "as numbers: convert with .astype(int))"
            )
        if not isinstance(v, numbers.Real):
            raise ValueError(
                f"{name}{_index(k, a.shape)} must be a number, got {type(v).__name__}: {describe(v)}"
            )
        try:
            out[k] = float(v)
        except OverflowError:
            where = f"{name}{_index(k, a.shape)}"
            raise ValueError(f"{where}: {describe(v)} is too large to be a float") from None
    return out.reshape(a.shape)


def reals(x: Any, name: str, *, finite: bool = True) -> np.ndarray:
    """``x`` as a float64 array; ``name`` is how the caller spells it (``"fit: X"``).

    Raises ValueError for strings, bools, None, complex numbers or other
    non-numbers (naming the first bad entry), ragged rows, an int too large
    for a float, and (``finite=True``) NaN or infinity.
    """
    if isinstance(x, (str, bytes)):
        raise ValueError(f"{name} must be numbers, got {type(x).__name__}: {x!r:.60}")
    if isinstance(x, np.ndarray) and x.dtype.kind in "fiu":
        out = x.astype(np.float64)
    elif isinstance(x, np.ndarray):  # strings, bools, objects: each entry checked, named by its index
        out = _scan(x.astype(object), name)
    elif isinstance(x, numbers.Real) and not _is_bool(x):
        out = _scan(np.array(x, dtype=object), name)
    else:
        try:
            a = np.array(x, dtype=object)
        except ValueError as e:  # ragged nested lists numpy cannot hold
            raise ValueError(f"{name} must be a rectangular array of numbers ({e})") from None
        out = _scan(a, name)
    if finite and not np.isfinite(out).all():
        k = int(np.flatnonzero(~np.isfinite(out))[0])
        raise ValueError(f"{name}{_index(k, out.shape)} must be finite, got {float(out.reshape(-1)[k])!r}")
    return out
