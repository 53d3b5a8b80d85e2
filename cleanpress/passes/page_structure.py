"""Everything outside the article: menus, footers, sidebars, teaser lists, reader comments and other leftovers no precise pass names.

Three steps (docs/quality.md has the measurements):
1. Rules, jusText-style, from text alone: each line is prose, near-prose,
   short or bad by its length and its share of stopwords in the page's
   language; runs of title-like lines count as one bad unit; the article
   regions are the maximum-sum runs of lines (prose adds, the rest costs).
2. A line model (`cleanpress.line_model`, boosted trees over shallow
   features of the line, its neighbours, the regions, comment signatures, the
   lines earlier passes dropped next to it and, when known, how common the
   line is on its site) gives each line an
   article likelihood. A page with three or more lines of its site's
   template is rated by the site model, which also counts the template
   lines between a line and the article (a reader comment sits under
   "Comments" and "Leave a reply"). page-structure judges a page in the
   pipeline's first round and in its fresh reads (`pipeline._later_rounds`),
   each time on the text as that round sees it.
3. The article's runs over the likelihoods: each line weighs (likelihood -
   threshold) x its length's square root, and the runs are the best split of
   the page into article and not, every change between the two costing
   `MODEL_SWITCH_COST` (so a lone likely line amid a menu stays out, and a page
   may hold several runs); the table rows, lead-ins and title touching a run
   are taken along; inside a run only unlikely lines (under
   `MODEL_INSIDE_FLOOR`) that the rules count against the article go.
What the text is decides how much may go: a whole page as a scraper dumps it,
or an extractor's output (the `input` setting; by default the page-kind model
tells them apart page by page, from the share of short lines, of interface
words at the head and the tail, of lines earlier passes dropped...). An
extractor's output is rated by its own model and loses only unlikely lines
(under `EXTRACTED_DROP_BELOW`) before or after all it keeps, outside the rules'
regions of prose. Each drop says how the text was read.
Keeps: a page where nothing reads like an article (no ground to remove
anything on); table rows, a bulleted list after a lead-in ("- item", as extractors
write lists) and the title next to the article. Without the shipped
model (line_model.json missing) the rules' regions decide alone.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from .. import line_model, stopwords
from ..line_model import SENTENCE_MARK
from ..model import Document, Drop, Line, Option
from ..shapes import LIST_ITEM, is_headline_like

if TYPE_CHECKING:
    import numpy as np

NAME = "page-structure"
READS_HISTORY = True  # the lines earlier passes dropped next to a line, the site template around it

LENGTH_LOW = 70  # jusText's length_low: below this, a line is "short"
LENGTH_HIGH = 200  # jusText's length_high: prose above this is "good" outright
STOP_LOW = 0.30
STOP_HIGH = 0.32
EXTRACTED_PROSE_SHARE = 0.9  # text this much prose, or with this few short lines,
EXTRACTED_MAX_SHORT_SHARE = 0.55  # is already an extractor's output
MIN_REGION_CHARS = 150
MIN_SITE_PAGES = 4  # fewer pages than this say nothing about a site (as in site-template)
MIN_TEMPLATE_LINES = 3  # a page with this many lines on half of its site's pages is rated by the site model
EXTRACTED_DROP_BELOW = 0.2  # in extracted text, only lines this unlikely go
MAX_NEUTRAL_RUN = 30  # table rows or list items taken along at a region's edge
SECONDARY_REGION_SHARE = 0.25  # a second part of the article must weigh this much of the first

MAX_NUMERIC_SHARE = 0.3
WORDS_PER_SENTENCE_MAX = 60  # prose of 30+ words has a sentence mark at least this often
_HAS_DIGIT = regex.compile(r"\d")

SHORT_SENTENCE_GAIN = 0.2  # a short line that reads like a sentence adds this share of its length
SHORT_COST_CAP = 40  # other short lines cost half their length, at most this many characters
SHORT_COST = 0.5
TITLE_MIN_WORDS = 2  # a title-like list item: 2+ words, no sentence end,
TITLE_MAX_NUMBERS = 1  # and at most one number (else it is a table row)

MODEL_THRESHOLD = 0.4  # likelihood a line needs to add to a region (option "threshold")
MODEL_LENGTH_BASE = 20  # a line weighs (likelihood - threshold) * sqrt(length + base)
MODEL_LENGTH_POWER = 0.5
MODEL_INSIDE_FLOOR = 0.2  # inside a region, lines less likely than this still go
MODEL_SWITCH_COST = 3.0  # the article's runs over the model's view: what a change between article and not costs
EXTRACTED_LIKELIHOOD = 0.5  # auto: a text the page-kind model gives this likelihood or more is read as extracted

OPTIONS = {
    "language": Option("auto", "the pages' language for stopwords (jusText's list names), or auto to guess it per page",
                       choices=lambda: ("auto", *stopwords.languages())),
    "threshold": Option(MODEL_THRESHOLD, "article likelihood a line needs to count for the article region: "
                        "lower keeps more, higher removes more", minimum=0.05, maximum=0.95),
}

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"


@dataclass
class _Block:
    line: Line
    cls: str
    stop: float


def _classify(line: Line, stops: frozenset[str]) -> _Block:
    """jusText's classes from text: length, stopword share, and not a table row or a list of names."""
    tokens = line.tokens
    n = len(tokens)
    stop = sum(t in stops for t in tokens) / n if n else 0.0
    chars = len(line.text)
    if chars < LENGTH_LOW:
        return _Block(line, SHORT, stop)
    numeric = sum(t.isdigit() for t in tokens) / n if n else 1.0
    sentences = len(SENTENCE_MARK.findall(line.text))
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


