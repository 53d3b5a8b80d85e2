"""HTML input: extraction with trafilatura, then the passes; .html/.htm in, .txt out; stdin sniffing."""
from __future__ import annotations

from click.testing import CliRunner

import cleanpress
from cleanpress import html
from cleanpress.cli import main

ARTICLE = [
    "The harbour authority approved the new quay on Tuesday after two years of planning and public hearings.",
    "Fishermen had asked for more berths since the old pier was closed in the winter storms of last year.",
    "Work starts in March, and the authority expects the first boats to moor there before the summer season.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>New quay approved</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>New quay approved</h1>
<p>{ARTICLE[0]}</p>
<p>Share</p>
<p>{ARTICLE[1]}</p>
<p>{ARTICLE[2]}</p>
<p>Sign up for our newsletter</p>
</article>
<footer><p>&copy; 2024 Harbour Gazette. All rights reserved.</p></footer>
</body></html>
"""


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_extract_keeps_the_article_and_the_passes_remove_leftovers():
    extracted = html.extract(PAGE)
    for sentence in ARTICLE:
        assert sentence in extracted
    cleaned = cleanpress.Cleaner().clean(PAGE, html=True)
    for sentence in ARTICLE:
        assert sentence in cleaned
    for leftover in ("Share\n", "Sign up for our newsletter", "Home\n", "All rights reserved"):
        assert leftover not in cleaned
    assert set(cleaned.splitlines()) <= set(extracted.splitlines())  # passes only remove lines


def test_html_config_skips_page_structure_unless_only_asks_for_it():
    config = cleanpress.Config()
    assert "page-structure" in config.for_html().skip
    assert config.for_html().option("related-headlines", "trailing_run") is False
    set_by_user = cleanpress.Config(options={"related-headlines": {"trailing_run": True}}).for_html()
    assert set_by_user.option("related-headlines", "trailing_run") is True
    assert cleanpress.Config(only=("page-structure",)).for_html().skip == ()


def test_html_file_is_written_as_txt(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "quay.html").write_text(PAGE, encoding="utf-8")
    (src / "old.htm").write_text(PAGE, encoding="utf-8")
    (src / "note.txt").write_text("Share\n" + ARTICLE[0] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("clean", str(src), "--glob", "*.html", "--glob", "*.htm", "--glob", "*.txt", "-o", str(out), "--no-site")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["note.txt", "old.txt", "quay.txt"]
    text = (out / "quay.txt").read_text(encoding="utf-8")
    assert all(sentence in text for sentence in ARTICLE) and "<p>" not in text and "Share" not in text
    assert (out / "note.txt").read_text(encoding="utf-8") == ARTICLE[0] + "\n"
    # Only the HTML, with --glob '*.html':
    only = tmp_path / "only"
    assert invoke("clean", str(src), "--glob", "*.html", "-o", str(only), "-q").exit_code == 0
    assert [p.name for p in only.iterdir()] == ["quay.txt"]


def test_one_html_file_to_stdout_and_explain(tmp_path):
    page = tmp_path / "quay.html"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke("clean", str(page))
    assert result.exit_code == 0
    assert ARTICLE[0] in result.stdout and "<html" not in result.stdout
    explained = invoke("clean", "--explain", str(page)).stdout.splitlines()
    assert any(line.startswith(f"{page}:") and "subscribe-prompts" in line for line in explained)


def test_stdin_html_is_sniffed_and_text_is_not(tmp_path):
    result = invoke("clean", input=PAGE)
    assert result.exit_code == 0 and ARTICLE[1] in result.stdout and "<p>" not in result.stdout
    text = "Use the <p> tag for paragraphs, the manual says, and close it.\n"
    assert invoke("clean", input=text).stdout == text
    assert not html.looks_like_html(text) and html.looks_like_html(PAGE)
    fragment = "<div><p>" + ARTICLE[0] + "</p><p>" + ARTICLE[1] + "</p><p>" + ARTICLE[2] + "</p></div>"
    forced = invoke("clean", "--html", input=fragment)
    assert ARTICLE[0] in forced.stdout and "<p>" not in forced.stdout
    as_text = invoke("clean", "--no-html", input=PAGE).stdout  # cleaned as text: tags stay on their lines
    assert "<p>" + ARTICLE[2] + "</p>" in as_text


def test_in_place_refuses_html_and_name_clashes_are_errors(tmp_path):
    page = tmp_path / "quay.html"
    page.write_text(PAGE, encoding="utf-8")
    result = invoke("clean", "--in-place", str(page))
    assert result.exit_code == 2 and "write to -o OUT instead" in result.stderr
    assert page.read_text(encoding="utf-8") == PAGE
    (tmp_path / "quay.txt").write_text(ARTICLE[0] + "\n", encoding="utf-8")
    clash = invoke("clean", str(tmp_path), "--glob", "*.html", "--glob", "*.txt", "-o", str(tmp_path / "out"))
    assert clash.exit_code == 2 and "would both be written as" in clash.stderr
    assert not (tmp_path / "out").exists()
