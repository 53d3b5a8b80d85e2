"""Newsletter and subscription prompts, paywall teasers, follow-us and support-us appeals.

A specific phrase ("Sign up for our newsletter", "delivered to your
inbox", "Folgen Sie uns", "Abonnez-vous") condemns a short line; the
longer and more specific the phrase, the longer the line it may condemn. A
bare word like "Newsletter" or "Subscribe" goes only as a line of a few
words. Keeps: prose that mentions subscribing or following ("Readers who
subscribe to the theory...", "Police followed us on foot"), as its lines
are long or lack the prompt's phrasing.
"""
from __future__ import annotations

from collections.abc import Iterator

from .. import lexicon
from ..model import Document, Drop

NAME = "subscribe-prompts"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

SPECIFIC = lexicon.PhraseIndex.of(lexicon.SUBSCRIBE_STRONG, min_tokens=4)
SHORT = lexicon.PhraseIndex.of(lexicon.SUBSCRIBE_STRONG, max_tokens=3)
WEAK = lexicon.PhraseIndex.of(lexicon.SUBSCRIBE_WEAK)

MAX_WORDS_SPECIFIC = 45
MAX_WORDS_SHORT = 15
MAX_WORDS_WEAK = 5


def run(doc: Document, context: object) -> Iterator[Drop]:
    for line in doc.live():
        n = line.n_words
        hit = None
        if n <= MAX_WORDS_SPECIFIC:
            hit = SPECIFIC.search(line.tokens)
        if not hit and n <= MAX_WORDS_SHORT:
            hit = SHORT.search(line.tokens)
        if not hit and n <= MAX_WORDS_WEAK and not line.ends_sentence:
            hit = WEAK.search(line.tokens)
        if hit:
            yield Drop(line.number, line.number, NAME, f"subscribe or follow prompt: {hit!r}")
