"""Counters, wording and exit codes of a run, in one place.

Exit codes: 0 done (or nothing would change), 1 something would change
(check mode), 2 usage or input error (some inputs could not be cleaned).

Losses are counted apart from the cleaning: a page emptied completely, or one
that lost most of its prose (see `Cleaned.warnings`), is named in a warning
line on stderr as it happens and counted again in the summary, so a run over
thousands of pages cannot hide one. So is a page whose cleaning did not
settle in the pipeline's rounds (cleaning its output again may remove more).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import UNSETTLED

EXIT_OK = 0
EXIT_WOULD_CHANGE = 1
EXIT_ERROR = 2


@dataclass
class Report:
    check: bool = False  # nothing is written: say "would clean"
    unit: str = "file"  # what is counted: "file" or "record"
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    emptied: int = 0  # non-empty inputs whose output is empty
    lossy: int = 0  # inputs that kept something but lost most of their prose
    unsettled: int = 0  # inputs still losing lines when the pipeline's rounds ran out
    skipped: int = 0  # records passed through untouched (not JSON, no text field): reported, not an error
    chars_in: int = 0
    chars_removed: int = 0
    audit: object | None = None  # the `audit.AuditReport` being written (--report): every page goes into it too
    audit_path: Path | None = None  # where it goes: no input found under a folder may be that file
    bar_shown: bool = False  # a progress bar holds the terminal's last line: `say` clears it first
    echo: Callable[[str], None] | None = None  # how a line reaches stderr (the CLI's click.echo); default print
    out: Callable[[str], None] | None = None  # how text reaches stdout (--explain, --diff); default sys.stdout

    def say(self, message: str) -> None:
        """A message on stderr, on a line of its own above a progress bar when one is shown."""
        if self.bar_shown:
            sys.stderr.write("\r\033[K")  # the bar's line, cleared: the bar is drawn again below the message
        if self.echo is not None:
            self.echo(message)
        else:
            print(message, file=sys.stderr, flush=True)

    def write(self, text: str) -> None:
        """Text on stdout, as it is (an --explain line, a diff line): stdout carries only output."""
        if self.out is not None:
            self.out(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()

    def add_page(self, page_id: str, site_key: str | None, text: str | None, drops, warnings,
                 chars_in: int, chars_out: int) -> None:
        """Put a cleaned page into the audit report, when one is written."""
        if self.audit is not None:
            from .audit import page_record

            self.audit.add(page_record(page_id, site_key, text, drops, warnings, chars_in, chars_out))

    def done(self, chars_in: int, chars_out: int, changed: bool, warnings: tuple[str, ...] = ()) -> None:
        self.chars_in += chars_in
        self.chars_removed += max(chars_in - chars_out, 0)
        if changed:
            self.cleaned += 1
        else:
            self.unchanged += 1
        if chars_in and not chars_out:
            self.emptied += 1
        elif any(not w.startswith(UNSETTLED) for w in warnings):
            self.lossy += 1
        if any(w.startswith(UNSETTLED) for w in warnings):
            self.unsettled += 1

    def fail(self) -> None:
        self.failed += 1

    def skip(self) -> None:
        self.skipped += 1

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        if self.check and self.cleaned:
            return EXIT_WOULD_CHANGE
        return EXIT_OK

    def summary(self) -> str:
        verb = "would clean" if self.check else "cleaned"
        parts = [f"{self.cleaned} {_plural(self.unit, self.cleaned)} {verb}", f"{self.unchanged} unchanged"]
        if self.skipped:
            parts.append(f"{self.skipped} passed through (not JSON or no text field)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.emptied:
            parts.append(f"{self.emptied} emptied completely")
        if self.lossy:
            parts.append(f"{self.lossy} lost most of {'its' if self.lossy == 1 else 'their'} prose")
        if self.unsettled:
            parts.append(f"{self.unsettled} did not settle (cleaning again may remove more)")
        share = self.chars_removed / self.chars_in if self.chars_in else 0.0
        parts.append(f"{share:.0%} of characters removed ({_size(self.chars_removed)} of {_size(self.chars_in)})")
        return ", ".join(parts) + "."


def warning(shown: str, text: str) -> str:
    """The stderr line for a loss warning about one input."""
    return f"warning: {shown}: {text}"


def record_message(name: str, number: int, text: str, error: bool = False) -> str:
    """The stderr line about one JSONL record: `warning: feed.jsonl:12: …` (`error:` when it failed)."""
    return f"{'error' if error else 'warning'}: {name}:{number}: {text}"


def _plural(unit: str, n: int) -> str:
    return unit if n == 1 else unit + "s"


def _size(chars: int) -> str:
    """Characters as a short figure: 950, 12.3k, 4.5M."""
    if chars < 1000:
        return str(chars)
    if chars < 1_000_000:
        return f"{chars / 1000:.1f}k"
    return f"{chars / 1_000_000:.1f}M"
