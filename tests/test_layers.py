"""The package's layers point one way: no import cycle, no lower layer importing a higher one.

Every import counts, also those inside functions (pipetrack imports heavy
modules lazily) and under ``if TYPE_CHECKING``: a lazy import back up the
layers is still a dependency the wrong way round.

Layers, low to high: domain < storage < services < text < render < cli.
- domain imports only itself, the standard library, pydantic (and pypinyin, pure);
- storage imports domain; services imports domain and storage;
- text imports domain; render imports domain and text;
- cli imports anything.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: layer → the layers it may import (itself included)
ALLOWED = {
    "root": {"root"},
    "domain": {"root", "domain"},
    "storage": {"root", "domain", "storage"},
    "services": {"root", "domain", "storage", "services"},
    "text": {"root", "domain", "text"},
    "render": {"root", "domain", "text", "render"},
    "cli": {"root", "domain", "storage", "services", "text", "render", "cli"},
}
#: top-level modules that belong to a layer
MODULE_LAYERS = {"daily": "services", "project_ops": "services"}
#: what domain may import from outside the package: pydantic, and pypinyin (pure: the
#: ids of Chinese names)
DOMAIN_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions", "pypinyin"}
#: Back-arrows that exist and are being removed (the rules and reports build their
#: text through text/ until they return codes only): (importer, imported). Delete an
#: entry when its import is gone; never add one.
KNOWN = {
    ("pipetrack.domain.intel", "pipetrack.text.intel"),
    ("pipetrack.domain.reports", "pipetrack.text.i18n"),
    ("pipetrack.domain.rules", "pipetrack.text.i18n"),
}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a module of the package, or a top-level name outside it)
    line: int


def modules(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src``, by dotted name."""
    found = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: set[str]) -> Iterator[Import]:
    """Every import in a module (at any depth), resolved to a known module where it is one."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(name, _closest(alias.name, known), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield Import(name, full if full in known else _closest(base, known), node.lineno)


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = name.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _closest(dotted: str, known: set[str]) -> str:
    """The deepest known module a dotted name lies in; the top-level name when none."""
    parts = dotted.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in known:
            return ".".join(parts[:n])
    return parts[0]


def layer_of(module: str, package: str) -> str | None:
    parts = module.split(".")
    if parts[0] != package:
        return None
    if len(parts) == 1 or parts[1] == "__main__":
        return "root" if len(parts) == 1 else "cli"
    return MODULE_LAYERS.get(parts[1], parts[1] if parts[1] in ALLOWED else "root")


def graph(src: Path, package: str) -> tuple[dict[str, Path], list[Import]]:
    found = modules(src, package)
    PACKAGES.update(name for name, path in found.items() if path.name == "__init__.py")
    known = set(found)
    edges = [imp for name, path in found.items() for imp in imports(name, path, known)]
    return found, edges


def back_arrows(edges: list[Import], package: str) -> list[str]:
    """Each import of a higher layer (or, in domain, of a library other than pydantic)."""
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    bad = []
    for imp in edges:
        source, target = layer_of(imp.source, package), layer_of(imp.target, package)
        if source is None:
            continue
        if target is None:
            if source == "domain" and imp.target not in stdlib | DOMAIN_THIRD_PARTY:
                bad.append(f"{imp.source}:{imp.line} imports {imp.target} (domain: stdlib and pydantic only)")
            continue
        if target not in ALLOWED[source]:
            bad.append(f"{imp.source}:{imp.line} imports {imp.target} ({source} may not import {target})")
    return sorted(set(bad))


#: dotted names of packages (their __init__ may import their own modules)
PACKAGES: set[str] = set()


def cycles(edges: list[Import], package: str) -> list[list[str]]:
    """The import cycles between the package's modules: each group of two or more
    modules that all reach each other through imports, as a sorted list."""
    graph_: dict[str, set[str]] = {}
    for imp in edges:
        if imp.target.split(".")[0] != package or imp.target == imp.source:
            continue
        if imp.target.startswith(imp.source + ".") and imp.source in PACKAGES:
            continue  # a package's __init__ re-exporting its own modules
        graph_.setdefault(imp.source, set()).add(imp.target)
    reach = {node: _reachable(graph_, node) for node in graph_}
    groups = {
        tuple(sorted({node} | {other for other in reach[node] if node in reach.get(other, ())}))
        for node in graph_
    }
    return sorted(list(group) for group in groups if len(group) > 1)


def _reachable(graph_: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph_.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph_.get(node, ()))
    return seen


def test_pipetrack_has_no_import_cycle():
    _, edges = graph(SRC, "pipetrack")
    assert cycles(edges, "pipetrack") == []


def test_no_layer_imports_a_higher_one():
    _, edges = graph(SRC, "pipetrack")
    known = [imp for imp in edges if (imp.source, imp.target) in KNOWN]
    assert back_arrows([imp for imp in edges if imp not in known], "pipetrack") == []


def test_every_layer_is_a_folder_the_checker_knows():
    found, _ = graph(SRC, "pipetrack")
    layers = {layer_of(name, "pipetrack") for name in found}
    assert layers <= set(ALLOWED)
    assert {"domain", "storage", "services", "text", "render", "cli"} <= layers


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    """A package with a cycle (storage.a ↔ storage.b, one side imported lazily)
    and back-arrows (storage imports cli inside a function; domain imports yaml)."""
    write(
        tmp_path,
        {
            "fake/__init__.py": "",
            "fake/domain/__init__.py": "",
            "fake/domain/model.py": "import dataclasses\nimport pydantic\nimport yaml\n",
            "fake/storage/__init__.py": "",
            "fake/storage/a.py": "from fake.storage import b\nfrom fake.domain.model import x\n",
            "fake/storage/b.py": "def f():\n    from . import a\n    from ..cli import main\n",
            "fake/cli/__init__.py": "",
            "fake/cli/main.py": "from fake import domain\nimport fake.storage\n",
        },
    )
    return tmp_path


def test_the_checker_finds_a_cycle_through_a_lazy_relative_import(fake):
    _, edges = graph(fake, "fake")
    assert cycles(edges, "fake") == [["fake.storage.a", "fake.storage.b"]]


def test_the_checker_finds_back_arrows_and_a_library_in_domain(fake):
    _, edges = graph(fake, "fake")
    assert back_arrows(edges, "fake") == [
        "fake.domain.model:3 imports yaml (domain: stdlib and pydantic only)",
        "fake.storage.b:3 imports fake.cli.main (storage may not import cli)",
    ]


def test_the_checker_passes_a_package_without_them(fake):
    (fake / "fake/storage/b.py").write_text("def f():\n    from fake.domain import model\n", "utf-8")
    (fake / "fake/domain/model.py").write_text("import dataclasses\nimport pydantic\n", "utf-8")
    _, edges = graph(fake, "fake")
    assert cycles(edges, "fake") == [] and back_arrows(edges, "fake") == []


# --- sizes: no function over 50 lines, no module over 500 ---------------------

MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 500
#: What is over a limit while another piece of work brings it under: "path" for a
#: module, "path:function" for a function (paths relative to src/). The lead deletes
#: an entry when its work lands; never add one for new code.
OVER_THE_LIMIT: set[str] = set()


def too_long(src: Path, package: str) -> list[str]:
    """Each module over MAX_MODULE_LINES lines and each function (or method) over
    MAX_FUNCTION_LINES, counted from its ``def`` line to its last line."""
    found = []
    for path in sorted((src / package).rglob("*.py")):
        name = path.relative_to(src).as_posix()
        source = path.read_text("utf-8")
        if (lines := len(source.splitlines())) > MAX_MODULE_LINES:
            found.append(f"{name} ({lines} lines)")
        for node in ast.walk(ast.parse(source, name)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.name} ({length} lines, from line {node.lineno})")
    return found


def test_no_function_over_50_lines_and_no_module_over_500():
    over = [item for item in too_long(SRC, "pipetrack") if item.split(" (")[0] not in OVER_THE_LIMIT]
    assert over == []


def test_the_size_check_finds_a_long_function_and_a_long_module(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(50))
    write(tmp_path, {"big/a.py": f"def long():\n{body}\n\ndef short():\n    return 1\n" + "#\n" * 450})
    assert too_long(tmp_path, "big") == ["big/a.py (505 lines)", "big/a.py:long (51 lines, from line 1)"]
