"""No import loop in arb_pipeline: the graph of which module imports which, read from the source,
has no cycle.

Every import counts, also one inside a function or under ``TYPE_CHECKING``: an import deferred to
dodge a loop still ties the two modules together, and the loop comes back the day someone moves
the import to the top. The edges follow what Python runs: ``from package import name`` needs the
package's ``__init__`` (so a package whose ``__init__`` re-exports a module that takes a name from
the package back is a loop) and, when ``name`` is a submodule, that submodule; importing
``package.sub.module`` runs ``package.sub``'s ``__init__`` first, so it depends on that too. A
module's own enclosing packages are already being imported when it runs, so importing a sibling
through them (``from package import sibling``) depends on the sibling alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

import arb_pipeline

PACKAGE_ROOT = Path(arb_pipeline.__file__).parent


def module_files(root: Path) -> dict[str, Path]:
    """Every module under the package directory ``root``, by dotted name."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom, modules: Mapping[str, Path]) -> Iterable[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
    yield from submodules
    if len(submodules) < len(node.names) or not module.startswith(f"{base}."):
        yield base


def _packages_run_first(module: str, target: str, modules: Mapping[str, Path]) -> Iterable[str]:
    """The packages enclosing ``target`` whose ``__init__`` Python runs before it, except those
    enclosing ``module`` (already being imported when ``module`` runs)."""
    package = target.rpartition(".")[0]
    while package and not module.startswith(f"{package}."):
        if package in modules and package != module:
            yield package
        package = package.rpartition(".")[0]


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (the nearest existing module for a
    name that is an attribute, not a module)."""
    modules = module_files(root)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported(module, path, node, modules):
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    edges.add(name)
                    edges.update(_packages_run_first(module, name, modules))
        graph[module] = edges
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm,
    iterative so a deep package cannot overflow the stack), each sorted, the list sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


def _write(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "pkg"


def test_arb_pipeline_has_no_import_cycle() -> None:
    graph = import_graph(PACKAGE_ROOT)
    assert len(graph) > 200
    assert "arb_pipeline.warehouse.store" in graph["arb_pipeline.warehouse.markets"]
    assert cycles(graph) == []


#: What each layer may import besides itself (docs/architecture.md#conventions).
LAYERS = {
    "arb_pipeline.domain": set(),
    "arb_pipeline.reports": {"arb_pipeline.domain", "arb_pipeline.warehouse"},
    "arb_pipeline.venues": {"arb_pipeline.domain", "arb_pipeline.config", "arb_pipeline.redaction", "arb_pipeline.aio"},
    "arb_pipeline.warehouse": {"arb_pipeline.domain", "arb_pipeline.config", "arb_pipeline.redaction"},
}


def _layer(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_each_layer_imports_only_the_layers_below_it() -> None:
    graph = import_graph(PACKAGE_ROOT)
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if _layer(module) in LAYERS
        for target in targets
        if _layer(target) != _layer(module) and _layer(target) not in LAYERS[_layer(module)]
    )
    assert wrong == []


def test_a_loop_through_a_type_only_import_is_found(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg.b import B\n",
        "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import A\n",
        "pkg/c.py": "from pkg import a\n",
    })

    assert cycles(import_graph(root)) == [["pkg.a", "pkg.b"]]


_PYTHON_RUNS = {
    # A package whose __init__ re-exports a module that takes a name from the package back.
    "package_reexporting_a_module_that_takes_a_name_from_it": (
        {
            "pkg/__init__.py": "from pkg.store import Store\nSCHEMA = 'arb'\n",
            "pkg/store.py": "from pkg import load\ndef open():\n    from pkg import SCHEMA\n",
            "pkg/load.py": "",
            "pkg/sub/__init__.py": "from pkg.sub.y import Y\n",
            "pkg/sub/x.py": "from ..load import thing\nfrom . import y\n",
            "pkg/sub/y.py": "",
            "pkg/other.py": "from pkg.sub import y\n",
        },
        {"pkg.sub.x": {"pkg.load", "pkg.sub.y"}, "pkg.other": {"pkg.sub", "pkg.sub.y"}},
        [["pkg", "pkg.store"]],
    ),
    # Importing pkg.sub.y runs pkg/sub/__init__ first, and that imports the importer back.
    "init_of_the_imported_module_s_package": (
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.sub.y import Y\n",
            "pkg/sub/__init__.py": "from pkg.a import A\nfrom pkg.sub import y\n",
            "pkg/sub/y.py": "import pkg.sub.z\n",
            "pkg/sub/z.py": "",
        },
        {"pkg.a": {"pkg.sub", "pkg.sub.y"}, "pkg.sub.y": {"pkg.sub.z"}},
        [["pkg.a", "pkg.sub"]],
    ),
}


@pytest.mark.parametrize("files, edges, loops", _PYTHON_RUNS.values(), ids=_PYTHON_RUNS)
def test_the_graph_has_the_edges_python_runs_and_finds_their_loop(
    tmp_path: Path, files: dict[str, str], edges: dict[str, set[str]], loops: list[list[str]]
) -> None:
    graph = import_graph(_write(tmp_path, files))

    assert {module: graph[module] for module in edges} == edges
    assert cycles(graph) == loops
