"""`cleanpress clean --jsonl`: one field cleaned, every other byte kept, problems reported by line number."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleanpress
from cleanpress import jsonl
from cleanpress.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGE = "A long sentence of article prose that the cleaner keeps, as it should.\nShare\nTweet\n"
CLEAN_PAGE = cleanpress.clean(PAGE)


def invoke(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, ["clean", *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr_bytes.decode()


def test_only_the_field_value_changes_and_other_bytes_are_kept(tmp_path):
    assert CLEAN_PAGE != PAGE
    line = '{"n": 1.50, "big": 1e3, "z": [1, {"b":2, "a":1}], "text": %s, "after": "é\\u00e9"}\r\n' % json.dumps(PAGE)
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(line.encode())
    code, out, err = invoke("--jsonl", str(feed), "-q")
    assert code == 0 and err == ""
    expected = line.replace(json.dumps(PAGE), json.dumps(CLEAN_PAGE))
    assert out == expected.encode()  # numbers, key order, spacing, escapes and CRLF as they were


def test_unchanged_records_and_blank_lines_come_back_byte_identical(tmp_path):
    data = b'{ "text" : "Nothing to remove in this sentence of prose, none at all.\\n" ,"k":0.10 }\n\n{"text":""}'
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(data)
    code, out, err = invoke("--jsonl", str(feed))
    assert (code, out) == (0, data)  # no final newline added either
    assert "0 records cleaned, 2 unchanged" in err


@pytest.mark.parametrize("ascii_escaped", [True, False])
def test_the_cleaned_value_keeps_the_escaping_of_non_ascii(tmp_path, ascii_escaped):
    page = "Un café crème, une phrase assez longue pour être de la prose à garder.\nPartager\nTweet\n"
    line = json.dumps({"text": page}, ensure_ascii=ascii_escaped) + "\n"
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(line.encode())
    code, out, _ = invoke("--jsonl", str(feed), "-q")
    assert out.decode().isascii() == ascii_escaped
    assert json.loads(out) == {"text": cleanpress.clean(page)}
    assert json.loads(out)["text"] != page


def test_stats_use_the_records_separators_and_replace_an_old_stats_field(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": 1, "text": PAGE}), json.dumps({"id": 2, "text": PAGE}, separators=(",", ":")),
             json.dumps({"text": PAGE, "cleanpress": {"old": True}, "id": 3}), "{}"]
    feed.write_text("\n".join(lines) + "\n")
    code, out, err = invoke("--jsonl", str(feed), "--stats")
    spaced, compact, replaced, empty = out.decode().splitlines()
    removed = {"removed_lines": 2, "removed_chars": len(PAGE) - len(CLEAN_PAGE)}
    assert spaced.endswith(', "cleanpress": {"removed_lines": 2, "removed_chars": %d}}' % removed["removed_chars"])
    assert compact.endswith(',"cleanpress":{"removed_lines":2,"removed_chars":%d}}' % removed["removed_chars"])
    assert json.loads(replaced) == {"text": CLEAN_PAGE, "cleanpress": removed, "id": 3}
    assert list(json.loads(replaced)) == ["text", "cleanpress", "id"]
    assert empty == "{}"
    assert "feed.jsonl:4: no field 'text'; passed through" in err


def test_bad_lines_are_reported_by_number_and_passed_through(tmp_path):
    feed = tmp_path / "feed.jsonl"
    data = ("not json\n" + json.dumps({"body": PAGE}) + "\n" + json.dumps({"text": None}) + "\n"
            + json.dumps({"text": PAGE}) + "\n" + '{"text": "x"} trailing\n').encode() + b'{"text": "\xff"}\n'
    feed.write_bytes(data)
    code, out, err = invoke("--jsonl", str(feed))
    assert code == 0
    assert err.splitlines() == [
        f"warning: {feed}:1: not a JSON object (does not start with '{{'); passed through",
        f"warning: {feed}:2: no field 'text'; passed through",
        f"warning: {feed}:3: field 'text' is not a string (null); passed through",
        f"warning: {feed}:5: not a JSON object (text after the object at column 15); passed through",
        f"warning: {feed}:6: not a JSON object (not UTF-8); passed through",
        "1 record cleaned, 0 unchanged, 5 passed through (not JSON or no text field), "
        + f"{(len(PAGE) - len(CLEAN_PAGE)) / len(PAGE):.0%} of characters removed ({len(PAGE) - len(CLEAN_PAGE)} of {len(PAGE)}).",
    ]
    kept = out.split(b"\n")
    assert kept[:3] == data.split(b"\n")[:3] and kept[4:] == data.split(b"\n")[4:]
    assert json.loads(kept[3]) == {"text": CLEAN_PAGE}


def test_strict_stops_at_the_first_bad_line_and_writes_nothing(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": PAGE}) + "\n" + json.dumps({"id": 1}) + "\n")
    code, _, err = invoke("--jsonl", str(feed), "--strict", "-o", str(tmp_path / "out.jsonl"))
    assert code == 2
    assert f"error: {feed}:2: no field 'text'; passed through" in err and "Stopped (--strict)" in err
    assert list(tmp_path.iterdir()) == [feed]  # no output, no temporary file left


def test_field_option_and_binary_text_is_an_error_for_that_record(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"body": PAGE}) + "\n" + json.dumps({"body": "\x01\x02\x03 binary"}) + "\n")
    code, out, err = invoke("--jsonl", str(feed), "--field", "body")
    assert code == 2
    assert f"error: {feed}:2: field 'body': binary data" in err
    assert out.splitlines()[1] == json.dumps({"body": "\x01\x02\x03 binary"}).encode()
    assert json.loads(out.splitlines()[0]) == {"body": CLEAN_PAGE}


def test_gzip_in_and_out_and_stdin_to_stdout(tmp_path):
    text = "".join(json.dumps({"i": i, "text": PAGE}) + "\n" for i in range(5))
    plain = invoke("--jsonl", "-", "-q", input=text.encode())
    assert plain[0] == 0 and plain[1].count(json.dumps(CLEAN_PAGE).encode()) == 5
    zipped = tmp_path / "feed.jsonl.gz"
    zipped.write_bytes(gzip.compress(text.encode()))
    assert invoke("--jsonl", "-", "-q", input=zipped.read_bytes())[1] == plain[1]  # gzip on stdin, by magic
    code, _, _ = invoke("--jsonl", str(zipped), "-o", str(tmp_path / "out.jsonl.gz"), "-q")
    assert code == 0 and gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == plain[1]


def test_jobs_give_the_same_bytes(tmp_path):
    pages = [p.read_text() for p in sorted((FIXTURES / "pages").glob("*.txt")) if ".expected" not in p.name]
    records = [json.dumps({"i": i, "text": pages[i % len(pages)]}) for i in range(300)]
    records[17] = "broken"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(records) + "\n")
    one = invoke("--jsonl", str(feed), "--stats", "--jobs", "1")
    many = invoke("--jsonl", str(feed), "--stats", "--jobs", "3")
    assert one == many and one[0] == 0
    assert json.loads(one[1].splitlines()[0])["text"] == cleanpress.clean(pages[0])


def test_site_field_counts_the_sites_first_like_a_folder_run(tmp_path):
    """The golden site, as records: the site-template pass removes what the folder run removes."""
    folder = FIXTURES / "sites" / "harbour-gazette"
    pages = sorted(p for p in folder.glob("*.txt") if ".expected" not in p.name)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"site": "harbour", "text": p.read_text()}) + "\n" for p in pages)
                    + json.dumps({"site": "elsewhere", "text": pages[0].read_text()}) + "\n")
    code, out, _ = invoke("--jsonl", str(feed), "--site-field", "site", "--only", "site-template", "-q")
    assert code == 0
    cleaned = [json.loads(line)["text"] for line in out.splitlines()]
    assert cleaned[:-1] == [p.with_name(p.stem + ".expected.txt").read_text() for p in pages]
    assert cleaned[-1] == pages[0].read_text()  # a site of one page: nothing is template


def test_site_by_host_groups_records_by_the_host_of_their_url(tmp_path):
    """Scrapy-style records: the site is the host of each record's "url" (port, case and "www." aside)."""
    folder = FIXTURES / "sites" / "harbour-gazette"
    pages = sorted(p for p in folder.glob("*.txt") if ".expected" not in p.name)
    hosts = ["https://www.harbour-gazette.example/news/1", "http://HARBOUR-GAZETTE.example:8080/x",
             "https://harbour-gazette.example/a?b=c"]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"url": hosts[k % len(hosts)], "text": p.read_text()}) + "\n"
                            for k, p in enumerate(pages))
                    + json.dumps({"url": "https://elsewhere.example/", "text": pages[0].read_text()}) + "\n")
    code, out, _ = invoke("--jsonl", str(feed), "--site-by", "host", "--only", "site-template", "-q")
    assert code == 0
    cleaned = [json.loads(line)["text"] for line in out.splitlines()]
    assert cleaned[:-1] == [p.with_name(p.stem + ".expected.txt").read_text() for p in pages]
    assert cleaned[-1] == pages[0].read_text()  # another host: a site of one page
    # Without --site-by host the URLs themselves are the sites: every record alone, nothing removed.
    code, out, _ = invoke("--jsonl", str(feed), "--site-field", "url", "--only", "site-template", "-q")
    assert [json.loads(line)["text"] for line in out.splitlines()][:-1] == [p.read_text() for p in pages]


