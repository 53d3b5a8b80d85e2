#!/usr/bin/env python3
"""A peer's scores on every set and text shape that scripts/crossval_line_model.py reports.

    .venv/bin/python scripts/peers_by_shape.py ../shared/bench [--peer c4-lines] [--sets ...] [--shapes ...]

Each (set, shape) is staged as a folder `score.py` reads (`bench_shapes.stage`, under the
shapes cache) and scored with `score.py FOLDER --peer NAME`, the bench's own way of running a
baseline (see the bench's peers.md for the peers' venv). Prints one table row per figure, in
the crossval script's layout, so the two tables sit side by side in docs/quality.md.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_shapes  # noqa: E402

_METRIC = re.compile(r"\b(kept|removed|H|F1|P|R) (\d\.\d+)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--cache", type=Path, default=bench_shapes.DEFAULT_CACHE)
    ap.add_argument("--peer", default="c4-lines")
    ap.add_argument("--sets", nargs="+", default=list(bench_shapes.Bench.SETS))
    ap.add_argument("--shapes", nargs="+", default=list(bench_shapes.SHAPES))
    args = ap.parse_args()
    bench = bench_shapes.Bench(args.bench, args.cache)
    print(f"| set | shape | metric | {args.peer} |\n|---|---|---|---|")
    for name in args.sets:
        pages = bench.pages(name)
        metrics = [m for m, has in (("snippets", any(p.snippets is not None for p in pages)),
                                    ("gold", any(p.gold is not None for p in pages))) if has]
        for shape in args.shapes:
            for metric in metrics:
                folder = bench_shapes.stage(bench, name, shape, args.cache / "staged", metric)
                done = subprocess.run([sys.executable, str(args.bench / "score.py"), str(folder), "--peer", args.peer],
                                      capture_output=True, text=True)
                last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-300:]
                got = dict(_METRIC.findall(last))
                shown = f"{got['kept']} / {got['removed']}" if metric == "snippets" and "kept" in got else \
                    f"{got['F1']} ({got['P']} / {got['R']})" if "F1" in got else f"failed: {last}"
                print(f"| {name} | {shape} | {'kept / removed' if metric == 'snippets' else 'F1 (P / R)'} | {shown} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
