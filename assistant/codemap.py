"""Which of our modules import which, read from the source with ``ast`` (nothing is imported).

The index fingerprint hashes every file that shapes passages: the import closure of the modules
that make them, so a helper split off into a new file is hashed without anyone listing it. The
architecture tests use the same graph to check that no import cycle and no private name crosses
modules.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Import:
    """One imported name: ``from target import name`` (``name`` None for ``import target``)."""

    importer: str
    target: str
    name: str | None
    line: int


def module_name(path: Path, root: Path = ROOT) -> str:
    """``assistant/ingest/html.py`` → ``assistant.ingest.html``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_files(packages: Iterable[str], root: Path = ROOT) -> dict[str, Path]:
    """Module name → file, for every ``.py`` file of the given top-level packages."""
    return {module_name(p, root): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}


def imports(path: Path, module: str) -> Iterator[Import]:
    """Every import in a file, at any depth (lazy ones too), except under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in _statements(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                yield from (Import(module, a.name, None, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                target = ".".join([*base, *([child.module] if child.module else [])])
                yield from (Import(module, target, a.name, child.lineno) for a in child.names)
            stack.append(child)


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    """The statements directly inside a node (imports are statements: expressions need no visit)."""
    for name in ("body", "orelse", "finalbody", "handlers", "cases"):
        for child in getattr(node, name, None) or ():
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                yield child


def resolve(item: Import, modules: Container[str]) -> str | None:
    """The module an import loads among ``modules`` (``from pkg import sub`` is the submodule), or None."""
    if item.name is not None and f"{item.target}.{item.name}" in modules:
        return f"{item.target}.{item.name}"
    return item.target if item.target in modules else None


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of ``files`` it imports."""
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets = (resolve(item, files) for item in imports(path, module))
        graph[module] = {t for t in targets if t is not None and t != module}
    return graph


@functools.cache
def closure(*roots: str) -> tuple[Path, ...]:
    """The files of ``assistant`` that the root modules import, directly or not, roots included.

    Only the files reached are parsed (a few dozen milliseconds: the CLI's quick commands call it).
    """
    files = module_files(["assistant"])
    seen: set[str] = set()
    todo = [r for r in roots if r in files]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for item in imports(files[module], module):
            target = resolve(item, files)
            if target is not None and target not in seen:
                todo.append(target)
    return tuple(sorted(files[m] for m in seen))
