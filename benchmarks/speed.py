"""Throughput of cleanpress against trafilatura (a benchmark, not a test).

    .venv/bin/python benchmarks/speed.py                 # the dev set's text replicated to 50 MB
    .venv/bin/python benchmarks/speed.py --mb 10 --trafilatura-seconds 30

The dev set's pages (`../shared/bench/dev/*.txt`, 482 pages of scraper text)
are copied into a temporary folder again and again until it holds `--mb` MB,
each copy in its own folder (so site-level learning sees "sites" of 482
pages). The installed CLI, `cleanpress clean IN -o OUT -q`, runs on it in a
child process four times: one job and all jobs, with site-level learning
(the default, two phases) and without (`--no-site`). Reported: wall seconds,
MB/s of input text, pages/s, MB/s per core used, the ratio to
trafilatura's pages/s, and the CPU seconds the CLI and its workers used (which
a shared machine's load inflates far less than wall time).

trafilatura is timed in this process, `trafilatura.extract` (its defaults)
on the same pages' HTML (`../shared/bench/dev/html/*.html.gz`, decompressed
before timing), for `--trafilatura-seconds` or one pass over the pages,
whichever is longer, on one core. The load average is printed: the machine
may be shared.

Start-up comes first: the CPU seconds (user + system, median of `--startup-runs`
new processes, after one run that fills the stoplist cache) of `cleanpress clean`
on the sample page, of `import cleanpress` alone and of the bare interpreter, next
to the peer doing its one page: `trafilatura.extract` on one dev page's HTML in a
new process. `--startup-only` stops there.
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "dev"
# issue 23's targets
TARGET_MB_PER_CPU_S = 5.0  # one job, site-level counting off
TARGET_JOBS_SPEED_UP = 1.8  # wall time, all jobs against one (only meaningful on a quiet machine)
TARGET_SITE_COST = 0.15  # at most this much more CPU with site-level counting
TARGET_STARTUP_CPU_S = 0.25  # `cleanpress clean` of the sample page, in all
SAMPLE = ROOT / "fixtures" / "duran-palmyra.txt"


def replicate(into: Path, size: int) -> tuple[int, int]:
    """Copies of the dev pages, one folder per copy, until `size` bytes; (bytes, pages)."""
    pages = sorted(DEV.glob("*.txt"))
    total = count = copy = 0
    while total < size:
        folder = into / f"copy-{copy:03d}"
        folder.mkdir(parents=True)
        for page in pages:
            shutil.copyfile(page, folder / page.name)
            total += page.stat().st_size
            count += 1
        copy += 1
    return total, count


def run_cli(inputs: Path, out: Path, jobs: int, site: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the CLI and its workers) of one run."""
    cleanpress = Path(sys.executable).with_name("cleanpress")
    cmd = [str(cleanpress), "clean", str(inputs), "-o", str(out), "--jobs", str(jobs), "-q"]
    if not site:
        cmd.append("--no-site")
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def trafilatura_rate(min_seconds: float) -> tuple[float, int]:
    """trafilatura.extract pages per second on the dev HTML, one core; (pages/s, pages timed)."""
    import trafilatura

    htmls = [gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace")
             for p in sorted((DEV / "html").glob("*.html.gz"))]
    done = 0
    start = time.perf_counter()
    while True:
        for html in htmls:
            trafilatura.extract(html)
            done += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed, done


