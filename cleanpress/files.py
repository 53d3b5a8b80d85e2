"""Bytes in, bytes out: decoding, binary refusal, file discovery, atomic writes.

The cleaner works on `str`; this module makes sure that what goes back to
disk keeps the input's encoding, byte-order mark and newline style (newlines
survive because the pipeline keeps each line's own ending), and that a write
is either complete or not done at all.

What is refused, with an `InputError` that names the input and says what to do:
- binary data: a NUL byte anywhere, the magic number of an image, archive, PDF,
  font, media file or executable, or text that decodes with too many C0 control
  characters (charset_normalizer "detects" an encoding for almost any bytes).
  C1 controls (U+0080-U+009F) are not counted: they are windows-1252 read as
  Latin-1 (bullets, dashes, quotes), mojibake of text, not binary data;
- bytes that are not UTF-8 and that no encoding fits, or a detected encoding
  that would not write the same bytes back;
- things that are not regular files (FIFOs, sockets, devices), broken symbolic
  links, and symbolic links that lead out of the folder being walked.

Other input formats (a JSONL reader, say) reuse the same checks per record:
`decode` for bytes, `check_text` for text that arrived already decoded. The
`InputError` names the record; the caller reports it, skips it, cleans the
rest and exits 2 at the end, as the CLI does for files in a folder.
"""
from __future__ import annotations

import codecs
import os
import stat
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

import regex

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SNIFF_BYTES = 8192
# Leading bytes of formats that are never text. Only signatures that no plain-text page
# plausibly starts with; formats whose headers hold NUL bytes are caught by the NUL check anyway.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or docx, xlsx, odt, epub, jar)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf'\x1c", "a 7-zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"OggS", "Ogg audio or video"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)
_MAGIC_PATTERNS = (
    (regex.compile(rb"BZh[1-9]1AY&SY"), "bzip2-compressed data"),
    (regex.compile(rb"RIFF.{4}(?:WEBP|WAVE|AVI )", regex.DOTALL), "a RIFF file (WebP image, WAV audio or AVI video)"),
    (regex.compile(rb".{4}ftyp(?:isom|iso2|mp4[12]|avif|heic|heix|mif1|msf1|qt  |M4A |M4V |3gp)", regex.DOTALL),
     "an MP4/QuickTime/HEIF/AVIF file"),
    (regex.compile(rb"ID3[\x02-\x04]\x00"), "MP3 audio"),
)
MAX_CONTROL_SHARE = 0.02  # more control characters than this in the sampled text: binary
CONTROL_SAMPLE = 65536  # characters sampled at each end of a text for the control-character share
# The C0 controls but tab, LF, VT, FF and CR (the whitespace controls real pages carry), and DEL.
# C1 (U+0080-U+009F) is left out: windows-1252 bytes read as Latin-1, mojibake of real text.
# One C-level scan of the sample counts them.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class InputError(Exception):
    """Input that cannot be cleaned safely; the message says what to do."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bytes = b""
    note: str | None = None  # worth a warning: bytes that are not of the encoding, kept as they were

    def encode(self, text: str, output_encoding: str | None = None) -> bytes:
        """`text` in the input's encoding and byte-order mark, or in `output_encoding` when given.

        With `output_encoding` the codec decides the mark ('utf-8-sig' and 'utf-16' write one,
        'utf-8' does not). A character the encoding cannot hold raises `InputError`, naming it.
        Bytes that were not of the input's encoding (`note`) are written back as they were.
        """
        errors = "surrogateescape" if self.note else "strict"
        if output_encoding is None:
            return self.bom + text.encode(self.encoding, errors)
        try:
            return text.encode(output_encoding, errors)
        except UnicodeEncodeError as e:
            raise InputError(f"cannot write {text[e.start:e.end]!r} in {output_encoding}; "
                             "choose another --output-encoding (utf-8 holds every character)") from e


def decode(data: bytes, name: str = "<stdin>", encoding: str | None = None) -> Decoded:
    """Decode `data`, refusing binary; a byte-order mark, else `encoding`, else UTF-8, else a detected one."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(data[len(bom):].decode(codec), codec, bom)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: starts with a {codec} byte-order mark but is not {codec} ({e.reason}); "
                                 "nothing written for it") from e
            check_text(decoded.text, name)
            return decoded
    kind = binary_kind(data, nul_bytes=not encoding)  # UTF-16 given with --encoding has NUL bytes
    if kind:
        raise InputError(f"{name}: binary data ({kind}), not text; nothing written for it")
    if encoding:
        try:
            decoded = Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(f"{name}: cannot decode as {encoding}: {e}; check the --encoding name") from e
    else:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = _mostly_utf8(data) or _detect(data, name)
    check_text(decoded.text, name)
    return decoded


