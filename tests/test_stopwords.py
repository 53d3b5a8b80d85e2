"""The page language guess: counted with arrays, it must agree with counting word by word."""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from cleanpress import stopwords
from cleanpress.model import Document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _by_hand(tokens: list[str]) -> str | None:
    tokens = tokens[: stopwords.MAX_TOKENS_TO_GUESS]
    if len(tokens) < stopwords.MIN_TOKENS_TO_GUESS:
        return None
    hits: Counter[str] = Counter()
    for token in tokens:
        for lang in stopwords.languages():
            hits[lang] += token in stopwords.stoplist(lang)
    hits = +hits
    if not hits:
        return None
    score = {lang: hits[lang] / math.log(len(stopwords.stoplist(lang)) + 10) for lang in hits}
    best = max(hits, key=lambda lang: (score[lang], lang))
    return best if hits[best] / len(tokens) >= 0.05 else None


def test_guess_by_lines_equals_guess_by_hand():
    guessed = set()
    for path in sorted(FIXTURES.rglob("*.txt")):
        lines = [line for line in Document.from_lines(path.read_text(encoding="utf-8").splitlines(True)).lines
                 if line.text]
        tokens = [t for line in lines for t in line.tokens]
        want = _by_hand(tokens)
        assert stopwords.guess_language(iter(tokens)) == want, path
        parts = ((line.tokens, stopwords.stopword_ids(line.tokens)) for line in lines)
        assert stopwords.guess_language_of_ids(parts) == want, path
        guessed.add(want)
    assert {"English", "German"} <= guessed


def test_only_the_first_tokens_count():
    german = "der die das und ist nicht ein eine zu mit".split() * 600
    english = "the and is not a of to with in that".split() * 600
    assert stopwords.guess_language(german + english) == "German"
    parts = [(german[i : i + 7], stopwords.stopword_ids(german[i : i + 7])) for i in range(0, len(german), 7)]
    assert stopwords.guess_language_of_ids(parts + [(english, stopwords.stopword_ids(english))]) == "German"
    assert stopwords.guess_language(["xyzzy"] * 40) is None
    assert stopwords.guess_language(["the"] * 5) is None  # too few tokens to tell


@pytest.fixture
def fresh_index(monkeypatch, tmp_path):
    """The index as a new process finds it, with its cache folder in `tmp_path`."""
    monkeypatch.setenv(stopwords.CACHE_ENV, str(tmp_path))

    def clear():
        stopwords._stop_index.cache_clear()
        stopwords._stoplist.cache_clear()

    clear()
    yield tmp_path
    clear()


def test_the_cached_index_is_the_built_one(fresh_index):
    built = stopwords._stop_index()  # no file yet: built from jusText's lists, then kept
    path = stopwords.cache_file()
    assert path is not None and path.parent == fresh_index and path.exists()
    stopwords._stop_index.cache_clear()
    read = stopwords._stop_index()
    assert read.names == built.names
    assert read.number == built.number
    assert np.array_equal(read.sets, built.sets) and read.sets.dtype == built.sets.dtype
    assert read.log_sizes.tolist() == built.log_sizes.tolist()  # to the last bit
    lists = stopwords._built_lists()
    assert stopwords.languages() == tuple(sorted(lists))
    assert all(stopwords.stoplist(lang) == words for lang, words in lists.items())
    assert stopwords.stoplist("No such language") == frozenset() and stopwords.stoplist(None) == frozenset()


def test_an_unreadable_cache_file_is_built_again(fresh_index):
    path = stopwords.cache_file()
    path.write_bytes(b"not an npz file")
    assert "English" in stopwords.languages()
    stopwords._stop_index.cache_clear()
    assert stopwords._read(path).names == stopwords.languages()  # written again, whole


def test_the_cache_can_be_turned_off_or_unwritable(monkeypatch, tmp_path):
    monkeypatch.setenv(stopwords.CACHE_ENV, "")
    assert stopwords.cache_file() is None
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(stopwords.CACHE_ENV, str(blocker / "cache"))  # a folder that cannot be made
    stopwords._stop_index.cache_clear()
    try:
        assert "the" in stopwords.stoplist("English")
    finally:
        stopwords._stop_index.cache_clear()
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize("damage", [b"", b"PK\x03\x04 cut short", None])
def test_a_damaged_cache_file_is_built_again(fresh_index, damage):
    """An empty file (a crash between create and write), one cut short, one with arrays of other sizes."""
    import numpy as np

    path = stopwords.cache_file()
    if damage is None:
        np.savez(path, names=np.frombuffer(b"English", dtype=np.uint8), words=np.frombuffer(b"the", dtype=np.uint8),
                 numbers=np.array([1, 2], dtype=np.uint32), sets=np.zeros((2, 1), dtype=np.uint8),
                 log_sizes=np.zeros(1))
        path = path.with_suffix(".npz")
    else:
        path.write_bytes(damage)
    assert "English" in stopwords.languages() and len(stopwords.languages()) > 50
    stopwords._stop_index.cache_clear()
    assert stopwords._read(path).names == stopwords.languages()  # written again, whole


def test_no_cache_without_an_absolute_folder(monkeypatch, tmp_path):
    """No home folder known (a container's uid without a passwd entry): no cache in the current folder."""
    monkeypatch.delenv(stopwords.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
    monkeypatch.setattr(stopwords.os.path, "expanduser", lambda path: path)  # "~" not expanded
    assert stopwords.cache_file() is None
    monkeypatch.setenv(stopwords.CACHE_ENV, "relative")
    assert stopwords.cache_file() is None
    monkeypatch.setenv(stopwords.CACHE_ENV, str(tmp_path))
    assert stopwords.cache_file().parent == tmp_path


def test_the_cache_file_is_named_after_the_stoplists(monkeypatch, tmp_path):
    import importlib.util
    from types import SimpleNamespace

    package = tmp_path / "justext"
    (package / "stoplists").mkdir(parents=True)
    english = package / "stoplists" / "English.txt"
    english.write_text("the\nand\n")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: SimpleNamespace(
        submodule_search_locations=[str(package)]) if name == "justext" else real(name, *a))
    monkeypatch.setenv(stopwords.CACHE_ENV, str(tmp_path / "cache"))
    before = stopwords.cache_file()
    english.write_text("the\nand\nof\n")
    assert stopwords.cache_file() != before
