"""Architecture checks: read (with ``ast``, never import) every module of ``autograd/`` and ``nets/``.

Imports go one way::

    autograd.core  <-  autograd.gradcheck, autograd.see  <-  autograd (re-exports, tour)  <-  nets

so the engine core can be read, tested and changed on its own, and everything
above it is built on its public API. The checks:

1. No import cycles among the project's modules (every ``import`` anywhere in
   a file counts, also inside functions and ``if TYPE_CHECKING:``; relative
   imports are resolved; like import-linter, a submodule gets no implicit
   edge to its parent packages).
2. ``autograd/core/`` imports only the standard library and ``autograd.core.*``.
3. ``autograd/see/``, ``autograd/gradcheck.py`` and ``nets/`` use only public
   names of other modules: no ``from x import _y``, no ``module._y``.
4. Only ``autograd/core/node.py`` touches a Value's storage slots (``_data``,
   ``_label``, ...): everything else uses ``data``, ``parents``,
   ``local_grads``, ``edges()``, ...
5. Every module ``autograd/[core/|see/]X.py`` and ``nets/X.py`` has its
   mirrored test file ``tests/[core/|see/|nets/]test_X.py``.

Each check is a function over ``{path: source text}`` (parsed by
:func:`parse_modules`), so the self-tests at the end feed them small
synthetic packages and show that each check reports what it should.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("autograd", "nets")
CORE = "autograd.core"
NODE = "autograd.core.node"
#: the modules (and packages) that may use only public names of other modules
PUBLIC_NAMES_ONLY = ("autograd.see", "autograd.gradcheck", "nets")
LAYERS = "imports go one way: autograd.core <- autograd.gradcheck, autograd.see <- autograd <- nets"

#: Value's storage slots (``Value.__slots__`` but ``__weakref__``), each with the public API to use.
SLOTS = {
    "_data": "`.data`",
    "_grad": "`.grad`",
    "_label": "`.label` / `.role` (give a role with assign_role)",
    "_opdef": "`.op` / `.opdef`",
    "_p0": "`.parents`, `.edges()` or `.is_leaf()`",
    "_p1": "`.parents` or `.edges()`",
    "_l0": "`.local_grads` or `.edges()`",
    "_l1": "`.local_grads` or `.edges()`",
    "_mark": "nothing: it belongs to the writing passes; call backward() or grad_pass()",
}
_ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "delattr", "hasattr"}
_ATTRIBUTE_METHODS = {"__getattribute__", "__setattr__", "__delattr__"}


# -- reading the tree -----------------------------------------------------------


@dataclass(frozen=True)
class Module:
    name: str  # "autograd.core.node"; a package's __init__ is the package: "autograd.core"
    path: str  # "autograd/core/node.py", relative to the project root
    is_package: bool
    tree: ast.Module


@dataclass(frozen=True)
class Imported:
    """One name brought in by an import statement."""

    line: int
    statement: str  # the statement, as ast.unparse writes it
    source: str  # the module imported from: "a.b" for `import a.b` and for `from a.b import c`
    name: str | None  # the name taken from it ("c"); None for `import a.b`
    target: str  # what the importer depends on: "a.b.c" when that is a module of the tree, else source
    bound: str | None  # the name bound in the importer's scope (None for `import *`)
    bound_module: str | None  # the module that name refers to, when it is known to be a module


def module_name(path: str) -> tuple[str, bool]:
    """("autograd.core.node", False) for "autograd/core/node.py"; ("autograd.core", True) for its __init__."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def load_sources(root: Path = ROOT) -> dict[str, str]:
    """{path: source} for every .py file under the project's packages."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for package in PACKAGES
        for p in sorted((root / package).rglob("*.py"))
    }


def parse_modules(sources: Mapping[str, str]) -> dict[str, Module]:
    """{module name: Module} for {path: source}."""
    modules = {}
    for path, text in sources.items():
        name, is_package = module_name(path)
        modules[name] = Module(name, path, is_package, ast.parse(text, filename=path))
    return modules


def in_package(name: str, package: str) -> bool:
    """True if module ``name`` is ``package`` or inside it."""
    return name == package or name.startswith(package + ".")


def is_private(name: str) -> bool:
    """``_x`` is private; ``x`` and dunders (``__all__``, ``__future__``) are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def resolve_from(module: Module, node: ast.ImportFrom) -> str:
    """The absolute module of ``from <...> import``: ``..core`` in autograd/see/steps.py is autograd.core."""
    if node.level == 0:
        return node.module or ""
    parts = module.name.split(".")
    if not module.is_package:
        parts = parts[:-1]
    keep = len(parts) - (node.level - 1)
    if keep <= 0:
        where = f"{module.path}:{node.lineno}: `{ast.unparse(node)}`"
        raise ValueError(f"{where} goes above the top-level package")
    base = ".".join(parts[:keep])
    return f"{base}.{node.module}" if node.module else base


