"""The user's own line patterns: `keep_patterns` protect lines, `drop_patterns` drop them.

Patterns are regular expressions of the `regex` module (so `\\p{L}` works),
searched in each line without its ending and surrounding whitespace. They come
from the user, so every search runs with a time limit: a pattern that
backtracks for ever ("(a|aa)+$") stops with an error naming it instead of
hanging the run.

- A keep pattern protects a matching line from every pass (the pipeline
  refuses any drop of it), drop patterns included.
- A drop pattern drops a matching line; the `user-patterns` pass does it and
  its reason names the pattern.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

DEFAULT_TIMEOUT = 0.5  # seconds per line and pattern: far above what a sane pattern needs


class PatternError(ValueError):
    """A user pattern that does not compile or takes too long; the message names it."""


@dataclass(frozen=True)
class _Pattern:
    kind: str  # "keep" or "drop"
    source: str
    compiled: regex.Pattern


class UserPatterns:
    """Compiled keep and drop patterns, with the time limit each search gets."""

    def __init__(self, keep: Iterable[str] = (), drop: Iterable[str] = (), timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.keep = tuple(_compile("keep", p) for p in keep)
        self.drop = tuple(_compile("drop", p) for p in drop)

    def __bool__(self) -> bool:
        return bool(self.keep or self.drop)

    def keeps(self, text: str, number: int = 0) -> bool:
        """Does a keep pattern match this line?"""
        return any(self._search(p, text, number) for p in self.keep)

    def dropping(self, text: str, number: int = 0) -> str | None:
        """The first drop pattern matching this line (its source), or None."""
        for p in self.drop:
            if self._search(p, text, number):
                return p.source
        return None

    def _search(self, p: _Pattern, text: str, number: int) -> bool:
        try:
            return p.compiled.search(text, timeout=self.timeout) is not None
        except TimeoutError:
            where = f" on line {number}" if number else ""
            raise PatternError(
                f"{p.kind} pattern {p.source!r} took more than {self.timeout:g} s{where}; simplify it "
                f"(overlapping repeats such as (a|aa)+ can backtrack without end) or raise pattern_timeout"
            ) from None


def _compile(kind: str, source: object) -> _Pattern:
    if not isinstance(source, str) or not source:
        raise PatternError(f"{kind} pattern {source!r}: a pattern is a non-empty string (a regular expression)")
    try:
        return _Pattern(kind, source, regex.compile(source))
    except regex.error as e:
        raise PatternError(f"{kind} pattern {source!r} is not a valid regular expression: {e}") from None
