"""Lists of other articles' headlines: after a marker ("Related", "Read more", "You may also like", "Lesen Sie auch"), or as the run of headline-like lines that closes the page after the article.

A marker is the line alone ("Related", "Lesen Sie auch (3)"); a label of at
most 8 words that opens with one and ends with a colon ("More stories from
our sports desk:") counts only when its list closes the page, since articles
introduce their own lists that way too ("Más de veinte barrios tendrán
cambios:"). A headline is a line of 4 to 25 words that starts with a capital
or digit and does not end like a sentence; short date, author or category
lines may sit between headlines; after a marker, a bulleted list ("- item")
of short items that closes the page counts too, whatever its items end with.
A marker or label that closes the page goes too: what it introduced is gone
(labels closing the page may hold their marker anywhere: "Das Thema könnte
dich auch interessieren:"). A theme's link to the previous or next post,
label and title on one line ("Previous Post <title>"), goes wherever it is,
when a colon or an arrow stands by the label or ends the line, or another
navigation line stands by it.

Keeps: the article's own subheadings (a prose paragraph follows them, which
ends the run), a marker with prose after it, a bulleted list after a marker
with more of the page after it whose items end with a full stop
("Empfehlungen:" and the article's advice; items that read as headlines
still go, as after any marker),
bulleted paragraphs, a label with more of the page after its list, a closing
list on a page with no prose before it, a list the article introduces itself
("Check these steps:"), a sentence that opens with a navigation label ("Next
post I will cover the costs."), a lone "Next Article 50 vote set for
Tuesday" (a subheading), and a "read also" line that ends with a full stop.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import lexicon
from ..model import Document, Drop, Line, Option
from ..shapes import BULLET, MAX_HEADLINE_WORDS, is_headline_like, is_prose

NAME = "related-headlines"

MARKERS = lexicon.phrase_set(lexicon.RELATED_MARKERS)
MARKER_PREFIX = lexicon.PhraseIndex.of(lexicon.RELATED_MARKERS)
POST_NAVIGATION = lexicon.PhraseIndex.of(lexicon.POST_NAVIGATION_LABELS)
POST_NAVIGATION_LINES = lexicon.phrase_set(lexicon.POST_NAVIGATION_LABELS)
NAVIGATION_SEPARATORS = frozenset(":«»‹›<>←→|➡⬅▶◀►◄")  # by the label, or closing the line ('%link &raquo;')
# The end of a label's n-th word and the spaces or separator after it; possessive throughout, so a
# long run of spaces or letters is taken once.
_LABEL_END = {n: regex.compile(r"^(?P<lead>[^\p{L}\p{N}]*+)(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+[^\p{L}\p{N}]*+){%d}"
                               r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+(?P<gap>[^\p{L}\p{N}]*+)" % (n - 1))
              for n in range(1, 4)}
_SEPARATOR_AFTER = {  # "Read also: <headline>": the separator right after the marker's n-th token (marks inside, as tokens)
    # `++`: a token is a whole word; a plain `+` let the n repetitions split one long word
    # n ways, and 'a' * 100_000 + '!' backtracked for minutes. No `\s*` before the separator: the
    # filler already takes spaces, and the two together split a long run of spaces every way.
    n: regex.compile(r"^[^\p{L}\p{N}]*(?:[\p{L}\p{N}][\p{L}\p{M}\p{N}]*+[^\p{L}\p{N}:»›|>–—]*?){%d}[:»›|>–—]\s*\S" % n)
    for n in range(1, 12)
}
MAX_META_WORDS = 3
MAX_LABEL_WORDS = 8
MIN_PARAGRAPH_WORDS = 20  # a bulleted item this long that ends like a sentence is the article's text
MAX_POST_LINK_WORDS = 30  # a navigation label and the title of the post it links to
LEAD_IN_MIN_WORDS = 4  # "Read more:" is a marker; four words or more before a colon introduce the article's list
MIN_TRAILING_HEADLINES = 2

OPTIONS = {
    "trailing_run": Option(True, "drop the run of headline-like lines that closes the page, and a marker or label "
                           "closing it (not only lists after a marker)"),
    "min_trailing_headlines": Option(MIN_TRAILING_HEADLINES,
                                     "headline-like lines needed to drop the run that closes a page", minimum=1),
}


def is_marker(line: Line) -> bool:
    """A line that is only a marker, maybe with a count: 'Related:', 'Lesen Sie auch (3)'."""
    if line.n_words > MAX_LABEL_WORDS:
        return False
    tokens = line.tokens
    while tokens and tokens[-1].isdigit():
        tokens = tokens[:-1]
    return " ".join(tokens) in MARKERS


def is_label(line: Line, anywhere: bool = False) -> bool:
    """A short label that opens with a marker and ends with a colon: 'Lesen Sie auch die folgenden
    Beiträge:', 'More from LearnVest:'. Also how an article introduces its own list ('Más de veinte
    barrios tendrán cambios:', 'Topics covered in the workshop:'), so it counts only at the page's end.
    `anywhere`: the marker may stand anywhere in it ('Das Thema könnte dich auch interessieren:'),
    for labels closing the page, their list gone."""
    if line.n_words > MAX_LABEL_WORDS or not line.text.endswith(":"):
        return False
    return (MARKER_PREFIX.search(line.tokens) is not None) if anywhere else MARKER_PREFIX.match_prefix(line.tokens) > 0


def is_inline_marker(line: Line) -> bool:
    """'Read also: Another headline' on one line."""
    n = MARKER_PREFIX.match_prefix(line.tokens)
    return 0 < n < len(line.tokens) and n in _SEPARATOR_AFTER and bool(_SEPARATOR_AFTER[n].match(line.text))


def _post_link(line: Line) -> str | None:
    """The shape of a theme's link to the previous or next post, label and title on one line
    ('Previous Post When Hospital Patients Continue to Smoke', '« Nächster Beitrag: Ein Titel'):
    "separated" when a colon or an arrow stands by the label or ends the line, "bare" when not, None
    when the line is no such link. The title starts with a capital or a digit and does not end with
    a full stop: "Next post I will cover the costs.", "Nächster Beitrag der Reihe erscheint am
    Montag." and "Entrada anterior al recinto ferial" are sentences."""
    n = POST_NAVIGATION.match_prefix(line.tokens)
    if not 0 < n < len(line.tokens) or n not in _LABEL_END or line.n_words > MAX_POST_LINK_WORDS:
        return None
    text = line.text
    if _full_stop(line) or is_prose(line):
        return None
    label = _LABEL_END[n].match(text)
    if label is None:
        return None
    first = text[label.end():][:1]
    if not (first.isdigit() or (first.isalpha() and not first.islower())):  # scripts without case count
        return None
    around = label.group("lead") + label.group("gap") + text.rstrip()[-1:]
    return "separated" if any(c in NAVIGATION_SEPARATORS for c in around) else "bare"