def imported_names(
    module: Module, node: ast.Import | ast.ImportFrom, modules: Collection[str]
) -> list[Imported]:
    """What one import statement of ``module`` brings in (``modules``: the tree's module names)."""
    line, statement = node.lineno, ast.unparse(node)
    if isinstance(node, ast.Import):
        return [
            Imported(line, statement, a.name, None, a.name, a.asname or a.name.split(".")[0],
                     a.name if a.asname else a.name.split(".")[0])
            for a in node.names
        ]
    source = resolve_from(module, node)
    found = []
    for a in node.names:
        full = f"{source}.{a.name}"
        is_module = a.name != "*" and full in modules
        bound = None if a.name == "*" else a.asname or a.name
        found.append(Imported(line, statement, source, a.name, full if is_module else source, bound,
                              full if is_module else None))
    return found


def imports_of(module: Module, modules: Collection[str]) -> list[Imported]:
    """Every name imported anywhere in ``module`` (functions, ``if TYPE_CHECKING:`` too), in line order."""
    statements = [n for n in ast.walk(module.tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    statements.sort(key=lambda n: (n.lineno, n.col_offset))
    return [imp for n in statements for imp in imported_names(module, n, modules)]


# -- 1. import cycles -----------------------------------------------------------

#: importer -> {imported module: the first import that makes the edge}
Graph = dict[str, dict[str, Imported]]


def import_graph(modules: Mapping[str, Module]) -> Graph:
    """The edges between the tree's modules (no implicit edges to parent packages, no self-edges)."""
    graph: Graph = {name: {} for name in modules}
    for m in modules.values():
        for imp in imports_of(m, modules):
            if imp.target in modules and imp.target != m.name:
                graph[m.name].setdefault(imp.target, imp)
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
            components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return components


def shortest_cycle(graph: Mapping[str, Iterable[str]], start: str, within: Collection[str]) -> list[str]:
    """A shortest chain ``[start, ..., start]`` through the modules ``within`` (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        for w in sorted(graph[v]):
            if w == start:
                chain = [v]
                while (p := previous[chain[-1]]) is not None:
                    chain.append(p)
                return [*reversed(chain), start]
            if w in within and w not in previous:
                previous[w] = v
                queue.append(w)
    raise ValueError(f"{start} is on no cycle within {sorted(within)}")


def find_cycles(graph: Mapping[str, Iterable[str]]) -> list[tuple[list[str], list[str]]]:
    """(a cycle as a chain ``[a, b, ..., a]``, all the modules tangled with it) for each tangle."""
    return [
        (shortest_cycle(graph, component[0], component), component)
        for component in strongly_connected(graph)
        if len(component) > 1
    ]


def cycle_problems(modules: Mapping[str, Module]) -> list[str]:
    """One message per import cycle: the chain, the import making each edge, and what to do."""
    graph = import_graph(modules)
    problems = []
    for chain, component in find_cycles(graph):
        lines = [f"import cycle: {' -> '.join(chain)}"]
        for a, b in zip(chain, chain[1:]):
            imp = graph[a][b]
            lines.append(f"    {modules[a].path}:{imp.line}: {imp.statement}")
        if len(component) > len(chain) - 1:
            tangle = ", ".join(component)
            lines.append(f"  (the cycle is part of a tangle of {len(component)} modules: {tangle})")
        lines.append(f"  fix: remove or move one of these imports ({LAYERS})")
        problems.append("\n".join(lines))
    return problems


# -- 2. the core imports only the standard library and itself -------------------


def is_stdlib(name: str) -> bool:
    return name.split(".")[0] in sys.stdlib_module_names


def core_problems(modules: Mapping[str, Module]) -> list[str]:
    """Each import in autograd/core/ of anything but the standard library and autograd.core.*."""
    problems: dict[tuple[str, int, str], str] = {}
    for m in modules.values():
        if not in_package(m.name, CORE):
            continue
        for imp in imports_of(m, modules):
            if is_stdlib(imp.source) or in_package(imp.source, CORE):
                continue
            problems.setdefault(
                (m.path, imp.line, imp.source),
                f"{m.path}:{imp.line}: `{imp.statement}` imports {imp.source}, which is outside {CORE} and "
                f"not the standard library. Move the code that needs {imp.source} out of the core (into "
                "autograd.see, autograd.gradcheck or nets), or have that layer hand it to the core "
                "(as autograd.see does with set_notebook_display).",
            )
    return list(problems.values())


# -- 3. upper layers use only public names of other modules ---------------------

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _evaluated_outside(scope: ast.AST) -> list[ast.AST]:
    """The parts of a nested scope's node that run in the enclosing scope (decorators, defaults, ...)."""
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        a = scope.args
        parts: list[ast.AST] = [*a.defaults, *(d for d in a.kw_defaults if d is not None)]
        if not isinstance(scope, ast.Lambda):
            params = [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg]
            parts += [*scope.decorator_list, *(p.annotation for p in params if p and p.annotation)]
            parts += [scope.returns] if scope.returns else []
        return parts
    if isinstance(scope, ast.ClassDef):
        return [*scope.decorator_list, *scope.bases, *scope.keywords]
    if isinstance(scope, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return [scope.generators[0].iter]
    return []


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes run in ``scope`` itself: a nested scope's node is yielded but its body is not entered."""
    if isinstance(scope, ast.Lambda):
        todo: list[ast.AST] = [scope.body]
    elif isinstance(scope, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        first = scope.generators[0].iter
        todo = [n for n in ast.iter_child_nodes(scope) if not isinstance(n, ast.comprehension)]
        for g in scope.generators:
            todo += [n for n in ast.iter_child_nodes(g) if n is not first]
    else:
        todo = list(scope.body)  # Module, FunctionDef, AsyncFunctionDef, ClassDef
    while todo:
        node = todo.pop()
        yield node
        todo += _evaluated_outside(node) if isinstance(node, _SCOPES) else ast.iter_child_nodes(node)


def _parameters(scope: ast.AST) -> set[str]:
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return set()
    a = scope.args
    return {p.arg for p in [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg] if p}


def _scope_env(
    scope: ast.AST, outer: Mapping[str, str], module: Module, modules: Collection[str]
) -> dict[str, str]:
    """{name: module} for the names that refer to modules in ``scope`` (those it binds shadow ``outer``)."""
    to_modules: dict[str, str] = {}
    others = _parameters(scope)
    declared: set[str] = set()
    for node in _own_nodes(scope):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for imp in imported_names(module, node, modules):
                if imp.bound_module:
                    to_modules[imp.bound] = imp.bound_module
                elif imp.bound:
                    others.add(imp.bound)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            others.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            others.add(node.name)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            others.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            others.add(node.rest)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
    local = (others | set(to_modules)) - declared
    env = {k: v for k, v in outer.items() if k not in local}
    env.update({k: v for k, v in to_modules.items() if k not in others and k not in declared})
    return env


def _module_named(expr: ast.expr, env: Mapping[str, str]) -> str | None:
    """The dotted name ``expr`` names, if it starts at a module name of ``env`` (``n``, ``autograd.core``)."""
    attrs = []
    while isinstance(expr, ast.Attribute):
        attrs.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name) or expr.id not in env:
        return None
    return ".".join([env[expr.id], *reversed(attrs)])


def private_module_attributes(
    module: Module, modules: Collection[str]
) -> Iterator[tuple[ast.Attribute, str]]:
    """(``owner._x``, owner) for each private attribute read through an imported module's name."""

    def visit(scope: ast.AST, outer: Mapping[str, str]) -> Iterator[tuple[ast.Attribute, str]]:
        env = _scope_env(scope, outer, module, modules)
        inner = outer if isinstance(scope, ast.ClassDef) else env  # class-body names don't reach methods
        for node in _own_nodes(scope):
            if isinstance(node, ast.Attribute) and is_private(node.attr):
                owner = _module_named(node.value, env)
                if owner and owner != module.name:
                    yield node, owner
            if isinstance(node, _SCOPES):
                yield from visit(node, inner)

    yield from visit(module.tree, {})


def private_problems(modules: Mapping[str, Module]) -> list[str]:
    """Private names of other modules used by autograd/see/, autograd/gradcheck.py and nets/."""
    problems = []
    for m in modules.values():
        if not any(in_package(m.name, p) for p in PUBLIC_NAMES_ONLY):
            continue
        for imp in imports_of(m, modules):
            if imp.source == m.name:
                continue
            names = [*imp.source.split("."), *([imp.name] if imp.name else [])]
            for name in filter(is_private, names):
                problems.append(
                    f"{m.path}:{imp.line}: `{imp.statement}` imports the private name `{name}` from another "
                    f"module. Use only the public API of {imp.source} (what its __all__ lists), or make the "
                    "name public there first."
                )
        found = sorted(private_module_attributes(m, modules), key=lambda f: (f[0].lineno, f[0].col_offset))
        for node, owner in found:
            problems.append(
                f"{m.path}:{node.lineno}: `{ast.unparse(node)}` uses `{node.attr}`, a private name of "
                f"{owner}. Use only the public API of {owner}, or make the name public there first."
            )
    return problems


# -- 4. only node.py touches a Value's storage slots ----------------------------


def touched_slot(node: ast.AST) -> str | None:
    """The slot ``node`` touches: ``v._data`` (read or write), ``getattr(v, "_data")`` and the like."""
    if isinstance(node, ast.Attribute) and node.attr in SLOTS:
        return node.attr
    if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in _ATTRIBUTE_FUNCTIONS)
        or (isinstance(node.func, ast.Attribute) and node.func.attr in _ATTRIBUTE_METHODS)
    ):
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value in SLOTS:
                return arg.value
    return None


def slot_problems(modules: Mapping[str, Module]) -> list[str]:
    """Each access to a Value storage slot outside autograd/core/node.py."""
    problems = []
    for m in modules.values():
        if m.name == NODE:
            continue
        found = [(node, slot) for node in ast.walk(m.tree) if (slot := touched_slot(node))]
        for node, slot in sorted(found, key=lambda f: (f[0].lineno, f[0].col_offset)):
            problems.append(
                f"{m.path}:{node.lineno}: `{ast.unparse(node)}` touches `{slot}`, a Value storage slot that "
                f"only autograd/core/node.py may touch. Use {SLOTS[slot]} instead (if this is not a Value, "
                "rename the attribute: these names are reserved for Value's storage)."
            )
    return problems


def value_slots(modules: Mapping[str, Module]) -> tuple[str, ...]:
    """``Value.__slots__`` as written in autograd/core/node.py."""
    for node in ast.walk(modules[NODE].tree):
        if isinstance(node, ast.ClassDef) and node.name == "Value":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "__slots__" for t in stmt.targets
                ):
                    return tuple(ast.literal_eval(stmt.value))
    raise ValueError(f"no `__slots__ = (...)` in class Value of {modules[NODE].path}")


