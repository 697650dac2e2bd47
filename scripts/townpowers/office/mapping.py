"""Mapping 权责清单 rows to power items: types, departments, citations, measures, ids.

Everything is resolved against the catalog, never invented: a citation must name a law and an
article the catalog holds (laws are entered verbatim from the published text, by hand), a
department must be one of the catalog's department kinds, a type one of the model's types.
What cannot be resolved is an error at the cell, with what would have been accepted.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import InstrumentFile, Measure, PowerLevel, PowerType, lawtext
from ..model.catalog import Catalog
from ..sheets.read import Issue, Place

_NUM = r"[零〇一二三四五六七八九十百千两0-9０-９]+"
_ARTICLE = re.compile(rf"第({_NUM})条(?:之({_NUM}))?")
_PARAGRAPH = re.compile(rf"第({_NUM})款")
_ITEM = re.compile(r"第?[（(]([一二三四五六七八九十]+|\d{1,2})[）)]项?|" + rf"第({_NUM})项")
_GAP = re.compile(r"(?:[\s、，,和及与或]|以及)*")
_LAW = re.compile(r"《([^》]+)》")
_VERSION = re.compile(r"\s*[（(][^（）()]*[）)]")
_LABEL = re.compile(
    r"^\s*(?:[（(]?\d+[)）.、．]|[（(]?[一二三四五六七八九十]+[)）、．.]|【[^】]*】|"
    r"(?:法律|行政法规|地方性法规|部门规章|政府规章|规章|规范性文件|其他)[:：]|"
    r"(?:依据|根据|按照|依照))\s*"
)
_SEGMENTS = re.compile(r"[\n；;。]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: Keywords by which a 监管措施 text names each measure (a test keeps this complete).
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    "RANDOM": ("双随机", "随机抽查"),
    "CREDIT": ("信用",),
    "INTERNET": ("互联网+", "互联网＋", "互联网监管", "在线监管", "网上监管"),
    "KEY": ("重点监管",),
    "ROUTINE": ("巡查", "日常检查", "日常监督检查", "现场检查"),
    "COMPLAINT": ("投诉", "举报"),
    "CASE_REVIEW": ("案卷", "评查"),
}
#: Abbreviations of power types in generated ids, when no existing id shows one.
TYPE_CODES: dict[str, str] = {
    "LICENSE": "XK",
    "PENALTY": "CF",
    "COERCION": "QZ",
    "LEVY": "ZS",
    "BENEFIT": "GF",
    "INSPECTION": "JC",
    "CONFIRMATION": "QR",
    "REWARD": "JL",
    "ADJUDICATION": "CJ",
    "OTHER": "QT",
    "PUBLIC_SERVICE": "GG",
}
_TYPE_ALIASES = {
    "其他权力": PowerType.OTHER,
    "其他职权": PowerType.OTHER,
    "其他": PowerType.OTHER,
    "其他行政职权": PowerType.OTHER,
    "公共服务事项": PowerType.PUBLIC_SERVICE,
}
_DEPT_SUFFIX = re.compile(r"(?:局|委员会|委|部门|机关|分局|办公室|中心|大队)$")


def number(text: str) -> int:
    """An article, 款 or 项 number written in Chinese or Arabic numerals."""
    text = text.translate(_FULLWIDTH_DIGITS)
    return int(text) if text.isdigit() else lawtext.chinese_number(text)


def power_type(text: str | None) -> PowerType | None:
    """The power type a 职权类型 text (or heading, or sheet name) names."""
    if not text:
        return None
    t = re.sub(r"\s", "", text)
    t = re.sub(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])", "", t)
    t = re.sub(r"[（(][^（）()]*[）)]$", "", t)
    for candidate in (t, t.removesuffix("类"), t.removesuffix("事项"), t.removesuffix("类事项")):
        if candidate in _TYPE_ALIASES:
            return _TYPE_ALIASES[candidate]
        for value in (candidate, "行政" + candidate):
            member = PowerType._value2member_map_.get(value)
            if isinstance(member, PowerType):
                return member
    return None


def enum_value(enum_cls: type, text: str) -> str | None:
    """An enum value written exactly, or the one value contained in ``text``."""
    return one_of([m.value for m in enum_cls], text)  # type: ignore[attr-defined]


def one_of(values: list[str], text: str) -> str | None:
    """One of ``values`` written exactly, or the one value contained in ``text``."""
    t = re.sub(r"\s", "", text)
    if t in values:
        return t
    inside = [v for v in values if v in t]
    return inside[0] if len(inside) == 1 else None


def level(text: str) -> str | None:
    """县级 or 市级 from the ways lists write them (区级, 县（市、区）级)."""
    t = re.sub(r"[\s（）()、]", "", text)
    if t.startswith("市"):
        return PowerLevel.CITY.value
    if t[:1] in ("县", "区"):
        return PowerLevel.COUNTY.value
    return None


def measures(text: str) -> list[str]:
    """The measures a 监管措施 text names (model order)."""
    return [m.value for m in Measure if any(w in text for w in MEASURE_WORDS.get(m.name, ()))]


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (how close a short name is to a kind)."""
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.size


