"""The `cleanpress` command: parse options, call the library, report. No cleaning logic here."""
from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import files, site
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
@click.option("--site-by", type=click.Choice(site.SITE_BY), default="folder", show_default=True,
              help="Group pages into sites by the folder they sit in, by the host of a 'URL:' first "
                   "line, or not at all; lines recurring on many pages of a site are template.")
@click.option("--no-site", is_flag=True, help="No site-level cleaning (same as --site-by none).")
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Clean with a saved site profile (from 'cleanpress learn') instead of counting the inputs.")
@click.option("--site", "site_name", metavar="NAME",
              help="With --profile: the profile's site to use (default: found from --site-by; on stdin "
                   "from a 'URL:' first line, or the profile's only site).")
@click.option("--no-eras", is_flag=True, help="Do not split a folder into template eras.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def clean(paths: tuple[Path, ...], output: Path | None, in_place: bool, pattern: str, check: bool,
          diff: bool, explain: bool, skip: tuple[str, ...], only: tuple[str, ...],
          encoding: str | None, site_by: str, no_site: bool, profile: Path | None,
          site_name: str | None, no_eras: bool, quiet: bool) -> None:
    """Clean PATHS (files or folders; none or '-' for stdin) and write the article text.

    \b
    Folders are cleaned in two phases: every page is counted with the other
    pages of its site (--site-by), then each page is cleaned with its site's
    counts, so the result does not depend on file order.

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
    if no_site:
        site_by = "none"
    if site_name is not None and profile is None:
        raise click.UsageError("--site names a site of a profile: give --profile too")
    saved = _load_profile(profile) if profile is not None else None
    report = Report(check=preview)
    from_stdin = not paths or paths == (Path("-"),)
    if from_stdin:
        _clean_stdin(passes, saved, site_name, report, check, diff, explain, encoding)
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
        stats = _site_stats(sources, site_by, saved, site_name, not no_eras, encoding)
        for source in sources:
            _clean_file(source, passes, Context(site=stats.get(source.path)), report, output, in_place,
                        check, diff, explain, to_stdout, encoding)
        if not quiet and (len(sources) > 1 or not to_stdout):
            click.echo(report.summary(), err=True)
    sys.exit(report.exit_code)


def _load_profile(path: Path) -> site.SiteProfile:
    try:
        return site.SiteProfile.load(path)
    except site.ProfileError as e:
        raise click.UsageError(str(e)) from e


def _read_quietly(path: Path, encoding: str | None) -> str | None:
    """The text of a page for counting; unreadable pages are reported when they are cleaned."""
    try:
        return files.read(path, encoding).text
    except files.InputError:
        return None


def _site_stats(sources: list[files.Source], site_by: str, saved: site.SiteProfile | None,
                site_name: str | None, split_eras: bool, encoding: str | None) -> dict:
    """Phase one: each page's site counts, from a saved profile or from counting the inputs."""
    if saved is not None:
        stats = {}
        for source in sources:
            key = site_name
            if key is None and site_by != "none":
                text = _read_quietly(source.path, encoding) if site_by == "host" else ""
                key = site.site_key(source.relative, source.root, text or "", site_by)
            stats[source.path] = saved.lookup(key)
        return stats
    if site_by == "none":
        return {}
    pages = []
    for source in sources:
        text = _read_quietly(source.path, encoding)
        if text is not None:
            pages.append((source.path, site.site_key(source.relative, source.root, text, site_by), text))
    return site.page_stats(pages, split_eras)


def _clean_stdin(passes, saved: site.SiteProfile | None, site_name: str | None, report: Report,
                 check: bool, diff: bool, explain: bool, encoding: str | None) -> None:
    data = click.get_binary_stream("stdin").read()
    try:
        decoded = files.decode(data, "<stdin>", encoding)
    except files.InputError as e:
        click.echo(f"error: {e}", err=True)
        report.fail()
        return
    stats = None
    if saved is not None:
        stats = saved.lookup(site_name if site_name is not None else site.host_of(decoded.text))
    result = run(decoded.text, passes, Context(site=stats))
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
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The profile file to write (JSON).")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Which files to take from folders.")
@click.option("--site-by", type=click.Choice(("folder", "host")), default="folder", show_default=True,
              help="Which site each page belongs to: its folder, or the host of a 'URL:' first line.")
@click.option("--site", "site_name", metavar="NAME", help="Count every page as this one site.")
@click.option("--merge", "merge_with", is_flag=True, help="Add to the counts already in OUTPUT.")
@click.option("--encoding", help="Input encoding, when it is not UTF-8 and detection guesses wrong.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def learn(paths: tuple[Path, ...], output: Path, pattern: str, site_by: str, site_name: str | None,
          merge_with: bool, encoding: str | None, quiet: bool) -> None:
    """Count the lines of PATHS per site and save them as a site profile for 'clean --profile'.

    \b
    Exit codes: 0 done, 2 usage or input error (some pages could not be read).
    """
    profile = _load_profile(output) if merge_with and output.exists() else site.SiteProfile()
    failed = skipped = counted = 0
    learned = site.SiteProfile()
    for source in files.discover(paths, pattern, exclude=[]):
        try:
            text = files.read(source.path, encoding).text
        except files.InputError as e:
            click.echo(f"error: {e}", err=True)
            failed += 1
            continue
        key = site_name or site.site_key(source.relative, source.root, text, site_by)
        if key is None:
            click.echo(f"warning: {source.path}: no site found (no 'URL:' first line); not counted", err=True)
            skipped += 1
            continue
        learned.add_page(key, text)
        counted += 1
    profile = profile.merge(learned)
    try:
        profile.save(output)
    except OSError as e:
        click.echo(f"error: {output}: cannot write: {e.strerror or e}", err=True)
        sys.exit(EXIT_ERROR)
    if not quiet:
        sites = ", ".join(f"{name} ({counts.pages})" for name, counts in sorted(learned.sites.items()))
        click.echo(f"{counted} pages counted into {output}: {sites or 'no site'}"
                   + (f"; {skipped} without a site" if skipped else "")
                   + (f"; {failed} unreadable" if failed else "") + ".", err=True)
    sys.exit(EXIT_ERROR if failed else 0)


@main.command()
def passes() -> None:
    """List the passes in the order they run, with what each removes."""
    width = max(len(p.name) for p in PASSES)
    for p in PASSES:
        click.echo(f"{p.name:<{width}}  {p.description}")


if __name__ == "__main__":  # pragma: no cover
    main()
