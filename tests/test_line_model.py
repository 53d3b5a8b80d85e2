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


def test_topic_overlap_tells_a_subheading_from_a_menu_entry():
    from cleanpress.model import Line

    texts = [
        "Newsletter Community Login",  # a menu: none of its words is in the article
        "Why the river flooded",  # a subheading: "river" and "flooded" are
        "The river flooded the lower town twice this spring, after weeks of heavy rain in the hills.",
        "Engineers say the river bed has risen, so the same rain now floods more streets than before.",
        "10 / 12",  # no word of four letters: no evidence either way
    ]
    views = [line_model.LineView(Line(k, t), "good" if len(t) > 60 else "short", 0.3, True, 0)
             for k, t in enumerate(texts, 1)]
    rows = line_model.page_features(views, has_stoplist=True)
    topic = rows[:, line_model.FEATURES.index("topic_overlap")].tolist()
    assert topic[0] == 0.0
    assert topic[1] == 1.0  # "why" is too short to count; "river", "flooded" are in the prose
    # A prose line is compared with the *other* prose lines only: "river" and "rain" recur, "hills" does not.
    assert 0.0 < topic[2] < 1.0
    assert topic[4] == -1.0
