"""Large inputs stream: read, cleaned and written segment by segment, with the same bytes out.

- `pipeline.cut` cuts a text that arrives in chunks exactly where the
  whole-text segmentation did (a copy of that code is kept here as the
  reference), for any chunking, `\\r\\n` split across chunks included;
- `pipeline.Stream` gives the same text, drops, `changed` and warnings as
  `pipeline.run` on the joined text, for any chunking;
- through the command line, a generated multi-MB page cleaned with small
  segments gives byte-identical output streamed and read whole, for `-o`,
  stdout, stdin, `--in-place`, `--check` and `--explain`, in UTF-8, UTF-8
  with a byte-order mark and CRLF, UTF-16 and CR, with and without a final
  newline, and with `--output-encoding`; the streamed run never reads the
  file whole (`files.read` is made to fail);
- what cannot stream (binary, a legacy encoding to detect, a character
  that `--output-encoding` cannot hold, `--diff`) is read whole and
  behaves as before.
"""
from __future__ import annotations

import codecs
import itertools
import sys
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleanpress
from cleanpress import files, pipeline
from cleanpress.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import large_inputs  # noqa: E402  (the benchmark's page generator)

from test_properties import pages  # noqa: E402

_LINE_END = regex.compile(r"\r\n|\r|\n")


def reference_cuts(text: str, size: int) -> list[str]:
    """The whole-text segmentation as it was (pipeline._segments before streaming), without the long-line split."""
    cuts = []
    start = 0
    while len(text) - start > size:
        end = _LINE_END.search(text, start + size)
        if end is None:
            break
        cuts.append(text[start : end.end()])
        start = end.end()
    cuts.append(text[start:] if start else text)
    return cuts


def chunked(text: str, sizes: list[int]) -> list[str]:
    """`text` cut into chunks of the given sizes, cycling; the last chunk takes the rest."""
    chunks, i, k = [], 0, 0
    while i < len(text):
        n = sizes[k % len(sizes)] if sizes else len(text)
        chunks.append(text[i : i + n])
        i += n
        k += 1
    return chunks


texts = st.one_of(pages(), st.text(alphabet="\r\na b.", max_size=300))
chunk_sizes = st.lists(st.integers(min_value=1, max_value=40), max_size=5)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts, st.integers(min_value=0, max_value=60), chunk_sizes)
def test_cut_cuts_where_the_whole_text_segmentation_cut(text, size, sizes):
    assert list(pipeline.cut(chunked(text, sizes), size)) == reference_cuts(text, size)


def test_cut_inside_one_long_line_waits_for_its_end_across_chunks():
    # Chunks with no line end after the buffer passed `size` are held apart and joined once
    # (joining at every chunk was quadratic in a single-line file); the cuts are the same.
    chunks = ["xx", "yyy", "zz\r", "zz", "\nab", "cd\r", "\n"]
    assert list(pipeline.cut(chunks, 1)) == reference_cuts("".join(chunks), 1)
    assert list(pipeline.cut(["a" * 5] * 4 + ["\rb"], 3)) == ["a" * 20 + "\r", "b"]


def test_cut_waits_for_the_next_chunk_after_a_carriage_return():
    # 'ab\r' then '\nc': cutting after '\r' would split one CRLF line end into two line ends.
    assert list(pipeline.cut(["ab\r", "\ncd"], 1)) == ["ab\r\n", "cd"]
    assert reference_cuts("ab\r\ncd", 1) == ["ab\r\n", "cd"]


@SETTINGS
@given(texts, st.integers(min_value=1, max_value=200), chunk_sizes)
def test_stream_gives_what_run_gives_on_the_whole_text(text, size, sizes):
    whole = pipeline.run(text, segment_chars=size)
    stream = pipeline.Stream(segment_chars=size)
    out = "".join(stream.clean(chunked(text, sizes)))
    assert out == whole.text
    assert stream.sorted_drops() == whole.drops
    assert (stream.changed, stream.warnings()) == (whole.changed, whole.warnings)
    assert (stream.chars_in, stream.chars_out) == (len(text), len(whole.text))


def test_the_last_segment_dropped_takes_the_final_newline_as_the_whole_text_did():
    # No final newline and a last segment that cleans to nothing: the text before it loses its
    # trailing line ends, as `run` did on the joined output.
    text = "The council met on Monday to discuss the budget for the coming year.\n\n\nShare"
    whole = pipeline.run(text, segment_chars=10)
    assert whole.text == "The council met on Monday to discuss the budget for the coming year."
    stream = pipeline.Stream(segment_chars=10)
    assert "".join(stream.clean(chunked(text, [7]))) == whole.text
    assert stream.changed


# --- through the command line ---------------------------------------------------------------

SEGMENT = 150_000  # characters: a 1.2 MB page is 8 segments


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("page") / "page.txt"
    large_inputs.write_page(path, 1_200_000, seed=8)
    return path.read_text(encoding="utf-8")


