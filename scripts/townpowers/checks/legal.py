"""Legal consistency: modes within each power's analysis, the notice's order, the city's powers,
and law in force on the day a grant takes effect.

Whether a mode rests on a basis that authorizes the act it hands over is checked in
:mod:`townpowers.checks.delegation`; statutory town powers in :mod:`townpowers.checks.statutory`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Basis, BasisRole, DecisionLevel, Mode, PowerFile, PowerLevel, TownListFile
from .engine import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING

#: The notice's order of preference (通知二（二））.
NOTICE_ORDER = (Mode.DIRECT, Mode.WINDOW, Mode.REVIEW)


def notice_choice(modes: tuple[Mode, ...]) -> Mode:
    """The mode the notice's order picks among the lawful ``modes``.

    直接下放 where the law does not restrict; 前移服务窗口 where delegation and entrustment are
    not allowed; 实质性审核 only for what can be neither. A statutory power stays statutory.
    """
    if Mode.STATUTORY in modes:
        return Mode.STATUTORY
    return next((m for m in NOTICE_ORDER if m in modes), modes[0])


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
    "赋权事项实施（“已实施”）之日，它所用方式的依据都应当有已经施行且尚未废止的版本：设定依据和实施依据，"
    "以及该方式的途径所依靠的赋权依据（直接下放：授权镇作出决定的条文及其一般规定；实质性审核：委托镇"
    "检查、调查取证的条文）；为另一种方式列出的赋权依据不影响本方式的日期。法律修改后，早先版本保留在 "
    "earlier 中，修改前实施的赋权适用早先版本，修改时未改动的条文沿用原版本。版本施行日期未核实时，"
    "以版本日期计。法定本级事项不是赋予的，其日期由 statutory-history 核对。",
    scope="town",
)
def basis_not_in_force(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        since = grant.in_force_since
        if power is None or since is None or grant.current_mode is Mode.STATUTORY:
            continue
        reported: set[str] = set()  # one finding per law: two of its articles are one defect
        for basis in route_bases(ctx, power, grant.current_mode):
            law = ctx.cat.instruments.get(basis.law)
            if law is None or law.id in reported:
                continue
            version, _ = law.article_on(basis.article, since)  # the one version selection
            starts = version.in_force_from or version.date
            if since < starts or (law.repealed is not None and law.repealed <= since):
                reported.add(law.id)
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


def route_bases(ctx: Context, power: PowerFile, mode: Mode) -> list[Basis]:
    """The bases a grant in ``mode`` relies on: the setting and implementing bases, and the
    delegating bases of the mode's own route (a 实质性审核 does not wait for the entrustment
    clauses listed for a 直接下放). A 直接下放 whose route cannot be found keeps every basis."""
    kept = [b for b in power.bases if b.role is not BasisRole.DELEGATES]
    auth = ctx.authority(power)
    if mode is Mode.DIRECT:
        path, _ = auth.direct()
        if path is None:
            return list(power.bases)
        carried = [g.basis for g in path.grounds]
    elif mode is Mode.REVIEW:
        carried = [g.basis for g in auth.investigation]
    else:
        carried = []
    used = {(b.law, b.article) for b in carried}
    return kept + [
        b for b in power.bases if b.role is BasisRole.DELEGATES and (b.law, b.article) in used
    ]


@rule(
    "departure-without-reason",
    W,
    "legal",
    "建议方式偏离通知的顺序而没有写明理由",
    "通知二（二）规定了三种方式的顺序：“对法律法规规章没有限制的事项，直接下放……；对法律法规规定不能"
    "下放和委托的事项，采取前移服务窗口的方式……；对不能直接下放也不能服务窗口前移的事项，由‘双十镇’"
    "行使实质性审核权，报区（市）相关部门审批。”按此顺序，建议方式应是依法可采用方式中的第一种"
    "（法定本级事项为法定本级）；建议其他方式的，须在 delegation.departure 中写明理由，读者才能看到"
    "为什么偏离。写了偏离理由而建议方式并未偏离的，同样提示。本库对通知的解读见“赋权方式的解读”页面。",
)
def departure_without_reason(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        delegation = power.delegation
        if delegation is None:
            continue
        expected = notice_choice(delegation.modes)
        departs = delegation.recommended is not expected
        if departs and not (delegation.departure or "").strip():
            yield Finding(
                f"事项 {power.id} 建议“{delegation.recommended.value}”，而按通知的顺序应为"
                f"“{expected.value}”，没有写明偏离的理由",
                delegation.loc.at("recommended"),
                (power,),
                "在 delegation.departure 中写明理由，或把建议方式改为通知顺序中的方式。",
            )
        elif not departs and delegation.departure:
            yield Finding(
                f"事项 {power.id} 的建议方式“{delegation.recommended.value}”符合通知的顺序，"
                "departure 中的偏离理由没有对象",
                delegation.loc.at("departure"),
                (power,),
            )
