"""page-structure's `dropped_above` / `dropped_below`: what earlier passes took out next to a line."""
from __future__ import annotations

from cleanpress import line_model
from cleanpress.model import Document
from cleanpress.passes import page_structure

LINES = [
    "Home | News | Sport",  # 1, dropped
    "",  # 2
    "Share",  # 3, dropped
    "The old pier reopened on Saturday after two years of repairs, and the first ferry tied up at noon.",  # 4
    "Divers replaced forty of the oak piles that had rotted below the waterline since the storm of 2019.",  # 5
    "Related",  # 6, dropped
    "",  # 7
    "Another story about boats",  # 8, dropped
    "The harbour master said the pier can now take boats twice the size of those it served before.",  # 9
    "Sign in",  # 10, dropped
]
DROPPED = {1, 3, 6, 8, 10}


def _document() -> Document:
    doc = Document.from_lines([text + "\n" for text in LINES])
    doc.dropped.update(DROPPED)
    return doc


def runs_by_text(analysis) -> dict[str, tuple[int, int]]:
    return {line.text[:12]: run for line, run in zip(analysis.live, analysis.dropped)}


def test_counts_the_dropped_non_blank_lines_on_each_side_up_to_the_next_live_line():
    analysis = page_structure.analyse(_document())
    assert runs_by_text(analysis) == {
        "The old pier": (2, 0),  # the menu and "Share" above it, the blank line between them not counted
        "Divers repla": (0, 2),  # "Related" and the teaser below it
        "The harbour ": (2, 1),  # the same two above, "Sign in" below, at the end of the page
    }


def test_the_features_scale_the_runs_and_cap_them():
    analysis = page_structure.analyse(_document())
    rows = analysis.features()
    above = line_model.SITE_FEATURES.index("dropped_above")
    below = line_model.SITE_FEATURES.index("dropped_below")
    assert rows[:, above].tolist() == [2 / 5, 0.0, 2 / 5]
    assert rows[:, below].tolist() == [0.0, 2 / 5, 1 / 5]
    long_menu = Document.from_lines([f"Menu item {k}\n" for k in range(9)] + [LINES[k] + "\n" for k in (3, 4, 8)])
    long_menu.dropped.update(range(1, 10))
    capped = page_structure.analyse(long_menu).features()
    assert capped[0, above] == 1.0  # nine dropped lines count as five


def test_later_rounds_keep_the_first_rounds_counts():
    doc = _document()
    first = runs_by_text(page_structure.analyse(doc))
    # The next round's page holds only the lines still live, renumbered; nothing is dropped in it yet.
    kept = [line for line in doc.lines if line.number not in DROPPED]
    later = Document([line.renumbered(k) for k, line in enumerate(kept, 1)])
    assert runs_by_text(page_structure.analyse(later)) == first