# -- 5. every module has its mirrored test file ---------------------------------


def mirrored_test(path: str) -> str | None:
    """autograd/X.py -> tests/test_X.py, autograd/core/X.py -> tests/core/test_X.py, nets/X.py ->
    tests/nets/test_X.py; None for __init__.py and __main__.py."""
    folder, _, filename = path.rpartition("/")
    if filename in ("__init__.py", "__main__.py"):
        return None
    parts = folder.split("/")
    if parts[0] == "autograd":
        parts = parts[1:]
    return "/".join(["tests", *parts, f"test_{filename}"])


def missing_tests(module_paths: Iterable[str], existing: Collection[str]) -> list[str]:
    """One message per module whose mirrored test file is not among the ``existing`` paths."""
    return [
        f"{path} has no mirrored test file: create {test}"
        for path in sorted(module_paths)
        if (test := mirrored_test(path)) is not None and test not in existing
    ]


# -- the real tree --------------------------------------------------------------


def fail_if(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture(scope="module")
def tree() -> dict[str, Module]:
    return parse_modules(load_sources())


def test_the_whole_tree_is_read(tree: dict[str, Module]):
    expected = {"autograd", CORE, NODE, "autograd.see", "autograd.gradcheck", "nets"}
    assert expected <= set(tree), f"not found under {ROOT}: {sorted(expected - set(tree))}"
    for m in tree.values():
        imports_of(m, tree)  # every relative import resolves


def test_no_import_cycles(tree: dict[str, Module]):
    fail_if(cycle_problems(tree), "import cycle(s)")


def test_core_imports_only_the_standard_library_and_itself(tree: dict[str, Module]):
    fail_if(core_problems(tree), f"import(s) out of {CORE}")


def test_upper_layers_use_only_public_names(tree: dict[str, Module]):
    fail_if(private_problems(tree), "use(s) of another module's private names")


def test_only_node_touches_value_slots(tree: dict[str, Module]):
    fail_if(slot_problems(tree), "access(es) to Value's storage outside autograd/core/node.py")


def test_the_slot_list_is_value_slots(tree: dict[str, Module]):
    slots = set(value_slots(tree)) - {"grad", "__weakref__"}
    assert slots == set(SLOTS), (
        f"Value.__slots__ changed: make SLOTS in tests/test_layering.py exactly {sorted(slots)} "
        f"(it has {sorted(SLOTS)})"
    )


def test_every_module_has_its_mirrored_test_file(tree: dict[str, Module]):
    existing = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("*.py")}
    fail_if(missing_tests((m.path for m in tree.values()), existing), "module(s) without a test file")


