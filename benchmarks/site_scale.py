"""Time and peak memory of site-level cleaning as one site grows (a benchmark, not a test).

    .venv/bin/python benchmarks/site_scale.py                      # 1,000 and 10,000 pages
    .venv/bin/python benchmarks/site_scale.py --pages 100000 --learn-only

Writes N pages of one invented site into a temporary folder: the same
header, menu and footer on every page, a title line with the site's name, an
article of eight sentences drawn at random from a vocabulary (so every
article line is new: the number of distinct lines grows with the pages, as
on a real site) and a few reader comments. Runs the installed CLI on the
folder, `cleanpress learn` (phase one alone: the counts a profile keeps) and
`cleanpress clean -o` (count, eras, clean, write), and samples the resident
memory of the process tree every 0.2 s from /proc (`jsonl_memory.measure`).
Linux only.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jsonl_memory import MB, measure  # noqa: E402

HEADER = ["The Example Times", "Home", "World", "Business", "Culture", "Sport", "Search", ""]
FOOTER = ["", "Most read", "About us", "Contact", "Privacy policy", "© 2026 The Example Times. All rights reserved."]
WORDS = ("harbour council market river school library station museum bridge garden winter summer "
         "the a of and to in on with for by from said would could new old local city town people "
         "plans budget vote report week month year morning evening workers residents visitors").split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 30))]
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, n: int) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    lines = [f"The Example Times: {title}", *HEADER, title, f"By Staff Reporter {n % 50}", ""]
    lines += [sentence(rng) for _ in range(8)]
    lines += ["", f"{rng.randint(1, 40)} Comments"]
    for _ in range(rng.randint(0, 3)):
        lines += [f"Reader {rng.randint(1, 9999)} says:", sentence(rng)]
    return "\n".join(lines + FOOTER) + "\n"


def make_site(folder: Path, pages: int) -> int:
    rng = random.Random(0)
    site = folder / "example.com"
    site.mkdir(parents=True)
    size = 0
    for n in range(pages):
        data = page(rng, n).encode("utf-8")
        (site / f"{n:06d}.txt").write_bytes(data)
        size += len(data)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--learn-only", action="store_true", help="only `cleanpress learn` (phase one)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; --jobs {args.jobs}")
    print("| pages | MB | command | seconds | MB/s | peak RSS, all processes (MB) | peak RSS, largest (MB) | exit |")
    print("|---|---|---|---|---|---|---|---|")
    for pages in args.pages:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "in"
            size = make_site(root, pages)
            runs = [("learn", ["learn", str(root), "-o", str(Path(tmp) / "site.json")])]
            if not args.learn_only:
                runs.append(("clean -o", ["clean", str(root), "-o", str(Path(tmp) / "out"), "-q",
                                          "--jobs", str(args.jobs)]))
            for name, cli_args in runs:
                seconds, code, peak_sum, peak_max = measure(cli_args)
                print(f"| {pages} | {size / MB:.1f} | {name} | {seconds:.1f} | {size / MB / seconds:.2f} | "
                      f"{peak_sum / MB:.0f} | {peak_max / MB:.0f} | {code} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
