"""Text repeated within the page: a long line seen before, or a run of three or more lines that repeats an earlier run.

The first copy stays: a pull-quote repeated inside the article keeps one
copy, and a title shown twice (page title and heading) keeps its first.
Short lines ("Reply", "Share") may repeat freely here; other passes judge
them. Disclaimers repeated top and bottom are dropped whole by
`legal-notices`, which runs first.

It runs last, after page-structure, so the copy that stays is the first of
those the other passes keep: a page that shows its text twice (a teaser at
the top, a mobile and a desktop layout) keeps the article's copy, not the
teaser's (docs/quality.md).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Drop, Line, Option

NAME = "repeated-blocks"

MIN_LINE_CHARS = 50  # a repeated single line must be this long to count
MIN_RUN = 3  # a repeated run of shorter lines must be this many lines

OPTIONS = {
    "min_line_chars": Option(MIN_LINE_CHARS, "a single line repeats only when it is this long (characters)", minimum=1),
    "min_run": Option(MIN_RUN, "a repeated run of shorter lines must be this many lines", minimum=2),
}


def run(doc: Document, context: object) -> Iterator[Drop]:
    live = doc.live()
    min_chars = context.option(NAME, "min_line_chars", MIN_LINE_CHARS)
    first_seen: dict[str, Line] = {}
    dropped: set[int] = set()
    for line in live:
        if len(line.text) < min_chars:
            continue
        earlier = first_seen.setdefault(line.key, line)
        if earlier is not line:
            dropped.add(line.number)
            yield Drop(line.number, line.number, NAME, f"same text as line {earlier.input_number}")
    yield from _repeated_runs(live, dropped, context.option(NAME, "min_run", MIN_RUN))


def _repeated_runs(live, already: set[int], min_run: int = MIN_RUN) -> Iterator[Drop]:
    keys = [line.key for line in live]
    starts: dict[tuple[str, ...], int] = {}
    i = 0
    while i + min_run <= len(live):
        window = tuple(keys[i : i + min_run])
        first = starts.setdefault(window, i)
        if first != i and first + min_run <= i:
            length = min_run
            while i + length < len(live) and first + length < i and keys[first + length] == keys[i + length]:
                length += 1
            lines = live[i : i + length]
            if not all(line.number in already for line in lines):
                yield Drop(
                    lines[0].number, lines[-1].number, NAME,
                    f"repeats lines {live[first].input_number}-{live[first + length - 1].input_number}",
                )
            i += length
            continue
        i += 1
