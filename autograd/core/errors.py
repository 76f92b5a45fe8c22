"""The exceptions the engine raises on purpose.

- :class:`DomainError` — an op was asked for a value or a local derivative that
  is not a finite real number (log of a negative, division by zero, overflow).
- :class:`NoComplexForwardError` — an op has no forward on complex numbers, so a
  complex-step derivative cannot pass through it.
- :class:`AnomalyError` — under ``detect_anomaly()``, a gradient became
  non-finite in a backward pass (a DomainError).
- :func:`domain_error`, :func:`why`, :func:`describe` — the wording of errors:
  ``describe`` names any value safely (a 5,000-digit int is "an int of 5001 digits",
  a long repr is cut).
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(ValueError):
    """An op's value or local derivative would not be a finite real number."""


class AnomalyError(DomainError):
    """Under ``autograd.detect_anomaly()``: a gradient became NaN or infinite during a backward pass."""


class NoComplexForwardError(LookupError):
    """An op has no forward on complex numbers (``op`` names it)."""

    def __init__(self, op: str) -> None:
        super().__init__(f"op {op!r} has no complex forward (it is not analytic, or rejects complex numbers)")
        self.op = op


#: the longest repr an error message quotes in full; longer ones are cut, with their length
MAX_DESCRIBED = 120


def describe(x: object) -> str:
    """``repr(x)`` for an error message: a huge int by its size, a long repr cut.

    A huge int is described by its size (its repr could not be made), a
    container holding one by its type, and a repr over :data:`MAX_DESCRIBED`
    characters (a list of 20,000 Values, a million-character string) by its
    first 100 and its length.
    """
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 256:
        return f"an int of about {int(x.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(x)
    except ValueError:  # a container holding an int past Python's 4,300-digit limit
        return f"a {type(x).__name__}"
    if len(text) > MAX_DESCRIBED:
        return f"{text[:100]}... ({len(text):,} characters)"
    return text


def _fmt(xs: Sequence[float]) -> str:
    return ", ".join(describe(x) for x in xs)


def domain_error(op: str, xs: Sequence[float], what: str) -> DomainError:
    """Build the DomainError for ``op`` applied to operands ``xs``.

    E.g. ``op 'log' at operands (-1.0): outside the op's domain (math domain error)``.
    """
    return DomainError(f"op {op!r} at operands ({_fmt(xs)}): {what}")


def why(e: BaseException) -> str:
    """A plain-words reason for a float math exception."""
    if isinstance(e, ZeroDivisionError):
        return f"division by zero, the value is infinite ({e})"
    if isinstance(e, OverflowError):
        return f"the value overflows to infinity ({e})"
    return f"outside the op's domain ({e})"
