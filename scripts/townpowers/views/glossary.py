"""The glossary (术语), read once from docs/glossary.md and shared by the site and the handbooks.

The glossary is hand-written prose in the docs, not catalog data, and it exists once: the
handbooks print it whole as an appendix, the site explains each term of art where it is used
(a link to the glossary whose hover text is the entry's first sentence). So every entry opens
with one self-contained sentence in plain words; the notice's wording and details follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Where a first sentence ends: a Chinese full stop (the glossary is written in Chinese).
_SENTENCE_END = re.compile(r"。")


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: the term, its whole definition, and its first sentence."""

    term: str
    definition: str

    @property
    def short(self) -> str:
        """The first sentence: what a reader sees on hover, without the notice's details."""
        match = _SENTENCE_END.search(self.definition)
        return self.definition[: match.end()] if match else self.definition


class GlossaryError(Exception):
    """The glossary page has no ``{glossary}`` block, or it cannot be read."""


def read_glossary(path: Path) -> dict[str, Term]:
    """The entries of the ``{glossary}`` block of a MyST page, in page order.

    A term is a line at the block's indentation; its definition is the indented lines that
    follow (joined: Chinese text has no spaces between lines).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"无法读取术语表 {path}：{exc.strerror}") from exc
    if "```{glossary}" not in text:
        raise GlossaryError(f"术语表 {path} 中没有 {{glossary}} 块")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries: list[tuple[str, str]] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        if line.startswith(" ") and entries:
            term, definition = entries[-1]
            entries[-1] = (term, definition + line.strip())
        else:
            entries.append((line.strip(), ""))
    return {term: Term(term, definition) for term, definition in entries}
