"""Many inputs on several processes, results in input order.

`ordered_map(fn, items, jobs=N, state=...)` is the one parallel map: items go
to `jobs` worker processes in chunks, at most `2 * jobs` chunks are in flight
(so a stream of millions of records never sits in memory at once), and the
results come back in the order of the items. `fn` runs the same code with
one job or many, so the output of `--jobs 1` and `--jobs N` is the same.

Worker processes are forked: the `state` (a `Cleaner`, an output folder…) is
inherited, not pickled, and is read in `fn` with `state()`. Where fork is not
available, everything runs in this process.

The file layer of `cleanpress clean` is built on it:

- `count_pages` (phase one of site-level cleaning, the map): each page's
  site key and line fingerprints, read as cleaning reads it; `site_stats`
  merges them into the counts of each site and era, `cleanpress learn`
  into a profile;
- `clean_pages` (phase two, the run): every page, whatever its source,
  cleaned by its own `Page.clean` in the workers, outcomes in input order;
  `clean_files` runs it for files and stdin (`CleanTask`: each page read,
  cleaned with its site's counts and, with an output folder or in place,
  written by the worker itself), `jsonl.clean_lines` for the records of a
  feed. The outcome carries what the CLI reports (counts, warnings, drops,
  errors).

No Click here: the driver turns outcomes into messages (see `driver.py`).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

from . import files, site
from . import html as html_input
from .model import Drop
from .patterns import PatternError
from .pipeline import SEGMENT_CHARS, Stream, cut, run

_STATE: object = None


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def state():
    """What `ordered_map` was given as `state`, in this process or the worker."""
    return _STATE


def _set_state(value) -> None:
    global _STATE
    _STATE = value


def _start_worker(value, parent: int) -> None:
    """A worker's first step: its state, and its end when the parent ends.

    A killed run (a scheduler's time-out sends SIGKILL or SIGTERM) must not leave
    workers behind that go on rewriting files: on Linux the kernel sends them SIGTERM
    when the parent dies (`PR_SET_PDEATHSIG`); a parent already gone ends the worker here.
    """
    _set_state(value)
    _die_with_parent()
    if os.getppid() != parent:
        os._exit(1)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl here: workers end with the pool as before
        pass


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(item) for item in chunk]


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def ordered_map(fn: Callable, items: Iterable, *, jobs: int = 1, chunk_size: int = 16, state=None) -> Iterator:
    """`fn(item)` for every item, in order; with `jobs > 1`, in worker processes, chunk by chunk.

    `fn` must be a module-level function (it is pickled by name); `state` is
    anything it needs that cannot or should not be pickled per item.
    """
    previous = _STATE
    _set_state(state)
    try:
        context = _fork_context() if jobs > 1 else None
        if context is None:
            for item in items:
                yield fn(item)
            return
        chunks = iter(lambda it=iter(items): list(islice(it, chunk_size)), [])
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(state, os.getpid())) as pool:
            yield from _bounded(pool, fn, chunks, 2 * jobs)
    finally:
        _set_state(previous)


def _bounded(pool: Executor, fn: Callable, chunks: Iterator[list], in_flight: int) -> Iterator:
    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.submit(_run_chunk, fn, chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


# --- the file layer ------------------------------------------------------------------------


def read(path: Path, encoding: str | None, is_html: bool) -> files.Decoded:
    """A page as text; an HTML page as the text extracted from it (written back as UTF-8)."""
    return _page_text(files.read_bytes(path), str(path), encoding, is_html)[0]


def _page_text(data: bytes, name: str, encoding: str | None, is_html: bool | None) -> tuple[files.Decoded, bool]:
    """The page's text, decoded once, and whether it was HTML (`is_html`, or None: by its look), whose
    text is then extracted, once."""
    decoded = files.decode(data, name, encoding)
    if not (is_html or (is_html is None and html_input.looks_like_html(decoded.text))):
        return decoded, False
    return files.Decoded(html_input.extract(decoded.text), "utf-8",
                         note=html_input.HTML_STRAY_BYTES if decoded.note else None), True


def _start(stream: files.TextStream, chars: int = 2000) -> str:
    """The first `chars` characters of a stream (for the HTML sniff of a page of unknown kind)."""
    start = ""
    for text in stream.chunks():
        start += text
        if len(start) >= chars:
            break
    return start[:chars]


@dataclass(frozen=True)
class PageTask:
    """Phase one: which page, read how, keyed how."""

    source: files.Source
    html: bool
    encoding: str | None
    site_by: str
    fingerprints: bool = True  # False: only the site key is wanted (a profile holds the counts)


@dataclass(frozen=True)
class PageCount:
    """Phase one's map, for one page: its site key and line fingerprints, or why it could not be read."""

    path: Path
    site: str | None = None
    fingerprints: frozenset[int] = frozenset()
    error: str | None = None


def _fingerprint(task: PageTask) -> PageCount:
    path = task.source.path
    if task.source.refused:
        return PageCount(path, error=f"{path}: {task.source.refused}")
    stream = None if task.html else files.TextStream.probe(path, task.encoding, min_bytes=files.STREAM_BYTES)
    if stream is not None:
        return _fingerprint_streamed(task, stream)
    try:
        text = read(path, task.encoding, task.html).text
    except files.InputError as e:
        return PageCount(path, error=str(e))
    key = site.site_key(task.source.relative, task.source.root, text, task.site_by)
    return PageCount(path, key, site.page_fingerprints(text) if task.fingerprints else frozenset())


def _fingerprint_streamed(task: PageTask, stream: files.TextStream) -> PageCount:
    """A large page's fingerprints, segment by segment (cut at line ends, so the same lines); the
    host of `--site-by host` is looked for in the first segment only (all that is read for a key alone)."""
    key = None
    found: set[int] = set()
    path = task.source.path
    try:
        for i, segment in enumerate(cut(stream.chunks(), SEGMENT_CHARS)):
            if i == 0:
                key = site.site_key(task.source.relative, task.source.root, segment, task.site_by)
                if not task.fingerprints:
                    break
            found.update(site.page_fingerprints(segment))
    except (UnicodeDecodeError, OSError) as e:
        return PageCount(path, error=f"{path}: changed or gone while it was read ({e})")
    return PageCount(path, key, frozenset(found))


def count_pages(tasks: Sequence[PageTask], jobs: int = 1) -> Iterator[PageCount]:
    """Phase one, the map, for every page in order: what cleaning it reads (an HTML page's extracted
    text, a large file segment by segment), keyed and fingerprinted. `site_stats` groups these into the
    counts a run cleans with, `learn` into a profile: one way to read a page for its site's counts."""
    return ordered_map(_fingerprint, tasks, jobs=jobs, chunk_size=_chunk(len(tasks), jobs))


def site_stats(tasks: Sequence[PageTask], jobs: int = 1, split_eras: bool = True) -> dict:
    """Phase one: {path: the counts to clean the page with}, as `site.page_stats` gives for the texts,
    except that with `--site-by folder` a page alone in its site gets none (no pass uses the counts of
    a one-page site, and a huge page's fingerprints would cost memory for nothing).

    Fingerprinting (reading, extracting, hashing every line) is the costly part
    and runs in the workers; grouping into sites and eras (`site.plan`, as for
    JSONL records) needs every page of a site and runs here.
    """
    if all(task.site_by == "folder" for task in tasks):
        # A site of one page is not counted: its counts could not change how it is cleaned
        # (site-template needs 2 pages or more, page-structure 4), and a huge page's
        # fingerprints would cost memory for nothing.
        keys = [site.folder_key(task.source.relative, task.source.root) for task in tasks]
        pages = Counter(keys)
        tasks = [task for task, key in zip(tasks, keys) if pages[key] > 1]
    # 8 bytes a line, not a set of Python ints (about 60): a big site fits
    return site.plan(((page.path, page.site, array("Q", page.fingerprints)) for page in count_pages(tasks, jobs)
                      if page.site is not None), split_eras)


@dataclass(frozen=True)
class CleanTask:
    """Phase two: one page, its site's counts, and where its output goes.

    A page of a file, or of stdin: then its bytes are `data` (or, too large to hold, a spooled copy
    at `source.path`), `shown` names it in messages, and its kind may be told by its look."""

    source: files.Source
    html: bool | None  # None: HTML when it looks like HTML (stdin)
    stats: site.SiteCounts | None = None
    target: Path | None = None  # the file to write under the output folder; None: nothing written here
    in_place: bool = False  # rewrite the input when it changed
    keep_text: bool = False  # send the input text and the output bytes back (for --diff, stdout)
    stats_index: int | None = None  # set by clean_files: the counts are `Settings.site_counts[stats_index]`
    to_stdout: bool = False  # the output goes to stdout: a large file streams it to `Settings.stdout`
    keep_drops: bool = True  # send the drops back (for --explain)
    own: site.SiteCounts | None = None  # a saved plan's counts for this very page, used instead of `stats`
    own_digest: str | None = None  # ...when the page's bytes have this `site.page_digest` (unchanged since)
    own_index: int | None = None  # set by clean_files: `own` is `Settings.site_counts[own_index]`
    data: bytes | None = None  # the page's bytes, when they are in no file (stdin)
    shown: str | None = None  # how messages name the page (default: its path)
    by_profile: bool = False  # its counts: `Settings.profile`'s for `Settings.site_name`, or for its host

    @property
    def name(self) -> str:
        return self.shown if self.shown is not None else str(self.source.path)

    def clean(self, settings: Settings) -> Outcome:
        """Read, plan, clean, write: this page, in a worker (`clean_pages`)."""
        return _clean(self, settings)


@dataclass(frozen=True)
class Settings:
    """What every page of a run shares (inherited by the workers, not pickled)."""

    cleaner: object  # a cleanpress.Cleaner
    encoding: str | None = None
    output: Path | None = None  # the output folder (writes stay inside it)
    durable: bool = True  # fsync before the rename (see files.write_atomic)
    output_encoding: str | None = None  # None: each file keeps its own encoding and byte-order mark
    site_counts: tuple = ()  # set by clean_files: the distinct counts of the tasks, inherited by the workers
    stdout: BinaryIO | None = None  # where a streamed file's output goes for a CleanTask with to_stdout
    profile: site.SiteProfile | None = None  # for a CleanTask `by_profile`
    site_name: str | None = None  # ...the site of the profile it is cleaned with (None: by its host)


@dataclass(frozen=True)
class Outcome:
    """What happened to one page; the CLI reports it."""

    path: Path
    error: str | None = None  # the page could not be read or cleaned: nothing written
    chars_in: int = 0
    chars_out: int = 0
    changed: bool = False
    warnings: tuple[str, ...] = ()
    drops: tuple[Drop, ...] = ()
    written: bool = False
    write_error: str | None = None
    before: str | None = None  # with keep_text: the decoded input
    after: str | None = None  # with keep_text: the cleaned text
    data: bytes | None = None  # with keep_text: the cleaned text encoded like the input (None: streamed to stdout)
    note: str | None = None  # how the input was read, worth a warning (`files.Decoded.note`)
    digest: str | None = None  # `site.page_digest` of the bytes now at the page's place, when known: what was
    # written (-o, or in place), or the input an in-place run left as it was; for the run's plan (`site.Plan`)
    own_counts: bool = False  # cleaned with the plan's counts for this very page (`CleanTask.own`)
    missing_site: bool = False  # `by_profile`, and the profile holds no site for it: cleaned without counts
    host: str | None = None  # ...the host its 'URL:' line names, if any

    @property
    def notices(self) -> tuple[str, ...]:
        """What to warn about this page: how it was read, then what cleaning it did."""
        return ((self.note,) if self.note is not None else ()) + self.warnings


def _clean(task: CleanTask, settings: Settings) -> Outcome:
    path, name = task.source.path, task.name
    try:
        if task.source.refused:
            raise files.InputError(f"{path}: {task.source.refused}")
        if task.html is not True and task.data is None and (task.to_stdout or not task.keep_text):
            stream = files.TextStream.probe(path, settings.encoding, settings.output_encoding,  # --diff: whole
                                            min_bytes=files.STREAM_BYTES)
            if stream is not None and (task.html is False or not html_input.looks_like_html(_start(stream))):
                return _clean_streamed(task, settings, stream)
        raw = task.data if task.data is not None else files.read_bytes(path)
        decoded, is_html = _page_text(raw, name, settings.encoding, task.html)
    except files.InputError as e:
        return Outcome(path, error=str(e))
    cleaner = settings.cleaner.for_html if is_html else settings.cleaner
    counts, own = _counts(task, settings, lambda: site.page_digest(raw))
    sought = _sought(task, settings, decoded.text)
    counts = sought.counts if task.by_profile else counts
    try:
        result = run(decoded.text, cleaner.passes, cleaner.context(counts))
    except PatternError as e:
        return Outcome(path, error=f"{name}: {e}", missing_site=sought.missing, host=sought.host)
    try:
        data = decoded.encode(result.text, settings.output_encoding) if (
            task.keep_text or task.target is not None or (task.in_place and result.changed)) else None
    except files.InputError as e:
        return Outcome(path, error=f"{name}: {e}", missing_site=sought.missing, host=sought.host)
    written, write_error = _write(task, settings, data, result.changed)
    keep = task.keep_text
    digest = site.page_digest(data) if written else site.page_digest(raw) if task.in_place and not write_error \
        else None
    return Outcome(path, None, len(decoded.text), len(result.text), result.changed, result.warnings, result.drops,
                   written, write_error, decoded.text if keep else None, result.text if keep else None,
                   data if keep else None, decoded.note, digest, own, sought.missing, sought.host)


class _Sought(NamedTuple):
    """A page's counts in the profile (`CleanTask.by_profile`), and what to say when it has none."""

    counts: site.SiteCounts | None = None
    missing: bool = False  # the profile holds no site for the page
    host: str | None = None  # the host its 'URL:' line names, if any


def _sought(task: CleanTask, settings: Settings, text: str) -> _Sought:
    """A page's counts in the run's profile, by --site or by the host `text` names (the first segment of a
    large page)."""
    if not task.by_profile or settings.profile is None:
        return _Sought()
    host = site.host_of(text)
    counts = settings.profile.lookup(settings.site_name if settings.site_name is not None else host)
    return _Sought(counts, counts is None, host)


def _write(task: CleanTask, settings: Settings, data: bytes | None, changed: bool) -> tuple[bool, str | None]:
    """Write a cleaned page to its target, or over its input when it changed in place: (written, error)."""
    try:
        if task.target is not None:
            files.write_atomic(task.target, data, like=task.source.path, root=settings.output,
                               durable=settings.durable)
            return True, None
        if task.in_place and changed:
            files.write_atomic(task.source.path, data)
            return True, None
    except OSError as e:
        return False, e.strerror or str(e)
    return False, None


def _counts(task: CleanTask, settings: Settings, digest: Callable[[], str | None]) -> tuple[site.SiteCounts | None, bool]:
    """The site counts a task is cleaned with (see `clean_files`), and whether they are the plan's for this
    very page: those when the page's bytes (`digest()`, taken here from the bytes the worker read) are the ones
    the plan was written for, else the counts of its site."""
    if task.own_digest is not None and digest() == task.own_digest:
        return (task.own if task.own_index is None else settings.site_counts[task.own_index]), True
    return (task.stats if task.stats_index is None else settings.site_counts[task.stats_index]), False


class _Unchanged(Exception):
    """Raised inside an in-place write to leave the file as it was."""


def _clean_streamed(task: CleanTask, settings: Settings, stream: files.TextStream) -> Outcome:
    """`_clean` for a large file: read, cleaned and written segment by segment (`pipeline.Stream`).

    Writes the same bytes as `_clean` would. An -o or in-place write is atomic as
    always (the temporary file is written piece by piece; on any error it is
    removed); an unchanged file in place is left alone. Output to stdout starts
    before the end is read: an error past the probe (the file changed while read,
    a user pattern's time limit) leaves what was written there.
    """
    path, name = task.source.path, task.name
    cleaner = settings.cleaner
    counts, own = _counts(task, settings, lambda: site.file_digest(path))
    # A page cleaned by a profile: the host of a 'URL:' first line, looked for in the first segment.
    sought = _sought(task, settings, next(cut(stream.chunks(), SEGMENT_CHARS), "") if task.by_profile else "")
    counts = sought.counts if task.by_profile else counts
    cleaning = Stream(cleaner.passes, cleaner.context(counts), keep_drops=task.keep_drops)
    write_error, hashed = None, None
    try:
        try:
            hashed = _write_streamed(task, settings, cleaning.clean(stream.chunks()),
                                     stream.encoder(settings.output_encoding), cleaning)
        except UnicodeDecodeError as e:
            raise files.InputError(f"changed while it was read ({e.reason}); nothing written for it") from e
    except (files.InputError, PatternError) as e:
        return Outcome(path, error=f"{name}: {e}", missing_site=sought.missing, host=sought.host)
    except OSError as e:
        write_error = e.strerror or str(e)
    written = hashed is not None
    return Outcome(path, None, cleaning.chars_in, cleaning.chars_out, cleaning.changed, cleaning.warnings(),
                   cleaning.sorted_drops(), written, write_error, digest=hashed.hexdigest() if written else None,
                   own_counts=own, missing_site=sought.missing, host=sought.host)


def _write_streamed(task: CleanTask, settings: Settings, pieces: Iterator[str], encoder: files.Encoder,
                    cleaning: Stream) -> "_Hashing | None":
    """Write a large page's cleaned pieces where they go; what was written to a file (None: nothing, or
    stdout, or --check and --explain, which only consume them)."""
    path = task.source.path
    if task.target is not None:
        with files.open_atomic(task.target, like=path, root=settings.output, durable=settings.durable) as f:
            hashed = _Hashing(f)
            encoder.write(pieces, hashed)
        return hashed
    if task.in_place:
        try:
            with files.open_atomic(path) as f:
                hashed = _Hashing(f)
                encoder.write(pieces, hashed)
                if not cleaning.changed:
                    raise _Unchanged
            return hashed
        except _Unchanged:
            return None
    if task.to_stdout and settings.stdout is not None:
        encoder.write(pieces, settings.stdout)
        settings.stdout.flush()
        return None
    for _ in pieces:  # --check, --explain: nothing to write
        pass
    return None


class _Hashing:
    """A file that also keeps the `site.page_digest` of every byte written to it."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._digest = site.page_hasher()

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self._f.write(data)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def clean_files(tasks: Sequence[CleanTask], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Phase two: every page cleaned (and written), outcomes in the order of `tasks`.

    A site's counts are shared by all its pages and can hold millions of
    lines: they travel to the workers once, in the forked `settings`, and
    each task carries only their index (pickled with every chunk of tasks,
    they made a 10,000-page site cost pages x lines).
    """
    index: dict[int, int] = {}
    counts: list = []

    def index_of(found: site.SiteCounts | None) -> int | None:
        if found is None:
            return None
        if id(found) not in index:
            index[id(found)] = len(counts)
            counts.append(found)
        return index[id(found)]

    slim = [replace(task, stats=None, stats_index=index_of(task.stats), own=None, own_index=index_of(task.own))
            if task.stats is not None or task.own is not None else task for task in tasks]
    settings = replace(settings, site_counts=tuple(counts))
    return clean_pages(slim, settings, jobs, _chunk(len(slim), jobs))


class Page(Protocol):
    """A page of any source: a file or stdin (`CleanTask`), a JSONL record (`jsonl.Record`). It knows
    where its bytes are, not its text: reading, decoding and HTML extraction happen once, in the worker
    that cleans it. `clean(settings)` reads it, takes its counts from the run's plan (in `settings`),
    cleans it, and writes it or rewrites its record; what that gives is the page kind's outcome."""

    def clean(self, settings) -> object: ...


def clean_pages(pages: Iterable[Page], settings: object, jobs: int = 1, chunk_size: int = 16) -> Iterator:
    """The run, for files, stdin and JSONL records alike: every page cleaned by the workers (`ordered_map`),
    outcomes in input order. `settings` (the cleaner, the plan, what to write) is forked into the
    workers, not pickled with every page."""
    return ordered_map(_clean_page, pages, jobs=jobs, chunk_size=chunk_size, state=settings)


def _clean_page(page: Page) -> object:
    return page.clean(state())


def _chunk(n: int, jobs: int) -> int:
    """Chunks small enough to keep every worker busy to the end, large enough to pay for the hand-over."""
    return max(1, min(32, n // (8 * max(jobs, 1)) or 1))