_ESCAPED = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, as `surrogateescape` keeps it
_NOT_ASCII = re.compile("[^\x00-\x7f]")


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray bytes (a cut multi-byte character, one byte of another encoding): as UTF-8,
    each stray byte kept as it is (and written back so), with a note; None when the bytes read as
    UTF-8 no more often than not, which is text in another encoding.

    Detecting an encoding for such a file turned every "ü" of it into "Ã¼": one bad byte must not
    make a whole page mojibake.
    """
    text = data.decode("utf-8", "surrogateescape")
    stray = len(_ESCAPED.findall(text))
    if len(_NOT_ASCII.findall(text)) - stray < stray:  # fewer UTF-8 characters beyond ASCII than stray bytes
        return None
    offset = len(text[: _ESCAPED.search(text).start()].encode("utf-8", "surrogateescape"))
    what = "1 byte that is" if stray == 1 else f"{stray} bytes that are"
    note = f"{what} not UTF-8 (the first at byte {offset}) read as UTF-8 and written back unchanged"
    return Decoded(text, "utf-8", note=note)


def binary_kind(data: bytes, nul_bytes: bool = True) -> str | None:
    """What binary format `data` is, from its first bytes (and NUL bytes at either end); None for text."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:64]
    for pattern, kind in _MAGIC_PATTERNS:
        if pattern.match(head):
            return kind
    if nul_bytes and b"\x00" in data:  # anywhere: one C-level scan
        return _utf16_hint(data[:SNIFF_BYTES]) or "NUL bytes"
    return None


