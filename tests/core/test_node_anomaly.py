"""autograd.detect_anomaly: the first gradient that becomes non-finite raises, and nothing is half-changed.

Also the ``.grad`` field's setter (numbers only; NaN and infinity stay legal) and
errors that name huge ints by their size.
"""

from __future__ import annotations

import threading

import pytest

import autograd as A
from autograd import AnomalyError, DomainError, Value, detect_anomaly


def _cancelling():
    """z = x*1e300*1e300 - x*1e300*1e300 at x = 1e-320: finite data and local grads, gradient -inf + inf."""
    x = Value(1e-320, "x")
    z = x * 1e300 * 1e300 - x * 1e300 * 1e300
    z.label = "z"
    return x, z


def test_without_anomaly_mode_the_plain_passes_give_nan_silently():
    x, z = _cancelling()
    z.backward()
    assert x.grad != x.grad  # NaN
    assert A.grad(z, [x])[0] != A.grad(z, [x])[0]


@pytest.mark.parametrize("run", ["backward", "backward_steps", "grad", "grad_create_graph"])
def test_anomaly_mode_names_the_op_operands_upstream_local_and_path(run):
    x, z = _cancelling()
    passes = {
        "backward": lambda: z.backward(),
        "backward_steps": lambda: list(A.backward_steps(z)),
        "grad": lambda: A.grad(z, [x]),
        "grad_create_graph": lambda: A.grad(z, [x], create_graph=True),
    }
    with detect_anomaly(), pytest.raises(AnomalyError) as info:
        passes[run]()
    message = str(info.value)
    assert isinstance(info.value, DomainError)
    assert "the gradient of x became -inf" in message and "op '*' at operands (1e-320, 1e+300)" in message
    assert "upstream gradient -1e+300 x local derivative 1e+300" in message
    assert "path from the root: z -> (*) -> (*) -> x" in message


def test_a_refused_writing_pass_puts_every_grad_back():
    x, z = _cancelling()
    y = Value(2.0, "y")
    w = z + y * 3.0
    w.backward()  # without anomaly mode: grads as they are (x's NaN included)
    before = [v.grad for v in A.topological_order(w)]
    x.grad, y.grad = 0.5, 0.25  # a user's leaf grads, accumulating
    before = [v.grad for v in A.topological_order(w)]
    for run in (lambda: w.backward(), lambda: list(A.backward_steps(w))):
        with detect_anomaly(), pytest.raises(AnomalyError):
            run()
        after = [v.grad for v in A.topological_order(w)]
        assert [repr(g) for g in after] == [repr(g) for g in before]


def test_anomaly_mode_is_per_thread_and_nests():
    x, z = _cancelling()
    seen = {}

    def other():
        seen["enabled"] = A.core.is_anomaly_enabled()
        z.backward()  # not checked in this thread: no error
        seen["grad"] = x.grad

    with detect_anomaly():
        with detect_anomaly():
            assert A.core.is_anomaly_enabled()
        assert A.core.is_anomaly_enabled()
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert seen["enabled"] is False and seen["grad"] != seen["grad"]
    assert not A.core.is_anomaly_enabled()


def test_finite_passes_are_unchanged_under_anomaly_mode():
    a, b = Value(0.3, "a"), Value(-1.2, "b")
    f = (a * b).tanh() + a.exp() / (1 + b * b)
    want = A.grad(f, [a, b])
    with detect_anomaly():
        f.backward()
        assert [a.grad, b.grad] == want
        assert A.grad(f, [a, b]) == want
        assert len(list(A.backward_steps(f))) > 0


# -- the .grad field --------------------------------------------------------------------


def test_grad_accepts_numbers_and_refuses_the_rest():
    x = Value(1.0, "x")
    x.grad = 0  # micrograd-style code zeroes with an int
    assert x.grad == 0.0 and type(x.grad) is float
    x.grad = float("nan")  # NaN and infinity stay legal (anomaly mode is for those)
    assert x.grad != x.grad
    for bad in (None, "abc", True, [1.0]):
        with pytest.raises(TypeError, match="Value.grad must be a number"):
            x.grad = bad
    with pytest.raises(ValueError, match="an int of about 401 digits is too large"):
        x.grad = 10**400
    x.grad = 0.0
    (x * 2.0).backward()
    assert x.grad == 2.0


def test_errors_name_huge_ints_by_their_size():
    huge = 10**5000  # more digits than Python will convert to a string
    cases = [
        (lambda: Value(huge), "Value: an int of about 5001 digits is too large to be a float"),
        (lambda: Value(1.0) + huge, r"\+: a number operand: an int of about 5001 digits"),
        (lambda: A.exp(huge), "exp: a number operand: an int of about 5001 digits"),
        (lambda: Value(2.0) ** huge, r"\*\*: an int of about 5001 digits"),
    ]
    for make, pattern in cases:
        with pytest.raises(DomainError, match=pattern):
            make()
