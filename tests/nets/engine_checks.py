"""What the engine tests share: ``fit`` with one engine against the scalar engine on the same problem."""

from __future__ import annotations

import numpy as np

from nets import losses
from nets.model import MLP
from nets.optim import SGD

#: loss -> (output activation, output width, targets maker (rng, n, m) -> y)
LOSS_SETUPS = {
    "mse": (losses.mse, "linear", 2, lambda rng, n, m: rng.normal(size=(n, m))),
    "half_mse": (losses.half_mse, "tanh", 1, lambda rng, n, m: rng.normal(size=n)),
    "sse": (losses.sse, "linear", 1, lambda rng, n, m: rng.normal(size=(n, 1))),
    "bce": (losses.bce, "sigmoid", 1, lambda rng, n, m: np.arange(n) % 2),
    "bce_with_logits": (losses.bce_with_logits, "linear", 2, lambda rng, n, m: (np.arange(n * m) % 3 == 0)
                        .reshape(n, m).astype(int)),
    "hinge": (losses.hinge, "linear", 1, lambda rng, n, m: np.arange(n) % 2),
    "cross_entropy": (losses.cross_entropy, "linear", 3, lambda rng, n, m: np.arange(n) % m),
}


def problem(loss_name: str, activation: str = "tanh", n: int = 12, seed: int = 0, nin: int = 3,
            hidden: tuple[int, ...] = (5, 4)):
    """(model, X, y, loss) with targets that take different branches of the loss across the batch."""
    loss, out_act, m, targets = LOSS_SETUPS[loss_name]
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, nin))
    model = MLP(nin, [*hidden, m], activation=activation, output_activation=out_act, seed=seed)
    if loss is losses.hinge:  # margins on both sides of the kink: scores beyond +-1, half on the right side
        last = model.layers[-1]
        W, b = last.weights()
        last.set_weights(W * 8.0, b + 0.5)
        from nets import predict

        z = predict(model, X)
        return model, X, np.where(np.arange(n) % 2 == 0, z > 0, z <= 0).astype(int), loss
    return model, X, targets(rng, n, m), loss


def run(engine: str, build, steps: int = 1, optimizer=None, **kwargs):
    """Train a fresh problem from ``build()`` with ``engine``; returns (model, history, optimizer)."""
    model, X, y, loss = build()
    opt = optimizer(model.parameters()) if optimizer else SGD(model.parameters(), lr=0.1)
    from nets import fit

    h = fit(model, X, y, loss=loss, optimizer=opt, epochs=steps, progress=False, engine=engine, **kwargs)
    return model, h, opt


def assert_same_training(engine: str, build, steps: int = 1, optimizer=None, rtol: float = 1e-10, **kwargs):
    """``engine``'s run gives the scalar engine's parameters, gradients and losses to ``rtol`` relative."""
    ref, h_ref, opt_ref = run("scalar", build, steps, optimizer, **kwargs)
    got, h_got, opt_got = run(engine, build, steps, optimizer, **kwargs)
    scale = np.max(np.abs(ref.phi_grad()))
    np.testing.assert_allclose(got.phi(), ref.phi(), rtol=rtol, atol=1e-15)
    np.testing.assert_allclose(got.phi_grad(), ref.phi_grad(), rtol=rtol, atol=1e-13 * scale)
    np.testing.assert_allclose(h_got.loss, h_ref.loss, rtol=rtol)
    assert h_got.accuracy == h_ref.accuracy and h_got.steps == h_ref.steps
    assert opt_got.steps == opt_ref.steps if hasattr(opt_ref, "steps") else True
    for key, arr in getattr(opt_ref, "state", {}).items():
        np.testing.assert_allclose(opt_got.state[key], arr, rtol=rtol, atol=1e-15)
    return got, ref
