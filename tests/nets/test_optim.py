"""Tests for nets.optim: article 2's iterations; each optimizer against torch's formulas written out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd import Value
from nets import MLP, SGD, Adam, RMSprop, mse

# -- article 2's two-parameter examples ------------------------------------


def descend(opt, params, loss_fn, steps):
    path = []
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(*params).backward()
        opt.step()
        path.append(tuple(p.data for p in params))
    return path


def bowl(p1, p2):
    return (p1 - 3) ** 2 + (p2 - 2) ** 2


def ravine(p1, p2):
    return 50 * p1**2 + p2**2


def test_article_sgd_iterations_and_convergence():
    phi = [Value(0.0, "phi1"), Value(0.0, "phi2")]
    opt = SGD(phi, lr=0.1)
    path = descend(opt, phi, bowl, 3)
    for got, want in zip(path, [(0.6, 0.4), (1.08, 0.72), (1.464, 0.976)]):
        assert got == pytest.approx(want, abs=1e-12)
    descend(opt, phi, bowl, 200)
    assert (phi[0].data, phi[1].data) == pytest.approx((3.0, 2.0), abs=1e-12)
    assert opt.steps == 203


def test_article_sgd_diverges_on_the_ravine():
    phi = [Value(1.0), Value(1.0)]
    path = descend(SGD(phi, lr=0.1), phi, ravine, 2)
    assert path[0] == pytest.approx((-9.0, 0.8), abs=1e-12)
    assert path[1] == pytest.approx((81.0, 0.64), abs=1e-12)


def test_article_adam_converges_on_the_ravine():
    phi = [Value(1.0), Value(1.0)]
    opt = Adam(phi, lr=0.1)
    while opt.steps < 500:
        opt.zero_grad()
        ravine(*phi).backward()
        opt.step()
        if math.hypot(phi[0].data, phi[1].data) < 1e-4:
            break
    assert math.hypot(phi[0].data, phi[1].data) < 1e-4
    assert opt.steps <= 300


# -- against a hand transcription of torch.optim ----------------------------

C = [1.0, 3.0, 0.5]
T = [0.5, -1.0, 2.0]
START = [1.0, 2.0, -1.5]


def loss_values(p):
    return sum(c * (pi - ti) ** 2 for c, pi, ti in zip(C, p, T)) + p[0] * p[1]


def loss_grad(p):
    g = [2 * c * (pi - ti) for c, pi, ti in zip(C, p, T)]
    g[0] += p[1]
    g[1] += p[0]
    return g


def torch_sgd(lr, steps, momentum=0.0, nesterov=False, weight_decay=0.0):
    p, buf, path = list(START), [None] * 3, []
    for t in range(steps):
        g = loss_grad(p)
        for i in range(3):
            d = g[i] + weight_decay * p[i]
            if momentum:
                buf[i] = d if buf[i] is None else momentum * buf[i] + d
                d = d + momentum * buf[i] if nesterov else buf[i]
            p[i] -= (lr(t) if callable(lr) else lr) * d
        path.append(list(p))
    return path


def torch_rmsprop(lr, steps, alpha=0.99, eps=1e-8, momentum=0.0, weight_decay=0.0):
    p, sq, buf, path = list(START), [0.0] * 3, [0.0] * 3, []
    for _ in range(steps):
        g = loss_grad(p)
        for i in range(3):
            d = g[i] + weight_decay * p[i]
            sq[i] = alpha * sq[i] + (1 - alpha) * d * d
            avg = math.sqrt(sq[i]) + eps
            if momentum:
                buf[i] = momentum * buf[i] + d / avg
                p[i] -= lr * buf[i]
            else:
                p[i] -= lr * d / avg
        path.append(list(p))
    return path


def torch_adam(lr, steps, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    p, m, v, path = list(START), [0.0] * 3, [0.0] * 3, []
    b1, b2 = betas
    for t in range(1, steps + 1):
        g = loss_grad(p)
        for i in range(3):
            d = g[i] + weight_decay * p[i]
            m[i] = m[i] + (1 - b1) * (d - m[i])  # torch: exp_avg.lerp_(grad, 1 - beta1)
            v[i] = v[i] * b2 + (1 - b2) * d * d
            denom = math.sqrt(v[i]) / math.sqrt(1 - b2**t) + eps
            p[i] -= lr / (1 - b1**t) * m[i] / denom
        path.append(list(p))
    return path


def run(make_opt, steps):
    params = [Value(x) for x in START]
    opt = make_opt(params)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        loss_values(params).backward()
        opt.step()
        path.append([p.data for p in params])
    return path


def assert_paths_equal(got, want):
    for t, (g, w) in enumerate(zip(got, want)):
        assert g == pytest.approx(w, abs=1e-12), f"step {t + 1}"


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"momentum": 0.9},
        {"momentum": 0.9, "nesterov": True},
        {"momentum": 0.5, "weight_decay": 0.1},
        {"weight_decay": 0.2},
    ],
)
def test_sgd_matches_torch_formulas(kw):
    assert_paths_equal(run(lambda ps: SGD(ps, lr=0.05, **kw), 8), torch_sgd(0.05, 8, **kw))


def test_sgd_callable_lr_is_called_with_step_count():
    lr = lambda t: 0.1 - 0.01 * t
    opt = SGD([Value(1.0)], lr=lr)
    assert opt.current_lr() == 0.1
    assert_paths_equal(run(lambda ps: SGD(ps, lr=lr, momentum=0.8), 6), torch_sgd(lr, 6, momentum=0.8))


@pytest.mark.parametrize(
    "kw", [{}, {"momentum": 0.9}, {"alpha": 0.9, "eps": 1e-6}, {"momentum": 0.5, "weight_decay": 0.1}]
)
def test_rmsprop_matches_torch_formulas(kw):
    assert_paths_equal(run(lambda ps: RMSprop(ps, lr=0.01, **kw), 8), torch_rmsprop(0.01, 8, **kw))


@pytest.mark.parametrize("kw", [{}, {"betas": (0.8, 0.99)}, {"weight_decay": 0.1, "eps": 1e-6}])
def test_adam_matches_torch_formulas(kw):
    assert_paths_equal(run(lambda ps: Adam(ps, lr=0.05, **kw), 8), torch_adam(0.05, 8, **kw))


def test_defaults_are_torchs():
    p = [Value(1.0)]
    r, a = RMSprop(p), Adam(p)
    assert (r.lr, r.alpha, r.eps, r.momentum) == (0.01, 0.99, 1e-8, 0.0)
    assert (a.lr, a.betas, a.eps) == (1e-3, (0.9, 0.999), 1e-8)


def test_trains_an_mlp_and_zero_grad():
    net = MLP(2, [4, 1], activation="tanh", seed=0)
    X, Y = [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [1.0, 1.0, 0.0]
    opt = Adam(net.parameters(), lr=0.05)
    first = None
    for _ in range(60):
        opt.zero_grad()
        L = mse([net(x) for x in X], Y)
        L.backward()
        opt.step()
        first = first if first is not None else L.data
    assert L.data < first / 10
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in net.parameters())


def test_step_is_atomic_when_it_would_diverge():
    ps = [Value(1.0, "a"), Value(1e308, "b")]
    ps[0].grad, ps[1].grad = 1.0, -1e308
    opt = SGD(ps, lr=10.0)
    message = r"SGD step 1: params\[1\] \(b\) new value .* is inf; nothing was updated"
    with pytest.raises(ValueError, match=message):
        opt.step()
    assert [p.data for p in ps] == [1.0, 1e308] and opt.steps == 0
    big = Value(1.0, "c")
    big.grad = 1e200  # g^2 overflows Adam's running average even though the step stays finite
    with pytest.raises(ValueError, match=r"params\[0\] \(c\) optimizer state 'exp_avg_sq' is inf"):
        Adam([big]).step()
    assert big.data == 1.0
    ps[1].grad = float("nan")
    with pytest.raises(ValueError, match=r"params\[1\] \(b\) grad is nan"):
        opt.step()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(Value(1.0), lr=0.1), "got one Value"),
        (lambda: SGD([], lr=0.1), "params is empty"),
        (lambda: SGD([Value(1.0), 2.0], lr=0.1), r"params\[1\] must be a Value, got float"),
        (lambda: SGD([v := Value(1.0, "w"), v], lr=0.1), r"params\[1\] \(w\) appears twice"),
        (lambda: SGD([Value(1.0)], lr=-0.1), "invalid learning rate: -0.1"),
        (lambda: SGD([Value(1.0)], lr=0.1, nesterov=True), "nesterov=True needs momentum > 0"),
        (lambda: SGD([Value(1.0)], lr=0.1, momentum=-1), "invalid momentum"),
        (lambda: RMSprop([Value(1.0)], alpha=1.0), "invalid alpha: 1.0"),
        (lambda: Adam([Value(1.0)], betas=(0.9,)), "betas must be a pair"),
        (lambda: Adam([Value(1.0)], betas=(0.9, 1.5)), "invalid beta2"),
        (lambda: SGD([Value(1.0)], lr=lambda t: -1.0).step(), r"invalid learning rate lr\(0\): -1.0"),
        (
            lambda: SGD([Value(1.0)], lr=10**400),
            "invalid learning rate: an int of about 401 digits is too large",
        ),
        (lambda: SGD([Value(1.0)], lr=0.1, momentum=2**1100), "invalid momentum: an int of .* too large"),
        (lambda: SGD([Value(1.0)], lr=lambda t: 10**400).step(), r"lr\(0\): an int of about 401 digits"),
        (lambda: Adam([Value(1.0)], weight_decay=float("inf")), "invalid weight_decay: inf"),
    ],
)
def test_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_real_options_become_python_floats():
    opt = SGD([Value(1.0)], lr=np.float32(0.5), momentum=np.float64(0.25))
    assert type(opt.lr) is float and opt.lr == 0.5 and type(opt.momentum) is float
    with pytest.raises(TypeError, match="invalid learning rate: '0.1' is a str"):
        SGD([Value(1.0)], lr="0.1")
    with pytest.raises(TypeError, match="invalid momentum: True is a bool"):
        SGD([Value(1.0)], lr=0.1, momentum=True)


def test_a_grad_that_is_not_a_number_is_refused_naming_the_parameter_before_any_change():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    a.grad, b.grad = 0.5, 0.5
    opt = SGD([a, b], lr=0.1, momentum=0.9)
    with pytest.raises(TypeError, match="Value.grad must be a number, got NoneType"):
        b.grad = None  # the setter refuses it; micrograd's p.grad = 0 stays legal
    b.grad = 0
    assert b.grad == 0.0 and type(b.grad) is float
    b._grad = "abc"  # past the setter (the slot itself): the optimizer still names it
    with pytest.raises(
        TypeError, match=r"SGD step 1: params\[1\] \(b\) grad is 'abc', not a number; nothing"
    ):
        opt.step()
    assert (a.data, b.data, opt.steps, opt.state) == (1.0, 2.0, 0, {})


# -- params must be the parameters; nesterov a flag; the base class says what to use ----------------


@pytest.mark.parametrize("Opt", [SGD, Adam, RMSprop])
def test_a_model_in_place_of_its_parameters_says_what_to_pass(Opt):
    model = MLP(2, [1], seed=0)
    message = rf"{Opt.__name__}: params must be the parameters, got the MLP itself; pass model.parameters\(\)"
    with pytest.raises(TypeError, match=message):
        Opt(model, lr=0.1)
    with pytest.raises(TypeError, match=rf"{Opt.__name__}: params must be an iterable of Values .* int: 5"):
        Opt(5, lr=0.1)
    assert len(Opt(iter(model.parameters()), lr=0.1).params) == 3  # any iterable of Values


def test_nesterov_must_be_a_flag():
    params = MLP(2, [1], seed=0).parameters()
    with pytest.raises(TypeError, match="SGD: nesterov must be True or False, got str: 'no'"):
        SGD(params, lr=0.1, momentum=0.9, nesterov="no")
    with pytest.raises(TypeError, match="SGD: nesterov must be True or False, got int: 0"):
        SGD(params, lr=0.1, nesterov=0)
    assert SGD(params, lr=0.1, momentum=0.9, nesterov=np.bool_(True)).nesterov is True


def test_the_base_optimizer_has_no_update_and_says_what_to_use():
    from nets import Optimizer

    model = MLP(2, [1], seed=0)
    for p in model.parameters():
        p.grad = 1.0
    before = model.phi().tolist()
    opt = Optimizer(model.parameters(), lr=0.1)
    with pytest.raises(NotImplementedError, match=r"Optimizer has no update rule: use nets.SGD, nets.RMSprop "
                       r"or nets.Adam, or subclass Optimizer and define _update"):
        opt.step()
    assert model.phi().tolist() == before and opt.steps == 0
