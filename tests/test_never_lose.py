"""Never lose a page: outputs over inputs, copies and snapshots, stray bytes, C1 controls, odd JSON,
unlistable folders and loops, usage errors instead of tracebacks, workers that outlive their parent,
file modes, and diffs cut where the cleaner cuts.

Each test failed before the fix it names (docs/safety.md lists the guarantees).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleanpress
from cleanpress import files
from test_safety import CLEANPRESS, DIRTY, DIRTY_CLEAN, PROSE, invoke, listing, write

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "duran-palmyra.txt"


# --- outputs that would write over an input -------------------------------------------------------

def test_output_folder_holding_the_input_file_is_refused(tmp_path):
    page = write(tmp_path / "od" / "a.txt", DIRTY)
    for args in (["clean", str(page), "-o", str(page.parent)], ["clean", str(page.parent), "-o", str(tmp_path)]):
        result = invoke(*args)
        assert result.exit_code == 2, result.stderr
        assert "holds the input" in result.stderr
        assert page.read_text() == DIRTY
    assert listing(tmp_path) == ["od/a.txt"]


def test_output_folder_inside_the_input_folder_is_still_fine(tmp_path):
    write(tmp_path / "pages" / "a.txt", DIRTY)
    result = invoke("clean", str(tmp_path / "pages"), "-o", str(tmp_path / "pages" / "clean"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "pages" / "clean" / "a.txt").read_text() == DIRTY_CLEAN


def test_learn_refuses_a_profile_path_that_is_one_of_its_pages(tmp_path):
    page = write(tmp_path / "site" / "116.txt", DIRTY)
    result = invoke("learn", str(page.parent), "-o", str(page))
    assert result.exit_code == 2
    assert "is the input" in result.stderr
    assert page.read_text() == DIRTY


@pytest.mark.parametrize("mode", [["-o", "out"], ["--in-place"], ["--check"]])
def test_a_report_path_that_is_a_page_found_in_an_input_folder_is_refused(tmp_path, mode):
    """--report was checked against the paths given only: a page found under a folder was replaced by the report."""
    page = write(tmp_path / "site" / "116.txt", DIRTY)
    args = [str(tmp_path / "out") if a == "out" else a for a in mode]
    result = invoke("clean", str(page.parent), *args, "--report", str(page))
    assert result.exit_code == 2, result.stderr
    assert f"--report {page} is the input" in result.stderr
    assert page.read_text() == DIRTY
    assert listing(tmp_path) == ["site/116.txt"]  # nothing else written either


def test_a_report_path_that_the_run_reads_or_writes_is_refused(tmp_path):
    """--report over the profile, the JSONL output or a cleaned page in -o OUT would replace it."""
    page = write(tmp_path / "site" / "116.txt", DIRTY)
    profile = tmp_path / "site.json"
    assert invoke("learn", str(page.parent), "-o", str(profile)).exit_code == 0
    saved = profile.read_bytes()
    result = invoke("clean", str(page.parent), "-o", str(tmp_path / "out"), "--profile", str(profile),
                    "--report", str(profile))
    assert result.exit_code == 2 and f"--report {profile} is the input" in result.stderr
    assert profile.read_bytes() == saved
    (tmp_path / "out").mkdir()
    result = invoke("clean", str(page.parent), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "out" / "116.txt"))
    assert result.exit_code == 2 and "is a file this run writes" in result.stderr, result.stderr
    feed = write(tmp_path / "feed.jsonl", json.dumps({"text": DIRTY}) + "\n")
    cleaned = tmp_path / "clean.jsonl"
    result = invoke("clean", "--jsonl", str(feed), "-o", str(cleaned), "--report", str(cleaned))
    assert result.exit_code == 2 and "--report" in result.stderr
    assert listing(tmp_path) == ["feed.jsonl", "site.json", "site/116.txt"]


def test_a_report_beside_the_pages_is_still_fine(tmp_path):
    page = write(tmp_path / "site" / "116.txt", DIRTY)
    result = invoke("clean", str(page.parent), "-o", str(tmp_path / "out"), "--report", str(tmp_path / "site" / "audit.html"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "116.txt").read_text() == DIRTY_CLEAN
    assert (tmp_path / "site" / "audit.html").read_text().startswith("<!doctype html>")


@pytest.mark.parametrize("where", ["folder", "missing-folder"])
def test_jsonl_output_that_cannot_be_a_file_is_refused_before_reading(tmp_path, where):
    feed = write(tmp_path / "feed.jsonl", json.dumps({"text": DIRTY}) + "\n")
    target = tmp_path / "out" if where == "folder" else tmp_path / "nodir" / "x.jsonl"
    if where == "folder":
        target.mkdir()
    result = invoke("clean", "--jsonl", str(feed), "-o", str(target))
    assert result.exit_code == 2
    assert "Error:" in result.stderr and "Traceback" not in result.stderr


# --- copies and snapshots are duplicates, not a template --------------------------------------------

def test_copies_of_one_page_keep_their_article(tmp_path):
    folder = tmp_path / "copies"
    for k in range(4):
        write(folder / f"copy-{k}.txt", SAMPLE.read_bytes())
    result = invoke("clean", "--in-place", str(folder))
    assert result.exit_code == 0, result.stderr
    alone = cleanpress.clean(SAMPLE.read_text(encoding="utf-8"))
    for k in range(4):
        assert (folder / f"copy-{k}.txt").read_text(encoding="utf-8") == alone


def test_daily_snapshots_with_a_line_of_their_own_keep_their_article(tmp_path):
    folder = tmp_path / "snapshots"
    text = SAMPLE.read_text(encoding="utf-8")
    for day in range(5):
        write(folder / f"day-{day}.txt", f"Updated on day {day + 1} of the month, at noon.\n" + text)
    assert invoke("clean", str(folder), "-o", str(tmp_path / "out")).exit_code == 0
    for day in range(5):
        out = (tmp_path / "out" / f"day-{day}.txt").read_text(encoding="utf-8")
        assert "Undoubtedly some of them are heading to Palmyra now." in out


def test_pages_sharing_only_their_template_still_lose_it():
    template = ["Home", "News", "Sport", "Contact us", "Sign up for our newsletter today"]
    pages = [(f"p{k}", ".", "\n".join(template + [PROSE[k % len(PROSE)] + f" Story {k}.", f"Byline {k}"]) + "\n")
             for k in range(6)]
    stats = cleanpress.site.page_stats(pages)
    cleaned = cleanpress.clean_and_explain(pages[0][2], context=cleanpress.Context(site=stats["p0"]))
    assert any(d.pass_name == "site-template" for d in cleaned.drops)


# --- encodings: one stray byte is not a reason to read a page as another encoding ----------------------

def test_utf8_with_a_stray_byte_stays_utf8_and_keeps_the_byte(tmp_path):
    data = "Die Bürgermeisterin eröffnete das Fest am Samstag.\n".encode() + b"\xff\n" + DIRTY.encode()
    decoded = files.decode(data, "page.txt")
    assert decoded.encoding == "utf-8" and "Bürgermeisterin" in decoded.text
    assert decoded.note and "1 byte that is not UTF-8" in decoded.note
    assert decoded.encode(decoded.text) == data
    page = write(tmp_path / "page.txt", data)
    result = invoke("clean", str(page), "--output-encoding", "utf-8")
    assert "Bürgermeisterin" in result.stdout_bytes.decode("utf-8", "surrogateescape")
    assert "not UTF-8" in result.stderr and result.stderr.startswith("warning: ")


def test_legacy_text_is_still_detected_as_such():
    data = ("Die Bürgermeisterin eröffnete das Fest am Samstag, sagte die Stadtverwaltung. " * 3).encode("cp1252")
    assert files.decode(data, "page.txt").encoding != "utf-8"


def test_c1_controls_are_mojibake_not_binary():
    items = ["Fresh basil", "Two cloves of garlic", "Olive oil", "Pine nuts", "Salt"]
    text = ("".join(f"\x95 {item}\n" for item in items) + PROSE[0] + "\n") * 40  # cp1252 bullets read as Latin-1
    assert text.count("\x95") > 0.02 * len(text)  # more than the share of controls that is refused as binary
    assert files.decode(text.encode("utf-8"), "cleaneval.txt").text == text


def test_a_nul_in_the_middle_of_a_large_file_is_binary(tmp_path):
    middle = len(DIRTY) * 20_000
    page = write(tmp_path / "big.txt", DIRTY.encode() * 20_000 + b"\x00" + DIRTY.encode() * 20_000)
    with pytest.raises(files.InputError, match="NUL"):
        files.read(page)
    assert middle > 2 * files.SNIFF_BYTES


# --- JSON Lines that used to crash the run --------------------------------------------------------

def test_jsonl_lone_surrogate_and_deep_nesting_do_not_stop_the_run(tmp_path):
    records = [{"text": "Share\n" + PROSE[0] + " \ud800\n"}, {"text": DIRTY, "x": "placeholder"}, {"text": DIRTY}]
    lines = [json.dumps(r) for r in records]
    lines[1] = lines[1].replace('"placeholder"', "[" * 2000 + "]" * 2000)
    feed = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "clean.jsonl"
    result = invoke("clean", "--jsonl", str(feed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    got = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(got[0])["text"] == PROSE[0] + " \ud800\n"
    assert got[1] == lines[1] and "nested too deeply" in result.stderr
    assert json.loads(got[2])["text"] == DIRTY_CLEAN
    for args in (["learn", "--jsonl", str(feed), "--site", "a"], ["learn", "--jsonl", str(feed), "--site-by", "host"]):
        result = invoke(*args, "-o", str(tmp_path / "site.json"))
        assert "Traceback" not in result.stderr and result.exit_code in (0, 2)


@pytest.mark.parametrize("profile", ['{"format": "cleanpress-site-profile", "version": 2, "sites": '
                                     '{"a": {"pages": Infinity, "lines": {}}}}',
                                     "[" * 5000 + "]" * 5000])
def test_broken_profiles_are_usage_errors(tmp_path, profile):
    path = write(tmp_path / "site.json", profile)
    result = invoke("clean", "--profile", str(path), "-", input=DIRTY)
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_absolute_glob_is_a_usage_error(tmp_path):
    write(tmp_path / "a.txt", DIRTY)
    result = invoke("clean", str(tmp_path), "--glob", "/etc/*", "--check")
    assert result.exit_code == 2 and "absolute" in result.stderr


# --- folders that cannot be walked ----------------------------------------------------------------

def test_a_symbolic_link_loop_is_reported_and_the_rest_cleaned(tmp_path):
    src = tmp_path / "src"
    write(src / "good.txt", DIRTY)
    os.symlink("loop.txt", src / "loop.txt")
    result = invoke("clean", str(src), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "loop.txt: symbolic link loop" in result.stderr
    assert (tmp_path / "out" / "good.txt").read_text() == DIRTY_CLEAN


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o311, 0o644], ids=["no-read", "no-execute"])
def test_a_folder_that_cannot_be_read_is_an_error_not_a_silent_skip(tmp_path, mode):
    """Real permissions: as root, the run loses the capabilities that let root read any folder
    (`setpriv`), so the owner's mode bits apply to it as to anyone."""
    base = tmp_path / "base"
    write(base / "src" / "good.txt", DIRTY)
    write(base / "src" / "locked" / "page.txt", DIRTY)
    (base / "src" / "locked").chmod(mode)
    command = [str(CLEANPRESS), "clean", str(base / "src"), "-o", str(base / "out")]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: no way to drop root's read-anything capabilities")
        command = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *command]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "locked" in proc.stderr and "error:" in proc.stderr
    assert (base / "out" / "good.txt").read_text() == DIRTY_CLEAN


