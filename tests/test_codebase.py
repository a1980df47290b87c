"""Rules of the codebase that a review would otherwise have to remember.

- The dependency rule: core ← etl; core ← dashboard ← pages and app.py. The read side never
  imports the write side, the write side never imports the read side, core imports neither.
  Imports inside functions and by name (importlib.import_module("etl…"), __import__) count too.
- No function over 120 lines outside tests (a page script's top level is not a function).
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 120


def _python_files(*places: str) -> list[Path]:
    files = []
    for place in places:
        path = ROOT / place
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def _imported_by_name(node: ast.AST) -> str | None:
    """The module a call such as importlib.import_module("etl.load") or __import__("etl") names."""
    if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
        return node.args[0].value
    return None


def _imported_packages(path: Path) -> set[str]:
    """Top-level packages a file imports: at the top, inside functions, or by name through importlib."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif (by_name := _imported_by_name(node)) is not None:
            found.add(by_name.split(".")[0])
    return found


@pytest.mark.parametrize(("places", "forbidden"), [
    (("app.py", "pages", "dashboard"), {"etl"}),
    (("etl",), {"dashboard", "pages", "app", "streamlit"}),
    (("core",), {"etl", "dashboard", "pages", "app", "streamlit"}),
])
def test_dependency_rule(places, forbidden):
    offenders = {str(p.relative_to(ROOT)): sorted(_imported_packages(p) & forbidden)
                 for p in _python_files(*places) if _imported_packages(p) & forbidden}
    assert offenders == {}


def test_the_dependency_rule_sees_every_way_to_import(tmp_path):
    source = tmp_path / "page.py"
    source.write_text("import importlib\n"
                      "def late():\n    from etl import pipeline\n"
                      "def by_name():\n    return importlib.import_module('dashboard.cache')\n"
                      "def builtin():\n    return __import__('core.catalog')\n", encoding="utf-8")
    assert _imported_packages(source) == {"importlib", "etl", "dashboard", "core"}


def test_readme_layout_names_every_module():
    """README's layout table has a line for every top-level module of core/, etl/ and dashboard/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    modules = [f"{p.parent.name}/{p.name}" for place in ("core", "etl", "dashboard")
               for p in sorted((ROOT / place).glob("*.py")) if p.name != "__init__.py"]
    folders = [f"{p.parent.name}/{p.name}/" for place in ("core", "etl", "dashboard")
               for p in sorted((ROOT / place).iterdir()) if (p / "__init__.py").is_file()]
    assert [m for m in modules + folders if f"| `{m}` |" not in readme] == []


def test_no_function_is_over_120_lines():
    long = []
    for path in _python_files("app.py", "pages", "dashboard", "etl", "core", "bench"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
