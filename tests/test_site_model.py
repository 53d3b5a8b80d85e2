"""page-structure's choice of model: the site model only for a page among its site's template."""
from __future__ import annotations

import pytest

from cleanpress import line_model, site
from cleanpress.model import Document, Line
from cleanpress.passes import page_structure
from cleanpress.pipeline import Context, run

TEMPLATE = ["Harbour Gazette", "Home | News | Sport | Weather", "Sign in", "Comments", "Leave a reply"]
ARTICLE = [
    "The old pier reopened on Saturday after two years of repairs, and the first ferry tied up at noon.",
    "Divers replaced forty of the oak piles that had rotted below the waterline since the storm of 2019.",
    "The harbour master said the pier can now take boats twice the size of those it served before.",
]
COMMENTS = ["Ann said:", "Lovely to see the ferry back, we took it to the island every summer as children."]


def site_counts(text: str, pages: int = 8):
    """The counts a folder run gives `text` among `pages` other pages of its site, each with the whole template."""
    others = [(f"other{k}", "s", "\n".join(TEMPLATE[:3] + [f"Story number {k} is about the {k}th boat to moor here."]
                                           + TEMPLATE[3:]) + "\n") for k in range(pages)]
    return site.page_stats(others + [("page", "s", text)])["page"]


def page(template_lines: int) -> str:
    top, bottom = TEMPLATE[: min(template_lines, 3)], TEMPLATE[3:template_lines]
    return "\n".join(["High tide 06:12 and 18:40"] + top + ARTICLE + bottom + COMMENTS) + "\n"


def analysed(text: str, stats):
    return page_structure.analyse(Document.from_lines(text.splitlines(keepends=True)), stats)


def test_template_gap_counts_the_template_lines_between_a_line_and_the_article():
    analysis = analysed(page(5), site_counts(page(5)))
    gap = {v.line.text: v.template_gap for v in analysis.views()}
    assert [gap[t] for t in ARTICLE] == [0, 0, 0]
    assert gap["Ann said:"] == 2  # under "Comments" and "Leave a reply"
    assert gap["High tide 06:12 and 18:40"] == 3  # above the article, the template lines in between
    rows = analysis.features()
    assert rows.shape[1] == len(line_model.SITE_FEATURES)


@pytest.mark.parametrize("template_lines, site_model", [(2, False), (page_structure.MIN_TEMPLATE_LINES, True), (5, True)])
def test_site_model_rates_only_pages_among_a_template(monkeypatch, template_lines: int, site_model: bool):
    used = []
    page_model, shipped_site_model = line_model.load(), line_model.load_site()

    class Spy:
        def __init__(self, name: str, model) -> None:
            self.name, self.model = name, model

        def probabilities(self, rows):
            used.append(self.name)
            return self.model.probabilities(rows)

    monkeypatch.setattr(line_model, "load", lambda: Spy("page", page_model))
    monkeypatch.setattr(line_model, "load_site", lambda: Spy("site", shipped_site_model))
    text = page(template_lines)
    stats = site_counts(text)
    analysis = analysed(text, stats)
    assert (analysis.template_gap is not None) == site_model
    assert all(v.template_gap == -1 for v in analysis.views()) != site_model
    out = run(text, context=Context(site=stats, input="page")).text  # a whole page: the extracted model stays out
    # page-structure judges the first round, and then the output read afresh, as cleaning it again
    # would, with the model that run would use (rounds between run the other passes only).
    assert len(used) >= 2, "one round: the fresh read was not exercised"
    assert used[0] == ("site" if site_model else "page")
    again = "site" if analysed(out, stats).template_gap is not None else "page"
    assert used[-1] == again
    if site_model:
        assert again == "page"  # the template is gone from the output


def test_a_page_alone_is_rated_by_the_page_model(monkeypatch):
    monkeypatch.setattr(line_model, "load_site", lambda: pytest.fail("site model used without a site"))
    assert analysed(page(5), None).template_gap is None
    run(page(5), context=Context(input="page"))


def test_later_rounds_keep_the_first_rounds_template_counts():
    text = page(5)
    stats = site_counts(text)
    doc = Document.from_lines(text.splitlines(keepends=True))
    first = page_structure.analyse(doc, stats).template_gap
    # The next round's page: the template lines gone, the other lines (and what they carry) kept.
    kept = [line for line in doc.lines if line.text not in TEMPLATE]
    later = Document([line.renumbered(k) for k, line in enumerate(kept, 1)])
    assert page_structure._site_evidence(later, later.live(), stats)[2] is None  # no template left to count
    analysis = page_structure.analyse(later, stats)
    gaps = dict(zip((line.text for line in analysis.live), analysis.template_gap))
    assert gaps["Ann said:"] == 2 and gaps["High tide 06:12 and 18:40"] == 3
    assert first is not None and max(first) == 3
