"""Page generation: catalog -> Jinja2 templates -> MyST pages, written only when changed.

Text from the catalog is *data*: before it reaches a MyST page every ASCII punctuation character
is backslash-escaped (CommonMark allows that for all of them), so a field can never open a
directive, a role, raw HTML or a link, whatever it contains. Templates use StrictUndefined so a
misspelt variable fails the build instead of rendering as nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..model import lawtext
from ..model.ids import need_id
from ..util.files import write_atomic

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


def title_text(value: object) -> str:
    """A need directive's title: one line, escaped (sphinx-needs parses titles as markup)."""
    return md(value)


def plain_id(value: object) -> str:
    """A catalog id as written: ids are letters, digits, "-" and "_" (the loader checks), none
    of which can open markup inside a line, so escaping them would only leave backslashes in
    needs.json (``FG\\-QT\\-001``) for downstream tools. Anything else is escaped as usual."""
    text = "" if value is None else str(value)
    return text if _PLAIN_ID.fullmatch(text) else md(text)


def numbered_quote(value: object, first: int | None = None) -> str:
    """An article's verbatim text as a block quote with each 款 numbered, so a reviewer
    finds the 第X款 a basis cites; ``first`` numbers a quote that is one cut-out 款.

    The number is the knowledge base's annotation, set apart in brackets and bold before the
    款's first line (the text itself stays verbatim). An article of one 款 gets no number.
    """
    parts = lawtext.paragraphs(str(value))
    if first is None and len(parts) < 2:
        return blockquote(value)
    lines = []
    for n, part in enumerate(parts, start=first or 1):
        lines.append(f"〔**第{lawtext.to_chinese(n)}款**〕{md(part.lead)}")
        lines += [md(item) for item in part.items]
    return "\n>\n".join(f"> {line}" for line in lines)


_PLAIN_ID = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")


def blockquote(value: object) -> str:
    """Verbatim text (a law's article) as a block quote, one paragraph per line, escaped."""
    lines = [md(line) for line in str(value).splitlines() if line.strip()]
    return "\n>\n".join(f"> {line}" for line in lines)


_URL_UNSAFE = re.compile(r"[()<>\\\"`\[\]{}|\s]")


def link(url: object, text: object = None) -> str:
    """A Markdown link to an http(s) URL; anything else is shown as escaped text, unlinked.

    Characters that could end the link destination early are percent-encoded, so a URL from
    the catalog can never smuggle markup into the page.
    """
    value = str(url)
    label = md(text if text is not None else value)
    if not re.match(r"https?://[^\s]+$", value):
        return label
    safe = _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", value)
    return f"[{label}]({safe})"


def tel(phone: object) -> str:
    """A phone number as a ``tel:`` link a phone can dial (digits and + only in the address)."""
    value = str(phone)
    digits = re.sub(r"[^0-9+]", "", value)
    if not digits:
        return md(value)
    return f'<a class="tel" href="tel:{digits}">{html.escape(value)}</a>'


def bar(percent: int, width: int = 10) -> str:
    """A text progress bar: ▓▓▓▓▓░░░░░ 50%."""
    filled = max(0, min(width, round(percent * width / 100)))
    return "▓" * filled + "░" * (width - filled) + f" {percent}%"


def environment(
    template_dir: Path,
    filters: Mapping[str, Callable[..., Any]] | None = None,
    cache_dir: Path | None = None,
) -> jinja2.Environment:
    """The Jinja2 environment every page is rendered with.

    ``cache_dir`` keeps the compiled templates between builds (keyed by each template's text,
    so an edited template is compiled again): compiling them was half of a rebuild that changed
    nothing.
    """
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        bytecode_cache=cache,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # output is MyST, escaped by the md filters, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md=md,
        md_block=md_block,
        cell=cell,
        title_text=title_text,
        plain_id=plain_id,
        numbered_quote=numbered_quote,
        blockquote=blockquote,
        bar=bar,
        link=link,
        tel=tel,
        need_kind=lambda kind: need_id("kind", kind),
    )
    if filters:
        env.filters.update(filters)
    return env


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: where it goes (relative to the output folder) and its text."""

    path: str
    text: str


_HEADING = re.compile(r"^# (.+)$", re.M)


def page_title(text: str) -> str | None:
    """The first level-1 heading of a generated page (what navigation shows)."""
    match = _HEADING.search(text)
    return match[1].strip() if match else None


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_pages` changed on disk."""

    changed: list[str]
    retitled: list[str]  # pages added or whose title changed (what navigation shows)
    removed: list[str]


def write_pages(
    out_dir: Path, pages: Iterable[Page], owned_suffix: str = ".md", remove_stale: bool = True
) -> WriteResult:
    """Write pages that changed, delete generated pages that no longer exist.

    ``remove_stale=False`` keeps pages not written this time (see the extension: while the
    catalog cannot be rendered, the last pages stay so an incremental build does not crash on a
    navigation that lost its pages; such a build fails and is never published).

    Reports the paths written or removed, so callers (and tests) can see that an unchanged
    catalog rewrites nothing, which is what keeps incremental builds fast and right; and whether
    navigation changed (a page added, removed or retitled), which every page's sidebar shows.
    """
    changed: list[str] = []
    retitled: list[str] = []
    removed: list[str] = []
    wanted: set[Path] = set()
    for page in pages:
        target = out_dir / page.path
        wanted.add(target)
        try:
            before = target.read_text(encoding="utf-8")
        except OSError:
            before = None
        if write_atomic(target, page.text):
            changed.append(page.path)
            if page.path.endswith(owned_suffix) and (
                before is None or page_title(before) != page_title(page.text)
            ):
                retitled.append(page.path)
    if out_dir.is_dir() and remove_stale:
        for existing in sorted(out_dir.rglob(f"*{owned_suffix}")):
            if existing not in wanted:
                existing.unlink()
                changed.append(str(existing.relative_to(out_dir)))
                removed.append(str(existing.relative_to(out_dir)))
    return WriteResult(changed, retitled, removed)
