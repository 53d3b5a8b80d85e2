"""related-headlines' labels ("More from LearnVest:") and the marker closing a page, with its option."""
from __future__ import annotations

import cleanpress
from cleanpress.model import Line
from cleanpress.passes import related_headlines
from cleanpress.pipeline import Context

ARTICLE = [
    "The harbour authority approved the new quay on Tuesday after two years of planning and public hearings.",
    "Fishermen had asked for more berths since the old pier was closed in the winter storms of last year.",
]
HEADLINES = ["Seafront café owners fear a third wet summer", "Council approves new bus route to the station"]


def only_related(text: str, **options) -> str:
    context = Context(options={"related-headlines": options}) if options else None
    return cleanpress.clean(text, only=["related-headlines"], context=context)


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_a_label_is_a_marker_only_when_its_list_closes_the_page():
    closing = page(*ARTICLE, "More from the Harbour Gazette:", *HEADLINES)
    assert only_related(closing) == page(*ARTICLE)
    going_on = page(ARTICLE[0], "More from the harbour authority's plan:", *HEADLINES, ARTICLE[1])
    assert only_related(going_on) == going_on
    # A bare marker needs no such condition.
    assert only_related(page(ARTICLE[0], "Related", *HEADLINES, ARTICLE[1])) == page(*ARTICLE)


def test_a_marker_or_label_closing_the_page_goes_unless_the_trailing_run_is_off():
    for last in ("Related", "Read more:", "More from the Harbour Gazette:"):
        text = page(*ARTICLE, last)
        assert only_related(text) == page(*ARTICLE), last
        assert only_related(text, trailing_run=False) == text, last  # as HTML input sets it


def test_a_closing_marker_needs_prose_before_it():
    text = page("Harbour Gazette", "News and sport", "Related")
    assert only_related(text) == text


def test_labels_are_short_and_end_with_a_colon():
    assert related_headlines.is_label(Line(1, "Lesen Sie auch die folgenden Beiträge:"))
    assert not related_headlines.is_label(Line(1, "Lesen Sie auch die folgenden Beiträge"))
    assert not related_headlines.is_label(Line(1, "More from the authority's long list of plans for the harbour:"))
    assert not related_headlines.is_label(Line(1, "The authority published more:"))  # no marker at the start


def test_several_markers_closing_the_page_go_at_once_and_cleaning_again_changes_nothing():
    text = page(*ARTICLE, "Topics covered in the workshop:", "Tags:", "Related", "Read more:", *["Related"] * 8)
    once = only_related(text)
    assert once == page(*ARTICLE)
    assert only_related(once) == once
