"""One counting path: every way of getting a site's counts reads pages the same way.

`learn` once counted raw files while a folder run counted what cleaning reads (for an HTML
page, the text extracted from it): five .html pages cleaned as a folder lost their template
lines, and the same pages cleaned with the profile `learn` made of them lost nothing.
"""
from __future__ import annotations

import html as html_escape
import json
import random
from pathlib import Path

from click.testing import CliRunner

from cleanpress import batch, files, jsonl
from cleanpress.cli import main

GAZETTE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "harbour-gazette"


def _as_html(text: str) -> str:
    """A page whose article region holds every line of `text` as a paragraph (the site template included)."""
    body = "\n".join(f"<p>{html_escape.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gazette</title></head>\n"
            f"<body>\n<article>\n{body}\n</article>\n</body></html>\n")


def _html_site(tmp_path: Path) -> Path:
    root = tmp_path / "pages" / "harbour-gazette"
    root.mkdir(parents=True)
    for page in sorted(GAZETTE.glob("*.txt")):
        if not page.name.endswith(".expected.txt"):
            (root / page.with_suffix(".html").name).write_text(_as_html(page.read_text(encoding="utf-8")),
                                                              encoding="utf-8")
    return root


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_learn_then_profile_cleans_html_pages_as_a_folder_run_does(tmp_path: Path) -> None:
    root = _html_site(tmp_path)
    assert len(list(root.glob("*.html"))) == 5
    folder_run = CliRunner().invoke(main, ["clean", str(root), "--glob", "*.html", "-o", str(tmp_path / "folder")])
    assert folder_run.exit_code == 0, folder_run.output
    profile = tmp_path / "site.json"
    learned = CliRunner().invoke(main, ["learn", str(root), "--glob", "*.html", "-o", str(profile)])
    assert learned.exit_code == 0, learned.output
    assert "5 pages counted" in learned.stderr and "harbour-gazette (5)" in learned.stderr
    with_profile = CliRunner().invoke(main, ["clean", str(root), "--glob", "*.html", "--profile", str(profile),
                                             "-o", str(tmp_path / "profiled")])
    assert with_profile.exit_code == 0, with_profile.output
    by_folder, by_profile = _texts(tmp_path / "folder"), _texts(tmp_path / "profiled")
    assert len(by_folder) == 5 and by_profile == by_folder
    # The template the site's pages share is gone from every page: the counts were of the extracted text.
    assert all("About the Harbour Gazette" not in text for text in by_profile.values())
    assert all("Home\n" not in text for text in by_profile.values())


# --- a JSONL feed is planned as a folder of the same pages is (sites, then template eras) ---

WORDS = ("harbour council budget ferry museum winter repairs market school river bridge library festival "
         "engineers residents weather station garden orchestra volunteers tide quay lantern mayor").split()


def _two_designs(root: Path) -> list[Path]:
    """One site redesigned (as tests/test_dask.py's crawl): 12 pages of its old template, then 4 of the new
    one. The new design's lines are on a quarter of the site's pages, under site-template's share: only the
    counts of its own era make them template."""
    rng = random.Random(6)
    folder = root / "rivertown.example"
    folder.mkdir(parents=True)
    for i in range(16):
        name, n = ("Rivertown Post", 5) if i < 12 else ("The Rivertown", 4)
        head = [f"{name} Home", f"{name} News", f"{name} Sport", "Search", f"Menu of {name}"][:n]
        foot = [f"© {name} Media Group", f"About {name}", f"Contact the {name} desk", f"Jobs at {name}"]
        body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 20))).capitalize() + "."
                for _ in range(rng.randint(3, 6))]
        (folder / f"p{i:02d}.txt").write_text("\n".join([*head, "", *body, "", *foot]) + "\n", encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def _feed_of(pages: list[Path], feed: Path) -> Path:
    feed.write_text("".join(json.dumps({"site": page.parent.name, "text": page.read_text(encoding="utf-8")}) + "\n"
                            for page in pages), encoding="utf-8")
    return feed


def test_a_feed_with_a_site_field_is_cleaned_as_the_folder_of_its_pages(tmp_path: Path) -> None:
    pages = _two_designs(tmp_path / "pages")
    feed = _feed_of(pages, tmp_path / "feed.jsonl")
    folder_run = CliRunner().invoke(main, ["clean", str(tmp_path / "pages"), "-o", str(tmp_path / "folder")])
    assert folder_run.exit_code == 0, folder_run.output
    by_folder = [(tmp_path / "folder" / p.relative_to(tmp_path / "pages")).read_text(encoding="utf-8") for p in pages]
    for extra in ([], ["--jobs", "2"]):
        out = tmp_path / f"clean{len(extra)}.jsonl"
        feed_run = CliRunner().invoke(main, ["clean", "--jsonl", str(feed), "--site-field", "site", "-o", str(out),
                                             *extra])
        assert feed_run.exit_code == 0, feed_run.output
        assert [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()] == by_folder
    # The new design's template is gone from its pages: its era's counts were used, not the site's.
    assert all("The Rivertown Home" not in text and "Jobs at The Rivertown" not in text for text in by_folder[12:])
    assert all(len(text.splitlines()) >= 3 for text in by_folder)  # the articles are kept


def test_no_eras_is_heard_by_a_feed_too(tmp_path: Path) -> None:
    pages = _two_designs(tmp_path / "pages")
    feed = _feed_of(pages, tmp_path / "feed.jsonl")
    runs = {}
    for extra in ([], ["--no-eras"]):
        out = tmp_path / f"clean{len(extra)}.jsonl"
        result = CliRunner().invoke(main, ["clean", "--jsonl", str(feed), "--site-field", "site", "-o", str(out),
                                           "--only", "site-template", *extra])
        assert result.exit_code == 0, result.output
        runs[bool(extra)] = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert all("The Rivertown Home" not in text for text in runs[False][12:])
    assert all("The Rivertown Home" in text for text in runs[True][12:])  # a quarter of the site: no template


def test_jsonl_plan_gives_each_record_the_counts_the_folder_plan_gives_its_page(tmp_path: Path) -> None:
    pages = _two_designs(tmp_path / "pages")
    others = tmp_path / "pages" / "harbour-gazette"
    others.mkdir()
    for page in sorted(GAZETTE.glob("*.txt")):
        if not page.name.endswith(".expected.txt"):
            (others / page.name).write_bytes(page.read_bytes())
    pages = sorted((tmp_path / "pages").rglob("*.txt"))
    feed = _feed_of(pages, tmp_path / "feed.jsonl")
    tasks = [batch.PageTask(source, False, None, "folder") for source in files.discover([tmp_path / "pages"], "*.txt")]
    by_path = batch.site_stats(tasks, jobs=2)
    settings = jsonl.Settings(None, site_field="site")
    with open(feed, "rb") as lines:
        by_record = jsonl.plan_records(lines, settings, jobs=2)
    assert len(by_record) == len(pages) == len(by_path) == 21
    assert [by_record[n] for n in range(1, len(pages) + 1)] == [by_path[p] for p in pages]
    assert by_record[1] != by_record[16]  # two eras of one site


def test_a_feed_planned_into_eras_cleaned_again_is_unchanged(tmp_path: Path) -> None:
    """The counts kept beside -o are each record's (its era's), so the second run cleans with them again."""
    feed = _feed_of(_two_designs(tmp_path / "pages"), tmp_path / "feed.jsonl")
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    for given, written in ((feed, once), (once, twice)):
        result = CliRunner().invoke(main, ["clean", "--jsonl", str(given), "--site-field", "site", "-o", str(written)])
        assert result.exit_code == 0, result.output
    assert once.read_bytes() != feed.read_bytes() and twice.read_bytes() == once.read_bytes()


def _clean_feed(given: Path, written: Path, *extra: str):
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(given), "--site-field", "site", "-o", str(written),
                                       *extra])
    assert result.exit_code == 0, result.output
    return result


