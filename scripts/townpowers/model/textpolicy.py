"""The one policy for text in the catalog: what characters a field may hold.

Catalog text ends up in web pages, PDF handbooks, Word attachments, Excel sheets, CSV files and
file names, and is echoed to terminals. Each of those refuses (or misrenders) different
characters, so the loader accepting what an export later refuses, or a terminal running an ESC
sequence from an imported CSV, is prevented here, once, for every reader of text (the YAML
loader, the spreadsheet cell readers, the office importers, ``review --by``):

* C0 and C1 control characters other than newline (U+0000-U+0009, U+000B-U+001F,
  U+007F-U+009F) are an error in any text (tab included: it is invisible in every output);
* zero-width and bidi-control characters (U+200B-U+200F, U+202A-U+202E, U+2060-U+2064,
  U+2066-U+2069, U+FEFF, U+061C) are an error in names and identifiers, where they make two
  equal-looking names differ or reverse what a reader sees;
* names of towns, districts and departments follow a grammar (:data:`NAME_LIMITS`): no path
  separators or characters file systems and Excel reject (``/\\:*?"<>|[]``), no leading or
  trailing space, not only dots, at most so many characters.

Messages never contain the offending character itself, only its escape (``U+001B``), see
:func:`visible`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..util.text import HIDDEN_CHARS, escape_char, visible

__all__ = [
    "NAME_FORBIDDEN",
    "NAME_LIMITS",
    "TextProblem",
    "escape",
    "field_problem",
    "name_problem",
    "suspicious",
    "text_problem",
    "visible",
]

#: Control characters refused in every text (newline is the one allowed).
CONTROL = "\x00-\x09\x0b-\x1f\x7f-\x9f"
#: Zero-width and bidi-control characters refused in names and identifiers.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: Characters a name may not contain: path separators, and what Windows file names and Excel
#: sheet titles reject.
NAME_FORBIDDEN = '/\\:*?"<>|[]'
#: Longest name, in characters, by the field's grammar (a town name is 2-6 characters in
#: practice, a department's full name rarely over 30).
NAME_LIMITS: Mapping[str, int] = {"town": 30, "district": 30, "department": 60}
#: What the grammar is called in messages.
NAME_WORDS: Mapping[str, str] = {
    "town": "镇名称",
    "district": "区（市）名称",
    "department": "部门名称",
}

_CONTROL = re.compile(f"[{CONTROL}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")
_FORBIDDEN = re.compile("[" + re.escape(NAME_FORBIDDEN) + "]")


@dataclass(frozen=True, slots=True)
class TextProblem:
    """What is wrong with a text, and at which character (0-based offset into the text)."""

    offset: int
    message: str
    hint: str = ""


def escape(ch: str) -> str:
    """A character as ``U+001B`` (what messages show instead of the character)."""
    return escape_char(ch)


def suspicious(text: str) -> bool:
    """Whether ``text`` has any character the policy may refuse (the loader's fast path)."""
    return _HIDDEN.search(text) is not None


def is_identifier(name: str, meta: Mapping[str, Any]) -> bool:
    """Whether a field names or identifies something (invisible characters refused there)."""
    return bool(
        name in ("id", "name", "code", "short_name")
        or name.endswith("_id")
        or meta.get("ref")
        or meta.get("pattern")
        or meta.get("grammar")
    )


def text_problem(text: str, identifier: bool = False) -> TextProblem | None:
    """The first character ``text`` may not contain (``identifier``: a name or an id)."""
    found = _CONTROL.search(text)
    if found is not None:
        return TextProblem(
            found.start(),
            f"含有控制字符 {escape(found.group())}（第{found.start() + 1}个字符）",
            "删除该字符：控制字符在网页、表格和文档中不可见，也无法写入 Excel 和 Word。",
        )
    if identifier:
        found = _INVISIBLE.search(text)
        if found is not None:
            return TextProblem(
                found.start(),
                f"含有不可见字符 {escape(found.group())}（第{found.start() + 1}个字符，"
                "零宽字符或文字方向控制符）",
                "删除该字符：名称和标识中的不可见字符使看起来相同的名称不同。",
            )
    return None


def name_problem(text: str, grammar: str) -> TextProblem | None:
    """What keeps ``text`` from being a name of kind ``grammar`` (a key of :data:`NAME_LIMITS`)."""
    found = text_problem(text, identifier=True)
    if found is not None:
        return found
    word = NAME_WORDS[grammar]
    limit = NAME_LIMITS[grammar]
    if text != text.strip():
        return TextProblem(0, f"{word}的开头或结尾有空格", "删除名称前后的空格。")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        return TextProblem(
            bad.start(),
            f"{word}中不能有字符“{bad.group()}”",
            f"名称也用作文件名和工作表名，其中不能有 {NAME_FORBIDDEN} 这些字符。",
        )
    if not text.strip("."):
        return TextProblem(0, f"{word}不能只由“.”组成")
    if len(text) > limit:
        return TextProblem(limit, f"{word}过长：{len(text)} 个字符，上限 {limit}")
    return None


def field_problem(name: str, meta: Mapping[str, Any], text: str) -> TextProblem | None:
    """The policy for one field's text, from its declaration (``meta(grammar=…)``)."""
    grammar = meta.get("grammar")
    if grammar:
        return name_problem(text, str(grammar))
    return text_problem(text, is_identifier(name, meta))


def name_schema_pattern(grammar: str) -> str:
    """The grammar as a JSON Schema (ECMA-262) look-ahead, put before a field's own pattern."""
    forbidden = '/\\\\:*?"<>|\\[\\]'
    hidden = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff"
    limit = NAME_LIMITS[grammar]
    return f"(?=[^{forbidden}{hidden}]{{1,{limit}}}$)(?!\\s)(?!.*\\s$)"