def _classified(line: Line, language: str | None, stops: frozenset[str]) -> _Block:
    """`_classify`, kept on the line for the next round (its class only changes with the language)."""
    cached = line.__dict__.get("_page_structure_class")
    if cached is None or cached[0] != language:
        block = _classify(line, stops)
        line.__dict__["_page_structure_class"] = (language, block.cls, block.stop)
        return block
    return _Block(line, cached[1], cached[2])


def _stopword_ids(line: Line):
    """`stopwords.stopword_ids` of the line's tokens, kept on the line for the next round."""
    ids = line.__dict__.get("_stopword_ids")
    if ids is None:
        ids = line.__dict__["_stopword_ids"] = stopwords.stopword_ids(line.tokens)
    return ids


def _looks_extracted(blocks: list[_Block], prose_chars: int, all_chars: int) -> bool:
    """An extractor's output has few short lines: menus, buttons and link lists are gone."""
    short = sum(b.cls == SHORT for b in blocks) / len(blocks)
    return short < EXTRACTED_MAX_SHORT_SHARE or prose_chars >= EXTRACTED_PROSE_SHARE * all_chars


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
        if line.text.endswith(":") or (_HAS_DIGIT.search(line.text) and line.n_words <= 8):
            return 0.0
        return -min(chars, SHORT_COST_CAP) * SHORT_COST
    return -chars


def _introduced_lists_cost_nothing(blocks: list[_Block], values: list[float]) -> None:
    """A bulleted or numbered list right after a line ending with a colon ("Check these steps:") is the
    article's: its items cost nothing, so a region that ends with it takes it along.

    Extractors write lists as "- item" lines. A bulleted menu has no lead-in, so it still costs.
    """
    i = 1
    while i < len(blocks):
        if blocks[i - 1].line.text.endswith(":") and LIST_ITEM.match(blocks[i].line.text):
            j = i
            while j < len(blocks) and LIST_ITEM.match(blocks[j].line.text):
                if blocks[j].cls not in (GOOD, NEARGOOD):
                    values[j] = max(values[j], 0.0)
                j += 1
            i = j
        i += 1


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


