#!/usr/bin/env python3
"""Fit the line model of page-structure (cleanpress/line_model.json) on development sets.

    .venv/bin/pip install scikit-learn
    .venv/bin/python scripts/train_line_model.py ../shared/bench [--cv] [--out cleanpress/line_model.json]

Labels come from the sets' references, never from page names: a line of a
gold set is article when it is part of the page's gold text (long lines by
substring, short lines only as a whole gold line; a short line that occurs
inside the gold but not as a line of its own is ambiguous and left out); a
line of a snippet set is article when it holds a `with` snippet and
boilerplate when it holds a `without` snippet (other lines are left out).
Only the trees of a small gradient-boosted model over `line_model.FEATURES`
are saved (split features, thresholds and leaf values): no text of the sets
goes into the project. The site model is that model continued by more trees
fitted on the lines of pages among a site template alone, with
`template_gap` as one more feature; the file's `site_model` holds only the
added trees (`line_model.site_model_data` puts the two together).

Scores of the whole cleaner with a model that never saw the pages it is
scored on come from scripts/crossval_line_model.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from cleanpress import line_model, site
from cleanpress.model import Document
from cleanpress.passes import page_structure
from cleanpress.pipeline import Context, find_drops, select_passes, split_lines

SHORT_CHARS = 25


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00ad", "").split())


def page_rows(text: str, site=None):
    """Feature rows and the live lines of a page, after the passes that run before page-structure.

    With `site` (the counts a folder run would clean the page with), site-template runs too and
    the site features are filled in: the model learns both a lone page and a page among its site.
    """
    doc = Document.from_lines(split_lines(text))
    skip = ("page-structure", "site-affixes") if site is not None else ("page-structure", "site-template", "site-affixes")
    find_drops(doc, [p for p in select_passes() if p.name not in skip], Context(site=site))
    analysis = page_structure.analyse(doc, site)
    if analysis is None:
        return [], []
    return analysis.features(), analysis.live


def folder_counts(texts: dict[str, str], site_of) -> dict:
    """The counts a folder run gives each page (cleanpress.site.page_stats, eras included)."""
    return site.page_stats((name, site_of(name), text) for name, text in texts.items())


def regimes(texts: dict[str, str], site_of):
    """Each page twice: on its own, and with its folder's site counts, as `cleanpress clean DIR` sees it."""
    counts = folder_counts(texts, site_of)
    for name, text in texts.items():
        for stats in (None, counts.get(name)):
            yield name, text, stats


def gold_examples(root: Path):
    texts = {p.relative_to(root / "input").as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((root / "input").rglob("*.txt"))}
    for rel, text, stats in regimes(texts, lambda name: name.split("/")[0] if "/" in name else "."):
        gold = (root / "gold" / rel).read_text(encoding="utf-8")
        gold_norm = norm(gold)
        gold_lines = {norm(g) for g in gold.splitlines() if g.strip()}
        rows, live = page_rows(text, stats)
        group = rel.split("/")[0] if "/" in rel else rel
        for row, line in zip(rows, live):
            text_n = norm(line.text)
            if len(text_n) >= SHORT_CHARS:
                label = text_n in gold_norm
            elif text_n in gold_lines:
                label = True
            elif text_n in gold_norm:
                continue
            else:
                label = False
            yield group, row, int(label), len(text_n)


def snippet_examples(root: Path):
    snippets = json.loads((root / "snippets.json").read_text(encoding="utf-8"))
    texts = {name: (root / f"{name}.txt").read_text(encoding="utf-8") for name in sorted(snippets)}
    for name, text, stats in regimes(texts, lambda name: "."):
        withs = [norm(w) for w in snippets[name]["with"]]
        withouts = [norm(w) for w in snippets[name]["without"]]
        rows, live = page_rows(text, stats)
        for row, line in zip(rows, live):
            text_n = norm(line.text)
            if any(w and w in text_n for w in withs):
                yield name, row, 1, len(text_n)
            elif any(w and len(w) >= 8 and w in text_n for w in withouts):
                yield name, row, 0, len(text_n)


def dataset(bench: Path):
    """(groups, x, y, weights) over the three development sets; groups are sites (gold) or pages."""
    import numpy as np

    data = (list(gold_examples(bench / "dev-sites")) + list(snippet_examples(bench / "dev"))
            + list(snippet_examples(bench / "dev-extracted")))
    groups = [g for g, _, _, _ in data]
    x = np.array([r for _, r, _, _ in data])
    y = np.array([lab for _, _, lab, _ in data])
    weights = np.sqrt(np.array([c for _, _, _, c in data], dtype=float) + 1)  # long lines matter more
    return groups, x, y, weights


def fit(x, y, weights, trees: int = 150, depth: int = 5, site_trees: int = 50) -> dict:
    """The page model over `FEATURES`, with the site model under "site_model", in line_model.json's format."""
    n = len(line_model.FEATURES)
    model = fit_page_model(x[:, :n], y, weights, trees, depth)
    on_template = x[:, n] >= 0  # template_gap is -1 off a site template
    if on_template.any():  # else the file has no site model, and page-structure uses the page model everywhere
        model["site_model"] = continue_on(model, x[on_template], y[on_template], weights[on_template], site_trees)
    return model


def fit_page_model(x, y, weights, trees: int = 150, depth: int = 5) -> dict:
    """Fit the boosted trees and return them in line_model.json's format."""
    import numpy as np
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
        "trained_on": "dev and dev-extracted (snippet labels), dev-sites (gold labels); see scripts/train_line_model.py",
        "lines": int(len(y)),
        "max_depth": depth,
        "features": list(line_model.FEATURES),
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
    import numpy as np
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", type=Path, help="folder holding dev/, dev-extracted/ and dev-sites/")
    ap.add_argument("--out", type=Path, default=Path(line_model.MODEL_PATH))
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--site-trees", type=int, default=50, help="trees added for pages among a site template")
    args = ap.parse_args()
    groups, x, y, weights = dataset(args.bench)
    print(f"{len(y)} lines, {y.mean():.2f} article, {len(set(groups))} groups", file=sys.stderr)
    model = fit(x, y, weights, args.trees, args.depth, args.site_trees)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"saved {args.out} ({len(model['trees'])} trees, site model {len(model['site_model']['trees'])} more)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
