"""`Cleaner`: a configuration parsed once, applied to many pages.

    cleaner = cleanpress.Cleaner.from_pyproject("pyproject.toml")
    for text in pages:
        article = cleaner.clean(text)

It holds the selected passes, the validated per-pass options, the compiled
user patterns and, optionally, a site profile (from `cleanpress learn`), so
each call only cleans. A Cleaner is immutable and safe to share between
threads (it only remembers which unknown site names it warned about).
"""
from __future__ import annotations

import warnings
from pathlib import Path

from . import html as html_input
from .config import Config, load
from .model import Cleaned
from .pipeline import Context, run, select_passes
from .site import SiteCounts, SiteProfile


class UnknownSiteWarning(UserWarning):
    """A page named a site the profile does not hold: it was cleaned without site counts."""


class Cleaner:
    """Clean pages with one configuration.

    `config` is a `cleanpress.Config` (default: every pass, default options);
    keyword arguments replace its fields (`skip`, `only`, `options`,
    `drop_patterns`, `keep_patterns`, `pattern_timeout`, `input`). `profile` is a
    `cleanpress.SiteProfile` or the path of a saved one; with it, `site=`
    names the profile's site a page belongs to; a name the profile does not
    hold gives one `UnknownSiteWarning` per name, and the page is cleaned alone.
    Raises `cleanpress.ConfigError` for an unknown pass, option or a bad pattern.
    """

    def __init__(self, config: Config | None = None, *, profile: SiteProfile | str | Path | None = None,
                 **overrides) -> None:
        config = config or Config()
        if overrides:
            config = config.with_overrides(**{k: tuple(v) if k in _TUPLES else v for k, v in overrides.items()})
        if profile is None and config.profile is not None:
            profile = config.profile
        if isinstance(profile, (str, Path)):
            profile = SiteProfile.load(Path(profile))
        self.config = config
        self.profile: SiteProfile | None = profile
        self.passes = select_passes(config.skip, config.only)
        # Built and checked once; each page gets it with its own site (`Context.with_site`).
        self._context = Context({name: dict(values) for name, values in config.options.items()},
                                None, config.patterns(), config.input)
        self._html: Cleaner | None = None
        self._unknown_sites: set[str] = set()  # warned about once each

    @property
    def for_html(self) -> "Cleaner":
        """The Cleaner for text extracted from HTML pages (`Config.for_html`), made once."""
        if self._html is None:
            self._html = Cleaner(self.config.for_html(), profile=self.profile)
        return self._html

    @classmethod
    def from_pyproject(cls, path: str | Path, **overrides) -> "Cleaner":
        """A Cleaner configured by the `[tool.cleanpress]` table of `path` (or a TOML file of its keys)."""
        return cls(load(Path(path)), **overrides)

    def context(self, site: str | SiteCounts | None = None) -> Context:
        """The pipeline context for a page of `site` (a profile's site name, or counts)."""
        if isinstance(site, str):
            if self.profile is None:
                raise ValueError(f"site {site!r} given but this Cleaner has no profile")
            name, site = site, self.profile.lookup(site)
            if site is None and name not in self._unknown_sites:
                self._unknown_sites.add(name)
                warnings.warn(f"cleanpress: no site {name!r} in the profile (it has {self.profile.names()}): "
                              "its pages are cleaned without site counts", UnknownSiteWarning, stacklevel=3)
        return self._context.with_site(site)

    def clean_and_explain(self, text: str, *, site: str | SiteCounts | None = None, html: bool = False) -> Cleaned:
        """Clean `text`; the result carries the output and every drop (line numbers of `text`).

        With `html=True`, `text` is an HTML page: its text is extracted first
        (`cleanpress.html.extract`), cleaned with `for_html`, and the drops
        refer to lines of that text.
        """
        if html:
            return self.for_html.clean_and_explain(html_input.extract(text), site=site)
        return run(text, self.passes, self.context(site))

    def clean(self, text: str, *, site: str | SiteCounts | None = None, html: bool = False) -> str:
        """The article body of `text` (an HTML page with `html=True`)."""
        return self.clean_and_explain(text, site=site, html=html).text

    def __repr__(self) -> str:
        return f"Cleaner(passes={[p.name for p in self.passes]!r}, source={self.config.source})"


_TUPLES = ("skip", "only", "drop_patterns", "keep_patterns", "glob")
