"""Article numbers and article text: Chinese numerals, 款/项 structure, published law files.

Quotations must never drift from the published text, so the catalog stores each cited article
whole and every narrower quotation (a 款 or a 项) is *cut* from it here rather than typed again.
The same module reads the published law files (Markdown, one article per "第N条" line, as in the
national database transcriptions) so that tests and authors can compare stored text with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_ARTICLE_START = re.compile(
    r"^(第([零〇一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?)"
    r"[\s\u3000]+(.*)$"
)
_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")


def chinese_number(text: str) -> int:
    """Value of a Chinese numeral as used in article numbers (一百一十一 -> 111)."""
    if not text:
        raise ValueError("empty numeral")
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + (digit or 0)


def to_chinese(number: int) -> str:
    """Chinese numeral for 1..9999 in the form laws print (111 -> 一百一十一, 10 -> 十)."""
    if not 0 < number < 10000:
        raise ValueError(f"out of range: {number}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // unit % 10
        if d:
            if zero and parts:
                parts.append("零")
            parts.append(("" if (name == "十" and d == 1 and number < 20) else digits[d]) + name)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def article_number(label: str) -> tuple[int, int] | None:
    """``(number, sub)`` of a "第N条" or "第N条之M" label; ``None`` for other labels."""
    match = re.fullmatch(
        r"第([零〇一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?", label
    )
    if not match:
        return None
    return chinese_number(match[1]), chinese_number(match[2]) if match[2] else 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One 款 with the 项 printed under it."""

    lead: str
    items: tuple[str, ...]

    def text(self) -> str:
        """The 款 as printed, items on their own lines."""
        return "\n".join((self.lead, *self.items))


def paragraphs(text: str) -> list[Paragraph]:
    """Split an article's text into 款, attaching item lines (（一）…) to the 款 they follow."""
    result: list[Paragraph] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if _ITEM.match(line) and result:
            last = result[-1]
            result[-1] = Paragraph(last.lead, (*last.items, line))
        else:
            result.append(Paragraph(line, ()))
    return result


def cut(text: str, paragraph: int | None = None, item: int | None = None) -> str | None:
    """The quoted part of an article: whole, one 款, or one 项 (``None`` if out of range).

    When a 项 is given without a 款, it is looked up in the first 款 that has items.
    """
    if paragraph is None and item is None:
        return text
    parts = paragraphs(text)
    if paragraph is not None:
        if not 1 <= paragraph <= len(parts):
            return None
        chosen = parts[paragraph - 1]
    else:
        chosen = next((p for p in parts if p.items), Paragraph("", ()))
    if item is None:
        return chosen.text()
    if not 1 <= item <= len(chosen.items):
        return None
    return chosen.items[item - 1]


def normalize(text: str) -> str:
    """Canonical form for fingerprints: NFC, no trailing spaces, single newlines."""
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def fingerprint(text: str) -> str:
    """Short SHA-256 of the normalized text; changes exactly when the wording changes."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:12]


def changes(old: str, new: str) -> list[tuple[str, str]]:
    """The wording change from ``old`` to ``new`` as runs of ``("=", text)`` (kept),
    ``("-", text)`` (deleted) and ``("+", text)`` (inserted), character by character, which is
    how Chinese legal text is compared (words are not separated by spaces)."""
    import difflib

    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", old[i1:i2]))
            continue
        if op in ("replace", "delete"):
            out.append(("-", old[i1:i2]))
        if op in ("replace", "insert"):
            out.append(("+", new[j1:j2]))
    return out


def marked(runs: list[tuple[str, str]], context: int | None = None) -> str:
    """Changes as one line of text: ``[-删去的-]{+加上的+}``, for terminals and plain text.

    With ``context``, unchanged text longer than that around the changes is shortened to its
    ends (``……``), so a one-word amendment of a long article reads as one line.
    """
    out = []
    last = len(runs) - 1
    for n, (op, text) in enumerate(runs):
        if op == "-":
            out.append(f"[-{text}-]")
        elif op == "+":
            out.append(f"{{+{text}+}}")
        elif context is None or len(text) <= 2 * context:
            out.append(text)
        else:
            head = "" if n == 0 else text[:context]
            tail = "" if n == last else text[-context:]
            out.append(f"{head}……{tail}")
    return "".join(out)


def reference_label(article: str, paragraph: int | None, item: int | None) -> str:
    """Human label of a reference: 第四十一条第二款第（三）项."""
    label = article
    if paragraph is not None:
        label += f"第{to_chinese(paragraph)}款"
    if item is not None:
        label += f"第（{to_chinese(item)}）项"
    return label


@dataclass(frozen=True, slots=True)
class TextReference:
    """An article named in running text: 《城乡规划法》第四十一条第一款, or a bare 第N条 that
    continues the last instrument named before it."""

    title: str | None
    article: str
    paragraph: int | None
    item: int | None
    start: int

    def label(self) -> str:
        """第四十一条第一款 (without the title)."""
        return reference_label(self.article, self.paragraph, self.item)


_NUMERAL = "零〇一二三四五六七八九十百千"
_REFERENCE = re.compile(
    rf"《(?P<title>[^《》\n]{{1,80}})》"
    rf"|(?P<article>第[{_NUMERAL}]+条(?:之[一二三四五六七八九十]+)?)"
    r"(?:第(?P<paragraph>[一二三四五六七八九十]+)款)?"
    r"(?:第[（(](?P<item>[一二三四五六七八九十]+)[）)]项)?"
    r"(?P<through>至)?"
)


def references(text: str) -> list[TextReference]:
    """Every article a text names, in order, each with the instrument title it belongs to.

    A bare "第N条" belongs to the last title named before it ("……第十一条、第十二条",
    "条例第五十七条"); "第五十八条至第六十条" names every article of the range. References
    before any title have ``title=None``.
    """
    out: list[TextReference] = []
    title: str | None = None
    range_from: int | None = None
    for match in _REFERENCE.finditer(text):
        if match["title"]:
            title, range_from = match["title"], None
            continue
        paragraph = chinese_number(match["paragraph"]) if match["paragraph"] else None
        item = chinese_number(match["item"]) if match["item"] else None
        number = article_number(match["article"])
        if range_from is not None and number is not None and number[1] == 0:
            for between in range(range_from + 1, number[0]):
                out.append(
                    TextReference(title, f"第{to_chinese(between)}条", None, None, match.start())
                )
        out.append(TextReference(title, match["article"], paragraph, item, match.start()))
        range_from = number[0] if match["through"] and number is not None else None
    return out


def read_law_file(path: Path) -> dict[str, str]:
    """Articles of a published law file, ``{"第四十一条": "text…"}``, text as in the file.

    Paragraph lines are kept; blank lines and headings (chapters, sections) end nothing but
    are not part of any article.
    """
    articles: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    body = path.read_text(encoding="utf-8")
    if "<!-- INFO END -->" in body:
        body = body.split("<!-- INFO END -->", 1)[1]
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if current is not None:
                articles[current] = "\n".join(lines)
                current, lines = None, []
            continue
        match = _ARTICLE_START.match(line)
        if match:
            if current is not None:
                articles[current] = "\n".join(lines)
            current, lines = match[1], [match[4].strip()]
        elif current is not None:
            lines.append(line)
    if current is not None:
        articles[current] = "\n".join(lines)
    return articles