def _utf16_hint(head: bytes) -> str | None:
    """NUL bytes in every other position look like UTF-16 without a byte-order mark."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.9 * len(zeros):
            return f"NUL bytes; if it is {codec} text without a byte-order mark, give --encoding {codec}"
    return None


def check_text(text: str, name: str) -> None:
    """Refuse text with a NUL, or so many control characters that it is binary data decoded by force."""
    if "\x00" in text:
        raise InputError(f"{name}: binary data (NUL characters), not text; nothing written for it")
    _check_sample(text if len(text) <= 2 * CONTROL_SAMPLE else text[:CONTROL_SAMPLE] + text[-CONTROL_SAMPLE:], name)


def _check_sample(sample: str, name: str) -> None:
    controls = len(_CONTROLS.findall(sample))
    if controls and controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{name}: binary data ({controls} control characters in {len(sample)}), not text; "
                         "nothing written for it")


def _detect(data: bytes, name: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{name}: not valid UTF-8 and no text encoding fits (binary data?); if it is text, give its encoding "
                         "with --encoding (for example --encoding cp1252); nothing written for it")
    text = str(best)
    if text.encode(best.encoding) != data:
        raise InputError(f"{name}: looks like {best.encoding}, but would not be written back byte for byte; "
                         "give the encoding with --encoding; nothing written for it")
    return Decoded(text, best.encoding)


def read(path: Path, encoding: str | None = None) -> Decoded:
    """The decoded content of the regular file at `path` (FIFOs, devices, broken links: `InputError`)."""
    return decode(read_bytes(path), str(path), encoding)


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at `path` (FIFOs, devices, broken links: `InputError`)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block the run
    except OSError as e:
        if os.path.islink(path) and not os.path.exists(path):
            raise InputError(f"{path}: broken symbolic link (to {os.readlink(path)}); not read") from e
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file ({_kind_of(mode)}); not read")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    finally:
        os.close(fd)
    return data


def _kind_of(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "not a regular file"


STREAM_BYTES = 8_000_000  # files larger than this are read, cleaned and written in segments (see TextStream)
CHUNK_BYTES = 1 << 20


def _is_text_codec(name: str) -> bool:
    """Is `name` a known codec between bytes and text (not rot13, base64, zlib...)?"""
    try:
        b"a".decode(name)  # an empty input would skip the check
    except LookupError:
        return False
    except (UnicodeDecodeError, ValueError):
        pass  # a text codec that cannot read this one byte (utf-16)
    return True


@dataclass(frozen=True)
class TextStream:
    """A large text file read in chunks, decoded as `read` would decode it whole.

    `probe` makes one only when streaming gives the same result as `read`:
    the encoding is known without the whole file (a byte-order mark,
    `--encoding`, or valid UTF-8) and the file passes every check `decode`
    makes (checked on a first pass that keeps only the samples). Anything
    else (binary, undecodable, a legacy encoding to detect) returns None, and
    the caller reads the file whole, which reports it as before.
    """

    path: Path
    encoding: str
    bom: bytes = b""
    chunk_bytes: int = CHUNK_BYTES

    def chunks(self) -> Iterator[str]:
        """The decoded text, chunk by chunk (UnicodeDecodeError if the file changed since `probe`)."""
        decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        with open(self.path, "rb") as f:
            f.seek(len(self.bom))
            while data := f.read(self.chunk_bytes):
                if text := decoder.decode(data):
                    yield text
        if text := decoder.decode(b"", final=True):
            yield text

    def encoder(self, output_encoding: str | None = None) -> "Encoder":
        return Encoder(self.encoding, self.bom, output_encoding)

    @classmethod
    def probe(cls, path: Path, encoding: str | None = None, output_encoding: str | None = None,
              min_bytes: int = STREAM_BYTES, chunk_bytes: int = CHUNK_BYTES) -> "TextStream | None":
        """A stream of the regular file at `path` if it is larger than `min_bytes` and streams safely; else None."""
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size <= min_bytes:
                return None
            with open(path, "rb") as f:
                head = f.read(SNIFF_BYTES)
                f.seek(max(len(head), info.st_size - SNIFF_BYTES))
                tail = f.read()
        except OSError:
            return None
        stream = next((cls(path, codec, bom, chunk_bytes) for bom, codec in BOMS if head.startswith(bom)), None)
        if stream is None:
            if binary_kind(head + tail, nul_bytes=not encoding):  # it reads only the first and last SNIFF_BYTES
                return None
            if not _is_text_codec(encoding or "utf-8"):  # unknown or not a text codec (rot13, base64):
                return None  # read whole, where decode() reports it as for a small file
            stream = cls(path, encoding or "utf-8", b"", chunk_bytes)
        return stream if stream._passes_checks(output_encoding) else None

    def _passes_checks(self, output_encoding: str | None) -> bool:
        """Decodes whole; no NUL, not too many control characters (`check_text`'s samples); writable in `output_encoding`."""
        head: list[str] = []
        head_chars = 0
        tail = ""
        if output_encoding and not _is_text_codec(output_encoding):
            return False  # not a text codec: read whole, as for a small file
        encoder = codecs.getincrementalencoder(output_encoding)() if output_encoding else None
        try:
            for text in self.chunks():
                if "\x00" in text:
                    return False  # binary: read whole, where decode() refuses it
                if head_chars < 2 * CONTROL_SAMPLE:
                    head.append(text[: 2 * CONTROL_SAMPLE - head_chars])
                    head_chars += len(head[-1])
                tail = (tail + text)[-CONTROL_SAMPLE:] if len(text) < CONTROL_SAMPLE else text[-CONTROL_SAMPLE:]
                if encoder is not None:
                    encoder.encode(text)
        except (UnicodeDecodeError, UnicodeEncodeError, OSError):
            return False
        start = "".join(head)
        sample = start if head_chars < 2 * CONTROL_SAMPLE else start[:CONTROL_SAMPLE] + tail
        try:
            _check_sample(sample, str(self.path))
        except InputError:
            return False
        return True


class Encoder:
    """Text, piece by piece, to the bytes `Decoded.encode` gives for the whole text."""

    def __init__(self, encoding: str, bom: bytes = b"", output_encoding: str | None = None) -> None:
        self._prefix = b"" if output_encoding else bom
        self._output_encoding = output_encoding
        self._encoder = codecs.getincrementalencoder(output_encoding or encoding)()

    def encode(self, text: str, final: bool = False) -> bytes:
        try:
            data = self._encoder.encode(text, final)
        except UnicodeEncodeError as e:
            if self._output_encoding is None:
                raise
            raise InputError(f"cannot write {text[e.start:e.end]!r} in {self._output_encoding}; "
                             "choose another --output-encoding (utf-8 holds every character)") from e
        if self._prefix:
            data, self._prefix = self._prefix + data, b""
        return data

    def write(self, pieces: Iterable[str], f: BinaryIO) -> None:
        """Encode every piece into `f`, then end the encoding."""
        for piece in pieces:
            f.write(self.encode(piece))
        f.write(self.encode("", final=True))


class OutsideFolder(OSError):
    """A write that would land outside the folder it belongs in."""


TEMP_SUFFIX = ".cleanpress-tmp"


def write_atomic(path: Path, data: bytes, like: Path | None = None, root: Path | None = None,
                 durable: bool = True) -> None:
    """Write through a temporary file in the same folder and `os.replace`: all or nothing.

    A killed process leaves the old file or the new one (that is `os.replace`).
    `durable` also `fsync`s the data before the rename, so that a power loss
    cannot leave an empty or partial file in place of the old one: needed when
    the old content exists nowhere else (in-place rewrites, a saved profile);
    an `-o` copy whose input still exists can skip it (see docs/safety.md).

    The new file takes the mode of `like` (or of the file it replaces). With
    `root` (an output folder), `path` must lie inside it once symbolic links
    are resolved (else `OutsideFolder`), and a symbolic link already at `path`
    is replaced, not written through. Without `root` (in-place), a symbolic
    link at `path` is written through, so the link stays a link.

    The temporary file is `.<name>.<random>.cleanpress-tmp`: hidden, so folder
    walks never take it for input, even when a killed run leaves it behind.
    """
    with open_atomic(path, like, root, durable) as f:
        f.write(data)


@contextmanager
def open_atomic(path: Path, like: Path | None = None, root: Path | None = None,
                durable: bool = True) -> Iterator[BinaryIO]:
    """`write_atomic` for data written piece by piece: the file replaces `path` when the block ends without error."""
    if root is not None:
        path = inside(root, path)
    elif path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    mode_source = like if like is not None else path
    try:
        mode = stat.S_IMODE(os.stat(mode_source).st_mode)
    except OSError:
        mode = None
    with atomic_writer(path, durable=durable, mode=mode) as f:
        yield f


@contextmanager
def atomic_writer(path: Path, durable: bool = False, mode: int | None = None) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` only when the block ends without error.

    Written as `.<name>.<random>.cleanpress-tmp` in the same folder, then
    `os.replace`d; on any error the temporary file is removed and `path` is untouched.
    The file gets `mode`; without one, the mode of the file it replaces, or for a new
    file what the umask gives (as `open` would), not the 0600 of a temporary file.
    """
    if mode is None:
        mode = _mode_of(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _mode_of(path: Path) -> int:
    """The mode of the file at `path`, or the one a new file gets under the current umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def inside(root: Path, path: Path) -> Path:
    """`path` (written as `root / relative`) if it stays inside `root`, symbolic links resolved; else `OutsideFolder`.

    Refused: an absolute or `..` relative part, and a folder on the way that is
    a symbolic link leading out of `root`. The last part is not resolved: a
    link there is replaced by the write, not followed.
    """
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise OutsideFolder(1, f"{path} would land outside the output folder {root}") from None
    if not relative.parts or ".." in relative.parts:
        raise OutsideFolder(1, f"{path} would land outside the output folder {root}")
    real_root = root.resolve()
    parent = (real_root / relative).parent.resolve()
    if parent != real_root and real_root not in parent.parents:
        raise OutsideFolder(1, f"{path} would land outside the output folder {root} (through a symbolic link)")
    return parent / relative.name


@dataclass(frozen=True)
class Source:
    """A file to clean and where it sits relative to the folder it was found in."""

    path: Path
    relative: Path
    root: Path  # the folder given on the command line (the file's parent for a single file)
    refused: str | None = None  # why it is reported instead of read (a symbolic link out of the folder)


def discover(paths: Iterable[Path], pattern: str = "*.txt", exclude: Iterable[Path] = ()) -> Iterator[Source]:
    """Files named on the command line, and files matching `pattern` under folders, sorted.

    Folders in `exclude` (an output folder inside an input folder) are never
    read back; hidden files and folders (.git, our own temporary files) are
    skipped, and links to folders are not followed. Anything else that matches
    and is not a folder is yielded, so that FIFOs and broken links are reported
    when read; a symbolic link that leads out of the folder, a link loop, and a
    folder that cannot be listed are yielded with `refused` set, never followed.
    `pattern` is matched against the end of each file's path in the folder
    (`*.txt`, `news/*.txt`); an absolute pattern is a `ValueError`.
    """
    if PurePath(pattern).is_absolute() or pattern.startswith(("/", "\\")):
        raise ValueError(f"{pattern!r} is an absolute path: a pattern matches files inside the folders given")
    excluded = [p.resolve() for p in exclude]
    for given in paths:
        if given.is_dir():
            yield from sorted(_walk(given, pattern, excluded), key=lambda s: s.relative.as_posix())
        else:
            yield Source(given, Path(given.name), given.parent)


def _walk(given: Path, pattern: str, excluded: list[Path]) -> Iterator[Source]:
    root = given.resolve()
    unreadable: list[OSError] = []
    for folder, subfolders, names in os.walk(given, onerror=unreadable.append):
        here = Path(folder)
        subfolders[:] = [d for d in subfolders if not d.startswith(".") and not _is_excluded(here / d, excluded)]
        for name in names:
            path = here / name
            relative = path.relative_to(given)
            if name.startswith(".") or not _matches(relative, pattern):
                continue  # hidden: our own temporary files among them
            try:
                real = path.resolve()
            except (RuntimeError, OSError):  # a link loop (RuntimeError before Python 3.13)
                yield Source(path, relative, given, "symbolic link loop; not read")
                continue
            if any(real == e or e in real.parents for e in excluded) or _under(path, excluded):
                continue
            refused = None
            if real != root and root not in real.parents:
                refused = f"symbolic link to {real}, outside {given}; not followed (name the file itself to clean it)"
            yield Source(path, relative, given, refused)
    for error in unreadable:
        if error.filename is None:
            continue
        path = Path(error.filename)
        why = error.strerror or str(error)
        yield Source(path, path.relative_to(given) if path != given else Path("."), given,
                     f"cannot list this folder ({why}); its files were not cleaned")


def _matches(relative: Path, pattern: str) -> bool:
    """`pattern` against the end of a path in the folder, as `Path.rglob` takes it: a leading `**/` may
    also stand for no folder at all (`**/*.txt` takes `top.txt`), which `PurePath.match` does not allow."""
    while True:
        if relative.match(pattern):
            return True
        if not pattern.startswith("**/"):
            return False
        pattern = pattern[3:]


def _is_excluded(folder: Path, excluded: list[Path]) -> bool:
    try:
        real = folder.resolve()
    except (RuntimeError, OSError):
        return False
    return any(real == e or e in real.parents for e in excluded)


def _under(path: Path, excluded: list[Path]) -> bool:
    """`path`'s own folder (links not followed for the file itself) is an excluded folder or inside one."""
    folder = path.parent.resolve()
    return any(folder == e or e in folder.parents for e in excluded)
