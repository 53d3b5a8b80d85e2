"""page-structure's last step over the model's likelihoods: which lines the two floors let go.

Inside an article region a line goes only when the model finds it less likely than
`MODEL_INSIDE_FLOOR` and the rules count it against the article; in text that already looks
extracted only lines less likely than `EXTRACTED_DROP_BELOW`, before or after everything kept,
go. Both floors were raised from 0.1 to 0.2 on held-out scores (docs/quality.md, ninth session).
"""
from __future__ import annotations

from cleanpress.model import Line
from cleanpress.passes import page_structure as ps

PARAGRAPH = ("The council met on Tuesday evening and agreed, after a long debate about the costs, "
             "to repair the old bridge before the winter comes.")


def blocks(texts: list[str]) -> list[ps._Block]:
    return [ps._Block(Line(i, text), ps.GOOD if len(text) >= ps.LENGTH_LOW else ps.SHORT, 0.4)
            for i, text in enumerate(texts, 1)]


def keep_by_model(texts: list[str], probs: list[float]) -> list[bool]:
    """The model step's verdicts, with the rules' own values for the lines."""
    page = blocks(texts)
    return ps._keep_by_model(page, probs, [ps._value(b) for b in page])


def test_the_rules_count_a_button_against_the_article_and_a_lead_in_for_nothing():
    page = blocks([PARAGRAPH, "Share this", "Ingredients:"])
    prose, button, lead_in = (ps._value(b) for b in page)
    assert prose > 0 and button < 0 and lead_in == 0


def test_a_line_inside_the_region_goes_below_the_inside_floor_and_stays_at_it():
    texts = [PARAGRAPH, "Share this", PARAGRAPH]
    assert keep_by_model(texts, [0.95, ps.MODEL_INSIDE_FLOOR - 0.01, 0.95]) == [True, False, True]
    assert keep_by_model(texts, [0.95, ps.MODEL_INSIDE_FLOOR, 0.95]) == [True, True, True]


def test_the_inside_floor_spares_a_line_the_rules_do_not_count_against_the_article():
    assert keep_by_model([PARAGRAPH, "Ingredients:", PARAGRAPH], [0.95, 0.01, 0.95]) == [True, True, True]


def test_a_line_at_0_15_inside_the_region_goes():
    """A line at 0.15 was kept with the old inside floor of 0.1; it goes now."""
    assert keep_by_model([PARAGRAPH, "Share this", PARAGRAPH], [0.95, 0.15, 0.95]) == [True, False, True]


def test_extracted_text_loses_only_unlikely_edges():
    keep = [False, False, True, False, True, False]
    floor = ps.EXTRACTED_DROP_BELOW
    probs = [floor - 0.01, floor, 0.9, 0.01, 0.9, floor - 0.01]
    # Below the floor at either edge goes, at it stays; between kept lines everything stays.
    assert ps._cautious(keep, probs, [False] * 6) == [False, True, True, True, True, False]


def test_an_edge_line_at_0_15_in_extracted_text_goes():
    """An edge line at 0.15 was kept with the old floor of 0.1; it goes now."""
    assert ps._cautious([True, False], [0.9, 0.15], [False, False]) == [True, False]


def test_extracted_text_with_nothing_kept_is_left_whole():
    assert ps._cautious([False, False], [0.01, 0.01], [False, False]) == [True, True]


def test_an_edge_line_inside_a_region_of_prose_by_the_rules_stays():
    """The rules' regions are evidence of their own: the model alone does not cut into them."""
    assert ps._cautious([True, False, False], [0.9, 0.01, 0.01], [False, True, False]) == [True, True, False]
