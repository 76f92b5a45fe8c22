"""nets.array_losses: every loss of nets.losses on a batch array equals the scalar loss (value and gradient),
with targets and predictions that take different branches of the loss within one batch."""

import numpy as np
import pytest

import autograd
from nets import array_losses, losses


def scalar(loss, P, targets):
    """The loss built from Values on the predictions as leaves: (value, dL/dP)."""
    leaves = [[autograd.Value(float(v)) for v in row] for row in P]
    preds = [row[0] for row in leaves] if P.shape[1] == 1 else leaves
    value = loss(preds, targets)
    value.backward()
    return value.data, np.array([[v.grad for v in row] for row in leaves])


# each case: a batch whose samples take different branches of the loss
CASES = {
    "mse": (losses.mse, [[0.5, -1.0], [2.0, 0.0], [-0.3, 0.7]], [[1.0, -1.0], [0.0, 0.5], [-0.3, 2.0]]),
    "half_mse": (losses.half_mse, [[0.5], [2.0], [-0.3]], [1.0, 0.0, -0.3]),
    "sse": (losses.sse, [[0.5, -1.0], [2.0, 0.0]], [[1.0, -1.0], [0.0, 0.5]]),
    # y = 1 and y = 0; p inside, at the clamp's edges and beyond them (0, 1e-13, 1): no gradient there
    "bce": (losses.bce, [[0.9], [0.2], [0.0], [1.0], [1e-13], [0.5]], [1, 0, 1, 0, 0, 1]),
    # large logits of both signs, both labels
    "bce_with_logits": (losses.bce_with_logits, [[1000.0], [-1000.0], [0.3], [-2.0]], [1, 1, 0, 0]),
    # margins above, below and exactly at 1 (relu' = 0 at the kink)
    "hinge": (losses.hinge, [[2.0], [0.5], [-0.5], [1.0], [-3.0]], [1, 1, 0, 1, 0]),
    # the class and the max shift differ from sample to sample
    "cross_entropy": (
        losses.cross_entropy,
        [[1.0, 2.0, -1.0], [3.0, 0.0, 0.5], [0.0, 0.0, 4.0], [-1, -2, -3]],
        [0, 1, 2, 0],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_array_loss_equals_the_scalar_loss(name):
    loss, P, y = CASES[name]
    P = np.array(P, dtype=np.float64)
    want, want_grad = scalar(loss, P, y)
    assert array_losses.ARRAY_LOSSES[loss] is not None
    value, grad = array_losses.loss_and_grad(loss, P, array_losses.prepare_targets(loss, y, P.shape[1]))
    assert value == pytest.approx(want, rel=1e-13)
    assert grad.shape == P.shape
    np.testing.assert_allclose(grad, want_grad, rtol=1e-13, atol=1e-300)


def test_every_loss_of_nets_losses_has_an_array_form():
    named = {getattr(losses, n) for n in losses.__all__ if n not in ("l2", "check_targets")}
    assert named == set(array_losses.ARRAY_LOSSES)


def test_bce_refuses_predictions_that_are_not_probabilities():
    targets = array_losses.prepare_targets(losses.bce, [1, 0], 1)
    with pytest.raises(ValueError, match=r"bce: preds\[1\] = 1.5 is not a probability"):
        array_losses.loss_and_grad(losses.bce, np.array([[0.5], [1.5]]), targets)


def test_any_other_loss_goes_through_the_scalar_engine():
    def twice_mse(preds, targets):
        return 2.0 * losses.mse(preds, targets)

    P = np.array([[0.5, 1.0], [2.0, -1.0]])
    y = np.array([[0.0, 1.0], [1.0, 1.0]])
    value, grad = array_losses.loss_and_grad(twice_mse, P, array_losses.prepare_targets(twice_mse, y, 2))
    want, want_grad = scalar(twice_mse, P, y)
    assert value == want
    np.testing.assert_array_equal(grad, want_grad)
    single = np.array([[0.5], [2.0]])
    value, grad = array_losses.loss_and_grad(twice_mse, single, np.array([1.0, 0.0]))
    assert value == pytest.approx(2 * (0.25 + 4.0) / 2) and grad.shape == (2, 1)
    with pytest.raises(ValueError, match="loss must return a Value"):
        array_losses.loss_and_grad(lambda p, t: 3.0, single, np.array([1.0, 0.0]))


def test_prepare_targets():
    assert array_losses.prepare_targets(losses.mse, [1, 2], 1).shape == (2, 1)
    ce = array_losses.prepare_targets(losses.cross_entropy, [[2], [0]], 3)
    assert ce.dtype == np.int64 and ce.tolist() == [2, 0]
    raw = np.array(["a", "b"])
    assert array_losses.prepare_targets(lambda p, t: None, raw, 1) is not None


# -- the array forms are as exact as the scalar ones ------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from . import exact_losses as exact  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e10, 1e10, allow_nan=False), min_size=2, max_size=5), st.data())
def test_array_cross_entropy_is_exact_to_1e_12(z, data):
    c = data.draw(st.integers(0, len(z) - 1))
    loss, grad = array_losses.ARRAY_LOSSES[losses.cross_entropy](np.array([z]), np.array([c]))
    want, grads = exact.cross_entropy(z, c)
    assert exact.close(loss, want) and all(exact.close(g, w) for g, w in zip(grad[0].tolist(), grads))


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e10, 1e10, allow_nan=False), st.integers(0, 1))
def test_array_bce_with_logits_is_exact_to_1e_12(z, y):
    loss, grad = array_losses.ARRAY_LOSSES[losses.bce_with_logits](np.array([[z]]), np.array([[float(y)]]))
    want, g = exact.bce_with_logits(z, y)
    assert exact.close(loss, want) and exact.close(float(grad[0, 0]), g)
