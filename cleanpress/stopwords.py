"""Stopword lists per language and a page-level language guess.

The lists are jusText's (about 100 languages), installed with trafilatura.
A line's share of stopwords is the strongest single sign of running prose
in an unknown language; the page's language is guessed from the same lists,
with large lists discounted so that a list of thousands of words does not
win every page by sheer size.
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, islice
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np  # imported late at run time: it costs ~0.1 s at start-up

MIN_TOKENS_TO_GUESS = 20
MAX_TOKENS_TO_GUESS = 5000


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    import justext  # installed with trafilatura; imported late: it costs ~0.1 s

    # Composed (NFC) like the words they are matched against: a few lists ship decomposed words
    # (Bulgarian "ѝ", Greek "μαΐου"), which `model.words` never yields.
    return {lang: frozenset(unicodedata.normalize("NFC", w.casefold()) for w in justext.get_stoplist(lang))
            for lang in justext.get_stoplists()}


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
    """A number for each stopword among `tokens`, in order (other words left out): the number of the
    set of languages whose lists hold it, which is all the guess needs (numbers start at 1, so
    `filter(None, ...)` drops the other words in C: this runs on every token of a page)."""
    return list(filter(None, map(_stop_index().number.get, tokens)))


def guess_language_of_ids(parts: Iterable[tuple[Sequence[str], list[int]]]) -> str | None:
    """`guess_language` of a text given in consecutive parts (e.g. lines), each as its tokens and
    their `stopword_ids`; read until `MAX_TOKENS_TO_GUESS` tokens. Each stopword adds one hit to
    each of its languages."""
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
    import numpy as np

    index = _stop_index()
    found = np.fromiter(chain.from_iterable(taken), dtype=np.intp)
    if not len(found):
        return None
    # Hits per language set, then per language: a page's stopwords fall in far fewer sets than words.
    per_set = np.bincount(found, minlength=len(index.sets))
    seen = np.flatnonzero(per_set)
    hits = per_set[seen] @ index.sets[seen]
    # The best score, ties to the last language by name (as max over (score, name) would pick);
    # languages without hits score 0 and cannot win, since some language has a hit.
    score = hits / index.log_sizes
    best = int(np.flatnonzero(score == score.max())[-1])
    return index.names[best] if int(hits[best]) / total >= 0.05 else None


class _Index(NamedTuple):
    """The stoplists as arrays for `guess_language_of_ids`, built once per process."""

    names: tuple[str, ...]  # the languages, sorted
    number: dict[str, int]  # stopword -> number of its set of languages (from 1)
    sets: np.ndarray  # (set number, language number) -> 1 if the language is in the set; row 0 is empty
    log_sizes: np.ndarray  # per language, log(size of its list + 10): the size discount


@lru_cache(maxsize=1)
def _stop_index() -> _Index:
    """Built with set and dict operations that loop in C, except over the words of several lists
    (a Python loop over every word cost a quarter of a second in every process)."""
    import numpy as np

    names = languages()
    lists = _lists()
    number: dict[str, int] = {}  # stopword -> number of its set of languages
    members: list[tuple[int, ...]] = [()]  # set number -> its languages; 0 is no set (not a stopword)
    grown: dict[tuple[int, int], int] = {}  # (set number, language) -> number of that set plus the language
    for i, name in enumerate(names):
        words = lists[name]
        shared = list(filter(number.__contains__, words))
        members.append((i,))
        number.update(dict.fromkeys(words.difference(shared), len(members) - 1))
        for w in shared:
            before = number[w]
            after = grown.get((before, i))
            if after is None:
                members.append((*members[before], i))
                after = grown[before, i] = len(members) - 1
            number[w] = after
    sets = np.zeros((len(members), len(names)), dtype=np.uint8)
    for n, langs in enumerate(members):
        sets[n, list(langs)] = 1
    log_sizes = np.array([math.log(len(lists[name]) + 10) for name in names])
    return _Index(names, number, sets, log_sizes)
