"""Site affixes: short lines made of a label the site repeats on most pages and a part that changes ("Web Ink Now: <title>", "<title> - NYTimes.com", "Posted by: <name> at <date>").

Needs `context.site` (`cleanpress.site.SiteCounts`, its `affix_evidence`), like site-template: a
line's affix is its part before the first separator or after the last one
(`site.affix_keys`), counted across the site's pages like whole lines. A
line whose affix is on at least `MIN_SHARE` of the site's pages (and on
`site_template.MIN_PAGES`, 4, of them) is the site's <title> with its name, a
navigation line, or a comment signature: it goes. Keeps: sentence-like lines,
affixes with digits (dates), one-word labels that start a line ("Q:",
"Update:"), and anything on a site of too few pages.

Runs after page-structure, which reads comment signatures to find the end of
the article: dropping them first would hide the thread from it.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Drop, Option
from ..shapes import is_prose
from .site_template import MIN_PAGES, PROSE_WORDS

NAME = "site-affixes"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

MIN_SHARE = 0.5  # stricter than whole lines (site-template's 0.3): an affix is a weaker sign than a line

OPTIONS = {
    "min_share": Option(MIN_SHARE, "share of the site's pages that must hold a line with the same affix",
                        minimum=0.0, maximum=1.0),
}


def run(doc: Document, context) -> Iterator[Drop]:
    site = getattr(context, "site", None)
    if site is None or site.pages < MIN_PAGES:
        return
    option = getattr(context, "option", lambda name, key, default: default)
    needed = max(MIN_PAGES, option(NAME, "min_share", MIN_SHARE) * site.pages)
    for line in doc.live():
        if is_prose(line, PROSE_WORDS):
            continue
        count, how = site.affix_evidence(line)
        if count >= needed:
            yield Drop(line.number, line.number, NAME, f"{how}, like lines on {count} of {site.pages} pages of this site")
