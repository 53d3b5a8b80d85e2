"""Fuzz target: bytes -> cleanpress.files.decode -> cleanpress.clean_and_explain, with the invariants checked.

Not collected by a plain `pytest` run (the name does not start with test_).
Two ways to run it long (docs/safety.md):

    # coverage-guided, with atheris (pip install atheris; not a project dependency)
    .venv/bin/python tests/fuzz_clean.py -max_total_time=3600 -max_len=20000 /tmp/corpus

    # hypothesis, as many examples as you like
    CLEANPRESS_FUZZ_EXAMPLES=200000 .venv/bin/pytest -q tests/fuzz_clean.py

Each input is decoded the way the CLI decodes a file (refusing binary with
InputError, which is allowed), and also taken as UTF-8 with replacement, so
every string reaches the cleaner. On each text: no exception; cleaning twice
changes nothing; output lines are an ordered subsequence of input lines;
replaying the explained drops gives the output; `changed` tells the truth;
warnings are strings; and the decoded text encodes back to the same bytes.
"""
from __future__ import annotations

import os
import sys

import regex

import cleanpress
from cleanpress import files
from cleanpress.pipeline import assemble, split_lines

_NEWLINE = regex.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[str]:
    parts = _NEWLINE.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def check_text(text: str) -> None:
    result = cleanpress.clean_and_explain(text)
    assert cleanpress.clean(result.text) == result.text, "cleaning twice changed the text"
    it = iter(_lines(text))
    assert all(any(out == line for line in it) for out in _lines(result.text)), "output is not a subsequence"
    raw = split_lines(text)
    dropped: set[int] = set()
    for drop in result.drops:
        assert 1 <= drop.first <= drop.last <= len(raw) and not dropped & set(drop.lines()), drop
        dropped.update(drop.lines())
    assert assemble(raw, dropped)[1] == result.text, "replaying the drops does not give the output"
    assert result.changed == (result.text != text)
    assert all(isinstance(w, str) and w for w in result.warnings)


def check_bytes(data: bytes) -> None:
    try:
        decoded = files.decode(data, "fuzz")
    except files.InputError:
        pass
    else:
        assert decoded.encode(decoded.text) == data, "decode/encode lost bytes"
        check_text(decoded.text)
    check_text(data.decode("utf-8", errors="replace"))


def test_fuzz_clean():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    examples = int(os.environ.get("CLEANPRESS_FUZZ_EXAMPLES", "200"))
    words = st.sampled_from([b"Share", b"Tweet", b"Report", b"in ,", b"|", b"Related", b"Read also: ", b"\xc2\xa9 2024",
                             b"The council met on Monday to discuss the budget.", b"12 Comments", b"Jane says:",
                             b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\r\n", b"\r", b"\n", b"\n\n", b" ", b"\xe9"])
    data = st.one_of(st.binary(max_size=2000), st.lists(st.one_of(words, st.binary(max_size=8)), max_size=80).map(b"".join))

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data)
    def run(data: bytes) -> None:
        check_bytes(data)

    run()


def main() -> None:
    import atheris

    atheris.instrument_all()  # coverage of cleanpress, regex and charset_normalizer guides the fuzzer
    atheris.Setup(sys.argv, check_bytes)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
