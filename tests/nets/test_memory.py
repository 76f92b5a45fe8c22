"""Memory stays flat: 1,000 training steps hold no more memory at the end than after step 100.

A 2-16-16-1 MLP (337 parameters) is trained on a batch of 8 samples (forward,
mse, zero_grad, backward, Adam step: about 600 new Values a step) with the
cyclic garbage collector disabled, so that a graph kept alive by a reference
cycle would never be freed. Memory is measured with tracemalloc.

Two things make the comparison exact instead of noisy:

- ``gc.collect()`` is called (by hand; the collector stays disabled for the
  training) before each measurement. It must find nothing: a reference cycle
  made by a training step would show up here, as garbage the collector had to
  find. It also empties CPython's free lists (of tuples, floats, dicts, ...),
  which otherwise fill up over the first few hundred steps and look like
  growth (they hold about 120 KB after 300 steps of this loop).
- The baseline is taken after step 100, when every lazily made object
  (Adam's state, cached op builders) exists.

Measured on CPython 3.11: 25,369 bytes traced after step 100 and 25,537 after
step 1,000 (168 bytes, from one lazy allocation between steps 100 and 300, and
0 bytes after). The bound, 4 KiB, is far below what any per-step leak would
cost over 900 steps: one leaked float a step is 21 KB, one leaked Value 43 KB,
one leaked graph (a loss over 8 samples) about 60 MB.
"""

from __future__ import annotations

import gc
import math
import tracemalloc

import nets
from nets import datasets

#: The most traced memory (bytes) that may be added between step 100 and step 1,000.
SLACK = 4096


def test_a_thousand_training_steps_hold_no_more_memory_than_a_hundred():
    X, y = datasets.moons(n=8, noise=0.1, seed=0)
    X, y = X.tolist(), [float(t) for t in y]
    model = nets.MLP(2, [16, 16, 1], activation="tanh", seed=0)
    opt = nets.Adam(model.parameters(), lr=0.01)
    first = last = math.nan  # two floats (a list of every loss would itself grow by 32 KB)

    def train_step():
        opt.zero_grad()
        loss = nets.mse([model(x) for x in X], y)
        loss.backward()
        opt.step()
        return loss.data

    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        traced, garbage = {}, {}
        for step in range(1, 1001):
            last = train_step()
            if step == 1:
                first = last
            if step in (100, 1000):
                garbage[step] = gc.collect()  # nothing to find: no training step made a cycle
                traced[step] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        if was_enabled:
            gc.enable()

    assert len(model.parameters()) == 337
    assert math.isfinite(last) and last < 0.1 * first  # it trained
    assert garbage == {100: 0, 1000: 0}
    grown = traced[1000] - traced[100]
    assert grown <= SLACK, f"{grown} bytes more traced after step 1,000 than after step 100"
