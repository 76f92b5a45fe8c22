"""``python -m autograd``: the engine walkthrough of the tour."""

from .tour import engine_tour

engine_tour()
