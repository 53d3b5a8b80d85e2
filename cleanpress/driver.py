"""The one driver under the CLI: read pages, plan their sites' counts, clean them, write them.

The flow of a page (see STYLE.md): **sources** (files and folders found, stdin,
JSONL records), **sites** (each page's counts: a plan an earlier run kept, a
profile, or the inputs counted now: `batch.count_pages` for files and
`jsonl.fingerprint_records` for records are the map, `site.plan` the one
reduce that splits sites into template eras, for folders and feeds alike),
**run** (`batch.clean_pages`: every page, of a file, stdin or a feed, cleaned
and written by the workers, outcomes in input order), **report** (`Report`:
counters, wording, the audit report, exit codes).

`cleanpress.cli` checks the options, builds the `Cleaner` and the `Mode`, and
makes one call here: `clean_paths`, `clean_stdin`, `clean_feed`, `learn_paths`
or `learn_feed`. No Click here: a misuse is a `UsageError` the CLI shows as
one, an end with an exit code is `Stop`, and every message goes through the
`Report` (stderr) or `Report.write` (stdout).
"""
from __future__ import annotations

import contextlib
import dataclasses
import difflib
import enum
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import batch, files, jsonl, site
from . import html as html_input
from .cleaner import Cleaner
from .pipeline import split_lines
from .report import EXIT_ERROR, Report, record_message
from .report import warning as report_warning


class UsageError(ValueError):
    """Options or inputs that do not go together; nothing was written. The CLI shows it as a usage error."""


