"""Large inputs: time and peak memory of `cleanpress clean` on big files (a benchmark, not a test).

    .venv/bin/python benchmarks/large_inputs.py            # 20, 50, 200 MB pages and a 50 MB single line
    .venv/bin/python benchmarks/large_inputs.py --sizes 10 20 --line 10 --keep /tmp/big

For each case the script writes a file into a temporary folder, runs the
installed `cleanpress clean FILE -o OUT` in a child process (the real CLI,
with its decoding, site-level counting and atomic write), and reports wall
seconds, MB/s of input and the child's peak resident memory (from
`os.wait4`), also as a multiple of the input size. It checks that the output
was written and is not larger than the input.

Cases:
- page-N: an N MB page of unique lines shaped like scraper output: prose
  paragraphs with numbers (so no two are the same), headlines, button words,
  blank lines, a disclaimer and a comment widget every few hundred lines;
- line-N: an N MB single line of words, no newline anywhere (the worst case
  for per-line regular expressions and per-line features).

Linear time shows as roughly constant MB/s across sizes; bounded memory as a
peak-RSS/input ratio that does not grow with the size. The figures quoted in
docs/safety.md come from this script.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
WORDS = ("the council met on monday to discuss budget for coming year residents were told about plan "
         "in march said she would report back findings of committee next week city hall prices rose "
         "sharply after central bank raised rates again while mayor promised new cycle lanes").split()
BOILER = ["Share", "Tweet", "Advertisement", "Read more", "Subscribe", "Notify of", "0 Comments",
          "Leave a Reply", "© 2024 Example Media. All rights reserved.", "Privacy Policy", "in ,", "|"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    words[rng.randrange(n)] = str(rng.randrange(10**9))  # every line different
    return " ".join(words).capitalize() + "."


def write_page(path: Path, size: int, seed: int = 1) -> None:
    """About `size` bytes of scraper-like text with unique lines."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        block: list[str] = []
        while written < size:
            block.clear()
            for _ in range(200):
                r = rng.random()
                if r < 0.55:
                    block.append(_sentence(rng, rng.randint(12, 60)))
                elif r < 0.7:
                    block.append(_sentence(rng, rng.randint(4, 9)).rstrip(".").title())
                elif r < 0.8:
                    block.append(rng.choice(BOILER))
                else:
                    block.append("")
            block += ["The statements, views and opinions expressed in this column are solely those of the author.",
                      "Subscribe", "Notify of", "guest", "0 Comments", "Inline Feedbacks", "View all comments", ""]
            chunk = "\n".join(block) + "\n"
            f.write(chunk)
            written += len(chunk.encode("utf-8"))


def write_line(path: Path, size: int, seed: int = 2) -> None:
    """About `size` bytes of words on one line, without a final newline."""
    rng = random.Random(seed)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        while written < size:
            chunk = " ".join(rng.choice(WORDS) for _ in range(10_000)) + " "
            f.write(chunk)
            written += len(chunk)


def run_cli(src: Path, out: Path) -> tuple[float, int, int]:
    """Seconds, peak RSS in bytes and exit code of `cleanpress clean src -o out` in a child process."""
    exe = Path(sys.executable).with_name("cleanpress")
    started = time.perf_counter()
    proc = subprocess.Popen([str(exe), "clean", str(src), "-o", str(out), "-q"], stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        print(f"  exit {proc.returncode}: {err.strip()}", file=sys.stderr)
    elif err.strip():
        print(f"  stderr: {err.strip()[:200]}", file=sys.stderr)
    return seconds, usage.ru_maxrss * 1024, proc.returncode  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20, 50, 200], help="page sizes in MB")
    parser.add_argument("--line", type=int, nargs="*", default=[10, 50], help="single-line sizes in MB")
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them (default: a temp dir)")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cleanpress-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [(f"page-{n}", n, write_page) for n in args.sizes] + [(f"line-{n}", n, write_line) for n in args.line]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus; inputs in {folder}")
    print(f"{'case':<10} {'MB':>7} {'seconds':>8} {'MB/s':>7} {'peak RSS MB':>12} {'RSS/input':>10} {'out MB':>7}")
    failed = 0
    for name, n, make in cases:
        src = folder / name / "input.txt"
        src.parent.mkdir(exist_ok=True)
        make(src, n * MB)
        size = src.stat().st_size
        out = folder / name / "out"
        seconds, rss, code = run_cli(src, out)
        produced = out / "input.txt"
        ok = code == 0 and produced.exists() and produced.stat().st_size <= size
        failed += not ok
        out_mb = produced.stat().st_size / MB if produced.exists() else float("nan")
        print(f"{name:<10} {size / MB:7.1f} {seconds:8.1f} {size / MB / seconds:7.2f} {rss / MB:12.0f} "
              f"{rss / size:10.1f} {out_mb:7.1f}{'' if ok else '  FAILED'}", flush=True)
        if not args.keep:
            src.unlink()
            if produced.exists():
                produced.unlink()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
