"""Cheap tests that skip the expensive ones must never skip a match.

- `PhraseIndex` answers "no phrase" from its anchors (each phrase's longest token) exactly when
  matching token by token finds none.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleanpress import lexicon


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
