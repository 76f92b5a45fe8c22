"""nets.arrays.reals: what it takes, what it refuses, and how it names the entry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nets.arrays import reals


def test_numbers_of_any_kind_become_float64():
    for x, want in [
        ([[1, 2], [3, 4]], [[1.0, 2.0], [3.0, 4.0]]),
        ([np.float32(0.5), np.int64(3)], [0.5, 3.0]),
        (np.arange(3, dtype=np.int32), [0.0, 1.0, 2.0]),
        (2.5, 2.5),
    ]:
        got = reals(x, "X")
        assert got.dtype == np.float64
        np.testing.assert_array_equal(got, want)
    assert reals([], "X").shape == (0,)


@pytest.mark.parametrize(
    ("x", "error", "message"),
    [
        ([["1", 1.0]], ValueError, r"^fit: X\[0\]\[0\] must be a number, got str: '1'$"),
        ([[1.0, True]], ValueError, r"^fit: X\[0\]\[1\] must be a number, got bool: True \(bools are not"),
        (np.array([True, False]), ValueError, r"^fit: X\[0\] must be a number, got bool: True \(bools"),
        (np.array(["a"]), ValueError, r"^fit: X\[0\] must be a number, got str: 'a'$"),
        ("ab", ValueError, r"^fit: X must be numbers, got str: 'ab'$"),
        ([None], ValueError, r"^fit: X\[0\] must be a number, got NoneType: None$"),
        ([1 + 2j], ValueError, "got complex"),
        ([[10**5000, 1.0]], ValueError, r"^fit: X\[0\]\[0\]: an int of about 5001 digits is too large"),
        ([[1.0, math.nan]], ValueError, r"^fit: X\[0\]\[1\] must be finite, got nan$"),
        (np.array([1.0, -math.inf]), ValueError, r"^fit: X\[1\] must be finite, got -inf$"),
        ([[1, 2], [3]], ValueError, "must be a rectangular array of numbers"),
    ],
)
def test_refuses_and_names_the_entry(x, error, message):
    with pytest.raises(error, match=message):
        reals(x, "fit: X")


def test_non_finite_allowed_when_asked():
    got = reals([1.0, math.inf, math.nan], "y", finite=False)
    assert got[1] == math.inf and math.isnan(got[2])
