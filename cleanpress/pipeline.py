"""Split a page into lines, run the passes in their declared order, apply their drops.

Passes only mark lines; this module is the one place that deletes. Output
lines are an ordered subsequence of input lines. Blank lines are touched only
where a drop left a gap: a page with nothing to drop comes back byte-identical.
The passes run again on their own output until nothing more is dropped, and
the last round reads the text as cleaning it again would (without what
earlier rounds dropped around each line), so cleaning twice changes nothing;
a page still dropping lines after `MAX_ROUNDS` rounds gets a warning instead.

Losses are never silent: a non-empty page that cleaning empties, or whose
prose it mostly removes, gets a warning in `Cleaned.warnings` (the CLI prints
them on stderr). An input far larger than any page (a dump of many pages) is
cleaned in segments, so memory stays bounded; see `run`.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import regex

from .model import LINE_WITH_END, MAX_LINE_CHARS, UNSETTLED, Cleaned, Document, Drop, join_text_nodes
from .passes import PASSES, Pass
from .patterns import UserPatterns
from .shapes import is_prose
from .site import shares_its_article

MAX_ROUNDS = 24  # a page still dropping lines after this many rounds is left as it is, with a warning
SEGMENT_CHARS = 4_000_000  # inputs longer than this are cleaned in segments of about this size
MIN_PROSE_LINES = 3  # below this many sentence lines, losing prose is not judged (emptying still is)
LOST_PROSE_SHARE = 0.5  # warn when cleaning removes more than this share of the prose characters
_LINE_END = regex.compile(r"\r\n|\r|\n")


INPUT_KINDS = ("auto", "page", "extracted")  # what a text is: told apart per page, a whole page, an extractor's output


@dataclass(frozen=True)
class Context:
    """What a pass may know beyond the page: options and site-level statistics.

    Built by `Cleaner` from a validated `Config`, or by hand: either way it checks itself, so an
    unknown pass or option, or a value of the wrong type, is a `ConfigError` here, not a
    TypeError deep inside a pass.
    """

    options: dict = field(default_factory=dict)  # pass name -> {key: value}, checked as cleanpress.config does
    site: object | None = None  # a site profile (see cleanpress.site), when one is known
    patterns: UserPatterns | None = None  # the user's keep and drop patterns
    input: str = "auto"  # one of INPUT_KINDS: what the user knows the text to be

    def __post_init__(self) -> None:
        from .config import ConfigError, _check_options  # config imports this module

        if self.input not in INPUT_KINDS:
            raise ConfigError(f"input: {self.input!r} is not one of {', '.join(INPUT_KINDS)}")
        if self.options:
            unknown = sorted(set(self.options) - {p.name for p in PASSES})
            if unknown:
                raise ConfigError(f"options for unknown pass {', '.join(unknown)}; "
                                  f"valid passes: {', '.join(p.name for p in PASSES)}")
            object.__setattr__(self, "options", _check_options(self.options))

    def option(self, pass_name: str, key: str, default):
        return self.options.get(pass_name, {}).get(key, default)

    def with_site(self, site: object | None) -> "Context":
        """This context for a page of another site. Only the site changes, and the options were
        checked when this context was built: they are not checked again for every page and round."""
        if site is self.site:
            return self
        twin = copy.copy(self)  # no __init__, so no __post_init__
        object.__setattr__(twin, "site", site)
        return twin


def select_passes(skip: Iterable[str] = (), only: Iterable[str] = ()) -> list[Pass]:
    """The registered passes minus `skip`, or only those in `only`; unknown names are errors."""
    skip, only = set(skip), set(only)
    known = {p.name for p in PASSES}
    unknown = (skip | only) - known
    if unknown:
        raise ValueError(
            f"unknown pass {', '.join(sorted(unknown))}; valid passes: {', '.join(p.name for p in PASSES)}"
        )
    return [p for p in PASSES if (not only or p.name in only) and p.name not in skip]


def find_drops(doc: Document, passes: Sequence[Pass], context: Context) -> list[Drop]:
    """Run each pass over `doc` in order; each sees the lines earlier passes dropped.

    Lines a keep pattern matches stay visible to every pass, but no drop takes them.
    """
    drops: list[Drop] = []
    protected: set[int] = set()
    if context.patterns is not None and context.patterns.keep:
        protected = {line.number for line in doc.lines if line.text and context.patterns.keeps(line.text, line.number)}
    for pass_ in passes:
        for drop in pass_.run(doc, context):
            for first, last in _fresh_runs(drop, doc.dropped | protected if protected else doc.dropped):
                drops.append(drop if (first, last) == (drop.first, drop.last)
                             else Drop(first, last, drop.pass_name, drop.reason))
                doc.dropped.update(range(first, last + 1))
    return drops


def _fresh_runs(drop: Drop, dropped: set[int]) -> Iterable[tuple[int, int]]:
    """The parts of `drop` that no earlier pass has claimed, as (first, last) runs."""
    start = None
    for n in drop.lines():
        if n in dropped:
            if start is not None:
                yield start, n - 1
                start = None
        elif start is None:
            start = n
    if start is not None:
        yield start, drop.last


def split_lines(text: str) -> list[str]:
    """Lines with their own endings (LF, CRLF or CR), so writing them back is exact."""
    return LINE_WITH_END.findall(text)


def assemble(raw_lines: Sequence[str], dropped: set[int]) -> tuple[list[int], str]:
    """Join the kept lines; collapse only the blank runs that a drop created.

    Returns the kept input line numbers (1-based) and the text.
    """
    kept: list[int] = []
    gap = False  # a drop happened since the last kept non-blank line
    pending_blanks: list[int] = []
    for number, raw in enumerate(raw_lines, 1):
        if number in dropped:
            gap = True
            continue
        if raw.strip():
            if pending_blanks:
                if gap and kept:
                    pending_blanks = pending_blanks[:1]
                elif gap:
                    pending_blanks = []
                kept.extend(pending_blanks)
                pending_blanks = []
            kept.append(number)
            gap = False
        else:
            pending_blanks.append(number)
    if pending_blanks and not gap:
        kept.extend(pending_blanks)
    text = "".join(raw_lines[n - 1] for n in kept)
    if text and raw_lines and _ends_with_newline(raw_lines[-1]) and not _ends_with_newline(text):
        text += _newline_of(raw_lines)
    elif text and raw_lines and not _ends_with_newline(raw_lines[-1]):
        text = text.rstrip("\r\n")
    return kept, text


def _ends_with_newline(s: str) -> bool:
    return s.endswith(("\n", "\r"))


def _newline_of(raw_lines: Sequence[str]) -> str:
    for raw in raw_lines:
        if raw.endswith("\r\n"):
            return "\r\n"
        if raw.endswith("\n"):
            return "\n"
        if raw.endswith("\r"):
            return "\r"
    return "\n"


def run(text: str, passes: Sequence[Pass] | None = None, context: Context | None = None,
        segment_chars: int | None = None) -> Cleaned:
    """Clean `text` with `passes` (all registered passes by default) until nothing more drops.

    Text longer than `SEGMENT_CHARS` (4 million characters, hundreds of times a
    long article) is not a page but many: it is cut at the first line end after
    every `SEGMENT_CHARS` characters and each segment is cleaned on its own, so
    the per-line work stays bounded by the segment size. Drops keep input line
    numbers; "cleaning twice changes nothing" is then promised per segment only.
    A line longer than `MAX_LINE_CHARS` is passed through untouched (see `_long_lines_apart`).
    `Stream` does the same on a text that arrives in chunks (a file too large to hold).
    """
    stream = Stream(passes, context, segment_chars)
    current = "".join(stream.clean([text]))
    return Cleaned(current, stream.sorted_drops(), current != text, stream.warnings())


class Stream:
    """`run` on a text that arrives in chunks: the output comes out segment by segment.

    `clean(chunks)` yields the cleaned text in pieces; joined, they are exactly
    `run("".join(chunks)).text`, for any cut of the text into chunks (the same
    segments are cut, each is cleaned the same way). Only one segment and its
    work are held at a time, plus the drops when `keep_drops` (the default).
    Once `clean` is exhausted: `drops`, `warnings()`, `changed`, `chars_in`, `chars_out`.
    """

    def __init__(self, passes: Sequence[Pass] | None = None, context: Context | None = None,
                 segment_chars: int | None = None, keep_drops: bool = True) -> None:
        self.passes = PASSES if passes is None else passes
        self.context = context or Context()
        self.segment_chars = SEGMENT_CHARS if segment_chars is None else segment_chars
        self.keep_drops = keep_drops
        self.drops: list[Drop] = []
        self.changed = False
        self.chars_in = self.chars_out = 0
        self._loss = _Loss()

    def clean(self, chunks: Iterable[str]) -> Iterator[str]:
        offset = 0  # input lines before the current piece
        pieces = 0
        ends_with_newline = False
        held = ""  # the output's trailing line ends, written only once more text follows (or at the end)
        for segment in cut(chunks, self.segment_chars):
            self.chars_in += len(segment)
            if segment:
                ends_with_newline = segment.endswith(("\n", "\r"))
            for piece, opaque in _long_lines_apart(segment):
                pieces += 1
                if opaque:
                    out = piece
                    offset += 1
                else:
                    out, drops, n_lines = _run_page(piece, self.passes, self.context, self._loss, offset)
                    if self.keep_drops:
                        self.drops.extend(Drop(d.first + offset, d.last + offset, d.pass_name, d.reason) for d in drops)
                    offset += n_lines
                    self.changed = self.changed or out != piece
                body = out.rstrip("\r\n")
                if body:
                    if held:
                        yield held
                    yield body
                    self.chars_out += len(held) + len(body)
                    held = out[len(body):]
                else:
                    held += out
        if pieces > 1 and not ends_with_newline:
            self.changed = self.changed or bool(held)  # the last piece was dropped: the input had no final newline
        elif held:
            yield held
            self.chars_out += len(held)

    def sorted_drops(self) -> tuple[Drop, ...]:
        return tuple(sorted(self.drops, key=lambda d: (d.first, d.last)))

    def warnings(self) -> tuple[str, ...]:
        return self._loss.warnings()


def cut(chunks: Iterable[str], size: int) -> Iterator[str]:
    """The text of `chunks` cut at the first line end after every `size` characters.

    A segment ends at the first line end at or after `size` characters into it,
    searched in the whole text; the rest, once no longer than `size` or without
    a line end past `size`, is the last segment (possibly empty). A `\r` that
    ends the text read so far may be the start of `\r\n`: the cut waits for the next chunk.
    """
    buffer = ""
    searched = size  # no line end in buffer[size:searched]
    waiting: list[str] = []  # chunks with no line end, after a buffer already past `size` with none either
    for chunk in chunks:
        if not chunk:
            continue
        if len(buffer) > size and not buffer.endswith("\r") and "\n" not in chunk and "\r" not in chunk:
            waiting.append(chunk)  # inside one long line: join once, not at every chunk (that was quadratic)
            continue
        searched = max(size, len(buffer) - 1)
        buffer = "".join([buffer, *waiting, chunk]) if buffer else chunk
        waiting = []
        while len(buffer) > size:
            end = _LINE_END.search(buffer, searched)
            if end is None or (end.end() == len(buffer) and buffer.endswith("\r")):
                break
            yield buffer[: end.end()]
            buffer = buffer[end.end():]
            searched = size
    if waiting:
        buffer = "".join([buffer, *waiting])
    while len(buffer) > size:
        end = _LINE_END.search(buffer, size)
        if end is None:
            break
        yield buffer[: end.end()]
        buffer = buffer[end.end():]
    yield buffer


def _long_lines_apart(segment: str) -> Iterable[tuple[str, bool]]:
    """`segment`, with each line over `MAX_LINE_CHARS` split off as a piece of its own.

    Per-line work (tokens, features) on a line of millions of characters costs
    about 30 times its size in memory; such a line is not a web page's line but
    data (a minified script, a base64 blob, a dump without line breaks), so it
    is passed through untouched: never analysed, never dropped.
    """
    if len(segment) <= MAX_LINE_CHARS:
        yield segment, False
        return
    start = line_start = 0
    for end in _LINE_END.finditer(segment):
        if end.start() - line_start > MAX_LINE_CHARS:
            if line_start > start:
                yield segment[start:line_start], False
            yield segment[line_start : end.end()], True
            start = end.end()
        line_start = end.end()
    if len(segment) - line_start > MAX_LINE_CHARS:
        if line_start > start:
            yield segment[start:line_start], False
        yield segment[line_start:], True
    elif start < len(segment):
        yield segment[start:], False


def _run_page(text: str, passes: Sequence[Pass], context: Context, loss: "_Loss",
              offset: int = 0) -> tuple[str, list[Drop], int]:
    """The cleaned text, its drops (input line numbers) and the number of input lines; adds to `loss`.
    `offset`: the input lines before this piece (a segment of a long input), so that the line
    numbers reasons name (`Line.input_number`) are the input's.

    Every round's text is the input minus every drop so far, blank runs collapsed once
    (`assemble` on the input lines), not the previous round's text minus this round's drops:
    a blank line that an earlier round's collapse kept in place of its run can fall inside a
    later drop, and the run's other blanks, which that collapse removed without any drop
    naming them, must then come back as one. So the output is always what replaying the
    drops on the input gives.
    """
    input_lines = split_lines(text)
    raw_lines = join_text_nodes(input_lines)
    first_doc = doc = _first_document(raw_lines, offset)
    current = text
    kept = list(range(1, len(raw_lines) + 1))  # current line number -> input line number
    dropped: set[int] = set()  # input line numbers
    all_drops: list[Drop] = []
    later, confirming = _later_rounds(passes, context)
    fresh = True  # this round judges the text as a fresh read of it would
    settled = False
    read_alone = None  # whether the last round read the page without its site's counts (`_page_context`)
    for round_ in range(MAX_ROUNDS):
        page_context = _page_context(context, doc)
        changed_context = read_alone is not None and read_alone != (page_context.site is None)
        read_alone = page_context.site is None
        if changed_context:  # read with other counts than the round before: every line judged anew, no history
            doc = Document([line.renumbered(line.number, history=False) for line in doc.lines])
        running = passes if round_ == 0 or changed_context else confirming if fresh else later
        drops = list(_renumber(find_drops(doc, running, page_context), kept))
        if not drops and fresh:
            settled = True
            break
        previous = dict(zip(kept, doc.lines))  # input line number -> its line, with the features computed so far
        if drops:
            all_drops.extend(drops)
            for drop in drops:
                dropped.update(drop.lines())
            kept, current = assemble(raw_lines, dropped)
        # The next round sees exactly the text written so far; its lines keep their computed features.
        fresh = not drops
        doc = Document([previous.get(n, first_doc.lines[n - 1]).renumbered(i, history=not fresh)
                        for i, n in enumerate(kept, 1)])
    if not settled and fresh:  # the last round dropped nothing: the fresh read it called for decides
        settled = _settles(doc, passes, confirming, context, read_alone)
    if not settled:  # one more round would drop more: cleaning the output again would not give it back unchanged
        loss.unsettled += 1
    loss.add(first_doc, set(kept) if all_drops else None)
    if len(raw_lines) < len(input_lines):
        all_drops = _input_numbering(all_drops, raw_lines)
    return current, all_drops, len(input_lines)


def _later_rounds(passes: Sequence[Pass], context: Context) -> tuple[list[Pass], list[Pass]]:
    """The passes of the rounds after the first, and those that confirm a round that dropped nothing.

    Later rounds skip the line-local passes: a line one would drop now, it saw last round with the
    same text and context, so the line is gone already. Only a line a keep pattern protects survives
    such a verdict (and site-template's drop of two protected lines could then take the blank between
    them), so with keep patterns every pass runs every round.

    The passes that read history (page-structure) judge the first round and the fresh reads only:
    once a round drops nothing, they read the page once more without what earlier rounds knew, as
    cleaning the output again would; only when they drop nothing too is the text what cleaning it
    again gives. (The other passes saw this very text in the round that dropped nothing.) Judging
    the rounds in between too cost a third of page-structure's time and changed no output of the
    bench's sets (docs/speed.md).
    """
    keeping = context.patterns is not None and bool(context.patterns.keep)
    after_first = list(passes) if keeping else [p for p in passes if not p.line_local]
    return [p for p in after_first if not p.reads_history], [p for p in after_first if p.reads_history]


def _first_document(raw_lines: Sequence[str], offset: int) -> Document:
    """The page as the first round reads it; each line knows where it starts in the input (`offset`
    lines before this piece), which is the line number reasons name."""
    doc = Document.from_lines(raw_lines)
    for line, start in zip(doc.lines, _starts(raw_lines)):
        line.input_number = start + offset
    return doc


def _settles(doc: Document, passes: Sequence[Pass], confirming: Sequence[Pass], context: Context,
             read_alone: bool | None) -> bool:
    """Whether a fresh read of the last round's text drops nothing: with every pass when the page is now
    read with other site counts than that round's, else with the passes that read history."""
    page_context = _page_context(context, doc)
    return not find_drops(doc, passes if read_alone != (page_context.site is None) else confirming, page_context)


