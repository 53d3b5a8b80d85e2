#!/usr/bin/env python3
"""How the audit report holds up with many pages: write a report of N pages and time a headless browser on it.

    .venv/bin/python benchmarks/audit_pages.py ../shared/bench [--pages 10000]

The pages are the dev set's texts, cleaned (the `--report` a folder run would write), repeated
under new names until there are N. Reports the file size, the time to write it, and the wall
time Debian's chromium takes to load it, run its script and draw the first screen of pages
(a screenshot of the first screen), and with a search over every page's text (`#q=council`).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cleanpress
from cleanpress import audit


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--pages", type=int, default=10_000)
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    texts = [p.read_text(encoding="utf-8") for p in sorted((args.bench / "dev").glob("*.txt"))]
    cleaned = [cleanpress.clean_and_explain(t) for t in texts]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.html"
        start = time.perf_counter()
        with report.open("wb") as out:
            writer = audit.AuditReport(out, f"{args.pages} pages")
            for n in range(args.pages):
                text, result = texts[n % len(texts)], cleaned[n % len(texts)]
                writer.add(audit.page_record(f"page-{n:05}.txt", f"site-{n % 97}", text, result.drops,
                                             result.warnings, len(text), len(result.text)))
            writer.close()
        written = time.perf_counter() - start
        print(f"{args.pages} pages, {report.stat().st_size / 1e6:.1f} MB, written in {written:.1f} s", flush=True)
        if chromium is None:
            print("no chromium: apt-get install chromium")
            return 0
        for fragment in ("", "#q=council"):  # a screenshot: loaded, script run, first screen drawn
            start = time.perf_counter()
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={tmp}/shot.png",
                            "--window-size=1280,1600", report.as_uri() + fragment], capture_output=True, timeout=900)
            seconds = time.perf_counter() - start
            print(f"chromium {fragment or '(first screen)'}: {seconds:.1f} s wall to the first screen", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
