"""One run for every source: files, stdin and JSONL records go through `batch.clean_pages`.

Stdin once had its own read-decode-clean-write loop beside the files' (and JSONL beside both); the
tests here check the shared run keeps input order with workers, and that stdin is cleaned exactly
as the same bytes given as a file, read whole or streamed.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleanpress import Cleaner, batch, files, jsonl
from cleanpress.cli import main

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "duran-palmyra.txt"


def test_clean_pages_yields_outcomes_in_input_order_with_two_jobs(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    sources = []
    for i in range(40):  # pages of different sizes, so workers finish them out of order
        page = tmp_path / f"p{i:02d}.txt"
        page.write_text(f"Page number {i}.\n" + text * (1 + (i * 7) % 5), encoding="utf-8")
        sources.append(files.Source(page, Path(page.name), tmp_path))
    tasks = [batch.CleanTask(source, False, keep_text=True) for source in sources]
    settings = batch.Settings(Cleaner())
    outcomes = list(batch.clean_pages(tasks, settings, jobs=2, chunk_size=1))
    assert [o.path for o in outcomes] == [s.path for s in sources]
    assert [o.before.splitlines()[0] for o in outcomes] == [f"Page number {i}." for i in range(40)]
    assert list(batch.clean_pages(tasks, settings, jobs=1)) == outcomes


def test_records_and_files_are_pages_of_the_same_run(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    record = jsonl.Record(1, (json.dumps({"text": text}) + "\n").encode())
    pages = [batch.CleanTask(files.Source(page, Path(page.name), tmp_path), False, keep_text=True)]
    by_file = next(batch.clean_pages(pages, batch.Settings(Cleaner())))
    by_record = next(batch.clean_pages([record], jsonl.Settings(Cleaner())))
    assert json.loads(by_record.data)["text"] == by_file.after != text


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("flags", [[], ["--explain"], ["--check"], ["--diff"]])
def test_stdin_is_cleaned_as_the_same_bytes_given_as_a_file(tmp_path: Path, monkeypatch, large: bool,
                                                           flags: list[str]) -> None:
    if large:  # streamed segment by segment: stdin spooled, the file read as a large file
        monkeypatch.setattr(files, "STREAM_BYTES", 2000)
    page = tmp_path / "page.txt"
    page.write_bytes(FIXTURE.read_bytes() * 3)
    by_name = CliRunner().invoke(main, ["clean", *flags, str(page)])
    by_stdin = CliRunner().invoke(main, ["clean", *flags], input=page.read_bytes())
    assert by_name.exit_code == by_stdin.exit_code == (1 if flags in (["--check"], ["--diff"]) else 0)
    named = by_name.stdout_bytes
    if flags == ["--explain"]:
        named = named.replace(f"{page}:".encode(), b"-:")
    if flags == ["--diff"]:
        named = named.replace(str(page).encode(), b"-")
    assert by_stdin.stdout_bytes == named
    assert bool(named) == (flags != ["--check"])  # --check writes nothing on stdout
    # The same warnings; a file run adds "Would clean PATH" (--check) and a summary line, which stdin has not.
    said = [line for line in by_name.stderr.splitlines()
            if line != f"Would clean {page}" and not line.startswith("1 file ")]
    assert by_stdin.stderr.replace("<stdin>", str(page)).splitlines() == said
