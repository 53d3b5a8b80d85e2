#!/usr/bin/env python3
"""Cleaning twice changes nothing: run the CLI on a set, then on its output, and count what the second run changed.

    .venv/bin/python benchmarks/clean_twice.py ../shared/bench [--sets dev dev-sites modern] [--jobs 2]

For each set, its input texts are copied to a temporary folder (one folder per site where
the set has them, as a folder run sees them), and each mode is run twice with the same
options, the second time on the first run's output:
- `folder`: `cleanpress clean IN -o ONCE`, then `cleanpress clean ONCE -o TWICE`
  (the second run finds the first run's site counts in ONCE/.cleanpress-sites.json);
- `in-place`: `cleanpress clean IN --in-place`, twice;
- `jsonl`: the pages as one JSONL feed with a `site` field, `clean --jsonl --site-field site`,
  then the same on its output;
- `named files in place`: every file named on the command line, `--in-place`, twice (what the
  pre-commit hook runs; no plan is kept);
- `dask`: `cleanpress.dask.clean` on the pages as records, then on its result, without a profile
  (it counts each time and keeps no plan), with `profile=` from `cleanpress.dask.learn` on the
  raw records, and with `keep_counts=` (the first run saves its counts there, the second uses them);
- `no-site`: `--no-site`, twice.
Reported per set and mode: pages, pages the second run changed, pages it emptied. Also the
pages cleaned without their site's counts because they share their article with half of
their site (`site.shares_its_article`, docs/safety.md), with the share of their own text.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cleanpress import site
from cleanpress.model import Document

ROOT = Path(__file__).resolve().parent.parent
CLEANPRESS = str(ROOT / ".venv" / "bin" / "cleanpress")


def inputs(bench: Path, name: str) -> dict[str, str]:
    """{relative path: text} of a set's input pages (`site/page.txt` where the set has site folders)."""
    if name == "dev":
        folder = bench / "dev"
    elif (bench / name / "input").is_dir():
        folder = bench / name / "input"
    else:
        folder = bench / name / "html-text"  # a kinds set: its html-text dump
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8", errors="surrogateescape")
            for p in sorted(folder.rglob("*.txt"))}


def write_tree(root: Path, pages: dict[str, str]) -> None:
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogateescape")


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.txt"))}


def cli(*args: str) -> None:
    done = subprocess.run([CLEANPRESS, "clean", *args, "-q"], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"cleanpress clean {' '.join(args)}: exit {done.returncode}\n{done.stderr[-2000:]}")


def changed(first: dict[str, bytes], second: dict[str, bytes]) -> tuple[int, int]:
    diff = [k for k in first if second.get(k) != first[k]]
    return len(diff), sum(1 for k in diff if not second.get(k, b"").strip())