def run_cli(monkeypatch, args: list[str], stream: bool, input: bytes | None = None):
    """The CLI with small segments; `stream`: files over 1,000 bytes stream, and reading one whole fails."""
    monkeypatch.setattr(pipeline, "SEGMENT_CHARS", SEGMENT)
    monkeypatch.setattr(files, "STREAM_BYTES", 1_000 if stream else 10**12)
    monkeypatch.setattr(files, "CHUNK_BYTES", 65_537)  # odd: chunks end inside characters and CRLFs
    if stream:
        def no_whole_read(*a, **k):
            raise AssertionError("a large file was read whole")
        monkeypatch.setattr(files, "read", no_whole_read)
    result = CliRunner().invoke(main, args + ["--no-site", "-q"], input=input, catch_exceptions=False)
    monkeypatch.undo()
    return result


VARIANTS = {
    "utf-8, LF": ("utf-8", b"", "\n", True),
    "utf-8 with BOM, CRLF, no final newline": ("utf-8", codecs.BOM_UTF8, "\r\n", False),
    "utf-16-le with BOM, CR": ("utf-16-le", codecs.BOM_UTF16_LE, "\r", True),
}


def encode_page(page: str, variant: str) -> bytes:
    codec, bom, newline, final = VARIANTS[variant]
    text = page.replace("\n", newline)
    if not final:
        text = text.rstrip(newline)
    return bom + text.encode(codec)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_streamed_file_gives_the_same_bytes_to_o_and_stdout(monkeypatch, tmp_path, page, variant):
    src = tmp_path / "in" / "page.txt"
    src.parent.mkdir()
    src.write_bytes(encode_page(page, variant))
    outputs = {}
    for stream in (False, True):
        out = tmp_path / f"out-{stream}"
        result = run_cli(monkeypatch, ["clean", str(src), "-o", str(out)], stream)
        assert result.exit_code == 0, result.stderr
        to_stdout = run_cli(monkeypatch, ["clean", str(src)], stream)
        assert to_stdout.exit_code == 0, to_stdout.stderr
        outputs[stream] = ((out / "page.txt").read_bytes(), to_stdout.stdout_bytes)
    assert outputs[True] == outputs[False]
    written, printed = outputs[True]
    assert written == printed and len(written) < src.stat().st_size
    assert "Notify of".encode(VARIANTS[variant][0]) not in written  # it did clean: the comment widgets went


def test_a_streamed_file_with_output_encoding(monkeypatch, tmp_path, page):
    src = tmp_path / "page.txt"
    src.write_bytes(encode_page(page, "utf-16-le with BOM, CR"))
    got = {stream: run_cli(monkeypatch, ["clean", str(src), "--output-encoding", "utf-8"], stream).stdout_bytes
           for stream in (False, True)}
    assert got[True] == got[False] and not got[True].startswith(codecs.BOM_UTF16_LE)
    assert got[True].decode("utf-8").count("\r") > 100


def test_stdin_over_the_limit_is_spooled_and_streamed(monkeypatch, page):
    data = encode_page(page, "utf-8 with BOM, CRLF, no final newline")
    got = {stream: run_cli(monkeypatch, ["clean", "-"], stream, input=data) for stream in (False, True)}
    assert got[True].exit_code == got[False].exit_code == 0
    assert got[True].stdout_bytes == got[False].stdout_bytes
    assert got[True].stdout_bytes.startswith(codecs.BOM_UTF8) and not got[True].stdout_bytes.endswith(b"\n")


def test_in_place_check_and_explain_stream_the_same(monkeypatch, tmp_path, page):
    data = encode_page(page, "utf-8, LF")
    results = {}
    for stream in (False, True):
        src = tmp_path / f"page-{stream}.txt"
        src.write_bytes(data)
        check = run_cli(monkeypatch, ["clean", "--check", str(src)], stream)
        explain = run_cli(monkeypatch, ["clean", "--explain", str(src)], stream)
        in_place = run_cli(monkeypatch, ["clean", "--in-place", str(src)], stream)
        again = run_cli(monkeypatch, ["clean", "--in-place", str(src)], stream)
        results[stream] = (check.exit_code, explain.stdout.replace(str(src), "PAGE"), in_place.exit_code,
                           src.read_bytes(), again.exit_code)
    assert results[True] == results[False]
    check_code, explain_out, _, cleaned, _ = results[True]
    assert check_code == 1 and explain_out.count("\n") > 100 and cleaned != data


def test_an_unchanged_large_file_in_place_is_not_rewritten(monkeypatch, tmp_path):
    src = tmp_path / "prose.txt"
    colours = "red green blue yellow orange purple silver golden northern southern".split()
    src.write_text("".join(f"The {a} council met the {b} committee on Monday to discuss the budget for next year.\n"
                           for a, b in itertools.permutations(colours, 2)))  # 90 different sentences, 8 kB
    before = src.stat()
    result = run_cli(monkeypatch, ["clean", "--in-place", str(src)], True)
    assert result.exit_code == 0 and "Cleaning" not in result.stderr
    assert src.stat().st_ino == before.st_ino and src.stat().st_mtime_ns == before.st_mtime_ns
    assert not list(tmp_path.glob(f"*{files.TEMP_SUFFIX}"))


