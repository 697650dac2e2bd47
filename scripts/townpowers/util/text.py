"""Text helpers shared by the YAML builder and the site: which characters are CJK."""

from __future__ import annotations

#: CJK characters and full-width punctuation: between two of them a space is never meant.
CJK_CHARS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’…—"
