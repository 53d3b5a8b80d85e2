"""Lines made only of interface words: buttons, share bars, labels and menu items ("Report", "Share", "Tweet", "Print", "Read more", "Skip to content", "Advertisement", "Facebook Twitter Email").

A line goes only when every word on it is such a word, with counters and
separators allowed ("Share 12 | Tweet"). Keeps: the same words inside prose
("Share prices fell.", "I will report back"), and any line with a word
that is not interface vocabulary.
"""
from __future__ import annotations

from collections.abc import Iterator

from .. import lexicon
from ..model import Document, Drop

NAME = "interface-words"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

MAX_TOKENS = 16
WORDS = lexicon.PhraseIndex.of(lexicon.INTERFACE_WORDS)


def run(doc: Document, context: object) -> Iterator[Drop]:
    for line in doc.live():
        if len(line.tokens) <= MAX_TOKENS and WORDS.covers(line.tokens):
            yield Drop(line.number, line.number, NAME, f"interface words only: {line.text[:60]!r}")