class Stop(Exception):
    """The run ends here with this exit code (what went wrong was said already)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Mode(enum.Flag):
    """What a run does with each cleaned page: one value instead of five switches. EXPLAIN goes with any
    other mode (it only adds lines on stdout); CHECK and DIFF write nothing and go together."""

    WRITE = enum.auto()  # -o OUT: a cleaned copy in the output folder (or the cleaned feed in -o FILE)
    IN_PLACE = enum.auto()  # the input rewritten, when it changed
    STDOUT = enum.auto()  # the cleaned text on stdout
    CHECK = enum.auto()  # nothing written; "Would clean" and exit 1 when something would be removed
    DIFF = enum.auto()  # a unified diff on stdout
    EXPLAIN = enum.auto()  # one line per drop on stdout


SITE_BY = site.SITE_BY  # the ways to group pages into sites: folder, host, none
SiteProfile = site.SiteProfile  # what `load_profile` gives (for the CLI's annotations)


def _no_progress(items: Iterable, length: int):
    return contextlib.nullcontext(items)


def _binary_stream(name: str):
    """The byte stream under `sys.stdin` or `sys.stdout` (Click's `get_binary_stream` is deprecated
    and goes in Click 9). Looked up on every call: a test runner swaps the streams."""
    stream = getattr(sys, name)
    binary = getattr(stream, "buffer", None)
    if binary is None:
        raise UsageError(f"{name} is not a byte stream: cleanpress reads and writes bytes")
    return binary


@contextlib.contextmanager
def audit_to(report: Report, path: Path | None, inputs: Sequence[Path], quiet: bool = False,
             also: Sequence[Path] = ()):
    """Write the audit report of the run inside the block to `path` (atomically), with every page the
    run adds to `report`; a usage error inside the block leaves no file. `path` may be none of the
    `inputs` nor of the other files the run reads or writes (`also`: a profile, -o)."""
    if path is None:
        yield
        return
    _check_output_file(path, [p for p in [*inputs, *also] if p != Path("-")], "the report", "--report")
    title = ", ".join(str(p) for p in inputs) or "<stdin>"
    with files.open_atomic(path) as out:
        from .audit import AuditReport

        report.audit, report.audit_path = AuditReport(out, title), path  # the files found are checked against it
        try:
            yield
        finally:
            written, report.audit, report.audit_path = report.audit, None, None
        written.close()
    if not quiet:
        report.say(f"audit report: {path}")


def _sources(paths: tuple[Path, ...], patterns: tuple[str, ...], output: Path | None) -> list[files.Source]:
    """The files PATHS name and hold, once it is sure that -o writes over none of them."""
    if Path("-") in paths:
        raise UsageError("'-' (stdin) cannot be mixed with paths")
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    sources = _discover(paths, patterns, exclude=[output] if output else [])
    if output is not None:
        _refuse_output_over_inputs(output, [*paths, *(source.path for source in sources)])
    if not sources:
        raise UsageError(_nothing_matched(paths, patterns))
    return sources


def clean_paths(report: Report, cleaner: Cleaner, paths: Sequence[Path], mode: Mode, *, output: Path | None = None,
                patterns: Sequence[str] = ("*.txt",), html: bool | None = None, encoding: str | None = None,
                output_encoding: str | None = None, saved: site.SiteProfile | None = None, site_by: str = "folder",
                site_name: str | None = None, split_eras: bool = True, jobs: int | None = None, quiet: bool = False,
                progress: Callable = _no_progress) -> None:
    """Files and folders: each page's site counts (`plan_paths`), then every page cleaned and written by
    the workers, reported in input order (`progress(outcomes, n)` may wrap them in a progress bar)."""
    in_place, diff, explain, to_stdout = (m in mode for m in (Mode.IN_PLACE, Mode.DIFF, Mode.EXPLAIN, Mode.STDOUT))
    if (Mode.WRITE in mode) != (output is not None) or (in_place and output is not None):
        raise UsageError(f"mode {mode!r} and output {output}: Mode.WRITE goes with an output folder, and only it")
    sources = _sources(paths, patterns, output)
    if to_stdout and (len(sources) != 1 or paths[0].is_dir()):
        raise UsageError("several inputs: give -o OUT, --in-place, --check, --diff or --explain")
    kinds = {source.path: _is_html(source.path, html) for source in sources}
    _check_output_file(report.audit_path, [source.path for source in sources], "the report", "--report")
    if report.audit_path is not None and output is not None:
        written = [output / site.PLAN_FILE, *(output / _target(s, kinds[s.path]) for s in sources)]
        if _real(report.audit_path) in {_real(path) for path in written}:
            raise UsageError(f"--report {report.audit_path} is a file this run writes in -o {output}: choose another")
    _check_html_targets(sources, kinds, output, in_place)
    jobs = jobs or batch.default_jobs()
    grouping = {"site_by": site_by, "eras": split_eras}  # what a saved plan must have been counted with
    stats, own = plan_paths(report, sources, kinds, grouping, saved, site_name, encoding, jobs)
    tasks = [batch.CleanTask(s, kinds[s.path], stats.get(s.path),
                             output / _target(s, kinds[s.path]) if output is not None else None,
                             in_place, keep_text=diff or to_stdout or report.audit is not None, to_stdout=to_stdout,
                             keep_drops=explain or report.audit is not None, own=own.get(s.path, (None, None))[0],
                             own_digest=own.get(s.path, (None, None))[1])
             for s in sources]
    site_of = {s.path: (s.relative.parent.as_posix() if s.relative.parent != Path(".") else s.root.name)
               for s in sources}
    settings = batch.Settings(cleaner, encoding, output, durable=False,  # -o: the inputs are still there
                              output_encoding=output_encoding,
                              stdout=_binary_stream("stdout") if to_stdout else None)
    outcomes = batch.clean_files(tasks, settings, jobs if len(tasks) > 1 else 1)
    digests = {}  # the bytes each worker left at its page's place, for the plan
    with progress(outcomes, len(tasks)) as shown_outcomes:
        for outcome in shown_outcomes:
            digests[outcome.path] = outcome.digest
            if outcome.own_counts:  # the plan's counts for this very page: what the next plan keeps for it
                stats[outcome.path] = own[outcome.path][0]
            _report_file(outcome, report, mode)
            if outcome.error is None:
                report.add_page(str(outcome.path), site_of.get(outcome.path), outcome.before, outcome.drops,
                            outcome.notices, outcome.chars_in, outcome.chars_out)
    if saved is None and site_by != "none" and (output is not None or in_place):
        _save_plans(report, sources, stats, kinds, output, grouping, digests)
    elif output is not None and (output / site.PLAN_FILE).is_file():
        (output / site.PLAN_FILE).unlink()  # its counts are not those of the pages written now
    if not quiet and (len(sources) > 1 or not to_stdout):
        report.say(report.summary())


def plan_paths(report: Report, sources: Sequence[files.Source], kinds: dict[Path, bool], grouping: dict,
               saved: site.SiteProfile | None = None, site_name: str | None = None, encoding: str | None = None,
               jobs: int = 1) -> tuple[dict[Path, site.SiteCounts | None], dict[Path, tuple[site.SiteCounts, str]]]:
    """({path: the site counts to clean the page with}, {path: (a plan's counts for this very page, the digest
    of the bytes they were for)}): from the profile `saved`; else from a plan kept by an earlier run with the
    same `grouping` (site_by, eras), and the other pages counted now. Which of a planned page's counts apply
    is told by the worker that reads it (`batch.CleanTask.own`): the page's bytes are read once."""
    site_by = grouping["site_by"]
    readable = [s for s in sources if not s.refused]
    planned, own = _planned(readable, grouping) if saved is None and site_by != "none" else ({}, {})
    return {**_site_stats(report, [s for s in readable if s.path not in planned], kinds, site_by, saved, site_name,
                          grouping["eras"], encoding, jobs), **planned}, own


