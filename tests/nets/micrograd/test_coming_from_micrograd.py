"""docs/coming_from_micrograd.md: every ```python block runs (in a scratch folder) and prints what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "coming_from_micrograd.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", TEXT, re.S)


def test_the_import_rule_comes_first():
    assert TEXT.index("Replace `micrograd` with `nets.micrograd` in your imports") < TEXT.index("```")
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_runs(index, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(BLOCKS[index], f"{DOC.name} block {index}", "exec"), {})
    # the comment after a `print(...)`, up to two spaces, is what it prints (but the ledger's, a description)
    comments = re.findall(r"print\(.*\)\s+#\s*(.+)", BLOCKS[index])
    shown = [re.split(r"\s{2,}", c)[0] for c in comments if not c.startswith("every path")]
    printed = out.getvalue()
    for expected in shown:
        assert expected in printed, f"block {index}: {expected!r} not printed; got:\n{printed}"
