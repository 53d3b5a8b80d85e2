"""Never lose data: binary and undecodable input, encodings, newlines, odd files, symbolic links,
output paths, atomic writes under SIGKILL, and loss warnings.

docs/safety.md lists the guarantees; each section here tests one group of them.
Tests run as root, so "unreadable" is simulated with entries no one can read
as a page: a FIFO and a broken symbolic link.
"""
from __future__ import annotations

import codecs
import gzip
import io
import os
import random
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import cleanpress
from cleanpress import files
from cleanpress.cli import main

DIRTY = "Share\n\nThe council met on Monday to discuss the budget for the coming year.\n\nAdvertisement\n"
DIRTY_CLEAN = "The council met on Monday to discuss the budget for the coming year.\n"
PROSE = [
    "The council met on Monday to discuss the budget for the coming year and beyond.",
    "Residents who live near the river were told about the flood plan at a meeting in March.",
    "The mayor said the new cycle lanes would open in the spring if the weather allowed it.",
    "Shops in the old town reported their best December in a decade, the chamber said.",
]
CLEANPRESS = Path(sys.executable).with_name("cleanpress")


def invoke(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def _no_nul(data: bytes) -> bytes:
    return data.replace(b"\x00", b"\x01")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", DIRTY * 20)
    return buffer.getvalue()


# Binary formats with every NUL byte replaced: only the magic number or the control-character
# share can tell them from text.
BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n" + bytes(range(1, 200)),
    "jpeg": b"\xff\xd8\xff\xe0" + b"JFIF" + bytes(range(1, 120)),
    "gif": b"GIF89a" + b"\x01\x02" + DIRTY.encode(),
    "gzip": _no_nul(gzip.compress(DIRTY.encode() * 20)),
    "zip": _no_nul(_zip()),
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + DIRTY.encode(),
    "webp": b"RIFF\x24\x01\x01\x01WEBPVP8 " + bytes(range(1, 60)),
    "mp4": b"\x01\x01\x01\x20ftypisom" + bytes(range(1, 60)),
    "controls": ("Share " + "\x01\x02\x03\x04\x05\x06\x07\x08" * 40 + DIRTY).encode(),  # valid UTF-8
}


# --- binary input -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_without_nul_bytes_is_refused(kind):
    data = BINARIES[kind]
    assert b"\x00" not in data
    with pytest.raises(files.InputError, match=r"^page\.txt: binary data \(.+\), not text; nothing written"):
        files.decode(data, "page.txt")