def _planned(sources: Sequence[files.Source], options: dict) -> tuple[dict, dict]:
    """The counts of the pages a saved plan knows (`site.PLAN_FILE` in the folder they were given in, by an earlier
    run with the same grouping `options`): ({path: counts}, {path: (own counts, digest)}). A page the plan was
    written for, unchanged (its bytes have the digest), gets its own entry; a page it was not (new, or edited
    since) gets the counts the plan gave the pages of its folder, the site as that run counted it. Pages of
    folders the plan knows nothing of are counted as usual."""
    found, own = {}, {}
    plans: dict[Path, site.Plan | None] = {}
    for source in sources:
        folder = _real(source.root)
        if folder not in plans:
            try:
                plans[folder] = site.Plan.find(folder, options)
            except site.ProfileError as e:
                raise UsageError(str(e)) from e
        plan = plans[folder]
        if plan is None:
            continue
        key = source.relative.as_posix()
        if key in plan.pages and plan.digests.get(key) is not None:
            own[source.path] = (plan.pages[key], plan.digests[key])
        counts = plan.folder_counts(source.relative.parent.as_posix())
        if counts is not None:
            found[source.path] = counts
    return found, own


def _save_plans(report: Report, sources: Sequence[files.Source], stats: dict, kinds: dict, output: Path | None,
                options: dict, digests: dict[Path, str | None]) -> None:
    """Keep the counts each page was cleaned with beside what was written (`site.Plan`): in the output folder,
    or in each folder cleaned in place, so that cleaning the result again changes nothing. `digests`: what the
    workers know of the bytes they left (a file they did not say is read here)."""
    plans: dict[Path, site.Plan] = {}
    for s in sources:
        if stats.get(s.path) is None:
            continue
        if output is not None:
            folder, key = output, _target(s, kinds[s.path]).as_posix()
        else:  # in place: in each folder given, and in the folder of each file named (the hook's way)
            folder, key = _real(s.root), s.relative.as_posix()
        digest = digests.get(s.path) or site.file_digest(folder / key if output is not None else s.path)
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
            report.say(f"warning: {folder / site.PLAN_FILE}: cannot keep the site counts ({e.strerror or e}); "
                       "cleaning this output again may remove more")


def _refuse_output_over_inputs(output: Path, inputs: Sequence[Path]) -> None:
    """-o must not be an input, nor a folder holding one: its cleaned copy would replace it (usage error, before
    anything is written). An output folder inside an input folder is fine: it is skipped when the inputs are found."""
    target = _real(output)
    for given in inputs:
        real = _real(given)
        if real == target or target in real.parents:
            what = "is" if real == target else "holds"
            raise UsageError(f"-o {output} {what} the input {given}: cleaning would write over it; "
                                   "choose an output folder outside the inputs (or --in-place)")


def _real(path: Path) -> Path:
    """`path` with its symbolic links resolved, as far as they go (a link loop is left as it is)."""
    return Path(os.path.realpath(path))


