"""The `cleanpress` command: parse options, call the library, report. No cleaning logic here."""
from __future__ import annotations

import codecs
import contextlib
import functools
import sys
from pathlib import Path

import click

from . import config as configuration
from . import driver
from .cleaner import Cleaner
from .driver import Mode
from .passes import PASSES
from .pipeline import INPUT_KINDS
from .report import EXIT_WOULD_CHANGE, Report

CONFIG = "cleanpress.config"  # where the loaded Config waits in ctx.meta


def _read_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """Load the configuration once and make it Click's defaults (flags given still win)."""
    try:
        config = configuration.load(value) if value is not None else configuration.discover(ctx.params.get("paths", ()))
    except configuration.ConfigError as e:
        raise click.BadParameter(str(e), ctx, param) from e
    ctx.meta[CONFIG] = config
    ctx.default_map = {**(ctx.default_map or {}), **_click_defaults(config)}


def _click_defaults(config: configuration.Config) -> dict:
    defaults = {"skip": list(config.skip), "only": list(config.only), "patterns": list(config.glob),
                "site_by": config.site_by, "drop_patterns": list(config.drop_patterns),
                "keep_patterns": list(config.keep_patterns), "input_kind": config.input}
    if config.profile is not None:
        defaults["profile"] = str(config.profile)
    return defaults


def config_option(f):
    return click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                        is_eager=True, expose_value=False, callback=_read_config,
                        help="Read [tool.cleanpress] from this file (default: the nearest pyproject.toml "
                             "above the inputs that has one).")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cleanpress")
