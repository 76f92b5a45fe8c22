"""Tests for autograd.core.options: flags, counts and reals at every public boundary."""

import math

import numpy as np
import pytest

from autograd.core import count, flag, real, seed


@pytest.mark.parametrize("x", [True, False, np.bool_(True), np.bool_(False)])
def test_flag_accepts_bools(x):
    assert flag(x, "opt") is bool(x)


@pytest.mark.parametrize("x", ["no", "False", 0, 1, None, 1.0, [True]])
def test_flag_refuses_everything_else(x):
    with pytest.raises(TypeError, match=r"^opt must be True or False, got "):
        flag(x, "opt")


@pytest.mark.parametrize(
    ("x", "n"), [(3, 3), (np.int64(3), 3), (np.uint8(0), 0), (2.0, 2), (np.float32(4.0), 4)]
)
def test_count_accepts_integers(x, n):
    got = count(x, "steps")
    assert got == n and type(got) is int


@pytest.mark.parametrize("x", [True, np.bool_(False), 1.5, float("nan"), float("inf"), "3", None, 1j])
def test_count_refuses_non_integers_with_a_type_error(x):
    with pytest.raises(TypeError, match=r"^explain: max_paths must be an int, got "):
        count(x, "explain: max_paths")


def test_count_minimum_and_huge_ints():
    with pytest.raises(ValueError, match=r"^n must be >= 1, got 0$"):
        count(0, "n", minimum=1)
    with pytest.raises(ValueError, match=r"must be >= 0, got an int of about 401 digits"):
        count(-(10**400), "n")
    assert count(10**400, "n") == 10**400  # a count is exact: no float conversion


def test_real_converts_once_to_a_python_float():
    for x in (np.float32(1e-6), np.float16(0.5), 3, np.int64(2), 0.25):
        got = real(x, "eps")
        assert type(got) is float and got == float(x)
    assert real(np.float32(1e-6), "eps") == float(np.float32(1e-6))  # the float32 value, now in float64


@pytest.mark.parametrize(
    ("x", "kwargs", "error", "message"),
    [
        ("0.1", {}, TypeError, r"^lr must be a real number, got str: '0.1'$"),
        (True, {}, TypeError, "got bool"),
        (1 + 2j, {}, TypeError, "got complex"),
        (10**400, {}, ValueError, r"^lr: an int of about 401 digits is too large to be a float$"),
        (math.nan, {"finite": False}, ValueError, "must be a finite number, got nan"),
        (math.inf, {}, ValueError, "must be a finite number, got inf"),
        (-1.0, {"minimum": 0.0}, ValueError, r"^lr must be >= 0.0, got -1.0$"),
        (0.0, {"minimum": 0.0, "above": True}, ValueError, r"^lr must be > 0.0, got 0.0$"),
    ],
)
def test_real_refuses(x, kwargs, error, message):
    with pytest.raises(error, match=message):
        real(x, "lr", **kwargs)
    assert real(math.inf, "lr", finite=False) == math.inf


def test_count_maximum_names_the_bound_and_a_huge_value_by_size():
    assert count(10**6, "nin", minimum=1, maximum=10**6) == 10**6
    with pytest.raises(ValueError, match=r"^nin must be <= 1,000,000, got 1000001$"):
        count(10**6 + 1, "nin", minimum=1, maximum=10**6)
    with pytest.raises(ValueError, match=r"^nin must be <= 1,000,000, got an int of about 5001 digits$"):
        count(10**5000, "nin", minimum=1, maximum=10**6)


@pytest.mark.parametrize(
    ("x", "error", "message"),
    [
        (True, TypeError, r"^moons: seed must be None or an int >= 0, got bool: True$"),
        (np.bool_(False), TypeError, "got bool"),
        (1.0, TypeError, "got float: 1.0"),
        (math.nan, TypeError, "got float: nan"),
        ("a", TypeError, "got str: 'a'"),
        ([1, 2], TypeError, "got list"),
        (-1, ValueError, r"^moons: seed must be None or an int >= 0, got -1$"),
    ],
)
def test_seed_refuses(x, error, message):
    with pytest.raises(error, match=message):
        seed(x, "moons: seed")
    with pytest.raises(ValueError, match="got an int of about 5001 digits"):
        seed(-(10**5000), "moons: seed")


def test_seed_takes_none_ints_and_numpy_ints():
    assert seed(None, "seed") is None
    assert seed(0, "seed") == 0
    got = seed(np.int64(7), "seed")
    assert got == 7 and type(got) is int
    assert seed(10**40, "seed") == 10**40


def test_unordered_is_a_set_but_not_dict_keys():
    from autograd.core.options import unordered

    assert unordered({1, 2}) and unordered(frozenset()) and unordered({1: 2}.items())
    assert not unordered({1: 2}.keys()) and not unordered([1, 2]) and not unordered((1,))
