"""No function in the package is over 60 lines (issue 21): a long function hides a second job."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleanpress"
MAX_LINES = 60


def _lengths() -> dict[str, int]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[f"{module}.{node.name}"] = node.end_lineno - node.lineno + 1
    return found


def test_no_function_is_over_60_lines() -> None:
    lengths = _lengths()
    assert len(lengths) > 100  # the walk found the package
    long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert long == {}
