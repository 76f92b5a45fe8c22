"""micrograd's own notebooks, run on chainrule after the one-word import change.

The code cells of micrograd's demo.ipynb and trace_graph.ipynb and of the lecture notebooks
(nn-zero-to-hero, lectures/micrograd/micrograd_lecture_{first,second}_half_roughly.ipynb) are stored
verbatim, with their MIT notices, in data/micrograd_notebooks.json (made by data/record.py). At
test time each notebook is rebuilt from them, changed only by :func:`port` —

- ``micrograd`` becomes ``nets.micrograd`` in imports;
- a cell's own ``class Value: ...`` (the lectures write theirs) becomes
  ``from nets.micrograd.engine import Value``, the rest of the cell kept;

— and executed in a Jupyter kernel, as tests/test_notebooks.py runs ours, so IPython magics and rich
displays (an expression at the end of a cell, a ``graphviz.Digraph``, a Value) are exercised
too. Cells that import torch are skipped; ``sklearn.datasets.make_moons`` is served by a stand-in
that returns the data recorded in data/moons_demo.json (made by scikit-learn's make_moons). Each
remaining cell is one test: it passes when the cell raised nothing.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

DATA = Path(__file__).parent / "data"
NOTEBOOKS = json.loads((DATA / "micrograd_notebooks.json").read_text(encoding="utf-8"))["notebooks"]
DEMO = json.loads((DATA / "moons_demo.json").read_text(encoding="utf-8"))

IMPORT = "from nets.micrograd.engine import Value"

#: the first cell of every rebuilt notebook (not micrograd's): make_moons from the recorded data
SETUP = f"""
def _install_recorded_make_moons(path):
    import json, sys, types
    import numpy as np
    recorded = json.load(open(path, encoding="utf-8"))

    def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
        assert (n_samples, shuffle, noise, random_state) == (100, True, 0.1, None), "not recorded"
        return np.array(recorded["X"]), np.array(recorded["y"])

    def make_blobs(*args, **kwargs):
        raise NotImplementedError("make_blobs: not recorded")

    datasets = types.ModuleType("sklearn.datasets")
    datasets.make_moons, datasets.make_blobs = make_moons, make_blobs
    sklearn = types.ModuleType("sklearn")
    sklearn.datasets = datasets
    sys.modules.update({{"sklearn": sklearn, "sklearn.datasets": datasets}})

_install_recorded_make_moons({str(DATA / "moons_demo.json")!r})
del _install_recorded_make_moons
"""


def port(source: str) -> str:
    """micrograd's cell as it runs on chainrule: the import substitution, nothing else."""
    source = re.sub(r"^(\s*(?:from|import)\s+)micrograd\b", r"\1nets.micrograd", source, flags=re.M)
    if not re.search(r"^class Value\b", source, flags=re.M):
        return source
    lines = source.splitlines()
    for node in reversed(ast.parse(source).body):
        if isinstance(node, ast.ClassDef) and node.name == "Value":
            lines[node.lineno - 1 : node.end_lineno] = [IMPORT]
    return "\n".join(lines)


def needs_torch(source: str) -> bool:
    """A cell of the lecture's PyTorch comparison: it runs torch, not our engine (the issue leaves it out)."""
    return bool(re.search(r"^\s*import torch|\btorch\.", source, flags=re.M))


def skip_reason(source: str) -> str | None:
    return "needs torch" if needs_torch(source) else None


CELLS = [
    pytest.param(name, cell["index"], id=f"{name}-cell{cell['index']}")
    for name, nb in NOTEBOOKS.items()
    for cell in nb["cells"]
    if not needs_torch(cell["source"])
]


def test_only_the_lectures_torch_cells_are_left_out():
    left_out = [
        (name, c["index"]) for name, nb in NOTEBOOKS.items() for c in nb["cells"] if needs_torch(c["source"])
    ]
    assert left_out == [("lecture_second_half", 12), ("lecture_second_half", 13)]


