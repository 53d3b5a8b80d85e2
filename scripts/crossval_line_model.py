#!/usr/bin/env python3
"""Held-out scores of the whole cleaner: fit the line model on one half of the pages, score the other.

    .venv/bin/pip install scikit-learn
    .venv/bin/python scripts/crossval_line_model.py ../shared/bench
    .venv/bin/python scripts/crossval_line_model.py ../shared/bench --split a   # another split

The shipped model (scripts/train_line_model.py) is fitted on every page of the
development sets, so the dev-set scores of `cleanpress clean` are in-sample.
This script splits pages in two folds (dev-sites by site, dev and dev-extracted
by page name, the same name in the same fold in both), fits a model on each
fold, cleans the other fold's pages with it as the CLI would (folder site
counts for dev and dev-extracted; dev-sites both per page and with site counts)
and scores all outputs together with the bench's own scorer.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np

from cleanpress import line_model, site
from cleanpress.pipeline import Context, run

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_line_model as train  # noqa: E402


def fold_of(group: str, split: str = "") -> int:
    """0 or 1, from a hash of the group; another `split` string gives another split of the same groups."""
    return int(hashlib.sha1((split + group).encode()).hexdigest(), 16) % 2


def group_of(page_id: str) -> str:
    return page_id.split("/")[0] if "/" in page_id else page_id


def cleaned(bset, models: dict, with_site: bool, split: str = "") -> dict[str, str]:
    texts = {i: (bset.indir / f"{i}.txt").read_text(encoding="utf-8") for i in bset.ids}
    counts = site.page_stats((i, group_of(i) if "/" in i else ".", t) for i, t in texts.items()) if with_site else {}
    shipped = line_model.load, line_model.load_site
    out = {}
    try:
        for i, text in texts.items():
            page_model, site_model = models[fold_of(group_of(i), split)]
            line_model.load, line_model.load_site = (lambda m=page_model: m), (lambda m=site_model: m)
            out[i] = run(text, context=Context(site=counts.get(i))).text
    finally:
        line_model.load, line_model.load_site = shipped
    return out


def keep(folder: Path | None, set_name: str, out: dict[str, str]) -> None:
    """Write the held-out outputs of one set under `folder` (nothing without --keep)."""
    if folder is None:
        return
    for page_id, text in out.items():
        path = folder / set_name / f"{page_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--split", default="", help="salt of the fold hash: run with a few values and average, "
                    "as one split's figures move by up to 0.012 between refits")
    ap.add_argument("--keep", type=Path, help="write each held-out output to KEEP/<set>/<page>.txt, to read what was lost or left")
    args = ap.parse_args()
    sys.path.insert(0, str(args.bench))
    sys.dont_write_bytecode = True
    import score  # the bench's scorer: same metrics as score.py prints

    groups, x, y, weights = train.dataset(args.bench)
    folds = np.array([fold_of(g, args.split) for g in groups])
    fitted = {k: train.fit(x[folds != k], y[folds != k], weights[folds != k]) for k in (0, 1)}
    models = {k: (line_model.LineModel(m), line_model.LineModel(line_model.site_model_data(m))) for k, m in fitted.items()}
    load = lambda name: score.load_set(str(args.bench / name), None, sys.exit)  # noqa: E731
    rows = []
    for name in ("dev", "dev-extracted"):
        bset = load(name)
        out = cleaned(bset, models, with_site=True, split=args.split)
        keep(args.keep, name, out)
        inputs = {i: (bset.indir / f"{i}.txt").read_text(encoding="utf-8") for i in bset.ids}
        m, _ = score.snippet_score([(bset.snippets[i], inputs[i], out[i]) for i in bset.ids])
        rows.append(f"| {name} | kept {m['kept']:.3f} | removed {m['removed']:.3f} | H {m['H']:.3f} |")
    bset = load("dev-sites")
    for label, with_site in (("dev-sites, each page alone", False), ("dev-sites, site counts", True)):
        out = cleaned(bset, models, with_site, args.split)
        keep(args.keep, "dev-sites" if with_site else "dev-sites-alone", out)
        g = score.shingle_score([score.shingle_counts(bset.gold[i], out[i]) for i in bset.ids])
        rows.append(f"| {label} | F1 {g['F1']:.3f} | P {g['P']:.3f} | R {g['R']:.3f} |")
    print("| held-out set | | | |\n|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