@dataclass
class Resolver:
    """Lookups into the catalog that a 权责清单 row is resolved against."""

    cat: Catalog
    departments: dict[str, set[str]] = field(default_factory=dict)
    laws: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Build the lookup tables from the catalog."""
        for (_district, kind), dept in self.cat.departments.items():
            self.departments.setdefault(dept.name, set()).add(kind)
        for law in self.cat.instruments.values():
            for title in (law.title, law.short_title):
                self.laws.setdefault(law_key(title), law.id)

    def kind(self, text: str) -> str | None:
        """The department kind a 实施主体 text names (full name, kind name, or close)."""
        t = re.sub(r"\s", "", text)
        exact = self.departments.get(t)
        if exact and len(exact) == 1:
            return next(iter(exact))
        if t in self.cat.kinds:
            return t
        contained = sorted(
            (len(key), k.id)
            for k in self.cat.kinds.values()
            for key in (k.name, k.generic)
            if key and key in t
        )
        if contained and (len(contained) == 1 or contained[-1][0] > contained[-2][0]):
            return contained[-1][1]
        core = _DEPT_SUFFIX.sub("", t)
        for district in self.cat.districts.values():
            core = core.replace(district.name, "")
        core = core.replace("枣庄市", "")
        scored = sorted((_common(core, k.name), k.id) for k in self.cat.kinds.values())
        if not scored:
            return None
        best, kind = scored[-1]
        name = self.cat.kinds[kind].name
        unique = len(scored) == 1 or scored[-2][0] < best
        return kind if unique and best >= max(2, (len(name) + 1) // 2) else None

    def kind_in(self, text: str) -> str | None:
        """The department kind a sheet's name or title names, strictly: a department's full
        name in it, else exactly one kind's name (“民政局” but not “处罚和检查”)."""
        t = re.sub(r"\s", "", text)
        named = {kind for name, kinds in self.departments.items() if name in t for kind in kinds}
        if not named:
            named = {k.id for k in self.cat.kinds.values() if k.name in t}
        if not named:  # a sheet named “自然资源局”: a department's short name
            parts = [p for p in text.split() if _DEPT_SUFFIX.search(p)]
            named = {k for k in (self.kind(p) for p in parts) if k is not None}
        return next(iter(named)) if len(named) == 1 else None

    def kinds_hint(self) -> str:
        """What a department cell may say."""
        names = "、".join(k.name for k in self.cat.kinds.values())
        return f"写区（市）部门的全称（如目录 departments/ 中的名称），或部门类别：{names}。"

    def law(self, title: str) -> InstrumentFile | None:
        """The instrument a cited title names (full or short title, with or without 中华人民共和国)."""
        law_id = self.laws.get(law_key(title))
        return self.cat.instruments.get(law_id) if law_id else None

    def close_law(self, title: str) -> str | None:
        """The catalog's title closest to a cited one (for a suggestion)."""
        titles = {law_key(i.title): i.short_title for i in self.cat.instruments.values()}
        close = difflib.get_close_matches(law_key(title), list(titles), n=1, cutoff=0.6)
        return titles[close[0]] if close else None