# --- workers end with their parent ----------------------------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_do_not_outlive_a_killed_run(tmp_path, sig):
    folder = tmp_path / "pages"
    for k in range(400):
        write(folder / f"{k:03}.txt", "\n".join(PROSE * 30) + "\nShare\n")
    proc = subprocess.Popen([str(CLEANPRESS), "clean", "--in-place", "-j", "2", "--no-site", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the run ended before its workers could be seen"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in workers if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]}
        time.sleep(0.1)
    assert not alive, f"workers {sorted(alive)} outlived their parent"


# --- modes and diffs -----------------------------------------------------------------------------

def test_profiles_and_jsonl_outputs_follow_the_umask_like_text_outputs(tmp_path):
    old = os.umask(0o022)
    try:
        feed = write(tmp_path / "feed.jsonl", json.dumps({"text": DIRTY, "site": "a"}) + "\n")
        invoke("clean", "--jsonl", str(feed), "-o", str(tmp_path / "clean.jsonl"))
        invoke("learn", "--jsonl", str(feed), "--site-field", "site", "-o", str(tmp_path / "site.json"))
        for name in ("clean.jsonl", "site.json"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
        (tmp_path / "site.json").chmod(0o640)
        invoke("learn", "--jsonl", str(feed), "--site-field", "site", "-o", str(tmp_path / "site.json"))
        assert stat.S_IMODE((tmp_path / "site.json").stat().st_mode) == 0o640  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_diff_cuts_lines_where_the_cleaner_does():
    text = "Share\n" + PROSE[0] + "\x0cstill the same line\u2028and this\n"
    result = invoke("clean", "--diff", "-", input=text)
    assert result.exit_code == 1
    hunks = [line for line in result.stdout.split("\n") if line.startswith("@@")]
    assert hunks == ["@@ -1,2 +1 @@"]  # two input lines, one kept: \x0c and U+2028 cut no line


# --- a second run with the same options changes nothing -------------------------------------------

SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "harbour-gazette"


def _site_folder(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(SITE, src, ignore=shutil.ignore_patterns("*.expected.txt"))
    return src


def test_a_folder_cleaned_again_is_cleaned_with_the_counts_of_the_first_run(tmp_path, monkeypatch):
    from cleanpress import driver

    once, twice = tmp_path / "once", tmp_path / "twice"
    assert invoke("clean", str(_site_folder(tmp_path)), "-o", str(once)).exit_code == 0
    assert (once / ".cleanpress-sites.json").is_file()
    monkeypatch.setattr(driver, "_site_stats",
                        lambda report, sources, *a, **k: pytest.fail("counted again") if sources else {})
    assert invoke("clean", str(once), "-o", str(twice)).exit_code == 0
    assert listing(twice) == listing(once)
    for name in listing(once):
        if name.endswith(".txt"):
            assert (twice / name).read_bytes() == (once / name).read_bytes(), name


def test_a_planned_folder_is_read_once_and_an_edited_page_is_cleaned_with_its_site(tmp_path, monkeypatch):
    """Cleaning an output folder again: each worker tells from the bytes it read whether the plan's entry
    for its page applies; nothing reads a page only for its digest, before or after."""
    from cleanpress import site

    once, twice = tmp_path / "once", tmp_path / "twice"
    assert invoke("clean", str(_site_folder(tmp_path)), "-o", str(once)).exit_code == 0
    edited = once / "regatta.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n".join(PROSE[:2]) + "\n", encoding="utf-8")
    plan = site.Plan.load(once / site.PLAN_FILE)
    monkeypatch.setattr(site, "file_digest", lambda path: pytest.fail(f"{path} read for its digest"))
    assert invoke("clean", str(once), "-o", str(twice), "--jobs", "1").exit_code == 0
    for name in listing(once):
        if name.endswith(".txt") and name != "regatta.txt":
            assert (twice / name).read_bytes() == (once / name).read_bytes(), name
    by_site = cleanpress.Cleaner().clean(edited.read_text(encoding="utf-8"), site=plan.folder_counts("."))
    assert (twice / "regatta.txt").read_text(encoding="utf-8") == by_site
    assert site.Plan.load(twice / site.PLAN_FILE).digests["regatta.txt"] == site.page_digest(by_site.encode("utf-8"))


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_the_plan_holds_the_digest_of_every_page_as_it_was_left(tmp_path, monkeypatch, stream):
    """The workers say what they wrote (the plan no longer reads it back): the plan's digests are those of
    the files on disk, with -o and in place, for pages read whole and streamed."""
    from cleanpress import site

    monkeypatch.setattr(files, "STREAM_BYTES", 100 if stream else 10**12)
    src = _site_folder(tmp_path)
    in_place = tmp_path / "in-place"
    shutil.copytree(src, in_place)
    (in_place / "untouched.txt").write_text("\n".join(PROSE) + "\n", encoding="utf-8")  # in place, left as it was
    out = tmp_path / "out"
    assert invoke("clean", str(src), "-o", str(out)).exit_code == 0
    assert invoke("clean", str(in_place), "--in-place").exit_code == 0
    for folder, pages in ((out, 5), (in_place, 6)):
        plan = site.Plan.load(folder / site.PLAN_FILE)
        assert len(plan.digests) == pages
        assert plan.digests == {key: site.file_digest(folder / key) for key in plan.digests}


def test_a_folder_cleaned_twice_in_place_is_unchanged_the_second_time(tmp_path):
    src = _site_folder(tmp_path)
    assert invoke("clean", str(src), "--in-place").exit_code == 0
    once = {name: (src / name).read_bytes() for name in listing(src)}
    assert ".cleanpress-sites.json" in once
    assert invoke("clean", str(src), "--in-place").exit_code == 0
    assert {name: (src / name).read_bytes() for name in listing(src)} == once


def test_a_feed_cleaned_again_is_cleaned_with_the_counts_of_the_first_run(tmp_path):
    pages = sorted(p for p in SITE.glob("*.txt") if not p.name.endswith(".expected.txt"))
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"site": SITE.name, "text": p.read_text(encoding="utf-8")})
                                                  + "\n" for p in pages))
    once, twice = tmp_path / "once.jsonl", tmp_path / "twice.jsonl"
    assert invoke("clean", "--jsonl", str(feed), "--site-field", "site", "-o", str(once)).exit_code == 0
    assert Path(str(once) + ".cleanpress-sites.json").is_file()
    assert once.read_bytes() != feed.read_bytes()  # the first run cleaned something
    assert invoke("clean", "--jsonl", str(once), "--site-field", "site", "-o", str(twice)).exit_code == 0
    assert twice.read_bytes() == once.read_bytes()


