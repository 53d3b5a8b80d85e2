"""Cheap tests that skip the expensive ones must never skip a match.

- `legal_notices.may_mention_copyright` is false only where `COPYRIGHT` cannot match;
- `PhraseIndex` answers "no phrase" from its anchors (each phrase's longest token) exactly when
  matching token by token finds none;
- `Line.ends_sentence`, a test of the last character, agrees with `SENTENCE_END`.
"""
from __future__ import annotations

import sys

import regex
from hypothesis import given
from hypothesis import strategies as st

from cleanpress import lexicon
from cleanpress.model import SENTENCE_END, SENTENCE_END_CHARS, Line
from cleanpress.passes import legal_notices

ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_copyright_letters_match_only_their_ascii_cases():
    """The assumption `may_mention_copyright` rests on, checked against the installed regex module."""
    for letter in "copyr":
        same = regex.compile(letter, legal_notices.COPYRIGHT.flags).findall(ALL_CHARS)
        assert {c.lower() for c in same} == {letter}, same


COPYRIGHT_LINES = [
    "© 2024 Example Media", "(c) 2019 Foo Bar", "(C)2020 ACME", "&copy; Zeitung GmbH",
    "&COPY; 2021", "Copyright 2023", "COPYRIGHT", "CoPyRiGhT notice", "COPYRİGHT 2020",
    "Alle Inhalte copyright-geschützt", "Who owns the copyright on this?",
]


def test_copyright_lines_pass_the_prefilter():
    for text in COPYRIGHT_LINES:
        assert legal_notices.COPYRIGHT.search(text), text
        assert legal_notices.may_mention_copyright(text), text


@given(st.lists(st.sampled_from(["©", "(", ")", "c", "C", "&", ";", "copy", "COPY", "right", "RİGHT", "RIGHT",
                                 "opyr", " ", "2024", "İ", "ı", "x", "\u0307"]), max_size=12).map("".join)
       | st.text(max_size=40))
def test_prefilter_never_hides_a_copyright_match(text):
    if legal_notices.COPYRIGHT.search(text):
        assert legal_notices.may_mention_copyright(text)


def _search_by_hand(index: lexicon.PhraseIndex, tokens: list[str]) -> str | None:
    """`PhraseIndex.search` without any prefilter: every position, longest phrase first."""
    for i in range(len(tokens)):
        for n in index.lengths_at(tokens, i):
            return " ".join(tokens[i : i + n])
    return None


INDEXES = [lexicon.PhraseIndex.of(lexicon.LEGAL_STRONG), lexicon.PhraseIndex.of(lexicon.LEGAL_WEAK),
           lexicon.PhraseIndex.of(lexicon.SUBSCRIBE_STRONG, min_tokens=4),
           lexicon.PhraseIndex.of(lexicon.COMMENT_WIDGET_STRONG, min_tokens=4)]
VOCABULARY = sorted({t for index in INDEXES for phrases in index._by_first.values() for p in phrases for t in p}
                    | {"the", "and", "2024", "xyz"})


@given(st.lists(st.sampled_from(VOCABULARY), max_size=15), st.sampled_from(range(len(INDEXES))))
def test_anchor_prefilter_agrees_with_the_token_by_token_search(tokens, which):
    index = INDEXES[which]
    found = _search_by_hand(index, tokens)
    assert index.search(tokens) == found
    assert (index.covered(tokens) > 0) == (found is not None)
    if found is None:
        assert not index.covers(tokens)


def test_every_phrase_is_found_alone_and_inside_a_line():
    for index in INDEXES:
        for phrases in index._by_first.values():
            for phrase in phrases:
                assert index.search(["x", *phrase, "y"]) is not None, phrase
                assert index.covers(list(phrase)), phrase


def test_sentence_end_chars_are_the_regex_class_and_its_spaces_are_stripped():
    """`Line.ends_sentence` tests the last character; `SENTENCE_END` is the definition."""
    cls = regex.compile(SENTENCE_END.pattern.removesuffix(r"\s*$"), SENTENCE_END.flags).findall(ALL_CHARS)
    assert set(cls) == SENTENCE_END_CHARS
    spaces = regex.compile(r"\s", SENTENCE_END.flags).findall(ALL_CHARS)
    assert all(c.isspace() for c in spaces)


@given(st.lists(st.sampled_from([".", "!", "?", "»", "x", " ", "\t", "\u3000", "\u00a0", "\n", "\x1c", "。", "a"]),
                max_size=8).map("".join) | st.text(max_size=20))
def test_ends_sentence_agrees_with_the_regex(raw):
    line = Line(1, raw)
    assert line.ends_sentence == bool(SENTENCE_END.search(line.text))
