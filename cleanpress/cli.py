"""The `cleanpress` command: parse options, call the library, report. No cleaning logic here."""
from __future__ import annotations

import codecs
import contextlib
import dataclasses
import difflib
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from . import audit, batch, files, jsonl, site
from . import config as configuration
from . import html as html_input
from .cleaner import Cleaner
from .model import Cleaned
from .passes import PASSES
from .patterns import PatternError
from .pipeline import INPUT_KINDS, SEGMENT_CHARS, Stream, cut, run, split_lines
from .report import EXIT_ERROR, EXIT_WOULD_CHANGE, Report
from .report import record_message
from .report import warning as report_warning

CONFIG = "cleanpress.config"  # where the loaded Config waits in ctx.meta


def _binary_stream(name: str):
    """The byte stream under `sys.stdin` or `sys.stdout` (Click's `get_binary_stream` is deprecated
    and goes in Click 9). Looked up on every call: a test runner swaps the streams."""
    stream = getattr(sys, name)
    binary = getattr(stream, "buffer", None)
    if binary is None:
        raise click.UsageError(f"{name} is not a byte stream: cleanpress reads and writes bytes")
    return binary


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
                    unit="file" if options["jsonl"] is None else "record", echo=_echo)
    with _audit_to(report_path, options, report):
        _clean(ctx, report, **options)


def _echo(message: str) -> None:
    click.echo(message, err=True)


def _clean(ctx: click.Context, report: Report, paths: tuple[Path, ...], output: Path | None, in_place: bool,
           patterns: tuple[str, ...], html: bool | None, input_kind: str, check: bool, diff: bool, explain: bool,
           skip: tuple[str, ...], only: tuple[str, ...], settings: tuple[str, ...],
           drop_patterns: tuple[str, ...], keep_patterns: tuple[str, ...], exit_nonzero_if_changed: bool,
           encoding: str | None, output_encoding: str | None, site_by: str, no_site: bool, profile: Path | None,
           site_name: str | None, no_eras: bool, jsonl: Path | None, field: str, record_stats: bool,
           site_field: str | None, strict: bool, jobs: int | None, quiet: bool) -> None:
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
    if jsonl is not None:
        if paths or in_place or check:
            raise click.UsageError("--jsonl reads one file (or '-') and writes -o FILE or stdout: "
                                   "no other PATHS, --in-place or --check")
        if explain and diff:
            raise click.UsageError("--jsonl: --explain or --diff, not both (each writes to stdout)")
        site_field = _jsonl_site_field(site_by, site_field, site_name)
        if site_by == "none" and site_field is not None and _typed(ctx, "site_by"):
            raise click.UsageError("--site-by none gives records no site: drop --site-field")
        _clean_jsonl(report, jsonl, output, cleaner, saved, site_name, field, record_stats, site_field, strict,
                     jobs or batch.default_jobs(), quiet, by_host=site_by == "host", explain=explain, diff=diff)
    elif output is not None and output.exists() and not output.is_dir():
        raise click.UsageError(f"-o {output} is {'a file' if output.is_file() else 'not a folder'}: "
                               "-o names a folder (a file only with --jsonl)")
    for name, value in (("--field", field != "text"), ("--stats", record_stats), ("--site-field", site_field),
                        ("--strict", strict)):
        if value:
            raise click.UsageError(f"{name} goes with --jsonl")
    from_stdin = not paths or paths == (Path("-"),)
    if from_stdin:
        _clean_stdin(cleaner, saved, site_name, report, check, diff, explain, encoding, html, output_encoding)
    else:
        _clean_paths(report, cleaner, saved, paths, output, in_place, patterns, html, check, diff, explain, encoding,
                     output_encoding, site_by, site_name, no_eras, jobs, quiet)
    code = report.exit_code
    if exit_nonzero_if_changed and code == 0 and report.cleaned and not preview:
        code = EXIT_WOULD_CHANGE
    sys.exit(code)


def _site_options(ctx: click.Context, no_site: bool, site_by: str, profile: Path | None,
                  site_name: str | None) -> tuple[str, site.SiteProfile | None]:
    """The grouping into sites and the loaded profile, once --no-site, --profile and --site agree."""
    if no_site:
        typed = {"profile": "--profile", "site_name": "--site", "site_field": "--site-field"}
        given = [flag for param, flag in typed.items() if _typed(ctx, param)]
        if given:  # each of these asks for site-level cleaning, which --no-site turns off
            raise click.UsageError(f"--no-site turns site-level cleaning off: drop {', '.join(given)}")
        site_by, profile = "none", None  # a profile from the configuration file gives way to the flag
    if site_name is not None and profile is None:
        raise click.UsageError("--site names a site of a profile: give --profile too")
    saved = _load_profile(profile) if profile is not None else None
    if saved is not None and site_name is not None and saved.lookup(site_name) is None:
        raise click.UsageError(f"--site {site_name}: no such site in the profile {profile} "
                               f"(it has {saved.names()})")
    return site_by, saved