def _check_output_file(output: Path | None, inputs: Sequence[Path], what: str, flag: str = "-o") -> None:
    """-o FILE (a JSONL output, a profile), --report FILE: not a folder, in a folder that exists, and not one
    of the inputs."""
    if output is None or output == Path("-"):
        return
    if output.is_dir():
        raise UsageError(f"{flag} {output} is a folder: {what} is one file")
    if not output.parent.is_dir():
        raise UsageError(f"{flag} {output}: no folder {output.parent}")
    for given in inputs:
        if given != Path("-") and _real(output) == _real(given):
            raise UsageError(f"{flag} {output} is the input {given}: writing {what} there would replace it")


def feed_site_field(site_by: str, site_field: str | None, site_name: str | None) -> str | None:
    """The field naming a record's site: with --site-by host and neither --site-field nor --site, "url"."""
    if site_by == "host" and site_field is None and site_name is None:
        return "url"  # Scrapy's and most crawlers' field name
    return site_field


def clean_feed(report: Report, cleaner: Cleaner, path: Path, mode: Mode, *, output: Path | None = None,
               saved: site.SiteProfile | None = None, site_name: str | None = None, field: str = "text",
               record_stats: bool = False, site_field: str | None = None, by_host: bool = False, strict: bool = False,
               split_eras: bool = True, jobs: int | None = None, quiet: bool = False,
               progress_bar: Callable | None = None) -> int:
    """Stream a JSONL file through the workers; the exit code (`Stop` with 2 on a --strict stop).

    EXPLAIN prints one line per drop, `FILE:RECORD:FIRST-LAST pass reason` (RECORD: the record's
    line in the feed, FIRST-LAST: lines of its text), and DIFF a unified diff per changed record,
    on stdout; the cleaned feed then goes only to -o (DIFF writes none). `progress_bar(length)`, when
    given, is a bar over the input's bytes for a large file read in a terminal."""
    explain, diff = Mode.EXPLAIN in mode, Mode.DIFF in mode
    jobs = jobs or batch.default_jobs()
    from_stdin = path == Path("-")
    _check_output_file(output, [path], "the cleaned feed")
    if site_name is not None and site_field is not None:
        raise UsageError("give --site (one site for every record) or --site-field, not both")
    name = "<stdin>" if from_stdin else str(path)
    settings = jsonl.Settings(cleaner, field, record_stats, site_field, site_name, saved, by_host)
    counted = site_field is not None and saved is None  # the feed's own counts: kept beside -o, used again
    if counted:
        settings = _feed_counts(report, settings, path, name, jobs, split_eras)
    settings = dataclasses.replace(settings, keep_drops=explain or report.audit is not None,
                                   keep_text=diff or report.audit is not None)
    source = jsonl.Input(sys.stdin.buffer) if from_stdin else jsonl.Input.open(path)
    tally = _Tally()
    try:
        with contextlib.ExitStack() as stack:
            out = _feed_output(stack, output, explain or diff)
            bar = None
            if (progress_bar is not None and not quiet and source.size and source.size > JSONL_PROGRESS_BYTES
                    and sys.stderr.isatty()):
                bar = stack.enter_context(progress_bar(source.size))
                stack.callback(setattr, report, "bar_shown", False)
                report.bar_shown = True
            _each_record(report, jsonl.clean_lines(source, settings, jobs), out, name, tally, strict, explain, diff,
                         bar, source)
    except _StrictStop:
        if not quiet:
            report.say(report.summary() + " Stopped (--strict); nothing written to -o.")
        raise Stop(EXIT_ERROR)
    except files.InputError as e:  # the input broke off: -o is not written, stdout holds what came before
        written = "stdout holds the records before it" if output is None or output == Path("-") else "nothing written"
        report.say(f"error: {name}: {e}; {written}")
        raise Stop(EXIT_ERROR)
    finally:
        source.close()
    _feed_warnings(report, name, tally, field, settings.profile)
    if counted and output is not None and output != Path("-"):
        _save_feed_counts(report, settings, output, _feed_grouping(settings, split_eras))
    elif output is not None and output != Path("-") and _plan_of(output).is_file():
        _plan_of(output).unlink()  # its counts are not those of the records written now
    if not quiet:
        report.say(report.summary())
    if tally.without_field and not tally.with_field:
        report.say(f"error: {name}: no record has the field {field!r}: nothing was cleaned (--field names the "
                   "text to clean)")
        raise Stop(EXIT_ERROR)
    return report.exit_code