def _post_links(live: list[Line]) -> list[int]:
    """Indices of the post links that go: one with a separator by its label, or one next to another
    link or a bare navigation label (themes print the previous and the next one together). A lone
    "Next Article 50 vote set for Tuesday" is a subheading."""
    shapes = [_post_link(line) for line in live]
    labels = [line.token_key in POST_NAVIGATION_LINES for line in live]
    found = []
    for i, shape in enumerate(shapes):
        if shape is None:
            continue
        paired = any(0 <= j < len(live) and (shapes[j] is not None or labels[j]) for j in (i - 1, i + 1))
        if shape == "separated" or paired:
            found.append(i)
    return found


def _is_lead_in(line: Line) -> bool:
    """A sentence that introduces a list ("Before you start, check these steps:"), holding no related
    marker anywhere ("Read more:", "More stories from our sports desk:")."""
    return (line.text.endswith(":") and line.n_words >= LEAD_IN_MIN_WORDS
            and MARKER_PREFIX.search(line.tokens) is None)  # "Check out these related articles:" is a marker


def _list_end(lines: list[Line], start: int) -> int:
    """The last item of the list starting at `start`: items that share its bullet ("- ", "• "),
    or, without a bullet, the headline-like lines that follow each other."""
    bullet = BULLET.match(lines[start].text)  # numbered items ("1. ") share no prefix
    end = start
    while end + 1 < len(lines):
        line = lines[end + 1]
        if bullet and not line.text.startswith(bullet.group()):
            break
        if not bullet and not is_headline_like(line):
            break
        end += 1
    return end


def _is_meta(line: Line) -> bool:
    """A date, author or category line between headlines."""
    return line.n_words <= MAX_META_WORDS and not line.ends_sentence