def test_site_field_with_a_profile(tmp_path):
    folder = FIXTURES / "sites" / "harbour-gazette"
    profile = tmp_path / "site.json"
    learned = cleanpress.SiteProfile()
    for p in folder.glob("*.txt"):
        if ".expected" not in p.name:
            learned.add_page("harbour", p.read_text())
    learned.save(profile)
    page = (folder / "bakery.txt").read_text()
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"site": "harbour", "text": page}) + "\n")
    code, out, _ = invoke("--jsonl", str(feed), "--site-field", "site", "--profile", str(profile),
                          "--only", "site-template", "-q")
    assert json.loads(out)["text"] == (folder / "bakery.expected.txt").read_text()


def test_many_sites_missing_from_the_profile_are_warned_about_and_counted(tmp_path):
    """Past ten sites the profile lacks, one line counts the rest (it raised a TypeError after -o was written)."""
    profile = tmp_path / "site.json"
    learned = cleanpress.SiteProfile()
    learned.add_page("harbour", PAGE)
    learned.save(profile)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"site": f"site-{k}", "text": PAGE}) + "\n" for k in range(12)))
    out = tmp_path / "out.jsonl"
    code, _, err = invoke("--jsonl", str(feed), "--site-field", "site", "--profile", str(profile), "-o", str(out))
    assert code == 0, err
    assert err.count("in the profile") == 11  # ten named, then one line for the rest
    assert f"warning: {feed}: 2 more sites not in the profile" in err
    assert [json.loads(line)["text"] for line in out.read_text().splitlines()] == [CLEAN_PAGE] * 12


