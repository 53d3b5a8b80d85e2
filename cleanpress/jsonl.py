"""JSON Lines: clean one string field of every record, keep everything else as it was.

What is kept byte for byte, and what is written anew:

- A record whose text does not change is written back exactly as it came
  (its line ending included), unless `--stats` adds a field to it.
- In a changed record, only the field's *value* is replaced: the text before
  and after it (other fields, their order, spacing, number spelling such as
  `1.50` or `1e3`, escapes) is the input's bytes. The new value is the cleaned
  string dumped by `json.dumps`, with `ensure_ascii=False` (non-ASCII written
  as UTF-8) unless the original value spelt non-ASCII as `\\uXXXX` escapes, in
  which case it is escaped the same way.
- `--stats` appends `"cleanpress": {"removed_lines": N, "removed_chars": N}`
  before the closing brace (or replaces the value of an existing `cleanpress`
  key), with the separators the record already used (`", "`/`": "` or
  compact).
- Line endings (LF or CRLF) are kept per line, and so is a missing final newline.

A line that is not a JSON object, or a record without the field as a string,
is passed through untouched and reported with its line number (`skipped`);
a blank line is passed through without a report. Text that `files.check_text`
refuses (binary decoded by force) or a user pattern that times out is an error
for that record: passed through, reported, exit 2 at the end.

Memory stays flat: lines are read one at a time, cleaned in chunks on the
workers of `batch.ordered_map` (a bounded number of chunks in flight) and
written in order as they come back.

Site-level cleaning: with a site profile, each record is cleaned with the
counts of its site (`site_field`, or one `site` for every record). With
`site_field` and no profile, `plan_records` reads the input once more first:
every record's fingerprints (the map, on the workers), then `site.plan`, the
folder run's plan (sites, then template eras): a record is cleaned with the
counts a folder of the same pages gives it.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import Path
from typing import BinaryIO

from . import batch, files, site
from .patterns import PatternError
from .pipeline import run

STATS_KEY = "cleanpress"
CHUNK = 64  # records per hand-over to a worker
_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_NON_ASCII_ESCAPE = re.compile(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])")  # \u0080 and above
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone surrogate: a JSON escape that no UTF-8 can hold


class RecordError(ValueError):
    """A line that is not a JSON object (the message says where it stops being one)."""


@dataclass(frozen=True)
class Settings:
    """What every record of a run shares (inherited by the workers)."""

    cleaner: object  # cleanpress.Cleaner
    field: str = "text"
    stats: bool = False
    site_field: str | None = None
    site: str | None = None  # one site for every record (with a profile)
    profile: site.SiteProfile | None = None
    site_by_host: bool = False  # `site_field` holds a URL: the site is its host (--site-by host)
    keep_drops: bool = False  # each outcome carries its record's drops (--explain)
    keep_text: bool = False  # each outcome carries its record's text before and after (--diff)
    record_counts: Mapping[int, site.SiteCounts] | None = None  # the feed planned (`plan_records`): by line number

    def site_of(self, value: object) -> str | None:
        """The site a record's `site_field` value names: the value, or the host of the URL it holds."""
        if not isinstance(value, str):
            return None
        return site.host_of(value) if self.site_by_host else value


@dataclass(frozen=True)
class Outcome:
    """One line of output and what the CLI reports about it."""

    number: int  # 1-based line number in the input
    data: bytes
    status: str  # cleaned, unchanged, skipped, failed, blank
    message: str | None = None
    chars_in: int = 0
    chars_out: int = 0
    warnings: tuple[str, ...] = ()
    unknown_site: str | None = None  # the site the record names, when the profile does not hold it
    missing_field: bool = False  # skipped: the record has no field to clean
    site: str | None = None  # with Settings.keep_text: the site the record names
    drops: tuple = ()  # with Settings.keep_drops
    before: str | None = None  # with Settings.keep_text
    after: str | None = None


# --- one record ---------------------------------------------------------------------------


def fields(line: str) -> tuple[list[tuple[str, object, int, int]], int]:
    """The top-level (key, value, value start, value end) of a one-line JSON object, and its '}' index."""
    i = _WS.match(line).end()
    if line[i:i + 1] != "{":
        raise RecordError("does not start with '{'")
    i = _WS.match(line, i + 1).end()
    found: list[tuple[str, object, int, int]] = []
    if line[i:i + 1] == "}":
        close = i
    else:
        while True:
            if line[i:i + 1] != '"':
                raise RecordError(f"expected a key at column {i + 1}")
            key, i = scanstring(line, i + 1)
            i = _WS.match(line, i).end()
            if line[i:i + 1] != ":":
                raise RecordError(f"expected ':' at column {i + 1}")
            start = _WS.match(line, i + 1).end()
            try:
                value, end = _DECODER.raw_decode(line, start)
            except ValueError as e:
                raise RecordError(f"bad value at column {start + 1}") from e
            except RecursionError:
                raise RecordError(f"value at column {start + 1} nested too deeply") from None
            found.append((key, value, start, end))
            i = _WS.match(line, end).end()
            if line[i:i + 1] == ",":
                i = _WS.match(line, i + 1).end()
            elif line[i:i + 1] == "}":
                close = i
                break
            else:
                raise RecordError(f"expected ',' or '}}' at column {i + 1}")
    rest = _WS.match(line, close + 1).end()
    if rest < len(line):
        raise RecordError(f"text after the object at column {rest + 1}")
    return found, close


