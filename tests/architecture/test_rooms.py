"""The shape of the code (docs/architecture.md, "Rooms"), kept by tests:

- the import-linter contracts in pyproject.toml hold, and they would catch a back-import;
- no first-party import hides inside a function, where a reader of the module's head
  would not see it, except in `AppConfig.ready()` and management commands;
- no module is over 400 lines, and `portal/` stays a thin project package.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "portal",
    "search",
    "editorial",
    "publicforms",
    "news",
    "events",
    "membership",
    "submissions",
    "associations",
    "redirects",
    "demo",
    "backups",
)
MAX_LINES = 400
PORTAL_MAX_LINES = 2500


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_contracts_catch_a_back_import_even_inside_a_function(tmp_path):
    """A copy of the code where search (a shared room) reads an app's model inside a
    function: the layers contract must fail and name that import."""
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("*.pyc"))
    engine = copy / "search" / "engine.py"
    engine.write_text(
        engine.read_text() + "\n\ndef _sneaky():\n    from news.models import Article\n\n"
        "    return Article\n"
    )
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "search is not allowed to import news" in result.stdout
    assert "search.engine -> news.models" in result.stdout


def _allowed_function_imports(path: Path) -> set[int]:
    """Line numbers of functions that may import: AppConfig.ready() and commands."""
    if "commands" in path.parts:
        return {0}
    tree = ast.parse(path.read_text())
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            getattr(base, "attr", getattr(base, "id", "")) == "AppConfig" for base in node.bases
        ):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "ready":
                    allowed.add(item.lineno)
    return allowed


def function_level_imports(path: Path) -> list[str]:
    allowed = _allowed_function_imports(path)
    if 0 in allowed:
        return []
    tree = ast.parse(path.read_text())
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child)
                continue
            if function is not None and function.lineno not in allowed:
                names = []
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                    names = [child.module]
                elif isinstance(child, ast.ImportFrom):
                    names = ["." * child.level + (child.module or "")]
                for name in names:
                    if name.startswith(".") or name.split(".")[0] in PACKAGES:
                        rel = path.relative_to(ROOT)
                        found.append(f"{rel}:{child.lineno} {function.name}() imports {name}")
            visit(child, function)

    visit(tree)
    return found


def test_no_first_party_import_inside_a_function():
    found = [line for path in modules() for line in function_level_imports(path)]
    assert found == []


def test_the_checker_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "news" / "views.py"
    module.parent.mkdir()
    module.write_text("def view():\n    from search import engine\n    return engine\n")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert function_level_imports(module) == ["news/views.py:2 view() imports search"]
    finally:
        ROOT = saved


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_portal_is_a_thin_project_package():
    lines = sum(
        len(path.read_text().splitlines())
        for path in modules()
        if path.parts[len(ROOT.parts)] == "portal"
    )
    assert lines <= PORTAL_MAX_LINES