@dataclass
class Analysis:
    """A page as page-structure sees it: live lines, their classes and the prose regions."""

    live: list[Line]
    blocks: list[_Block]
    language: str | None
    keep: list[bool]  # inside a region (after extension)
    values: list[float]  # what each line adds to a region, by the rules
    site_shares: list[float]  # per live line, share of the site's pages holding it (-1: no site)
    template_density: float  # share of the page's lines on half of the site's pages
    template_gap: list[int] | None  # per live line, site template lines between it and the article; None off a template
    main: tuple[int, int]  # the main region (live indices)
    extracted: bool  # the text looks like an extractor's output already, by the rules
    dropped: list[tuple[int, int]]  # per live line, lines earlier passes dropped just above and just below it
    dropped_share: float  # the share of the page's non-blank lines that earlier passes dropped

    def views(self) -> list[line_model.LineView]:
        return self._views

    @cached_property
    def _views(self) -> list[line_model.LineView]:  # read twice a run: the page kind, then the line features
        n = len(self.blocks)
        distance = [n] * n  # lines to the nearest region line: one sweep each way
        last = None
        for i in range(n):
            last = i if self.keep[i] else last
            if last is not None:
                distance[i] = i - last
        last = None
        for i in reversed(range(n)):
            last = i if self.keep[i] else last
            if last is not None:
                distance[i] = min(distance[i], last - i)
        gap = self.template_gap or [-1] * n
        return [line_model.LineView(b.line, b.cls, b.stop, self.keep[i], distance[i], self.site_shares[i], gap[i],
                                    *self.dropped[i])
                for i, b in enumerate(self.blocks)]

    def features(self) -> "np.ndarray":  # shape (lines, features)
        return line_model.page_features(self.views(), self.language is not None, self.template_density)

    def page_kind_features(self) -> list[float]:
        return line_model.page_kind_features(self.views(), self.dropped_share)

    def read_as_extracted(self, kind: str = "auto") -> bool:
        """Whether to read the text as an extractor's output: as `kind` says, or for auto as the
        page-kind model finds it (the rules without the shipped model)."""
        if kind != "auto":
            return kind == "extracted"
        model = line_model.load_page_kind()
        if model is None:
            return self.extracted
        return model.probabilities([self.page_kind_features()])[0] >= EXTRACTED_LIKELIHOOD


def analyse(doc: Document, site: object | None = None, language: str = "auto") -> Analysis | None:
    """Classify the live lines and find the article regions; None when there is no prose to anchor on.

    `site` (`context.site`: `.pages`, `.count(line)`) adds how common each line is on the site.
    """
    live = doc.live()
    if not live:
        return None
    dropped = _dropped_runs(doc, live)  # before any early return: the first round decides
    if language == "auto":
        prose_first = sorted(live, key=lambda line: -len(line.text))  # the language is that of the longest lines
        language = stopwords.guess_language_of_ids((line.tokens, _stopword_ids(line)) for line in prose_first)
    stops = stopwords.stoplist(language)
    blocks = [_classified(line, language, stops) for line in live]
    prose_chars = sum(len(b.line.text) for b in blocks if b.cls in (GOOD, NEARGOOD))
    all_chars = sum(len(b.line.text) for b in blocks)
    if not prose_chars:
        return None
    extracted = _looks_extracted(blocks, prose_chars, all_chars)
    _mark_title_lists(blocks)
    values = [_value(b) for b in blocks]
    _introduced_lists_cost_nothing(blocks, values)
    regions = _regions(values)
    if not regions:
        return None
    keep = [False] * len(live)
    for start, end, _ in regions:
        start, end = _extend(blocks, values, start, end)
        keep[start : end + 1] = [True] * (end + 1 - start)
    main = max(regions, key=lambda r: r[2])
    shares, density, template = _site_evidence(doc, live, site)
    gaps = _template_gaps(live, template, main[0])
    content = sum(1 for line in doc.lines if line.text)
    dropped_share = (content - len(live)) / content
    return Analysis(live, blocks, language, keep, values, shares, density, gaps, (main[0], main[1]), extracted, dropped,
                    dropped_share)


_DROPPED_RUNS = "page_structure_dropped_runs"  # kept in the line's history for the next rounds


