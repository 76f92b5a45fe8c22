"""Every ```python block of the README runs (in a scratch folder); its op table lists every built-in op."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_the_readme_has_examples():
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = BLOCKS[index]
    if "ag.gradcheck(bad_cube" in code:  # this example shows the error on purpose
        import autograd

        with pytest.raises(autograd.GradcheckError):
            exec(compile(code, f"README block {index}", "exec"), {})
        return
    exec(compile(code, f"README block {index}", "exec"), {})


def _op_table_first_column() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Ops and their local derivatives") :]
    section = section[: section.index("\n\n", section.index("| op |"))]
    return [row.split("|")[1] for row in section.splitlines() if row.startswith("| `")]


def test_the_op_table_lists_every_builtin_op():
    import autograd

    cells = " ".join(_op_table_first_column())
    for name, op in autograd.REGISTRY.items():
        if not op.builtin:
            continue
        if name.isidentifier():
            assert f"{name}(" in cells or f'"{name}"' in cells, f"README op table has no row for {name!r}"
        else:
            assert f"x {name} y" in cells, f"README op table has no row for {name!r}"
    assert "x ** n" in cells  # the number-exponent ops "**n"
