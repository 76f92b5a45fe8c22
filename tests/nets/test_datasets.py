"""Tests for nets.datasets: shapes, dtypes, labels, determinism, geometry and argument checks."""

import math

import numpy as np
import pytest

from nets import datasets

CLASSIFIERS = {
    "moons": (datasets.moons, 2),
    "circles": (datasets.circles, 2),
    "xor": (datasets.xor, 2),
    "spiral": (datasets.spiral, 3),
    "blobs": (datasets.blobs, 2),
}


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("n", [1, 7, 100])
def test_shapes_dtypes_and_labels(name, n):
    fn, k = CLASSIFIERS[name]
    if n < k:
        n = k
    X, y = fn(n=n, seed=0)
    assert X.shape == (n, 2) and X.dtype == np.float64
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) <= set(range(k))
    assert np.all(np.isfinite(X))
    counts = np.bincount(y, minlength=k)
    assert counts.max() - counts.min() <= 1  # balanced classes


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_deterministic_for_a_seed(name):
    fn, _ = CLASSIFIERS[name]
    X1, y1 = fn(n=50, seed=3)
    X2, y2 = fn(n=50, seed=3)
    X3, _ = fn(n=50, seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_noise_zero_is_noise_free_and_seed_only_reorders(name):
    fn, _ = CLASSIFIERS[name]
    X1, y1 = fn(n=40, noise=0.0, seed=1)
    X2, y2 = fn(n=40, noise=0.0, seed=2)
    rows1 = sorted(zip(map(tuple, X1.round(12)), y1))
    rows2 = sorted(zip(map(tuple, X2.round(12)), y2))
    assert rows1 == rows2


def test_moons_geometry():
    X, y = datasets.moons(n=200, noise=0.0, seed=0)
    # class 0 on the unit upper half circle, class 1 on the lower one centred at (1, 0.5)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    assert np.all(X[y == 0, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1.0, X[y == 1, 1] - 0.5), 1.0)
    assert np.all(X[y == 1, 1] <= 0.5 + 1e-12)
    X, y = datasets.moons(n=400, noise=0.1, seed=0)
    m0, m1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    assert np.linalg.norm(m0 - m1) > 1.0


def test_circles_radii():
    X, y = datasets.circles(n=200, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    X, y = datasets.circles(n=400, noise=0.05, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert abs(r[y == 0].mean() - 1.0) < 0.05 and abs(r[y == 1].mean() - 0.5) < 0.05


def test_xor_truth_table():
    X, y = datasets.xor(n=4, noise=0.0, seed=0)
    table = {tuple(row): int(label) for row, label in zip(X, y)}
    assert table == {(-1.0, -1.0): 0, (-1.0, 1.0): 1, (1.0, -1.0): 1, (1.0, 1.0): 0}
    X, y = datasets.xor(n=400, noise=0.2, seed=0)
    differ = np.sign(X[:, 0]) != np.sign(X[:, 1])
    assert np.mean(differ == (y == 1)) > 0.95


@pytest.mark.parametrize("k", [2, 3, 5])
def test_spiral_classes(k):
    X, y = datasets.spiral(n=10 * k + 1, k=k, noise=0.0, seed=0)
    assert sorted(np.bincount(y)) == [10] * (k - 1) + [11]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() == 0.0 and math.isclose(r.max(), 1.0)
    for j in range(k):
        # each arm's radius grows from 0 to 1
        assert sorted(np.round(r[y == j], 12))[0] == 0.0


def _perceptron_separates(X, y, epochs=1000):
    """Train a perceptron; True when it classifies every point correctly (only possible if separable)."""
    Xb = np.column_stack([X, np.ones(len(X))])
    s = 2 * y - 1
    w = np.zeros(3)
    for _ in range(epochs):
        wrong = s * (Xb @ w) <= 0
        if not wrong.any():
            return True
        i = np.flatnonzero(wrong)[0]
        w += s[i] * Xb[i]
    return False


@pytest.mark.parametrize("noise", [0.0, 0.5, 1.5])
def test_blobs_two_classes_linearly_separable(noise):
    X, y = datasets.blobs(n=200, noise=noise, seed=0)
    assert _perceptron_separates(X, y)
    # the means' perpendicular bisector separates them too (with the documented margin)
    m0, m1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    assert np.linalg.norm(m0 - m1) > 2.0


def test_blobs_many_classes_separable_by_linear_scores():
    k = 4
    X, y = datasets.blobs(n=400, k=k, noise=1.5, seed=2)
    angles = math.pi / 4 + 2 * math.pi * np.arange(k) / k
    centres = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    scores = X @ centres.T - 0.5 * np.sum(centres**2, axis=1)
    np.testing.assert_array_equal(np.argmax(scores, axis=1), y)
    for i in range(k):  # every pair of classes is separable by a line
        for j in range(i + 1, k):
            pair = (y == i) | (y == j)
            assert _perceptron_separates(X[pair], (y[pair] == j).astype(np.int64))


def test_curve():
    X, y = datasets.curve(np.sin, n=50, noise=0.0, seed=0)
    assert X.shape == (50, 1) and X.dtype == np.float64 and y.shape == (50,) and y.dtype == np.float64
    assert np.all(np.diff(X[:, 0]) >= 0)
    assert X.min() >= -math.pi and X.max() <= math.pi
    np.testing.assert_allclose(y, np.sin(X[:, 0]))
    X, y = datasets.curve(lambda x: x**2, n=2000, noise=0.1, xlim=(0.0, 1.0), seed=1)
    assert 0.09 < np.std(y - X[:, 0] ** 2) < 0.11
    X2, y2 = datasets.curve(lambda x: x**2, n=2000, noise=0.1, xlim=(0.0, 1.0), seed=1)
    np.testing.assert_array_equal(y, y2)
    X, y = datasets.curve(math.exp, n=5, noise=0.0, seed=0)  # a scalar-only function works too
    np.testing.assert_allclose(y, np.exp(X[:, 0]))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: datasets.moons(n=0), ValueError, "^moons: n must be >= 1, got 0$"),
        (lambda: datasets.moons(n=2.5), TypeError, "^moons: n must be an int, got float: 2.5$"),
        (lambda: datasets.circles(n=True), TypeError, "^circles: n must be an int, got bool: True$"),
        (lambda: datasets.xor(noise=-0.1), ValueError, "^xor: noise must be >= 0.0, got -0.1$"),
        (
            lambda: datasets.xor(noise=float("nan")),
            ValueError,
            "^xor: noise must be a finite number, got nan$",
        ),
        (
            lambda: datasets.blobs(noise="big"),
            TypeError,
            "^blobs: noise must be a real number, got str: 'big'$",
        ),
        (lambda: datasets.spiral(k=1), ValueError, "^spiral: k must be >= 2, got 1$"),
        (lambda: datasets.spiral(n=2, k=3), ValueError, "^spiral: n must be >= 3, got 2$"),
        (lambda: datasets.blobs(k=1), ValueError, "^blobs: k must be >= 2"),
        (
            lambda: datasets.circles(factor=1.0),
            ValueError,
            r"^circles: factor \(the inner radius\) must be in",
        ),
        (
            lambda: datasets.circles(factor=10**5000),
            ValueError,
            "^circles: factor: an int of about 5001 digits",
        ),
        (lambda: datasets.curve(3.0), TypeError, "^curve: f must be a callable"),
        (lambda: datasets.curve(np.log, xlim=(-1.0, 1.0), seed=0), ValueError, "not finite"),
        (lambda: datasets.curve(np.sin, xlim=(1.0, 1.0)), ValueError, r"^curve: xlim must have lo < hi"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spiral", "blobs", "curve"])
@pytest.mark.parametrize(
    "seed, error, match",
    [
        (True, TypeError, "seed must be None or an int >= 0, got bool: True"),
        ("a", TypeError, "seed must be None or an int >= 0, got str: 'a'"),
        (1.0, TypeError, "seed must be None or an int >= 0, got float: 1.0"),
        (-1, ValueError, "seed must be None or an int >= 0, got -1"),
    ],
)
def test_every_dataset_checks_its_seed(name, seed, error, match):
    with pytest.raises(error, match=f"^{name}: {match}$"):
        getattr(datasets, name)(seed=seed)


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spiral", "blobs", "curve"])
def test_huge_counts_are_refused_before_allocating(name):
    make = getattr(datasets, name)
    with pytest.raises(
        ValueError, match=f"^{name}: n must be <= 10,000,000, got an int of about 5001 digits$"
    ):
        make(n=10**5000)
    with pytest.raises(ValueError, match=f"^{name}: n must be <= 10,000,000, got 10000001$"):
        make(n=datasets.MAX_POINTS + 1)
    with pytest.raises(ValueError, match=rf"^{name}: n must be >= \d, got an int of about 5001 digits$"):
        make(n=-(10**5000))
    with pytest.raises(ValueError, match=f"^{name}: noise: an int of about 5001 digits is too large"):
        make(noise=10**5000)


@pytest.mark.parametrize("name", ["spiral", "blobs"])
def test_huge_k_is_refused(name):
    make = getattr(datasets, name)
    with pytest.raises(ValueError, match=f"^{name}: k must be <= 100,000, got an int of about 5001 digits$"):
        make(k=10**5000)
    with pytest.raises(ValueError, match=f"^{name}: k must be <= 100,000, got 100001$"):
        make(n=200_000, k=datasets.MAX_CLASSES + 1)


@pytest.mark.parametrize(
    "xlim, error, match",
    [
        ((0,), ValueError, r"^curve: xlim must be a pair \(lo, hi\), got 1 values$"),
        ((0, 1, 2), ValueError, r"^curve: xlim must be a pair \(lo, hi\), got 3 values$"),
        (5, TypeError, r"^curve: xlim must be a pair \(lo, hi\) of real numbers, got int: 5$"),
        ("ab", TypeError, r"^curve: xlim must be a pair \(lo, hi\) of real numbers, got str: 'ab'$"),
        ((True, 2), TypeError, r"^curve: xlim\[0\] must be a real number, got bool: True$"),
        (("0", 2), TypeError, r"^curve: xlim\[0\] must be a real number, got str: '0'$"),
        ((0, 10**5000), ValueError, r"^curve: xlim\[1\]: an int of about 5001 digits is too large"),
        ((float("nan"), 0), ValueError, r"^curve: xlim\[0\] must be a finite number, got nan$"),
        ((-1e308, 1e308), ValueError, r"^curve: xlim \(-1e\+308, 1e\+308\) spans inf, more than a float"),
    ],
)
def test_curve_xlim_must_be_a_pair_of_reals(xlim, error, match):
    with pytest.raises(error, match=match):
        datasets.curve(xlim=xlim)


def test_curve_xlim_accepts_ints_numpy_and_wide_spans():
    X, _ = datasets.curve(xlim=np.array([0, 2]), n=50, seed=0)
    assert 0.0 <= X.min() and X.max() <= 2.0
    X, _ = datasets.curve(lambda t: 0.0 * t, xlim=(-1e307, 1e307), n=5, seed=0)
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize(
    "f, match",
    [
        (lambda t: "a", r"^curve: f returned str: 'a' at x=.*; expected a real number$"),
        (lambda t: t > 0, r"^curve: f returned bool: (True|False) at x=.*; expected a real number$"),
        (lambda t: None, r"^curve: f returned NoneType: None at x=.*; expected a real number$"),
        (lambda t: 1j, r"^curve: f returned complex: 1j at x=.*; expected a real number$"),
        (
            lambda t: 10**5000,
            r"^curve: f returned an int of about 5001 digits at x=.*, too large for a float$",
        ),
    ],
)
def test_curve_f_must_return_real_numbers(f, match):
    with pytest.raises(ValueError, match=match):
        datasets.curve(f, n=5, seed=0)


def test_curve_f_of_one_float_or_a_constant():
    X, y = datasets.curve(lambda t: 3, n=4, noise=0.0, seed=0)  # a constant: evaluated point by point
    np.testing.assert_array_equal(y, [3.0] * 4)
    X, y = datasets.curve(lambda t: np.float32(t), n=4, noise=0.0, seed=0)
    np.testing.assert_allclose(y, X[:, 0], rtol=1e-6)


def test_numpy_ints_accepted():
    X, y = datasets.spiral(n=np.int64(9), k=np.int32(3), seed=0)
    assert X.shape == (9, 2) and sorted(np.bincount(y)) == [3, 3, 3]


@pytest.mark.parametrize("k", [13, 100, 200])
def test_blobs_many_classes_return_separable(k):
    """k=100 and k=200 never returned before the centres' circle grew with k."""
    X, y = datasets.blobs(n=400, k=k, noise=0.5, seed=0)
    assert np.all(np.isfinite(X)) and sorted(set(y.tolist())) == list(range(k))
    angles = math.pi / 4 + 2 * math.pi * np.arange(k) / k
    radius = max(2.0, 0.5 / math.sin(math.pi / k))
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    np.testing.assert_allclose(
        np.linalg.norm(centres[0] - centres[1]), max(1.0, 2 * 2 * math.sin(math.pi / k))
    )
    scores = X @ centres.T - 0.5 * np.sum(centres**2, axis=1)
    np.testing.assert_array_equal(np.argmax(scores, axis=1), y)


@pytest.mark.parametrize("k", [2, 200])
def test_blobs_unreachable_margin_raises_instead_of_looping(k):
    """k=200 with a huge noise: a point lands in its cell once in ~200 redraws, so it raises;
    k=2 halves the plane, so the same noise still returns separable data."""
    if k == 2:
        X, y = datasets.blobs(n=300, k=k, noise=1e6, seed=0)
        assert _perceptron_separates(X, y)
        return
    with pytest.raises(
        ValueError,
        match=r"^blobs: with noise=1000000.0, \d+ of 300 points were still outside.*"
        r"redraws.*use a smaller noise$",
    ):
        datasets.blobs(n=300, k=k, noise=1e6, seed=0)


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spiral", "blobs", "curve"])
def test_overflowing_noise_raises_naming_the_dataset(name):
    make = getattr(datasets, name)
    with pytest.raises(ValueError, match=rf"^{name}: .*noise.* too large.*overflow"):
        make(noise=1e308, seed=0)
    X, y = make(noise=1e150, seed=0)  # large but representable: finite data
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))
