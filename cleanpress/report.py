"""Counters, wording and exit codes of a run, in one place.

Exit codes: 0 done (or nothing would change), 1 something would change
(check mode), 2 usage or input error (some inputs could not be cleaned).
"""
from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_WOULD_CHANGE = 1
EXIT_ERROR = 2


@dataclass
class Report:
    check: bool = False  # nothing is written: say "would clean"
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    emptied: int = 0  # non-empty inputs whose output is empty
    chars_in: int = 0
    chars_removed: int = 0

    def done(self, chars_in: int, chars_out: int, changed: bool) -> None:
        self.chars_in += chars_in
        self.chars_removed += max(chars_in - chars_out, 0)
        if changed:
            self.cleaned += 1
        else:
            self.unchanged += 1
        if chars_in and not chars_out:
            self.emptied += 1

    def fail(self) -> None:
        self.failed += 1

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        if self.check and self.cleaned:
            return EXIT_WOULD_CHANGE
        return EXIT_OK

    def summary(self) -> str:
        verb = "would clean" if self.check else "cleaned"
        parts = [f"{self.cleaned} {_files(self.cleaned)} {verb}", f"{self.unchanged} unchanged"]
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.emptied:
            parts.append(f"{self.emptied} emptied completely")
        share = self.chars_removed / self.chars_in if self.chars_in else 0.0
        parts.append(f"{share:.0%} of characters removed")
        return ", ".join(parts) + "."


def _files(n: int) -> str:
    return "file" if n == 1 else "files"
