"""Chinese paragraphs wrapped in the Markdown source read without stray spaces.

Authors wrap long lines of the hand-written pages (and of templates) as they wrap code. A soft
line break is a space in HTML, which in English separates words but in Chinese splits a phrase
("以它为 单位") and, in the search index, glues nothing useful. Between two Chinese characters
(or Chinese punctuation) this transform removes the break, as a Chinese typesetter would; next to
Latin text, digits or inline code the break stays a space.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from ..util.text import CJK_CHARS

_BREAK = re.compile(f"(?<=[{CJK_CHARS}])\n(?=[{CJK_CHARS}])")
_CJK = re.compile(f"[{CJK_CHARS}]")
#: Where line breaks are content, not wrapping.
_VERBATIM = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, nodes.math)


def _verbatim(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _VERBATIM):
            return True
        parent = parent.parent
    return False


def _joins(before: nodes.Node, after: nodes.Node) -> bool:
    """Whether the texts either side of a break end and start with Chinese."""
    return bool(_CJK.fullmatch(before.astext()[-1:]) and _CJK.fullmatch(after.astext()[:1]))


class JoinChineseLines(SphinxTransform):
    """Drop soft line breaks between Chinese characters (see the module docstring)."""

    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            value = str(text)
            parent = text.parent
            if "\n" not in value or parent is None or _verbatim(text):
                continue
            # by identity: Text nodes are strings, so index() and remove() would find the
            # first equal one ("\n" occurs many times in a paragraph)
            i = next(n for n, child in enumerate(parent.children) if child is text)
            if value == "\n":  # MyST: a soft break is a Text node of its own
                if 0 < i < len(parent) - 1 and _joins(parent[i - 1], parent[i + 1]):
                    del parent[i]
                continue
            joined = _BREAK.sub("", value)
            if joined != value:
                parent[i] = nodes.Text(joined)
