#!/usr/bin/env python3
"""Quality gate: score cleanpress on the development sets and fail below the pinned floors.

    python3 scripts/quality_gate.py [--bench ../shared/bench] [--cleanpress .venv/bin/cleanpress]

Runs `../shared/bench/score.py SET --cmd 'cleanpress clean {in} -o {out}'` (the
command users run: folder grouping and site-level cleaning on) for each set in
FLOORS and compares its summary line with the floors. Floors only move up: a
commit that lowers one must say why. The line model of page-structure was
fitted on these same sets, so these figures are in-sample; held-out figures
come from scripts/crossval_line_model.py (docs/quality.md has both).

Exit codes: 0 every floor met, 1 a floor missed, 2 the bench or the scorer is missing or failed.
"""
from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Pinned 2026-11-27 (dev 0.925 / 0.802, dev-extracted 0.968 / 0.331, dev-sites 0.896 / 0.855 / 0.942),
# rounded down. Floors only move up; dev-extracted removed went down once, from 0.36 to 0.33, when six
# phrases copied from dev pages' leftovers were taken out of the lexicon (they only scored here) and
# the line model was refitted without them. dev-sites R went down from 0.94 to 0.935 when site-affixes
# came (F1 0.896 -> 0.905, P 0.855 -> 0.872, R 0.942 -> 0.939): it also drops bylines and section
# labels that recur on most of a site's pages, which part of the gold keeps (docs/site-level.md).
# Third session: dev-extracted kept 0.96 -> 0.97 (0.971 once lists after a lead-in were kept) and
# dev-sites R back to 0.94 (0.942).
# Fourth session: dev removed 0.80 -> 0.81 (0.813 with the topic-overlap feature).
# Ninth session, page-structure's likelihood floors 0.1 -> 0.2 (held-out H up on dev and dev-extracted
# on four splits, dev kept held on their mean): in-sample dev 0.930 / 0.832 -> 0.928 / 0.844,
# dev-extracted 0.973 / 0.386 -> 0.971 / 0.400, dev-sites 0.924 / 0.909 / 0.940 -> 0.926 / 0.917 / 0.936.
# So dev kept 0.93 -> 0.925 and dev-sites R 0.94 -> 0.93 went down; dev removed 0.82 -> 0.84,
# dev-extracted removed 0.375 -> 0.39 and dev-sites P 0.90 -> 0.91 up (docs/quality.md).
FLOORS: dict[str, dict[str, float]] = {
    "dev": {"kept": 0.925, "removed": 0.84},
    "dev-extracted": {"kept": 0.97, "removed": 0.39},
    "dev-sites": {"F1": 0.92, "P": 0.91, "R": 0.93},
}
_METRIC = re.compile(r"\b(kept|removed|H|F1|P|R) (\d\.\d+)")


def score(bench: Path, name: str, cleanpress: str) -> tuple[dict[str, float], str]:
    cmd = f"{shlex.quote(cleanpress)} clean {{in}} -o {{out}} -q"
    done = subprocess.run([sys.executable, str(bench / "score.py"), name, "--cmd", cmd],
                          capture_output=True, text=True, cwd=ROOT)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode or not last.startswith(name):
        raise RuntimeError(f"score.py {name} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return {k: float(v) for k, v in _METRIC.findall(last)}, last


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--cleanpress", default=str(ROOT / ".venv" / "bin" / "cleanpress"))
    args = ap.parse_args()
    if not (args.bench / "score.py").is_file():
        print(f"quality gate: no scorer at {args.bench}/score.py", file=sys.stderr)
        return 2
    missed = []
    for name, floors in FLOORS.items():
        try:
            metrics, line = score(args.bench, name, args.cleanpress)
        except RuntimeError as e:
            print(f"quality gate: {e}", file=sys.stderr)
            return 2
        print(line)
        for metric, floor in floors.items():
            if metrics.get(metric, -1.0) < floor:
                missed.append(f"{name} {metric} {metrics.get(metric)} < floor {floor}")
    for miss in missed:
        print(f"quality gate: {miss}", file=sys.stderr)
    print("quality gate: " + ("FAILED" if missed else "all floors met"), file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