def _feed_counts(report: Report, settings: jsonl.Settings, path: Path, name: str, jobs: int,
                 split_eras: bool) -> jsonl.Settings:
    """`settings` with the feed's own site counts: those an earlier run kept beside it (`_plan_of`: the
    feed is that run's output), else every record planned as a folder of the same pages is (the feed read
    once more: `jsonl.plan_records`, sites and template eras)."""
    if path != Path("-") and _plan_of(path).is_file():
        kept = _kept_feed_counts(settings, _plan_of(path), path, _feed_grouping(settings, split_eras))
        if kept is not None:
            return kept
        report.say(f"warning: {_plan_of(path)}: its site counts are not those of this version of {name} or of "
                   "these options; the feed's sites are counted again")
    if path == Path("-"):
        raise UsageError("--site-field on stdin needs --profile (counting the sites reads the input twice)")
    source = jsonl.Input.open(path)
    try:
        planned = jsonl.plan_records(source, settings, jobs, split_eras)
    except files.InputError as e:
        report.say(f"error: {name}: {e}; nothing written")
        raise Stop(EXIT_ERROR)
    finally:
        source.close()
    if not planned:
        by_host, site_field, field = settings.site_by_host, settings.site_field, settings.field
        flag, what = ("--site-by host", "a URL in its field") if by_host else (f"--site-field {site_field}", "the field")
        raise UsageError(f"{flag}: no record of {name} has {what} {site_field!r} "
                               f"(with a text field {field!r}); nothing written")
    return dataclasses.replace(settings, site=None, record_counts=planned)


def _feed_grouping(settings: jsonl.Settings, split_eras: bool) -> dict[str, object]:
    """What a feed's plan depends on besides its bytes: the text field and how records are grouped into sites."""
    return {"field": settings.field, "site_field": settings.site_field, "site_by_host": settings.site_by_host,
            "eras": split_eras}


def _kept_feed_counts(settings: jsonl.Settings, kept: Path, feed: Path,
                      grouping: dict[str, object]) -> jsonl.Settings | None:
    """`settings` with the counts kept by the run that wrote the feed: each record's (a `site.Plan` by line
    number), or, kept by an earlier version, one profile of the sites. None when the plan is not this feed's:
    it was written for other bytes (records edited, added, dropped or reordered since: a line number would
    give a record another record's counts) or other grouping options."""
    try:
        plan = site.Plan.load(kept)
    except site.ProfileError:
        return dataclasses.replace(settings, site=None, profile=load_profile(kept))
    if plan.options != grouping or plan.digests.get(FEED_DIGEST) != site.file_digest(feed):
        return None
    try:
        counts = {int(n): c for n, c in plan.pages.items()}
    except ValueError:  # options and digest of a feed, pages of a folder: written by hand
        raise UsageError(f"{kept}: not the site counts of a cleaned feed (its pages are not record line numbers); "
                         "remove it") from None
    return dataclasses.replace(settings, site=None, record_counts=counts)


FEED_DIGEST = "feed"  # a feed plan's one digest: of the whole cleaned feed it was written beside


def _save_feed_counts(report: Report, settings: jsonl.Settings, output: Path, grouping: dict[str, object]) -> None:
    """Keep the counts the feed was cleaned with beside the cleaned feed (`_plan_of`), so that cleaning it
    again with the same options uses them again: by record line number (an output keeps its records' lines),
    with the digest of the feed written, so that they apply to those very bytes only."""
    if settings.record_counts is None:
        _save_profile(report, settings.profile, _plan_of(output))
        return
    plan = site.Plan({str(n): c for n, c in settings.record_counts.items()},
                     digests={FEED_DIGEST: site.file_digest(output) or ""}, options=grouping)
    try:
        plan.save(_plan_of(output))
    except OSError as e:
        report.say(f"error: {_plan_of(output)}: cannot write: {e.strerror or e}")
        raise Stop(EXIT_ERROR)


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
            _explain(report, f"{name}:{outcome.number}", outcome.drops)
        if diff and outcome.before is not None:
            _diff(report, f"{name}:{outcome.number}", outcome.before, outcome.after)
        _report_record(name, outcome, report, strict)
        out.write(outcome.data)
        if bar is not None:
            position = source.position()
            bar.update(position - done)
            done = position