def test_what_cannot_stream_is_read_whole_and_reported_as_before(monkeypatch, tmp_path, page):
    # NUL bytes (refused), cp1252 (detected on the whole file), a character that --output-encoding
    # cannot hold: none of them streams; each ends as it did before.
    binary = tmp_path / "binary.txt"
    binary.write_bytes(page[:5000].encode() + b"\x00" * 10)
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(("Café crème.\n" + page[:20_000]).encode("cp1252", errors="replace"))
    accented = tmp_path / "accented.txt"
    accented.write_text("The café council met on Monday to discuss the budget for the coming year.\n" + page[:20_000])
    assert files.TextStream.probe(accented, min_bytes=1_000) is not None
    for path, extra in ((binary, []), (legacy, []), (accented, ["--output-encoding", "ascii"])):
        assert files.TextStream.probe(path, None, extra[1] if extra else None, min_bytes=1_000) is None, path
        out = {}
        for stream in (False, True):
            monkeypatch.setattr(files, "STREAM_BYTES", 1_000 if stream else 10**12)
            result = CliRunner().invoke(main, ["clean", str(path), "--no-site", "-q", *extra], catch_exceptions=False)
            monkeypatch.undo()
            out[stream] = (result.exit_code, result.stdout_bytes, result.stderr)
        assert out[True] == out[False]
        assert out[True][0] == (2 if path != legacy else 0), out[True][2]
    assert "cannot write 'é' in ascii" in out[True][2]


def test_a_codec_that_is_not_for_text_is_refused_the_same_large_or_small(monkeypatch, tmp_path, page):
    # rot13 and base64 are codecs, but not between bytes and text: the whole-file path reports them
    # (exit 2); the stream must not start on them (it raised a TypeError from the worker).
    src = tmp_path / "page.txt"
    src.write_text(page[:20_000])
    for codec in ("rot13", "base64"):
        assert files.TextStream.probe(src, codec, min_bytes=1_000) is None
        out = {}
        for stream in (False, True):
            monkeypatch.setattr(files, "STREAM_BYTES", 1_000 if stream else 10**12)
            result = CliRunner().invoke(main, ["clean", str(src), "--no-site", "-q", "--encoding", codec],
                                        catch_exceptions=False)
            monkeypatch.undo()
            out[stream] = (result.exit_code, result.stderr)
        assert out[True] == out[False] and out[True][0] == 2, out


def test_a_file_that_changes_while_streamed_to_o_writes_nothing(monkeypatch, tmp_path, page):
    src = tmp_path / "page.txt"
    src.write_bytes(page.encode())
    stream = files.TextStream.probe(src, min_bytes=1_000)
    assert stream is not None
    src.write_bytes(page.encode()[:500_000] + b"\xff\xfe broken")  # after the probe: no longer UTF-8
    monkeypatch.setattr(files.TextStream, "probe", classmethod(lambda cls, *a, **k: stream))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["clean", str(src), "-o", str(out), "--no-site", "-q"], catch_exceptions=False)
    assert result.exit_code == 2 and "changed while it was read" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_page_in_a_folder_of_its_own_is_not_fingerprinted(monkeypatch, tmp_path):
    # Its counts could not change its cleaning; a huge page's fingerprints would cost memory.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for name in ("a/1.txt", "a/2.txt", "b/1.txt"):
        (tmp_path / name).write_text("Share\nThe council met on Monday to discuss the budget for the coming year.\n")
    seen = []
    real = cleanpress.site.page_fingerprints
    monkeypatch.setattr(cleanpress.site, "page_fingerprints", lambda text: seen.append(text) or real(text))
    result = CliRunner().invoke(main, ["clean", str(tmp_path), "-o", str(tmp_path / "out"), "-q", "-j", "1"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert len(seen) == 2  # a/1.txt and a/2.txt; b/1.txt is alone in its site


def test_site_by_host_with_a_profile_reads_a_large_page_s_host_from_its_first_segment(monkeypatch, tmp_path):
    gazette = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "harbour-gazette"
    pages = sorted(p for p in gazette.glob("*.txt") if not p.name.endswith(".expected.txt"))
    learned = tmp_path / "in"
    learned.mkdir()
    for p in pages:
        (learned / p.name).write_text("URL: https://gazette.example/a\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
    profile = tmp_path / "site.json"
    result = CliRunner().invoke(main, ["learn", str(learned), "--site-by", "host", "-o", str(profile)])
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "big" / "page.txt"
    page.parent.mkdir()
    page.write_bytes((learned / pages[0].name).read_bytes())
    monkeypatch.setattr(files, "STREAM_BYTES", 100)  # the page counts as too large to hold...

    def no_whole_read(*a, **k):
        raise AssertionError("a large file was read whole")
    monkeypatch.setattr(files, "read", no_whole_read)  # ...so reading it whole fails
    result = CliRunner().invoke(main, ["clean", str(page), "-o", str(tmp_path / "out"), "--explain", "--only",
                                       "site-template", "--site-by", "host", "--profile", str(profile)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "pages of this site" in result.stdout  # the profile's counts for gazette.example were used
