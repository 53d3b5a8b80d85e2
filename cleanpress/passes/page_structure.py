"""Everything outside the article's region: menus, footers, sidebars, teaser lists and other leftovers no precise pass names.

Each remaining line is classified the way jusText classifies paragraphs,
from text alone: prose (long, rich in the page language's stopwords),
near-prose, short, or bad (long but without stopwords: menus, tag clouds,
lists of names). Short lines take the class of the prose around them. The
article is the contiguous run of lines with the best balance of prose over
the rest (the body-text-extraction idea); lines outside it go, and so do
lines inside it that are runs of title-like list items. Keeps: text that
already looks extracted (mostly prose, few short lines), where only the
precise passes act; table rows and short lines inside the article; every
line of a page with no prose at all (nothing to anchor a region on).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .. import stopwords
from ..model import Document, Drop, Line
from ..shapes import is_headline_like

NAME = "page-structure"

LENGTH_LOW = 70  # jusText's length_low: below this, a line is "short"
LENGTH_HIGH = 200  # jusText's length_high: prose above this is "good" outright
STOP_LOW = 0.30
STOP_HIGH = 0.32
EXTRACTED_PROSE_SHARE = 0.8  # text this much prose, with few short lines,
EXTRACTED_MAX_SHORT_SHARE = 0.5  # is already an extractor's output
MIN_REGION_CHARS = 150
MAX_NEUTRAL_RUN = 30  # table rows or list items taken along at a region's edge
SECONDARY_REGION_SHARE = 0.25  # a second part of the article must weigh this much of the first

MAX_NUMERIC_SHARE = 0.3
WORDS_PER_SENTENCE_MAX = 60  # prose of 30+ words has a sentence mark at least this often
_HAS_DIGIT = regex.compile(r"\d")
SENTENCE_MARK = regex.compile(r"[.!?。！？…](?=\s|$|[\"”»’)])")

SHORT_SENTENCE_GAIN = 0.2
NEUTRAL_CELLS = 1
SHORT_COST_CAP = 40
SHORT_COST = 0.5
TITLE_MIN_WORDS = 2
TITLE_MAX_NUMBERS = 1

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"


@dataclass
class _Block:
    line: Line
    cls: str
    stop: float


def _classify(line: Line, stops: frozenset[str]) -> _Block:
    tokens = line.tokens
    n = len(tokens)
    stop = sum(t in stops for t in tokens) / n if n else 0.0
    chars = len(line.text)
    if chars < LENGTH_LOW:
        return _Block(line, SHORT, stop)
    numeric = sum(t.isdigit() for t in tokens) / n if n else 1.0
    sentences = len(SENTENCE_MARK.findall(line.text)) + (not line.ends_sentence and 0)
    if numeric >= MAX_NUMERIC_SHARE or (n >= 30 and sentences < n / WORDS_PER_SENTENCE_MAX):
        return _Block(line, BAD, stop)  # a table row, an archive list, a tag cloud: not prose
    if not stops:  # no stoplist fits this page: length and sentence shape only
        cls = GOOD if line.ends_sentence and chars >= LENGTH_HIGH else NEARGOOD if line.ends_sentence else SHORT
        return _Block(line, cls, stop)
    if stop >= STOP_HIGH:
        return _Block(line, GOOD if chars > LENGTH_HIGH or line.ends_sentence else NEARGOOD, stop)
    if stop >= STOP_LOW:
        return _Block(line, NEARGOOD, stop)
    return _Block(line, BAD, stop)


def _looks_extracted(blocks: list[_Block], prose_chars: int, all_chars: int) -> bool:
    short = sum(b.cls == SHORT for b in blocks) / len(blocks)
    return short < EXTRACTED_MAX_SHORT_SHARE and prose_chars >= EXTRACTED_PROSE_SHARE * all_chars


def _value(block: _Block) -> float:
    """What a line adds to a region: prose adds its length, non-prose costs it.

    Short lines that read like a sentence, a lead-in ("Für den Teig:") or a
    table cell cost nothing, so they neither start a region nor cut one.
    """
    line = block.line
    chars = len(line.text)
    if block.cls == GOOD:
        return chars
    if block.cls == NEARGOOD:
        return chars * 0.5
    if block.cls == SHORT:
        if line.ends_sentence and line.n_words >= 4 and block.stop >= 0.15:
            return chars * SHORT_SENTENCE_GAIN
        if NEUTRAL_CELLS and (line.text.endswith(":") or (_HAS_DIGIT.search(line.text) and line.n_words <= 8)):
            return 0.0
        return -min(chars, SHORT_COST_CAP) * SHORT_COST
    return -chars


def _best_region(values: list[float]) -> tuple[int, int, float]:
    """Maximum-sum contiguous run (Kadane): (start, end inclusive, sum)."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, v in enumerate(values):
        if total <= 0:
            start, total = i, 0.0
        total += v
        if total > best[2]:
            best = (start, i, total)
    return best