def test_files_named_and_cleaned_in_place_twice_are_unchanged_the_second_time(tmp_path):
    """The pre-commit hook's way: every file named, --in-place; the plan goes beside them."""
    src = _site_folder(tmp_path)
    named = [str(p) for p in sorted(src.glob("*.txt"))]
    assert invoke("clean", *named, "--in-place").exit_code == 0
    once = {name: (src / name).read_bytes() for name in listing(src)}
    assert ".cleanpress-sites.json" in once
    assert invoke("clean", *named, "--in-place").exit_code == 0
    assert {name: (src / name).read_bytes() for name in listing(src)} == once


def test_a_run_over_some_files_of_a_folder_keeps_the_plan_of_the_others(tmp_path):
    src = _site_folder(tmp_path)
    assert invoke("clean", str(src), "--in-place").exit_code == 0
    plan = json.loads((src / ".cleanpress-sites.json").read_text(encoding="utf-8"))["pages"]
    assert invoke("clean", str(src / "bakery.txt"), str(src / "choir.txt"), "--in-place").exit_code == 0
    assert json.loads((src / ".cleanpress-sites.json").read_text(encoding="utf-8"))["pages"].keys() == plan.keys()


def _texts(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in listing(folder) if name.endswith(".txt")}


def test_a_plan_applies_only_to_the_pages_it_was_written_for(tmp_path):
    """Other pages written into the same -o folder later (here by a --no-site run of another site with
    the same file names) are counted afresh, not cleaned with the old plan's counts."""
    out = tmp_path / "out"
    assert invoke("clean", str(_site_folder(tmp_path)), "-o", str(out)).exit_code == 0
    other = tmp_path / "other"
    for i, name in enumerate(sorted(_texts(out))):
        write(other / name, "Tide tables and weather\n" + PROSE[i % len(PROSE)] + f" Page {name}.\n")
    assert invoke("clean", str(other), "-o", str(out), "--no-site").exit_code == 0
    fresh = tmp_path / "fresh"
    shutil.copytree(out, fresh, ignore=shutil.ignore_patterns(".cleanpress-sites.json"))
    assert invoke("clean", str(out), "-o", str(tmp_path / "again")).exit_code == 0
    assert invoke("clean", str(fresh), "-o", str(tmp_path / "counted")).exit_code == 0
    assert _texts(tmp_path / "again") == _texts(tmp_path / "counted")