def run_notebook(name: str, cwd: Path) -> dict[int, list]:
    """Execute notebook ``name`` (ported, torch cells left out) in ``cwd``: {cell index: its outputs}."""
    cells = [c for c in NOTEBOOKS[name]["cells"] if skip_reason(c["source"]) is None]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [
        nbformat.v4.new_code_cell(port(c["source"]), metadata={"micrograd_index": c["index"]}) for c in cells
    ]
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    setup_errors = errors(nb.cells[0].outputs)
    assert not setup_errors, f"the setup cell failed: {setup_errors}"
    return {cell.metadata["micrograd_index"]: cell.outputs for cell in nb.cells[1:]}


def errors(outputs: list) -> list[str]:
    """The errors a cell showed: raised exceptions, and tracebacks printed (by a failing display)."""
    found = [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"]
    found += [o.text.strip().splitlines()[-1] for o in outputs
              if o.output_type == "stream" and o.name == "stderr" and "Traceback" in o.text]
    return found


def stdout(outputs: list) -> str:
    return "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """{name: ({cell index: outputs}, the folder it ran in)}; each notebook runs once, when first asked."""
    runs: dict[str, tuple[dict[int, list], Path]] = {}

    def get(name: str) -> tuple[dict[int, list], Path]:
        if name not in runs:
            cwd = tmp_path_factory.mktemp(name)
            runs[name] = (run_notebook(name, cwd), cwd)
        return runs[name]

    return get


def test_port_changes_only_the_imports_and_the_value_class():
    assert port("from micrograd.engine import Value\nfrom micrograd import nn") == (
        "from nets.micrograd.engine import Value\nfrom nets.micrograd import nn"
    )
    assert port("import micrograd_like\nx = 'micrograd'") == "import micrograd_like\nx = 'micrograd'"
    lecture = "class Value:\n  def __init__(self, data):\n    self.data = data\n\n\na = Value(2.0)\na"
    assert port(lecture) == f"{IMPORT}\n\n\na = Value(2.0)\na"


def test_the_stored_notebooks_are_micrograds():
    assert set(NOTEBOOKS) == {"demo", "trace_graph", "lecture_first_half", "lecture_second_half"}
    for nb in NOTEBOOKS.values():
        assert nb["repo"] in ("karpathy/micrograd", "karpathy/nn-zero-to-hero")
        assert "Andrej Karpathy" in nb["license"] and "Permission is hereby granted" in nb["license"]
    lecture = {c["index"]: c["source"] for c in NOTEBOOKS["lecture_first_half"]["cells"]}
    assert "class Value:" in lecture[7] and lecture[18] == "o._backward()"


@pytest.mark.parametrize(("name", "index"), CELLS)
def test_cell_runs_on_chainrule(executed, name, index):
    outputs, _ = executed(name)
    problems = errors(outputs[index])
    assert not problems, f"{name} cell {index} failed on chainrule: {'; '.join(problems)}"


def test_the_demo_prints_micrograds_numbers(executed):
    outputs, _ = executed("demo")
    printed = re.findall(r"step (\d+) loss ([-+0-9.e]+), accuracy ([0-9.]+)%", stdout(outputs[7]))
    assert [int(k) for k, _, _ in printed] == list(range(100))
    assert [float(loss) for _, loss, _ in printed] == pytest.approx(DEMO["losses"], rel=1e-12, abs=0)
    assert [float(acc) / 100 for _, _, acc in printed] == pytest.approx(DEMO["accuracies"], abs=1e-12)
    model = stdout(outputs[5]).splitlines()
    assert model[0].startswith("MLP of [Layer of [ReLUNeuron(2), ") and model[1] == "number of parameters 337"


def test_trace_graph_renders_gout(executed):
    _, cwd = executed("trace_graph")
    assert (cwd / "gout.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))