def run(doc: Document, context: object) -> Iterator[Drop]:
    live = doc.live()
    if not live:
        return
    tokens = [t for line in live for t in line.tokens]
    language = stopwords.guess_language(tokens)
    stops = stopwords.stoplist(language)
    blocks = [_classify(line, stops) for line in live]
    prose_chars = sum(len(b.line.text) for b in blocks if b.cls in (GOOD, NEARGOOD))
    all_chars = sum(len(b.line.text) for b in blocks)
    if not prose_chars:
        return
    if _looks_extracted(blocks, prose_chars, all_chars):
        return
    _mark_title_lists(blocks)
    values = [_value(b) for b in blocks]
    regions = _regions(values)
    if not regions:
        return
    lang = language or "no stoplist"
    keep = [False] * len(live)
    for start, end, _ in regions:
        start, end = _extend(blocks, values, start, end)
        keep[start : end + 1] = [True] * (end + 1 - start)
    main = max(regions, key=lambda r: r[2])
    where = f"lines {live[main[0]].number}-{live[main[1]].number}, {lang}"
    i = 0
    while i < len(live):
        if keep[i]:
            if blocks[i].cls == "list":
                yield Drop(live[i].number, live[i].number, NAME, "item of a run of title-like lines inside the article")
            i += 1
            continue
        j = i
        while j + 1 < len(live) and not keep[j + 1]:
            j += 1
        side = "before" if i < main[0] else "after" if i > main[1] else "between parts of"
        yield Drop(live[i].number, live[j].number, NAME, f"{side} the article region ({where})")
        i = j + 1


def _regions(values: list[float]) -> list[tuple[int, int, float]]:
    """The best region, then the best ones left and right of it that are worth a share of it."""
    start, end, total = _best_region(values)
    if end < start or total < MIN_REGION_CHARS:
        return []
    found = [(start, end, total)]
    floor = max(MIN_REGION_CHARS, SECONDARY_REGION_SHARE * total)
    pending = [(0, start), (end + 1, len(values))]
    while pending:
        lo, hi = pending.pop()
        if hi - lo <= 0:
            continue
        s, e, t = _best_region(values[lo:hi])
        if e >= s and t >= floor:
            found.append((lo + s, lo + e, t))
            pending += [(lo, lo + s), (lo + e + 1, hi)]
    return sorted(found)


def _extend(blocks: list[_Block], values: list[float], start: int, end: int) -> tuple[int, int]:
    """Grow a region over the neutral lines that touch it (a table, an ingredient list,
    a lead-in), then over the title just above it."""
    k = start
    while k > 0 and start - k < MAX_NEUTRAL_RUN and values[k - 1] >= 0:
        k -= 1
    if k > 0 and blocks[k - 1].cls in (SHORT, "list") and _is_title(blocks[k - 1].line):
        k -= 1
    m = end
    while m + 1 < len(blocks) and m - end < MAX_NEUTRAL_RUN and values[m + 1] >= 0:
        m += 1
    return k, m


def _is_title(line: Line) -> bool:
    return is_headline_like(line, min_words=2) and not line.text.endswith(("?", "!"))


def _title_item(block: _Block) -> bool:
    line = block.line
    return (block.cls != GOOD and is_headline_like(line, min_words=TITLE_MIN_WORDS)
            and not line.tokens[0].isdigit()  # "100 g Zucker": a table or ingredient row, not a title
            and sum(t.isdigit() for t in line.tokens) <= TITLE_MAX_NUMBERS)


def _mark_title_lists(blocks: list[_Block], min_run: int = 3) -> None:
    """Runs of 3+ consecutive title-like lines (headline lists, menus of phrases) count as one bad unit."""
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and _title_item(blocks[j]):
            j += 1
        if j - i >= min_run:
            for b in blocks[i:j]:
                b.cls = "list"
        i = max(j, i + 1)
