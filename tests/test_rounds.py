"""Rounds: the pipeline cleans its own output until nothing more drops, and the last round reads
the text as cleaning it again would (without what earlier rounds dropped around each line), so
cleaning twice changes nothing, with or without a site's counts."""
from __future__ import annotations

from pathlib import Path

import pytest

import cleanpress
from cleanpress import passes, pipeline, site
from cleanpress.model import Document
from cleanpress.pipeline import Context, assemble, find_drops, split_lines

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SITES = [FIXTURES / "sites" / name for name in ("harbour-gazette", "quayside-notes")]

# Found by hypothesis: the first round drops three copies of a line; page-structure, which counts
# them next to the lines they stood by, keeps the closing "A" that it drops on the text read afresh.
HISTORY_KEPT_A_LINE = (
    "The council met on Monday to discuss the budget for the coming year.\n"
    "The council met on Monday to discuss the budget for the coming year.\n"
    "The council met on Monday to discuss the budget for the coming year.\n"
    "Residents who subscribe to the local paper were told about the plan in March.\n"
    "The council met on Monday to discuss the budget for the coming year.\n"
    "“If the boat stops, the island stops,” says the woman who runs the shop by the pier.\n"
    "Council approves new cycle lanes for the old town\n"
    "A\n"
)


def _pages() -> list[Path]:
    found = [*FIXTURES.glob("*.txt"), *(FIXTURES / "pages").glob("*.txt")]
    return sorted(p for p in found if not p.name.endswith(".expected.txt"))


def _site_pages(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))
            if not p.name.endswith(".expected.txt")}


def test_the_last_round_reads_the_text_afresh():
    as_page = Context(input="page")  # read as a whole page, where a closing "A" is not the article's
    once = cleanpress.clean(HISTORY_KEPT_A_LINE, context=as_page)
    assert "A\n" not in once.splitlines(keepends=True)  # the fresh read took it in the same run
    assert cleanpress.clean(once, context=as_page) == once


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_fixture_pages_cleaned_again_are_unchanged(page: Path):
    once = cleanpress.clean(page.read_bytes().decode("utf-8"))
    assert cleanpress.clean(once) == once


@pytest.mark.parametrize("folder", SITES, ids=lambda p: p.name)
def test_site_pages_cleaned_again_with_the_same_counts_are_unchanged(folder: Path):
    texts = _site_pages(folder)
    stats = site.page_stats([(name, folder.name, text) for name, text in texts.items()])
    changed = 0
    for name, text in texts.items():
        once = site.clean_page(text, stats[name]).text
        changed += once != text
        assert site.clean_page(once, stats[name]).text == once, name
    assert changed, "no page changed: the check says nothing"


def test_a_line_read_afresh_forgets_its_history_and_keeps_its_features():
    doc = Document.from_lines(["Share\n", "The old pier reopened on Saturday after two years of repairs.\n"])
    line = doc.lines[1]
    assert line.tokens  # computed once, kept from round to round
    line.history["example"] = (1, 0)
    carried = line.renumbered(1)
    assert carried.history == {"example": (1, 0)}
    carried.history["example"] = (2, 0)  # a later round's history is its own
    assert line.history == {"example": (1, 0)}
    fresh = line.renumbered(1, history=False)
    assert fresh.history == {}
    assert "tokens" in fresh.__dict__ and fresh.text == line.text


