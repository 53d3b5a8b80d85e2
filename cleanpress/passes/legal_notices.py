"""Disclaimers, copyright lines, affiliate disclosures and cookie notices.

A line holding a specific legal phrase ("do not necessarily represent",
"All rights reserved", "we use cookies", in several languages) is dropped up
to paragraph size; a line holding only a generic word of the kind
("Privacy Policy", "Impressum", "cookies") is dropped only when it is short,
like a footer link. A long paragraph of prose that merely discusses cookies,
copyright or privacy stays: it has too many words for a notice; so does a
short sentence that mentions them ("The cookies were still warm.").
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from .. import lexicon
from ..model import Document, Drop

NAME = "legal-notices"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

STRONG = lexicon.PhraseIndex.of(lexicon.LEGAL_STRONG)
WEAK = lexicon.PhraseIndex.of(lexicon.LEGAL_WEAK)
COPYRIGHT = regex.compile(r"©|\(c\)\s*\d{4}|&copy;|\bcopyright\b", regex.IGNORECASE)
NOTICE_MARK = regex.compile(r"©|\(c\)\s*\d{4}|&copy;|\b(?:19|20)\d\d\b", regex.IGNORECASE)

MAX_WORDS_STRONG = 90  # a notice is at most a paragraph
MAX_WORDS_WEAK = 12  # a footer link or label
MAX_WORDS_COPYRIGHT = 30


def may_mention_copyright(text: str) -> bool:
    """False only when `COPYRIGHT` cannot match `text`: about three times cheaper than the search,
    and false on nearly every line.

    Each branch of `COPYRIGHT` holds a piece that `str.lower` turns into a fixed string: '©',
    '(c)', '&copy;', 'copyr'. The regex's case-insensitive matching takes no other characters for
    c, o, p, y, r than their ASCII upper and lower case (tests/test_prefilters.py checks it).
    """
    if "©" in text:
        return True
    low = text.lower()
    return "copyr" in low or "(c)" in low or "&copy;" in low


def run(doc: Document, context: object) -> Iterator[Drop]:
    for line in doc.live():
        n = line.n_words
        # A sentence that merely mentions copyright ("Who owns the copyright on...?")
        # is prose; a copyright line carries a symbol or a year, or does not end like a sentence.
        if (n <= MAX_WORDS_COPYRIGHT and may_mention_copyright(line.text) and COPYRIGHT.search(line.text)
                and (NOTICE_MARK.search(line.text) or not line.ends_sentence)):
            yield Drop(line.number, line.number, NAME, "copyright line")
            continue
        if n > MAX_WORDS_STRONG:
            continue
        hit = STRONG.search(line.tokens)
        if hit:
            yield Drop(line.number, line.number, NAME, f"legal notice: {hit!r}")
        elif n <= MAX_WORDS_WEAK and not line.ends_sentence and (hit := WEAK.search(line.tokens)):
            yield Drop(line.number, line.number, NAME, f"short legal or footer link: {hit!r}")