def main() -> None:
    """Strip the boilerplate a scraper leaves around an article."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True), is_eager=True)
@config_option
@click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True),
              help="Write cleaned files into this folder, mirroring the input tree (with --jsonl: the output "
                   "file, .gz for gzip, '-' for stdout).")
@click.option("--in-place", is_flag=True, help="Rewrite the input files (atomically).")
@click.option("--glob", "patterns", multiple=True, default=configuration.DEFAULT_GLOB, show_default=True,
              help="Which files to take from folders (repeatable: --glob '*.txt' --glob '*.html').")
@click.option("--html/--no-html", "html", default=None,
              help="Read the inputs as HTML pages (default: files ending .html/.htm, and stdin that looks "
                   "like HTML); their text is extracted, cleaned and written as .txt.")
@click.option("--input", "input_kind", type=click.Choice(INPUT_KINDS), default="auto", show_default=True,
              help="What the texts are: a whole page as a scraper dumps it, an extractor's output (only unlikely "
                   "lines at its edges go), or auto to tell them apart page by page.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything would be removed.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what would be removed; write nothing.")
@click.option("--explain", is_flag=True, help="Print one line per drop: path:first-last pass reason.")
@click.option("--skip", multiple=True, metavar="PASS", help="Do not run this pass (repeatable).")
@click.option("--only", multiple=True, metavar="PASS", help="Run only this pass (repeatable).")
@click.option("--set", "settings", multiple=True, metavar="PASS.OPTION=VALUE",
              help="Set a pass option (repeatable), e.g. repeated-blocks.min_line_chars=80; see 'cleanpress passes'.")
@click.option("--drop-pattern", "drop_patterns", multiple=True, metavar="REGEX",
              help="Drop every line this regular expression matches (repeatable).")
@click.option("--keep-pattern", "keep_patterns", multiple=True, metavar="REGEX",
              help="Never drop a line this regular expression matches (repeatable).")
@click.option("--exit-nonzero-if-changed", is_flag=True,
              help="Exit 1 when a file was changed (-o, --in-place); for pre-commit hooks.")
@click.option("--encoding", help="Input encoding, when it is not UTF-8 and detection guesses wrong.")
@click.option("--output-encoding", metavar="ENCODING",
              help="Write in this encoding (e.g. utf-8) instead of each input's own encoding and byte-order mark.")
@click.option("--site-by", type=click.Choice(driver.SITE_BY), default="folder", show_default=True,
              help="Group pages into sites by the folder they sit in, by the host of a 'URL:' first "
                   "line, or not at all; lines recurring on many pages of a site are template.")
@click.option("--no-site", is_flag=True, help="No site-level cleaning (same as --site-by none).")
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="Clean with a saved site profile (from 'cleanpress learn') instead of counting the inputs.")
@click.option("--site", "site_name", metavar="NAME",
              help="With --profile: the profile's site to use (default: found from --site-by; on stdin "
                   "from a 'URL:' first line, or the profile's only site).")
@click.option("--no-eras", is_flag=True,
              help="Do not split a site's pages (a folder, or a feed's site) into template eras.")
@click.option("--jsonl", type=click.Path(path_type=Path, allow_dash=True, dir_okay=False, exists=True),
              help="Clean the FIELD of every record of this JSON Lines file ('-': stdin; gzip is read too); "
                   "every other byte is kept. Output to -o FILE (.gz: gzip) or stdout.")
@click.option("--field", default="text", show_default=True, help="With --jsonl: the field holding the text.")
@click.option("--stats", "record_stats", is_flag=True,
              help="With --jsonl: add \"cleanpress\": {\"removed_lines\": N, \"removed_chars\": N} to each record.")
@click.option("--site-field", metavar="FIELD",
              help="With --jsonl: the field naming each record's site (with --site-by host: a URL, whose host is "
                   "the site; 'url' by default); without --profile the file is read twice (count every site, then "
                   "clean).")
@click.option("--strict", is_flag=True,
              help="With --jsonl: stop (exit 2) at the first line that is not JSON or has no text field, instead "
                   "of passing it through.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for many files (default: all cores); the output is the same for any N.")
@click.option("-q", "--quiet", is_flag=True, help="No summary or progress bar on stderr.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write an audit report: one self-contained HTML file with every page's text and each "
                   "dropped line struck through in place, coloured by pass, with its reason, and a summary.")
@click.pass_context
def clean(ctx: click.Context, report_path: Path | None, **options) -> None:
    """Clean PATHS (files or folders; none or '-' for stdin) and write the article text.

    \b
    Folders are cleaned in two phases: every page is counted with the other
    pages of its site (--site-by), then each page is cleaned with its site's
    counts, so the result does not depend on file order.

    \b
    \b
    Defaults come from [tool.cleanpress] in the nearest pyproject.toml above
    the inputs (or --config FILE); flags given here override it.

    \b
    Exit codes: 0 done, 1 something would be removed (--check), or was
    (--exit-nonzero-if-changed), 2 usage or input error.
    """
    # One report for the run: its counters and wording, the audit report and the progress bar's line.
    report = Report(check=(options["check"] or options["diff"]) and options["jsonl"] is None,
                    unit="file" if options["jsonl"] is None else "record", echo=_echo, out=_out)
    inputs = [Path(p) for p in options["paths"]] + ([options["jsonl"]] if options["jsonl"] else [])
    read_or_written = [p for p in (options["profile"], options["output"]) if p is not None]  # the profile, -o
    with _usage_errors():
        with driver.audit_to(report, report_path, inputs, options["quiet"], also=read_or_written):
            code = _clean(ctx, report, **options)
    sys.exit(code)


def _echo(message: str) -> None:
    click.echo(message, err=True)


def _out(text: str) -> None:
    click.echo(text, nl=False)


@contextlib.contextmanager
def _usage_errors():
    """The driver's usage errors shown as Click's (usage, then the message; exit 2)."""
    try:
        yield
    except driver.UsageError as e:
        raise click.UsageError(str(e)) from None


def _clean(ctx: click.Context, report: Report, paths: tuple[Path, ...], output: Path | None, in_place: bool,
           patterns: tuple[str, ...], html: bool | None, input_kind: str, check: bool, diff: bool, explain: bool,
           skip: tuple[str, ...], only: tuple[str, ...], settings: tuple[str, ...],
           drop_patterns: tuple[str, ...], keep_patterns: tuple[str, ...], exit_nonzero_if_changed: bool,
           encoding: str | None, output_encoding: str | None, site_by: str, no_site: bool, profile: Path | None,
           site_name: str | None, no_eras: bool, jsonl: Path | None, field: str, record_stats: bool,
           site_field: str | None, strict: bool, jobs: int | None, quiet: bool) -> int:
    """Check the options, then make one call to the driver; the exit code."""
    cleaner = _cleaner(ctx.meta[CONFIG], skip, only, settings, drop_patterns, keep_patterns, input_kind)
    if output_encoding is not None:
        try:
            codecs.lookup(output_encoding)
        except LookupError:
            raise click.UsageError(f"--output-encoding: unknown encoding {output_encoding!r}") from None
    if output is not None and in_place:
        raise click.UsageError("choose either -o/--output or --in-place")
    preview = check or diff
    if preview and (output is not None or in_place):
        raise click.UsageError("--check and --diff write nothing; drop -o/--in-place")
    site_by, saved = _site_options(ctx, no_site, site_by, profile, site_name)
    mode = _mode(output, in_place, check, diff, explain)
    if jsonl is not None:
        if paths or in_place or check:
            raise click.UsageError("--jsonl reads one file (or '-') and writes -o FILE or stdout: "
                                   "no other PATHS, --in-place or --check")
        if explain and diff:
            raise click.UsageError("--jsonl: --explain or --diff, not both (each writes to stdout)")
        site_field = driver.feed_site_field(site_by, site_field, site_name)
        if site_by == "none" and site_field is not None and _typed(ctx, "site_by"):
            raise click.UsageError("--site-by none gives records no site: drop --site-field")
        try:
            return driver.clean_feed(report, cleaner, jsonl, mode, output=output, saved=saved, site_name=site_name,
                                     field=field, record_stats=record_stats, site_field=site_field,
                                     by_host=site_by == "host", strict=strict, split_eras=not no_eras,
                                     jobs=jobs, quiet=quiet,
                                     progress_bar=functools.partial(_bytes_bar, report))
        except driver.Stop as e:
            return e.code
    elif output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is {'a file' if output.is_file() else 'not a folder'}: "
                               "-o names a folder (a file only with --jsonl)")
    for name, value in (("--field", field != "text"), ("--stats", record_stats), ("--site-field", site_field),
                        ("--strict", strict)):
        if value:
            raise click.UsageError(f"{name} goes with --jsonl")
    if not paths or paths == (Path("-"),):
        driver.clean_stdin(report, cleaner, mode, saved=saved, site_name=site_name, encoding=encoding, html=html,
                           output_encoding=output_encoding)
    else:
        driver.clean_paths(report, cleaner, paths, mode, output=output, patterns=patterns, html=html,
                           encoding=encoding, output_encoding=output_encoding, saved=saved, site_by=site_by,
                           site_name=site_name, split_eras=not no_eras, jobs=jobs, quiet=quiet,
                           progress=functools.partial(_progress, quiet=quiet, report=report))
    code = report.exit_code
    if exit_nonzero_if_changed and code == 0 and report.cleaned and not preview:
        code = EXIT_WOULD_CHANGE
    return code


def _mode(output: Path | None, in_place: bool, check: bool, diff: bool, explain: bool) -> Mode:
    """The flags as one mode; with none of them, the cleaned text goes to stdout."""
    mode = Mode(0)
    for flag, given in ((Mode.WRITE, output is not None), (Mode.IN_PLACE, in_place), (Mode.CHECK, check),
                        (Mode.DIFF, diff), (Mode.EXPLAIN, explain)):
        if given:
            mode |= flag
    return mode or Mode.STDOUT


def _site_options(ctx: click.Context, no_site: bool, site_by: str, profile: Path | None,
                  site_name: str | None) -> tuple[str, driver.SiteProfile | None]:
    """The grouping into sites and the loaded profile, once --no-site, --profile and --site agree."""
    if no_site:
        typed = {"profile": "--profile", "site_name": "--site", "site_field": "--site-field"}
        given = [flag for param, flag in typed.items() if _typed(ctx, param)]
        if given:  # each of these asks for site-level cleaning, which --no-site turns off
            raise click.UsageError(f"--no-site turns site-level cleaning off: drop {', '.join(given)}")
        site_by, profile = "none", None  # a profile from the configuration file gives way to the flag
    if site_name is not None and profile is None:
        raise click.UsageError("--site names a site of a profile: give --profile too")
    saved = driver.load_profile(profile) if profile is not None else None
    if saved is not None and site_name is not None and saved.lookup(site_name) is None:
        raise click.UsageError(f"--site {site_name}: no such site in the profile {profile} "
                               f"(it has {saved.names()})")
    return site_by, saved


def _typed(ctx: click.Context, param: str) -> bool:
    """Whether the user gave this option on the command line (not a default, nor the configuration file)."""
    return ctx.get_parameter_source(param) == click.core.ParameterSource.COMMANDLINE


def _cleaner(config: configuration.Config, skip, only, settings, drop_patterns, keep_patterns,
             input_kind: str = "auto") -> Cleaner:
    """The loaded configuration with the flags given on the command line, as one Cleaner."""
    try:
        options: dict[str, dict] = {}
        for setting in settings:
            pass_name, key, value = configuration.parse_assignment(setting)
            options.setdefault(pass_name, {})[key] = value
        final = config.with_overrides(skip=tuple(skip), only=tuple(only), options=options,
                                      drop_patterns=tuple(drop_patterns), keep_patterns=tuple(keep_patterns),
                                      input=input_kind, profile=None)  # the --profile option (its default from the file) is applied per page
        return Cleaner(final)
    except configuration.ConfigError as e:
        raise click.UsageError(str(e)) from e


PROGRESS_MIN_ITEMS = 200  # fewer inputs than this finish before a bar would help


ETA_AFTER_SHARE = 0.05  # the bar shows an estimate once this share of the inputs is done (and ETA_AFTER_ITEMS)
ETA_AFTER_ITEMS = 20


@contextlib.contextmanager
def _progress(items, length: int, quiet: bool, report: Report):
    """A progress bar on stderr for long runs in a terminal; otherwise the items as they are.

    Its estimate of the time left waits for the first inputs: the first outcome carries the
    workers' start and the site counting, and an estimate from it alone was ten times too long.
    """
    stderr = sys.stderr
    if quiet or length < PROGRESS_MIN_ITEMS or not stderr.isatty():
        yield items
        return
    with click.progressbar(length=length, file=stderr, label="cleaning", show_eta=False) as bar:
        def advance():
            for done, item in enumerate(items, 1):
                yield item
                bar.show_eta = done >= max(ETA_AFTER_ITEMS, ETA_AFTER_SHARE * length)
                bar.update(1)
        report.bar_shown = True
        try:
            yield advance()
        finally:
            report.bar_shown = False


@contextlib.contextmanager
def _bytes_bar(report: Report, length: int):
    """A progress bar over a JSONL input's bytes; messages are said above it."""
    with click.progressbar(length=length, file=sys.stderr, label="cleaning") as bar:
        report.bar_shown = True
        try:
            yield bar
        finally:
            report.bar_shown = False


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The profile file to write (JSON).")
@click.option("--glob", "pattern", default="*.txt", show_default=True, help="Which files to take from folders.")
@click.option("--site-by", type=click.Choice(("folder", "host")), default="folder", show_default=True,
              help="Which site each page belongs to: its folder, or the host of a 'URL:' first line "
                   "(with --jsonl: the host of the URL in --site-field).")
