"""Record, once, the data that tests/nets/micrograd/ compares chainrule with (not run by the tests).

    python record.py moons
        -> moons_demo.json: micrograd's demo.ipynb as micrograd 0.1.0 runs it: the moons data of
           ``np.random.seed(1337); make_moons(n_samples=100, noise=0.1)`` and, after
           ``random.seed(1337)``, the loss and accuracy of each of the 100 full-batch SGD steps of
           ``MLP(2, [16, 16, 1])`` (svm max-margin loss + 1e-4 L2, lr = 1.0 - 0.9 k / 100).
           Needs numpy, scikit-learn and micrograd==0.1.0, which chainrule does not depend on: make a
           throwaway venv, e.g. ``python -m venv /tmp/mg && /tmp/mg/bin/pip install scikit-learn
           micrograd==0.1.0``, and run this script with it.
    python record.py notebooks MICROGRAD_GIT_DIR NN_ZERO_TO_HERO_GIT_DIR
        -> micrograd_notebooks.json: the code cells, verbatim, of micrograd's demo.ipynb and
           trace_graph.ipynb and of the lecture notebooks
           lectures/micrograd/micrograd_lecture_{first,second}_half_roughly.ipynb, read with
           ``git show HEAD:<path>`` from bare clones of github.com/karpathy/micrograd and
           github.com/karpathy/nn-zero-to-hero (no outputs, no markdown).

micrograd's spread of a loss over runs: micrograd walks ``set``s of children, whose order follows
object ids, so the order in which a parameter's grad is summed changes from run to run, and two runs
of micrograd's demo differ by up to ~5e-15 relative in the loss (measured). The recorded trajectory
is one such run.

The demo loop below is micrograd's demo.ipynb code, and the notebooks' cells are Andrej Karpathy's,
MIT-licensed: see ../LICENSE-karpathy.txt.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent

MIT = (
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
    "associated documentation files (the \"Software\"), to deal in the Software without restriction, "
    "including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, "
    "and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, "
    "subject to the following conditions: The above copyright notice and this permission notice shall be "
    "included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", "
    "WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF "
    "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS "
    "OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF "
    "CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR "
    "OTHER DEALINGS IN THE SOFTWARE."
)

LECTURES = "lectures/micrograd/micrograd_lecture_"
NOTEBOOKS = {
    "demo": ("micrograd", "demo.ipynb"),
    "trace_graph": ("micrograd", "trace_graph.ipynb"),
    "lecture_first_half": ("nn-zero-to-hero", f"{LECTURES}first_half_roughly.ipynb"),
    "lecture_second_half": ("nn-zero-to-hero", f"{LECTURES}second_half_roughly.ipynb"),
}
COPYRIGHT = {
    "micrograd": "The MIT License (MIT) Copyright (c) 2020 Andrej Karpathy",
    "nn-zero-to-hero": "MIT License, Copyright (c) 2022 Andrej Karpathy",
}


def record_moons(out: Path) -> None:
    import random

    import numpy as np
    from micrograd.engine import Value
    from micrograd.nn import MLP
    from sklearn.datasets import make_moons

    # demo.ipynb, cells 3-7, with the printing replaced by recording
    np.random.seed(1337)
    random.seed(1337)
    X, y01 = make_moons(n_samples=100, noise=0.1)
    y = y01 * 2 - 1
    model = MLP(2, [16, 16, 1])

    def loss():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    losses, accuracies = [], []
    for k in range(100):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
        losses.append(float(total_loss.data))
        accuracies.append(float(acc))

    record = {
        "about": (
            "micrograd's demo.ipynb run by micrograd 0.1.0: X, y = make_moons(n_samples=100, noise=0.1) "
            "after np.random.seed(1337) (y as make_moons returns it, 0/1; the demo uses y*2-1), then after "
            "random.seed(1337) MLP(2, [16, 16, 1]) trained for 100 full-batch SGD steps, "
            "lr = 1.0 - 0.9*k/100, on the svm max-margin loss + 1e-4 * sum(p*p). losses[k] and "
            "accuracies[k] are the loss and accuracy computed at step k, before its update (what the "
            "demo prints). Made by tests/nets/micrograd/data/record.py moons; data by scikit-learn's "
            "make_moons itself."
        ),
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scikit-learn": version("scikit-learn"),
            "micrograd": version("micrograd"),
        },
        "X": X.tolist(),
        "y": [int(v) for v in y01],
        "losses": losses,
        "accuracies": accuracies,
    }
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: step 0 loss {losses[0]!r}, step 99 loss {losses[-1]!r}, accuracy {accuracies[-1]}")


def git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True,
                          text=True).stdout


def record_notebooks(out: Path, micrograd_git: str, lectures_git: str) -> None:
    dirs = {"micrograd": micrograd_git, "nn-zero-to-hero": lectures_git}
    notebooks = {}
    for name, (repo, path) in NOTEBOOKS.items():
        nb = json.loads(git(dirs[repo], "show", f"HEAD:{path}"))
        cells = [
            {"index": i, "source": "".join(c["source"])}
            for i, c in enumerate(nb["cells"])
            if c["cell_type"] == "code" and "".join(c["source"]).strip()
        ]
        notebooks[name] = {
            "repo": f"karpathy/{repo}",
            "commit": git(dirs[repo], "rev-parse", "HEAD").strip(),
            "path": path,
            "license": f"{COPYRIGHT[repo]}. {MIT}",
            "cells": cells,
        }
    record = {
        "about": (
            "The non-empty code cells, verbatim, of four of Andrej Karpathy's notebooks (MIT licensed; "
            "each notebook's notice is in its 'license' field), read from the commit named. 'index' is the "
            "cell's position in the notebook, markdown cells included. Made by "
            "tests/nets/micrograd/data/record.py notebooks."
        ),
        "notebooks": notebooks,
    }
    out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}: " + ", ".join(f"{k} ({len(v['cells'])} cells)" for k, v in notebooks.items()))


if __name__ == "__main__":
    if sys.argv[1:2] == ["moons"]:
        record_moons(HERE / "moons_demo.json")
    elif sys.argv[1:2] == ["notebooks"] and len(sys.argv) == 4:
        record_notebooks(HERE / "micrograd_notebooks.json", sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
