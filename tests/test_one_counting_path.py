"""One counting path: every way of getting a site's counts reads pages the same way.

`learn` once counted raw files while a folder run counted what cleaning reads (for an HTML
page, the text extracted from it): five .html pages cleaned as a folder lost their template
lines, and the same pages cleaned with the profile `learn` made of them lost nothing.
"""
from __future__ import annotations

import html as html_escape
from pathlib import Path

from click.testing import CliRunner

from cleanpress.cli import main

GAZETTE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "harbour-gazette"


def _as_html(text: str) -> str:
    """A page whose article region holds every line of `text` as a paragraph (the site template included)."""
    body = "\n".join(f"<p>{html_escape.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gazette</title></head>\n"
            f"<body>\n<article>\n{body}\n</article>\n</body></html>\n")


def _html_site(tmp_path: Path) -> Path:
    root = tmp_path / "pages" / "harbour-gazette"
    root.mkdir(parents=True)
    for page in sorted(GAZETTE.glob("*.txt")):
        if not page.name.endswith(".expected.txt"):
            (root / page.with_suffix(".html").name).write_text(_as_html(page.read_text(encoding="utf-8")),
                                                              encoding="utf-8")
    return root


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_learn_then_profile_cleans_html_pages_as_a_folder_run_does(tmp_path: Path) -> None:
    root = _html_site(tmp_path)
    assert len(list(root.glob("*.html"))) == 5
    folder_run = CliRunner().invoke(main, ["clean", str(root), "--glob", "*.html", "-o", str(tmp_path / "folder")])
    assert folder_run.exit_code == 0, folder_run.output
    profile = tmp_path / "site.json"
    learned = CliRunner().invoke(main, ["learn", str(root), "--glob", "*.html", "-o", str(profile)])
    assert learned.exit_code == 0, learned.output
    assert "5 pages counted" in learned.stderr and "harbour-gazette (5)" in learned.stderr
    with_profile = CliRunner().invoke(main, ["clean", str(root), "--glob", "*.html", "--profile", str(profile),
                                             "-o", str(tmp_path / "profiled")])
    assert with_profile.exit_code == 0, with_profile.output
    by_folder, by_profile = _texts(tmp_path / "folder"), _texts(tmp_path / "profiled")
    assert len(by_folder) == 5 and by_profile == by_folder
    # The template the site's pages share is gone from every page: the counts were of the extracted text.
    assert all("About the Harbour Gazette" not in text for text in by_profile.values())
    assert all("Home\n" not in text for text in by_profile.values())
