"""Bytes in, bytes out: decoding, binary refusal, file discovery, atomic writes.

The cleaner works on `str`; this module makes sure that what goes back to
disk keeps the input's encoding, byte-order mark and newline style (newlines
survive because the pipeline keeps each line's own ending), and that a write
is either complete or not done at all.
"""
from __future__ import annotations

import codecs
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 8192


class InputError(Exception):
    """Input that cannot be cleaned safely; the message says what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """`text` in the same encoding and with the same byte-order mark as the input."""
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, name: str = "<stdin>", encoding: str | None = None) -> Decoded:
    """Decode `data`, refusing binary; UTF-8 first, then a detected legacy encoding."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: starts with a {codec} byte-order mark but is not {codec} ({e.reason})") from e
    if encoding:
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{name}: cannot decode as {encoding}: {e}") from e
    if b"\x00" in data[:SNIFF_BYTES] or b"\x00" in data[-SNIFF_BYTES:]:
        raise InputError(f"{name}: binary data (NUL bytes), not text; nothing written for it")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def _detect(data: bytes, name: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not valid UTF-8 and no text encoding fits; give one with --encoding")
    return Decoded(str(best), best.encoding)


def read(path: Path, encoding: str | None = None) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    return decode(data, str(path), encoding)


def write_atomic(path: Path, data: bytes, like: Path | None = None) -> None:
    """Write through a temporary file in the same folder and `os.replace`: all or nothing.

    The new file takes the mode of `like` (or of the file it replaces).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode_source = like if like is not None else path
    try:
        mode = stat.S_IMODE(os.stat(mode_source).st_mode)
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".cleanpress-tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@dataclass(frozen=True)
class Source:
    """A file to clean and where it sits relative to the folder it was found in."""

    path: Path
    relative: Path
    root: Path  # the folder given on the command line (the file's parent for a single file)


def discover(paths: Iterable[Path], pattern: str = "*.txt", exclude: Iterable[Path] = ()) -> Iterator[Source]:
    """Files named on the command line, and files matching `pattern` under folders, sorted.

    Folders in `exclude` (an output folder inside an input folder) are never
    read back; symbolic links are not followed out of the folder they were found in.
    """
    excluded = [p.resolve() for p in exclude]
    for given in paths:
        if given.is_dir():
            root = given.resolve()
            found = []
            for path in given.rglob(pattern):
                real = path.resolve()
                if not path.is_file() or any(real == e or e in real.parents for e in excluded):
                    continue
                if path.is_symlink() and root not in real.parents:
                    continue
                if any(part.startswith(".") for part in path.relative_to(given).parts):
                    continue  # .git, .cache and our own temporary files
                found.append(Source(path, path.relative_to(given), given))
            yield from sorted(found, key=lambda s: s.relative.as_posix())
        else:
            yield Source(given, Path(given.name), given.parent)
