"""Golden fixtures: `<case>.txt` cleaned must equal `<case>.expected.txt`.

Layout (see fixtures/):
- fixtures/*.txt and fixtures/pages/*.txt run through the whole pipeline;
- fixtures/passes/<pass-name>/*.txt run with only that pass;
- a case with no `.expected.txt` is a noop case: it must come back unchanged,
  with no drop at all;
- a `<case>.xfail` file holds the reason of a known miss: the case is then a
  strict xfail, so fixing the miss makes the suite say so;
- page-structure's cases say what their text is: a case named `*extracted*` is
  an extractor's output, the others are whole pages as a scraper dumps them
  (`--input`); these short hand-written pages are no test of telling the two
  apart, which fixtures/pages/ and docs/quality.md measure.
Every case with an expected output is also checked for stability: cleaning the
expected output changes nothing. (fixtures/sites/ belongs to the site-level
tests.)
"""
from __future__ import annotations

from pathlib import Path

import pytest

import cleanpress

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "duran-palmyra.txt"


def _read(path: Path) -> str:
    # Bytes -> str without newline translation: the fixtures' line endings are part of the case.
    return path.read_bytes().decode("utf-8")


def _expected_path(case: Path) -> Path:
    return case.with_name(case.name[: -len(".txt")] + ".expected.txt")


def _only(case: Path) -> list[str]:
    rel = case.relative_to(FIXTURES)
    return [rel.parts[1]] if rel.parts[0] == "passes" else []


def _context(case: Path) -> cleanpress.Context | None:
    if _only(case) != ["page-structure"]:
        return None
    return cleanpress.Context(input="extracted" if "extracted" in case.name else "page")


def _cases() -> list[Path]:
    found = [*FIXTURES.glob("*.txt"), *(FIXTURES / "pages").glob("*.txt"), *(FIXTURES / "passes").glob("*/*.txt")]
    return sorted(p for p in found if not p.name.endswith(".expected.txt"))


def _param(case: Path):
    marks = []
    xfail = case.with_suffix(".xfail")
    if xfail.exists():
        marks.append(pytest.mark.xfail(strict=True, reason=xfail.read_text(encoding="utf-8").strip()))
    return pytest.param(case, id=case.relative_to(FIXTURES).as_posix(), marks=marks)


CASES = _cases()
GOLDEN = [c for c in CASES if _expected_path(c).exists()]


def test_fixtures_are_found():
    assert SAMPLE in CASES
    assert len(GOLDEN) >= 10
    assert len(CASES) - len(GOLDEN) >= 10  # noop cases


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_golden(case: Path):
    text = _read(case)
    expected_path = _expected_path(case)
    result = cleanpress.clean_and_explain(text, only=_only(case), context=_context(case))
    if expected_path.exists():
        expected = _read(expected_path)
        assert expected != text, "an expected output equal to its input: make it a noop case instead"
        assert result.text == expected
        assert result.changed
    else:
        assert result.drops == (), "noop case: nothing may be dropped"
        assert result.text == text
        assert not result.changed


@pytest.mark.parametrize("case", [pytest.param(c, id=c.relative_to(FIXTURES).as_posix()) for c in GOLDEN])
def test_golden_is_stable(case: Path):
    expected = _read(_expected_path(case))
    result = cleanpress.clean_and_explain(expected, only=_only(case), context=_context(case))
    assert result.text == expected
    assert result.drops == ()


def test_per_pass_cases_only_drop_with_their_pass():
    for case in CASES:
        only = _only(case)
        if only:
            drops = cleanpress.clean_and_explain(_read(case), only=only, context=_context(case)).drops
            assert {d.pass_name for d in drops} <= set(only), case


# The sample's drops, line by line, with the passes allowed to claim each (issue 2).
SAMPLE_DROPS = {
    1: {"empty-fragments"},  # "in ,"
    5: {"legal-notices"},  # the disclaimer, first copy
    89: {"interface-words", "comment-widgets"},  # "Report", next to the widget
    91: {"legal-notices", "repeated-blocks"},  # the disclaimer, second copy
    93: {"comment-widgets"},  # "What do you think?"
    **{n: {"comment-widgets"} for n in range(95, 101)},  # Subscribe ... View all comments
    102: {"related-headlines"},
    104: {"related-headlines"},
}


def test_sample_drops_name_the_pass_and_a_reason():
    text = _read(SAMPLE)
    lines = text.split("\n")
    result = cleanpress.clean_and_explain(text)
    claimed: dict[int, str] = {}
    for drop in result.drops:
        assert drop.reason.strip(), drop
        for n in drop.lines():
            claimed[n] = drop.pass_name
    dropped_content = {n: p for n, p in claimed.items() if lines[n - 1].strip()}
    assert set(dropped_content) == set(SAMPLE_DROPS)
    for n, pass_name in dropped_content.items():
        assert pass_name in SAMPLE_DROPS[n], (n, lines[n - 1], pass_name)