def test_passes_that_do_not_say_they_read_history_judge_the_carried_lines_as_a_fresh_read():
    """The confirming round runs only the passes marked READS_HISTORY: every other pass must drop
    the same lines from the lines the first round carries on (their caches kept) as from the same
    text read afresh, as cleaning it again reads it (fixture pages, with and without site counts)."""
    assert [p.name for p in passes.PASSES if p.reads_history] == ["page-structure"]
    contexts = [Context()]
    for folder in SITES:
        texts = _site_pages(folder)
        contexts.append(Context(site=site.merge(*map(site.count_page, texts.values()))))
    pages = [p.read_bytes().decode("utf-8") for p in _pages()]
    carried_history = judged = 0
    for context in contexts:
        for text in pages:
            raw = split_lines(text)
            doc = Document.from_lines(raw)
            find_drops(doc, passes.PASSES, context)  # the first round: page-structure writes its history
            kept, out = assemble(raw, doc.dropped)
            # The first round's output, and (so that the passes have something to drop) the whole page
            # again, each once with the lines as the first round left them and once read afresh.
            pairs = [(Document([doc.lines[n - 1].renumbered(k) for k, n in enumerate(kept, 1)]),
                      Document.from_lines(split_lines(out))),
                     (Document([line.renumbered(line.number) for line in doc.lines]), Document.from_lines(raw))]
            carried_history += any(line.history for line in pairs[0][0].lines)
            for carried, fresh in pairs:
                for pass_ in passes.PASSES:
                    if pass_.reads_history:
                        continue
                    on_carried = [carried.line(n).text for d in pass_.run(carried, context) for n in d.lines()]
                    on_fresh = [fresh.line(n).text for d in pass_.run(fresh, context) for n in d.lines()]
                    assert on_carried == on_fresh, (pass_.name, text[:60])
                    judged += len(on_fresh)
    assert carried_history, "no line carried history: the check says nothing"
    assert judged, "no pass dropped anything: the check says nothing"


def test_a_lines_cache_holds_nothing_that_earlier_rounds_decided():
    """What passes cache on a line (`__dict__`) is carried into every later round and into the fresh
    read; only `history` is left behind. So every cached value must be the one the same text read
    afresh gets: after a round over the carried lines and one over the text read afresh, the values
    both cached agree (fixture pages, with and without site counts)."""
    contexts = [Context()] + [Context(site=site.merge(*map(site.count_page, _site_pages(folder).values())))
                              for folder in SITES]
    compared = 0
    for context in contexts:
        for path in _pages():
            raw = split_lines(path.read_bytes().decode("utf-8"))
            doc = Document.from_lines(raw)
            find_drops(doc, passes.PASSES, context)
            kept, out = assemble(raw, doc.dropped)
            carried = Document([doc.lines[n - 1].renumbered(k) for k, n in enumerate(kept, 1)])
            fresh = Document.from_lines(split_lines(out))
            find_drops(carried, passes.PASSES, context)
            find_drops(fresh, passes.PASSES, context)
            for old, new in zip(carried.lines, fresh.lines):
                for key in old.__dict__.keys() & new.__dict__.keys():
                    assert old.__dict__[key] == new.__dict__[key], (path.name, key, old.text[:60])
                    compared += 1
    assert compared > 1000, "too few cached values compared: the check says little"


def test_a_page_that_does_not_settle_says_so(monkeypatch):
    text = (FIXTURES / "duran-palmyra.txt").read_text(encoding="utf-8")
    assert not any("did not settle" in w for w in cleanpress.clean_and_explain(text).warnings)
    monkeypatch.setattr(pipeline, "MAX_ROUNDS", 1)  # one round of drops, no fresh read to confirm it
    warnings = cleanpress.clean_and_explain(text).warnings
    assert any("did not settle in 1 rounds" in w for w in warnings), warnings


def test_a_page_settled_in_the_last_round_allowed_does_not_warn(monkeypatch):
    text = (FIXTURES / "duran-palmyra.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(pipeline, "MAX_ROUNDS", 2)  # drops, then a round that drops nothing: the fresh read still decides
    result = cleanpress.clean_and_explain(text)
    assert not any("did not settle" in w for w in result.warnings), result.warnings
    assert cleanpress.clean(result.text) == result.text


def test_the_summary_counts_an_unsettled_page_apart_from_losses(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from cleanpress.cli import main

    page = tmp_path / "page.txt"
    page.write_bytes((FIXTURES / "duran-palmyra.txt").read_bytes())
    monkeypatch.setattr(pipeline, "MAX_ROUNDS", 1)
    result = CliRunner().invoke(main, ["clean", str(page), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "did not settle in 1 rounds" in result.stderr
    assert "1 did not settle" in result.stderr
    assert "lost most" not in result.stderr