def _feed_warnings(report: Report, name: str, tally: _Tally, field: str, profile: site.SiteProfile | None) -> None:
    """The warnings said once per feed: sites the profile lacks, records without the field past the first few."""
    for key, records in tally.unknown_sites.most_common(MAX_SAME_WARNINGS):
        report.say(f"warning: {name}: no site {key!r} in the profile ({profile.names()}): {records} "
                   f"record{'s' * (records > 1)} cleaned without site counts")
    if len(tally.unknown_sites) > MAX_SAME_WARNINGS:
        report.say(f"warning: {name}: {len(tally.unknown_sites) - MAX_SAME_WARNINGS} more sites not in the profile")
    if tally.without_field > MAX_SAME_WARNINGS:
        report.say(f"warning: {name}: {tally.without_field - MAX_SAME_WARNINGS} more records without the field "
                   f"{field!r}; passed through")


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
                raise UsageError(f"--glob {e}") from None
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
        raise UsageError(f"--in-place would replace HTML with text ({shown}): write to -o OUT instead")
    if output is not None:
        targets: dict[Path, Path] = {}
        for source in sources:
            target = _target(source, kinds[source.path])
            if target in targets:
                raise UsageError(f"{targets[target]} and {source.path} would both be written as {output / target}")
            targets[target] = source.path


def load_profile(path: Path) -> site.SiteProfile:
    try:
        return site.SiteProfile.load(path)
    except site.ProfileError as e:
        raise UsageError(str(e)) from e


def _site_stats(report: Report, sources: list[files.Source], kinds: dict, site_by: str, saved: site.SiteProfile | None,
                site_name: str | None, split_eras: bool, encoding: str | None, jobs: int = 1) -> dict:
    """Phase one: each page's site counts, from a saved profile or from counting the inputs."""
    if saved is not None:
        stats = {}
        unknown: Counter = Counter()
        keys = {source.path: site_name if site_name is not None else site.site_key(source.relative, source.root, "",
                                                                                   site_by) for source in sources}
        if site_name is None and site_by == "host":  # a page's host is read as counting reads it
            tasks = [batch.PageTask(source, kinds[source.path], encoding, site_by, fingerprints=False)
                     for source in sources]
            keys = {page.path: page.site for page in batch.count_pages(tasks, jobs if len(tasks) > 1 else 1)}
        for source in sources:
            key = keys[source.path]
            stats[source.path] = saved.lookup(key)
            if stats[source.path] is None:
                unknown[key] += 1
        for key, pages in sorted(unknown.items(), key=lambda kv: str(kv[0])):
            what = f"no site {key!r}" if key is not None else "no site named (give --site)"
            report.say(f"warning: {what} in the profile ({saved.names()}): {pages} page{'s' * (pages > 1)} "
                       "cleaned without site counts")
        return stats
    if site_by == "none":
        return {}
    tasks = [batch.PageTask(source, kinds[source.path], encoding, site_by) for source in sources]
    return batch.site_stats(tasks, jobs if len(tasks) > 1 else 1, split_eras)


def clean_stdin(report: Report, cleaner: Cleaner, mode: Mode, *, saved: site.SiteProfile | None = None,
                site_name: str | None = None, encoding: str | None = None, html: bool | None = None,
                output_encoding: str | None = None) -> None:
    """The page on stdin, cleaned as a file given by name is (`batch.clean_files`): read whole, or spooled
    and cleaned segment by segment when too large to hold; HTML (by --html, or by its look) is extracted."""
    if mode & (Mode.WRITE | Mode.IN_PLACE):
        raise UsageError("stdin is cleaned to stdout: -o and --in-place need files (redirect stdout instead)")
    stdin = _binary_stream("stdin")
    data: bytes | None = stdin.read(files.STREAM_BYTES + 1)
    with contextlib.ExitStack() as stack:
        source = files.Source(Path("-"), Path("-"), Path("."))
        if len(data) > files.STREAM_BYTES:  # too large to hold: spooled to a temporary file, read as a large file is
            spool = stack.enter_context(tempfile.NamedTemporaryFile(prefix="cleanpress-stdin-"))
            spool.write(data)
            shutil.copyfileobj(stdin, spool, files.CHUNK_BYTES)
            spool.flush()
            source, data = files.Source(Path(spool.name), Path("-"), Path(".")), None
        to_stdout, audit = Mode.STDOUT in mode, report.audit is not None
        page = batch.CleanTask(source, html, to_stdout=to_stdout, data=data, shown="<stdin>", by_profile=saved is not None,
                               keep_text=Mode.DIFF in mode or to_stdout or (audit and data is not None),
                               keep_drops=Mode.EXPLAIN in mode or audit)
        settings = batch.Settings(cleaner, encoding, durable=False, output_encoding=output_encoding, profile=saved,
                                  site_name=site_name, stdout=_binary_stream("stdout") if to_stdout else None)
        for outcome in batch.clean_files([page], settings):
            if outcome.missing_site:
                named = f"its host {outcome.host}" if outcome.host else "no 'URL:' line naming its host"
                report.say(f"warning: <stdin>: {named}, no --site, and the profile holds {len(saved.sites)} sites "
                           f"({saved.names()}): cleaned without site counts; give --site NAME")
            _report_file(outcome, report, mode, shown="<stdin>", listed="-", say_would_clean=False)
            if outcome.error is None:
                report.add_page("<stdin>", site_name, outcome.before, outcome.drops, outcome.notices,
                                outcome.chars_in, outcome.chars_out)


