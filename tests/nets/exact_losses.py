"""Exact references for the logit losses, in 80-digit decimal arithmetic.

Written so that no digit is lost at any size of logit: log(1 + s) is a series
for tiny s (80 digits cannot hold 1 + 1e-68), and softmax(z)_c - 1 is
-(the other classes' share), never a difference of two numbers near 1.
"""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

_CTX = Context(prec=80, Emax=10**15, Emin=-(10**15))


def _log1p(s: Decimal) -> Decimal:
    if s < Decimal("1e-20"):
        return s - s * s / 2 + s * s * s / 3  # the next term is below 1e-80 relative
    return (1 + s).ln()


def cross_entropy(z: list[float], c: int) -> tuple[Decimal, list[Decimal]]:
    """log sum_j e^z_j - z_c and its gradient softmax(z) - onehot(c), to 80 digits."""
    with localcontext(_CTX):
        zs = [Decimal(x) for x in z]
        k = max(range(len(zs)), key=lambda j: zs[j])
        e = [(x - zs[k]).exp() for x in zs]
        rest = sum((ej for j, ej in enumerate(e) if j != k), Decimal(0))
        total = 1 + rest
        loss = (zs[k] - zs[c]) + _log1p(rest)
        others = sum((ej for j, ej in enumerate(e) if j != c), Decimal(0))
        return loss, [-others / total if j == c else ej / total for j, ej in enumerate(e)]


def bce_with_logits(z: float, y: int) -> tuple[Decimal, Decimal]:
    """log(1 + e^z) - y z (= log(1 + e^((1 - 2y) z))) and sigmoid(z) - y, to 80 digits."""
    with localcontext(_CTX):
        d = Decimal(z)
        loss = _log1p(((1 - 2 * y) * d).exp())
        grad = -1 / (1 + d.exp()) if y else 1 / (1 + (-d).exp())
        return loss, grad


def close(x: float, exact: Decimal, rel: float = 1e-12, abs_: float = 1e-300) -> bool:
    """|x - exact| <= rel |exact| + abs_ (1e-12 relative + 1e-300 absolute)."""
    with localcontext(_CTX):
        return abs(Decimal(x) - exact) <= Decimal(rel) * abs(exact) + Decimal(abs_)