def law_key(title: str) -> str:
    """A law title compared without 《》, version notes, spaces and 中华人民共和国."""
    t = re.sub(r"[\s《》]", "", title)
    t = _VERSION.sub("", t)
    return t.removeprefix("中华人民共和国")


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited article (款, 项) of one law, as written."""

    law: str
    article: str
    paragraph: int | None = None
    item: int | None = None

    def label(self) -> str:
        """《法》第N条第M款第（K）项."""
        ref = lawtext.reference_label(self.article, self.paragraph, self.item)
        return f"《{self.law}》{ref}"


def _article_label(match: re.Match[str]) -> str:
    """The article label as the catalog writes it (Chinese numerals)."""
    label = f"第{lawtext.to_chinese(number(match[1]))}条"
    if match[2]:
        label += f"之{lawtext.to_chinese(number(match[2]))}"
    return label


def citations(text: str) -> tuple[list[Citation], list[str]]:
    """The citations in a 职权依据 cell, and problems (a law cited without an article).

    A part of the cell (split at line breaks, ；and 。) is a citation when it starts with
    《…》 (after a label such as “1.”, “【法律】” or “依据”); the articles must follow right
    after the title. Any other text (the quoted wording of the article) is not parsed, so an
    article number inside a quotation is never taken for a citation.
    """
    found: list[Citation] = []
    problems: list[str] = []
    for segment in _SEGMENTS.split(text):
        rest = segment.strip()
        while True:
            stripped = _LABEL.sub("", rest, count=1)
            if stripped == rest:
                break
            rest = stripped
        law = _LAW.match(rest)
        if law is None:
            continue
        pos = law.end()
        version = _VERSION.match(rest, pos)
        if version:
            pos = version.end()
        refs = _article_list(rest, pos, law[1].strip())
        if not refs:
            problems.append(f"引用《{law[1].strip()}》没有写明条号（应精确到条，如 第四十一条）")
        found += refs
    return found, problems


def _article_list(text: str, pos: int, law: str) -> list[Citation]:
    """Articles right after a title: 第N条(第M款)(第（K）项), joined by 、 和 及; a bare 款 or
    项 continues the previous article (第四十一条第一款、第二款)."""
    out: list[Citation] = []
    article: str | None = None
    paragraph: int | None = None
    pos = _gap(text, pos)
    while True:
        item = None
        a = _ARTICLE.match(text, pos)
        p = _PARAGRAPH.match(text, pos)
        i = _ITEM.match(text, pos)
        if a:
            article, paragraph, pos = _article_label(a), None, a.end()
            p = _PARAGRAPH.match(text, pos)
            if p:
                paragraph, pos = number(p[1]), p.end()
            i = _ITEM.match(text, pos)
        elif article is not None and p:
            paragraph, pos = number(p[1]), p.end()
            i = _ITEM.match(text, pos)
        elif article is None or not i:
            break
        if i:
            item, pos = number(i[1] or i[2]), i.end()
        out.append(Citation(law, article, paragraph, item))
        pos = _gap(text, pos)
    return out


def _gap(text: str, pos: int) -> int:
    """Skip the separators between two references."""
    match = _GAP.match(text, pos)
    return match.end() if match else pos


def id_parts(power_id: str) -> tuple[str, str, int] | None:
    """``(prefix, type code, number)`` of an id such as ``ZRZY-XK-006``."""
    parts = power_id.split("-")
    if len(parts) < 3 or not parts[-1].isdigit():
        return None
    return "-".join(parts[:-2]), parts[-2], int(parts[-1])


@dataclass
class IdMaker:
    """Generated ids ``<PREFIX>-<TYPE>-<NNN>`` consistent with the catalog's existing ids."""

    cat: Catalog
    used: set[str] = field(default_factory=set)
    prefixes: dict[str, Counter[str]] = field(default_factory=dict)
    codes: dict[str, Counter[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Build the lookup tables from the catalog."""
        for power in self.cat.powers.values():
            self.used.add(power.id.lower())
            parts = id_parts(power.id)
            if parts and power.owner is not None:
                self.prefixes.setdefault(power.owner, Counter())[parts[0]] += 1
                self.codes.setdefault(power.type.name, Counter())[parts[1]] += 1

    def make(self, owner: str, type_: PowerType) -> str:
        """The next free id for a power of this owner kind and type."""
        prefixes = self.prefixes.get(owner)
        prefix = prefixes.most_common(1)[0][0] if prefixes else owner.upper()
        codes = self.codes.get(type_.name)
        code = codes.most_common(1)[0][0] if codes else TYPE_CODES.get(type_.name, "QT")
        n = 1 + max(
            (
                p[2]
                for p in (id_parts(u) for u in self.used)
                if p and p[0].lower() == prefix.lower() and p[1].lower() == code.lower()
            ),
            default=0,
        )
        new = f"{prefix}-{code}-{n:03d}"
        self.used.add(new.lower())
        return new


def domain_hint(domains: tuple[str, ...]) -> str:
    """The allowed domains (the catalog profile's)."""
    return "允许的值：" + "、".join(domains)


def reference_issue(message: str, place: Place, hint: str = "") -> Issue:
    """An error about something the catalog does not hold."""
    return Issue.make("sheet-reference", message, place, hint)
