"""Many files on several processes: `--jobs N` gives exactly what `--jobs 1` gives.

Outputs, stdout (explanations, diffs), stderr (errors, warnings, the summary) and exit codes
are compared byte for byte between one job and several, for folder runs with site-level
counting (phase one in parallel, merged) and without it, and for a saved profile.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleanpress import batch
from cleanpress.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Two site folders of real fixture pages, a binary file and a cp1252 page."""
    root = tmp_path / "in"
    site = root / "harbour-gazette"
    site.mkdir(parents=True)
    for page in (FIXTURES / "sites" / "harbour-gazette").glob("*.txt"):
        if not page.name.endswith(".expected.txt"):
            shutil.copy(page, site / page.name)
    pages = root / "pages"
    pages.mkdir()
    for page in sorted((FIXTURES / "pages").glob("*.txt")):
        if not page.name.endswith(".expected.txt"):
            shutil.copy(page, pages / page.name)
    (pages / "zz-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (pages / "legacy.txt").write_bytes("Caf\xe9 cr\xe8me, na\xefve d\xe9j\xe0 vu.\nShare\n".encode("cp1252"))
    return root


def run(*args: str):
    result = CliRunner().invoke(main, ["clean", *args], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr_bytes


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site_args", [[], ["--no-site"], ["--no-eras"]])
def test_jobs_give_the_same_output_files_stdout_and_stderr(tree, tmp_path, site_args):
    one = run(str(tree), "-o", str(tmp_path / "one"), "--explain", "--jobs", "1", *site_args)
    many = run(str(tree), "-o", str(tmp_path / "many"), "--explain", "--jobs", "3", *site_args)
    assert one == many
    assert one[0] == 2  # the binary file
    assert b"harbour-gazette" in one[1] and b"comment-widgets" in one[1]  # explanations were printed
    assert b"zz-binary.txt: binary data" in one[2]
    written = files_of(tmp_path / "one")
    assert written == files_of(tmp_path / "many")
    plan = written.pop(".cleanpress-sites.json", None)  # the site counts, kept for a second run
    assert (plan is None) == (site_args == ["--no-site"])
    assert len(written) == len(list(tree.rglob("*.txt"))) - 1  # everything but the binary file


def test_site_counts_from_workers_match_the_serial_count(tree):
    """Phase one in workers (fingerprints merged here) equals site.page_stats over the texts."""
    from cleanpress import files, site

    sources = list(files.discover([tree]))
    tasks = [batch.PageTask(s, False, None, "folder") for s in sources]
    texts = []
    for s in sources:
        try:
            texts.append((s.path, site.site_key(s.relative, s.root, "", "folder"), files.read(s.path).text))
        except files.InputError:
            pass
    expected = site.page_stats(texts)
    assert batch.site_stats(tasks, jobs=3) == expected == batch.site_stats(tasks, jobs=1)
    assert expected[tree / "harbour-gazette" / "bakery.txt"].pages == 5


def test_jobs_give_the_same_diff_and_check(tree):
    for mode in ("--diff", "--check"):
        assert run(str(tree), mode, "--jobs", "1") == run(str(tree), mode, "--jobs", "2")


def test_jobs_in_place_rewrite_the_same_files(tree, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy)
    one = run(str(tree), "--in-place", "--jobs", "1")
    many = run(str(copy), "--in-place", "--jobs", "3")
    assert one[0] == many[0] == 2
    assert one[2].replace(str(tree).encode(), b"ROOT") == many[2].replace(str(copy).encode(), b"ROOT")
    assert b"Cleaning " in one[2]
    assert files_of(tree) == files_of(copy)


def test_ordered_map_keeps_the_order_across_workers():
    items = list(range(1000))
    assert list(batch.ordered_map(_square, items, jobs=2, chunk_size=7)) == [i * i for i in items]
    assert list(batch.ordered_map(_square, iter(items), jobs=1)) == [i * i for i in items]


def test_ordered_map_gives_the_workers_the_state():
    assert list(batch.ordered_map(_with_state, range(50), jobs=2, chunk_size=3, state=10)) == list(range(10, 60))


def _square(x: int) -> int:
    return x * x


def _with_state(x: int) -> int:
    return x + batch.state()