def _report_file(outcome: batch.Outcome, report: Report, mode: Mode, shown: str | None = None,
                 listed: str | None = None, say_would_clean: bool = True) -> None:
    """Say what happened to one file, in input order (the worker has already written it). `shown` names the
    page in messages, `listed` in explanations and diffs (stdin: "<stdin>" and "-"; a file: its path).
    `say_would_clean`: --check names the page (not stdin, which has no path to act on)."""
    if outcome.error is not None:
        report.say(f"error: {outcome.error}")
        report.fail()
        return
    shown = shown if shown is not None else str(outcome.path)
    listed = listed if listed is not None else shown
    report.done(outcome.chars_in, outcome.chars_out, outcome.changed, outcome.warnings)
    for text in outcome.notices:
        report.say(report_warning(shown, text))
    if Mode.CHECK in mode and outcome.changed and say_would_clean:
        report.say(f"Would clean {shown}")
    if Mode.EXPLAIN in mode:
        _explain(report, listed, outcome.drops)
    if Mode.DIFF in mode and outcome.changed:
        _diff(report, listed, outcome.before, outcome.after)
    if outcome.write_error is not None:
        report.say(f"error: {shown}: cannot write: {outcome.write_error}")
        report.fail()
    elif Mode.STDOUT in mode and outcome.data is not None:  # None: a large file, already streamed to stdout
        out = _binary_stream("stdout")
        out.write(outcome.data)
        out.flush()
    elif Mode.IN_PLACE in mode and outcome.written:
        report.say(f"Cleaning {shown}")


def _explain(report: Report, shown: str, drops) -> None:
    for drop in drops:
        report.write(f"{shown}:{drop.first}-{drop.last} {drop.pass_name} {drop.reason}\n")


