"""Shared test setup: hypothesis profiles and the sample custom ops.

- Hypothesis profiles: "ci" (the default; 150 examples, derandomized, no
  deadline), "dev" (1,000 examples) and "thorough" (10,000, and a failure
  prints the blob that reproduces it). Pick one with ``HYPOTHESIS_PROFILE=dev``.
  The fuzzers in tests/fuzz draw their share of the profile's count
  (``tests.fuzz.examples``): under "ci" the whole folder runs in about 25 s;
  under "thorough" each random-graph property checks 10,000 graphs::

      HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider
- Two custom ops declared with :func:`autograd.defop` at import, before any
  test module is collected, so every test parametrized over
  ``autograd.REGISTRY`` includes them: ``test_cube`` and ``test_swish``.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, settings

import autograd

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=10_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _swish(x: float) -> float:
    return x / (1.0 + math.exp(-x)) if x >= 0.0 else x * math.exp(x) / (1.0 + math.exp(x))


#: x^3;  d/dx = 3 x^2
cube = autograd.defop(
    "test_cube",
    lambda x: x * x * x,
    (lambda F, x, out: 3.0 * x * x,),
    ("3 x^2",),
    doc="x^3;  d/dx = 3 x^2",
)

#: swish(x) = x sigmoid(x);  d/dx = sigmoid(x) + x sigmoid(x) (1 - sigmoid(x))
swish = autograd.defop(
    "test_swish",
    _swish,
    (lambda F, x, out: F.sigmoid(x) + out * (1.0 - F.sigmoid(x)),),
    ("sigmoid(x) + swish(x) (1 - sigmoid(x))",),
    domain=(-4.0, 4.0),
    doc="swish(x) = x sigmoid(x);  d/dx = sigmoid(x) + swish(x) (1 - sigmoid(x))",
)


@pytest.fixture
def custom_ops() -> dict:
    """The sample custom ops, by name: {"test_cube": fn, "test_swish": fn}."""
    return {"test_cube": cube, "test_swish": swish}