# -- self-tests of the checks, on synthetic packages ----------------------------


def synthetic(files: Mapping[str, str]) -> dict[str, Module]:
    return parse_modules({path: textwrap.dedent(text) for path, text in files.items()})


def test_relative_imports_resolve_to_the_module_meant():
    tree = synthetic({
        "autograd/__init__.py": "",
        "autograd/core/__init__.py": "from .node import Value",
        "autograd/core/node.py": "",
        "autograd/core/defop.py": "from .node import Value\nfrom . import absent\nfrom .. import core",
        "autograd/see/__init__.py": "from . import notebook",
        "autograd/see/notebook.py": "",
        "autograd/see/steps.py": "from ..core import Value\nimport autograd.core.node as n",
    })
    graph = import_graph(tree)
    assert set(graph["autograd.core.defop"]) == {"autograd.core.node", "autograd.core"}
    assert set(graph["autograd.see"]) == {"autograd.see.notebook"}
    assert set(graph["autograd.see.steps"]) == {"autograd.core", "autograd.core.node"}
    assert graph["autograd.core.node"] == {}  # no implicit edges to parent packages
    with pytest.raises(ValueError, match="above the top-level package"):
        imports_of(synthetic({"autograd/x.py": "from .. import y"})["autograd.x"], tree)


