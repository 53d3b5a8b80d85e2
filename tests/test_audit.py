"""The audit report (`--report`), as people see it: in a real headless browser (Debian's chromium,
installed by .ci/run; the browser tests skip, with a reason, where it is missing)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cleanpress import audit
from test_safety import invoke, write

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "fixtures" / "sites" / "harbour-gazette"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium (.ci/run does)")


def pages_of(report: Path) -> list[dict]:
    """The pages a report holds."""
    return audit.read(report)


def explained_lines(*args: str) -> dict[str, int]:
    """Dropped lines per pass, as --explain reports them."""
    result = invoke("clean", *args, "--explain")
    counts: dict[str, int] = {}
    for line in result.stdout.splitlines():
        where, pass_name = line.split(" ")[:2]
        first, last = where.rsplit(":", 1)[1].split("-")
        counts[pass_name] = counts.get(pass_name, 0) + int(last) - int(first) + 1
    return counts


def browse(report: Path, fragment: str = "", screenshot: Path | None = None) -> tuple[str, str]:
    """The report's DOM after its script ran, and the browser's log (console messages included)."""
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--virtual-time-budget=5000"]
    args += [f"--screenshot={screenshot}", "--window-size=1280,1600"] if screenshot else ["--dump-dom"]
    done = subprocess.run([*args, report.as_uri() + fragment], capture_output=True, text=True, timeout=120)
    return done.stdout, done.stderr


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "crawl" / "harbour-gazette"
    shutil.copytree(SITE, folder, ignore=shutil.ignore_patterns("*.expected.txt"))
    return folder.parent


def test_the_report_holds_every_page_with_its_drops(site_folder, tmp_path):
    report = tmp_path / "audit.html"
    result = invoke("clean", str(site_folder), "-o", str(tmp_path / "out"), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    pages = pages_of(report)
    assert sorted(p["id"].rsplit("/", 1)[1] for p in pages) == sorted(p.name for p in SITE.glob("*.txt")
                                                                         if not p.name.endswith(".expected.txt"))
    assert {p["site"] for p in pages} == {"harbour-gazette"}
    dropped = sum(d[1] - d[0] + 1 for p in pages for d in p["drops"])
    assert dropped == sum(explained_lines(str(site_folder)).values())
    assert "http" not in report.read_text(encoding="utf-8").replace("http://www.w3.org", "")  # nothing to fetch


def test_jsonl_stdin_and_html_inputs_are_reported_too(tmp_path):
    feed = write(tmp_path / "feed.jsonl", "".join(json.dumps({"site": "a.org", "text": "Share\nThe council met on "
                                                              f"Monday, meeting {i}, to discuss the budget.\n"}) + "\n"
                                                  for i in range(3)))
    report = tmp_path / "feed.html"
    assert invoke("clean", "--jsonl", str(feed), "--site-field", "site", "-o", str(tmp_path / "out.jsonl"),
                  "--report", str(report)).exit_code == 0
    pages = pages_of(report)
    assert [p["id"] for p in pages] == [f"{feed}:{n}" for n in (1, 2, 3)] and pages[0]["site"] == "a.org"
    assert pages[0]["drops"] == [[1, 1, "interface-words", "interface words only: 'Share'"]]
    stdin_report = tmp_path / "stdin.html"
    assert invoke("clean", "--report", str(stdin_report), input="Share\nThe harbour reopened on Saturday.\n").exit_code == 0
    assert [p["id"] for p in pages_of(stdin_report)] == ["<stdin>"]
    html = write(tmp_path / "pages" / "a.html", "<html><body><article><h1>Harbour news</h1><p>The harbour reopened on "
                 "Saturday after two years of repairs, and the first ferry tied up at noon.</p></article></body></html>")
    html_report = tmp_path / "html.html"
    assert invoke("clean", str(html.parent), "--glob", "*.html", "-o", str(tmp_path / "html-out"),
                  "--report", str(html_report)).exit_code == 0
    assert "The harbour reopened" in pages_of(html_report)[0]["text"]  # the extracted text, as it was cleaned


def test_the_report_is_refused_over_an_input(site_folder):
    page = next(site_folder.rglob("*.txt"))
    result = invoke("clean", str(page), "--check", "--report", str(page))
    assert result.exit_code == 2 and "the report" in result.stderr


@needs_browser
def test_in_a_browser_every_dropped_line_is_struck_and_a_filter_shows_one_pass(site_folder, tmp_path):
    report = tmp_path / "audit.html"
    assert invoke("clean", str(site_folder), "--check", "--report", str(report)).exit_code == 1
    per_pass = explained_lines(str(site_folder))
    dom, log = browse(report, "#all")
    assert "Uncaught" not in log and "CONSOLE" not in log, log[-2000:]  # the script ran without an error
    struck = re.findall(r'<del [^>]*data-pass="([^"]+)"', dom)
    assert len(struck) == sum(per_pass.values())
    count = re.compile(r'<span id="count">(\d+) of (\d+) pages</span>')
    assert count.search(dom).groups() == ("5", "5")
    shown, _ = browse(report, "#all&pass=site-template")
    only = re.findall(r'<del [^>]*data-pass="([^"]+)"', shown)
    assert set(only) == {"site-template"} and len(only) == per_pass["site-template"]
    searched, _ = browse(report, "#all&q=choir")
    holding = [p for p in pages_of(report) if "choir" in (p["id"] + p["text"]).lower()]
    assert 0 < len(holding) < 5 and count.search(searched).groups() == (str(len(holding)), "5")
    shot = ROOT / "build" / "audit-report.png"  # for people to look at
    shot.parent.mkdir(exist_ok=True)
    browse(report, screenshot=shot)
    assert shot.stat().st_size > 10_000
