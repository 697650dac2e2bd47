"""Text helpers shared by the YAML builder, the site and the writers: which characters are
CJK, and text that XML documents (Word, Excel) can hold."""

from __future__ import annotations

import re

#: CJK characters and full-width punctuation: between two of them a space is never meant.
CJK_CHARS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’…—"

#: Characters XML 1.0 cannot hold (python-docx and openpyxl refuse them with a traceback).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` that an XML document can hold: each character XML forbids written as its
    escape ``<U+0007>`` (visible, never the raw character, never silently dropped)."""
    if _NOT_XML.search(text) is None:
        return text
    return _NOT_XML.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


#: Control (other than newline), zero-width and bidi-control characters: never printed raw.
HIDDEN_CHARS = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
_HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")


def escape_char(ch: str) -> str:
    """A character as ``U+001B``."""
    return f"U+{ord(ch):04X}"


def visible(text: str) -> str:
    """``text`` safe to print or show: every control (but newline), zero-width and bidi
    character as ``<U+001B>``, so a terminal never runs an ESC sequence from a file."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(lambda m: f"<{escape_char(m.group())}>", text)
