"""No silent fall-backs (issue 22): a mistake that would leave pages uncleaned, or cleaned without
the counts the user asked for, says so on stderr; the usage mistakes exit 2."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import cleanpress
from test_safety import invoke, write

TEMPLATE = "Home | News | Scores | Standings\nFollow the league on its channels for the latest news\n"
TEAMS = ("Boston", "Calgary", "Dallas", "Edmonton", "Florida", "Winnipeg", "Ottawa", "Seattle", "Toronto", "Vegas")
STORY = ("The team from {0} won the game on Saturday night after a late goal in overtime.\n"
         "Its coach said the players from {0} had never stopped believing they could come back.\n")


def story(i: int) -> str:
    return STORY.format(TEAMS[i % len(TEAMS)] + " " * (i // len(TEAMS)))


@pytest.fixture
def nhl(tmp_path: Path) -> tuple[Path, Path]:
    """A folder `www.nhl.com` of five pages, and a profile of them learnt under the site name `nhl.com`."""
    folder = tmp_path / "www.nhl.com"
    for i in range(5):
        write(folder / f"p{i}.txt", TEMPLATE + story(i))
    profile = tmp_path / "nhl.json"
    assert invoke("learn", str(folder), "--site", "nhl.com", "-o", str(profile)).exit_code == 0
    return folder, profile


def test_a_site_the_profile_does_not_hold_is_a_usage_error(nhl):
    folder, profile = nhl
    result = invoke("clean", str(folder / "p0.txt"), "--profile", str(profile), "--site", "nhl.co")
    assert result.exit_code == 2
    assert "--site nhl.co: no such site in the profile" in result.stderr and "nhl.com" in result.stderr


def test_a_folder_named_for_the_www_host_finds_its_site(nhl, tmp_path):
    folder, profile = nhl
    result = invoke("clean", str(folder), "--profile", str(profile), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    assert TEMPLATE not in (tmp_path / "out" / "p0.txt").read_text(encoding="utf-8")  # the template went


def test_pages_of_a_site_the_profile_does_not_hold_are_reported(nhl, tmp_path):
    _, profile = nhl
    other = tmp_path / "crawl" / "other.org"
    write(other / "a.txt", TEMPLATE + story(9))
    result = invoke("clean", str(tmp_path / "crawl"), "--profile", str(profile), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "warning: no site 'other.org' in the profile (nhl.com): 1 page cleaned without site counts" in result.stderr


def test_stdin_with_a_profile_of_many_sites_and_no_site_says_so(nhl, tmp_path):
    folder, profile = nhl
    two = tmp_path / "two.json"
    write(tmp_path / "crawl" / "a.org" / "a.txt", story(1))
    assert invoke("learn", str(folder.parent / "www.nhl.com"), str(tmp_path / "crawl"), "-o", str(two)).exit_code == 0
    result = invoke("clean", "--profile", str(two), input=TEMPLATE + story(1))
    assert result.exit_code == 0
    assert "no --site, and the profile holds 2 sites" in result.stderr and "give --site NAME" in result.stderr


def test_the_api_warns_once_per_unknown_site(nhl):
    _, profile = nhl
    cleaner = cleanpress.Cleaner(profile=profile)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cleaner.clean(TEMPLATE + story(1), site="nhl.co")
        cleaner.clean(TEMPLATE + story(2), site="nhl.co")
    assert [type(w.message) for w in caught] == [cleanpress.UnknownSiteWarning]
    assert "no site 'nhl.co' in the profile (it has nhl.com)" in str(caught[0].message)


def test_only_emptied_by_skip_is_a_usage_error():
    result = invoke("clean", "--only", "comment-widgets", "--skip", "comment-widgets", input="Share\n")
    assert result.exit_code == 2 and "leave no pass to run" in result.stderr


def test_a_folder_without_a_matching_file_is_a_usage_error_with_a_hint(tmp_path):
    write(tmp_path / "pages" / "a.html", "<p>The council met on Monday.</p>")
    for args in (["clean", str(tmp_path / "pages"), "-o", str(tmp_path / "out")],
                 ["learn", str(tmp_path / "pages"), "-o", str(tmp_path / "site.json")]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "matches --glob '*.txt'" in result.stderr and "give --glob '*.html'" in result.stderr


def test_a_text_field_no_record_has_is_an_error(tmp_path):
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"text": "Share\n" + story(i)}) + "\n"
                                                  for i in range(25)))
    result = invoke("clean", "--jsonl", str(feed), "--field", "body", "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert "no record has the field 'body'" in result.stderr
    assert result.stderr.count("no field 'body'") == 10  # one by one, then counted
    assert "15 more records without the field 'body'" in result.stderr


def test_a_site_field_no_record_has_is_a_usage_error(tmp_path):
    feed = write(tmp_path / "feed.jsonl", json.dumps({"text": "Share\n" + story(1)}) + "\n")
    out = tmp_path / "out.jsonl"
    result = invoke("clean", "--jsonl", str(feed), "--site-field", "site", "-o", str(out))
    assert result.exit_code == 2 and "no record of" in result.stderr and "'site'" in result.stderr
    assert not out.exists()


def test_scrapy_refuses_to_start_with_a_missing_profile(tmp_path):
    pytest.importorskip("scrapy", reason="Scrapy is not installed: pip install -e '.[test,scrapy]'")
    from scrapy.settings import Settings

    from cleanpress.scrapy import CleanPipeline

    with pytest.raises(cleanpress.ConfigError, match="missing.json"):
        CleanPipeline.from_settings(Settings({"CLEANPRESS_PROFILE": str(tmp_path / "missing.json")}))


def test_jsonl_records_of_sites_the_profile_does_not_hold_are_reported(nhl, tmp_path):
    _, profile = nhl
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"site": site, "text": TEMPLATE + story(i)}) + "\n"
                                                  for i, site in enumerate(["nhl.com", "zz.org", "zz.org"])))
    result = invoke("clean", "--jsonl", str(feed), "--site-field", "site", "--profile", str(profile),
                    "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0
    assert "no site 'zz.org' in the profile (nhl.com): 2 records cleaned without site counts" in result.stderr
    assert "nhl.com'" not in result.stderr  # the site it holds is not reported