def test_a_two_module_cycle_is_reported_with_its_chain():
    tree = synthetic({
        "pkg/__init__.py": "",
        "pkg/a.py": "from . import b",
        "pkg/b.py": "from .a import f",
        "pkg/c.py": "import pkg.a",  # depends on the cycle, is not on it
    })
    (problem,) = cycle_problems(tree)
    assert problem.startswith("import cycle: pkg.a -> pkg.b -> pkg.a\n")
    assert "pkg/a.py:1: from . import b" in problem and "pkg/b.py:1: from .a import f" in problem


def test_a_three_module_cycle_through_hidden_imports_is_reported():
    tree = synthetic({
        "pkg/__init__.py": "",
        "pkg/a.py": "def f():\n    import pkg.b\n",
        "pkg/b.py": "from pkg import c",
        "pkg/c.py": """\
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                from .a import f
            """,
    })
    assert [chain for chain, _ in find_cycles(import_graph(tree))] == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]
    (problem,) = cycle_problems(tree)
    assert "pkg.a -> pkg.b -> pkg.c -> pkg.a" in problem and "pkg/c.py:3: from .a import f" in problem


def test_a_package_importing_its_submodules_is_no_cycle():
    tree = synthetic({
        "pkg/__init__.py": "from . import a\nfrom .b import g",
        "pkg/a.py": "from .b import g",
        "pkg/b.py": "import os",
    })
    assert cycle_problems(tree) == []


