"""Resolved records: a grant, a quoted basis, an article, built once for every export.

The JSON export (:mod:`.document`) and the static API (:mod:`.api`) publish the same facts: a
grant with its town, power, mode and concrete departments; a legal basis with the text it
quotes; an article with its paragraphs and fingerprint. They are built here, once, and declared
as model classes (with :func:`~townpowers.model.schema.meta`), so the API's JSON Schema is
derived from the same declarations instead of being written a second time by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..model import (
    Article,
    Basis,
    Entrustment,
    Evaluation,
    Grant,
    GrantStatus,
    Mode,
    Readiness,
    StatusEvent,
    Town,
    Verification,
    ids,
    lawtext,
)
from ..model.catalog import Catalog
from ..model.schema import meta, model_schema, plain


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartmentRef:
    """区（市）的具体部门。"""

    id: str = field(metadata=meta("部门标识：<区（市）>-<部门类别>"))
    kind: str = field(metadata=meta("部门类别标识"))
    name: str | None = field(metadata=meta("部门名称；该区（市）没有此类部门时为空"))


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantRecord:
    """一项赋权：镇、事项、方式和状态，实施、审批和监管部门解析到镇所在区（市）的具体部门。"""

    town: str = field(metadata=meta("镇标识"))
    town_name: str = field(metadata=meta("镇名称"))
    district: str = field(metadata=meta("区（市）标识"))
    power: str = field(metadata=meta("事项编码"))
    power_name: str = field(metadata=meta("事项名称"))
    status: GrantStatus = field(metadata=meta("当前状态"))
    mode: Mode = field(metadata=meta("最初的赋权方式"))
    current_mode: Mode = field(metadata=meta("当前的赋权方式"))
    in_force_since: dt.date | None = field(metadata=meta("实施日期"))
    decided: dt.date | None = field(metadata=meta("决定日期"))
    document: str | None = field(metadata=meta("决定文件"))
    delegating_department: DepartmentRef | None = field(
        metadata=meta("实施部门（委托或下放的部门）；法定本级事项没有，为 null")
    )
    deciding_department: DepartmentRef | None = field(
        metadata=meta("审批部门；法定本级事项由镇决定，为 null")
    )
    supervisors: tuple[DepartmentRef, ...] = field(metadata=meta("监管责任主体"))
    history: tuple[StatusEvent, ...] = field(metadata=meta("状态记录"))
    readiness: Readiness | None = field(metadata=meta("承接保障"))
    evaluations: tuple[Evaluation, ...] = field(metadata=meta("用权评估"))
    provincial_decision: str | None = field(metadata=meta("省级决定"))
    entrustment: Entrustment | None = field(
        metadata=meta("委托的记录（委托书、公告、执法人员、县级人民政府批准）")
    )
    note: str | None = field(metadata=meta("说明"))


@dataclass(frozen=True, slots=True, kw_only=True)
class BasisQuote:
    """一条法律依据所引用的原文及其出处（附在依据的各字段之后）。"""

    instrument_title: str = field(metadata=meta("法律文件全称"))
    article_id: str = field(metadata=meta("条文标识：<法律文件>:a<条号>"))
    label: str = field(metadata=meta("引用的条、款、项，如“第四十一条第二款”"))
    quote: str = field(metadata=meta("逐字引用的原文（条、款或项）"))
    verification: Verification = field(metadata=meta("条文文本核对状况"))
    current_fingerprint: str = field(metadata=meta("条文当前文本的指纹"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleExtras:
    """条文的标识、分款文本和指纹（附在条文的各字段之前和之后）。"""

    id: str = field(metadata=meta("条文标识：<法律文件>:a<条号>"))
    paragraphs: tuple[str, ...] = field(metadata=meta("各款的文本"))
    fingerprint: str = field(metadata=meta("条文文本的指纹（用于发现修改）"))


def department(cat: Catalog, district: str, kind: str | None) -> DepartmentRef | None:
    """The concrete department of ``kind`` in ``district`` (name ``None`` when there is none);
    ``None`` when there is no kind (a statutory town power: the town decides)."""
    if kind is None:
        return None
    dept = cat.department(district, kind)
    return DepartmentRef(
        id=ids.department_id(district, kind), kind=kind, name=dept.name if dept else None
    )


def grant_record(cat: Catalog, town: Town, grant: Grant) -> GrantRecord:
    """A grant with everything it refers to resolved for the town's district."""
    power = cat.powers[grant.power]
    decision = grant.decision
    return GrantRecord(
        town=town.id,
        town_name=town.name,
        district=town.district,
        power=power.id,
        power_name=power.name,
        status=grant.status,
        mode=grant.mode,
        current_mode=grant.current_mode,
        in_force_since=grant.in_force_since,
        decided=decision.date if decision else None,
        document=decision.document if decision else None,
        delegating_department=department(cat, town.district, power.owner),
        deciding_department=department(cat, town.district, power.approver or power.owner),
        supervisors=tuple(
            d for k in power.supervision.bodies if (d := department(cat, town.district, k))
        ),
        history=grant.history,
        readiness=grant.readiness,
        evaluations=grant.evaluations,
        provincial_decision=grant.provincial_decision,
        entrustment=grant.entrustment,
        note=grant.note,
    )


def quoted_basis(cat: Catalog, basis: Basis) -> dict[str, Any]:
    """A basis as written, followed by the text it quotes and where that text comes from."""
    article = cat.article(basis.law, basis.article)
    quote = cat.quote(basis)
    assert article is not None and quote is not None  # resolved by the loader's gate
    extras = BasisQuote(
        instrument_title=cat.instruments[basis.law].title,
        article_id=ids.article_id(basis.law, article),
        label=lawtext.reference_label(basis.article, basis.paragraph, basis.item),
        quote=quote,
        verification=article.verification,
        current_fingerprint=lawtext.fingerprint(article.text),
    )
    return {**plain(basis), **plain(extras)}


def article_record(law_id: str, article: Article) -> dict[str, Any]:
    """An article with its id first, then as written, then its paragraphs and fingerprint."""
    extras = plain(
        ArticleExtras(
            id=ids.article_id(law_id, article),
            paragraphs=tuple(p.text() for p in lawtext.paragraphs(article.text)),
            fingerprint=lawtext.fingerprint(article.text),
        )
    )
    return {"id": extras.pop("id"), **plain(article), **extras}


def merged_schema(*classes: type, defs: dict[str, Any]) -> dict[str, Any]:
    """One object schema holding the fields of several model classes (a record and its extras)."""
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
    required: list[str] = []
    for cls in classes:
        part = model_schema(cls, defs)
        out["properties"].update(part["properties"])
        required += part.get("required", [])
    out["required"] = required
    out["description"] = (classes[0].__doc__ or "").strip().splitlines()[0]
    return out
