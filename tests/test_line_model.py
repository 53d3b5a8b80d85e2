"""The line model's array evaluation against a plain walk down each tree, node by node."""
from __future__ import annotations

import json
import random

import pytest

from cleanpress import line_model

np = pytest.importorskip("numpy")


def _walk(data: dict, row: list[float]) -> float:
    """The model's probability for one row, by following each tree from its root (as the trainer exports it)."""
    import math

    logit = data["baseline"]
    for tree in data["trees"]:
        node = 0
        for _ in range(data["max_depth"]):
            if tree["leaf"][node]:
                break
            node = tree["left"][node] if row[tree["feature"][node]] <= tree["threshold"][node] else tree["right"][node]
        logit += tree["value"][node]
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, logit))))


def test_array_evaluation_follows_every_tree():
    data = json.loads(line_model.MODEL_PATH.read_text(encoding="utf-8"))
    model = line_model.LineModel(data)
    rnd = random.Random(4)
    splits = [(f, t) for tree in data["trees"] for f, t, leaf in zip(tree["feature"], tree["threshold"], tree["leaf"])
              if not leaf]
    rows = []
    for _ in range(300):
        row = [rnd.random() * rnd.choice((1, 2, 50)) for _ in line_model.FEATURES]
        for f, t in rnd.sample(splits, 20):  # values right on a threshold go left
            row[f] = t
        rows.append(row)
    got = model.probabilities(rows)
    assert got == model.probabilities(np.array(rows))
    want = [_walk(data, row) for row in rows]
    assert max(abs(a - b) for a, b in zip(got, want)) < 1e-12
    assert len({round(p, 3) for p in got}) > 50  # the rows reach many different leaves