def test_a_page_added_to_a_planned_folder_is_counted_with_the_others(tmp_path):
    """The plan is set aside when the folder holds a page it was not written for: the new page shares
    the site's template and loses it, as it would in a folder counted afresh."""
    template = "Porthlow Gazette, 4 Quay Street, Porthlow, open weekdays from nine until five\n"
    towns = ("Fowey", "Looe", "Polperro", "Mevagissey", "Padstow", "Newlyn", "Mousehole", "Penzance", "Marazion")
    src = tmp_path / "site"
    for i, town in enumerate(towns[:8]):
        write(src / f"p{i}.txt", template + f"{PROSE[i % 4]} So it was in {town}, where people talked of little else.\n"
              f"In {town} the harbour board will meet again next month to decide what to do.\n")
    assert invoke("clean", str(src), "--in-place").exit_code == 0
    assert template not in (src / "p0.txt").read_text(encoding="utf-8")  # the template went
    write(src / "p8.txt", template + f"{PROSE[0]} So it was in {towns[8]}, where people talked of little else.\n")
    assert invoke("clean", str(src), "--in-place").exit_code == 0
    assert template not in (src / "p8.txt").read_text(encoding="utf-8")


def test_one_file_under_two_spellings_is_one_page_and_the_plan_keeps_every_page(tmp_path, monkeypatch):
    src = _site_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert invoke("clean", "src", str(src / "bakery.txt"), "--in-place").exit_code == 0
    plan = json.loads((src / ".cleanpress-sites.json").read_text(encoding="utf-8"))
    assert sorted(plan["pages"]) == sorted(_texts(src))


