"""The pass registry: every pass module is registered once, named and described, and has fixtures."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import regex

import cleanpress
from cleanpress import passes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
KEBAB = regex.compile(r"^[a-z]+(?:-[a-z]+)*$")


def _pass_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(passes.__path__) if not m.name.startswith("_"))


def test_every_pass_module_is_registered():
    registered = {m.__name__.rsplit(".", 1)[1] for m in passes.PASS_MODULES}
    assert _pass_modules(), "no pass modules found"
    assert set(_pass_modules()) == registered


def test_registered_once_in_one_order():
    assert len(passes.PASS_MODULES) == len(set(passes.PASS_MODULES))
    assert [p.name for p in passes.PASSES] == [m.NAME for m in passes.PASS_MODULES]
    assert cleanpress.PASS_NAMES == tuple(p.name for p in cleanpress.PASSES)


def test_names_are_unique_kebab_case():
    names = [p.name for p in passes.PASSES]
    assert len(names) == len(set(names))
    for name in names:
        assert KEBAB.match(name), name


def test_every_pass_has_a_docstring_description():
    for module in passes.PASS_MODULES:
        doc = (module.__doc__ or "").strip()
        assert doc, f"{module.__name__} has no docstring"
        first = doc.splitlines()[0]
        assert len(first.split()) >= 4, f"{module.__name__}: first docstring line is not a description: {first!r}"
        assert len(doc.splitlines()) > 1, f"{module.__name__}: say what the pass keeps, not only what it removes"
    for p in passes.PASSES:
        assert p.description and p.description == (importlib.import_module(p.run.__module__).__doc__ or "").strip().splitlines()[0]


def test_every_pass_has_a_fixture_folder():
    """Each pass has fixtures/passes/<name>/ with at least one case (run with only that pass)."""
    for name in cleanpress.PASS_NAMES:
        folder = FIXTURES / "passes" / name
        assert folder.is_dir(), f"no fixtures for pass {name!r}: add {folder.relative_to(FIXTURES.parent)}/"
        cases = [p for p in folder.glob("*.txt") if not p.name.endswith(".expected.txt")]
        assert cases, f"{name}: no <case>.txt in {folder}"


def test_every_fixture_folder_names_a_pass():
    folders = {p.name for p in (FIXTURES / "passes").iterdir() if p.is_dir()}
    assert folders <= set(cleanpress.PASS_NAMES), folders - set(cleanpress.PASS_NAMES)


def test_expected_files_have_an_input():
    for expected in FIXTURES.rglob("*.expected.txt"):
        assert expected.with_name(expected.name.replace(".expected.txt", ".txt")).exists(), expected


def _fixture_texts() -> list[str]:
    paths = sorted(p for p in FIXTURES.rglob("*.txt") if not p.name.endswith(".expected.txt"))
    assert paths, "no fixtures"
    return [p.read_text(encoding="utf-8") for p in paths]


def test_line_local_passes_judge_each_line_alone():
    """A pass marked LINE_LOCAL (not run again in later rounds) drops a line on a page exactly
    when it drops that line given alone, with the same context; checked on every fixture page,
    with each fixture site's counts (harbour-gazette, quayside-notes) so that site-template and
    site-affixes have something to judge."""
    from cleanpress import site
    from cleanpress.model import Document
    from cleanpress.patterns import UserPatterns
    from cleanpress.pipeline import Context

    texts = _fixture_texts()
    contexts = []
    for name in ("harbour-gazette", "quayside-notes"):
        pages = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "sites" / name).glob("*.txt"))
                 if not p.name.endswith(".expected.txt")]
        contexts.append(Context(site=site.merge(*map(site.count_page, pages)),
                                patterns=UserPatterns(drop=[r"^Photo", r"\d{4}$"])))
    local = [p for p in passes.PASSES if p.line_local]
    assert {p.name for p in local} >= {"legal-notices", "interface-words", "site-template", "site-affixes"}
    for pass_ in local:
        judged = 0
        for context in contexts:
            for text in texts:
                doc = Document.from_lines(text.splitlines(keepends=True))
                on_page = {n for d in pass_.run(doc, context) for n in d.lines() if doc.line(n).text}
                alone = {line.number for line in doc.lines if line.text
                         and any(pass_.run(Document([line.renumbered(1)]), context))}
                assert on_page == alone, (pass_.name, text[:60])
                judged += len(on_page)
        assert judged, f"{pass_.name} dropped nothing on the fixtures: the check says nothing"


def test_importing_cleanpress_loads_no_stoplists_and_no_html_parser():
    """`import cleanpress` is paid by every pipe of one page and every hook run: the stoplists
    (justext) and lxml load when a page is first judged, not at import."""
    import subprocess
    import sys

    code = "import sys, cleanpress; print(sorted(m for m in ('justext', 'lxml', 'trafilatura') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_each_pass_lives_in_the_module_named_after_it():
    """`empty-fragments` in `empty_fragments.py`: a name in --explain output leads to its file."""
    for module in passes.PASS_MODULES:
        assert module.__name__.rsplit(".", 1)[1] == module.NAME.replace("-", "_"), module.__name__
