"""The slowest pages to clean, per 10 KB of text (a benchmark, not a test).

    .venv/bin/python benchmarks/slowest_pages.py                  # dev, dev-sites, modern html-text
    .venv/bin/python benchmarks/slowest_pages.py --top 20 --repeat 3

Each page of the sets is cleaned alone with the library (`cleanpress.clean`, no site counts),
after one warm-up page, and timed in CPU seconds (`time.process_time`, the best of `--repeat`
runs: a shared machine's load inflates a single run). Reported per set: the pages, the median and
the 99th percentile of milliseconds per 10 KB, how many pages exceed the target of 50 ms per
10 KB (issue 23), and the `--top` slowest pages by that measure, with their size, lines and time.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import cleanpress

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
SETS = {"dev": BENCH / "dev", "dev-sites": BENCH / "dev-sites" / "input", "modern": BENCH / "modern" / "html-text"}
TARGET_MS_PER_10KB = 50.0


def timed(text: str, repeat: int) -> float:
    """The best CPU seconds of cleaning `text`, of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        cleanpress.clean(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    cleanpress.clean("Warm-up.\nThe models and stoplists load on the first page.\n")
    for name in args.sets:
        rows = []
        for path in sorted(SETS[name].rglob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if not text:
                continue
            seconds = timed(text, args.repeat)
            size = len(text.encode("utf-8"))
            rows.append((1000 * seconds / (size / 10_000), seconds, size, text.count("\n") + 1,
                         path.relative_to(SETS[name]).as_posix()))
        rows.sort(reverse=True)
        rates = sorted(r[0] for r in rows)
        over = sum(r > TARGET_MS_PER_10KB for r in rates)
        print(f"\n{name}: {len(rows)} pages; ms per 10 KB median {rates[len(rates) // 2]:.1f}, "
              f"99th percentile {rates[int(0.99 * (len(rates) - 1))]:.1f}; over {TARGET_MS_PER_10KB:.0f}: {over} "
              f"(load {os.getloadavg()[0]:.2f})")
        print("| page | KB | lines | CPU ms | ms per 10 KB |\n|---|---|---|---|---|")
        for rate, seconds, size, lines, page in rows[: args.top]:
            print(f"| {page} | {size / 1000:.1f} | {lines} | {1000 * seconds:.0f} | {rate:.1f} |")


if __name__ == "__main__":
    main()
