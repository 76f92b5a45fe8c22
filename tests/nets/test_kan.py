"""Tests for nets.kan: a spline interpolates its heights; its derivatives; KAN layers; fitting; errors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import autograd
import nets
from autograd import Value
from nets.kan import KAN, SPLINE_INITS, KANLayer, Spline


def test_spline_is_the_straight_line_interpolant_of_its_heights():
    phi = Spline(4, (-2.0, 2.0), init="zeros")
    assert phi.knots == [-2.0, -1.0, 0.0, 1.0, 2.0] and phi.h == 1.0
    phi.interpolate(lambda t: t**2)
    assert [c.data for c in phi.heights] == [4.0, 1.0, 0.0, 1.0, 4.0]
    xs = np.linspace(-2.0, 2.0, 41)
    assert phi.values(xs) == pytest.approx(np.interp(xs, phi.knots, [4, 1, 0, 1, 4]), abs=1e-12)
    # beyond the end knots the end pieces go on: slope -3 on the left, +3 on the right
    assert phi(-3.0).data == pytest.approx(7.0) and phi(2.5).data == pytest.approx(5.5)
    assert [phi.piece(x) for x in (-9.0, -2.0, -1.0, -0.5, 1.0, 2.0, 9.0)] == [0, 0, 1, 1, 3, 3, 3]


def test_spline_derivatives_are_the_weights_and_the_slope():
    phi = Spline(4, (0.0, 1.0), init="identity")
    phi.interpolate(math.sin)
    x = Value(0.3, "x")
    out = phi(x)
    assert out.op == "dot"  # one dot node: (1 - s) c_k + s c_(k+1)
    out.backward()
    s = (0.3 - 0.25) / 0.25
    assert [c.grad for c in phi.heights] == pytest.approx([0.0, 1 - s, s, 0.0, 0.0])
    assert x.grad == pytest.approx((math.sin(0.5) - math.sin(0.25)) / 0.25)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no kink is near: the check must not warn
        autograd.assert_gradcheck(lambda x, *cs: phi(x), [Value(0.61), *phi.heights])


def test_inits_and_seeds():
    assert list(SPLINE_INITS) == ["noise", "zeros", "identity"]
    a, b, c = (Spline(6, (0, 3), seed=s) for s in (1, 1, 2))
    assert a.phi().tolist() == b.phi().tolist() != c.phi().tolist()
    assert np.all(np.abs(a.phi()) <= 0.1)
    assert Spline(3, (0, 3), init="identity").phi().tolist() == [0.0, 1.0, 2.0, 3.0]
    assert KAN(2, [3, 1], seed=5).phi().tolist() == KAN(2, [3, 1], seed=5).phi().tolist()


def test_layer_sums_one_spline_per_edge():
    layer = KANLayer(3, 2, grid=4, input_range=(-1, 1), seed=0)
    x = [0.3, -0.7, 0.1]
    outs = layer(x)
    assert len(outs) == 2
    for j, out in enumerate(outs):
        assert out.data == pytest.approx(sum(layer.splines[j][i](x[i]).data for i in range(3)))
    names = [n for n, _ in layer.named_parameters()]
    assert len(names) == 2 * 3 * 5 and names[:2] == ["L1.phi1,1.c0", "L1.phi1,1.c1"]
    assert names[-1] == "L1.phi2,3.c4"
    assert layer.activation == "linear"


def test_kan_chains_layers_and_backprop_matches_finite_differences():
    model = KAN(2, [2, 1], grid=3, input_range=[(-1, 1), (-2, 2)], seed=3)
    assert [layer.input_range for layer in model.layers] == [(-1.0, 1.0), (-2.0, 2.0)]
    assert [layer.splines[1][1].input_range for layer in model.layers[:1]] == [(-1.0, 1.0)]
    assert model.nouts == [2, 1] and len(model.parameters()) == (4 + 2) * 4
    xs = [Value(0.21, "x1"), Value(-0.55, "x2")]
    params = model.parameters()
    autograd.assert_gradcheck(lambda a, b, *ps: model([a, b]), [*xs, *params])
    assert repr(model) == "KAN(2, [2, 1], grid=3)"


def test_fit_reaches_the_least_squares_heights():
    X, y = nets.datasets.curve(np.sin, n=30, noise=0.1, seed=0)
    model = KAN(1, [1], grid=4, input_range=(-math.pi, math.pi), seed=0)
    nets.fit(model, X, y, optimizer=nets.optim.Adam(model.parameters(), lr=0.05), epochs=600, progress=False)
    phi = model.layers[0].splines[0][0]
    A = np.array([[max(0.0, 1 - abs(x - t) / phi.h) for t in phi.knots] for x in X[:, 0]])
    best, *_ = np.linalg.lstsq(A, y, rcond=None)
    assert model.phi() == pytest.approx(best, abs=1e-4)  # a one-layer KAN's loss: a quadratic in its heights


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Spline(0), r"Spline: grid \(the number of pieces\) must be an integer >= 1, got 0"),
        (lambda: Spline(2.5), r"grid .* got 2.5"),
        (lambda: Spline(3, (1, 1)), r"Spline: input_range must have lo < hi, got \(1.0, 1.0\)"),
        (lambda: Spline(3, (0, math.inf)), r"input_range must be finite, got inf"),
        (lambda: Spline(3, (0, "1")), r"input_range must be two real numbers, got str '1'"),
        (lambda: Spline(3, 5), r"input_range must be a pair \(lo, hi\), got 5"),
        (lambda: Spline(3, init="rand"), r"unknown init 'rand'; valid names: 'noise', 'zeros', 'identity'"),
        (lambda: Spline(3)("a"), r"phi: x must be a finite number or a Value, got str 'a'"),
        (lambda: Spline(3)(math.nan), r"x must be a finite number"),
        (lambda: KANLayer(0, 2), r"KANLayer nin must be an integer >= 1, got 0"),
        (lambda: KANLayer(2, 1)([1.0]), r"KANLayer 1 expects 2 inputs"),
        (lambda: KAN(1, []), r"KAN nouts must be a non-empty list"),
        (lambda: KAN(1, [2, 1], input_range=[(0, 1), (2, 1)]), r"KAN layer 2: input_range must have lo < hi"),
    ],
)
def test_errors_name_the_problem(make, message):
    with pytest.raises(ValueError, match=message):
        make()


# -- sizes, labels and inputs far away ----------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: KAN(10**5000, [1]), ValueError, "KAN nin must be at most 1,000,000, got an int of about"),
        (lambda: KAN(2, [10**7]), ValueError, r"KAN nouts\[0\] must be at most 1,000,000"),
        (lambda: KAN(2, [1], grid=10**5000), ValueError, r"KAN: grid \(the number of pieces\) must be at"),
        (lambda: KAN(1000, [1000], grid=20), ValueError, "KAN would have 21,000,000 parameters"),
        (lambda: KAN(2, [1], input_range=(0, 10**5000)), ValueError,
         "KAN: input_range: an int of about 5001 digits is too large to be a float"),
        (lambda: KAN(2, [1], seed=1.5), TypeError, "KAN: seed must be None or an int >= 0, got float"),
        (lambda: KANLayer(2, 2, rng=5), TypeError, "KANLayer: rng must be a random.Random"),
        (lambda: Spline(label=5), TypeError, "Spline: label must be a str, got int: 5"),
        (lambda: Spline(seed=-1), ValueError, "Spline: seed must be None or an int >= 0, got -1"),
    ],
)
def test_bad_sizes_seeds_and_labels_are_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_an_int_beyond_floats_as_input_names_the_spline():
    with pytest.raises(ValueError, match=r"L1.phi1,1: x is an int of about 5001 digits, too large"):
        KAN(2, [1], seed=0)([10**5000, 1.0])


@pytest.mark.parametrize("x", [1e308, -1e308, 1.7e308])
def test_the_end_pieces_go_on_as_far_as_floats_go(x):
    phi = Spline(seed=0)
    k = 0 if x < 0 else phi.grid - 1
    c0, c1 = (c.data for c in phi.heights[k : k + 2])
    t = phi.knots[k]
    want = c0 + (c1 - c0) * (1.0 / phi.h) * (x - t)  # the end piece's line, slope first
    y = phi(x)
    assert math.isfinite(y.data) and y.data == pytest.approx(want, rel=1e-12)


def test_far_inputs_that_fit_in_floats_still_use_one_dot():
    phi = Spline(seed=0)
    y = phi(1e300)
    assert y.op == "dot"
    c0, c1 = (c.data for c in phi.heights[-2:])
    assert y.data == pytest.approx(c0 + (c1 - c0) * (1e300 - phi.knots[-2]) / phi.h, rel=1e-12)


def test_values_reads_its_inputs_strictly():
    phi = Spline(seed=0)
    assert phi.values([0.0, 0.5]).shape == (2,)
    with pytest.raises(ValueError, match=r"phi.values: xs\[1\] must be a number, got str: '0.5'"):
        phi.values([0.0, "0.5"])
    with pytest.raises(ValueError, match="phi.values: xs"):
        phi.values([True])