def test_jsonl_usage_errors(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("{}\n")
    for args in (["--in-place"], ["--check"], ["--explain", "--diff"], [str(feed)]):
        code, _, err = invoke("--jsonl", str(feed), *args)
        assert code == 2 and "--jsonl" in err
    code, _, err = invoke("--jsonl", str(feed), "-o", str(feed))
    assert code == 2 and f"-o {feed} is the input" in err
    code, _, err = invoke(str(feed), "--stats")
    assert code == 2 and "--stats goes with --jsonl" in err
    code, _, err = invoke("--jsonl", "-", "--site-field", "site", input=b"{}\n")
    assert code == 2 and "needs --profile" in err
    # --no-site means no site counts: asking for them too is a contradiction, not a silent choice.
    code, _, err = invoke("--jsonl", str(feed), "--no-site", "--site-field", "site")
    assert code == 2 and "--no-site turns site-level cleaning off: drop --site-field" in err
    code, _, err = invoke("--jsonl", str(feed), "--site-by", "none", "--site-field", "site")
    assert code == 2 and "drop --site-field" in err
    code, _, err = invoke(str(feed), "--no-site", "--profile", str(feed))
    assert code == 2 and "drop --profile" in err


def test_fields_finds_value_spans():
    line = '{"a": [1, {"b": "}"}], "text" : "x\\"y" }'
    found, close = jsonl.fields(line)
    assert [(k, v, line[s:e]) for k, v, s, e in found] == [("a", [1, {"b": "}"}], '[1, {"b": "}"}]'),
                                                            ("text", 'x"y', '"x\\"y"')]
    assert line[close] == "}"
    with pytest.raises(jsonl.RecordError):
        jsonl.fields('{"a": 1,}')


def learn(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, ["learn", *args], input=input, catch_exceptions=False)
    return result.exit_code, result.stderr_bytes.decode()


def _gazette_pages() -> list[Path]:
    return sorted(p for p in (FIXTURES / "sites" / "harbour-gazette").glob("*.txt") if ".expected" not in p.name)


def test_learn_jsonl_writes_the_profile_a_folder_learn_writes(tmp_path):
    """The same pages as files or as records give the same profile, byte for byte."""
    pages = _gazette_pages()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": p.read_text()}) + "\n" for p in pages))
    folder = tmp_path / "pages"  # the pages alone, without their .expected.txt
    folder.mkdir()
    for p in pages:
        (folder / p.name).write_bytes(p.read_bytes())
    from_folder, from_feed = tmp_path / "folder.json", tmp_path / "feed.json"
    assert learn(str(folder), "--site", "harbour", "-o", str(from_folder), "-q") == (0, "")
    assert learn("--jsonl", str(feed), "--site", "harbour", "-o", str(from_feed), "-q") == (0, "")
    assert from_feed.read_bytes() == from_folder.read_bytes()


def test_learn_jsonl_then_clean_with_the_profile_equals_counting_in_the_clean_run(tmp_path):
    """A feed learnt once (here from stdin, read once) cleans as 'clean --site-field' counting it itself."""
    pages = _gazette_pages()
    data = ("".join(json.dumps({"site": "harbour", "text": p.read_text()}) + "\n" for p in pages)
            + json.dumps({"site": "elsewhere", "text": pages[0].read_text()}) + "\n"
            + "not json\n" + json.dumps({"site": "harbour"}) + "\n\n")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(data)
    profile = tmp_path / "site.json"
    code, err = learn("--jsonl", "-", "--site-field", "site", "-o", str(profile), input=data.encode())
    assert code == 0
    assert err == (f"{len(pages) + 1} records counted into {profile}: elsewhere (1), harbour ({len(pages)}); "
                   "2 not counted (not a JSON object, or without a string field 'text' and a site in 'site').\n")
    counting = invoke("--jsonl", str(feed), "--site-field", "site", "--only", "site-template", "-q")
    with_profile = invoke("--jsonl", str(feed), "--site-field", "site", "--profile", str(profile),
                          "--only", "site-template", "-q")
    assert with_profile == counting
    cleaned = [json.loads(line)["text"] for line in counting[1].splitlines()[:len(pages)]]
    assert cleaned == [p.with_name(p.stem + ".expected.txt").read_text() for p in pages]


def test_learn_jsonl_by_host_merges_and_reads_gzip(tmp_path):
    pages = _gazette_pages()
    feed = tmp_path / "feed.jsonl.gz"
    with gzip.open(feed, "wt") as out:
        for k, p in enumerate(pages):
            out.write(json.dumps({"url": f"https://{'www.' if k % 2 else ''}harbour.example/{k}", "text": p.read_text()}) + "\n")
    profile = tmp_path / "site.json"
    assert learn("--jsonl", str(feed), "--site-by", "host", "-o", str(profile), "-q") == (0, "")
    assert learn("--jsonl", str(feed), "--site-by", "host", "-o", str(profile), "--merge", "-q") == (0, "")
    assert cleanpress.SiteProfile.load(profile).sites["harbour.example"].pages == 2 * len(pages)


def test_learn_jsonl_errors_write_nothing(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"site": "a", "body": "no text field"}) + "\nnot json\n")
    profile = tmp_path / "site.json"
    code, err = learn("--jsonl", str(feed), "--site-field", "site", "-o", str(profile))
    assert code == 2 and "no record counted (2 read" in err and "nothing written" in err
    assert not profile.exists()
    code, err = learn("--jsonl", str(feed), "-o", str(profile))
    assert code == 2 and "name each record's site" in err
    for args in (["--site", "a", "--site-field", "site"], [str(feed), "--site", "a"], ["--glob", "*.json", "--site", "a"]):
        code, err = learn("--jsonl", str(feed), *args, "-o", str(profile))
        assert code == 2 and "Error:" in err
    code, err = learn(str(tmp_path), "--site-field", "site", "-o", str(profile))
    assert code == 2 and "--site-field goes with --jsonl" in err
    code, err = learn("-o", str(profile))
    assert code == 2 and "give PATHS" in err
    assert not profile.exists()
    code, err = learn("--jsonl", str(feed), "--site", "a", "-o", str(feed))
    assert code == 2 and f"-o {feed} is the input" in err
    assert feed.read_text().endswith("not json\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{not a profile")
    code, err = learn("--jsonl", str(feed), "--site", "a", "-o", str(bad), "--merge")
    assert code == 2 and bad.read_text() == "{not a profile"


