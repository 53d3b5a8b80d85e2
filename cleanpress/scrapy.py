"""A Scrapy item pipeline that cleans text fields of scraped items (extra: `pip install cleanpress[scrapy]`).

In the project's settings.py:

    ITEM_PIPELINES = {"cleanpress.scrapy.CleanPipeline": 300}
    CLEANPRESS_FIELDS = ["body"]               # item fields to clean (default: ["text"])
    CLEANPRESS_PROFILE = "site.json"           # optional: a site profile from `cleanpress learn`
    CLEANPRESS_SITE_FIELD = "site"             # optional: the item field naming the profile's site
                                               # (default: the host of the item's "url" field)
    CLEANPRESS_CONFIG = "pyproject.toml"       # optional: [tool.cleanpress] of this file
    CLEANPRESS_HTML_FIELDS = ["html"]          # optional: fields holding HTML, extracted first
    CLEANPRESS_INPUT = "extracted"             # optional: the fields hold an extractor's output ("page": whole
                                               # pages' text; default "auto": told apart item by item)

The configuration is read once, when the crawler starts; a broken one (a
missing profile, an unknown pass, no field to clean) stops the crawler from
starting with a `cleanpress.ConfigError`, rather than disabling the pipeline
and shipping raw items. A field missing from
an item, or not a string, is left alone; any item type Scrapy supports (dict,
scrapy.Item, dataclass, attrs) works, through itemadapter.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from itemadapter import ItemAdapter

from .cleaner import Cleaner
from .config import ConfigError, load


class CleanPipeline:
    """Clean the configured text fields of every item with one `cleanpress.Cleaner`."""

    def __init__(self, cleaner: Cleaner, fields: list[str], html_fields: list[str] = (), site_field: str | None = None):
        self.cleaner = cleaner
        self.fields = list(fields)
        self.html_fields = list(html_fields)
        self.site_field = site_field

    @classmethod
    def from_crawler(cls, crawler):
        return cls.from_settings(crawler.settings)

    @classmethod
    def from_settings(cls, settings):
        fields = settings.getlist("CLEANPRESS_FIELDS", ["text"])
        html_fields = settings.getlist("CLEANPRESS_HTML_FIELDS", [])
        if not fields and not html_fields:
            raise ConfigError("cleanpress: CLEANPRESS_FIELDS is empty: name the item fields to clean")
        try:
            config = load(Path(settings.get("CLEANPRESS_CONFIG"))) if settings.get("CLEANPRESS_CONFIG") else None
            kind = settings.get("CLEANPRESS_INPUT")
            cleaner = Cleaner(config, profile=settings.get("CLEANPRESS_PROFILE") or None,
                              **({"input": kind} if kind else {}))
        except (ConfigError, OSError, ValueError) as e:  # the crawl does not start: no raw item ships
            raise ConfigError(f"cleanpress: {e}") from e
        return cls(cleaner, fields, html_fields, settings.get("CLEANPRESS_SITE_FIELD"))

    def process_item(self, item, spider=None):
        adapter = ItemAdapter(item)
        site = self._site(adapter)
        for name, is_html in [(f, False) for f in self.fields] + [(f, True) for f in self.html_fields]:
            value = adapter.get(name)
            if isinstance(value, str):
                adapter[name] = self.cleaner.clean(value, site=site, html=is_html)
        return item

    def _site(self, adapter: ItemAdapter) -> str | None:
        if self.cleaner.profile is None:
            return None
        if self.site_field:
            value = adapter.get(self.site_field)
            return value if isinstance(value, str) and value else None
        url = adapter.get("url")
        if isinstance(url, str) and url:
            host = (urlsplit(url).hostname or "").lower()
            return host[4:] if host.startswith("www.") else host or None
        return None
