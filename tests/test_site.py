"""Site-level cleaning: counts, merge, eras, profiles, the site-template pass and the CLI."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanpress import site
from cleanpress.cli import main
from cleanpress.model import Line
from cleanpress.passes import PASS_NAMES
from cleanpress.pipeline import select_passes

SITES = Path(__file__).parent.parent / "fixtures" / "sites"
GAZETTE = SITES / "harbour-gazette"
ONLY_SITE = select_passes(only=["site-template"])


def pages_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if not p.name.endswith(".expected.txt"))


def texts_of(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in pages_of(folder)}


def clean_folder(texts: dict[str, str], passes=ONLY_SITE, split_eras: bool = True) -> dict[str, str]:
    """Phase one (count) then phase two (clean), the way the CLI does it."""
    stats = site.page_stats([(name, "site", text) for name, text in texts.items()], split_eras)
    return {name: site.clean_page(text, stats[name], passes).text for name, text in texts.items()}


# --- golden site ----------------------------------------------------------------

@pytest.mark.parametrize("page", pages_of(GAZETTE), ids=lambda p: p.stem)
def test_golden_site_page(page: Path) -> None:
    out = clean_folder(texts_of(GAZETTE))[page.name]
    assert out == page.with_suffix(".expected.txt").read_text(encoding="utf-8")


def test_golden_site_reasons_name_the_evidence() -> None:
    texts = texts_of(GAZETTE)
    stats = site.page_stats([(n, "s", t) for n, t in texts.items()])
    result = site.clean_page(texts["regatta.txt"], stats["regatta.txt"], ONLY_SITE)
    assert result.drops[0].first == 1 and result.drops[0].last == 6
    assert result.drops[0].reason == "6 lines, each on 5 of 5 pages of this site"
    assert all(d.pass_name == "site-template" for d in result.drops)


def test_golden_site_keeps_a_quote_two_articles_share() -> None:
    quote = '"We will not let the old pier fall into the sea'
    out = clean_folder(texts_of(GAZETTE))
    assert quote in out["pier-repairs.txt"] and quote in out["pier-contract.txt"]


def test_full_pipeline_on_golden_site_keeps_the_article_and_drops_the_template() -> None:
    texts = texts_of(GAZETTE)
    out = clean_folder(texts, passes=select_passes())
    for name, text in out.items():
        expected = (GAZETTE / name).with_suffix(".expected.txt").read_text(encoding="utf-8")
        article = [line for line in expected.splitlines()[2:] if len(line.split()) >= 8]
        assert article and all(line in text.splitlines() for line in article), name
        assert "Copyright 2024 Harbour Gazette Ltd. All rights reserved." not in text
        assert "Most read this week" not in text


def test_pass_is_registered_before_page_structure() -> None:
    assert "site-template" in PASS_NAMES
    if "page-structure" in PASS_NAMES:
        assert PASS_NAMES.index("site-template") < PASS_NAMES.index("page-structure")


# --- no harm on small sites ----------------------------------------------------------

ARTICLE_LINE = "The committee will publish its final report on the harbour in the spring, the chair said."


def _small_site(n: int) -> dict[str, str]:
    return {f"p{i}.txt": f"Title number {i}\nSome text only page {i} has, about topic {chr(97 + i)}.\n"
                         f"Subscribe\n{ARTICLE_LINE}\nIntroduction\nAnother line on page {chr(97 + i)}.\n"
            for i in range(n)}


@pytest.mark.parametrize("n", [1, 2, 3])
def test_two_or_three_page_site_keeps_repeated_article_text(n: int) -> None:
    texts = _small_site(n)
    assert clean_folder(texts) == texts


def test_four_page_site_drops_short_repeats_and_keeps_prose_below_its_share() -> None:
    texts = _small_site(4)
    texts["p3.txt"] = texts["p3.txt"].replace(ARTICLE_LINE + "\n", "")  # the sentence is on 3 of 4 pages
    out = clean_folder(texts)
    for name, text in out.items():
        assert "Subscribe" not in text and "Introduction" not in text
        if name != "p3.txt":
            assert ARTICLE_LINE in text


def test_one_page_per_site_is_cleaned_as_on_its_own(tmp_path: Path) -> None:
    for i, page in enumerate(pages_of(GAZETTE)):
        (tmp_path / f"site{i}").mkdir()
        (tmp_path / f"site{i}" / page.name).write_bytes(page.read_bytes())
    with_site = CliRunner().invoke(main, ["clean", str(tmp_path), "-o", str(tmp_path / "a"), "-q"])
    without = CliRunner().invoke(main, ["clean", str(tmp_path), "-o", str(tmp_path / "b"), "-q", "--no-site"])
    assert with_site.exit_code == without.exit_code == 0
    outs = sorted((tmp_path / "a").rglob("*.txt"))
    assert len(outs) == 5
    for a in outs:
        assert a.read_bytes() == (tmp_path / "b" / a.relative_to(tmp_path / "a")).read_bytes()


def test_no_site_context_means_no_drops() -> None:
    text = (GAZETTE / "regatta.txt").read_text(encoding="utf-8")
    assert site.clean_page(text, None, ONLY_SITE).drops == ()


# --- counting and merging ---------------------------------------------------------------

def test_fingerprint_normalises_like_line_key() -> None:
    assert site.fingerprint("Comments (3)") == site.fingerprint("  COMMENTS   (12) ")
    assert site.fingerprint("Comments") != site.fingerprint("Comment")
    counts = site.count_page("Home\nHome\n\nComments (3)\n")
    assert counts.pages == 1 and counts.count(Line(1, "home")) == 1  # once per page
    assert counts.count("Comments (45)") == 1 and counts.count("Nothing") == 0


page_texts = st.lists(st.sampled_from(["Home", "News", "Share", "A line", "Footer 2024", "x 1", "x 2"]),
                      max_size=6).map("\n".join)
site_counts = st.lists(page_texts, max_size=5).map(lambda ps: site.merge(*map(site.count_page, ps)))


@given(site_counts, site_counts, site_counts)
def test_merge_is_associative_and_commutative(a, b, c) -> None:
    assert site.merge(a, b) == site.merge(b, a)
    assert site.merge(site.merge(a, b), c) == site.merge(a, site.merge(b, c))
    assert site.merge(a, site.SiteCounts()) == a


@settings(max_examples=30)
@given(st.lists(page_texts, min_size=1, max_size=12), st.integers(1, 4), st.randoms())
def test_batches_and_order_give_the_same_counts(pages, jobs, rnd) -> None:
    whole = site.merge(*map(site.count_page, pages))
    shuffled = list(pages)
    rnd.shuffle(shuffled)
    batches = [shuffled[i::jobs] for i in range(jobs)]  # as if `jobs` workers each counted a batch
    assert site.merge(*(site.merge(*map(site.count_page, b)) for b in batches)) == whole


def test_folder_result_does_not_depend_on_page_order() -> None:
    texts = texts_of(GAZETTE)
    names = list(texts)
    expected = clean_folder(texts, passes=select_passes())
    for seed in range(3):
        random.Random(seed).shuffle(names)
        assert clean_folder({n: texts[n] for n in names}, passes=select_passes()) == expected


# --- eras ----------------------------------------------------------------------------------

def _era_pages(prefix: str, n: int) -> list[str]:
    menu = "\n".join(f"{prefix} menu item {k}" for k in range(8))
    return [f"{menu}\nStory {prefix} {i} starts here with words {i * 7}.\n{prefix} footer line\n" for i in range(n)]


def test_eras_split_a_folder_that_mixes_two_templates() -> None:
    old, new = _era_pages("old", 6), _era_pages("new", 4)
    pages = [site.page_fingerprints(t) for t in old + new]
    groups = site.eras(pages)
    assert sorted(map(sorted, groups)) == [list(range(6)), list(range(6, 10))]
    stats = site.split_counts(pages)
    assert stats[0].pages == 6 and stats[9].pages == 4


def test_eras_do_not_depend_on_page_order() -> None:
    texts = _era_pages("old", 6) + _era_pages("new", 5)
    pages = [site.page_fingerprints(t) for t in texts]
    base = {frozenset(texts[i] for i in g) for g in site.eras(pages)}
    order = list(range(len(texts)))
    random.Random(1).shuffle(order)
    shuffled = {frozenset(texts[order[i]] for i in g) for g in site.eras([pages[k] for k in order])}
    assert shuffled == base


# --- profiles ------------------------------------------------------------------------------

def test_profile_round_trip(tmp_path: Path) -> None:
    profile = site.SiteProfile()
    for name, text in texts_of(GAZETTE).items():
        profile.add_page("harbour-gazette", text)
    profile.add_page("other.example", "Home\nA page\n")
    path = tmp_path / "site.json"
    profile.save(path)
    data = json.loads(path.read_text())
    assert data["format"] == "cleanpress-site-profile" and data["version"] == 2
    assert data["sites"]["harbour-gazette"]["pages"] == 5
    assert site.SiteProfile.load(path) == profile


def test_profile_merge_equals_learning_everything_at_once() -> None:
    texts = list(texts_of(GAZETTE).values())
    a, b, whole = site.SiteProfile(), site.SiteProfile(), site.SiteProfile()
    for i, text in enumerate(texts):
        (a if i % 2 else b).add_page("g", text)
        whole.add_page("g", text)
    assert a.merge(b) == b.merge(a) == whole


@pytest.mark.parametrize("content, message", [
    ("{", "not valid JSON"),
    ('{"format": "other"}', "not a cleanpress site profile"),
    ('{"format": "cleanpress-site-profile", "version": 99, "sites": {}}', "version 99"),
    ('{"format": "cleanpress-site-profile", "version": 1, "sites": {}}', "version 1 is not supported.*learn it again"),
    ('{"format": "cleanpress-site-profile", "version": 2, "sites": {"a": {"pages": 1, "lines": {"zz": 1}}}}',
     "site 'a'"),
])
def test_bad_profiles_are_explained(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(site.ProfileError, match=message):
        site.SiteProfile.load(path)


# --- site keys -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, host", [
    ("URL: https://www.Example.com/a/b?c=1\nTitle\n", "example.com"),
    ("\nSource: http://news.example.org:8080/x\n", "news.example.org"),
    ("https://blog.example.net/post\nText\n", "blog.example.net"),
    ("Title\nURL: https://example.com/\n", None),
    ("URL: not a url\n", None),
])
def test_host_of(text: str, host: str | None) -> None:
    assert site.host_of(text) == host


def test_folder_key() -> None:
    assert site.folder_key(Path("example.com/a.txt"), Path("crawl")) == "example.com"
    assert site.folder_key(Path("a.txt"), Path("crawl/example.com")) == "example.com"


# --- CLI -------------------------------------------------------------------------------------

def _copy_site(tmp_path: Path) -> Path:
    folder = tmp_path / "in" / "harbour-gazette"
    folder.mkdir(parents=True)
    for page in pages_of(GAZETTE):
        (folder / page.name).write_bytes(page.read_bytes())
    return tmp_path / "in"


def test_cli_folder_run_matches_the_library(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    result = CliRunner().invoke(main, ["clean", str(root), "-o", str(tmp_path / "out"), "--only", "site-template"])
    assert result.exit_code == 0, result.output
    for page in pages_of(GAZETTE):
        out = (tmp_path / "out" / "harbour-gazette" / page.name).read_text(encoding="utf-8")
        assert out == page.with_suffix(".expected.txt").read_text(encoding="utf-8")


def test_cli_explain_names_the_site_evidence(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    result = CliRunner().invoke(main, ["clean", str(root), "--explain", "--only", "site-template"])
    assert result.exit_code == 0
    assert "regatta.txt:1-6 site-template 6 lines, each on 5 of 5 pages of this site" in result.stdout


def test_cli_learn_then_clean_stdin_with_profile(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    profile = tmp_path / "site.json"
    learned = CliRunner().invoke(main, ["learn", str(root), "-o", str(profile)])
    assert learned.exit_code == 0, learned.output
    assert "5 pages counted" in learned.stderr and "harbour-gazette (5)" in learned.stderr
    page = (GAZETTE / "choir.txt").read_text(encoding="utf-8")
    expected = (GAZETTE / "choir.expected.txt").read_text(encoding="utf-8")
    args = ["clean", "--profile", str(profile), "--only", "site-template"]
    by_name = CliRunner().invoke(main, args + ["--site", "harbour-gazette"], input=page)
    assert by_name.exit_code == 0 and by_name.stdout == expected
    only_site = CliRunner().invoke(main, args, input=page)  # the profile's only site
    assert only_site.stdout == expected


def test_cli_profile_applies_to_a_single_file_by_its_folder(tmp_path: Path) -> None:
    root = _copy_site(tmp_path)
    profile = tmp_path / "site.json"
    CliRunner().invoke(main, ["learn", str(root), "-o", str(profile)])
    CliRunner().invoke(main, ["learn", str(root / "harbour-gazette"), "-o", str(profile), "--merge",
                              "--site", "elsewhere"])
    single = root / "harbour-gazette" / "bakery.txt"
    result = CliRunner().invoke(main, ["clean", str(single), "--profile", str(profile), "--only", "site-template"])
    assert result.exit_code == 0
    assert result.stdout == (GAZETTE / "bakery.expected.txt").read_text(encoding="utf-8")


def test_cli_site_by_host(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, page in enumerate(pages_of(GAZETTE)):
        host = "gazette.example" if i % 2 == 0 else "other.example"
        (folder / page.name).write_text(f"URL: https://{host}/{page.stem}\n" + page.read_text(encoding="utf-8"))
    by_host = CliRunner().invoke(main, ["clean", str(folder), "--explain", "--only", "site-template",
                                        "--site-by", "host"])
    # 3 pages on one host, 2 on the other: too few to call anything template
    assert by_host.exit_code == 0 and by_host.stdout == ""
    by_folder = CliRunner().invoke(main, ["clean", str(folder), "--explain", "--only", "site-template"])
    assert "of 5 pages of this site" in by_folder.stdout


def test_cli_bad_profile_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    result = CliRunner().invoke(main, ["clean", "--profile", str(bad)], input="text\n")
    assert result.exit_code == 2 and "not a cleanpress site profile" in result.output
    result = CliRunner().invoke(main, ["clean", "--site", "x"], input="text\n")
    assert result.exit_code == 2 and "--profile" in result.output


# --- site affixes: a label the site repeats beside a part that changes ------------------

QUAYSIDE = SITES / "quayside-notes"


@pytest.mark.parametrize("page", pages_of(QUAYSIDE), ids=lambda p: p.stem)
def test_golden_site_affixes_page(page: Path) -> None:
    out = clean_folder(texts_of(QUAYSIDE), passes=select_passes(only=["site-affixes"]))[page.name]
    assert out == page.with_suffix(".expected.txt").read_text(encoding="utf-8")


def test_affix_keys_take_labels_not_dates_or_sentences() -> None:
    def keys(text: str) -> tuple[str, ...]:
        return site.affix_keys(Line(1, text).key)

    # The title is an affix of few words too, but the label beside it is too short to be a changing part.
    assert keys("Quayside Notes: Ferry timetable changes this winter") == ("\n^quayside notes",)
    assert keys("A new harbour wall for the town - The Daily Bugle") == ("\n$the daily bugle",)
    assert keys("By Ann Lee | 3 November 2024") == ()  # the other part is a date, not a title
    assert keys("Updated | 3 November 2024 14:05") == ()  # a date is neither a label nor a changing title
    assert keys("A sentence with no separator at all, as in prose.") == ()
    assert keys("Q: What did the divers find under the old pier?") == ()  # one word before a colon: a label
    assert keys("Update: the ferry will now run on Sundays too") == ()


def test_affix_reason_names_the_evidence_and_pass_runs_after_page_structure() -> None:
    texts = texts_of(QUAYSIDE)
    stats = site.page_stats([(n, "s", t) for n, t in texts.items()])
    result = site.clean_page(texts["ferry.txt"], stats["ferry.txt"], select_passes(only=["site-affixes"]))
    assert [(d.first, d.reason) for d in result.drops] == [
        (1, "starts with 'quayside notes', like lines on 4 of 4 pages of this site"),
        (8, "starts with 'posted by', like lines on 4 of 4 pages of this site"),
    ]
    assert PASS_NAMES.index("page-structure") < PASS_NAMES.index("site-affixes")


def test_affixes_need_min_pages() -> None:
    texts = dict(list(texts_of(QUAYSIDE).items())[:3])
    out = clean_folder(texts, passes=select_passes(only=["site-affixes"]))
    assert out == texts


def test_a_plans_digest_is_one_hash_however_the_bytes_come():
    """Plans compare digests taken three ways (bytes in hand, a file read back, bytes as written): one hash."""
    import io
    import tempfile
    from pathlib import Path

    from cleanpress import batch

    data = "Harbour news.\nShare\n".encode() * 1000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.txt"
        path.write_bytes(data)
        written = batch._Hashing(io.BytesIO())
        for k in range(0, len(data), 777):
            written.write(data[k : k + 777])
        assert site.page_digest(data) == site.file_digest(path) == written.hexdigest()
    assert site.page_digest(data) != site.page_digest(data + b"\n")