@pytest.fixture
def broken_gzip_feeds(tmp_path):
    """A feed whose gzip stream ends early, and one whose compressed data is corrupt."""
    data = "".join(json.dumps({"site": "a", "text": f"Line {i} of a record. " * (i % 7 + 1)}) + "\n"
                   for i in range(3000)).encode()
    packed = gzip.compress(data)
    truncated, corrupt = tmp_path / "truncated.jsonl.gz", tmp_path / "corrupt.jsonl.gz"
    truncated.write_bytes(packed[: len(packed) // 2])
    flipped = bytearray(packed)
    for i in range(200, 260):
        flipped[i] ^= 0xFF
    corrupt.write_bytes(bytes(flipped))
    return truncated, corrupt


def test_a_broken_gzip_feed_is_an_error_and_nothing_is_written(tmp_path, broken_gzip_feeds):
    for feed in broken_gzip_feeds:
        profile, out = tmp_path / "site.json", tmp_path / "clean.jsonl"
        code, err = learn("--jsonl", str(feed), "--site", "a", "-o", str(profile))
        assert code == 2 and f"error: {feed}: cannot read the gzip stream" in err and not profile.exists()
        for extra in ([], ["--site-field", "site"]):  # cleaning, and counting the sites first
            code, _, err = invoke("--jsonl", str(feed), *extra, "-o", str(out), "-q", "--only", "interface-words")
            assert code == 2 and "cannot read the gzip stream" in err and "nothing written" in err
            assert not out.exists()


def test_learn_jsonl_counts_across_chunks_and_workers_alike(tmp_path, monkeypatch):
    """Many chunks, merged in order: every record counted, the same profile for any --jobs."""
    monkeypatch.setattr(jsonl, "CHUNK", 8)  # 32 records a chunk, so 600 records make 19 of them
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"site": f"s{i % 3}", "text": f"Menu\nPage {i} of site {i % 3}.\n"}) + "\n"
                            for i in range(600)))
    profiles = []
    for jobs in ("1", "3"):
        profile = tmp_path / f"site-{jobs}.json"
        code, err = learn("--jsonl", str(feed), "--site-field", "site", "-j", jobs, "-o", str(profile))
        assert code == 0 and err == f"600 records counted into {profile}: s0 (200), s1 (200), s2 (200).\n"
        profiles.append(profile.read_bytes())
    assert profiles[0] == profiles[1]
    counts = cleanpress.SiteProfile.load(tmp_path / "site-1.json").sites["s0"]
    assert counts.pages == 200


