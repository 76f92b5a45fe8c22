"""Fuzzers (hypothesis): model files, hostile labels, random graphs, and the bad-input table.

Each fuzzer draws its share of the active hypothesis profile's ``max_examples``
(tests/conftest.py: "ci" by default, "dev", "thorough"), through
:func:`examples`: the expensive fuzzers (a label example renders SVG three
times) draw fewer examples than the cheap ones, and every count scales with the
profile. The random-graph fuzzers draw the profile's full count: 10,000 graphs
each under ``HYPOTHESIS_PROFILE=thorough``.
"""

from __future__ import annotations

from hypothesis import settings


def examples(share: float, minimum: int = 10) -> int:
    """``share`` of the active profile's ``max_examples`` (at least ``minimum``)."""
    return max(minimum, int(settings.default.max_examples * share))
