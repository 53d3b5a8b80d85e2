"""Peak memory of `cleanpress clean --jsonl` on a large feed (a benchmark, not a test).

    .venv/bin/python benchmarks/jsonl_memory.py                    # 200 MB feed, all cores
    .venv/bin/python benchmarks/jsonl_memory.py --mb 20 80 --jobs 2

Writes a JSONL feed of N MB into a temporary folder (records `{"id", "url",
"text", "score"}`, the text a page of the dev set, `../shared/bench/dev/*.txt`,
cycled), gzip-free, runs the installed CLI on it in a child process and
samples, every 0.2 s, the resident memory of the child and of all its
descendants (the worker processes) from /proc. Reports seconds, MB/s, the
peak RSS of the whole process tree and of its largest process. Flat memory
shows as a peak that does not grow with N. Linux only (/proc).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def make_feed(path: Path, size: int) -> int:
    pages = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    written = records = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < size:
            text = pages[records % len(pages)]
            line = json.dumps({"id": records, "url": f"https://example.org/{records}", "text": text,
                               "score": 0.5}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            records += 1
    return records


def tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) resident bytes of `root` and its descendants."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
    members = {root}
    grew = True
    while grew:
        new = {pid for pid, ppid in parents.items() if ppid in members and pid not in members}
        members |= new
        grew = bool(new)
    sizes = [rss.get(pid, 0) for pid in members]
    return sum(sizes), max(sizes, default=0)


def measure(args: list[str]) -> tuple[float, int, int, int]:
    """Run the installed CLI with `args`: (seconds, exit code, peak RSS of the process tree, of its largest process)."""
    cleanpress = Path(sys.executable).with_name("cleanpress")
    start = time.perf_counter()
    child = subprocess.Popen([str(cleanpress), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_sum = peak_max = 0
    while child.poll() is None:
        total, largest = tree_rss(child.pid)
        peak_sum, peak_max = max(peak_sum, total), max(peak_max, largest)
        time.sleep(0.2)
    return time.perf_counter() - start, child.returncode, peak_sum, peak_max


def run(feed: Path, out: Path, jobs: int) -> tuple[float, int, int, int]:
    return measure(["clean", "--jsonl", str(feed), "-o", str(out), "--jobs", str(jobs), "-q"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[200], help="feed sizes in MB")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; --jobs {args.jobs}")
    print("| feed MB | records | seconds | MB/s | peak RSS, all processes (MB) | peak RSS, largest process (MB) | exit |")
    print("|---|---|---|---|---|---|---|")
    for mb in args.mb:
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "feed.jsonl"
            records = make_feed(feed, int(mb * MB))
            size = feed.stat().st_size
            seconds, code, peak_sum, peak_max = run(feed, Path(tmp) / "out.jsonl", args.jobs)
            out = Path(tmp) / "out.jsonl"
            assert code == 0 and out.exists() and out.stat().st_size <= size, (code, out.exists())
            print(f"| {size / MB:.0f} | {records} | {seconds:.1f} | {size / MB / seconds:.2f} | "
                  f"{peak_sum / MB:.0f} | {peak_max / MB:.0f} | {code} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
