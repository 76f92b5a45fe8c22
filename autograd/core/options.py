"""How every public function reads its options: flags, counts and real numbers, converted once.

- :func:`flag` — True or False (a numpy bool too); ``"no"`` or ``1`` is a TypeError,
  not a truthy value.
- :func:`count` — an int (a numpy integer, or a float such as ``2.0`` that is one);
  a bool, ``1.5`` or a string is a TypeError, a value below the minimum a ValueError.
- :func:`seed` — a random seed: None or an int >= 0 (a numpy integer too); a bool,
  a float, NaN or a string is a TypeError, a negative int a ValueError.
- :func:`unordered` — whether an argument is a set (no order to match results to),
  dict keys excepted.
- :func:`real` — a Python float (numpy floats of any width become float64 once, so
  nothing downstream computes in float32); an int beyond floats, NaN or infinity is
  a ValueError naming the option.

Each takes the option's name as the caller spells it (``"explain: max_paths"``), so
the error says where it came from.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import KeysView
from collections.abc import Set as AbstractSet
from typing import Any

from .errors import describe


def _is_numpy_bool(x: Any) -> bool:
    """A numpy bool (the core imports no numpy, so it is recognised by its type's name)."""
    return type(x).__module__ == "numpy" and type(x).__name__ in ("bool", "bool_")


def flag(x: Any, name: str) -> bool:
    """``x`` as a bool; TypeError unless it is True, False or a numpy bool."""
    if isinstance(x, bool) or _is_numpy_bool(x):
        return bool(x)
    raise TypeError(f"{name} must be True or False, got {type(x).__name__}: {describe(x)}")


def count(x: Any, name: str, minimum: int = 0, maximum: int | None = None) -> int:
    """``x`` as an int >= ``minimum`` (and <= ``maximum`` when given).

    Accepts ints, numpy integers and floats with an integral value; refuses
    bools and non-integral numbers (TypeError) and values outside the bounds
    (ValueError; a huge int is named by its size).
    """
    if isinstance(x, bool) or _is_numpy_bool(x):
        raise TypeError(f"{name} must be an int, got bool: {x!r}")
    if isinstance(x, numbers.Integral):
        n = int(x)
    elif isinstance(x, numbers.Real) and math.isfinite(float(x)) and float(x).is_integer():
        n = int(float(x))
    else:
        raise TypeError(f"{name} must be an int, got {type(x).__name__}: {describe(x)}")
    if n < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {describe(n)}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{name} must be <= {maximum:,}, got {describe(n)}")
    return n


def seed(x: Any, name: str) -> int | None:
    """``x`` as a random seed: None, or an int >= 0 (numpy integers too).

    A bool, a float (NaN too), a string or anything else is a TypeError; a
    negative int a ValueError. Seeds beyond 2**128 are allowed (numpy and
    ``random`` take them), but named by size in errors.
    """
    if x is None:
        return None
    if isinstance(x, bool) or _is_numpy_bool(x) or not isinstance(x, numbers.Integral):
        raise TypeError(f"{name} must be None or an int >= 0, got {type(x).__name__}: {describe(x)}")
    n = int(x)
    if n < 0:
        raise ValueError(f"{name} must be None or an int >= 0, got {describe(n)}")
    return n


def real(x: Any, name: str, *, minimum: float = -math.inf, above: bool = False, finite: bool = True) -> float:
    """``x`` as a Python float.

    Args:
        minimum: the smallest value allowed (``above=True``: values must be
            strictly greater).
        finite: refuse infinities (ValueError); NaN is always refused.

    A bool, a string or a complex number is a TypeError; an int too large for
    a float a ValueError that gives its size.
    """
    if isinstance(x, bool) or _is_numpy_bool(x) or not isinstance(x, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}: {describe(x)}")
    try:
        f = float(x)
    except OverflowError:
        raise ValueError(f"{name}: {describe(x)} is too large to be a float") from None
    if math.isnan(f) or (finite and math.isinf(f)):
        raise ValueError(f"{name} must be a finite number, got {f!r}")
    if f < minimum or (above and f == minimum):
        bound = f"> {minimum!r}" if above else f">= {minimum!r}"
        raise ValueError(f"{name} must be {bound}, got {f!r}")
    return f


def unordered(x: Any) -> bool:
    """Whether ``x`` is a set: no order to match results to (dict keys keep theirs, so they are not)."""
    return isinstance(x, AbstractSet) and not isinstance(x, KeysView)