def _dropped_runs(doc: Document, live: list[Line]) -> list[tuple[int, int]]:
    """Per live line, the non-blank lines dropped by earlier passes between it and the live line
    above, and between it and the live line below: a menu, a share bar or a related list the
    precise passes took out still marks where the article starts or ends.

    Kept in the line's `history`, as template gaps are: a round after the first that judged the page
    again would see it without those lines and read the first round's runs. The pipeline runs
    page-structure on the first round and on fresh reads only (which start without history), so
    today each run computes them.
    """
    if live and _DROPPED_RUNS in live[0].history:
        return [line.history.get(_DROPPED_RUNS, (0, 0)) for line in live]
    gaps = []
    previous = 0
    for line in live:
        gaps.append(sum(1 for k in range(previous + 1, line.number) if doc.lines[k - 1].text))
        previous = line.number
    gaps.append(sum(1 for k in range(previous + 1, len(doc.lines) + 1) if doc.lines[k - 1].text))
    runs = [(gaps[i], gaps[i + 1]) for i in range(len(live))]
    for line, run in zip(live, runs):
        line.history[_DROPPED_RUNS] = run
    return runs


_TEMPLATE_GAP = "page_structure_template_gap"  # kept in the line's history for the next rounds


def _template_gaps(live: list[Line], template: list[int] | None, start: int) -> list[int] | None:
    """Per live line the `template` lines (their numbers, in order) between it and the main region's
    first line (`start`): for a line above it, from the line itself down; for a line below, the
    line itself left out.

    Kept in the line's `history`, as dropped runs are: a round after the first that judged the page
    again would see it without its template and rate it by the first round's counts. Today each
    run of page-structure (the first round, fresh reads) computes them on the text it sees.
    """
    if live and _TEMPLATE_GAP in live[0].history:
        return [line.history.get(_TEMPLATE_GAP, -1) for line in live]
    if template is None:
        return None
    above = [bisect_left(template, line.number) for line in live]  # template lines above each line
    gaps = [abs(count - above[start]) for count in above]
    for line, gap in zip(live, gaps):
        line.history[_TEMPLATE_GAP] = gap
    return gaps


def _site_evidence(doc: Document, live: list[Line], site: object | None
                   ) -> tuple[list[float], float, list[int] | None]:
    """Per live line the share of the site's pages holding it; the share of the page's lines on half of
    them (template, whether site-template dropped them or not); and, on a page with at least
    `MIN_TEMPLATE_LINES` such lines, their numbers."""
    pages = getattr(site, "pages", 0) if site is not None else 0
    if pages < MIN_SITE_PAGES:
        return [-1.0] * len(live), 0.0, None
    shares = [site.count(line) / pages for line in live]
    content = [line for line in doc.lines if line.text]
    template = [line.number for line in content if site.count(line) * 2 >= pages]
    density = len(template) / len(content)
    return shares, density, template if len(template) >= MIN_TEMPLATE_LINES else None


