"""Stopword lists per language and a page-level language guess.

The lists are jusText's (about 100 languages), installed with trafilatura.
A line's share of stopwords is the strongest single sign of running prose
in an unknown language; the page's language is guessed from the same lists,
with large lists discounted so that a list of thousands of words does not
win every page by sheer size.

Reading jusText's 100 files and indexing their 150,000 words costs about
0.3 CPU seconds, more than cleaning a page; so the index is kept, once built,
in a cache file (`cache_file()`: numpy arrays, no pickle) that loads in a
fifth of that. jusText stays the source: the file is named after the size and
time of each of its stoplists and rebuilt when they change, when it cannot be
read, or never written where the cache folder cannot be (then each process
builds the index, with the same result).
"""
from __future__ import annotations

import hashlib
import math
import os
import time
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import numpy as np  # imported late at run time: it costs ~0.1 s at start-up

MIN_TOKENS_TO_GUESS = 20
MAX_TOKENS_TO_GUESS = 5000
CACHE_ENV = "CLEANPRESS_CACHE"  # the folder for the index; set empty, no cache file is read or written
CACHE_FORMAT = 1  # bump when the file's layout changes
STALE_AFTER_SECONDS = 30 * 24 * 3600  # other index files untouched this long are removed when one is written


def _built_lists() -> dict[str, frozenset[str]]:
    """The stoplists, read from jusText."""
    import justext  # installed with trafilatura; imported late: it costs ~0.1 s

    # Composed (NFC) like the words they are matched against: a few lists ship decomposed words
    # (Bulgarian "ѝ", Greek "μαΐου"), which `model.words` never yields.
    return {lang: frozenset(unicodedata.normalize("NFC", w.casefold()) for w in justext.get_stoplist(lang))
            for lang in justext.get_stoplists()}


def languages() -> tuple[str, ...]:
    """The languages with a stoplist, by jusText's names ('English', 'German', ...)."""
    return _stop_index().names


def stoplist(language: str | None) -> frozenset[str]:
    names = _stop_index().names
    return _stoplist(names.index(language)) if language in names else frozenset()


@lru_cache(maxsize=None)
def _stoplist(position: int) -> frozenset[str]:
    """One language's words, from the index: the words whose set of languages holds it."""
    import numpy as np

    index = _stop_index()
    holds = frozenset(np.flatnonzero(index.sets[:, position]).tolist())
    return frozenset(w for w, n in index.number.items() if n in holds)


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
    """The index from the cache file when it holds the current stoplists, else built (and kept there)."""
    path = cache_file()
    if path is not None:
        try:
            return _read(path)
        except Exception:  # noqa: BLE001 - none yet, or any damage (empty, cut short, foreign): build it again
            pass
    index = _build_index()
    if path is not None:
        _write(path, index)
    return index


def _build_index() -> _Index:
    """Built with set and dict operations that loop in C, except over the words of several lists
    (a Python loop over every word cost a quarter of a second in every process)."""
    import numpy as np

    lists = _built_lists()
    names = tuple(sorted(lists))
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


def cache_file() -> Path | None:
    """Where the index of the installed stoplists is kept: `$CLEANPRESS_CACHE`, else
    `$XDG_CACHE_HOME/cleanpress` or `~/.cache/cleanpress`; None when the variable is set empty, when
    the folder is not an absolute path (no home folder known: never a cache in the current folder),
    or when jusText is not found. The name changes with any stoplist's size or time, with this
    module's code (which builds the index) and with the Unicode version (which composes words)."""
    folder = os.environ.get(CACHE_ENV)
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):  # unset, or relative: the XDG spec says to ignore it
            base = os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "cleanpress")
    if not os.path.isabs(folder):
        return None
    from importlib.util import find_spec

    spec = find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    stoplists = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    try:
        stamps = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                        for entry in os.scandir(stoplists) if entry.name.endswith(".txt"))
        code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return None
    key = (CACHE_FORMAT, code, unicodedata.unidata_version, str(stoplists), stamps)
    return Path(folder) / f"stopwords-{hashlib.sha1(repr(key).encode()).hexdigest()[:16]}.npz"


def _read(path: Path) -> _Index:
    import numpy as np

    with np.load(path, allow_pickle=False) as arrays:
        names = tuple(arrays["names"].tobytes().decode("utf-8").split("\n"))
        words = arrays["words"].tobytes().decode("utf-8").split("\n")
        numbers, sets, log_sizes = arrays["numbers"], arrays["sets"], arrays["log_sizes"]
        if len(words) != len(numbers) or sets.shape[1:] != (len(names),) or log_sizes.shape != (len(names),) \
                or int(numbers.max(initial=0)) >= len(sets):
            raise ValueError(f"{path}: arrays of different sizes")
        return _Index(names, dict(zip(words, numbers.tolist())), sets, log_sizes)


def _write(path: Path, index: _Index) -> None:
    """Atomically (a whole file or none, so processes building it at once do not clash), then the index
    files not written for a month removed (other stoplists, older code); a folder that cannot be
    written leaves the index uncached. Each file is about 3.5 MB."""
    import numpy as np

    from .files import atomic_writer

    words = list(index.number)
    if any("\n" in w for w in words) or not words:  # one word a line: a word holding one could not be kept
        return
    arrays = {
        "names": np.frombuffer("\n".join(index.names).encode("utf-8"), dtype=np.uint8),
        "words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "numbers": np.array([index.number[w] for w in words], dtype=np.uint32),
        "sets": index.sets, "log_sizes": index.log_sizes,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path, durable=True) as out:
            np.savez(out, **arrays)
        for stale in path.parent.glob("stopwords-*.npz"):  # another venv's file is kept while it is in use
            if stale != path and time.time() - stale.stat().st_mtime > STALE_AFTER_SECONDS:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
