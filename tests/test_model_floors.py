"""page-structure's last step over the model's likelihoods: which lines the two floors let go.

Inside an article region a line goes only when the model finds it less likely than
`MODEL_INSIDE_FLOOR` and the rules do not count it as article; in text that already looks
extracted only lines less likely than `EXTRACTED_DROP_BELOW`, before or after everything kept,
go. Both floors were raised from 0.1 to 0.2 on held-out scores (docs/quality.md, ninth session).
"""
from __future__ import annotations

from cleanpress.model import Line
from cleanpress.passes import page_structure
from cleanpress.passes.page_structure import EXTRACTED_DROP_BELOW, MODEL_INSIDE_FLOOR, _Block, _cautious, _keep_by_model

PARAGRAPH = ("The council met on Tuesday evening and agreed, after a long debate about the costs, "
             "to repair the old bridge before the winter comes.")


def blocks(texts: list[str]) -> list[_Block]:
    return [_Block(Line(i, text), page_structure.GOOD if len(text) > 100 else page_structure.SHORT, 0.4)
            for i, text in enumerate(texts, 1)]


def test_a_line_inside_the_region_goes_below_the_inside_floor_and_stays_at_it():
    texts = [PARAGRAPH, "Share this", PARAGRAPH]
    likely = [0.95, None, 0.95]
    for p, kept in ((MODEL_INSIDE_FLOOR - 0.01, False), (MODEL_INSIDE_FLOOR, True)):
        probs = [q if q is not None else p for q in likely]
        assert _keep_by_model(blocks(texts), probs, [-10.0, -5.0, -10.0]) == [True, kept, True]


def test_the_inside_floor_spares_a_line_the_rules_call_article():
    texts = [PARAGRAPH, "Ingredients:", PARAGRAPH]
    keep = _keep_by_model(blocks(texts), [0.95, 0.01, 0.95], [-10.0, 0.0, -10.0])
    assert keep == [True, True, True]


def test_a_line_the_model_doubts_a_little_now_goes_inside_the_region():
    """0.15 stayed under the old floor of 0.1; it goes now."""
    keep = _keep_by_model(blocks([PARAGRAPH, "Share this", PARAGRAPH]), [0.95, 0.15, 0.95], [-10.0, -5.0, -10.0])
    assert keep == [True, False, True]


def test_extracted_text_loses_only_unlikely_edges():
    keep = [False, False, True, False, True, False]
    probs = [EXTRACTED_DROP_BELOW - 0.01, EXTRACTED_DROP_BELOW, 0.9, 0.01, 0.9, 0.15]
    # Before the first kept line: below the floor goes, at it stays; between kept lines all stay.
    assert _cautious(keep, probs) == [False, True, True, True, True, False]


def test_extracted_text_with_nothing_kept_is_left_whole():
    assert _cautious([False, False], [0.01, 0.01]) == [True, True]