def test_html_with_a_stray_byte_keeps_the_text_after_it(tmp_path):
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_bytes(b"<html><body><article><h1>Harbour news</h1><p>Caf\xc3\xa9 \xe9t\xc3\xa9 stories about the "
                     b"harbour and the boats that sail from it every morning before dawn.</p><p>The second "
                     b"paragraph tells of the fishermen and their nets, and the gulls that follow them.</p>"
                     b"</article></body></html>")
    result = invoke("clean", str(page.parent), "--glob", "*.html", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    assert "\ufffdt\u00e9 stories" in text and "The second paragraph" in text
    assert "not UTF-8" in result.stderr


def test_a_glob_starting_with_two_stars_takes_the_top_folder_too(tmp_path):
    write(tmp_path / "in" / "top.txt", DIRTY)
    write(tmp_path / "in" / "sub" / "deeper.txt", DIRTY)
    result = invoke("clean", str(tmp_path / "in"), "--glob", "**/*.txt", "-o", str(tmp_path / "out"), "--no-site")
    assert result.exit_code == 0
    assert listing(tmp_path / "out") == ["sub/deeper.txt", "top.txt"]


def test_stdin_with_an_output_folder_or_in_place_is_a_usage_error(tmp_path):
    """The text went to stdout while the user looked for it in -o (or expected a file rewritten)."""
    for args in (["-o", str(tmp_path / "out")], ["--in-place"]):
        result = invoke("clean", *args, input=DIRTY)
        assert result.exit_code == 2 and "stdin is cleaned to stdout" in result.stderr
        assert result.stdout == ""
    assert listing(tmp_path) == []


def test_the_drivers_mode_and_output_must_agree(tmp_path):
    from cleanpress import Cleaner, driver
    from cleanpress.report import Report

    page = write(tmp_path / "a.txt", DIRTY)
    for mode, output in ((driver.Mode.WRITE, None), (driver.Mode.IN_PLACE, tmp_path / "out"),
                         (driver.Mode.CHECK, tmp_path / "out")):
        with pytest.raises(driver.UsageError, match="Mode.WRITE goes with an output folder"):
            driver.clean_paths(Report(), Cleaner(), [page], mode, output=output)
    assert page.read_text() == DIRTY and listing(tmp_path) == ["a.txt"]
