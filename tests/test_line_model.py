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


SHIPPED = json.loads(line_model.MODEL_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("data", [SHIPPED, line_model.site_model_data(SHIPPED)], ids=["page-model", "site-model"])
def test_array_evaluation_follows_every_tree(data: dict):
    model = line_model.LineModel(data)
    rnd = random.Random(4)
    splits = [(f, t) for tree in data["trees"] for f, t, leaf in zip(tree["feature"], tree["threshold"], tree["leaf"])
              if not leaf]
    rows = []
    for _ in range(300):
        row = [rnd.random() * rnd.choice((1, 2, 50)) for _ in data["features"]]
        for f, t in rnd.sample(splits, 20):  # values right on a threshold go left
            row[f] = t
        rows.append(row)
    got = model.probabilities(rows)
    assert got == model.probabilities(np.array(rows))
    assert got == (1 / (1 + np.exp(-np.clip(model.logits(rows), -30, 30)))).tolist()
    want = [_walk(data, row) for row in rows]
    assert max(abs(a - b) for a, b in zip(got, want)) < 1e-12
    assert len({round(p, 3) for p in got}) > 50  # the rows reach many different leaves


def test_site_model_continues_the_page_model_and_reads_the_template_gap():
    site_model = line_model.site_model_data(SHIPPED)
    assert tuple(site_model["features"]) == line_model.SITE_FEATURES
    assert site_model["baseline"] == SHIPPED["baseline"]
    assert site_model["trees"][: len(SHIPPED["trees"])] == SHIPPED["trees"]
    added = SHIPPED["site_model"]["trees"]
    assert site_model["trees"][len(SHIPPED["trees"]):] == added
    assert added, "no trees fitted on site pages"
    gap = line_model.SITE_FEATURES.index("template_gap")
    assert any(f == gap and not leaf for tree in added for f, leaf in zip(tree["feature"], tree["leaf"]))
    assert not any(f == gap and not leaf for tree in SHIPPED["trees"] for f, leaf in zip(tree["feature"], tree["leaf"]))


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


def test_topic_overlap_matches_its_definition_on_random_pages():
    """The set arithmetic in `_topic_overlap` against the definition, word by word."""
    from cleanpress.model import Line

    rnd = random.Random(7)
    vocabulary = ["river", "flood", "town", "rain", "hills", "menu", "login", "2021", "the", "北京时间", "长江洪水"]
    for _ in range(300):
        lines = [Line(k, " ".join(rnd.choices(vocabulary, k=rnd.randint(0, 6)))) for k in range(rnd.randint(1, 12))]
        is_prose = [rnd.random() < 0.5 for _ in lines]
        views = [line_model.LineView(line, "good", 0.3, True, 0) for line in lines]
        got = line_model._topic_overlap(views, is_prose)
        for k, (line, prose) in enumerate(zip(lines, is_prose)):
            words = line_model._topic_words(line)
            if not words:
                assert got[k] == -1.0
                continue
            others = [line_model._topic_words(o) for j, (o, p) in enumerate(zip(lines, is_prose)) if p and j != k]
            assert got[k] == sum(any(w in o for o in others) for w in words) / len(words)


def test_topic_words_of_unspaced_scripts_are_character_pairs():
    """A Chinese subheading shares pairs with the prose under it; its clause as one token would share nothing."""
    from cleanpress.model import Line

    texts = ["长江洪水", "北京时间昨天晚上，长江发生洪水灾害。", "首页 新闻 体育"]
    views = [line_model.LineView(Line(k, t), "good" if k == 2 else "short", 0.3, True, 0)
             for k, t in enumerate(texts, 1)]
    topic = line_model.page_features(views, has_stoplist=False)[:, line_model.FEATURES.index("topic_overlap")]
    assert line_model._topic_words(Line(1, "长江洪水")) == {"长江", "江洪", "洪水"}
    assert topic[0] == 2 / 3  # "长江" and "洪水" are in the prose line, "江洪" is not
    assert topic[2] == 0.0  # a menu: no pair of it is in the prose


def test_one_signature_vocabulary_for_the_model_and_comment_widgets():
    """The line model's `signature` feature and comment-widgets' thread cues read one vocabulary
    (lexicon.COMMENT_SAYS, COMMENT_REPLY): every attribution and reply word is a signature to both."""
    from cleanpress import lexicon
    from cleanpress.passes.comment_widgets import THREAD_CUE

    for says in lexicon.COMMENT_SAYS:
        line = f"Ana Lima {says}:"
        assert line_model.SIGNATURE.search(line) and THREAD_CUE.search(line), says
    for reply in lexicon.COMMENT_REPLY:
        assert line_model.SIGNATURE.search(reply.title()) and THREAD_CUE.search(reply.title()), reply
    for posted in lexicon.COMMENT_POSTED_BY:
        assert line_model.SIGNATURE.search(f"{posted.capitalize()} Ana Lima"), posted
    assert not line_model.SIGNATURE.search("The council said the bridge would reopen in May.")


def test_an_attribution_word_is_a_signature_only_as_a_whole_word():
    """"says", "dit", "dice" close a comment's signature as words, not as the end of "Essays",
    "Reddit", "Credit:" or "Prejudice" (menu entries, which read as a thread's signatures before)."""
    for menu in ("MBA Sample Essays", "Reddit", "GET SEO AUDIT", "Cost per Credit:", "Pride and Prejudice",
                 "Indice", "Paradise"):
        assert not line_model.SIGNATURE.search(menu), menu
    for signed in ("Florence says:", "Jean dit :", "Ana dice", "Maryam Tanwir says"):
        assert line_model.SIGNATURE.search(signed), signed