def _sources(paths: tuple[Path, ...], patterns: tuple[str, ...], output: Path | None) -> list[files.Source]:
    """The files PATHS name and hold, once it is sure that -o writes over none of them."""
    if Path("-") in paths:
        raise click.UsageError("'-' (stdin) cannot be mixed with paths")
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    sources = _discover(paths, patterns, exclude=[output] if output else [])
    if output is not None:
        _refuse_output_over_inputs(output, [*paths, *(source.path for source in sources)])
    if not sources:
        raise click.UsageError(_nothing_matched(paths, patterns))
    return sources


def _clean_paths(report: Report, cleaner: Cleaner, saved: site.SiteProfile | None, paths: tuple[Path, ...],
                 output: Path | None, in_place: bool, patterns: tuple[str, ...], html: bool | None, check: bool,
                 diff: bool, explain: bool, encoding: str | None, output_encoding: str | None, site_by: str,
                 site_name: str | None, no_eras: bool, jobs: int | None, quiet: bool) -> None:
    """Files and folders: each page's site counts (a plan kept from an earlier run, a profile, or counted
    now), then every page cleaned and written by the workers, reported in input order."""
    preview = check or diff
    sources = _sources(paths, patterns, output)
    to_stdout = output is None and not in_place and not preview and not explain
    if to_stdout and (len(sources) != 1 or paths[0].is_dir()):
        raise click.UsageError("several inputs: give -o OUT, --in-place, --check, --diff or --explain")
    kinds = {source.path: _is_html(source.path, html) for source in sources}
    _check_html_targets(sources, kinds, output, in_place)
    jobs = jobs or batch.default_jobs()
    readable = [s for s in sources if not s.refused]
    grouping = {"site_by": site_by, "eras": not no_eras}  # what a saved plan must have been counted with
    planned = _planned(readable, grouping) if saved is None and site_by != "none" else {}
    stats = {**_site_stats([s for s in readable if s.path not in planned], kinds, site_by, saved, site_name,
                           not no_eras, encoding, jobs), **{path: counts for path, (counts, _) in planned.items()}}
    tasks = [batch.CleanTask(s, kinds[s.path], stats.get(s.path),
                             output / _target(s, kinds[s.path]) if output is not None else None,
                             in_place, keep_text=diff or to_stdout or report.audit is not None, to_stdout=to_stdout,
                             keep_drops=explain or report.audit is not None)
             for s in sources]
    site_of = {s.path: (s.relative.parent.as_posix() if s.relative.parent != Path(".") else s.root.name)
               for s in sources}
    settings = batch.Settings(cleaner, encoding, output, durable=False,  # -o: the inputs are still there
                              output_encoding=output_encoding,
                              stdout=_binary_stream("stdout") if to_stdout else None)
    outcomes = batch.clean_files(tasks, settings, jobs if len(tasks) > 1 else 1)
    with _progress(outcomes, len(tasks), quiet, report) as shown_outcomes:
        for outcome in shown_outcomes:
            _report_file(outcome, report, check, diff, explain, to_stdout, in_place)
            if outcome.error is None:
                report.add_page(str(outcome.path), site_of.get(outcome.path), outcome.before, outcome.drops,
                            outcome.notices, outcome.chars_in, outcome.chars_out)
    if saved is None and site_by != "none" and (output is not None or in_place):
        _save_plans(sources, stats, kinds, output, grouping)
    elif output is not None and (output / site.PLAN_FILE).is_file():
        (output / site.PLAN_FILE).unlink()  # its counts are not those of the pages written now
    if not quiet and (len(sources) > 1 or not to_stdout):
        click.echo(report.summary(), err=True)


@contextlib.contextmanager
def _audit_to(path: Path | None, options: dict, report: Report):
    """Write the audit report of the run inside the block to `path` (atomically): also when the run ends
    with an exit code, which is how every run of `clean` ends."""
    if path is None:
        yield
        return
    inputs = [Path(p) for p in options.get("paths") or ()] + ([options["jsonl"]] if options.get("jsonl") else [])
    _check_output_file(path, [p for p in inputs if p != Path("-")], "the report")
    title = ", ".join(str(p) for p in inputs) or "<stdin>"
    ended: SystemExit | None = None
    with files.open_atomic(path) as out:
        report.audit = audit.AuditReport(out, title)
        try:
            yield
        except SystemExit as e:  # the run's exit code: the report is written all the same
            ended = e
        finally:
            written, report.audit = report.audit, None
        written.close()
    if not options.get("quiet"):
        click.echo(f"audit report: {path}", err=True)
    if ended is not None:
        raise ended


