"""The exceptions the engine raises on purpose.

- :class:`DomainError` — an op was asked for a value or a local derivative that
  is not a finite real number (log of a negative, division by zero, overflow).
- :class:`NoComplexForwardError` — an op has no forward on complex numbers, so a
  complex-step derivative cannot pass through it.
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(ValueError):
    """An op's value or local derivative would not be a finite real number."""


class NoComplexForwardError(LookupError):
    """An op has no forward on complex numbers (``op`` names it)."""

    def __init__(self, op: str) -> None:
        super().__init__(f"op {op!r} has no complex forward (it is not analytic, or rejects complex numbers)")
        self.op = op


def _fmt(xs: Sequence[float]) -> str:
    return ", ".join(repr(x) for x in xs)


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