def _separators(line: str, found: list) -> tuple[str, str]:
    """(item separator, key separator) as the record spells them: spaced or compact."""
    if found:
        key_end = line.rfind(":", 0, found[0][2])
        if line[key_end + 1:key_end + 2] == " ":
            return ", ", ": "
    return ",", ":"


def clean_record(number: int, raw: bytes, settings: Settings) -> Outcome:
    """The output line for input line `number` (`raw`, with its line ending)."""
    body = raw.rstrip(b"\r\n")
    ending = raw[len(body):]
    if not body.strip():
        return Outcome(number, raw, "blank")
    try:
        line = body.decode("utf-8")
        found, close = fields(line)
    except (UnicodeDecodeError, RecordError) as e:
        reason = "not UTF-8" if isinstance(e, UnicodeDecodeError) else str(e)
        return Outcome(number, raw, "skipped", f"not a JSON object ({reason}); passed through")
    target = [f for f in found if f[0] == settings.field]
    if not target or not isinstance(target[-1][1], str):
        why = f"no field {settings.field!r}" if not target else \
            f"field {settings.field!r} is not a string ({json.dumps(target[-1][1])[:40]})"
        return Outcome(number, raw, "skipped", f"{why}; passed through", missing_field=not target)
    _, text, start, end = target[-1]  # the last of duplicate keys, as json.loads takes it
    try:
        files.check_text(text, f"field {settings.field!r}")
        counts, unknown_site = _site_counts(number, found, settings)
        result = run(text, settings.cleaner.passes, settings.cleaner.context(counts))
    except (files.InputError, PatternError) as e:
        return Outcome(number, raw, "failed", f"{e}; passed through")
    out = line
    if result.changed:
        escaped = line[start:end].isascii() and bool(_NON_ASCII_ESCAPE.search(line, start, end))
        escaped = escaped or bool(_SURROGATE.search(result.text))  # "\ud800" in JSON has no UTF-8: escaped again
        out = line[:start] + json.dumps(result.text, ensure_ascii=escaped) + line[end:]
    if settings.stats:
        out = _with_stats(out, result, len(text) - len(result.text))
    shown = {"drops": tuple(result.drops) if settings.keep_drops else (),
             "before": text if settings.keep_text else None, "after": result.text if settings.keep_text else None,
             "site": _site_name(found, settings) if settings.keep_text else None}
    if out is line:
        return Outcome(number, raw, "unchanged", None, len(text), len(text), result.warnings, unknown_site, **shown)
    status = "cleaned" if result.changed else "unchanged"
    return Outcome(number, out.encode("utf-8") + ending, status, None, len(text), len(result.text), result.warnings,
                   unknown_site, **shown)


def _with_stats(line: str, result, removed_chars: int) -> str:
    found, close = fields(line)
    item_sep, key_sep = _separators(line, found)
    removed_lines = sum(len(d.lines()) for d in result.drops)
    stats = {"removed_lines": removed_lines, "removed_chars": removed_chars}
    value = json.dumps(stats, separators=(item_sep, key_sep))
    existing = [f for f in found if f[0] == STATS_KEY]
    if existing:
        _, _, start, end = existing[-1]
        return line[:start] + value + line[end:]
    before = line[:close].rstrip()
    joint = item_sep if found else ""
    return before + joint + json.dumps(STATS_KEY) + key_sep + value + line[len(before):]


def _site_name(found: list, settings: Settings) -> str | None:
    """The site a record belongs to by the run's options (--site, or its --site-field), for the audit report."""
    if settings.site is not None:
        return settings.site
    if settings.site_field is not None:
        values = [f[1] for f in found if f[0] == settings.site_field]
        return settings.site_of(values[-1]) if values else None
    return None


def _site_counts(number: int, found: list, settings: Settings) -> tuple[object, str | None]:
    """The record's site counts, and the site name it gave that the profile does not hold (None if it held it)."""
    if settings.record_counts is not None:  # the feed's own plan: what this very record is cleaned with
        return settings.record_counts.get(number), None
    if settings.profile is None:
        return None, None
    if settings.site is not None:
        return settings.profile.lookup(settings.site), None
    if settings.site_field is not None:
        values = [f[1] for f in found if f[0] == settings.site_field]
        key = settings.site_of(values[-1]) if values else None
        counts = settings.profile.lookup(key) if key is not None else None
        return counts, (str(key) if key is not None and counts is None else None)
    return settings.profile.lookup(None), None


