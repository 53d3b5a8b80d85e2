"""page-structure's options: a language hint and the likelihood threshold, through config and flags."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cleanpress import ConfigError, config
from cleanpress.cli import main

PAGE = (Path(__file__).resolve().parent.parent / "fixtures" / "passes" / "page-structure"
        / "en-article-among-menus.txt")


def explain(*args: str) -> list[str]:
    result = CliRunner().invoke(main, ["clean", "--explain", "--only", "page-structure", "--input", "page", *args,
                                       str(PAGE)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if " page-structure " in line]


def test_language_hint_replaces_the_guess():
    guessed = explain()
    assert guessed and all(", English, " in line for line in guessed)
    assert explain("--set", "page-structure.language=English") == guessed
    # With German stopwords this English page has no prose to anchor a region on: nothing goes.
    assert explain("--set", "page-structure.language=German") == []


def test_a_language_without_a_stoplist_is_refused_with_the_valid_names(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.cleanpress.passes.page-structure]\nlanguage = 'Klingon'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'Klingon' is not one of auto, .*English.*German"):
        config.load(path)


def test_threshold_trades_kept_for_removed():
    # 0.6, not higher: this article's three paragraphs are rated about 0.9, and against a threshold
    # near that they weigh too little to form a region, so the page would be left whole.
    dropped = {}
    for threshold in ("0.05", "0.6"):
        lines = explain("--set", f"page-structure.threshold={threshold}")
        dropped[threshold] = sum(int(b) - int(a) + 1 for a, b in
                                 (line.split(":", 1)[1].split(" ", 1)[0].split("-") for line in lines))
    assert dropped["0.6"] > dropped["0.05"]


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ConfigError, match="from 0.05 to 0.95"):
        config.from_mapping({"passes": {"page-structure": {"threshold": 1.5}}})
