"""Planning a 权责清单 import: each row as the power item it creates or updates.

A row is mapped against the catalog (types, departments, citations, measures; see
:mod:`townpowers.office.mapping`); a row naming an item already in the catalog updates it and
keeps what the list does not say: the service guide, the delegation analysis, and the review
records and roles of bases it still cites. A row names an item by this catalog's code, by the
office's own code recorded for its district (:mod:`townpowers.office.codes`), or by the same
name and department kind; an office's code the catalog does not know yet is recorded on the
item it names. Every problem is collected with its cell; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Measure, PowerFile, PowerType, lawtext
from ..model.catalog import Catalog, code_key, id_key
from ..sheets.read import Issue, Place
from ..sheets.tableread import Path_
from ..yamlio.write import data_of, prune
from .codes import CodeBook, merged_codes
from .mapping import (
    MEASURE_WORDS,
    Citation,
    IdMaker,
    Resolver,
    citations,
    domain_hint,
    level,
    measures,
    one_of,
    power_type,
    reference_issue,
)
from .read import Record

SETS = "设定依据"
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


@dataclass
class Settings:
    """What the command line says beyond the file."""

    domain: str | None = None
    level: str | None = None
    by: str | None = None
    date: dt.date = field(default_factory=dt.date.today)
    district: str | None = None  # whose 权责清单 this is (else told from codes and names)


@dataclass
class Planned:
    """One power the import creates, updates or leaves unchanged."""

    record: Record
    power_id: str
    rel: str
    data: dict[str, Any]
    places: dict[Path_, Place]
    status: str  # "新建" | "更新" | "未变"
    header: str = ""
    text: str = ""  # the YAML written (when new or updated)


def _name(text: str) -> str:
    """A name as one line: wrapped lines joined, no spaces next to Chinese characters."""
    return _CJK_SPACE.sub("", re.sub(r"\s+", " ", text).strip())


class Planner:
    """Maps records to power data against one catalog."""

    def __init__(self, cat: Catalog, settings: Settings) -> None:
        """Index the catalog once: powers by name and owner, and by id (any case)."""
        self.cat = cat
        self.settings = settings
        self.resolver = Resolver(cat)
        self.ids = IdMaker(cat)
        self.issues: list[Issue] = []
        self.by_name = {(p.name, p.owner): p for p in cat.powers.values()}
        self.by_id = {id_key(p.id): p for p in cat.powers.values()}
        self.codes = CodeBook(cat, settings.district, self.issues)
        self.seen: dict[tuple[str, str] | str, Record] = {}

    def error(self, code: str, message: str, place: Place, hint: str = "") -> None:
        """Collect a problem (all rows are mapped before anything is reported)."""
        self.issues.append(Issue.make(code, message, place, hint))

    def plan(self, record: Record) -> Planned | None:
        """The power of one row (``None`` after reporting why it cannot be made)."""
        before = len(self.issues)
        name = _name(record.text("职权名称") or "")
        sub = _name(record.text("子项") or "") or None
        if sub == name:
            sub = None
        if sub:
            name = f"{name}（{sub}）"
        type_ = self.type_of(record)
        owner = self.kind(record, "实施主体")
        code = record.text("事项编码")
        existing, external = self.by_code(record, code, sub)
        if existing is None and owner is not None:
            existing = self.by_name.get((name, owner))
        bases = self.bases(record)
        supervision = self.supervision(record, owner, existing)
        domain = self.choice(record, "领域", existing.domain if existing else None)
        level_ = self.choice(record, "层级", existing.level.value if existing else None)
        if len(self.issues) > before or type_ is None or owner is None:
            return None
        keys: list[tuple[str, str] | str] = [existing.id] if existing else [(name, owner)]
        if external is not None:  # sub-items share their item's code (see office.codes)
            keys.append(f"{external[0]}:{code_key(external[1])}:{sub or ''}")
        first = next((self.seen[k] for k in keys if k in self.seen), None)
        if first is not None:
            self.error(
                "sheet-row",
                f"与工作表“{first.grid.name}”第{first.row}行是同一事项",
                record.place,
                "同一事项只写一行；不同的子项请写在“子项”列。",
            )
            return None
        for k in keys:
            self.seen[k] = record
        return self.merge(
            record, existing, name, type_, owner, domain, level_, bases, supervision, external, sub
        )

    def by_code(
        self, record: Record, code: str | None, sub: str | None = None
    ) -> tuple[PowerFile | None, tuple[str, str] | None]:
        """The power a row's code (and sub-item) names, and ``(district, code)`` when it is the
        office's own code (to record); an unknown office code names no power yet."""
        if code is None:
            return None, None
        same = self.by_id.get(id_key(code))
        if same is not None:  # this catalog's own code (the template, an exported list)
            return same, None
        if not self.codes.valid(record, code):
            return None, None
        district = self.codes.district_of(record, code)
        if district is None:
            return None, None
        return self.codes.power(district, code, sub), (district, code)

    def type_of(self, record: Record) -> PowerType | None:
        """The row's type: its cell, else the heading or sheet name that set it."""
        text = record.text("职权类型")
        if text is None:
            if record.heading_type:
                return PowerType(record.heading_type)
            self.error("sheet-value", "职权类型为空", record.at("职权类型"))
            return None
        found = power_type(text)
        if found is None:
            allowed = "、".join(t.value for t in PowerType)
            self.error(
                "sheet-value",
                f"职权类型“{text}”不是允许的值",
                record.at("职权类型"),
                f"允许的值：{allowed}（“其他权力”按“其他行政权力”）。",
            )
        return found

    def kind(self, record: Record, column: str) -> str | None:
        """The department kind a department column names (an error says what would do); a
        sheet named after its department and without the column gives the sheet's."""
        text = record.text(column)
        if text is None and column == "实施主体" and record.sheet_owner is not None:
            return record.sheet_owner
        if text is None:
            self.error("sheet-value", f"{column}为空", record.at(column))
            return None
        kind = self.resolver.kind(text)
        if kind is None:
            self.error(
                "sheet-reference",
                f"{column}“{text}”对应不到目录中的部门类别",
                record.at(column),
                self.resolver.kinds_hint(),
            )
        return kind

    def choice(self, record: Record, column: str, existing: str | None) -> str | None:
        """领域 or 层级: the cell, else the command-line option, else the item's current value."""
        text = record.text(column)
        fallback = self.settings.domain if column == "领域" else self.settings.level
        if text is None:
            value = fallback or existing or ("县级" if column == "层级" else None)
            if value is None:
                self.error(
                    "sheet-value",
                    "没有领域：表格中没有“领域”列（或该格为空），命令也没有用 --domain 指定",
                    record.at(column),
                    "添加“领域”列，或运行 import-xlsx 时加 --domain 领域。"
                    + domain_hint(self.cat.profile.domain_names),
                )
            return value
        value = (
            one_of(list(self.cat.profile.domain_names), text) if column == "领域" else level(text)
        )
        if value is None:
            hint = (
                domain_hint(self.cat.profile.domain_names)
                if column == "领域"
                else "允许的值：县级、市级"
            )
            self.error("sheet-value", f"{column}“{text}”不是允许的值", record.at(column), hint)
        return value

    def bases(self, record: Record) -> list[tuple[Citation, str, str]]:
        """(citation, law id, quoted text) of every citation in the 职权依据 cell."""
        text = record.text("职权依据")
        where = record.at("职权依据")
        if text is None:
            self.error("sheet-value", "职权依据为空", where)
            return []
        found, problems = citations(text)
        for problem in problems:
            self.error("sheet-value", problem, where)
        if not found and not problems:
            self.error(
                "sheet-value",
                "职权依据中没有可识别的引用",
                where,
                "写成《法律名称》第N条（第M款第（K）项），多部法律用“；”或换行分隔。",
            )
        out = []
        for cite in found:
            law = self.resolver.law(cite.law)
            if law is None:
                close = self.resolver.close_law(cite.law)
                self.issues.append(
                    reference_issue(
                        f"法律文件《{cite.law}》不在目录中：先录入该法律文件及其条文"
                        "（条文须逐字照录公开文本）",
                        where,
                        (f"是否指《{close}》？" if close else "")
                        + "法律文件录入在 catalog/laws/，可用 townpowers law-text 从公开文本中取出条文。",
                    )
                )
                continue
            article = self.cat.article(law.id, cite.article)
            if article is None:
                self.issues.append(
                    reference_issue(
                        f"《{law.short_title}》{cite.article}不在目录中：先录入该条文"
                        "（逐字照录公开文本）",
                        where,
                        f"目录中该法律文件的条文：{'、'.join(a.number for a in law.articles)}。",
                    )
                )
                continue
            quote = lawtext.cut(article.text, cite.paragraph, cite.item)
            if quote is None:
                label = lawtext.reference_label(cite.article, cite.paragraph, cite.item)
                parts = len(lawtext.paragraphs(article.text))
                self.issues.append(
                    reference_issue(
                        f"《{law.short_title}》{label}不存在", where, f"该条有 {parts} 款。"
                    )
                )
                continue
            out.append((cite, law.id, quote))
        return out

    def supervision(
        self, record: Record, owner: str | None, existing: PowerFile | None
    ) -> dict[str, Any]:
        """Supervision from the row; what the row leaves empty keeps its current value."""
        old: dict[str, Any] = data_of(existing.supervision) if existing else {}
        out = dict(old)
        bodies_text = record.text("监管责任主体")
        if bodies_text:
            bodies = []
            for part in re.split(r"[、，,；;/\n]+", bodies_text):
                if part.strip():
                    kind = self.resolver.kind(part.strip())
                    if kind is None:
                        self.error(
                            "sheet-reference",
                            f"监管责任主体“{part.strip()}”对应不到目录中的部门类别",
                            record.at("监管责任主体"),
                            self.resolver.kinds_hint(),
                        )
                    elif kind not in bodies:
                        bodies.append(kind)
            out["bodies"] = bodies
        elif existing is None and owner is not None:
            out["bodies"] = [owner]
        content = record.text("监管措施")
        if content:
            found = measures(content)
            if not found:
                words = "；".join(f"{m.value}：{'、'.join(MEASURE_WORDS[m.name])}" for m in Measure)
                self.error(
                    "sheet-value",
                    "监管措施中没有可识别的措施",
                    record.at("监管措施"),
                    f"写明采用的措施，按这些词识别——{words}。",
                )
            out["content"] = content
            out["measures"] = found
        elif existing is None:
            self.error(
                "sheet-value",
                "监管措施为空：每个事项都要写明事中事后监管措施"
                + ("" if record.has_column("监管措施") else "（表格没有“监管措施”列）"),
                record.at("监管措施"),
            )
        return out

    def merge(
        self,
        record: Record,
        existing: PowerFile | None,
        name: str,
        type_: PowerType,
        owner: str,
        domain: str | None,
        level_: str | None,
        bases: list[tuple[Citation, str, str]],
        supervision: dict[str, Any],
        external: tuple[str, str] | None,
        sub: str | None = None,
    ) -> Planned:
        """The row's data over the existing item (if any), with its id, file and status."""
        old: dict[str, Any] = data_of(existing) if existing else {}
        new = dict(old)
        # a new item gets this catalog's code; the office's own code is kept beside it
        power_id = existing.id if existing is not None else self.ids.make(owner, type_)
        new.update(id=power_id, name=name, type=type_.value, domain=domain, owner=owner)
        new.update(level=level_, supervision=supervision)
        new["bases"] = self.merge_bases(old.get("bases", []), bases)
        if external is not None:
            new["external_codes"] = merged_codes(old.get("external_codes") or [], *external, sub)
        for column, key in (("责任事项", "duties"), ("备注", "note")):
            text = record.text(column)
            if text:
                new[key] = text
        if existing is not None:
            rel = str((self.cat.root.parent / existing.loc.path).relative_to(self.cat.root))
        else:
            rel = f"powers/{power_id}.yaml"
        status = "新建" if existing is None else "未变"
        if existing is not None and prune(PowerFile, new) != prune(PowerFile, old):
            status = "更新"
        return Planned(record, power_id, rel, new, _places(record), status)

    def merge_bases(
        self, old: list[dict[str, Any]], cited: list[tuple[Citation, str, str]]
    ) -> list[dict[str, Any]]:
        """Old bases in their order (the cited ones, and those with another role than 设定依据),
        then newly cited ones; reviews are kept, and stamped with ``--by`` where missing."""
        quotes: dict[tuple[str, str, int | None, int | None], str] = {}
        for cite, law_id, quote in cited:
            quotes.setdefault((law_id, cite.article, cite.paragraph, cite.item), quote)
        out = []
        for basis in old:
            key = (basis["law"], basis["article"], basis.get("paragraph"), basis.get("item"))
            if key in quotes:
                basis = dict(basis)
                if basis.get("reviewed") is None and self.settings.by:
                    basis["reviewed"] = self.stamp(quotes[key])
                out.append(basis)
                del quotes[key]
            elif basis.get("role", SETS) != SETS:
                out.append(basis)
        for (law_id, article, paragraph, item), quote in quotes.items():
            basis = {"law": law_id, "article": article, "paragraph": paragraph, "item": item}
            if self.settings.by:
                basis["reviewed"] = self.stamp(quote)
            out.append(basis)
        return out

    def stamp(self, quote: str) -> dict[str, Any]:
        """A review record of the quoted text (``--by``), as ``townpowers review`` writes it."""
        assert self.settings.by is not None
        return {
            "fingerprint": lawtext.fingerprint(quote),
            "by": self.settings.by,
            "date": self.settings.date,
        }


def _places(record: Record) -> dict[Path_, Place]:
    """Where each field of a row's power came from, so findings point at cells."""
    bodies = "监管责任主体" if record.text("监管责任主体") else "实施主体"
    return {
        (): record.place,
        ("id",): record.at("职权名称"),
        ("external_codes",): record.at("事项编码"),
        ("name",): record.at("职权名称"),
        ("type",): record.at("职权类型"),
        ("domain",): record.at("领域"),
        ("owner",): record.at("实施主体"),
        ("level",): record.at("层级"),
        ("bases",): record.at("职权依据"),
        ("supervision", "bodies"): record.at(bodies),
        ("supervision", "content"): record.at("监管措施"),
        ("supervision", "measures"): record.at("监管措施"),
        ("duties",): record.at("责任事项"),
        ("note",): record.at("备注"),
    }