# --- a stream ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A page of a feed: one input line (with its ending) and its number, cleaned by `clean_record`."""

    number: int  # 1-based line number in the input
    raw: bytes

    def clean(self, settings: Settings) -> Outcome:
        return clean_record(self.number, self.raw, settings)


def clean_lines(lines: Iterable[bytes], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Every input line's outcome, in order (`batch.clean_pages`); at most a few chunks of records in memory."""
    return batch.clean_pages((Record(number, raw) for number, raw in enumerate(lines, 1)), settings, jobs, CHUNK)


@dataclass
class Counted:
    """What counting a feed gave: the sites' counts, and how many records went into them."""

    profile: site.SiteProfile
    records: int = 0  # non-blank lines read
    counted: int = 0  # records counted into a site (JSON, with the text field and a site)


@dataclass(frozen=True)
class RecordCount:
    """Phase one's map, for one record: its site and line fingerprints (None: not counted)."""

    number: int  # the record's line in the feed
    site: str | None = None
    fingerprints: array = field(default_factory=lambda: array("Q"))  # 8 bytes a line, as a folder run keeps them


def _fingerprint_record(item: tuple[int, bytes]) -> RecordCount | None:
    """A record read as cleaning reads it, keyed by its site; None for a blank line."""
    number, raw = item
    if not raw.strip():
        return None
    settings: Settings = batch.state()
    try:
        found, _ = fields(raw.decode("utf-8"))
    except (UnicodeDecodeError, RecordError):
        return RecordCount(number)
    values = dict((k, v) for k, v, _, _ in found)
    key = settings.site if settings.site is not None else settings.site_of(values.get(settings.site_field))
    text = values.get(settings.field)
    if key is None or not isinstance(text, str):
        return RecordCount(number)
    return RecordCount(number, key, array("Q", site.page_fingerprints(text)))


def fingerprint_records(lines: Iterable[bytes], settings: Settings, jobs: int = 1) -> Iterator[RecordCount]:
    """Phase one, the map, for every non-blank line in order (`batch.count_pages` for records):
    its site (`site`, or the one `site_field` names) and fingerprints; lines that are not JSON
    objects, records without the text field as a string and records without a site are not counted."""
    found = batch.ordered_map(_fingerprint_record, enumerate(lines, 1), jobs=jobs, chunk_size=CHUNK * 4,
                              state=settings)
    return (record for record in found if record is not None)


def count_records(lines: Iterable[bytes], settings: Settings, jobs: int = 1) -> Counted:
    """Every record counted into its site's totals (`learn --jsonl`: a profile, no eras).

    Lines that are not JSON objects, records without the text field as a string and records
    without a site are read and not counted (`records - counted` of them).
    """
    total = Counted(site.SiteProfile())
    for record in fingerprint_records(lines, settings, jobs):
        total.records += 1
        if record.site is not None:
            total.profile.add(record.site, record.fingerprints)
            total.counted += 1
    return total


def plan_records(lines: Iterable[bytes], settings: Settings, jobs: int = 1,
                 split_eras: bool = True) -> dict[int, site.SiteCounts]:
    """Phase one of `clean --jsonl --site-field`: {record line number: the counts to clean it with},
    planned as a folder of the same pages is (`site.plan`: sites, then template eras). Like a folder
    run, it holds every counted record's fingerprints (8 bytes a line) until its sites are planned."""
    return site.plan(((record.number, record.site, record.fingerprints)
                      for record in fingerprint_records(lines, settings, jobs) if record.site is not None),
                     split_eras)


# --- files ---------------------------------------------------------------------------------


class Input:
    """An input stream of lines (plain or gzip), and how far into the raw bytes reading has got."""

    def __init__(self, raw: BinaryIO, size: int | None = None) -> None:
        self._raw = raw
        buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
        self.gzip = buffered.peek(2)[:2] == b"\x1f\x8b"
        self.stream = gzip.GzipFile(fileobj=buffered, mode="rb") if self.gzip else buffered
        self._buffered = buffered
        self.size = size

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.stream
        except (OSError, EOFError, zlib.error) as e:  # a truncated or corrupt gzip stream, a failing disk
            raise files.InputError(f"cannot read{' the gzip stream' if self.gzip else ''}: {e}") from e

    def position(self) -> int:
        try:
            return self._buffered.tell()
        except (OSError, ValueError):
            return 0

    @classmethod
    def open(cls, path: Path) -> "Input":
        handle = open(path, "rb")
        return cls(handle, os.fstat(handle.fileno()).st_size)

    def close(self) -> None:
        self.stream.close()
        self._raw.close()


@contextmanager
def output(path: Path) -> Iterator[BinaryIO]:
    """Write `path` all or nothing (temp file + `os.replace`), gzip-compressed when it ends with .gz."""
    path = Path(path)
    with files.atomic_writer(path) as raw:
        if path.suffix == ".gz":
            with gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=raw, mtime=0) as gz:
                yield gz
        else:
            yield raw
