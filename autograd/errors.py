"""The exceptions autograd raises on purpose.

- :class:`DomainError` — an op was asked for a value or a local derivative that
  is not a finite real number (log of a negative, division by zero, overflow).
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(ValueError):
    """An op's value or local derivative would not be a finite real number."""


def _fmt(xs: Sequence[float]) -> str:
    return ", ".join(repr(x) for x in xs)


def domain_error(op: str, xs: Sequence[float], what: str) -> DomainError:
    """Build the DomainError for ``op`` applied to operands ``xs``."""
    return DomainError(f"{op}({_fmt(xs)}): {what}")
