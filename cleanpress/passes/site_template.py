"""Site template: lines that recur on a large share of the site's pages (menus, footers, sidebars, newsletter boxes), when other pages of the site are known.

Needs `context.site` (`cleanpress.site.SiteCounts`: `.pages` and
`.count(line)`); without it, or for a site of fewer than `MIN_PAGES` pages,
it does nothing, so a page cleaned on its own is cleaned exactly as before.

A line is template when it is on at least `MIN_PAGES` of the site's pages and
on at least `MIN_SHARE` of them. Keeps prose that repeats: a sentence-like
line (`PROSE_WORDS` words or more, ending like a sentence) needs stronger
evidence, `MIN_PAGES` pages and `PROSE_MIN_SHARE` of them, because a
quote, a series introduction or a correction notice can honestly sit on a few
pages of one site; a boilerplate sentence (a site description, a disclaimer)
sits on nearly all of them.

The counts are evidence about the site, not about this page: the reason names
them ("on 38 of 40 pages of this site").
"""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Drop, Line, Option
from ..shapes import is_prose

NAME = "site-template"
LINE_LOCAL = True  # each line judged alone: not run again in later rounds (pipeline._run_page)

MIN_PAGES = 4  # fewer pages than this never make a line template: 2 or 3 pages repeat by chance
MIN_SHARE = 0.3  # share of the site's pages a line must be on (the df >= 30% users build by hand)
PROSE_WORDS = 12  # a line this long that ends like a sentence is prose: it needs MIN_PAGES pages...
PROSE_MIN_SHARE = 0.8  # ...and this share of them to be template

OPTIONS = {
    "min_pages": Option(MIN_PAGES, "a line is template only when on at least this many of the site's pages", minimum=2),
    "min_share": Option(MIN_SHARE, "share of the site's pages a line must be on to be template", minimum=0.0, maximum=1.0),
    "prose_min_share": Option(PROSE_MIN_SHARE, "a sentence-like line must be on this share of the pages",
                              minimum=0.0, maximum=1.0),
}


def _option(context: object | None, key: str, default):
    option = getattr(context, "option", None)
    return option(NAME, key, default) if option is not None else default


def is_template(line: Line, count: int, pages: int, context: object | None = None) -> bool:
    """Does a line found on `count` of `pages` pages of its site belong to the template?"""
    min_pages = _option(context, "min_pages", MIN_PAGES)
    if pages < min_pages or count < min_pages or count < _option(context, "min_share", MIN_SHARE) * pages:
        return False
    if is_prose(line, PROSE_WORDS):
        return (count >= min_pages
                and count >= _option(context, "prose_min_share", PROSE_MIN_SHARE) * pages)
    return True


def run(doc: Document, context) -> Iterator[Drop]:
    site = getattr(context, "site", None)
    if site is None or site.pages < _option(context, "min_pages", MIN_PAGES):
        return
    pages = site.pages
    run_lines: list[tuple[Line, int]] = []
    for line in doc.lines:
        if line.number in doc.dropped:
            continue
        if line.blank:
            continue  # a blank line neither starts nor ends a run
        count = site.count(line)
        if is_template(line, count, pages, context):
            if run_lines and run_lines[-1][0].number != _previous_nonblank(doc, line.number):
                yield _drop(run_lines, pages)
                run_lines = []
            run_lines.append((line, count))
        elif run_lines:
            yield _drop(run_lines, pages)
            run_lines = []
    if run_lines:
        yield _drop(run_lines, pages)


def _previous_nonblank(doc: Document, number: int) -> int:
    n = number - 1
    while n >= 1 and doc.line(n).blank:
        n -= 1
    return n


def _drop(run_lines: list[tuple[Line, int]], pages: int) -> Drop:
    counts = [c for _, c in run_lines]
    low, high = min(counts), max(counts)
    if len(run_lines) == 1:
        reason = f"on {low} of {pages} pages of this site"
    elif low == high:
        reason = f"{len(run_lines)} lines, each on {low} of {pages} pages of this site"
    else:
        reason = f"{len(run_lines)} lines, each on {low} to {high} of {pages} pages of this site"
    return Drop(run_lines[0][0].number, run_lines[-1][0].number, NAME, reason)
