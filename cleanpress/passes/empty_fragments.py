"""Fragments with no content: separators, lone punctuation or bullets, and a function word left dangling by its punctuation ("in ,").

Keeps: lines with any digit (table cells, scores, years), single words or
initials that could be content ("I", "OK", "Fin"), any line longer than a
couple of short words, and the rule under a markdown table's header
(`|---|:---:|`), which an extractor writes as part of the article's table.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex

from ..model import Document, Drop

NAME = "empty-fragments"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

_HAS_CONTENT = regex.compile(r"[\p{L}\p{N}]")
_DANGLING = regex.compile(
    r"^(?:[\p{P}\p{S}\s]*\p{Ll}{1,3}){1,2}[\s]*[,;:|/·•\-–—]+[\p{P}\p{S}\s]*$"
    r"|^[\p{P}\p{S}\s]*[,;|/·•\-–—]+\s*\p{Ll}{1,3}\s*$"
)


# "|---|---|", "| :-- | --: |"; possessive throughout, so a long run of dashes or spaces is taken once
_TABLE_RULE = regex.compile(r"\|?+(?:\s*+:?+-++:?+\s*+\|)++\s*+(?::?+-++:?+\s*+)?+")


def run(doc: Document, context: object) -> Iterator[Drop]:
    for line in doc.live():
        if not _HAS_CONTENT.search(line.text):
            if ("|" in line.text and (line.text.startswith("|") or "---" in line.text)
                    and _TABLE_RULE.fullmatch(line.text)):
                continue
            yield Drop(line.number, line.number, NAME, f"no letters or digits: {line.text[:20]!r}")
        elif len(line.text) <= 12 and _DANGLING.match(line.text):
            yield Drop(line.number, line.number, NAME, f"function word left dangling by punctuation: {line.text!r}")
