"""Every ```python block of the README runs (in a scratch folder), so the README stays true."""

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
