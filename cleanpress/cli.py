"""The `cleanpress` command: parse options, call the library, report. No cleaning logic here."""
from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import files
from .model import Cleaned
from .passes import PASSES
from .pipeline import Context, run, select_passes
from .report import EXIT_ERROR, Report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleanpress")
def main() -> None:
    """Strip the boilerplate a scraper leaves around an article."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Write cleaned files into this folder, mirroring the input tree.")
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("--glob", "pattern", default="*.txt", show_default=True,
              help="Which files to take from folders.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would be removed.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would be removed; write nothing.")
@click.option("--explain", is_flag=True, help="Print one line per drop: path:first-last pass reason.")
@click.option("--skip", multiple=True, metavar="PASS", help="Do not run this pass (repeatable).")
@click.option("--only", multiple=True, metavar="PASS", help="Run only this pass (repeatable).")
@click.option("--encoding", help="Input encoding, when it is not UTF-8 and detection guesses wrong.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def clean(paths: tuple[Path, ...], output: Path | None, in_place: bool, pattern: str, check: bool,
          diff: bool, explain: bool, skip: tuple[str, ...], only: tuple[str, ...],
          encoding: str | None, quiet: bool) -> None:
    """Clean PATHS (files or folders; none or '-' for stdin) and write the article text.

    \b
    Exit codes: 0 done, 1 something would be removed (--check), 2 usage or input error.
    """
    try:
        passes = select_passes(skip, only)
    except ValueError as e:
        raise click.UsageError(str(e)) from e
    if output is not None and in_place:
        raise click.UsageError("choose either -o/--output or --in-place")
    preview = check or diff
    if preview and (output is not None or in_place):
        raise click.UsageError("--check and --diff write nothing; drop -o/--in-place")
    context = Context()
    report = Report(check=preview)
    from_stdin = not paths or paths == (Path("-"),)
    if from_stdin:
        _clean_stdin(passes, context, report, check, diff, explain, encoding)
    else:
        if Path("-") in paths:
            raise click.UsageError("'-' (stdin) cannot be mixed with paths")
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise click.UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
        sources = list(files.discover(paths, pattern, exclude=[output] if output else []))
        to_stdout = output is None and not in_place and not preview and not explain
        if to_stdout and (len(sources) != 1 or paths[0].is_dir()):
            raise click.UsageError("several inputs: give -o OUT, --in-place, --check, --diff or --explain")
        for source in sources:
            _clean_file(source, passes, context, report, output, in_place, check, diff, explain,
                        to_stdout, encoding)
        if not quiet and (len(sources) > 1 or not to_stdout):
            click.echo(report.summary(), err=True)
    sys.exit(report.exit_code)


def _clean_stdin(passes, context, report: Report, check: bool, diff: bool, explain: bool,
                 encoding: str | None) -> None:
    data = click.get_binary_stream("stdin").read()
    try:
        decoded = files.decode(data, "<stdin>", encoding)
    except files.InputError as e:
        click.echo(f"error: {e}", err=True)
        report.fail()
        return
    result = run(decoded.text, passes, context)
    report.done(len(decoded.text), len(result.text), result.changed)
    out = click.get_binary_stream("stdout")
    if explain:
        _explain("-", result)
    if diff:
        _diff("-", decoded.text, result)
    if not (check or diff or explain):
        out.write(decoded.encode(result.text))
        out.flush()


def _clean_file(source: files.Source, passes, context, report: Report, output: Path | None,
                in_place: bool, check: bool, diff: bool, explain: bool, to_stdout: bool,
                encoding: str | None) -> None:
    try:
        decoded = files.read(source.path, encoding)
    except files.InputError as e:
        click.echo(f"error: {e}", err=True)
        report.fail()
        return
    result = run(decoded.text, passes, context)
    report.done(len(decoded.text), len(result.text), result.changed)
    shown = str(source.path)
    if explain:
        _explain(shown, result)
    if diff:
        _diff(shown, decoded.text, result)
    try:
        if to_stdout:
            out = click.get_binary_stream("stdout")
            out.write(decoded.encode(result.text))
            out.flush()
        elif output is not None:
            files.write_atomic(output / source.relative, decoded.encode(result.text), like=source.path)
        elif in_place and result.changed:
            files.write_atomic(source.path, decoded.encode(result.text))
            click.echo(f"Cleaning {shown}", err=True)
    except OSError as e:
        click.echo(f"error: {shown}: cannot write: {e.strerror or e}", err=True)
        report.fail()


def _explain(shown: str, result: Cleaned) -> None:
    for drop in result.drops:
        click.echo(f"{shown}:{drop.first}-{drop.last} {drop.pass_name} {drop.reason}")


def _diff(shown: str, before: str, result: Cleaned) -> None:
    if not result.changed:
        return
    lines = difflib.unified_diff(before.splitlines(keepends=True), result.text.splitlines(keepends=True),
                                 fromfile=shown, tofile=f"{shown} (cleaned)")
    for line in lines:
        click.echo(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n", nl=False)


@main.command()
def passes() -> None:
    """List the passes in the order they run, with what each removes."""
    width = max(len(p.name) for p in PASSES)
    for p in PASSES:
        click.echo(f"{p.name:<{width}}  {p.description}")


if __name__ == "__main__":  # pragma: no cover
    main()
