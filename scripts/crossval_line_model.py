#!/usr/bin/env python3
"""Held-out scores of the whole cleaner, by site: fit the line model without a site's pages, clean them, score.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/crossval_line_model.py ../shared/bench [--split S] [--shapes html-text soup ...]

The shipped model (scripts/train_line_model.py) is fitted on every page of the
bench, so the scores of `cleanpress clean` on those pages are in-sample. This
script puts every site (a page's host, across all sets and shapes) in one of
`--folds` folds, fits a model on the other folds, and cleans each fold's pages
with the model that never saw their site, as `cleanpress clean DIR -o OUT` would
(the folder's site counts: site folders for dev-sites, one flat folder elsewhere;
dev-sites also page by page). Outputs are scored with the bench's own scorer
(`score.py`: snippets kept / removed, gold word-4-gram F1), next to the untouched input.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from cleanpress import line_model, site
from cleanpress.model import UNSETTLED
from cleanpress.pipeline import Context, run, select_passes

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_shapes  # noqa: E402
import line_rows  # noqa: E402
import train_line_model as train  # noqa: E402

EVALUATED = ("dev", "dev-sites", "modern", "dragnet-small", "readability")


def fold_of(group: str, split: str = "", folds: int = 2) -> int:
    """The fold of a site, from a hash of its name; another `split` string gives another split of the same sites."""
    return int(hashlib.sha1((split + group).encode()).hexdigest(), 16) % folds


_MODELS: dict[int, dict] = {}  # fold -> its model file's data, in each worker


def _load_models(paths: dict[int, str]) -> None:
    for k, path in paths.items():
        _MODELS[k] = json.loads(Path(path).read_text(encoding="utf-8"))


def clean_set(job) -> dict[str, tuple[dict[str, str], set[str]]]:
    """{regime: ({page id: output}, pages with a loss warning)} of one set in one shape, each page cleaned
    by its fold's model."""
    root, cache, name, shape, split, folds, alone, skip = job
    bench = bench_shapes.Bench(root, cache)
    pages = bench.pages(name)
    texts = {page.id: bench.text(page, shape) for page in pages}
    regimes = {"folder": site.page_stats((p.id, line_rows.folder_site(p), texts[p.id]) for p in pages)}
    if alone:
        regimes["alone"] = {}
    out: dict[str, tuple[dict[str, str], set[str]]] = {}
    for regime, counts in regimes.items():
        texts_out, warned = out[regime] = {}, set()
        for page in pages:
            with line_model.using(_MODELS[fold_of(page.group, split, folds)]):
                result = run(texts[page.id], select_passes(skip), Context(site=counts.get(page.id)))
            texts_out[page.id] = result.text
            if any(not w.startswith(UNSETTLED) for w in result.warnings):
                warned.add(page.id)
    return out


def scores(score, bench: bench_shapes.Bench, name: str, shape: str, outputs: dict[str, str],
           warned: set[str]) -> dict[str, dict]:
    """The scorer's metrics of `outputs` and of the untouched input: {"snippets"/"gold": {"identity", "cleaned"}}."""
    pages = bench.pages(name)
    found = {}
    snipped = [p for p in pages if p.snippets is not None]
    if snipped:
        texts = {p.id: bench.text(p, shape) for p in snipped}
        found["snippets"] = {
            "identity": score.snippet_score([(p.snippets, texts[p.id], texts[p.id]) for p in snipped])[0],
            "cleaned": score.snippet_score([(p.snippets, texts[p.id], outputs[p.id]) for p in snipped])[0]}
    golden = [p for p in pages if p.gold is not None]
    if golden:
        found["gold"] = {
            "identity": score.shingle_score([score.shingle_counts(p.gold, bench.text(p, shape)) for p in golden]),
            "cleaned": score.shingle_score([score.shingle_counts(p.gold, outputs[p.id]) for p in golden])}
        found["warning"] = warning_quality(score, bench, golden, shape, outputs, warned)
    return found


