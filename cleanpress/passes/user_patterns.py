"""Lines matching one of the user's own drop patterns (`drop_patterns` in [tool.cleanpress], or --drop-pattern).

Without drop patterns it does nothing. Each matching line is dropped with the
pattern in its reason. Keeps: every line no drop pattern matches, and lines a
keep pattern protects (the pipeline refuses any drop of those, this pass's
included). Patterns are searched with a time limit; see cleanpress.patterns.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Drop

NAME = "user-patterns"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)


def run(doc: Document, context) -> Iterator[Drop]:
    patterns = getattr(context, "patterns", None)
    if not patterns or not patterns.drop:
        return
    for line in doc.live():
        source = patterns.dropping(line.text, line.number)
        if source is not None:
            yield Drop(line.number, line.number, NAME, f"matches drop pattern {source!r}")
