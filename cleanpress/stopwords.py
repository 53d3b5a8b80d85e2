"""Stopword lists per language and a page-level language guess.

The lists are jusText's (about 100 languages), installed with trafilatura.
A line's share of stopwords is the strongest single sign of running prose
in an unknown language; the page's language is guessed from the same lists,
with large lists discounted so that a list of thousands of words does not
win every page by sheer size.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, islice

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
    return guess_language_of_ids([(tokens, stopword_ids(tokens))])


def stopword_ids(tokens: Sequence[str]) -> list[int]:
    """The numbers of the stopwords among `tokens`, in order (other words left out)."""
    return [i for i in map(_stop_index()[1].get, tokens) if i is not None]


def guess_language_of_ids(parts: Iterable[tuple[Sequence[str], list[int]]]) -> str | None:
    """`guess_language` of a text given in consecutive parts (e.g. lines), each as its tokens and
    their `stopword_ids`; read until `MAX_TOKENS_TO_GUESS` tokens. Each stopword adds one hit to
    each of its languages."""
    import numpy as np

    taken, total = [], 0
    for tokens, ids in parts:
        if total + len(tokens) > MAX_TOKENS_TO_GUESS:
            tokens = tokens[: MAX_TOKENS_TO_GUESS - total]
            ids = stopword_ids(tokens)
        taken.append(ids)
        total += len(tokens)
        if total >= MAX_TOKENS_TO_GUESS:
            break
    if total < MIN_TOKENS_TO_GUESS:
        return None
    names, _, start, langs = _stop_index()
    found = np.fromiter(chain.from_iterable(taken), dtype=np.intp)
    if not len(found):
        return None
    # The languages of each stopword are a slice of `langs`; gather every slice at once, count per language.
    first, length = start[found], start[found + 1] - start[found]
    at = np.arange(int(length.sum()), dtype=np.intp) + np.repeat(first - (np.cumsum(length) - length), length)
    counts = np.bincount(langs[at], minlength=len(names))
    hits = {names[i]: int(counts[i]) for i in np.flatnonzero(counts)}
    lists = _lists()
    best = max(hits, key=lambda lang: (hits[lang] / math.log(len(lists[lang]) + 10), lang))
    return best if hits[best] / total >= 0.05 else None


@lru_cache(maxsize=1)
def _stop_index():
    """(language names, stopword -> number, start of each number's slice of the flat array (and its
    end), the flat array of language numbers): `_membership` as arrays, for `guess_language_of_ids`."""
    import numpy as np

    names = languages()
    number = {name: i for i, name in enumerate(names)}
    membership = _membership()  # built in C-level loops: this runs once in every process
    ids = dict(zip(membership, range(len(membership))))
    sizes = np.fromiter(map(len, membership.values()), dtype=np.intp, count=len(membership))
    start = np.concatenate(([0], np.cumsum(sizes)))
    langs = np.fromiter(map(number.__getitem__, chain.from_iterable(membership.values())), dtype=np.intp,
                        count=int(start[-1]))
    return names, ids, start, langs