def run(doc: Document, context: object) -> Iterator[Drop]:
    option = getattr(context, "option", lambda name, key, default: default)
    analysis = analyse(doc, getattr(context, "site", None), option(NAME, "language", "auto"))
    if analysis is None:
        return
    live, blocks = analysis.live, analysis.blocks
    extracted = analysis.read_as_extracted(getattr(context, "input", "auto"))
    model, rated_by = line_model.load(), "article likelihood"
    if extracted and line_model.load_extracted() is not None:
        model, rated_by = line_model.load_extracted(), "article likelihood in extracted text"
    elif analysis.template_gap is not None and line_model.load_site() is not None:  # among its site's template
        model, rated_by = line_model.load_site(), "article likelihood among the site's template"
    if model is not None:
        probs = model.probabilities(analysis.features())
        keep = _keep_by_model(blocks, probs, analysis.values, option(NAME, "threshold", MODEL_THRESHOLD))
        if extracted:  # mostly article already: only confident drops at the edges
            keep = _cautious(keep, probs, analysis.keep)
        why = [f"{rated_by} {p:.2f}" for p in probs]
    elif extracted:
        return
    else:
        keep = [k and b.cls != "list" for k, b in zip(analysis.keep, blocks)]
        why = ["" for _ in blocks]
    lang = analysis.language or "no stoplist"
    main = analysis.main
    read_as = "read as an extractor's output" if extracted else "read as a whole page"
    where = f"lines {live[main[0]].input_number}-{live[main[1]].input_number}, {lang}, {read_as}"
    i = 0
    while i < len(live):
        if keep[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(live) and not keep[j + 1] and analysis.keep[j + 1] == analysis.keep[i]:
            j += 1
        if analysis.keep[i]:
            reason = "title-like list item inside the article region" if blocks[i].cls == "list" else "unlikely article line inside the region"
        else:
            side = "before" if i < main[0] else "after" if i > main[1] else "between parts of"
            reason = f"{side} the article region"
        detail = f", {why[i]}" if why[i] else ""
        yield Drop(live[i].number, live[j].number, NAME, f"{reason} ({where}{detail})")
        i = j + 1


def _keep_by_model(blocks: list[_Block], probs: list[float], rule_values: list[float],
                   threshold: float = MODEL_THRESHOLD) -> list[bool]:
    """Regions again, now over the model's view: each line weighs its likelihood
    against the threshold, times its length; inside a region only unlikely lines go."""
    values = [(p - threshold) * (len(b.line.text) + MODEL_LENGTH_BASE) ** MODEL_LENGTH_POWER
              for b, p in zip(blocks, probs)]
    regions = _segments(values, MODEL_SWITCH_COST)
    if not regions:  # nothing reads like an article: no ground to remove anything on
        return [True] * len(blocks)
    keep = [False] * len(blocks)
    for start, end, _ in regions:
        start, end = _extend(blocks, rule_values, start, end)
        for i in range(start, end + 1):
            keep[i] = probs[i] >= MODEL_INSIDE_FLOOR or rule_values[i] >= 0
    return keep


def _segments(values: list[float], switch: float) -> list[tuple[int, int, float]]:
    """The runs of lines that are article when every line is article or not, each line adds its
    value when it is, and every change between the two costs `switch` (two states, Viterbi).

    Unlike `_regions`, any number of runs may be article, each weighing what it weighs; a run
    must outweigh the two changes that open and close it.
    """
    best_out, best_in = 0.0, -switch  # best score with line i-1 outside / inside the article
    back: list[tuple[bool, bool]] = []  # per line: (came from inside, if outside now), (came from inside, if inside now)
    for v in values:
        out_from_in = best_in - switch > best_out
        in_from_in = best_in >= best_out - switch
        best_out, best_in = (best_in - switch if out_from_in else best_out), \
            (best_in if in_from_in else best_out - switch) + v
        back.append((out_from_in, in_from_in))
    inside = best_in - switch > best_out  # closing the last run costs a change too
    states = []
    for out_from_in, in_from_in in reversed(back):
        states.append(inside)
        inside = in_from_in if inside else out_from_in
    states.reverse()
    runs, i = [], 0
    while i < len(states):
        if states[i]:
            j = i
            while j + 1 < len(states) and states[j + 1]:
                j += 1
            runs.append((i, j, sum(values[i : j + 1])))
            i = j + 1
        else:
            i += 1
    return runs


def _cautious(keep: list[bool], probs: list[float], in_rule_region: list[bool]) -> list[bool]:
    """Keep all but the unlikely lines before the first kept line and after the last one, and
    there too the lines inside a region of prose by the rules."""
    kept = [i for i, k in enumerate(keep) if k]
    if not kept:
        return [True] * len(keep)
    first, last = kept[0], kept[-1]
    return [first <= i <= last or p >= EXTRACTED_DROP_BELOW or inside
            for i, (p, inside) in enumerate(zip(probs, in_rule_region))]


def _regions(values: list[float], minimum: float = MIN_REGION_CHARS) -> list[tuple[int, int, float]]:
    """The best region, then the best ones left and right of it that are worth a share of it."""
    start, end, total = _best_region(values)
    if end < start or total < minimum:
        return []
    found = [(start, end, total)]
    floor = max(minimum, SECONDARY_REGION_SHARE * total)
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
    starts_with_title = _is_title(blocks[k].line) and blocks[k].cls in (SHORT, "list")
    if k > 0 and not starts_with_title and blocks[k - 1].cls in (SHORT, "list") and _is_title(blocks[k - 1].line):
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
