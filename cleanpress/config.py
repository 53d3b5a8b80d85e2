"""One configuration object, read once from `[tool.cleanpress]` in pyproject.toml (or a file given).

Configuration is data (TOML, read with tomllib), never code. Every key is
checked: an unknown key or a bad value is a `ConfigError` that says where it
is and lists what is valid. The CLI feeds a loaded `Config` to Click as its
defaults, so command-line flags override the file and both share one path;
the library takes the same object (`cleanpress.Cleaner(config)`).

    [tool.cleanpress]
    skip = ["related-headlines"]           # passes not to run (or: only = [...])
    drop_patterns = ['^Photo: ']           # regex: drop a matching line
    keep_patterns = ['^Update:']           # regex: no pass may drop a matching line
    pattern_timeout = 0.5                  # seconds a pattern may take on one line
    glob = ["*.txt", "*.html"]             # files taken from folders
    site_by = "folder"                     # folder, host or none
    profile = "site.json"                  # relative to this file
    input = "auto"                         # page, extracted (an extractor's output) or auto

    [tool.cleanpress.passes.repeated-blocks]
    min_line_chars = 80                    # per-pass options, see `cleanpress passes`
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from .passes import PASSES
from .patterns import DEFAULT_TIMEOUT, PatternError, UserPatterns
from .pipeline import INPUT_KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SITE_BY = ("folder", "host", "none")
DEFAULT_GLOB = ("*.txt",)
PASSES_BY_NAME = {p.name: p for p in PASSES}


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the key and the valid values."""


@dataclass(frozen=True)
class Config:
    """Everything a run can be told, validated. Build it with `load`, `from_mapping` or `Config()`."""

    skip: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, int | float]] = field(default_factory=dict)  # pass -> key -> value
    drop_patterns: tuple[str, ...] = ()
    keep_patterns: tuple[str, ...] = ()
    pattern_timeout: float = DEFAULT_TIMEOUT
    glob: tuple[str, ...] = DEFAULT_GLOB
    site_by: str = "folder"
    profile: Path | None = None
    input: str = "auto"  # what the texts are: a whole page, an extractor's output, or auto (told apart per page)
    source: Path | None = None  # the file it was read from, if any

    def __post_init__(self) -> None:
        _check_passes("skip", self.skip)
        _check_passes("only", self.only)
        if self.only and set(self.only) <= set(self.skip):
            raise ConfigError(f"only {', '.join(self.only)} and skip {', '.join(self.skip)} leave no pass to run")
        object.__setattr__(self, "options", _check_options(self.options))
        if not (isinstance(self.pattern_timeout, (int, float)) and not isinstance(self.pattern_timeout, bool)
                and self.pattern_timeout > 0):
            raise ConfigError(f"pattern_timeout: {self.pattern_timeout!r} is not a number of seconds > 0")
        if self.site_by not in SITE_BY:
            raise ConfigError(f"site_by: {self.site_by!r} is not one of {', '.join(SITE_BY)}")
        if self.input not in INPUT_KINDS:
            raise ConfigError(f"input: {self.input!r} is not one of {', '.join(INPUT_KINDS)}")
        try:  # compile once here, so a bad pattern is reported before any file is read
            UserPatterns(self.keep_patterns, self.drop_patterns, self.pattern_timeout)
        except PatternError as e:
            raise ConfigError(f"{_where(self.source)}{e}") from None

    def with_overrides(self, **changes) -> "Config":
        """A copy with some fields replaced (command-line flags); `options` merge key by key."""
        options = changes.pop("options", None)
        if options:
            merged = {name: dict(values) for name, values in self.options.items()}
            for name, values in options.items():
                merged.setdefault(name, {}).update(values)
            changes["options"] = merged
        return replace(self, **changes)

    def for_html(self) -> "Config":
        """The configuration for text extracted from HTML: cleanpress.html's pass defaults, unless set here."""
        from . import html

        skip = self.skip if self.only else tuple(dict.fromkeys((*self.skip, *html.SKIP_PASSES)))
        options = {name: dict(values) for name, values in self.options.items()}
        for name, values in html.PASS_OPTIONS.items():
            for key, value in values.items():
                options.setdefault(name, {}).setdefault(key, value)
        return replace(self, skip=skip, options=options)

    def patterns(self) -> UserPatterns | None:
        if not (self.keep_patterns or self.drop_patterns):
            return None
        return UserPatterns(self.keep_patterns, self.drop_patterns, self.pattern_timeout)

    def option(self, pass_name: str, key: str):
        """The effective value of a pass option (the configured one, else the pass's default)."""
        return self.options.get(pass_name, {}).get(key, PASSES_BY_NAME[pass_name].options[key].default)

    def describe(self) -> list[str]:
        """The effective configuration, line by line (what `cleanpress passes` prints)."""
        lines = [f"configuration: {self.source or 'defaults (no [tool.cleanpress] found)'}"]
        if self.glob != DEFAULT_GLOB:
            lines.append(f"glob: {', '.join(self.glob)}")
        if self.site_by != "folder":
            lines.append(f"site_by: {self.site_by}")
        if self.input != "auto":
            lines.append(f"input: {self.input}")
        if self.profile is not None:
            lines.append(f"profile: {self.profile}")
        for kind, patterns in (("drop", self.drop_patterns), ("keep", self.keep_patterns)):
            for p in patterns:
                lines.append(f"{kind} pattern: {p!r}")
        if self.drop_patterns or self.keep_patterns:
            lines.append(f"pattern_timeout: {self.pattern_timeout:g} s")
        return lines


