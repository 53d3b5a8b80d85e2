"""Pages per second: `cleanpress clean DIR -o OUT` (one process) next to cleanpress.dask on 1 and 2 workers.

Not a test. The input is the dev-sites pages (`../shared/bench/dev-sites/input`) copied
`--copies` times, each copy as sites of its own (`<site>~<k>`), so every copy is cleaned like
the original. The Dask runs read the pages from the files on the workers, learn the per-site
counts and eras, and clean them (`cleanpress.dask.clean`); the cleaned texts are checked
byte-identical to the CLI's output. Times are wall clock of the run itself; starting the
cluster is printed apart.

    .venv/bin/python benchmarks/dask_speed.py                  # 3 copies: 2397 pages, 27.6 MB
    .venv/bin/python benchmarks/dask_speed.py --copies 1 --workers 1 2
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster

from cleanpress import dask as cpdask
from cleanpress import files, site

DEV_SITES = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dev-sites" / "input"


def replicate(source: Path, target: Path, copies: int) -> list[Path]:
    for k in range(copies):
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            shutil.copytree(folder, target / f"{folder.name}~{k}")
    return sorted(target.rglob("*.txt"))


def read_record(path: str, root: str) -> dict:
    """On a worker: a page as the CLI reads it, keyed by its folder like the CLI."""
    relative = Path(path).relative_to(root)
    return {"path": relative.as_posix(), "site": site.folder_key(relative, Path(root)),
            "text": files.read(Path(path)).text}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--source", type=Path, default=DEV_SITES)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root, out = Path(tmp) / "in", Path(tmp) / "cli"
        paths = replicate(args.source, root, args.copies)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} pages, {megabytes:.1f} MB ({args.copies} copies of {args.source})", file=sys.stderr)
        cleanpress = Path(sys.executable).parent / "cleanpress"
        start = time.perf_counter()
        subprocess.run([str(cleanpress), "clean", str(root), "-o", str(out), "-q"], check=True,
                       stderr=subprocess.DEVNULL)
        rows = [("`cleanpress clean DIR -o OUT` (1 process)", time.perf_counter() - start, "")]

        for workers in args.workers:
            start = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                startup = time.perf_counter() - start
                bag = db.from_sequence([str(p) for p in paths], npartitions=args.partitions).map(read_record, str(root))
                start = time.perf_counter()
                cleaned = client.compute(cpdask.clean(bag)).result()
                seconds = time.perf_counter() - start
            same = sum(r["text"].encode("utf-8") == (out / r["path"]).read_bytes() for r in cleaned)
            if same != len(paths):
                print(f"{len(paths) - same} pages differ from the CLI's output", file=sys.stderr)
                return 1
            rows.append((f"`cleanpress.dask.clean`, {workers} worker{'s' if workers > 1 else ''} "
                         f"({args.partitions} partitions)", seconds, f"cluster start {startup:.1f} s"))

    print(f"| run ({len(paths)} pages, {megabytes:.1f} MB) | seconds | pages/s | MB/s | note |")
    print("|---|---:|---:|---:|---|")
    for name, seconds, note in rows:
        print(f"| {name} | {seconds:.1f} | {len(paths) / seconds:.1f} | {megabytes / seconds:.2f} | {note} |")
    print("All Dask outputs byte-identical to the CLI's.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
