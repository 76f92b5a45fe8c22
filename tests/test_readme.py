"""Every ```python block of the README and of docs/*.md runs (each in a scratch folder); the op table
in docs/engine.md lists every built-in op; every relative link of those pages points to a file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
ENGINE = ROOT / "docs" / "engine.md"


def _blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


BLOCKS = [(page, i, code) for page in PAGES for i, code in enumerate(_blocks(page))]


def test_the_pages_have_examples():
    assert len(_blocks(README)) >= 1
    assert len(BLOCKS) >= 20


@pytest.mark.parametrize(
    ("page", "index", "code"), BLOCKS, ids=[f"{p.relative_to(ROOT)}:{i}" for p, i, _ in BLOCKS]
)
def test_example_runs(page, index, code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    where = f"{page.relative_to(ROOT)} block {index}"
    if "ag.gradcheck(bad_cube" in code:  # this example shows the error on purpose
        import autograd

        with pytest.raises(autograd.GradcheckError):
            exec(compile(code, where, "exec"), {})
        return
    exec(compile(code, where, "exec"), {})


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_relative_links_point_to_files(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.relative_to(ROOT)} links to missing {target}"


def _op_table_first_column() -> list[str]:
    text = ENGINE.read_text(encoding="utf-8")
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
            assert f"{name}(" in cells or f'"{name}"' in cells, (
                f"docs/engine.md op table has no row for {name!r}"
            )
        else:
            assert f"x {name} y" in cells, f"docs/engine.md op table has no row for {name!r}"
    assert "x ** n" in cells  # the number-exponent ops "**n"


def test_the_readme_lists_every_notebook_once():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Notebooks, in reading order") :]
    section = section[: section.index("\n## ")]
    listed = re.findall(r"\(notebooks/([\w-]+)\.ipynb\)", section)
    on_disk = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(listed) == on_disk and len(listed) == len(set(listed))
