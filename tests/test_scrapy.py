"""The Scrapy item pipeline, with real Scrapy items and Scrapy's Settings object."""
from __future__ import annotations

import pytest

scrapy = pytest.importorskip("scrapy", reason="Scrapy is not installed: pip install -e '.[test,scrapy]'")

from scrapy.settings import Settings  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

import cleanpress  # noqa: E402
from cleanpress.scrapy import CleanPipeline  # noqa: E402

BODY = "Share\nThe council met on Monday to discuss the budget for the coming year.\nAdvertisement\n"
CLEAN = "The council met on Monday to discuss the budget for the coming year.\n"
MENU = "Home\nNews\nSport\nContact us\n"


class Article(scrapy.Item):
    url = scrapy.Field()
    title = scrapy.Field()
    body = scrapy.Field()
    html = scrapy.Field()


def pipeline(**settings) -> CleanPipeline:
    return CleanPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_cleans_the_configured_fields_of_a_scrapy_item():
    item = Article(url="https://example.com/a", title="Share", body=BODY)
    out = pipeline(CLEANPRESS_FIELDS=["body"]).process_item(item, None)
    assert out is item
    assert item["body"] == CLEAN
    assert item["title"] == "Share"  # not a configured field


def test_default_field_is_text_and_dict_items_work():
    item = {"text": BODY, "other": BODY}
    pipeline().process_item(item, None)
    assert item == {"text": CLEAN, "other": BODY}


def test_settings_object_as_scrapy_builds_it_from_a_comma_separated_string():
    settings = Settings({"CLEANPRESS_FIELDS": "body,title"})
    p = CleanPipeline.from_settings(settings)
    item = Article(body=BODY, title="Advertisement\n")
    p.process_item(item, None)
    assert item["body"] == CLEAN and item["title"] == ""


def test_missing_and_non_text_fields_are_left_alone():
    item = Article(body=None)
    pipeline(CLEANPRESS_FIELDS=["body", "title"]).process_item(item, None)
    assert item["body"] is None and "title" not in item


def test_html_fields_are_extracted_then_cleaned():
    page = ("<html><body><article><p>" + CLEAN.strip() + " It will vote again in March.</p>"
            "<p>Share</p><p>The mayor said the budget would be balanced by cutting costs.</p></article></body></html>")
    item = Article(html=page)
    pipeline(CLEANPRESS_FIELDS=[], CLEANPRESS_HTML_FIELDS=["html"]).process_item(item, None)
    assert "<p>" not in item["html"] and "Share" not in item["html"]
    assert "The mayor said the budget would be balanced" in item["html"]


def test_profile_cleans_by_the_host_of_the_url(tmp_path):
    profile = cleanpress.SiteProfile()
    for i in range(5):
        profile.add_page("example.com", MENU + f"Story {i} about the harbour and its boats, told at some length.\n")
    profile.save(tmp_path / "site.json")
    p = pipeline(CLEANPRESS_FIELDS=["body"], CLEANPRESS_PROFILE=str(tmp_path / "site.json"))
    page = MENU + "A new story about the harbour, the boats and the people who sail them.\n"
    item = Article(url="https://www.example.com/new", body=page)
    p.process_item(item, None)
    assert item["body"] == "A new story about the harbour, the boats and the people who sail them.\n"
    other = Article(url="https://elsewhere.org/x", body=page)  # a site the profile does not know: said once
    with pytest.warns(cleanpress.UnknownSiteWarning, match="elsewhere.org"):
        p.process_item(other, None)
    assert other["body"] == cleanpress.clean(page)  # cleaned as a page on its own


def test_config_file_and_its_errors(tmp_path):
    good = tmp_path / "cleanpress.toml"
    good.write_text("drop_patterns = ['^Photo: ']\nskip = ['interface-words']\n", encoding="utf-8")
    item = {"text": "Photo: AP\nShare\n" + CLEAN}
    pipeline(CLEANPRESS_CONFIG=str(good)).process_item(item, None)
    assert item["text"] == "Share\n" + CLEAN
    bad = tmp_path / "bad.toml"
    bad.write_text("skip = ['nope']\n", encoding="utf-8")
    with pytest.raises(cleanpress.ConfigError, match="unknown pass 'nope'"):
        pipeline(CLEANPRESS_CONFIG=str(bad))
    with pytest.raises(cleanpress.ConfigError, match="CLEANPRESS_FIELDS is empty"):
        pipeline(CLEANPRESS_FIELDS=[])
    with pytest.raises(cleanpress.ConfigError, match="missing.json"):  # not a pipeline quietly turned off
        pipeline(CLEANPRESS_PROFILE=str(tmp_path / "missing.json"))
