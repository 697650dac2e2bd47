"""Legal consistency: each grant's mode must be one the law allows."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import (
    BasisRole,
    Competence,
    DecisionLevel,
    Mode,
    PowerLevel,
    PowerType,
    TownListFile,
)
from .engine import Context, Finding, rule

E = Severity.ERROR


@rule(
    "mode-not-lawful",
    E,
    "legal",
    "赋权方式不在该事项依法可采用的方式之中",
    "每个权力事项的 delegation.modes 记录了依法可以采用的赋权方式（附法律理由）。"
    "镇的目录只能从中选择。",
    scope="town",
)
def mode_not_lawful(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or power.delegation is None:
            continue  # reported by grant-without-delegation-analysis
        if grant.current_mode not in power.delegation.modes:
            allowed = "、".join(m.value for m in power.delegation.modes)
            yield Finding(
                f"事项 {power.id} 不能以“{grant.current_mode.value}”方式赋予（依法可采用：{allowed}）",
                grant.loc.at("mode"),
                (grant, entry, power),
                f"理由见 powers/{power.id}.yaml 的 delegation.rationale。",
            )


@rule(
    "grant-without-delegation-analysis",
    E,
    "legal",
    "赋予镇的事项没有赋权方式的法律分析",
    "权责清单中的事项可以暂无赋权方式分析（如从部门的权责清单导入时），但一旦列入某镇的目录，"
    "就必须写明依法可采用的方式及其法律理由（delegation），否则无法判断赋权方式是否合法。",
    scope="town",
)
def grant_without_delegation_analysis(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is not None and power.delegation is None:
            yield Finding(
                f"事项 {power.id} 已列入本镇目录，但没有赋权方式的法律分析",
                grant.loc.at("power"),
                (grant, entry, power),
                f"在 powers/{power.id}.yaml 中补充 delegation。",
            )


@rule(
    "direct-without-entrustment",
    E,
    "legal",
    "直接下放缺少委托依据或省级决定",
    "直接下放（以区（市）部门名义委托镇实施）须有法律、法规或规章允许委托（条文 competence 为"
    "“允许委托”），或条文本已规定由乡镇行使；法律要求省级决定的（“需省级决定”），"
    "须在 provincial_decision 中写明省级人民政府的决定。",
    scope="town",
)
def direct_without_entrustment(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is not Mode.DIRECT:
            continue
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue  # a basis that does not resolve is reported by the link rules
        competences = ctx.competences[power.id]
        if competences & {Competence.ALLOWS_ENTRUSTMENT, Competence.NAMES_TOWN}:
            continue
        if Competence.PROVINCIAL_DECISION in competences and grant.provincial_decision:
            continue
        hint = (
            "该事项的依据要求省级决定：在 provincial_decision 中写明省级人民政府的决定。"
            if Competence.PROVINCIAL_DECISION in competences
            else "改为前移服务窗口或实质性审核，或补充允许委托的依据。"
        )
        yield Finding(
            f"事项 {power.id} 以直接下放方式赋予，但其依据既不允许委托，也没有省级决定",
            grant.loc.at("mode"),
            (grant, entry, power),
            hint,
        )


@rule(
    "coercion-delegated",
    E,
    "legal",
    "行政强制被直接下放",
    "《行政强制法》第十七条：行政强制措施权不得委托。行政强制事项不能以直接下放方式赋予镇；"
    "法律本已规定由乡镇实施的，列为“法定本级”。",
    scope="town",
)
def coercion_delegated(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if (
            power is not None
            and power.type is PowerType.COERCION
            and (grant.current_mode is Mode.DIRECT)
        ):
            yield Finding(
                f"行政强制事项 {power.id} 不能直接下放（行政强制措施权不得委托）",
                grant.loc.at("mode"),
                (grant, entry, power),
            )


@rule(
    "statutory-as-delegation",
    E,
    "legal",
    "法律本已赋予镇的事项被列为下放",
    "设定依据本身规定由乡镇人民政府行使的权力（条文 competence 为“明定乡镇”）不需要赋权，"
    "应以“法定本级”列入目录，不能作为区（市）下放的事项。",
    scope="town",
)
def statutory_as_delegation(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is Mode.STATUTORY:
            continue
        for basis in power.bases:
            article = ctx.articles.get((basis.law, basis.article))
            if (
                basis.role is BasisRole.SETS
                and article is not None
                and article.competence is Competence.NAMES_TOWN
            ):
                yield Finding(
                    f"事项 {power.id} 的设定依据{basis.article}已规定由乡镇行使，"
                    f"应列为“法定本级”而不是“{grant.current_mode.value}”",
                    grant.loc.at("mode"),
                    (grant, entry, power),
                )
                break


@rule(
    "city-power-by-district",
    E,
    "legal",
    "市级权限由区（市）赋予",
    "通知规定：“双十镇”用权需求涉及市级权限的，由区（市）汇总上报市里，由市政府研究赋权。"
    "市级事项的“已确定”记录应为市政府的决定（decided_by: 市）。",
    scope="town",
)
def city_power_by_district(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        decision = grant.decision
        if (
            power is not None
            and power.level is PowerLevel.CITY
            and decision is not None
            and decision.decided_by is not DecisionLevel.CITY
        ):
            yield Finding(
                f"市级事项 {power.id} 应由市政府赋权，而不是区（市）",
                decision.loc.at("status"),
                (grant, entry, power),
                "由区（市）上报市政府决定，并在该记录中写 decided_by: 市。",
            )


@rule(
    "basis-not-in-force",
    E,
    "legal",
    "实施日期时法律依据尚未施行或已经失效",
    "赋权事项实施（“已实施”）之日，其每条法律依据都应当有已经施行且尚未废止的版本"
    "（法律修改后，早先版本保留在 earlier 中，修改前实施的赋权适用早先版本）。"
    "版本施行日期未核实时，以版本日期计。",
    scope="town",
)
def basis_not_in_force(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        since = grant.in_force_since
        if power is None or since is None:
            continue
        for basis in power.bases:
            law = ctx.cat.instruments.get(basis.law)
            if law is None:
                continue
            version, _ = law.in_force_on(since)  # an amendment leaves earlier grants be
            starts = version.in_force_from or version.date
            if since < starts:
                yield Finding(
                    f"事项 {power.id} 于 {since} 实施，但依据《{law.short_title}》"
                    f"（{version.label}）{starts} 才施行",
                    grant.loc.at("history"),
                    (grant, entry, basis, power, law),
                )
            elif law.repealed is not None and law.repealed <= since:
                yield Finding(
                    f"事项 {power.id} 于 {since} 实施，但依据《{law.short_title}》"
                    f"已于 {law.repealed} 失效",
                    grant.loc.at("history"),
                    (grant, entry, basis, power, law),
                )