def run_modes(pages: dict[str, str], tmp: Path, jobs: str) -> dict[str, tuple[int, int]]:
    out = {}
    src = tmp / "in"
    write_tree(src, pages)
    cli(str(src), "-o", str(tmp / "once"), "--jobs", jobs)
    cli(str(tmp / "once"), "-o", str(tmp / "twice"), "--jobs", jobs)
    out["folder"] = changed(read_tree(tmp / "once"), read_tree(tmp / "twice"))
    shutil.copytree(src, tmp / "inplace")
    cli(str(tmp / "inplace"), "--in-place", "--jobs", jobs)
    once = read_tree(tmp / "inplace")
    cli(str(tmp / "inplace"), "--in-place", "--jobs", jobs)
    out["in-place"] = changed(once, read_tree(tmp / "inplace"))
    feed = tmp / "feed.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for rel, text in pages.items():
            f.write(json.dumps({"id": rel, "site": rel.split("/")[0] if "/" in rel else "set", "text": text}) + "\n")
    cli("--jsonl", str(feed), "--site-field", "site", "-o", str(tmp / "once.jsonl"), "--jobs", jobs)
    cli("--jsonl", str(tmp / "once.jsonl"), "--site-field", "site", "-o", str(tmp / "twice.jsonl"), "--jobs", jobs)
    records = [{json.loads(line)["id"]: json.loads(line)["text"].encode("utf-8", "surrogatepass")
                for line in (tmp / name).read_text(encoding="utf-8").splitlines()} for name in ("once.jsonl", "twice.jsonl")]
    out["jsonl"] = changed(*records)
    named = tmp / "named"  # the pre-commit hook's way: every file named, cleaned in place, no plan
    shutil.copytree(src, named)
    paths = [str(p) for p in sorted(named.rglob("*.txt"))]
    cli(*paths, "--in-place", "--jobs", jobs)
    once = read_tree(named)
    cli(*paths, "--in-place", "--jobs", jobs)
    out["named files in place"] = changed(once, read_tree(named))
    try:
        from cleanpress import dask as cpdask
    except ImportError:
        pass
    else:  # cleanpress.dask.clean without a profile: it counts each time, and keeps no plan
        records = [{"id": rel, "site": rel.split("/")[0] if "/" in rel else "set", "text": text}
                   for rel, text in pages.items()]
        import dask.bag as db

        first = cpdask.clean(db.from_sequence(records, npartitions=4)).compute(scheduler="sync")
        second = cpdask.clean(db.from_sequence(first, npartitions=4)).compute(scheduler="sync")
        out["dask"] = changed({r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in first},
                              {r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in second})
        profile = cpdask.learn(db.from_sequence(records, npartitions=4)).compute(scheduler="sync")
        first = cpdask.clean(db.from_sequence(records, npartitions=4), profile=profile).compute(scheduler="sync")
        second = cpdask.clean(db.from_sequence(first, npartitions=4), profile=profile).compute(scheduler="sync")
        out["dask, profile="] = changed({r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in first},
                                        {r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in second})
        kept = tmp / "counts.json"
        first = cpdask.clean(db.from_sequence(records, npartitions=4), keep_counts=kept).compute(scheduler="sync")
        second = cpdask.clean(db.from_sequence(first, npartitions=4), keep_counts=kept).compute(scheduler="sync")
        out["dask, keep_counts="] = changed({r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in first},
                                            {r["id"]: r["text"].encode("utf-8", "surrogatepass") for r in second})
    cli(str(src), "-o", str(tmp / "alone1"), "--no-site", "--jobs", jobs)
    cli(str(tmp / "alone1"), "-o", str(tmp / "alone2"), "--no-site", "--jobs", jobs)
    out["no-site"] = changed(read_tree(tmp / "alone1"), read_tree(tmp / "alone2"))
    return out


def copies(pages: dict[str, str]) -> list[tuple[str, float]]:
    """The pages `shares_its_article` cleans alone, each with the share of its text on its own lines."""
    by_site: dict[str, list[str]] = {}
    for rel in pages:
        by_site.setdefault(rel.split("/")[0] if "/" in rel else "", []).append(rel)
    found = []
    for rels in by_site.values():
        stats = site.page_stats([(rel, "s", pages[rel]) for rel in rels])
        for rel in rels:
            counts = stats[rel]
            lines = Document.from_text(pages[rel]).live()
            if counts is not None and site.shares_its_article(lines, counts):
                total = sum(len(line.text) for line in lines)
                own = sum(len(line.text) for line in lines
                          if counts.count(line) < site.SHARED_MIN_PAGES or 2 * counts.count(line) < counts.pages)
                found.append((rel, own / total))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--sets", nargs="+", default=["dev", "dev-sites", "modern"])
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--limit", type=int, help="only the first N pages of each set (a quick look)")
    args = ap.parse_args()
    print("| set | pages | mode | changed by the second run | emptied by it |\n|---|---|---|---|---|")
    shared = {}
    for name in args.sets:
        pages = inputs(args.bench, name)
        if args.limit:
            pages = dict(list(pages.items())[:args.limit])
        with tempfile.TemporaryDirectory(prefix="clean-twice-") as tmp:
            for mode, (n_changed, emptied) in run_modes(pages, Path(tmp), args.jobs).items():
                print(f"| {name} | {len(pages)} | {mode} | {n_changed} | {emptied} |", flush=True)
        shared[name] = copies(pages)
    for name, found in shared.items():
        listed = ", ".join(f"{rel} ({share:.2f})" for rel, share in found) or "none"
        print(f"{name}: cleaned alone as copies of their site's article: {len(found)}: {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
