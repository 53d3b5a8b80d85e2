"""Small predicates on a line's shape that several passes share."""
from __future__ import annotations

import regex

from .model import Line

# The trailing run starts only where the previous character is not punctuation, space or symbol:
# without the look-behind, a search tried every position inside a long run of spaces and scanned to
# its end from each (quadratic); it removes the same characters.
_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}\p{Z}\s]+|(?<![\p{P}\p{S}\p{Z}\s])[\p{P}\p{S}\p{Z}\s]+$")
_SPACES = regex.compile(r"\s+")
_UPPER_START = regex.compile(r"^[\p{P}\s]*[\p{Lu}\p{N}]")
_BULLETS = r"[-*•–]"  # the marks extractors and text scrapers put before a list item
BULLET = regex.compile(rf"{_BULLETS}\s")  # "- item"
LIST_ITEM = regex.compile(rf"(?:{_BULLETS}|\d{{1,2}}[.)])\s")  # "- item", "1. item": a list as extractors write it


def bare(text: str) -> str:
    """Case-folded text without surrounding punctuation and symbols: 'Share:' -> 'share'."""
    return _SPACES.sub(" ", _EDGE_PUNCT.sub("", text.casefold()))


def is_prose(line: Line, min_words: int = 12) -> bool:
    """A sentence-like line: long enough and ending like a sentence."""
    return line.n_words >= min_words and line.ends_sentence


def starts_upper(line: Line) -> bool:
    return bool(_UPPER_START.match(line.text))


MAX_HEADLINE_WORDS = 25  # longer than any title a site prints in a list


def is_headline_like(line: Line, min_words: int = 4, max_words: int = MAX_HEADLINE_WORDS) -> bool:
    """A title: a few words starting with a capital or digit, not ending like a sentence or a lead-in."""
    if not (min_words <= line.n_words <= max_words) or len(line.text) > 220:
        return False
    if line.text.endswith((".", ":", ";", ",")) and not line.text.endswith("..."):
        return False
    return starts_upper(line)
