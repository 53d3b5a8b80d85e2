"""cleanpress: give it the text a scraper dumped from a web page, get back the article body.

    >>> import cleanpress
    >>> cleanpress.clean("Share\\nThe council met on Monday to discuss the budget.\\n")
    'The council met on Monday to discuss the budget.\\n'

`clean_and_explain` returns the text and every drop (pass, input line range,
reason). Passes are listed in `cleanpress.passes.PASSES`. To clean many pages
with one configuration (read once from `[tool.cleanpress]`, or given), use a
`Cleaner`:

    >>> cleaner = cleanpress.Cleaner(drop_patterns=[r"^Photo: "], skip=["related-headlines"])
    >>> cleaner.clean("Photo: Reuters\\nThe council met on Monday to discuss the budget.\\n")
    'The council met on Monday to discuss the budget.\\n'
"""
from __future__ import annotations

from collections.abc import Iterable

from .cleaner import Cleaner, UnknownSiteWarning
from .config import Config, ConfigError
from .model import Cleaned, Drop
from .passes import PASS_NAMES, PASSES
from .patterns import PatternError
from .pipeline import Context, run, select_passes
from .site import SiteCounts, SiteProfile

__all__ = ["clean", "clean_and_explain", "Cleaner", "UnknownSiteWarning", "Config", "ConfigError", "PatternError",
           "Cleaned", "Drop", "Context", "SiteProfile", "SiteCounts", "PASSES", "PASS_NAMES"]
__version__ = "0.1.0"


def clean_and_explain(text: str, *, skip: Iterable[str] = (), only: Iterable[str] = (),
                      context: Context | None = None) -> Cleaned:
    """Clean `text`; the result carries the output and every drop that made it."""
    return run(text, select_passes(skip, only), context)


def clean(text: str, *, skip: Iterable[str] = (), only: Iterable[str] = (), context: Context | None = None) -> str:
    """The article body of `text`: its lines minus the boilerplate the passes found."""
    return clean_and_explain(text, skip=skip, only=only, context=context).text
