"""Page generation: catalog -> Jinja2 templates -> MyST pages, written only when changed.

Text from the catalog is *data*: before it reaches a MyST page every ASCII punctuation character
is backslash-escaped (CommonMark allows that for all of them), so a field can never open a
directive, a role, raw HTML or a link, whatever it contains. Templates use StrictUndefined so a
misspelt variable fails the build instead of rendering as nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from .export import write_atomic

_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md(value: object) -> str:
    """Escape catalog text for inline MyST: punctuation escaped, newlines become spaces."""
    text = "" if value is None else str(value)
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))


def md_block(value: object) -> str:
    """Escape multi-line catalog text, keeping line breaks as hard breaks."""
    text = "" if value is None else str(value)
    return "\\\n".join(
        _PUNCT.sub(r"\\\1", line.strip()) for line in text.splitlines() if line.strip()
    )


def cell(value: object) -> str:
    """Escape text for a Markdown table cell (pipes are punctuation, so they are escaped)."""
    return md(value) or " "


def environment(
    template_dir: Path,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> jinja2.Environment:
    """The Jinja2 environment every page is rendered with."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is MyST, escaped by the md filters, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, md_block=md_block, cell=cell)
    if filters:
        env.filters.update(filters)
    return env


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: where it goes (relative to the output folder) and its text."""

    path: str
    text: str


def write_pages(out_dir: Path, pages: Iterable[Page], owned_suffix: str = ".md") -> list[str]:
    """Write pages that changed, delete generated pages that no longer exist.

    Returns the paths that were written or removed, so callers (and tests) can see that an
    unchanged catalog rewrites nothing, which is what keeps incremental builds fast and right.
    """
    changed: list[str] = []
    wanted: set[Path] = set()
    for page in pages:
        target = out_dir / page.path
        wanted.add(target)
        if write_atomic(target, page.text):
            changed.append(page.path)
    if out_dir.is_dir():
        for existing in sorted(out_dir.rglob(f"*{owned_suffix}")):
            if existing not in wanted:
                existing.unlink()
                changed.append(str(existing.relative_to(out_dir)))
    return changed
