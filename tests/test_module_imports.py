"""No module of backprop_lib imports another that imports it back, however indirectly and even
inside a function (a "lazy" import only hides a circle: the two modules still need each other);
and what one module uses of another, another test or a lesson has a public name.

Every module's imports are read with ``ast``, not by importing it, so an import inside a
function body counts as much as one at the top."""

from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "backprop_lib"


def modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name, for its __init__)."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``name`` (at ``path``) imports, anywhere in its text.

    ``from X import y`` imports the module ``X.y`` when there is one, else the module ``X``;
    ``import X.y`` the longest known module ``X.y`` names; a relative import is resolved from
    the module's package."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    top = next(iter(known)).split(".")[0]

    def module_of(dotted: str) -> str | None:
        parts = dotted.split(".")
        while parts and ".".join(parts) not in known:
            parts.pop()
        return ".".join(parts) or None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[:len(package) - (node.level - 1)]
                base = ".".join(up + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found |= {module_of(t) for t in targets if t.split(".")[0] == top} - {None}
    return found


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    known = modules(package_dir)
    return {name: imports(name, path, set(known)) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports, as its modules in order (the first repeated at the end), one per
    strongly connected group of modules (Tarjan's algorithm), a module that imports itself
    included."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(set(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_circle(graph, group) for group in groups]


def _circle(graph, group: set[str]) -> list[str]:
    """One circle through the group's first module, found breadth first."""
    start = min(group)
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for w in sorted(graph[path[-1]] & group):
            if w == start:
                return path + [start]
            if w not in path:
                paths.append(path + [w])
    raise AssertionError(f"no circle through {start}")  # a strongly connected group always has one


def test_no_module_of_the_library_imports_one_that_imports_it_back():
    graph = import_graph(ROOT / PACKAGE)
    assert {"backprop_lib.training", "backprop_lib.optimizers", "backprop_lib.pages.glue"} <= set(graph)
    assert "backprop_lib.backprop" in graph["backprop_lib.training"]  # the reading finds imports at all
    found = cycles(graph)
    assert not found, "imports in a circle: " + "; ".join(" -> ".join(circle) for circle in found)


def test_the_reading_sees_a_circle_closed_by_an_import_inside_a_function(tmp_path):
    """The check itself: a lazy import, a relative one from a subpackage, a self-import and a
    ``from package import module`` all count."""
    lib = tmp_path / "lib"
    (lib / "sub").mkdir(parents=True)
    (lib / "__init__.py").write_text("from .a import f\n")
    (lib / "a.py").write_text("from .b import g\n\ndef f():\n    return g()\n")
    (lib / "b.py").write_text("def g():\n    from .a import f  # lazy, still a circle\n    return f\n")
    (lib / "c.py").write_text("import lib.c\n")
    (lib / "sub" / "__init__.py").write_text("")
    (lib / "sub" / "d.py").write_text("from .. import e\n")
    (lib / "e.py").write_text("from lib.sub import d\n")
    graph = import_graph(lib)
    assert graph["lib.b"] == {"lib.a"} and graph["lib.sub.d"] == {"lib.e"} and graph["lib.e"] == {"lib.sub.d"}
    assert sorted(cycles(graph)) == [["lib.a", "lib.b", "lib.a"], ["lib.c", "lib.c"], ["lib.e", "lib.sub.d", "lib.e"]]
    (lib / "b.py").write_text("def g():\n    return 1\n")
    (lib / "c.py").write_text("")
    (lib / "e.py").write_text("")
    assert cycles(import_graph(lib)) == []


# ---- what is shared has a public name -----------------------------------------------------------------------

def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(tree: ast.AST, known: set[str], here: str = "") -> list[str]:
    """The private names (``_name``) of the package's modules that ``tree`` takes from a module
    other than ``here``: imported (``from backprop_lib.backprop import _forward``) or read off a
    module (``bl.backprop._backpropagate``). A private *module* (``_validate``) may be imported:
    its names are public."""
    top = next(iter(known)).split(".")[0]
    package = here.split(".")[:-1]
    aliases, used = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == top:
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - (node.level - 1)] + ([node.module] if node.module else []))
            if base.split(".")[0] != top:
                continue
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
                elif _private(alias.name) and base != here:
                    used.append(f"{base}.{alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, value = [], node.value
            while isinstance(value, ast.Attribute):
                chain.insert(0, value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                owner = ".".join([aliases[value.id], *chain])
                if owner in known and owner != here:
                    used.append(f"{owner}.{node.attr}")
    return used


def _lesson_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("\n".join(line for line in "".join(cell["source"]).splitlines()
                               if not line.startswith(("%", "!")))
                     for cell in cells if cell["cell_type"] == "code")


def test_no_module_test_or_lesson_uses_a_private_name_of_another_module():
    known = set(modules(ROOT / PACKAGE))
    found = {}
    for name, path in modules(ROOT / PACKAGE).items():
        found[str(path.relative_to(ROOT))] = private_uses(ast.parse(path.read_text(encoding="utf-8")), known, name)
    for path in sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py")):
        found[str(path.relative_to(ROOT))] = private_uses(ast.parse(path.read_text(encoding="utf-8")), known)
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        found[str(path.relative_to(ROOT))] = private_uses(ast.parse(_lesson_code(path)), known)
    found = {where: names for where, names in found.items() if names}
    assert not found, f"private names used outside their module (give them a public name): {found}"


def test_the_reading_sees_private_names_imported_or_read_off_a_module(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("__init__", "_helpers", "core"):
        (lib / f"{name}.py").write_text("")
    known = set(modules(lib))
    code = ("import lib as L\nfrom lib import core\nfrom lib.core import _inner, public\nfrom . import _helpers\n"
            "L.core._step(1)\ncore._other\nL.core.public\ncore.__name__\n_helpers.tool\n")
    assert sorted(private_uses(ast.parse(code), known)) == ["lib.core._inner", "lib.core._other", "lib.core._step"]
    assert private_uses(ast.parse("from ._inner_mod import x\nfrom .core import _own\n"), known, "lib.core") == []