def _planned(sources: Sequence[files.Source], options: dict) -> dict[Path, tuple[site.SiteCounts | None, Path]]:
    """The counts of the pages a saved plan knows (`site.PLAN_FILE` in the folder they were given in, by an earlier
    run with the same grouping `options`): {path: (counts, the plan)}. A page the plan was written for, unchanged,
    gets its own entry; a page it was not (new, or edited since) gets the counts the plan gave the pages of its
    folder, the site as that run counted it. Pages of folders the plan knows nothing of are counted as usual."""
    found = {}
    plans: dict[Path, site.Plan | None] = {}
    for source in sources:
        folder = _real(source.root)
        where = folder / site.PLAN_FILE
        if folder not in plans:
            try:
                plans[folder] = site.Plan.find(folder, options)
            except site.ProfileError as e:
                raise click.UsageError(str(e)) from e
        plan = plans[folder]
        if plan is None:
            continue
        key = source.relative.as_posix()
        if plan.applies(key, site.file_digest(source.path), options):
            found[source.path] = (plan.pages[key], where)
            continue
        counts = plan.folder_counts(source.relative.parent.as_posix())
        if counts is not None:
            found[source.path] = (counts, where)
    return found


def _save_plans(sources: Sequence[files.Source], stats: dict, kinds: dict, output: Path | None,
                options: dict) -> None:
    """Keep the counts each page was cleaned with beside what was written (`site.Plan`): in the output folder,
    or in each folder cleaned in place, so that cleaning the result again changes nothing."""
    plans: dict[Path, site.Plan] = {}
    for s in sources:
        if stats.get(s.path) is None:
            continue
        if output is not None:
            folder, key = output, _target(s, kinds[s.path]).as_posix()
        else:  # in place: in each folder given, and in the folder of each file named (the hook's way)
            folder, key = _real(s.root), s.relative.as_posix()
        digest = site.file_digest(folder / key if output is not None else s.path)
        if digest is None:  # not written
            continue
        plan = plans.setdefault(folder, site.Plan(options=options))
        plan.pages[key], plan.digests[key] = stats[s.path], digest
    if output is None:
        for folder, plan in plans.items():  # a run over some of a folder's files keeps what the plan says of the others
            earlier = site.Plan.find(folder, options, strict=False)  # an unreadable one is replaced
            if earlier is not None:
                plan.pages = {**earlier.pages, **plan.pages}
                plan.digests = {**earlier.digests, **plan.digests}
    for folder, plan in plans.items():
        try:
            plan.save(folder / site.PLAN_FILE)
        except OSError as e:
            click.echo(f"warning: {folder / site.PLAN_FILE}: cannot keep the site counts ({e.strerror or e}); "
                       "cleaning this output again may remove more", err=True)


def _refuse_output_over_inputs(output: Path, inputs: Sequence[Path]) -> None:
    """-o must not be an input, nor a folder holding one: its cleaned copy would replace it (usage error, before
    anything is written). An output folder inside an input folder is fine: it is skipped when the inputs are found."""
    target = _real(output)
    for given in inputs:
        real = _real(given)
        if real == target or target in real.parents:
            what = "is" if real == target else "holds"
            raise click.UsageError(f"-o {output} {what} the input {given}: cleaning would write over it; "
                                   "choose an output folder outside the inputs (or --in-place)")


def _real(path: Path) -> Path:
    """`path` with its symbolic links resolved, as far as they go (a link loop is left as it is)."""
    return Path(os.path.realpath(path))


def _check_output_file(output: Path | None, inputs: Sequence[Path], what: str) -> None:
    """-o FILE (a JSONL output, a profile): not a folder, in a folder that exists, and not one of the inputs."""
    if output is None or output == Path("-"):
        return
    if output.is_dir():
        raise click.UsageError(f"-o {output} is a folder: {what} is one file")
    if not output.parent.is_dir():
        raise click.UsageError(f"-o {output}: no folder {output.parent}")
    for given in inputs:
        if given != Path("-") and _real(output) == _real(given):
            raise click.UsageError(f"-o {output} is the input {given}: writing {what} there would replace it")


def _jsonl_site_field(site_by: str, site_field: str | None, site_name: str | None) -> str | None:
    """The field naming a record's site: with --site-by host and neither --site-field nor --site, "url"."""
    if site_by == "host" and site_field is None and site_name is None:
        return "url"  # Scrapy's and most crawlers' field name
    return site_field


def _typed(ctx: click.Context, param: str) -> bool:
    """Whether the user gave this option on the command line (not a default, nor the configuration file)."""
    return ctx.get_parameter_source(param) == click.core.ParameterSource.COMMANDLINE


