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
