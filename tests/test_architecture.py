"""The shape of the code: layers import only downwards, no import cycle, the browser asks the session."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TUI = ROOT / "tui"
# The browser: what draws and routes. Below it, only the session (and the model's plain helpers).
BROWSER = ("tui.app", "tui.commands", "tui.screens", "tui.widgets")
BELOW_THE_SESSION = ("tui.index", "tui.cite", "tui.export")
HEADLESS = ("tui.model", "tui.index", "tui.session", "tui.cite", "tui.export")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(TUI.rglob("*.py"))}


def imports(path: Path, known: set[str]) -> set[str]:
    """Every tui module `path` imports, at the top, in functions or only for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            # The module itself, or the nearest package that holds it ("from tui.model import Record").
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("tui"):
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports(path, known) - {name} for name, path in found.items()}


def is_in(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def test_no_import_cycle_in_tui() -> None:
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges.get(name, ())):
            if target.startswith(name + "."):
                continue  # a package importing its own modules
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target] if target in path else [name, target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tui.b\n")
    assert imports(tmp_path / "a.py", {"tui.a", "tui.b"}) == {"tui.b"}


def test_the_browser_asks_the_session_only() -> None:
    wrong = sorted(f"{name} imports {target}" for name, targets in graph().items() if is_in(name, BROWSER)
                   for target in targets if is_in(target, BELOW_THE_SESSION))
    assert not wrong, wrong


def test_layers_import_only_downwards() -> None:
    below = {
        "tui.model": ("tui.model",),
        "tui.index": ("tui.model", "tui.index", "tui.locations"),
        "tui.render": ("tui.model", "tui.render", "tui.cite"),
        "tui.session": ("tui.model", "tui.index", "tui.cite", "tui.export", "tui.trail"),
    }
    wrong = []
    for name, targets in graph().items():
        for layer, allowed in below.items():
            if is_in(name, (layer,)):
                wrong += [f"{name} imports {target}" for target in targets
                          if target != "tui" and not is_in(target, allowed)]  # tui: the version
    assert not wrong, wrong


def test_headless_modules_import_no_textual() -> None:
    """Every module of the model, the index, the session, citations and export, in one fresh process."""
    names = [name for name in modules() if is_in(name, HEADLESS)]
    assert "tui.session" in names and "tui.index.library" in names and "tui.export" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'textual_serve'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]", result.stdout


def test_the_model_imports_no_rich_either() -> None:
    names = [name for name in modules() if is_in(name, ("tui.model",))]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]", result.stdout