def warning_quality(score, bench, pages, shape: str, outputs: dict[str, str], warned_pages: set[str]) -> dict:
    """How right the loss warning is: a page lost most of its article when cleaning took more than half of
    the gold's word 4-grams the input had. Precision: of the pages warned about, the share that did; recall:
    of the pages that did, the share warned about."""
    warned = lost = both = 0
    for page in pages:
        before = score.shingle_counts(page.gold, bench.text(page, shape))
        after = score.shingle_counts(page.gold, outputs[page.id])
        recall = lambda c: c[0] / (c[0] + c[2]) if c[0] + c[2] else 0.0  # noqa: E731
        truly = recall(before) > 0 and recall(after) < 0.5 * recall(before)
        said = page.id in warned_pages
        warned, lost, both = warned + said, lost + truly, both + (said and truly)
    return {"warned": warned, "lost": lost, "precision": both / warned if warned else None,
            "recall": both / lost if lost else None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path)
    ap.add_argument("--cache", type=Path, default=bench_shapes.DEFAULT_CACHE)
    ap.add_argument("--split", default="", help="salt of the fold hash: another value gives another split of the sites")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--weighting", choices=train.WEIGHTINGS, default="chars")
    ap.add_argument("--set-weight", action="append", default=[], metavar="SET=W", help="weigh a set's rows W times")
    ap.add_argument("--sets", nargs="+", default=EVALUATED)
    ap.add_argument("--shapes", nargs="+", default=bench_shapes.SHAPES)
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--models", type=Path, help="keep the fold models in this folder, and use the ones already there "
                    "(to measure run-time settings without refitting)")
    ap.add_argument("--keep", type=Path, help="write each held-out output to KEEP/<set>.<shape>.<regime>/<page>.txt")
    ap.add_argument("--constant", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="clean with a run-time constant changed, e.g. cleanpress.passes.page_structure.MODEL_THRESHOLD=0.35 "
                         "(a sweep over settings that need no refit)")
    ap.add_argument("--skip", action="append", default=[], metavar="PASS", help="clean without this pass")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    for setting in args.constant:  # set here, before the workers fork
        name, value = setting.split("=", 1)
        module, attribute = name.rsplit(".", 1)
        setattr(importlib.import_module(module), attribute, json.loads(value))
    sys.path.insert(0, str(args.bench))
    sys.dont_write_bytecode = True
    import score  # the bench's scorer: the same metrics score.py prints

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crossval-") as tmp:
        folder = args.models or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {k: str(folder / f"fold{k}.json") for k in range(args.folds)}
        missing = [k for k, path in paths.items() if not Path(path).exists()]
        if missing:  # the rows are read (or computed) only to fit
            rows = line_rows.Rows.concat(line_rows.dataset(args.bench, args.cache, jobs=args.jobs))
            folds = np.array([fold_of(g, args.split, args.folds) for g in rows.groups])
            kind_folds = np.array([fold_of(g, args.split, args.folds) for g in rows.kind_groups])
            set_weights = {name: float(w) for name, w in (setting.split("=", 1) for setting in args.set_weight)}
            weights = train.weights_of(rows, args.weighting, set_weights)
            for k in missing:
                fitted = train.fit(rows.subset(folds != k, kind_folds != k), weights[folds != k], args.trees, args.depth)
                Path(paths[k]).write_text(json.dumps(fitted), encoding="utf-8")
        print(f"rows and {args.folds} fold models: {time.perf_counter() - start:.0f} s", file=sys.stderr)
        jobs = [(args.bench, args.cache, name, shape, args.split, args.folds, name == "dev-sites", args.skip)
                for name in args.sets for shape in args.shapes]
        with ProcessPoolExecutor(args.jobs, initializer=_load_models, initargs=(paths,)) as pool:
            results = list(pool.map(clean_set, jobs))
    bench = bench_shapes.Bench(args.bench, args.cache)
    table, figures = [], {}
    for (_, _, name, shape, *_), regimes in zip(jobs, results):
        for regime, (outputs, warned) in regimes.items():
            if args.keep:
                for page_id, text in outputs.items():
                    path = args.keep / f"{name}.{shape}.{regime}" / f"{page_id}.txt"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
            for metric, pair in scores(score, bench, name, shape, outputs, warned).items():
                figures[f"{name} {shape} {regime} {metric}"] = pair
                idem, got = pair.get("identity"), pair.get("cleaned", pair)
                if metric == "warning":
                    p_, r_ = got.get("precision"), got.get("recall")
                    table.append(f"| {name} | {shape} | {regime} | loss warning: precision / recall | "
                                 f"{got['warned']} warned, {got['lost']} lost most | "
                                 f"{'-' if p_ is None else f'{p_:.2f}'} / {'-' if r_ is None else f'{r_:.2f}'} |")
                elif metric == "snippets":
                    table.append(f"| {name} | {shape} | {regime} | kept / removed | {idem['kept']:.3f} / {idem['removed']:.3f} "
                                 f"| {got['kept']:.3f} / {got['removed']:.3f} (H {got['H']:.3f}) |")
                else:
                    table.append(f"| {name} | {shape} | {regime} | F1 (P / R) | {idem['F1']:.3f} | "
                                 f"{got['F1']:.3f} ({got['P']:.3f} / {got['R']:.3f}) |")
    print("| set | shape | counts | metric | untouched | cleanpress, held-out |\n|---|---|---|---|---|---|")
    print("\n".join(table))
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