def run(doc: Document, context: object) -> Iterator[Drop]:
    live = doc.live()
    taken: set[int] = set()
    post_links = set(_post_links(live))
    for i, line in enumerate(live):
        if line.number in taken:
            continue
        if is_inline_marker(line) and line.n_words <= 30 and not is_prose(line, 20) and not _full_stop(line):
            taken.add(line.number)
            yield Drop(line.number, line.number, NAME, "link to another article after a 'read also' marker")
        elif i in post_links:
            taken.add(line.number)
            yield Drop(line.number, line.number, NAME, "link to the previous or next post")
        elif is_marker(line) or is_label(line):
            bullets = _bullet_run(live, i + 1)  # a bulleted list counts only when it closes the page
            end = max(_headline_run(live, i + 1), bullets if bullets > i and _closes_page(live, bullets) else i)
            if end > i and (is_marker(line) or _closes_page(live, end)):
                taken.update(x.number for x in live[i : end + 1])
                yield Drop(line.number, live[end].number, NAME,
                           f"{end - i} headline lines after the marker {line.text!r}")
    if context.option(NAME, "trailing_run", True):
        yield from _trailing_run(live, taken, context.option(NAME, "min_trailing_headlines", MIN_TRAILING_HEADLINES))
        yield from _closing_marker(live, taken)


def _closing_marker(live: list[Line], taken: set[int]) -> Iterator[Drop]:
    """The markers and labels that are the page's last lines, after prose: what they introduced is
    gone (an extractor or an earlier pass dropped the list), and a page does not end on "Related"
    or "Read more:". All of them at once, so the result does not depend on the number of rounds."""
    rest = [line for line in live if line.number not in taken]
    k = len(rest)
    while k > 0 and (is_marker(rest[k - 1]) or is_label(rest[k - 1], anywhere=True)):
        k -= 1
    if 0 < k < len(rest) and any(is_prose(line) for line in rest[:k]):
        what = "marker" if k == len(rest) - 1 else f"{len(rest) - k} markers"
        yield Drop(rest[k].number, rest[-1].number, NAME,
                   f"the {what} {rest[k].text!r} closing the page, with nothing after it")


def _headline_run(live: list[Line], start: int) -> int:
    """Index of the last line of the headline run starting at `start` (start - 1 when there is none)."""
    end = start - 1
    k = start
    while k < len(live):
        line = live[k]
        if is_headline_like(line) or (is_headline_like(line, min_words=2) and k == start):
            end = k
        elif not _is_meta(line) or is_marker(line):
            break
        k += 1
    return end


def _full_stop(line: Line) -> bool:
    """Ends with a full stop (not an ellipsis): a sentence, where a headline would end bare, or with ? or !
    ("Polecamy: wcześniejszą rezerwację noclegu." is advice, not a link)."""
    return line.text.endswith(".") and not line.text.endswith(("...", "…"))


def _closes_page(live: list[Line], end: int) -> bool:
    """Whether only short meta lines (dates, authors, categories) follow line `end`."""
    return all(_is_meta(x) for x in live[end + 1 :])


def _bullet_run(live: list[Line], start: int) -> int:
    """Index of the last item of a bulleted list of short lines at `start`, as an extractor writes the
    list after a marker ("- Warum Sie diese drei HR-Prozesse digitalisieren sollten", "- Recruiting
    updaten."): items may end like a sentence, but none is a paragraph. start - 1 when there is none.
    The caller takes it only when it closes the page: mid-page, "Empfehlungen:" and "Zum Thema:"
    also head the article's own lists."""
    if start >= len(live) or not BULLET.match(live[start].text):
        return start - 1
    end = _list_end(live, start)
    if any(line.n_words > MAX_HEADLINE_WORDS or is_prose(line, MIN_PARAGRAPH_WORDS) for line in live[start : end + 1]):
        return start - 1
    return end


def _closing_headline(line: Line) -> bool:
    """A headline of the run that closes a page; a bulleted item is not one: with no marker before it,
    a bulleted list at the end of a page is the article's own (features, specs, steps)."""
    return is_headline_like(line) and not BULLET.match(line.text)


def _trailing_run(live: list[Line], taken: set[int], minimum: int = MIN_TRAILING_HEADLINES) -> Iterator[Drop]:
    rest = [line for line in live if line.number not in taken]
    k = len(rest) - 1
    headlines = 0
    while k >= 0 and (_closing_headline(rest[k]) or (_is_meta(rest[k]) and not BULLET.match(rest[k].text))):
        headlines += _closing_headline(rest[k])
        k -= 1
    first = k + 1
    if k >= 0 and first < len(rest) and _is_lead_in(rest[k]):
        first = _list_end(rest, first) + 1  # the article's own list, introduced by its lead-in
        headlines = sum(_closing_headline(line) for line in rest[first:])
    while first < len(rest) and not _closing_headline(rest[first]):
        first += 1  # the run starts at its first headline; meta lines before it stay
    if headlines < minimum or first >= len(rest):
        return
    if not any(is_prose(line) for line in rest[:first]):
        return
    yield Drop(rest[first].number, rest[-1].number, NAME,
               f"{headlines} headline-like lines closing the page after the article")