def _page_context(context: Context, doc: Document) -> Context:
    """`context` for this page as it reads now: without its site's counts when the page shares its
    article with half of the site's pages (`site.shares_its_article`), which would take it for template.
    Decided every round on the text of the round, so the text cleaning ends on decides it the same way."""
    if context.site is not None and shares_its_article(doc.live(), context.site):
        return context.with_site(None)
    return context


@dataclass
class _Loss:
    """What cleaning removed of a page's content, for the warnings in `Cleaned.warnings`."""

    lines: int = 0  # non-blank input lines
    kept: int = 0  # of them, kept
    prose_lines: int = 0  # sentence lines (shapes.is_prose)
    prose_chars: int = 0
    lost_lines: int = 0  # sentence lines dropped
    lost_chars: int = 0
    unsettled: int = 0  # pages still dropping lines when the rounds ran out

    def add(self, doc: Document, kept: set[int] | None) -> None:
        """Count `doc`'s input lines; `kept` holds the kept line numbers (None: all kept)."""
        content = [line for line in doc.lines if line.text]
        self.lines += len(content)
        self.kept += len(content) if kept is None else sum(1 for line in content if line.number in kept)
        for line in content:
            if is_prose(line):
                self.prose_lines += 1
                self.prose_chars += len(line.text)
                if kept is not None and line.number not in kept:
                    self.lost_lines += 1
                    self.lost_chars += len(line.text)

    def warnings(self) -> tuple[str, ...]:
        found: tuple[str, ...] = ()
        if self.lines and not self.kept:
            found = (f"cleaning removed everything ({self.lines} non-blank lines)",)
        elif self.prose_lines >= MIN_PROSE_LINES and self.lost_chars > LOST_PROSE_SHARE * self.prose_chars:
            found = (f"cleaning removed most of the prose: {self.lost_lines} of {self.prose_lines} sentence lines, "
                     f"{self.lost_chars / self.prose_chars:.0%} of their characters",)
        if self.unsettled:
            found += (f"{UNSETTLED} in {MAX_ROUNDS} rounds: cleaning the output again may remove more",)
        return found


def _starts(lines: Sequence[str]) -> list[int]:
    """The input line each of `lines` (joined by `join_text_nodes`) starts on, and one past the last."""
    first = [1]
    for raw in lines:
        first.append(first[-1] + len(split_lines(raw)))
    return first


def _input_numbering(drops: list[Drop], lines: Sequence[str]) -> list[Drop]:
    """`drops` on lines joined from several input lines (`join_text_nodes`), in input line numbers."""
    first = _starts(lines)
    return [Drop(first[d.first - 1], first[d.last] - 1, d.pass_name, d.reason) for d in drops]


def _renumber(drops: Iterable[Drop], origin: list[int]) -> Iterable[Drop]:
    """Map drops on an intermediate text back to input line numbers, split where lines are not contiguous."""
    for drop in drops:
        numbers = [origin[n - 1] for n in drop.lines()]
        start = prev = numbers[0]
        for n in numbers[1:]:
            if n != prev + 1:
                yield Drop(start, prev, drop.pass_name, drop.reason)
                start = n
            prev = n
        yield Drop(start, prev, drop.pass_name, drop.reason)
