"""The `cleanpress` command: every mode, every exit code, and the stdout/stderr contract.

Click 8.2+ keeps stdout and stderr apart in `CliRunner` results (the old
`mix_stderr=False` is now the only behaviour): `result.stdout_bytes` is what a
pipe would receive, `result.stderr` what the user would read.
"""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleanpress
from cleanpress import PASS_NAMES, clean
from cleanpress.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "duran-palmyra.txt"
SAMPLE_EXPECTED = FIXTURES / "duran-palmyra.expected.txt"

DIRTY = "Share\n\nThe council met on Monday to discuss the budget for the coming year.\n\nAdvertisement\n"
DIRTY_CLEAN = "The council met on Monday to discuss the budget for the coming year.\n"
CLEAN = "The council met on Monday to discuss the budget for the coming year.\n"

EXPLAIN_LINE = re.compile(r"^(?P<path>.+):(?P<first>\d+)-(?P<last>\d+) (?P<pass>[a-z]+(?:-[a-z]+)*) (?P<reason>\S.*)$")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: bytes | str | None = None):
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def assert_usage_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert result.stdout_bytes == b"", "usage errors must not write to stdout"
    for fragment in fragments:
        assert fragment in result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# --- stdin, '-', one file -------------------------------------------------------------

def test_stdin_to_stdout(runner):
    result = invoke(runner, "clean", input=SAMPLE.read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == SAMPLE_EXPECTED.read_bytes()
    assert result.stderr == ""


def test_dash_means_stdin(runner):
    result = invoke(runner, "clean", "-", input=DIRTY)
    assert result.exit_code == 0
    assert result.stdout == DIRTY_CLEAN


def test_one_file_to_stdout(runner):
    result = invoke(runner, "clean", str(SAMPLE))
    assert result.exit_code == 0
    assert result.stdout_bytes == SAMPLE_EXPECTED.read_bytes()
    assert result.stderr == ""


def test_clean_input_comes_back_byte_identical(runner):
    result = invoke(runner, "clean", input=CLEAN)
    assert result.exit_code == 0
    assert result.stdout == CLEAN


def test_empty_stdin(runner):
    result = invoke(runner, "clean", input=b"")
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


# --- several files and folders -> -o OUT ----------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "scraped"
    write(src / "a.txt", DIRTY)
    write(src / "site" / "deep" / "b.txt", "Tweet\n" + CLEAN)
    write(src / "site" / "c.txt", CLEAN)
    write(src / "notes.md", DIRTY)
    write(src / ".cache" / "hidden.txt", DIRTY)
    return src


def test_folder_to_output_mirrors_relative_paths(runner, tree, tmp_path):
    out = tmp_path / "clean"
    result = invoke(runner, "clean", str(tree), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["a.txt", "site/c.txt", "site/deep/b.txt"]  # *.txt only, hidden folders skipped
    assert (out / "a.txt").read_text() == DIRTY_CLEAN
    assert (out / "site" / "deep" / "b.txt").read_text() == CLEAN
    assert (out / "site" / "c.txt").read_text() == CLEAN
    assert "2 files cleaned, 1 unchanged" in result.stderr
    assert (tree / "a.txt").read_text() == DIRTY  # inputs untouched


def test_files_and_folders_together(runner, tree, tmp_path):
    single = write(tmp_path / "single.txt", DIRTY)
    out = tmp_path / "clean"
    result = invoke(runner, "clean", str(single), str(tree / "site"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["c.txt", "deep/b.txt", "single.txt"]
    assert (out / "single.txt").read_text() == DIRTY_CLEAN


def test_glob_selects_other_files(runner, tree, tmp_path):
    out = tmp_path / "clean"
    result = invoke(runner, "clean", str(tree), "-o", str(out), "--glob", "*.md")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["notes.md"]
    assert (out / "notes.md").read_text() == DIRTY_CLEAN


def test_output_folder_inside_input_is_not_read_back(runner, tree):
    out = tree / "out"
    first = invoke(runner, "clean", str(tree), "-o", str(out))
    second = invoke(runner, "clean", str(tree), "-o", str(out))
    assert first.exit_code == second.exit_code == 0
    assert not (out / "out").exists()


def test_quiet_drops_the_summary(runner, tree, tmp_path):
    result = invoke(runner, "clean", str(tree), "-o", str(tmp_path / "clean"), "-q")
    assert result.exit_code == 0
    assert result.stderr == ""


# --- --in-place -------------------------------------------------------------------------

def test_in_place_rewrites_changed_files_and_says_so(runner, tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    tidy = write(tmp_path / "tidy.txt", CLEAN)
    result = invoke(runner, "clean", "--in-place", str(dirty), str(tidy))
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b""
    assert dirty.read_text() == DIRTY_CLEAN
    assert tidy.read_text() == CLEAN
    assert f"Cleaning {dirty}" in result.stderr.splitlines()
    assert f"Cleaning {tidy}" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if "cleanpress-tmp" in p.name]  # no temp file left
    again = invoke(runner, "clean", "--check", str(dirty))
    assert again.exit_code == 0  # cleaning the result again would change nothing


# --- --check ----------------------------------------------------------------------------

def test_check_exits_1_when_something_would_be_removed_and_writes_nothing(runner, tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    result = invoke(runner, "clean", "--check", str(dirty))
    assert result.exit_code == 1
    assert result.stdout_bytes == b""
    assert "1 file would clean" in result.stderr
    assert dirty.read_text() == DIRTY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dirty.txt"]


def test_check_exits_0_when_nothing_would_be_removed(runner, tmp_path):
    tidy = write(tmp_path / "tidy.txt", CLEAN)
    result = invoke(runner, "clean", "--check", str(tidy))
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


def test_check_on_stdin(runner):
    assert invoke(runner, "clean", "--check", input=DIRTY).exit_code == 1
    result = invoke(runner, "clean", "--check", input=CLEAN)
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


def test_check_over_a_folder_with_one_dirty_file(runner, tree):
    result = invoke(runner, "clean", "--check", str(tree / "site"))
    assert result.exit_code == 1
    assert "1 file would clean, 1 unchanged" in result.stderr


# --- --diff -----------------------------------------------------------------------------

def test_diff_prints_a_unified_diff_and_writes_nothing(runner, tmp_path):
    dirty = write(tmp_path / "dirty.txt", DIRTY)
    result = invoke(runner, "clean", "--diff", str(dirty))
    assert result.stdout.startswith(f"--- {dirty}\n+++ {dirty} (cleaned)\n@@ ")
    assert "-Share\n" in result.stdout
    assert "-Advertisement\n" in result.stdout
    assert f" {CLEAN}" in result.stdout  # the kept line is context
    assert dirty.read_text() == DIRTY
    # Like diff(1) and the check mode it previews: 1 when there is a difference.
    assert result.exit_code == 1


def test_diff_of_a_clean_file_is_empty(runner, tmp_path):
    tidy = write(tmp_path / "tidy.txt", CLEAN)
    result = invoke(runner, "clean", "--diff", str(tidy))
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


def test_diff_marks_a_missing_final_newline(runner):
    result = invoke(runner, "clean", "--diff", input="Share\nThe council met on Monday.")
    assert "\\ No newline at end of file\n" in result.stdout


# --- --explain --------------------------------------------------------------------------

def test_explain_prints_one_line_per_drop(runner):
    result = invoke(runner, "clean", "--explain", str(SAMPLE))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines, "the sample has drops"
    for line in lines:
        m = EXPLAIN_LINE.match(line)
        assert m, line
        assert m["path"] == str(SAMPLE)
        assert int(m["first"]) <= int(m["last"])
        assert m["pass"] in PASS_NAMES
    assert any(re.match(rf"{re.escape(str(SAMPLE))}:1-1 empty-fragments .*'in ,'", line) for line in lines)


def test_explain_with_output_writes_files_and_explains_on_stdout(runner, tree, tmp_path):
    out = tmp_path / "clean"
    result = invoke(runner, "clean", "--explain", str(tree), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "a.txt").read_text() == DIRTY_CLEAN
    lines = result.stdout.splitlines()
    assert lines == [
        f"{tree / 'a.txt'}:1-1 interface-words interface words only: 'Share'",
        f"{tree / 'a.txt'}:5-5 interface-words interface words only: 'Advertisement'",
        f"{tree / 'site' / 'deep' / 'b.txt'}:1-1 interface-words interface words only: 'Tweet'",
    ]
    assert "cleaned" in result.stderr  # the summary stays on stderr


def test_explain_on_stdin_names_it_dash(runner):
    result = invoke(runner, "clean", "--explain", input=DIRTY)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "-:1-1 interface-words interface words only: 'Share'",
        "-:5-5 interface-words interface words only: 'Advertisement'",
    ]


def test_explain_of_a_clean_input_prints_nothing(runner):
    result = invoke(runner, "clean", "--explain", input=CLEAN)
    assert result.exit_code == 0
    assert result.stdout_bytes == b""


# --- --skip / --only --------------------------------------------------------------------

def test_only_runs_the_named_pass(runner):
    result = invoke(runner, "clean", "--only", "empty-fragments", str(SAMPLE))
    assert result.exit_code == 0
    text = SAMPLE.read_text(encoding="utf-8")
    assert result.stdout == clean(text, only=["empty-fragments"])
    assert not result.stdout.startswith("in ,")
    assert "Report\n" in result.stdout


def test_skip_leaves_that_pass_out(runner):
    result = invoke(runner, "clean", "--skip", "interface-words", input=DIRTY)
    assert result.exit_code == 0
    assert result.stdout == DIRTY


def test_skip_and_only_are_repeatable(runner):
    result = invoke(runner, "clean", "--only", "legal-notices", "--only", "empty-fragments", str(SAMPLE))
    text = SAMPLE.read_text(encoding="utf-8")
    assert result.stdout == clean(text, only=["legal-notices", "empty-fragments"])
    result = invoke(runner, "clean", "--skip", "legal-notices", "--skip", "comment-widgets", str(SAMPLE))
    assert result.stdout == clean(text, skip=["legal-notices", "comment-widgets"])


@pytest.mark.parametrize("option", ["--skip", "--only"])
def test_unknown_pass_is_a_usage_error_that_lists_the_valid_ones(runner, option):
    result = invoke(runner, "clean", option, "no-such-pass", input=DIRTY)
    assert_usage_error(result, "no-such-pass", *PASS_NAMES)


# --- passes -----------------------------------------------------------------------------

def test_passes_lists_every_pass_with_its_description(runner):
    result = invoke(runner, "passes")
    assert result.exit_code == 0
    table = result.stdout.split("\n\n")[0].splitlines()
    lines = [line for line in table if not line.startswith(" ")]  # indented: a pass's options
    assert [line.split()[0] for line in lines] == list(PASS_NAMES)
    for line in lines:
        name, description = line.split(None, 1)
        assert len(description) > 10, line


# --- usage and input errors ---------------------------------------------------------------

def test_output_and_in_place_together(runner, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    assert_usage_error(invoke(runner, "clean", str(f), "-o", str(tmp_path / "out"), "--in-place"), "--in-place")
    assert f.read_text() == DIRTY


@pytest.mark.parametrize("mode", ["--check", "--diff"])
def test_preview_modes_refuse_to_write(runner, tmp_path, mode):
    f = write(tmp_path / "a.txt", DIRTY)
    assert_usage_error(invoke(runner, "clean", mode, str(f), "-o", str(tmp_path / "out")), "write nothing")
    assert_usage_error(invoke(runner, "clean", mode, str(f), "--in-place"), "write nothing")
    assert not (tmp_path / "out").exists()
    assert f.read_text() == DIRTY


def test_several_inputs_need_a_destination(runner, tmp_path):
    a = write(tmp_path / "a.txt", DIRTY)
    b = write(tmp_path / "b.txt", DIRTY)
    assert_usage_error(invoke(runner, "clean", str(a), str(b)), "-o OUT")
    assert_usage_error(invoke(runner, "clean", str(tmp_path)), "-o OUT")  # a folder, even with one file


def test_output_must_be_a_folder(runner, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    taken = write(tmp_path / "taken.txt", "keep me\n")
    assert_usage_error(invoke(runner, "clean", str(f), "-o", str(taken)), "is a file", "names a folder")
    assert taken.read_text() == "keep me\n"
    if hasattr(os, "mkfifo"):  # a pipe or a device (/dev/null) is neither a file nor a folder to write into
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        assert_usage_error(invoke(runner, "clean", str(f), "-o", str(pipe)), "is not a folder")
        assert pipe.is_fifo()


def test_missing_path(runner, tmp_path):
    assert_usage_error(invoke(runner, "clean", str(tmp_path / "nope.txt")), "no such file or folder", "nope.txt")


def test_dash_cannot_be_mixed_with_paths(runner, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    assert_usage_error(invoke(runner, "clean", "-", str(f), "-o", str(tmp_path / "out")), "'-'")


def test_unknown_option(runner):
    assert_usage_error(invoke(runner, "clean", "--frobnicate", input=DIRTY), "--frobnicate")


BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"


def test_binary_file_is_refused_and_nothing_is_written(runner, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "image.txt").write_bytes(BINARY)
    write(src / "ok.txt", DIRTY)
    out = tmp_path / "out"
    result = invoke(runner, "clean", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "image.txt" in result.stderr and "binary" in result.stderr
    assert not (out / "image.txt").exists()
    assert (out / "ok.txt").read_text() == DIRTY_CLEAN  # the other file is still cleaned


def test_binary_file_to_stdout_and_in_place(runner, tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(BINARY)
    result = invoke(runner, "clean", str(f))
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    result = invoke(runner, "clean", "--in-place", str(f))
    assert result.exit_code == 2
    assert f.read_bytes() == BINARY


def test_binary_stdin_is_refused(runner):
    result = invoke(runner, "clean", input=BINARY)
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "binary" in result.stderr


# --- bytes kept as they were: newlines, final newline, BOM, UTF-16 -----------------------------

def test_crlf_is_preserved(runner, tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(DIRTY.replace("\n", "\r\n").encode())
    result = invoke(runner, "clean", str(f))
    assert result.exit_code == 0
    assert result.stdout_bytes == DIRTY_CLEAN.replace("\n", "\r\n").encode()
    invoke(runner, "clean", "--in-place", str(f))
    assert f.read_bytes() == DIRTY_CLEAN.replace("\n", "\r\n").encode()


def test_crlf_on_stdin(runner):
    result = invoke(runner, "clean", input=SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    assert result.stdout_bytes == SAMPLE_EXPECTED.read_bytes().replace(b"\n", b"\r\n")


def test_no_final_newline_is_preserved(runner, tmp_path):
    f = write(tmp_path / "a.txt", DIRTY.rstrip("\n").replace("\n\nAdvertisement", "\nAdvertisement"))
    assert not f.read_bytes().endswith(b"\n")
    result = invoke(runner, "clean", str(f))
    assert result.stdout_bytes == DIRTY_CLEAN.rstrip("\n").encode()
    assert SAMPLE.read_bytes()[-1:] != b"\n"  # the sample itself has no final newline
    assert invoke(runner, "clean", str(SAMPLE)).stdout_bytes[-1:] != b"\n"


def test_final_newline_is_kept(runner):
    assert invoke(runner, "clean", input=DIRTY).stdout_bytes.endswith(b".\n")


def test_utf8_bom_is_preserved(runner, tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(codecs.BOM_UTF8 + DIRTY.encode())
    result = invoke(runner, "clean", str(f))
    assert result.stdout_bytes == codecs.BOM_UTF8 + DIRTY_CLEAN.encode()
    out = tmp_path / "out"
    invoke(runner, "clean", str(f), "-o", str(out))
    assert (out / "bom.txt").read_bytes() == codecs.BOM_UTF8 + DIRTY_CLEAN.encode()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_is_preserved(runner, tmp_path, codec):
    bom = codecs.BOM_UTF16_LE if codec == "utf-16" else codecs.BOM_UTF16_BE
    data = bom + DIRTY.encode("utf-16-le" if codec == "utf-16" else "utf-16-be")
    f = tmp_path / "wide.txt"
    f.write_bytes(data)
    result = invoke(runner, "clean", "--in-place", str(f))
    assert result.exit_code == 0, result.stderr
    written = f.read_bytes()
    assert written.startswith(bom)
    assert written[len(bom):].decode("utf-16-le" if codec == "utf-16" else "utf-16-be") == DIRTY_CLEAN


def test_legacy_encoding_round_trips(runner, tmp_path):
    text = "Élection à Besançon : le maire sortant est réélu au premier tour avec une nette avance.\n"
    f = tmp_path / "latin1.txt"
    f.write_bytes(("Partager\n" + text).encode("latin-1"))
    result = invoke(runner, "clean", "--encoding", "latin-1", "--in-place", str(f))
    assert result.exit_code == 0, result.stderr
    assert f.read_bytes() == text.encode("latin-1")


def test_help_and_version(runner):
    for args in (["--help"], ["clean", "--help"], ["passes", "--help"]):
        result = invoke(runner, *args)
        assert result.exit_code == 0 and result.stdout.startswith("Usage:")
    assert invoke(runner, "clean", "--help").stdout.count("--") >= 10  # every option documented
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and cleanpress.__version__ in result.stdout


def test_warnings_go_above_the_progress_bar_and_the_estimate_waits(tmp_path):
    """In a terminal, a long run draws a bar on stderr's last line: a warning clears that line
    first instead of being written after the bar, and no estimate is shown before the first
    inputs are done (the first one carries the workers' start)."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    from cleanpress import cli

    src = tmp_path / "in"
    src.mkdir()
    for i in range(cli.PROGRESS_MIN_ITEMS + 20):
        text = "Share\n" if i % 50 == 7 else f"The council met on Monday, meeting number {i}, to discuss the budget.\n"
        (src / f"p{i:04}.txt").write_text(text, encoding="utf-8")
    main_fd, child_fd = pty.openpty()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("cleanpress")), "clean", str(src), "-o",
                             str(tmp_path / "out"), "--no-site", "--jobs", "1"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child_fd)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    screen = b"".join(chunks).decode("utf-8", "replace")
    warnings = [i for i in range(len(screen)) if screen.startswith("warning:", i)]
    assert len(warnings) == 5, screen[-2000:]
    for i in warnings:  # each on a cleared line, never after the bar's text
        assert screen[max(0, i - 4):i].endswith("\r\x1b[K"), repr(screen[max(0, i - 80):i + 20])
    assert "eta" not in screen[:warnings[0]].lower()  # p0007 comes before any estimate