def test_a_core_module_importing_see_or_numpy_is_reported():
    tree = synthetic({
        "autograd/__init__.py": "",
        "autograd/core/__init__.py": "from . import x",
        "autograd/core/node.py": "",
        "autograd/core/x.py": """\
            from __future__ import annotations
            import math
            from .node import Value
            import autograd.core.node
            from ..see import draw
            def f():
                import numpy as np
            """,
        "autograd/see/__init__.py": "",
    })
    problems = core_problems(tree)
    assert len(problems) == 2
    assert problems[0].startswith("autograd/core/x.py:5: `from ..see import draw` imports autograd.see,")
    assert problems[1].startswith("autograd/core/x.py:7: `import numpy as np` imports numpy,")


def test_a_private_name_of_another_module_is_reported():
    tree = synthetic({
        "autograd/__init__.py": "",
        "autograd/core/__init__.py": "",
        "autograd/core/node.py": "_no_grad_depth = {}",
        "autograd/see/__init__.py": "",
        "autograd/see/x.py": """\
            import autograd.core.node as n
            from autograd.core import node
            from ..core.node import _no_grad_depth
            import autograd
            from typing import TYPE_CHECKING, __all__
            _mine = 1

            def f(v):
                return n._no_grad_depth, node._x, autograd.core.node._y, _mine, v._z, n.__file__

            def g(node):  # a parameter, not the module
                return node._x, [n._w for n in range(3)]
            """,
    })
    problems = private_problems(tree)
    assert len(problems) == 4, "\n".join(problems)
    assert problems[0].startswith(
        "autograd/see/x.py:3: `from ..core.node import _no_grad_depth` imports the private name "
        "`_no_grad_depth` from another module."
    )
    assert "x.py:9: `n._no_grad_depth` uses `_no_grad_depth`, a private name of autograd.core.node." in (
        problems[1]
    )
    assert "x.py:9: `node._x` uses `_x`, a private name of autograd.core.node." in problems[2]
    assert "x.py:9: `autograd.core.node._y` uses `_y`, a private name of autograd.core.node." in problems[3]


def test_private_names_inside_the_core_are_not_this_checks_business():
    tree = synthetic({
        "autograd/core/__init__.py": "",
        "autograd/core/node.py": "_depth = {}",
        "autograd/core/ops.py": "from .node import _depth",
    })
    assert private_problems(tree) == []


def test_a_slot_access_outside_node_is_reported():
    tree = synthetic({
        "autograd/core/__init__.py": "",
        "autograd/core/node.py": "def f(v):\n    v._data = v._p0\n",
        "nets/__init__.py": "",
        "nets/x.py": """\
            def f(v):
                v._label = "w"
                return v.data, v._data_cache, getattr(v, "_mark"), getattr(v, "label")
            """,
    })
    problems = slot_problems(tree)
    assert len(problems) == 2, "\n".join(problems)
    assert problems[0].startswith("nets/x.py:2: `v._label` touches `_label`, a Value storage slot")
    assert problems[1].startswith("nets/x.py:3: `getattr(v, '_mark')` touches `_mark`,")


def test_a_module_without_its_mirrored_test_file_is_reported():
    paths = ["autograd/__init__.py", "autograd/__main__.py", "autograd/tour.py", "autograd/core/node.py",
             "autograd/see/draw.py", "nets/model.py"]
    assert missing_tests(paths, {"tests/core/test_node.py", "tests/nets/test_model.py"}) == [
        "autograd/see/draw.py has no mirrored test file: create tests/see/test_draw.py",
        "autograd/tour.py has no mirrored test file: create tests/test_tour.py",
    ]
