"""Links: every power traced to law and to a supervisor; every reference resolves."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Severity
from ..model import BasisRole, PowerType, TownListFile, lawtext
from ..model.catalog import id_key
from .engine import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING


#: Up to this many ids are listed in full when a reference does not resolve.
LIST_ALL = 30


def _close(value: str, table: Any) -> str:
    """A hint for a reference that resolves to nothing: the id meant (same id in another case,
    the object whose *name* was written, or a close spelling), and the valid ids when few."""

    def shown(key: str) -> str:
        name = getattr(table[key], "name", None)
        return f"“{key}”（{name}）" if name and name != key else f"“{key}”"

    same = [k for k in table if id_key(k) == id_key(value)]
    named = [
        k
        for k in table
        if (name := getattr(table[k], "name", None)) and (value == name or value in name)
    ]
    names: dict[str, str] = {str(v.name): k for k, v in table.items() if getattr(v, "name", None)}
    by_name = [names[n] for n in difflib.get_close_matches(value, list(names), n=1, cutoff=0.6)]
    close = (
        same
        or named[:1]
        or difflib.get_close_matches(value, list(table), n=1, cutoff=0.6)
        or by_name
    )
    hint = ""
    if close:
        meant = "应写标识而不是名称：" if close[0] in named and value not in table else ""
        hint = f"{meant}是否想写{shown(close[0])}？"
    if 0 < len(table) <= LIST_ALL:
        hint += "可用：" + "、".join(shown(k) for k in table) + "。"
    return hint


@rule(
    "power-no-basis",
    E,
    "links",
    "权力事项没有法律依据",
    "每个权力事项至少要有一条精确到条的法律依据（bases）。没有依据的事项不能赋予，也无法追溯。",
    degraded=True,
)
def power_no_basis(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if not power.bases:
            yield Finding(
                f"权力事项“{power.name}”没有法律依据",
                power.loc.at("bases"),
                (power,),
                "在 bases 中至少列出一条依据：law（法律文件标识）和 article（条号）。",
            )


@rule(
    "power-no-setting-basis",
    W,
    "links",
    "权力事项没有设定依据",
    "依据分为设定依据、实施依据和赋权依据。至少一条应为“设定依据”（role 省略时即为设定依据），"
    "说明该权力本身来自哪条法律规定。",
    degraded=True,
)
def power_no_setting_basis(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if power.bases and all(b.role is not BasisRole.SETS for b in power.bases):
            yield Finding(
                f"权力事项“{power.name}”的依据中没有设定依据", power.loc.at("bases"), (power,)
            )


@rule(
    "basis-unknown-law",
    E,
    "links",
    "法律依据引用了不存在的法律文件",
    "依据中的 law 必须是 catalog/laws/ 中某个文件的标识。常见原因是拼写错误，或法律文件尚未录入、被删除。",
    gate=True,
    degraded=True,
)
def basis_unknown_law(ctx: Context) -> Iterator[Finding]:
    if "instrument" in ctx.cat.incomplete:
        return
    for power in ctx.cat.powers.values():
        for basis in power.bases:
            if basis.law not in ctx.cat.instruments:
                yield Finding(
                    f"权力事项 {power.id} 的依据引用了不存在的法律文件“{basis.law}”",
                    basis.loc.at("law"),
                    (basis, power),
                    _close(basis.law, ctx.cat.instruments),
                )


@rule(
    "basis-unknown-article",
    E,
    "links",
    "法律依据引用了未录入的条、款或项",
    "依据中的条号必须与法律文件中录入的某条一致；款、项不得超出该条实有的款、项。",
    gate=True,
    degraded=True,
)
def basis_unknown_article(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        for basis in power.bases:
            law = ctx.cat.instruments.get(basis.law)
            if law is None:
                continue
            article = ctx.articles.get((basis.law, basis.article))
            if article is None:
                yield Finding(
                    f"《{law.short_title}》中没有录入“{basis.article}”",
                    basis.loc.at("article"),
                    (basis, power),
                    "已录入的条文：" + "、".join(a.number for a in law.articles),
                )
                continue
            parts = lawtext.paragraphs(article.text)
            if basis.paragraph is not None and basis.paragraph > len(parts):
                yield Finding(
                    f"{basis.article}只有 {len(parts)} 款，没有第 {basis.paragraph} 款",
                    basis.loc.at("paragraph"),
                    (basis, power),
                )
            elif lawtext.cut(article.text, basis.paragraph, basis.item) is None:
                yield Finding(
                    f"{basis.article}中没有第 {basis.item} 项", basis.loc.at("item"), (basis, power)
                )


@rule(
    "power-no-supervisor",
    E,
    "links",
    "权力事项没有监管责任主体",
    "通知要求：调整行政权力事项时需配套明确监管责任主体和内容。supervision.bodies 至少列出一个部门类别。",
    degraded=True,
)
def power_no_supervisor(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if not power.supervision.bodies:
            yield Finding(
                f"权力事项“{power.name}”没有监管责任主体", power.loc.at("supervision"), (power,)
            )


@rule(
    "power-no-supervision-content",
    E,
    "links",
    "权力事项没有监管内容",
    "通知要求：调整行政权力事项时需配套明确监管责任主体和内容。supervision.content 写明监管什么。",
    degraded=True,
)
def power_no_supervision_content(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if not (power.supervision.content or "").strip():
            yield Finding(
                f"权力事项“{power.name}”没有监管内容", power.loc.at("supervision"), (power,)
            )


@rule(
    "unknown-kind",
    E,
    "links",
    "引用了不存在的部门类别",
    "实施部门、审批部门、监管责任主体和各区（市）部门的 kind 必须是 departments/kinds.yaml 中的标识。",
    gate=True,
    degraded=True,
)
def unknown_kind(ctx: Context) -> Iterator[Finding]:
    kinds = ctx.cat.kinds
    if "kind" in ctx.cat.incomplete:
        return
    for power in ctx.cat.powers.values():
        for name in ("owner", "approver"):
            value = getattr(power, name)
            if value is not None and value not in kinds:
                yield Finding(
                    f"权力事项 {power.id} 引用了不存在的部门类别“{value}”",
                    power.loc.at(name),
                    (power,),
                    _close(value, kinds),
                )
        for i, body in enumerate(power.supervision.bodies):
            if body not in kinds:
                yield Finding(
                    f"权力事项 {power.id} 的监管责任主体“{body}”不是已有的部门类别",
                    power.supervision.loc.at(f"bodies[{i}]"),
                    (power,),
                    _close(body, kinds),
                )
    for f in ctx.cat.department_files:
        for dept in f.departments:
            if dept.kind not in kinds:
                yield Finding(
                    f"部门“{dept.name}”的类别“{dept.kind}”不存在",
                    dept.loc.at("kind"),
                    (dept,),
                    _close(dept.kind, kinds),
                )


@rule(
    "unknown-district",
    E,
    "links",
    "引用了不存在的区（市）",
    "镇、各区（市）部门文件、台账和事项的权责清单编码（external_codes）中的 district 必须是 "
    "districts.yaml 中的标识。",
    gate=True,
    degraded=True,
)
def unknown_district(ctx: Context) -> Iterator[Finding]:
    districts = ctx.cat.districts
    if "district" in ctx.cat.incomplete:
        return
    for town in ctx.cat.towns.values():
        if town.district not in districts:
            yield Finding(
                f"引用了不存在的区（市）“{town.district}”",
                town.loc.at("district"),
                (town,),
                _close(town.district, districts),
            )
    for f in ctx.cat.department_files:
        if f.district not in districts:
            yield Finding(
                f"引用了不存在的区（市）“{f.district}”",
                f.loc.at("district"),
                (),
                _close(f.district, districts),
            )
    for power in ctx.cat.powers.values():
        for code in power.external_codes:
            if code.district not in districts:
                yield Finding(
                    f"事项 {power.id} 的权责清单编码“{code.code}”属于不存在的区（市）"
                    f"“{code.district}”",
                    code.loc.at("district"),
                    (power,),
                    _close(code.district, districts),
                )
    seen: set[str] = set()
    for entry in ctx.cat.ledger.districts if ctx.cat.ledger else ():
        if entry.district not in districts:
            yield Finding(
                f"台账引用了不存在的区（市）“{entry.district}”",
                entry.loc.at("district"),
                (),
                _close(entry.district, districts),
            )
        elif entry.district in seen:
            yield Finding(f"台账中“{entry.district}”出现了两次", entry.loc.at("district"), ())
        seen.add(entry.district)


@rule(
    "town-code-mismatch",
    E,
    "links",
    "镇的统计代码与所属区（市）不符",
    "9位统计用区划代码的前6位是所属区（市）的代码。",
    degraded=True,
)
def town_code_mismatch(ctx: Context) -> Iterator[Finding]:
    for town in ctx.cat.towns.values():
        district = ctx.cat.districts.get(town.district)
        if district is not None and not town.code.startswith(district.code):
            yield Finding(
                f"统计代码 {town.code} 与所属区（市）代码 {district.code} 不符",
                town.loc.at("code"),
                (town,),
            )


@rule(
    "grant-unknown-town",
    E,
    "links",
    "赋权目录属于不存在的镇",
    "town-lists/ 中每个文件的 town 必须是 towns.yaml 中的镇。",
    scope="town",
    gate=True,
    degraded=True,
)
def grant_unknown_town(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    if entry.town not in ctx.cat.towns and "town" not in ctx.cat.incomplete:
        yield Finding(
            f"引用了不存在的镇“{entry.town}”",
            entry.loc.at("town"),
            (entry,),
            _close(entry.town, ctx.cat.towns),
        )


@rule(
    "grant-unknown-power",
    E,
    "links",
    "赋权事项引用了不存在的权力事项",
    "一镇一单中的 power 必须是 catalog/powers/ 中某个事项的编码。",
    scope="town",
    gate=True,
    degraded=True,
)
def grant_unknown_power(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    if "power" in ctx.cat.incomplete:
        return
    for grant in entry.grants:
        if grant.power not in ctx.cat.powers:
            yield Finding(
                f"引用了不存在的权力事项“{grant.power}”",
                grant.loc.at("power"),
                (grant, entry),
                _close(grant.power, ctx.cat.powers),
            )


@rule(
    "department-unresolved",
    E,
    "links",
    "部门类别在镇所在的区（市）没有具体部门",
    "赋权事项的实施部门、审批部门和监管责任主体按镇所在的区（市）解析为具体部门"
    "（departments/<区（市）>.yaml）。缺少时，办事指南和监管责任无从落实。",
    scope="town",
    gate=True,
    degraded=True,
)
def department_unresolved(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    town = ctx.cat.towns.get(entry.town)
    if town is None or town.district not in ctx.cat.districts or "department" in ctx.cat.incomplete:
        return
    reported: set[str] = set()
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None:
            continue
        needed = [power.owner, power.approver, *power.supervision.bodies]
        for kind in needed:
            if kind is None or kind in reported or kind not in ctx.cat.kinds:
                continue
            if ctx.cat.department(town.district, kind) is None:
                reported.add(kind)
                name = ctx.cat.kinds[kind].name
                yield Finding(
                    f"{town.name}所在区（市）没有“{name}”类部门，事项 {power.id} 无法落实到具体部门",
                    grant.loc.at("power"),
                    (grant, entry),
                    f"在 departments/{town.district}.yaml 中补充 kind: {kind} 的部门。",
                )


@rule(
    "rationale-unknown-article",
    E,
    "links",
    "赋权理由提到的条文没有录入",
    "赋权方式的理由（delegation.rationale 和 departure）所依赖的每一条条文——“《某法》第N条”，以及其后"
    "省略法律名称的“第N条”（属于前面最近提到的法律文件）——都必须已录入 catalog/laws/，"
    "这样理由才能逐字核对，并在该条文的页面上列为它支撑的事项。未录入的，按公开文本逐字录入该条，"
    "或改写理由（例如写明法律名称，避免省略后被归入别的法律）。",
    degraded=True,
)
def rationale_unknown_article(ctx: Context) -> Iterator[Finding]:
    if "instrument" in ctx.cat.incomplete:
        return
    for power in ctx.cat.powers.values():
        if power.delegation is None:
            continue
        for reasoned in ctx.cat.reasoning(power):
            if reasoned.article is not None:
                continue
            ref = reasoned.ref
            if ref.title is None:
                what = f"没有写明法律名称的{ref.label()}"
            elif reasoned.law is None:
                what = f"《{ref.title}》{ref.label()}（该法律文件未录入）"
            else:
                what = f"《{reasoned.law.short_title}》{ref.label()}（已录入的条文："
                what += "、".join(a.number for a in reasoned.law.articles) + "）"
            yield Finding(
                f"事项 {power.id} 的赋权理由提到{what}，本库没有录入",
                power.delegation.loc.at(reasoned.where),
                (power,),
                "按公开文本逐字录入该条（townpowers law-text 文本 条号），或改写理由。",
            )


@rule(
    "coercion-kind-missing",
    E,
    "links",
    "行政强制事项没有写明强制的种类",
    "行政强制分为行政强制措施和行政强制执行（《行政强制法》第二条），能否由镇实施的规定不同"
    "（第十三条：强制执行由法律设定；第十七条：强制措施权不得委托），因此类型为行政强制的事项必须在 "
    "coercion 中写明是哪一种；其他类型的事项不填。",
    degraded=True,
)
def coercion_kind_missing(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if power.type is PowerType.COERCION and power.coercion is None:
            yield Finding(
                f"行政强制事项 {power.id} 没有写明是行政强制措施还是行政强制执行",
                power.loc.at("type"),
                (power,),
                "填写 coercion: 行政强制措施 或 coercion: 行政强制执行。",
            )
        elif power.type is not PowerType.COERCION and power.coercion is not None:
            yield Finding(
                f"事项 {power.id} 的类型是{power.type.value}，不应填写 coercion",
                power.loc.at("coercion"),
                (power,),
            )


@rule(
    "topic-unknown-power",
    E,
    "links",
    "主题引用了不存在的权力事项",
    "topics.yaml 中每一步的 power 和 related 必须是 catalog/powers/ 中某个事项的编码，"
    "否则主题页面无法把群众带到办事指南。",
    gate=True,
    degraded=True,
)
def topic_unknown_power(ctx: Context) -> Iterator[Finding]:
    if "power" in ctx.cat.incomplete:
        return
    powers = ctx.cat.powers
    for topic in ctx.cat.topics.values():
        for step in topic.steps:
            if step.power not in powers:
                yield Finding(
                    f"主题“{topic.title}”的步骤“{step.action}”引用了不存在的权力事项“{step.power}”",
                    step.loc.at("power"),
                    (step, topic),
                    _close(step.power, powers),
                )
        for i, power in enumerate(topic.related):
            if power not in powers:
                yield Finding(
                    f"主题“{topic.title}”提醒的执法事项“{power}”不存在",
                    topic.loc.at(f"related[{i}]"),
                    (topic,),
                    _close(power, powers),
                )