def _diff(report: Report, shown: str, before: str, after: str) -> None:
    if before == after:
        return
    # The cleaner's lines (LF, CRLF, CR), not str.splitlines', which also cuts at \x0c, \x85 and U+2028.
    lines = difflib.unified_diff(split_lines(before), split_lines(after), fromfile=shown, tofile=f"{shown} (cleaned)")
    for line in lines:
        report.write(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")


def learn_paths(report: Report, paths: Sequence[Path], output: Path, *, pattern: str = "*.txt",
                site_by: str = "folder", site_name: str | None = None, merge_with: bool = False,
                encoding: str | None = None, quiet: bool = False) -> int:
    """`learn`: plan the pages as `clean` would (`batch.count_pages`), then save the counts as a profile
    (added to those in `output` with `merge_with`); the exit code (2 when some pages could not be read)."""
    _check_output_file(output, [], "the profile")
    saved = load_profile(output) if merge_with and output.exists() else site.SiteProfile()  # before reading it all
    failed = skipped = counted = 0
    learned = site.SiteProfile()
    sources = _discover(paths, [pattern], exclude=[])
    if not sources:
        raise UsageError(_nothing_matched(paths, [pattern]))
    _check_output_file(output, [source.path for source in sources], "the profile")
    tasks = [batch.PageTask(source, _is_html(source.path, None), encoding, site_by) for source in sources]
    for page in batch.count_pages(tasks):  # read as `clean` reads a page: an HTML page's extracted text
        if page.error is not None:
            report.say(f"error: {page.error}")
            failed += 1
            continue
        key = site_name or page.site
        if key is None:
            report.say(f"warning: {page.path}: no site found (no 'URL:' first line); not counted")
            skipped += 1
            continue
        learned.add(key, page.fingerprints)
        counted += 1
    _save_profile(report, saved.merge(learned), output)
    if not quiet:
        report.say(f"{counted} pages counted into {output}: {_sites_summary(learned)}"
                   + (f"; {skipped} without a site" if skipped else "")
                   + (f"; {failed} unreadable" if failed else "") + ".")
    return EXIT_ERROR if failed else 0


def learn_feed(report: Report, path: Path, output: Path, *, paths: Sequence[Path] = (), file_options: bool = False,
               field: str = "text", site_by: str = "folder", site_field: str | None = None,
               site_name: str | None = None, merge_with: bool = False, jobs: int | None = None,
               quiet: bool = False) -> int:
    """`learn --jsonl`: every record counted into its site, in one read (so stdin works too), and saved
    as a profile; `Stop` with 2 when no record could be counted (nothing is written then). `paths` and
    `file_options` (--encoding or --glob given) are refused: they are for files."""
    _check_output_file(output, [path], "the profile")
    saved = load_profile(output) if merge_with and output.exists() else site.SiteProfile()  # before reading it all
    found, summary = _count_feed(report, paths, path, file_options, field, site_by, site_field, site_name, jobs)
    _save_profile(report, saved.merge(found.profile), output)
    if not quiet:
        report.say(f"{found.counted} records counted into {output}: {summary}.")
    return 0


def _count_feed(report: Report, paths: Sequence[Path], path: Path, file_options: bool, field: str, site_by: str,
                site_field: str | None, site_name: str | None, jobs: int | None) -> tuple[jsonl.Counted, str]:
    """The records of a feed counted into their sites, and the summary's sites part."""
    if paths:
        raise UsageError("--jsonl reads one file (or '-'): no other PATHS")
    if file_options:
        raise UsageError("--encoding and --glob go with PATHS: JSON Lines are UTF-8")
    if site_name is not None and site_field is not None:
        raise UsageError("give --site (one site for every record) or --site-field, not both")
    by_host = site_by == "host"
    site_field = feed_site_field(site_by, site_field, site_name)
    if site_name is None and site_field is None:
        raise UsageError("--jsonl: name each record's site with --site-field FIELD, --site-by host "
                               "(the host of each record's 'url') or --site NAME (one site for all)")
    settings = jsonl.Settings(None, field, site_field=site_field, site=site_name, site_by_host=by_host)
    name = "<stdin>" if path == Path("-") else str(path)
    source = jsonl.Input(sys.stdin.buffer) if path == Path("-") else jsonl.Input.open(path)
    try:
        found = jsonl.count_records(source, settings, jobs or batch.default_jobs())
    except files.InputError as e:
        report.say(f"error: {name}: {e}; nothing written")
        raise Stop(EXIT_ERROR)
    finally:
        source.close()
    where = f"a URL with a host in '{site_field}'" if by_host else f"a site in '{site_field}'"
    needs = " and ".join([f"a string field '{field}'"] + ([where] if site_field else []))
    if not found.counted:
        report.say(f"error: {name}: no record counted ({found.records} read; each needs to be a JSON object "
                   f"with {needs}); nothing written")
        raise Stop(EXIT_ERROR)
    missed = found.records - found.counted
    return found, _sites_summary(found.profile) + (
        f"; {missed} not counted (not a JSON object, or without {needs})" if missed else "")


def _sites_summary(profile: site.SiteProfile) -> str:
    return ", ".join(f"{name} ({counts.pages})" for name, counts in sorted(profile.sites.items())) or "no site"


def _save_profile(report: Report, profile: site.SiteProfile, output: Path) -> None:
    """Write `profile` to `output`; exit 2 when it cannot."""
    try:
        profile.save(output)
    except OSError as e:
        report.say(f"error: {output}: cannot write: {e.strerror or e}")
        raise Stop(EXIT_ERROR)