def test_binary_in_a_folder_is_reported_and_the_rest_cleaned(tmp_path):
    src = tmp_path / "src"
    for kind, data in BINARIES.items():
        write(src / f"{kind}.txt", data)
    write(src / "good" / "page.txt", DIRTY)
    out = tmp_path / "out"
    result = invoke("clean", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(Path(line.split(": ")[1]).name for line in errors) == sorted(f"{k}.txt" for k in BINARIES)
    assert listing(out) == ["good/page.txt"]  # nothing written for the binaries
    assert (out / "good" / "page.txt").read_text() == DIRTY_CLEAN
    assert f"{len(BINARIES)} failed" in result.stderr


def test_binary_in_place_is_left_alone(tmp_path):
    f = write(tmp_path / "image.txt", BINARIES["png"])
    result = invoke("clean", "--in-place", str(f))
    assert result.exit_code == 2
    assert f.read_bytes() == BINARIES["png"]
    assert listing(tmp_path) == ["image.txt"]


def test_utf16_without_bom_is_refused_with_a_hint():
    with pytest.raises(files.InputError, match="give --encoding utf-16-le"):
        files.decode(DIRTY.encode("utf-16-le"), "wide.txt")
    assert files.decode(DIRTY.encode("utf-16-le"), "wide.txt", "utf-16-le").text == DIRTY


def test_check_text_is_the_hook_for_already_decoded_records():
    files.check_text(DIRTY + "\t\x0c\x0b", "record 3")  # whitespace controls are fine
    with pytest.raises(files.InputError, match=r"^record 3: binary data"):
        files.check_text("\x1b\x07" * 10 + DIRTY, "record 3")


# --- encodings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("codec, bom", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                        ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_bom_encodings_round_trip_through_output_folder(tmp_path, codec, bom):
    f = write(tmp_path / "src" / "page.txt", bom + DIRTY.replace("\n", "\r\n").encode(codec))
    out = tmp_path / "out"
    result = invoke("clean", str(f.parent), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (out / "page.txt").read_bytes() == bom + DIRTY_CLEAN.replace("\n", "\r\n").encode(codec)


def test_legacy_encoding_is_detected_and_kept(tmp_path):
    text = ("Élection à Besançon : le maire sortant est réélu au premier tour avec une nette avance.\n"
            "Selon les résultats publiés dimanche soir par la préfecture du Doubs, la participation a baissé.\n"
            "Le nouveau conseil municipal se réunira pour la première fois vendredi à l'hôtel de ville.\n")
    f = write(tmp_path / "latin.txt", ("Partager\n" + text).encode("cp1252"))
    result = invoke("clean", "--in-place", str(f))  # no --encoding: detected
    assert result.exit_code == 0, result.stderr
    assert f.read_bytes() == text.encode("cp1252")


def test_undecodable_input_says_what_to_do():
    rng = random.Random(0)
    data = bytes(rng.choice(range(1, 256)) for _ in range(500))
    with pytest.raises(files.InputError, match="give its encoding with --encoding"):
        files.decode(data, "page.txt")


def test_unknown_encoding_name_is_an_input_error(tmp_path):
    f = write(tmp_path / "a.txt", DIRTY)
    result = invoke("clean", "--encoding", "no-such-codec", str(f))
    assert result.exit_code == 2
    assert "no-such-codec" in result.stderr and "--encoding" in result.stderr


def test_unchanged_legacy_page_comes_back_byte_identical(tmp_path):
    text = ("Ein Artikel über die Straßenbahn in Köln, die ab März häufiger fährt als bisher.\n"
            "Die Fahrgäste müssen sich außerdem auf neue Haltestellen im Süden der Stadt einstellen.\n")
    f = write(tmp_path / "src" / "de.txt", text.encode("cp1252"))
    out = tmp_path / "out"
    assert invoke("clean", str(f.parent), "-o", str(out)).exit_code == 0
    assert (out / "de.txt").read_bytes() == f.read_bytes()


# --- newlines -------------------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
@pytest.mark.parametrize("final", [True, False])
def test_newline_style_and_final_newline_survive_in_place(tmp_path, newline, final):
    before = DIRTY if final else DIRTY.rstrip("\n")
    after = DIRTY_CLEAN if final else DIRTY_CLEAN.rstrip("\n")
    f = write(tmp_path / "a.txt", before.replace("\n", newline))
    assert invoke("clean", "--in-place", str(f)).exit_code == 0
    assert f.read_bytes() == after.replace("\n", newline).encode()


def test_mixed_newlines_are_kept_line_by_line():
    text = f"Share\r\n{PROSE[0]}\r{PROSE[1]}\nTweet\r\n{PROSE[2]}\r\n"
    result = invoke("clean", input=text.encode())
    assert result.stdout_bytes == f"{PROSE[0]}\r{PROSE[1]}\n{PROSE[2]}\r\n".encode()


def test_cr_only_page_with_a_drop_at_the_end_keeps_cr():
    text = f"{PROSE[0]}\r\r{PROSE[1]}\r\rAdvertisement"
    assert invoke("clean", input=text.encode()).stdout_bytes == f"{PROSE[0]}\r\r{PROSE[1]}".encode()
    assert invoke("clean", input=(text + "\r").encode()).stdout_bytes == f"{PROSE[0]}\r\r{PROSE[1]}\r".encode()


# --- odd files and symbolic links -----------------------------------------------------------------

@pytest.fixture
def odd_tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    write(src / "good.txt", DIRTY)
    os.mkfifo(src / "fifo.txt")
    os.symlink("nowhere.txt", src / "dangling.txt")
    write(tmp_path / "outside" / "secret.txt", DIRTY)
    os.symlink(tmp_path / "outside" / "secret.txt", src / "escape.txt")
    os.symlink(tmp_path / "outside", src / "linked-folder")
    os.symlink("good.txt", src / "alias.txt")  # a link that stays inside is an ordinary input
    return src


def test_unreadable_entries_are_reported_per_file_and_links_not_followed_out(odd_tree, tmp_path):
    out = tmp_path / "out"
    result = invoke("clean", str(odd_tree), "-o", str(out))
    assert result.exit_code == 2
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("error: "))
    assert len(errors) == 3, result.stderr
    assert "dangling.txt: broken symbolic link (to nowhere.txt)" in errors[0]
    assert "escape.txt: symbolic link to" in errors[1] and "not followed" in errors[1]
    assert "fifo.txt: not a regular file (a FIFO)" in errors[2]
    assert listing(out) == [".cleanpress-sites.json", "alias.txt", "good.txt"]  # nothing from outside
    assert (out / "alias.txt").read_text() == DIRTY_CLEAN
    assert (tmp_path / "outside" / "secret.txt").read_text() == DIRTY


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path):
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    proc = subprocess.run([str(CLEANPRESS), "clean", str(fifo)], capture_output=True, timeout=60)
    assert proc.returncode == 2
    assert b"not a regular file (a FIFO)" in proc.stderr


