"""Text repeated within the page: a long line seen before, or a run of three or more lines that repeats an earlier run.

The first copy stays: a pull-quote repeated inside the article keeps one
copy, and a title shown twice (page title and heading) keeps its first.
Short lines ("Reply", "Share") may repeat freely here; other passes judge
them. Disclaimers repeated top and bottom are dropped whole by
`legal-notices`, which runs first.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Drop

NAME = "repeated-blocks"

MIN_LINE_CHARS = 50  # a repeated single line must be this long to count
MIN_RUN = 3  # a repeated run of shorter lines must be this many lines


def run(doc: Document, context: object) -> Iterator[Drop]:
    live = doc.live()
    first_seen: dict[str, int] = {}
    dropped: set[int] = set()
    for line in live:
        if len(line.text) < MIN_LINE_CHARS:
            continue
        earlier = first_seen.setdefault(line.key, line.number)
        if earlier != line.number:
            dropped.add(line.number)
            yield Drop(line.number, line.number, NAME, f"same text as line {earlier}")
    yield from _repeated_runs(live, dropped)


def _repeated_runs(live, already: set[int]) -> Iterator[Drop]:
    keys = [line.key for line in live]
    starts: dict[tuple[str, ...], int] = {}
    i = 0
    while i + MIN_RUN <= len(live):
        window = tuple(keys[i : i + MIN_RUN])
        first = starts.setdefault(window, i)
        if first != i and first + MIN_RUN <= i:
            length = MIN_RUN
            while i + length < len(live) and first + length < i and keys[first + length] == keys[i + length]:
                length += 1
            lines = live[i : i + length]
            if not all(line.number in already for line in lines):
                yield Drop(
                    lines[0].number, lines[-1].number, NAME,
                    f"repeats lines {live[first].number}-{live[first + length - 1].number}",
                )
            i += length
            continue
        i += 1