def test_explain_and_diff_name_each_record_by_its_line(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": 1, "text": "Share\nThe council met on Monday to discuss the budget.\nAdvertisement\n"})
                    + "\n" + json.dumps({"id": 2, "text": "The harbour reopened on Saturday after two years.\n"}) + "\n",
                    encoding="utf-8")
    runner = CliRunner()
    explained = runner.invoke(main, ["clean", "--jsonl", str(feed), "--explain", "-q"])
    assert explained.exit_code == 0
    assert explained.stdout.splitlines() == [f"{feed}:1:1-1 interface-words interface words only: 'Share'",
                                             f"{feed}:1:3-3 interface-words interface words only: 'Advertisement'"]
    out = tmp_path / "out.jsonl"
    with_output = runner.invoke(main, ["clean", "--jsonl", str(feed), "--explain", "-o", str(out), "-q"])
    assert with_output.stdout == explained.stdout
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["text"] == \
        "The council met on Monday to discuss the budget.\n"
    diffed = runner.invoke(main, ["clean", "--jsonl", str(feed), "--diff", "-q"])
    assert diffed.exit_code == 0
    assert diffed.stdout.splitlines()[:3] == [f"--- {feed}:1", f"+++ {feed}:1 (cleaned)", "@@ -1,3 +1 @@"]
    assert f"{feed}:2" not in diffed.stdout  # an unchanged record has no diff
    assert runner.invoke(main, ["clean", "--jsonl", str(feed), "--diff", "-o", str(out)]).exit_code == 2