def cpu_seconds(cmd: list[str]) -> float:
    """User + system CPU seconds of one child process running `cmd` (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr[-500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(runs: int, tmp: Path) -> list[tuple[str, float]]:
    """(command, median CPU seconds) of one-page commands, each in a new process."""
    html = tmp / "page.html"
    html.write_bytes(gzip.decompress(sorted((DEV / "html").glob("*.html.gz"))[0].read_bytes()))
    commands = {
        "cleanpress clean <sample page>": [str(Path(sys.executable).with_name("cleanpress")), "clean", str(SAMPLE)],
        "python -c 'import cleanpress'": [sys.executable, "-c", "import cleanpress"],
        "python -c pass (the interpreter)": [sys.executable, "-c", "pass"],
        "peer: trafilatura.extract of one dev page's HTML": [
            sys.executable, "-c", "import sys, trafilatura; trafilatura.extract(open(sys.argv[1], encoding='utf-8', "
            "errors='replace').read())", str(html)],
    }
    found = []
    for name, cmd in commands.items():
        cpu_seconds(cmd)  # warm: files in the page cache, the stoplist index built
        times = sorted(cpu_seconds(cmd) for _ in range(runs))
        found.append((name, times[len(times) // 2]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=50, help="size of the replicated input (default 50)")
    parser.add_argument("--trafilatura-seconds", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="'all jobs' (default: cores)")
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--startup-only", action="store_true", help="measure start-up, not throughput")
    args = parser.parse_args()
    cores = args.jobs
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        print("| one page, a new process | CPU s (median) |\n|---|---|")
        for name, cpu in startup(args.startup_runs, Path(tmp)):
            print(f"| {name} | {cpu:.3f} |", flush=True)
            if name.startswith("cleanpress clean"):
                verdict = f"start-up target {TARGET_STARTUP_CPU_S} CPU s: " + (
                    "met" if cpu < TARGET_STARTUP_CPU_S else "NOT met")
    print(verdict, flush=True)
    if args.startup_only:
        return
    pages_per_s_traf, timed = trafilatura_rate(args.trafilatura_seconds)
    print(f"trafilatura.extract: {pages_per_s_traf:.1f} pages/s ({timed} pages, one core); "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        size, pages = replicate(inputs, int(args.mb * MB))
        print(f"input: {size / MB:.1f} MB, {pages} pages", flush=True)
        for site in (False, True):
            for jobs in sorted({1, cores}):
                load = os.getloadavg()[0]
                seconds, cpu = run_cli(inputs, Path(tmp) / "out", jobs, site)
                rows.append((jobs, site, seconds, cpu, load))
                print(f"  jobs={jobs} site={'on' if site else 'off'}: {seconds:.1f} s, {cpu:.1f} CPU s "
                      f"(load before {load:.2f})", flush=True)
    print()
    # CPU seconds (the CLI and its workers, user + system) say what the work costs when the machine is
    # shared; wall seconds say what a user waits. Under load the two part.
    print("| jobs | site-level | seconds | MB/s | MB/s per job | pages/s | x trafilatura | CPU s | MB per CPU s "
          "| load before |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for jobs, site, seconds, cpu, load in rows:
        rate = size / MB / seconds
        pps = pages / seconds
        print(f"| {jobs} | {'on' if site else 'off'} | {seconds:.1f} | {rate:.2f} | {rate / jobs:.2f} | "
              f"{pps:.1f} | {pps / pages_per_s_traf:.2f} | {cpu:.1f} | {size / MB / cpu:.2f} | {load:.2f} |")
    print()
    by = {(jobs, site): (seconds, cpu) for jobs, site, seconds, cpu, _ in rows}
    per_cpu = size / MB / by[1, False][1]
    speed_up = by[1, False][0] / by[cores, False][0]
    site_cost = by[1, True][1] / by[1, False][1] - 1
    verdict = lambda met: "met" if met else "NOT met"  # noqa: E731
    print(f"targets: {TARGET_MB_PER_CPU_S} MB per CPU s, one job: {per_cpu:.2f} ({verdict(per_cpu >= TARGET_MB_PER_CPU_S)}); "
          f"{cores} jobs {TARGET_JOBS_SPEED_UP}x one in wall time: {speed_up:.2f}x "
          f"({verdict(speed_up >= TARGET_JOBS_SPEED_UP)}, under load this says little); "
          f"site-level counting at most +{TARGET_SITE_COST:.0%} CPU: {site_cost:+.0%} ({verdict(site_cost <= TARGET_SITE_COST)})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
