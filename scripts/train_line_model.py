"""Fit the line model of page-structure (cleanpress/line_model.json) on every labelled set, in every text shape.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python scripts/train_line_model.py ../shared/bench [--out cleanpress/line_model.json]

The pages of `../shared/bench` (dev, dev-sites, modern, more/dragnet-small,
more/readability) are rendered in each text shape scrapers and extractors write
(`scripts/bench_shapes.py`); every shape of every page gives training rows
(`scripts/line_rows.py`: how lines are labelled from the sets' references).

Only the trees of a small gradient-boosted model over `line_model.FEATURES` are
saved (split features, thresholds and leaf values): no text of the sets goes into
the project. The site model is that model continued by more trees fitted on the
lines of pages among a site template alone, with `template_gap` as one more
feature; the file's `site_model` holds only the added trees.
Held-out scores of the whole cleaner come from scripts/crossval_line_model.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from cleanpress import line_model

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_shapes  # noqa: E402
from line_rows import Rows, dataset  # noqa: E402

WEIGHTINGS = ("chars", "page", "sqrt-page")


def weights_of(rows: Rows, weighting: str = "chars", set_weights: dict[str, float] | None = None) -> np.ndarray:
    """Row weights: long lines matter more (`chars`: the square root of a line's length); with `page`,
    every page of every shape weighs the same in all (a snippet page labels a few lines, a gold page
    hundreds); `sqrt-page` is half way. `set_weights` multiplies the rows of a set ({"modern": 2})."""
    weights = np.sqrt(rows.chars.astype(np.float64) + 1)
    if set_weights:
        weights = weights * np.array([set_weights.get(page.split("/")[0], 1.0) for page in rows.pages])
    if weighting == "chars":
        return weights
    page = np.array([f"{p}\t{known}" for p, known in zip(rows.pages, rows.site_known)])  # a page in a shape, alone or not
    _, index = np.unique(page, return_inverse=True)
    totals = np.bincount(index, weights=weights)
    scale = totals[index] if weighting == "page" else np.sqrt(totals[index])
    return weights / scale * (len(weights) / np.sum(weights / scale))


KIND_TREES, KIND_DEPTH = 100, 3  # the page-kind model: one row a page, a few thousand pages


def fit(rows: Rows, weights, trees: int = 150, depth: int = 5, site_trees: int = 50) -> dict:
    """The page model over `FEATURES`, with the site model under "site_model" and the page-kind
    model under "page_kind", in line_model.json's format."""
    x, y = rows.x, rows.y
    n = len(line_model.FEATURES)
    model = fit_page_model(x[:, :n], y, weights, trees, depth)
    on_template = x[:, n] >= 0  # template_gap is -1 off a site template
    if on_template.any():  # else the file has no site model, and page-structure uses the page model everywhere
        model["site_model"] = continue_on(model, x[on_template], y[on_template], weights[on_template], site_trees)
    kind = fit_page_model(rows.kind_x, rows.kind_y, np.ones(len(rows.kind_y)), KIND_TREES, KIND_DEPTH,
                          line_model.PAGE_KIND_FEATURES)
    model["page_kind"] = {k: kind[k] for k in ("features", "baseline", "max_depth", "trees")}
    extracted = np.array([page.split("/")[1] in bench_shapes.EXTRACTED_SHAPES for page in rows.pages])
    if extracted.any():
        fitted = fit_page_model(x[extracted, :n], y[extracted], weights[extracted], trees, depth)
        model["extracted_model"] = {k: fitted[k] for k in ("features", "baseline", "max_depth", "trees")}
    return model


def fit_page_model(x, y, weights, trees: int = 150, depth: int = 5, features=line_model.FEATURES) -> dict:
    """Fit the boosted trees over `features` and return them in line_model.json's format."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(
        max_depth=depth, max_iter=trees, learning_rate=0.1, early_stopping=False, random_state=0,
    ).fit(x, y, sample_weight=weights)
    exported = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        exported.append({
            "feature": [int(v) for v in nodes["feature_idx"]],
            "threshold": [float(v) for v in nodes["num_threshold"]],  # exact: a rounded split can flip a line
            "left": [int(v) for v in nodes["left"]],
            "right": [int(v) for v in nodes["right"]],
            "value": [round(float(v), 6) for v in nodes["value"]],
            "leaf": [bool(v) for v in nodes["is_leaf"]],
        })
    model = {
        "version": 2,
        "kind": "gradient-boosted-trees",
        "trained_on": "dev (snippets), dev-sites, modern, dragnet-small, readability (gold), in six text shapes; "
                      "see scripts/train_line_model.py",
        "lines": int(len(y)),
        "max_depth": depth,
        "features": list(features),
        "baseline": round(float(np.ravel(clf._baseline_prediction)[0]), 6),
        "trees": exported,
    }
    check = line_model.LineModel(model).probabilities(x[:2000].tolist())
    gap = float(np.max(np.abs(np.array(check) - clf.predict_proba(x[:2000])[:, 1])))
    if gap > 1e-4:
        raise RuntimeError(f"exported trees disagree with scikit-learn by {gap:.2e}")
    return model


def continue_on(model: dict, x, y, weights, extra: int, rate: float = 0.1) -> dict:
    """The trees that continue `model`, fitted on these rows alone (`SITE_FEATURES`): line_model.json's "site_model".

    Newton steps of the log loss, as the boosting above takes them: a regression tree on the
    gradient over the hessian, weighted by the hessian. (scikit-learn's warm start would bin
    the new rows afresh, which the first trees' binned thresholds were not built on.)
    """
    from sklearn.tree import DecisionTreeRegressor

    depth = model["max_depth"]
    margin = line_model.LineModel(model).logits(x)
    trees = []
    for _ in range(extra):
        p = 1 / (1 + np.exp(-margin))
        hessian = np.maximum(p * (1 - p), 1e-6)
        tree = DecisionTreeRegressor(max_depth=depth, min_samples_leaf=20, random_state=0)
        tree.fit(x, (y - p) / hessian, sample_weight=weights * hessian)
        t = tree.tree_
        leaf = t.children_left == -1
        trees.append({
            "feature": [0 if is_leaf else int(f) for f, is_leaf in zip(t.feature, leaf)],
            "threshold": [float(v) for v in t.threshold],
            "left": [max(int(v), 0) for v in t.children_left],
            "right": [max(int(v), 0) for v in t.children_right],
            "value": [round(float(v) * rate, 6) for v in t.value[:, 0, 0]],
            "leaf": [bool(v) for v in leaf],
        })
        margin = margin + np.round(tree.predict(x) * rate, 6)
    site_model = {"features": list(line_model.SITE_FEATURES), "trees": trees, "lines": int(len(y)),
                  "trained_on": "the page model's trees, then these on the lines of pages among a site template"}
    # Log-odds on every row: probabilities near 0 or 1 would hide a wrong leaf.
    check = line_model.LineModel(line_model.site_model_data(dict(model, site_model=site_model))).logits(x)
    gap = float(np.max(np.abs(check - margin)))
    if gap > 1e-6:
        raise RuntimeError(f"exported site trees disagree with the fit by {gap:.2e} in log-odds")
    return site_model


def fitted_with(rows: Rows) -> dict:
    """What a model file records of its fit: the libraries' versions and a digest of the rows it saw."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.blake2b(digest_size=16)
    for array in (rows.x, rows.y, rows.chars, rows.kind_x, rows.kind_y):
        digest.update(np.ascontiguousarray(array).tobytes())
    return {"cleanpress": version("cleanpress"), "scikit-learn": version("scikit-learn"), "numpy": np.__version__,
            "rows": int(len(rows.y)), "pages": int(len(rows.kind_y)), "rows_digest": digest.hexdigest()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path, help="the bench folder (../shared/bench)")
    ap.add_argument("--cache", type=Path, default=bench_shapes.DEFAULT_CACHE)
    ap.add_argument("--out", type=Path, default=Path(line_model.MODEL_PATH))
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--site-trees", type=int, default=50, help="trees added for pages among a site template")
    ap.add_argument("--weighting", choices=WEIGHTINGS, default="chars")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    start = time.perf_counter()
    rows = Rows.concat(dataset(args.bench, args.cache, jobs=args.jobs))
    print(f"{len(rows.y)} lines, {rows.y.mean():.2f} article, {len(set(rows.groups))} sites "
          f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    model = fit(rows, weights_of(rows, args.weighting), args.trees, args.depth, args.site_trees)
    model["fitted_with"] = fitted_with(rows)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"saved {args.out} ({len(model['trees'])} trees, site model {len(model['site_model']['trees'])} more)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