@click.option("--site", "site_name", metavar="NAME", help="Count every page as this one site.")
@click.option("--merge", "merge_with", is_flag=True, help="Add to the counts already in OUTPUT.")
@click.option("--encoding", help="Input encoding, when it is not UTF-8 and detection guesses wrong.")
@click.option("--jsonl", type=click.Path(path_type=Path, allow_dash=True, dir_okay=False, exists=True),
              help="Count the records of this JSON Lines file ('-': stdin; gzip is read too) instead of PATHS.")
@click.option("--field", default="text", show_default=True, help="With --jsonl: the field holding the text.")
@click.option("--site-field", metavar="FIELD",
              help="With --jsonl: the field naming each record's site (with --site-by host: a URL, whose host is "
                   "the site; 'url' by default).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="With --jsonl: worker processes (default: all cores); the profile is the same for any N.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@click.pass_context
def learn(ctx: click.Context, paths: tuple[Path, ...], output: Path, pattern: str, site_by: str,
          site_name: str | None, merge_with: bool, encoding: str | None, jsonl: Path | None, field: str,
          site_field: str | None, jobs: int | None, quiet: bool) -> None:
    """Count the lines of PATHS (or of a JSONL feed's records) per site and save them as a site profile
    for 'clean --profile'.

    \b
    Exit codes: 0 done, 2 usage or input error (some pages could not be read; with --jsonl,
    no record could be counted, and nothing is written).
    """
    if jsonl is None:
        for name, given in (("--field", _typed(ctx, "field")), ("--site-field", site_field), ("--jobs", jobs)):
            if given:
                raise click.UsageError(f"{name} goes with --jsonl")
        if not paths:
            raise click.UsageError("give PATHS (files or folders) or --jsonl FILE")
    report = Report(echo=_echo)
    with _usage_errors():
        try:
            if jsonl is not None:
                code = driver.learn_feed(report, jsonl, output, paths=paths, field=field, site_by=site_by,
                                         file_options=_typed(ctx, "encoding") or _typed(ctx, "pattern"),
                                         site_field=site_field, site_name=site_name, merge_with=merge_with,
                                         jobs=jobs, quiet=quiet)
            else:
                code = driver.learn_paths(report, paths, output, pattern=pattern, site_by=site_by,
                                          site_name=site_name, merge_with=merge_with, encoding=encoding, quiet=quiet)
        except driver.Stop as e:
            code = e.code
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), is_eager=True)
@config_option
@click.pass_context
def passes(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """List the passes in the order they run, with what each removes, and the effective configuration.

    \b
    The configuration is the one a 'clean' of PATHS (default: the current
    folder) would read: under each pass, its options with their values
    (default, or set by the file); after the list, the file and the patterns.
    """
    config = ctx.meta[CONFIG]
    width = max(len(p.name) for p in PASSES)
    for p in PASSES:
        off = (p.name in config.skip) or (config.only and p.name not in config.only)
        click.echo(f"{p.name:<{width}}  {'[off] ' if off else ''}{p.description}")
        for key, option in p.options.items():
            value = config.option(p.name, key)
            where = "default" if value == option.default and key not in config.options.get(p.name, {}) else \
                f"set; default {option.default}"
            click.echo(f"    {key} = {value}  ({where}; {option.allowed()}) {option.help}")
    click.echo("")
    for line in config.describe():
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