def option_parser(pass_name: str, key: str):
    """The declared `Option` of a pass, or a ConfigError listing the valid passes or keys."""
    if pass_name not in PASSES_BY_NAME:
        raise ConfigError(f"unknown pass {pass_name!r}; valid passes: {', '.join(PASSES_BY_NAME)}")
    declared = PASSES_BY_NAME[pass_name].options
    if key not in declared:
        valid = ", ".join(declared) if declared else "none (this pass has no options)"
        raise ConfigError(f"{pass_name}: unknown option {key!r}; valid options: {valid}")
    return declared[key]


def parse_assignment(text: str) -> tuple[str, str, int | float]:
    """'repeated-blocks.min_line_chars=80' -> ('repeated-blocks', 'min_line_chars', 80)."""
    target, sep, value = text.partition("=")
    pass_name, dot, key = target.strip().rpartition(".")
    if not sep or not dot:
        raise ConfigError(f"{text!r}: write PASS.OPTION=VALUE, e.g. repeated-blocks.min_line_chars=80")
    option = option_parser(pass_name, key)
    try:
        return pass_name, key, option.parse(value.strip())
    except ValueError as e:
        raise ConfigError(f"{pass_name}.{key}: {e}") from None


# --- reading -----------------------------------------------------------------------------

KEYS = ("skip", "only", "passes", "drop_patterns", "keep_patterns", "pattern_timeout", "glob", "site_by", "profile",
        "input")


def from_mapping(table: Mapping, source: Path | None = None) -> Config:
    """A Config from the `[tool.cleanpress]` table (already parsed TOML); paths are relative to `source`."""
    where = _where(source)
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}[tool.cleanpress] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}unknown key {', '.join(map(repr, unknown))}; valid keys: {', '.join(KEYS)}")
    values: dict = {"source": source}
    for key in ("skip", "only", "drop_patterns", "keep_patterns", "glob"):
        if key in table:
            values[key] = _strings(table[key], key, where, allow_single=key == "glob")
    if "pattern_timeout" in table:
        values["pattern_timeout"] = table["pattern_timeout"]
    for key in ("site_by", "input"):
        if key in table:
            values[key] = table[key]
    if "profile" in table:
        if not isinstance(table["profile"], str) or not table["profile"]:
            raise ConfigError(f"{where}profile: give the path of a site profile (from 'cleanpress learn') as a string")
        base = source.parent if source is not None else Path.cwd()
        values["profile"] = (base / table["profile"]).resolve()
    if "passes" in table:
        passes = table["passes"]
        if not isinstance(passes, Mapping) or not all(isinstance(v, Mapping) for v in passes.values()):
            raise ConfigError(f"{where}passes: write one table per pass, e.g. [tool.cleanpress.passes.repeated-blocks]")
        values["options"] = passes
    try:
        return Config(**values)
    except ConfigError as e:
        message = str(e)
        raise ConfigError(message if message.startswith(where) else where + message) from None


def load(path: Path) -> Config:
    """Read a configuration file: a pyproject.toml's `[tool.cleanpress]`, or a whole TOML file of those keys."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    if "tool" in data or path.name == "pyproject.toml":
        table = data.get("tool", {}).get("cleanpress")
        if table is None:
            raise ConfigError(f"{path}: no [tool.cleanpress] table")
        return from_mapping(table, path)
    return from_mapping(data, path)


def find(paths: Iterable[Path] = ()) -> Path | None:
    """The nearest pyproject.toml with a [tool.cleanpress] table above the inputs (or the current folder).

    The search starts at the inputs' common folder and stops at the root of the
    repository holding it (a folder with .git or .hg), like black's project root.
    """
    start = _common_folder([p for p in paths if str(p) != "-"])
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _has_table(candidate):
            return candidate
        if (folder / ".git").exists() or (folder / ".hg").exists():
            return None
    return None


def discover(paths: Iterable[Path] = ()) -> Config:
    found = find(paths)
    return load(found) if found is not None else Config()


def _has_table(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return "cleanpress" in tomllib.load(f).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError):
        return False  # not ours to judge: a broken pyproject without our table is skipped


def _common_folder(paths: list[Path]) -> Path:
    if not paths:
        return Path.cwd().resolve()
    folders = [(p if p.is_dir() else p.parent).resolve() for p in paths]
    common = folders[0]
    for folder in folders[1:]:
        while common != folder and common not in folder.parents:
            common = common.parent
    return common


def _where(source: Path | None) -> str:
    return f"{source}: " if source is not None else ""


def _strings(value: object, key: str, where: str, allow_single: bool = False) -> tuple[str, ...]:
    if allow_single and isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}{key}: give a list of strings, e.g. {key} = [\"...\"]")
    return tuple(value)


def _check_passes(key: str, names: Iterable[str]) -> None:
    unknown = [n for n in names if n not in PASSES_BY_NAME]
    if unknown:
        raise ConfigError(f"{key}: unknown pass {', '.join(map(repr, unknown))}; valid passes: {', '.join(PASSES_BY_NAME)}")


def _check_options(options: Mapping) -> Mapping:
    checked: dict[str, MappingProxyType] = {}
    for pass_name, values in options.items():
        parsed = {}
        for key, value in values.items():
            option = option_parser(pass_name, key)
            try:
                parsed[key] = option.parse(value)
            except ValueError as e:
                raise ConfigError(f"passes.{pass_name}.{key}: {e}") from None
        checked[pass_name] = MappingProxyType(parsed)
    return MappingProxyType(checked)
