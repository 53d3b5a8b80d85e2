"""Comment widgets and reply forms (wpDiscuz, Disqus, WordPress, Facebook), comment counts, log-in-to-comment prompts, and the reader comments that follow them.

A widget is found by its unmistakable lines ("Notify of", "Inline
Feedbacks", "Leave a Reply", "Your email address will not be published",
"12 Comments"); the form labels around it ("Name", "Email", "guest",
"Subscribe") go with it, but only when they stand next to such a line. When
the widget comes after most of the article's prose and the lines after it
look like a thread ("Jane says:", "Reply", dated signatures), the thread goes
too. Keeps: "comment" or "reply" inside a sentence, a widget label closing a
sentence of the article ("... What do you think?"), and a "Comments" heading
with nothing of a widget around it.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import lexicon
from ..model import Document, Drop, Line
from ..shapes import bare, is_prose

NAME = "comment-widgets"

STRONG_EXACT = lexicon.phrase_set(lexicon.COMMENT_WIDGET_STRONG)
STRONG_WITHIN = lexicon.PhraseIndex.of(lexicon.COMMENT_WIDGET_STRONG, min_tokens=4)
WEAK_EXACT = lexicon.phrase_set(lexicon.COMMENT_WIDGET_WEAK)
_nouns = lexicon.alternation(lexicon.COMMENT_NOUNS)
COUNT = regex.compile(
    rf"^(?:\d[\d.,]*k?\s+(?:{_nouns})(?:\s+(?:on|to|for|zu|sur|en|su|em|op)\b.*)?"
    rf"|(?:{_nouns})\s*[(\[]?\d[\d.,]*k?[)\]]?)$",
    regex.IGNORECASE,
)
_says = lexicon.alternation(lexicon.COMMENT_SAYS)
# `\s*(?::\s*)?$`, not `\s*:?\s*$` (the same lines): two `\s*` in a row split a long run of
# spaces every way before failing, quadratic in its length; so for the time's "am"/"pm".
THREAD_CUE = regex.compile(
    rf"^.{{1,60}}?\s(?:{_says})\s*(?::\s*)?$"  # "Jane says:"
    rf"|^(?:{lexicon.alternation(lexicon.COMMENT_REPLY)})\s*[↓»]?$"
    r"|\b\d{1,2}:\d{2}\s*(?:(?:am|pm)\s*)?$"  # "... at 5:12 pm"
    r"|^(?:on\s+)?\p{L}+\s+\d{1,2},?\s+\d{4}\s+(?:at|um|à|a las|alle|às|om)\s+\d",
    regex.IGNORECASE,
)
MAX_WIDGET_WORDS = 30
MAX_COUNT_WORDS = 8
MIN_PROSE_SHARE_BEFORE = 0.5  # a thread starts only after most of the page's prose
MIN_THREAD_CUES = 2


def _strength(line: Line) -> int:
    """2: a widget line on its own; 1: a label that belongs to a widget nearby; 0: neither.

    A line's own property: kept on the line for the next round of the pipeline.
    """
    strength = line.__dict__.get("_widget_strength")
    if strength is None:
        strength = line.__dict__["_widget_strength"] = _strength_of(line)
    return strength


def _opens_or_fills(tokens: list[str]) -> bool:
    """A widget phrase inside a longer line marks a widget when the line opens with it or it is most of
    the line ("Listed below are links to weblogs that reference <title>:", "Leave a Reply Cancel
    reply"); "I think the plan is sound. What do you think?" is the article's last line."""
    if not tokens:
        return False
    return next(iter(STRONG_WITHIN.lengths_at(tokens, 0)), 0) > 0 or 2 * STRONG_WITHIN.covered(tokens) >= len(tokens)


def _strength_of(line: Line) -> int:
    if line.n_words > MAX_WIDGET_WORDS:
        return 0
    key = line.token_key
    if key in STRONG_EXACT or _opens_or_fills(line.tokens):
        return 2
    if line.n_words <= MAX_COUNT_WORDS and COUNT.match(bare(line.text)):
        return 2
    if key in WEAK_EXACT:
        return 1
    return 0


def run(doc: Document, context: object) -> Iterator[Drop]:
    live = doc.live()
    strength = [_strength(line) for line in live]
    in_widget = [s == 2 for s in strength]
    # Grow each widget over adjacent labels.
    for i, s in enumerate(strength):
        if s != 2:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(live) and strength[j] >= 1 and not in_widget[j]:
                in_widget[j] = True
                j += step
    i = 0
    first_widget_end = None
    while i < len(live):
        if not in_widget[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(live) and in_widget[j + 1]:
            j += 1
        yield Drop(live[i].number, live[j].number, NAME, _describe(live[i : j + 1]))
        if first_widget_end is None:
            first_widget_end = (i, j)
        i = j + 1
    if first_widget_end is not None:
        yield from _thread_after(live, in_widget, *first_widget_end)


def _describe(lines: list[Line]) -> str:
    shown = " / ".join(line.text for line in lines[:4])
    more = f" (+{len(lines) - 4} lines)" if len(lines) > 4 else ""
    return f"comment widget: {shown[:120]}{more}"


def _thread_after(live: list[Line], in_widget: list[bool], start: int, end: int) -> Iterator[Drop]:
    """Reader comments: the rest of the page, when a widget follows the article and a thread follows it."""
    prose = [len(line.text) if is_prose(line) else 0 for line in live]
    total = sum(prose)
    if not total or sum(prose[:start]) < MIN_PROSE_SHARE_BEFORE * total:
        return
    rest = [k for k in range(end + 1, len(live)) if not in_widget[k]]
    cues = [k for k in rest if THREAD_CUE.search(live[k].text)]
    if len(cues) < MIN_THREAD_CUES:
        return
    first = live[rest[0]].number
    yield Drop(first, live[-1].number, NAME,
               f"reader comments after the comment widget at line {live[start].input_number} ({len(cues)} comment signatures)")
