"""Text written one text node a line (a Scrapy spider's `//body//text()`, BeautifulSoup's `get_text("\\n")`):
a sentence cut at its links is read as one line, and drops still name input lines."""
from __future__ import annotations

import cleanpress
from cleanpress.model import Document, join_text_nodes
from cleanpress.pipeline import split_lines

NODES = [
    "The harbour ferry will run every forty minutes from December, the \n",
    "town council\n",
    " said on Tuesday.\n",
    "By \n",
    "Ann Trewin\n",
    ", 3 November\n",
]


def test_a_sentence_cut_at_its_links_is_one_line():
    doc = Document.from_lines(join_text_nodes(NODES))
    assert [line.text for line in doc.lines] == [
        "The harbour ferry will run every forty minutes from December, the town council said on Tuesday.",
        "By Ann Trewin, 3 November",
    ]


def test_lines_of_other_scrapers_stay_as_they_are():
    blocks = ["Home\n", "News\n", "\n", "The ferry runs every forty minutes.\n", "  indented code\n", "- item\n", "|---|\n"]
    assert join_text_nodes(blocks) == blocks


def test_a_blank_line_ends_a_sentence_even_after_a_space():
    assert join_text_nodes(["Learn more \n", "\n", "here\n"]) == ["Learn more \n", "\n", "here\n"]


def test_drops_of_joined_lines_name_every_input_line():
    text = "Share \nthis\n" + "".join(NODES) + "\n"
    result = cleanpress.clean_and_explain(text, only=["interface-words"])
    assert [(d.first, d.last) for d in result.drops] == [(1, 2)]  # "Share this", read as one line from two
    assert result.text == "".join(NODES) + "\n"
    lines = split_lines(text)
    kept = [raw for n, raw in enumerate(lines, 1) if n not in result.drops[0].lines()]
    assert "".join(kept) == result.text


def test_the_split_is_the_same_when_the_output_is_read_again():
    text = "Share \nthis\n" + "".join(NODES)
    once = cleanpress.clean(text)
    assert join_text_nodes(split_lines(once)) == [g for g in join_text_nodes(split_lines(text)) if g in once]
    assert cleanpress.clean(once) == once


def test_reasons_name_lines_by_their_input_numbers():
    """The article region a page-structure reason names starts on the input line of the region's first
    line, not on its position among the joined lines (or among a later round's lines)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "en-text-nodes.txt").read_text(encoding="utf-8")
    result = cleanpress.clean_and_explain(text)
    regions = {re.search(r"\(lines (\d+)-(\d+)", d.reason).groups() for d in result.drops if d.pass_name == "page-structure"}
    assert len(regions) == 1
    first, last = (int(n) for n in regions.pop())
    lines = text.splitlines()
    assert lines[first - 1].startswith("The harbour ferry will run every forty minutes")
    assert lines[last - 1].startswith("The council hopes to hire two new skippers")
