"""The code's shape: no import cycle, no private name used across modules, the map in
docs/ARCHITECTURE.md true to the files, and an index fingerprint that covers the code that shapes
passages. Read from the source with ``ast`` (assistant/codemap.py); nothing is executed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.catalog import code_files
from assistant.codemap import ROOT, import_graph, imports, module_files, resolve

PACKAGES = ("assistant", "ui")
FILES = module_files(PACKAGES)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a cycle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def private_imports(files: dict[str, Path], root: Path = ROOT) -> list[str]:
    """``from <our module> import _name`` anywhere in ``files`` (lazy imports included)."""
    out = []
    for module, path in files.items():
        for item in imports(path, module):
            name = item.name
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            if resolve(item, files) not in (None, module) and f"{item.target}.{name}" not in files:
                out.append(f"{path.relative_to(root)}:{item.line}: {name} from {item.target}")
    return out


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph(FILES)) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_private_name_is_imported_from_another_module() -> None:
    assert private_imports(FILES) == []


def test_the_private_check_finds_one(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("_SECRET = 1\n")
    (pkg / "b.py").write_text("def f():\n    from .a import _SECRET\n    return _SECRET\n")
    files = module_files(["pkg"], tmp_path)
    assert private_imports(files, tmp_path) == [f"{Path('pkg', 'b.py')}:2: _SECRET from pkg.a"]


def trailing_underscore_parameters(files: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Parameters named like ``fingerprint_`` (a name bent to dodge another): say what they are instead."""
    out = []
    for path in files.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                a = node.args
                for arg in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg):
                    if arg is not None and arg.arg.endswith("_") and not arg.arg.startswith("_"):
                        out.append(f"{path.relative_to(root)}:{arg.lineno}: {arg.arg}")
    return out


def test_no_parameter_name_ends_in_an_underscore() -> None:
    found = {re.sub(r":\d+:", ":", item) for item in trailing_underscore_parameters(FILES)}
    assert found == set()


def test_the_underscore_check_finds_one(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text("def load(path, *, fingerprint_, _private=1, ok=2):\n    pass\n")
    files = module_files(["pkg"], tmp_path)
    assert trailing_underscore_parameters(files, tmp_path) == [f"{Path('pkg', 'm.py')}:1: fingerprint_"]


def mapped_files(text: str) -> list[str]:
    """The paths the "Files" section of docs/ARCHITECTURE.md lists, one a line."""
    section = text.split("## Files", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^((?:assistant|ui)/\S+\.py)\s+\S", section, re.M)


def test_the_architecture_map_lists_every_file_once() -> None:
    listed = mapped_files((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    actual = sorted(str(p.relative_to(ROOT)) for p in FILES.values())
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert sorted(listed) == actual


def test_the_readme_links_the_architecture_map() -> None:
    assert "docs/ARCHITECTURE.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "module",
    sorted(m for m in FILES if m.startswith(("assistant.ingest", "assistant.facts")) or m == "assistant.frameworks"),
)
def test_the_index_fingerprint_hashes_the_code_that_shapes_passages(module: str) -> None:
    assert FILES[module] in code_files()
