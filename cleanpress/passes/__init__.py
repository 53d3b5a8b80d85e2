"""The cleaner passes and the one place their order is written.

Each pass is a module with a kebab-case `NAME`, a docstring whose first line
is its description (what `cleanpress passes` prints), and
`run(doc, context) -> Iterator[Drop]`; a pass with settings declares them
in `OPTIONS` (name -> `model.Option`) and reads them with
`context.option(NAME, key, default)`. The user's own drop patterns run
first, then the precise passes, each aimed at one kind of boilerplate; the
site template pass uses what other pages
of the site share; the page-structure pass, which judges what is left as a
whole, sees every earlier drop; site-affixes runs after it, because the
comment signatures it drops tell page-structure where a thread begins;
repeated-blocks runs last, so that of a text shown twice the copy the other
passes keep is the one that stays.

A pass that judges each line by that line's text and the context alone,
never by other lines, says so with `LINE_LOCAL = True`: the pipeline need
not run it again in later rounds (see `pipeline._run_page`;
`tests/test_registry.py` checks the claim on the fixtures). A pass that reads
what earlier rounds dropped around a line (the line's `history`, see
`model.Line`) says so with `READS_HISTORY = True`: the pipeline runs it
once more on the text as cleaning it again would read it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType

from ..model import Document, Drop, Option
from . import (
    comment_widgets,
    empty_fragments,
    interface_words,
    legal_notices,
    media_credits,
    page_structure,
    related_headlines,
    repeated_blocks,
    site_affixes,
    site_template,
    subscribe_prompts,
    user_patterns,
)


@dataclass(frozen=True)
class Pass:
    name: str
    description: str
    run: Callable[[Document, object], Iterator[Drop]]
    options: Mapping[str, Option] = field(default_factory=dict)  # its settings, with defaults and ranges
    line_local: bool = False  # each line is judged by its own text and the context alone
    reads_history: bool = False  # reads what earlier rounds dropped around a line (`Line.history`)

    @classmethod
    def from_module(cls, module: ModuleType) -> "Pass":
        description = (module.__doc__ or "").strip().splitlines()[0]
        return cls(module.NAME, description, module.run, MappingProxyType(dict(getattr(module, "OPTIONS", {}))),
                   bool(getattr(module, "LINE_LOCAL", False)), bool(getattr(module, "READS_HISTORY", False)))


PASS_MODULES: tuple[ModuleType, ...] = (
    user_patterns,
    empty_fragments,
    legal_notices,
    comment_widgets,
    interface_words,
    media_credits,
    subscribe_prompts,
    related_headlines,
    site_template,
    page_structure,
    site_affixes,
    repeated_blocks,
)

PASSES: tuple[Pass, ...] = tuple(Pass.from_module(m) for m in PASS_MODULES)
PASS_NAMES: tuple[str, ...] = tuple(p.name for p in PASSES)
