"""Stopword lists per language and a page-level language guess.

The lists are jusText's (about 100 languages), installed with trafilatura.
A line's share of stopwords is the strongest single sign of running prose
in an unknown language; the page's language is guessed from the same lists,
with large lists discounted so that a list of thousands of words does not
win every page by sheer size.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import chain, islice, repeat

MIN_TOKENS_TO_GUESS = 20
MAX_TOKENS_TO_GUESS = 5000


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    import justext  # installed with trafilatura; imported late: it costs ~0.1 s

    return {lang: frozenset(w.casefold() for w in justext.get_stoplist(lang)) for lang in justext.get_stoplists()}


@lru_cache(maxsize=1)
def _membership() -> dict[str, tuple[str, ...]]:
    """token -> languages whose list holds it."""
    index: dict[str, list[str]] = {}
    for lang, words in _lists().items():
        for w in words:
            index.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def languages() -> tuple[str, ...]:
    """The languages with a stoplist, by jusText's names ('English', 'German', ...)."""
    return tuple(sorted(_lists()))


def stoplist(language: str | None) -> frozenset[str]:
    return _lists().get(language, frozenset()) if language else frozenset()


def guess_language(tokens: Iterable[str]) -> str | None:
    """The language whose stopwords cover the most of `tokens`, size-discounted; None if none fits.

    Only the first `MAX_TOKENS_TO_GUESS` tokens are read: a few thousand words tell the language.
    """
    tokens = list(islice(tokens, MAX_TOKENS_TO_GUESS))
    return best_language(language_hits(tokens), len(tokens))


def language_hits(tokens: Iterable[str]) -> Counter[str]:
    """language -> how many of `tokens` its stoplist holds (counts add up over parts of a text)."""
    return Counter(chain.from_iterable(map(_membership().get, tokens, repeat(()))))


def best_language(hits: Mapping[str, int], total: int) -> str | None:
    """`guess_language` from the `language_hits` of its first `total` (<= `MAX_TOKENS_TO_GUESS`) tokens."""
    if total < MIN_TOKENS_TO_GUESS or not hits:
        return None
    lists = _lists()
    best = max(hits, key=lambda lang: (hits[lang] / math.log(len(lists[lang]) + 10), lang))
    return best if hits[best] / total >= 0.05 else None