def test_counts_kept_beside_a_feed_apply_to_those_bytes_only(tmp_path: Path) -> None:
    """The kept counts go by record line number: once the records are reordered (or edited, dropped), line N
    is another record, and the run counts the feed again, as it would a feed it never saw."""
    feed = _feed_of(_two_designs(tmp_path / "pages"), tmp_path / "feed.jsonl")
    once = tmp_path / "once.jsonl"
    _clean_feed(feed, once)
    reordered = once.read_text(encoding="utf-8").splitlines(keepends=True)[::-1]
    once.write_text("".join(reordered), encoding="utf-8")  # the kept plan stays beside it, now stale
    fresh = tmp_path / "fresh" / "once.jsonl"
    fresh.parent.mkdir()
    fresh.write_text("".join(reordered), encoding="utf-8")  # the same records, with no plan beside them
    again = _clean_feed(once, tmp_path / "again.jsonl")
    _clean_feed(fresh, tmp_path / "fresh.jsonl")
    assert "counted again" in again.output
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()


def test_other_grouping_options_do_not_take_the_kept_counts(tmp_path: Path) -> None:
    feed = _feed_of(_two_designs(tmp_path / "pages"), tmp_path / "feed.jsonl")
    once = tmp_path / "once.jsonl"
    _clean_feed(feed, once)
    assert "counted again" in _clean_feed(once, tmp_path / "no-eras.jsonl", "--no-eras").output
    assert "counted again" not in _clean_feed(once, tmp_path / "same.jsonl").output


def test_a_feed_run_that_does_not_count_removes_a_stale_plan_beside_its_output(tmp_path: Path) -> None:
    feed = _feed_of(_two_designs(tmp_path / "pages"), tmp_path / "feed.jsonl")
    out = tmp_path / "out.jsonl"
    _clean_feed(feed, out)
    kept = tmp_path / "out.jsonl.cleanpress-sites.json"
    assert kept.is_file()
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(feed), "-o", str(out)])  # no site field: no counts
    assert result.exit_code == 0, result.output
    assert not kept.exists()


def test_a_folder_plan_beside_a_feed_is_not_read_as_its_counts(tmp_path: Path) -> None:
    """A plan whose pages are paths, not record numbers, with a feed's options and digest: a usage error
    naming the file, not a traceback."""
    feed = _feed_of(_two_designs(tmp_path / "pages"), tmp_path / "feed.jsonl")
    out = tmp_path / "out.jsonl"
    _clean_feed(feed, out)
    kept = tmp_path / "out.jsonl.cleanpress-sites.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["pages"] = {f"p{n}.txt": key for n, key in data["pages"].items()}
    kept.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", "--jsonl", str(out), "--site-field", "site", "-o",
                                       str(tmp_path / "x.jsonl")])
    assert result.exit_code == 2, result.output
    assert "not the site counts of a cleaned feed" in result.output and not (tmp_path / "x.jsonl").exists()