def _clean_jsonl(report: Report, path: Path, output: Path | None, cleaner: Cleaner, saved: site.SiteProfile | None,
                 site_name: str | None, field: str, record_stats: bool, site_field: str | None, strict: bool,
                 jobs: int, quiet: bool, by_host: bool = False, explain: bool = False, diff: bool = False) -> None:
    """Stream a JSONL file through the workers; exits with the report's code (2 on --strict stop).

    --explain prints one line per drop, `FILE:RECORD:FIRST-LAST pass reason` (RECORD: the record's
    line in the feed, FIRST-LAST: lines of its text), and --diff a unified diff per changed record,
    on stdout; the cleaned feed then goes only to -o (--diff writes none)."""
    from_stdin = path == Path("-")
    _check_output_file(output, [path], "the cleaned feed")
    if site_name is not None and site_field is not None:
        raise click.UsageError("give --site (one site for every record) or --site-field, not both")
    name = "<stdin>" if from_stdin else str(path)
    settings = jsonl.Settings(cleaner, field, record_stats, site_field, site_name, saved, by_host)
    counted = site_field is not None and saved is None  # the feed's own counts: kept beside -o, used again
    if counted:
        settings = _feed_counts(settings, path, name, jobs)
    settings = dataclasses.replace(settings, keep_drops=explain or report.audit is not None,
                                   keep_text=diff or report.audit is not None)
    source = jsonl.Input(sys.stdin.buffer) if from_stdin else jsonl.Input.open(path)
    tally = _Tally()
    try:
        with contextlib.ExitStack() as stack:
            out = _feed_output(stack, output, explain or diff)
            bar = None
            if not quiet and source.size and source.size > JSONL_PROGRESS_BYTES and sys.stderr.isatty():
                bar = stack.enter_context(click.progressbar(length=source.size, file=sys.stderr, label="cleaning"))
                stack.callback(setattr, report, "bar_shown", False)
                report.bar_shown = True
            _each_record(report, jsonl.clean_lines(source, settings, jobs), out, name, tally, strict, explain, diff,
                         bar, source)
    except _StrictStop:
        if not quiet:
            click.echo(report.summary() + " Stopped (--strict); nothing written to -o.", err=True)
        sys.exit(EXIT_ERROR)
    except files.InputError as e:  # the input broke off: -o is not written, stdout holds what came before
        written = "stdout holds the records before it" if output is None or output == Path("-") else "nothing written"
        click.echo(f"error: {name}: {e}; {written}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        source.close()
    _feed_warnings(name, tally, field, settings.profile)
    if counted and output is not None and output != Path("-"):
        _save_profile(settings.profile, _plan_of(output))
    if not quiet:
        click.echo(report.summary(), err=True)
    if tally.without_field and not tally.with_field:
        click.echo(f"error: {name}: no record has the field {field!r}: nothing was cleaned (--field names the "
                   "text to clean)", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(report.exit_code)


def _feed_counts(settings: jsonl.Settings, path: Path, name: str, jobs: int) -> jsonl.Settings:
    """`settings` with the feed's own site counts: those an earlier run kept beside it (`_plan_of`: the
    feed is that run's output), else every record counted by its site (the feed read once more)."""
    if path != Path("-") and _plan_of(path).is_file():
        return dataclasses.replace(settings, site=None, profile=_load_profile(_plan_of(path)))
    if path == Path("-"):
        raise click.UsageError("--site-field on stdin needs --profile (counting the sites reads the input twice)")
    source = jsonl.Input.open(path)
    try:
        counted = dataclasses.replace(settings, site=None, profile=jsonl.count_sites(source, settings, jobs))
    except files.InputError as e:
        click.echo(f"error: {name}: {e}; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        source.close()
    if not counted.profile.sites:
        by_host, site_field, field = settings.site_by_host, settings.site_field, settings.field
        flag, what = ("--site-by host", "a URL in its field") if by_host else (f"--site-field {site_field}", "the field")
        raise click.UsageError(f"{flag}: no record of {name} has {what} {site_field!r} "
                               f"(with a text field {field!r}); nothing written")
    return counted


def _feed_output(stack: contextlib.ExitStack, output: Path | None, stdout_taken: bool):
    """Where the cleaned feed goes: -o FILE (written all or nothing), else stdout, unless stdout holds
    explanations or diffs (then only to -o, or nowhere)."""
    to_stdout = output is None or output == Path("-")
    if stdout_taken:
        return _Nowhere() if to_stdout else stack.enter_context(jsonl.output(output))
    return sys.stdout.buffer if to_stdout else stack.enter_context(jsonl.output(output))


@dataclasses.dataclass
class _Tally:
    """What the records of a feed held, for the warnings and errors said once at the end."""

    with_field: int = 0
    without_field: int = 0
    unknown_sites: Counter = dataclasses.field(default_factory=Counter)  # sites named that the profile lacks


def _each_record(report: Report, outcomes, out, name: str, tally: _Tally, strict: bool, explain: bool, diff: bool,
                 bar, source) -> None:
    """Write every record's output line in order and say what happened to it."""
    done = 0
    for outcome in outcomes:
        if outcome.missing_field:
            tally.without_field += 1
            if tally.without_field > MAX_SAME_WARNINGS and not strict:
                report.skip()  # counted in the summary; said once more at the end
                out.write(outcome.data)
                continue
        elif outcome.status in ("cleaned", "unchanged", "failed"):
            tally.with_field += 1
        if outcome.unknown_site is not None:
            tally.unknown_sites[outcome.unknown_site] += 1
        if outcome.status in ("cleaned", "unchanged"):
            report.add_page(f"{name}:{outcome.number}", outcome.site, outcome.before, outcome.drops,
                            outcome.warnings, outcome.chars_in, outcome.chars_out)
        if explain:
            _explain(f"{name}:{outcome.number}", outcome.drops)
        if diff and outcome.before is not None:
            _diff(f"{name}:{outcome.number}", outcome.before, outcome.after)
        _report_record(name, outcome, report, strict)
        out.write(outcome.data)
        if bar is not None:
            position = source.position()
            bar.update(position - done)
            done = position


def _feed_warnings(name: str, tally: _Tally, field: str, profile: site.SiteProfile | None) -> None:
    """The warnings said once per feed: sites the profile lacks, records without the field past the first few."""
    for key, records in tally.unknown_sites.most_common(MAX_SAME_WARNINGS):
        click.echo(f"warning: {name}: no site {key!r} in the profile ({profile.names()}): {records} "
                   f"record{'s' * (records > 1)} cleaned without site counts", err=True)
    if len(tally.unknown_sites) > MAX_SAME_WARNINGS:
        click.echo(f"warning: {name}: {len(tally.unknown_sites) - MAX_SAME_WARNINGS} more sites not in the profile",
                   err=True)
    if tally.without_field > MAX_SAME_WARNINGS:
        click.echo(f"warning: {name}: {tally.without_field - MAX_SAME_WARNINGS} more records without the field "
                   f"{field!r}; passed through", err=True)


def _plan_of(feed: Path) -> Path:
    """Where the site counts a JSONL run cleaned `feed` with are kept: beside it, so that cleaning the
    output again with the same options uses them again and changes nothing."""
    return feed.with_name(feed.name + site.PLAN_FILE)


JSONL_PROGRESS_BYTES = 20_000_000  # smaller inputs finish before a bar would help


class _StrictStop(Exception):
    pass


class _Nowhere:
    """Where the cleaned feed goes when stdout holds explanations and no -o was given."""

    def write(self, data: bytes) -> None:
        pass


MAX_SAME_WARNINGS = 10  # records without the text field: said one by one up to this many, then counted


def _report_record(name: str, outcome, report: Report, strict: bool) -> None:
    if outcome.status == "blank":
        return
    if outcome.status == "skipped":
        report.say(record_message(name, outcome.number, outcome.message, error=strict))
        report.skip()
        if strict:
            raise _StrictStop
        return
    if outcome.status == "failed":
        report.say(record_message(name, outcome.number, outcome.message, error=True))
        report.fail()
        return
    report.done(outcome.chars_in, outcome.chars_out, outcome.status == "cleaned", outcome.warnings)
    for text in outcome.warnings:
        report.say(record_message(name, outcome.number, text))


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


def _discover(paths: Sequence[Path], patterns: Sequence[str], exclude: list[Path]) -> list[files.Source]:
    """Files named, and files under folders matching any of `patterns`; each once, in order."""
    found: list[files.Source] = []
    taken: set[Path] = set()  # a file given twice (under any spelling), or under two folders given, is one page
    for given in paths:
        seen: dict[Path, files.Source] = {}
        for pattern in patterns:
            try:
                for source in files.discover([given], pattern, exclude=exclude):
                    if _real(source.path) not in taken:
                        seen.setdefault(source.path, source)
            except ValueError as e:
                raise click.UsageError(f"--glob {e}") from None
        taken.update(_real(path) for path in seen)
        found.extend(sorted(seen.values(), key=lambda s: s.relative.as_posix()))
    return found


def _nothing_matched(paths: Sequence[Path], patterns: Sequence[str]) -> str:
    """What to say when the folders given hold no file the patterns match, with the kinds of files they do hold."""
    kinds: Counter = Counter()
    for given in paths:
        for _, folders, names in os.walk(given):
            folders[:] = [name for name in folders if not name.startswith(".")]  # as the walk for pages does
            kinds.update(Path(name).suffix or "(no suffix)" for name in names if not name.startswith("."))
    held = ", ".join(f"{n} {suffix} file{'s' * (n > 1)}" for suffix, n in kinds.most_common(3))
    top = kinds.most_common(1)[0][0] if kinds else ""
    hint = (f"; it holds {held}: give --glob '*{top}'"
            if top.startswith(".") and not any(p.endswith(top) for p in patterns) else "")
    return (f"no file in {', '.join(map(str, paths))} matches --glob {' '.join(repr(p) for p in patterns)}"
            f"{hint}")


def _is_html(path: Path, html: bool | None) -> bool:
    return html if html is not None else html_input.is_html_path(path.name)


def _target(source: files.Source, is_html: bool) -> Path:
    """Where -o writes a page: its relative path, with .txt for an HTML page."""
    return source.relative.with_suffix(".txt") if is_html else source.relative


def _check_html_targets(sources: list[files.Source], kinds: dict, output: Path | None, in_place: bool) -> None:
    if in_place and any(kinds.values()):
        shown = next(str(s.path) for s in sources if kinds[s.path])
        raise click.UsageError(f"--in-place would replace HTML with text ({shown}): write to -o OUT instead")
    if output is not None:
        targets: dict[Path, Path] = {}
        for source in sources:
            target = _target(source, kinds[source.path])
            if target in targets:
                raise click.UsageError(f"{targets[target]} and {source.path} would both be written as {output / target}")
            targets[target] = source.path


def _load_profile(path: Path) -> site.SiteProfile:
    try:
        return site.SiteProfile.load(path)
    except site.ProfileError as e:
        raise click.UsageError(str(e)) from e


def _read_quietly(path: Path, encoding: str | None, is_html: bool = False) -> str | None:
    """The text of a page for counting; unreadable pages are reported when they are cleaned."""
    try:
        return batch.read(path, encoding, is_html).text
    except files.InputError:
        return None


def _first_segment(stream: files.TextStream) -> str:
    """The first segment cleaning would cut from `stream`: where a 'URL:' first line is looked for."""
    return next(cut(stream.chunks(), SEGMENT_CHARS), "")


def _host_text(path: Path, encoding: str | None, is_html: bool = False) -> str | None:
    """The text `--site-by host` reads a page's host from ('URL:' first line): the page, or only the
    first segment of a file too large to hold, as cleaning it streams."""
    stream = None if is_html else files.TextStream.probe(path, encoding, min_bytes=files.STREAM_BYTES)
    if stream is None:
        return _read_quietly(path, encoding, is_html)
    try:
        return _first_segment(stream)
    except (UnicodeDecodeError, OSError):
        return None  # changed or gone since the probe: reported when the page is cleaned


def _site_stats(sources: list[files.Source], kinds: dict, site_by: str, saved: site.SiteProfile | None,
                site_name: str | None, split_eras: bool, encoding: str | None, jobs: int = 1) -> dict:
    """Phase one: each page's site counts, from a saved profile or from counting the inputs."""
    if saved is not None:
        stats = {}
        unknown: Counter = Counter()
        for source in sources:
            key = site_name
            if key is None and site_by != "none":
                text = _host_text(source.path, encoding, kinds[source.path]) if site_by == "host" else ""
                key = site.site_key(source.relative, source.root, text or "", site_by)
            stats[source.path] = saved.lookup(key)
            if stats[source.path] is None:
                unknown[key] += 1
        for key, pages in sorted(unknown.items(), key=lambda kv: str(kv[0])):
            what = f"no site {key!r}" if key is not None else "no site named (give --site)"
            click.echo(f"warning: {what} in the profile ({saved.names()}): {pages} page{'s' * (pages > 1)} "
                       "cleaned without site counts", err=True)
        return stats
    if site_by == "none":
        return {}
    tasks = [batch.PageTask(source, kinds[source.path], encoding, site_by) for source in sources]
    return batch.site_stats(tasks, jobs if len(tasks) > 1 else 1, split_eras)


def _stdin_site(saved: site.SiteProfile, site_name: str | None, host: str | None) -> site.SiteCounts | None:
    """The counts of the page on stdin: its --site, or the host of its 'URL:' line; said when neither is found."""
    stats = saved.lookup(site_name if site_name is not None else host)
    if stats is None:
        named = f"its host {host}" if host else "no 'URL:' line naming its host"
        click.echo(f"warning: <stdin>: {named}, no --site, and the profile holds {len(saved.sites)} sites "
                   f"({saved.names()}): cleaned without site counts; give --site NAME", err=True)
    return stats


def _clean_stdin(cleaner: Cleaner, saved: site.SiteProfile | None, site_name: str | None, report: Report,
                 check: bool, diff: bool, explain: bool, encoding: str | None, html: bool | None,
                 output_encoding: str | None = None) -> None:
    stdin = _binary_stream("stdin")
    data = stdin.read(files.STREAM_BYTES + 1)
    if len(data) > files.STREAM_BYTES:
        # Too large to hold: spooled to a temporary file, then read, cleaned and written segment by segment.
        with tempfile.NamedTemporaryFile(prefix="cleanpress-stdin-") as spool:
            spool.write(data)
            shutil.copyfileobj(stdin, spool, files.CHUNK_BYTES)
            spool.flush()
            stream = None if diff or html else files.TextStream.probe(Path(spool.name), encoding, output_encoding,
                                                                      min_bytes=0)
            if stream is not None and (html is False or not html_input.looks_like_html(_start(stream))):
                _clean_stdin_streamed(stream, cleaner, saved, site_name, report, check, explain, output_encoding)
                return
            spool.seek(0)
            data = spool.read()  # HTML, --diff, or an input to decode whole (and maybe refuse): as below
    try:
        decoded = files.decode(data, "<stdin>", encoding)
    except files.InputError as e:
        click.echo(f"error: {e}", err=True)
        report.fail()
        return
    if html or (html is None and html_input.looks_like_html(decoded.text)):
        decoded = files.Decoded(html_input.extract(decoded.text), "utf-8",
                                note=html_input.HTML_STRAY_BYTES if decoded.note else None)
        cleaner = cleaner.for_html
    stats = None
    if saved is not None:
        stats = _stdin_site(saved, site_name, site.host_of(decoded.text))
    result = _run(cleaner, decoded.text, stats, "<stdin>", report)
    if result is None:
        return
    report.done(len(decoded.text), len(result.text), result.changed, result.warnings)
    if decoded.note is not None:
        click.echo(report_warning("<stdin>", decoded.note), err=True)
    _warn("<stdin>", result)
    report.add_page("<stdin>", site_name, decoded.text, result.drops,
                (decoded.note,) * (decoded.note is not None) + result.warnings, len(decoded.text), len(result.text))
    out = _binary_stream("stdout")
    if explain:
        _explain("-", result.drops)
    if diff:
        _diff("-", decoded.text, result.text)
    if not (check or diff or explain):
        try:
            data = decoded.encode(result.text, output_encoding)
        except files.InputError as e:
            click.echo(f"error: <stdin>: {e}", err=True)
            report.fail()
            return
        out.write(data)
        out.flush()


def _start(stream: files.TextStream, chars: int = 2000) -> str:
    """The first `chars` characters of a stream (for the HTML sniff)."""
    start = ""
    for text in stream.chunks():
        start += text
        if len(start) >= chars:
            break
    return start[:chars]


def _clean_stdin_streamed(stream: files.TextStream, cleaner: Cleaner, saved: site.SiteProfile | None,
                          site_name: str | None, report: Report, check: bool, explain: bool,
                          output_encoding: str | None) -> None:
    """`_clean_stdin` for a large input (spooled to `stream`): the same output, one segment at a time."""
    stats = None
    if saved is not None:  # the host of a 'URL:' first line, looked for in the first segment
        stats = _stdin_site(saved, site_name, site.host_of(_first_segment(stream)))
    cleaning = Stream(cleaner.passes, cleaner.context(stats), keep_drops=explain or report.audit is not None)
    pieces = cleaning.clean(stream.chunks())
    try:
        if check or explain:
            for _ in pieces:
                pass
        else:
            out = _binary_stream("stdout")
            stream.encoder(output_encoding).write(pieces, out)
            out.flush()
    except PatternError as e:
        click.echo(f"error: <stdin>: {e}", err=True)
        report.fail()
        return
    report.done(cleaning.chars_in, cleaning.chars_out, cleaning.changed, cleaning.warnings())
    for text in cleaning.warnings():
        click.echo(report_warning("<stdin>", text), err=True)
    report.add_page("<stdin>", site_name, None, cleaning.sorted_drops() if report.audit is not None else (), cleaning.warnings(),
                cleaning.chars_in, cleaning.chars_out)  # too large to hold: its drops without its text
    if explain:
        _explain("-", cleaning.sorted_drops())


def _run(cleaner: Cleaner, text: str, stats, shown: str, report: Report) -> Cleaned | None:
    try:
        return run(text, cleaner.passes, cleaner.context(stats))
    except PatternError as e:
        click.echo(f"error: {shown}: {e}", err=True)
        report.fail()
        return None


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


def _report_file(outcome: batch.Outcome, report: Report, check: bool, diff: bool, explain: bool,
                 to_stdout: bool, in_place: bool) -> None:
    """Say what happened to one file, in input order (the worker has already written it)."""
    if outcome.error is not None:
        report.say(f"error: {outcome.error}")
        report.fail()
        return
    shown = str(outcome.path)
    report.done(outcome.chars_in, outcome.chars_out, outcome.changed, outcome.warnings)
    for text in outcome.notices:
        report.say(report_warning(shown, text))
    if check and outcome.changed:
        report.say(f"Would clean {shown}")
    if explain:
        _explain(shown, outcome.drops)
    if diff and outcome.changed:
        _diff(shown, outcome.before, outcome.after)
    if outcome.write_error is not None:
        report.say(f"error: {shown}: cannot write: {outcome.write_error}")
        report.fail()
    elif to_stdout and outcome.data is not None:  # None: a large file, already streamed to stdout
        out = _binary_stream("stdout")
        out.write(outcome.data)
        out.flush()
    elif in_place and outcome.written:
        report.say(f"Cleaning {shown}")


def _warn(shown: str, result: Cleaned) -> None:
    """Losses are never silent: an emptied page, or one that lost most of its prose, is named on stderr."""
    for text in result.warnings:
        click.echo(report_warning(shown, text), err=True)


def _explain(shown: str, drops) -> None:
    for drop in drops:
        click.echo(f"{shown}:{drop.first}-{drop.last} {drop.pass_name} {drop.reason}")


def _diff(shown: str, before: str, after: str) -> None:
    if before == after:
        return
    # The cleaner's lines (LF, CRLF, CR), not str.splitlines', which also cuts at \x0c, \x85 and U+2028.
    lines = difflib.unified_diff(split_lines(before), split_lines(after), fromfile=shown, tofile=f"{shown} (cleaned)")
    for line in lines:
        click.echo(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n", nl=False)


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
    _check_output_file(output, [jsonl] if jsonl is not None else [], "the profile")
    saved = _load_profile(output) if merge_with and output.exists() else site.SiteProfile()  # before reading it all
    if jsonl is not None:
        found, summary = _learn_jsonl(ctx, paths, jsonl, field, site_by, site_field, site_name, jobs)
        _save_profile(saved.merge(found.profile), output)
        if not quiet:
            click.echo(f"{found.counted} records counted into {output}: {summary}.", err=True)
        sys.exit(0)
    failed = skipped = counted = 0
    learned = site.SiteProfile()
    sources = _discover(paths, [pattern], exclude=[])
    if not sources:
        raise click.UsageError(_nothing_matched(paths, [pattern]))
    _check_output_file(output, [source.path for source in sources], "the profile")
    tasks = [batch.PageTask(source, _is_html(source.path, None), encoding, site_by) for source in sources]
    for page in batch.count_pages(tasks):  # read as `clean` reads a page: an HTML page's extracted text
        if page.error is not None:
            click.echo(f"error: {page.error}", err=True)
            failed += 1
            continue
        key = site_name or page.site
        if key is None:
            click.echo(f"warning: {page.path}: no site found (no 'URL:' first line); not counted", err=True)
            skipped += 1
            continue
        learned.add(key, page.fingerprints)
        counted += 1
    _save_profile(saved.merge(learned), output)
    if not quiet:
        click.echo(f"{counted} pages counted into {output}: {_sites_summary(learned)}"
                   + (f"; {skipped} without a site" if skipped else "")
                   + (f"; {failed} unreadable" if failed else "") + ".", err=True)
    sys.exit(EXIT_ERROR if failed else 0)


def _learn_jsonl(ctx: click.Context, paths: tuple[Path, ...], path: Path, field: str, site_by: str,
                 site_field: str | None, site_name: str | None, jobs: int | None) -> tuple[jsonl.Counted, str]:
    """`learn --jsonl`: every record counted into its site, in one read (so stdin works too); the
    counts and the summary's sites part. Exits 2 when no record could be counted."""
    if paths:
        raise click.UsageError("--jsonl reads one file (or '-'): no other PATHS")
    if _typed(ctx, "encoding") or _typed(ctx, "pattern"):
        raise click.UsageError("--encoding and --glob go with PATHS: JSON Lines are UTF-8")
    if site_name is not None and site_field is not None:
        raise click.UsageError("give --site (one site for every record) or --site-field, not both")
    by_host = site_by == "host"
    site_field = _jsonl_site_field(site_by, site_field, site_name)
    if site_name is None and site_field is None:
        raise click.UsageError("--jsonl: name each record's site with --site-field FIELD, --site-by host "
                               "(the host of each record's 'url') or --site NAME (one site for all)")
    settings = jsonl.Settings(None, field, site_field=site_field, site=site_name, site_by_host=by_host)
    name = "<stdin>" if path == Path("-") else str(path)
    source = jsonl.Input(sys.stdin.buffer) if path == Path("-") else jsonl.Input.open(path)
    try:
        found = jsonl.count_records(source, settings, jobs or batch.default_jobs())
    except files.InputError as e:
        click.echo(f"error: {name}: {e}; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        source.close()
    where = f"a URL with a host in '{site_field}'" if by_host else f"a site in '{site_field}'"
    needs = " and ".join([f"a string field '{field}'"] + ([where] if site_field else []))
    if not found.counted:
        click.echo(f"error: {name}: no record counted ({found.records} read; each needs to be a JSON object "
                   f"with {needs}); nothing written", err=True)
        sys.exit(EXIT_ERROR)
    missed = found.records - found.counted
    return found, _sites_summary(found.profile) + (
        f"; {missed} not counted (not a JSON object, or without {needs})" if missed else "")


def _sites_summary(profile: site.SiteProfile) -> str:
    return ", ".join(f"{name} ({counts.pages})" for name, counts in sorted(profile.sites.items())) or "no site"


def _save_profile(profile: site.SiteProfile, output: Path) -> None:
    """Write `profile` to `output`; exit 2 when it cannot."""
    try:
        profile.save(output)
    except OSError as e:
        click.echo(f"error: {output}: cannot write: {e.strerror or e}", err=True)
        sys.exit(EXIT_ERROR)


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