def test_in_place_writes_through_a_link_and_keeps_the_mode(tmp_path):
    target = write(tmp_path / "real.txt", DIRTY)
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    os.symlink("real.txt", link)
    assert invoke("clean", "--in-place", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text() == DIRTY_CLEAN
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_output_keeps_the_input_mode(tmp_path):
    f = write(tmp_path / "src" / "a.txt", DIRTY)
    f.chmod(0o604)
    invoke("clean", str(f.parent), "-o", str(tmp_path / "out"))
    assert stat.S_IMODE((tmp_path / "out" / "a.txt").stat().st_mode) == 0o604


# --- output paths never escape the output folder -------------------------------------------------

@pytest.mark.parametrize("relative", ["../x.txt", "a/../../x.txt", "/etc/x.txt", ""])
def test_inside_refuses_paths_that_leave_the_folder(tmp_path, relative):
    with pytest.raises(files.OutsideFolder):
        files.inside(tmp_path / "out", tmp_path / "out" / relative)


def test_a_link_in_the_output_folder_is_not_written_through(tmp_path):
    write(tmp_path / "src" / "site" / "a.txt", DIRTY)
    write(tmp_path / "src" / "b.txt", DIRTY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(elsewhere, out / "site")  # left over in the output folder, leading out of it
    result = invoke("clean", str(tmp_path / "src"), "-o", str(out))
    assert result.exit_code == 2
    assert "outside the output folder" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (out / "b.txt").read_text() == DIRTY_CLEAN


def test_a_file_link_in_the_output_folder_is_replaced_not_followed(tmp_path):
    write(tmp_path / "src" / "a.txt", DIRTY)
    victim = write(tmp_path / "victim.txt", "do not touch\n")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "a.txt")
    assert invoke("clean", str(tmp_path / "src"), "-o", str(out)).exit_code == 0
    assert victim.read_text() == "do not touch\n"
    assert not (out / "a.txt").is_symlink() and (out / "a.txt").read_text() == DIRTY_CLEAN


def test_output_folder_reached_through_a_link_is_not_read_back(tmp_path):
    src = tmp_path / "src"
    write(src / "a.txt", DIRTY)
    (src / "out").mkdir()
    os.symlink(src / "out", tmp_path / "out-link")
    for _ in range(2):
        result = invoke("clean", str(src), "-o", str(tmp_path / "out-link"))
        assert result.exit_code == 0, result.stderr
    assert listing(src / "out") == ["a.txt"]
    assert "1 file cleaned, 0 unchanged" in result.stderr  # the written copy was not an input


# --- loss warnings --------------------------------------------------------------------------------

def test_a_page_cleaned_to_nothing_is_reported(tmp_path):
    f = write(tmp_path / "src" / "buttons.txt", "Share\nTweet\nAdvertisement\n")
    write(tmp_path / "src" / "ok.txt", DIRTY)
    result = invoke("clean", str(f.parent), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert f"warning: {f}: cleaning removed everything (3 non-blank lines)" in result.stderr.splitlines()
    assert "1 emptied completely" in result.stderr
    assert cleanpress.clean_and_explain("Share\nTweet\n").warnings == ("cleaning removed everything (2 non-blank lines)",)


def test_losing_most_of_the_prose_is_reported():
    page = "\n".join(PROSE) + "\n"
    result = cleanpress.Cleaner(drop_patterns=[r"\b(?:council|flood|mayor)\b"]).clean_and_explain(page)
    assert result.text == PROSE[3] + "\n"
    assert result.warnings == ("cleaning removed most of the prose: 3 of 4 sentence lines, 76% of their characters",)
    cli = invoke("clean", "--drop-pattern", r"\b(?:council|flood|mayor)\b", input=page)
    assert cli.stdout == PROSE[3] + "\n"
    assert "warning: <stdin>: cleaning removed most of the prose: 3 of 4 sentence lines, 76% of their characters" in cli.stderr


def test_ordinary_cleaning_gives_no_warning():
    assert cleanpress.clean_and_explain(DIRTY).warnings == ()
    assert cleanpress.clean_and_explain("").warnings == ()
    assert cleanpress.clean_and_explain("\n\n").warnings == ()
    assert invoke("clean", input=DIRTY).stderr == ""


# --- writes survive SIGKILL -----------------------------------------------------------------------

def _page(i: int) -> str:
    rng = random.Random(i)
    lines = []
    for _ in range(400):
        lines.append(rng.choice(PROSE) + f" ({i}-{rng.randrange(10**6)})")
        lines.append(rng.choice(["Share", "Tweet", "Advertisement", ""]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("mode", ["--in-place", "-o"])
def test_sigkill_never_leaves_a_half_written_file(tmp_path, mode):
    n = 60
    src = tmp_path / "src"
    old = {f"p{i:03}.txt": _page(i) for i in range(n)}
    new = {name: cleanpress.clean(text) for name, text in old.items()}
    assert all(new[k] != old[k] for k in old)
    for name, text in old.items():
        write(src / name, text)
    out = tmp_path / "out"
    args = [str(CLEANPRESS), "clean", str(src), "--no-site", "-q"] + (["--in-place"] if mode == "--in-place" else ["-o", str(out)])
    target = src if mode == "--in-place" else out
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, timeout=600)
    full = time.perf_counter() - started
    rng = random.Random(8)
    outcomes = []
    for _ in range(5):
        for name, text in old.items():  # start again from the old content
            write(src / name, text)
        if out.exists():
            for p in out.iterdir():
                p.unlink(missing_ok=True)
        # A run may fork workers (--jobs): kill the whole process group, as a terminal's kill would,
        # so that no worker goes on writing while the files are checked.
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.2, 0.95) * full)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        written = {p.name: p.read_text() for p in target.iterdir() if not p.name.startswith(".")}
        assert set(written) <= set(old), "no stray visible file"
        for name, text in written.items():
            assert text in (old[name], new[name]), f"{name} is neither old nor new after SIGKILL"
        if mode == "-o":
            assert all(text == new[name] for name, text in written.items())
        outcomes.append(sum(written.get(name) == new[name] for name in old))
        leftovers = [p.name for p in target.iterdir() if p.name.startswith(".")]
        assert all(name.endswith(files.TEMP_SUFFIX) for name in leftovers)
        # A leftover temporary file is never taken for input on the next run.
        assert [s.relative.as_posix() for s in files.discover([src])] == sorted(old)
    print(f"files already new at each kill: {outcomes} of {n}")


# --- --output-encoding: write in one encoding instead of each input's own --------------------

def test_output_encoding_rewrites_legacy_and_bom_inputs_as_plain_utf8(tmp_path):
    from click.testing import CliRunner

    from cleanpress.cli import main

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    body = "Die Brücke über die Mühle wird im Frühjahr gebaut, sagte die Bürgermeisterin am Dienstag.\n"
    (src / "legacy.txt").write_bytes(("Teilen\n" + body).encode("cp1252"))
    (src / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ("Teilen\n" + body).encode("utf-8"))
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--output-encoding", "utf-8", "-q",
                                       "--encoding", "cp1252"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (out / "legacy.txt").read_bytes() == body.encode("utf-8")
    assert (out / "bom.txt").read_bytes() == body.encode("utf-8")  # the byte-order mark is not carried over


def test_output_encoding_that_cannot_hold_a_character_is_a_per_file_error(tmp_path):
    from click.testing import CliRunner

    from cleanpress.cli import main

    page = tmp_path / "page.txt"
    page.write_text("Das Komitee tagte am Montag in Zürich über den Etat von 5 Mio. €.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(page), "-o", str(tmp_path / "out"), "--output-encoding",
                                       "ascii"], catch_exceptions=False)
    assert result.exit_code == 2
    assert "choose another --output-encoding" in result.stderr and not (tmp_path / "out" / "page.txt").exists()
    bad = CliRunner().invoke(main, ["clean", str(page), "--output-encoding", "no-such-codec"])
    assert bad.exit_code == 2 and "unknown encoding" in bad.stderr


# --- an over-long line (a blob, a minified script) is passed through, never analysed ----------

def test_a_line_over_the_limit_is_kept_as_is_and_the_lines_around_it_are_still_cleaned():
    from cleanpress import clean_and_explain
    from cleanpress.pipeline import MAX_LINE_CHARS

    blob = "x" * (MAX_LINE_CHARS + 1)
    text = "Share\nThe council met on Monday.\n" + blob + "\nTweet\nThe budget passed.\n"
    result = clean_and_explain(text, only=["interface-words"])
    assert result.text == "The council met on Monday.\n" + blob + "\nThe budget passed.\n"
    assert [(d.first, d.last) for d in result.drops] == [(1, 1), (4, 4)]  # input line numbers
    alone = clean_and_explain(blob + "\r\nShare", only=["interface-words"])
    assert alone.text == blob and [(d.first, d.last) for d in alone.drops] == [(2, 2)]  # no final newline, as input
    assert clean_and_explain(blob).text == blob and not clean_and_explain(blob).drops
