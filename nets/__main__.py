"""``python -m nets tour``: the tour behind ``make demo``."""

from .tour import main

main()
