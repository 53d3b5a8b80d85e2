"""The shape issue 21 asked for: a thin CLI over one driver."""
from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "cleanpress" / "cli.py"


def _imported_modules() -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(CLI.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module or "")
            if not node.module:
                found.update(alias.name for alias in node.names)
    return found


def test_cli_is_under_400_lines() -> None:
    assert len(CLI.read_text(encoding="utf-8").splitlines()) < 400


def test_cli_reads_no_page_itself() -> None:
    """Reading, counting, cleaning and writing pages is the driver's; the CLI checks options and reports."""
    imported = _imported_modules()
    assert "driver" in imported and "report" in imported
    assert not imported & {"batch", "files", "site", "jsonl", "html", "audit"}, imported & {"batch", "files", "site",
                                                                                            "jsonl", "html", "audit"}


def test_the_readme_synopsis_lists_every_command() -> None:
    from cleanpress.cli import main

    readme = (CLI.parent.parent / "README.md").read_text(encoding="utf-8")
    synopsis = readme.split("## Command line", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    listed = {line.split()[1] for line in synopsis.splitlines() if line.startswith("cleanpress ")}
    assert listed == set(main.commands)
