"""Statutory town powers (法定本级): what a statute already gives the town is never "delegated".

A power whose setting basis gives the town the power's own act in its own name (宅基地审批 under
《土地管理法》第六十二条第四款) belongs to the town from the day the law took effect. It is
listed in the town's catalog so that the town's powers are complete, but no district decides it,
no readiness record is due, and the power file must not describe it as a district department's.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import GrantStatus, Mode, PowerLevel, TownListFile
from .engine import Context, Finding, rule

E = Severity.ERROR


@rule(
    "statutory-as-delegation",
    E,
    "legal",
    "法律本已赋予镇的事项被列为下放",
    "设定依据本身规定由乡镇人民政府以自己的名义行使该事项（条文 authorizes 中途径为“法律直接规定”、"
    "名义为“以自己名义”、环节包括该事项的决定、检查或强制执行），如《土地管理法》第六十二条第四款、"
    "《城乡规划法》第六十五条、《安全生产法》第九条第二款：事项本就是镇的，不需要也不能由区（市）赋予，"
    "应以“法定本级”列入目录。",
    scope="town",
)
def statutory_as_delegation(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is Mode.STATUTORY:
            continue
        statutory = ctx.authority(power).statutory
        if statutory:
            yield Finding(
                f"事项 {power.id} 的设定依据{statutory[0].label}已规定由乡镇以自己的名义行使，"
                f"应列为“法定本级”而不是“{grant.current_mode.value}”",
                grant.loc.at("mode"),
                (grant, entry, power),
            )


@rule(
    "statutory-without-basis",
    E,
    "legal",
    "列为法定本级的事项没有法律规定由镇行使",
    "“法定本级”表示法律、法规直接规定由乡镇人民政府以自己的名义行使该事项，因此不需要区（市）的决定、"
    "决定文件和承接保障记录。设定依据中没有这样规定的事项不能列为法定本级；只规定镇受理、调查或审核的"
    "条文不算（如《社会救助暂行办法》第四条、《城乡规划法》第四十一条第一款、《殡葬管理条例》第八条第三款）。",
    scope="town",
)
def statutory_without_basis(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is not Mode.STATUTORY:
            continue
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue
        if not ctx.authority(power).statutory:
            yield Finding(
                f"事项 {power.id} 列为法定本级，但没有设定依据规定由镇以自己的名义实施“"
                f"{ctx.authority(power).act.value}”",
                grant.loc.at("mode"),
                (grant, entry, power),
                "由区（市）赋予的事项按直接下放、前移服务窗口或实质性审核列入，并记录决定文件。",
            )


@rule(
    "statutory-history",
    E,
    "legal",
    "法定本级事项记录了赋权决定，或实施日期不是法律施行之日",
    "法定本级事项自设定依据施行之日起由镇行使，不是区（市）或市政府赋予的：状态记录中不应有“已确定”"
    "的赋权决定，“已实施”的日期应为规定由镇行使的设定依据所引版本的施行日期（未载明施行日期的以版本日期计），"
    "如《土地管理法》2019年修正文本自2020年1月1日起施行，宅基地审批自该日起由乡（镇）人民政府审核批准。",
    scope="town",
)
def statutory_history(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is not Mode.STATUTORY:
            continue
        for event in grant.history:
            if event.status is GrantStatus.DECIDED:
                yield Finding(
                    f"法定本级事项 {power.id} 不是由{event.decided_by.value}决定赋予的，"
                    "状态记录中不应有“已确定”",
                    event.loc.at("status"),
                    (grant, entry, power),
                    "删除“已确定”记录；法定本级事项只记“已实施”，日期为法律施行之日。",
                )
        since = ctx.authority(power).statutory_since()
        started = next((e for e in grant.history if e.status is GrantStatus.IN_FORCE), None)
        if since is not None and started is not None and started.date != since:
            law = ctx.authority(power).statutory[0].label
            yield Finding(
                f"法定本级事项 {power.id} 自 {since}（{law}施行）起由镇行使，"
                f"状态记录却写 {started.date} 实施",
                started.loc.at("date"),
                (grant, entry, power),
            )


@rule(
    "statutory-level-mismatch",
    E,
    "legal",
    "法定由镇行使的事项，层级或实施部门写成了区（市）的",
    "设定依据规定由乡镇以自己名义行使的事项（见 statutory-as-delegation），层级（level）应为“乡镇级”，"
    "不填实施部门（owner）：区（市）部门的业务指导和监督写在 supervision 中。反之，层级为“乡镇级”的事项"
    "必须有这样的依据，其他事项必须写明实施部门。",
)
def statutory_level_mismatch(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue
        statutory = ctx.authority(power).statutory
        town = power.level is PowerLevel.TOWN
        if statutory and not town:
            yield Finding(
                f"事项 {power.id} 依{statutory[0].label}由镇以自己的名义行使，层级应为“乡镇级”"
                f"而不是“{power.level.value}”",
                power.loc.at("level"),
                (power,),
            )
        elif town and not statutory:
            yield Finding(
                f"事项 {power.id} 的层级为“乡镇级”，但没有设定依据规定由镇以自己的名义行使",
                power.loc.at("level"),
                (power,),
            )
        if town and power.owner is not None:
            yield Finding(
                f"乡镇级事项 {power.id} 由镇依法行使，不应写区（市）的实施部门“{power.owner}”",
                power.loc.at("owner"),
                (power,),
                "删除 owner；区（市）部门的业务指导和监督写在 supervision.bodies 中。",
            )
        elif not town and power.owner is None:
            yield Finding(
                f"{power.level.value}事项 {power.id} 没有写明实施部门（owner）",
                power.loc.at("level"),
                (power,),
            )
