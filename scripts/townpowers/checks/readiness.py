"""Readiness (接得住、用得好) and schedule: what the notice asks to be in place, and by when."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import GrantStatus, Mode, PowerLevel, TownListFile, progress
from .engine import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING


def _in_force_delegations(ctx: Context, entry: TownListFile) -> Iterator[tuple]:  # type: ignore[type-arg]
    for grant in entry.grants:
        if grant.in_force_since is not None and grant.current_mode is not Mode.STATUTORY:
            yield grant, grant.readiness


@rule(
    "no-deciding-document",
    E,
    "readiness",
    "已实施的赋权事项没有决定文件",
    "赋权须按法定程序调整：已实施的事项应有“已确定”记录，并写明决定文件（文号或标题）。"
    "法定本级事项由法律直接规定，没有赋权决定（见 statutory-history）。",
    scope="town",
)
def no_deciding_document(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        if grant.in_force_since is None or grant.current_mode is Mode.STATUTORY:
            continue
        decision = grant.decision
        if decision is None or not (decision.document or "").strip():
            yield Finding(
                f"事项 {grant.power} 已实施，但没有决定文件",
                grant.loc.at("history"),
                (grant, entry),
                "在状态记录中加入“已确定”一条，并填写 document。",
            )


@rule(
    "grant-without-guide",
    W,
    "readiness",
    "已实施的赋权事项没有办事指南",
    "通知要求发放审批事项业务手册、服务指南等指导材料。以直接下放、前移服务窗口或实质性审核方式实施的事项，"
    "其权力事项应有办事指南（guide），镇的窗口和培训手册都依据它。",
    scope="town",
)
def grant_without_guide(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, _ready in _in_force_delegations(ctx, entry):
        power = ctx.cat.powers.get(grant.power)
        if power is not None and power.guide is None:
            yield Finding(
                f"事项 {power.id} 已实施，但没有办事指南",
                grant.loc.at("power"),
                (grant, entry, power),
                f"在 powers/{power.id}.yaml 中补充 guide。",
            )


@rule(
    "no-training",
    W,
    "readiness",
    "已实施的赋权事项没有开展专题培训",
    "通知要求：根据审批需要，组织开展专题培训。readiness.training 记录培训日期，应不晚于实施日期。",
    scope="town",
)
def no_training(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        when = ready.training if ready else None
        if when is None:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有培训记录",
                grant.loc.at("power"),
                (grant, entry),
                "在本项赋权的 readiness.training 中填写专题培训的日期（YYYY-MM-DD）。",
            )
        elif when > grant.in_force_since:
            yield Finding(
                f"事项 {grant.power} 的培训（{when}）晚于实施日期（{grant.in_force_since}）",
                ready.loc.at("training"),
                (grant, entry),
            )


@rule(
    "no-system-login",
    W,
    "readiness",
    "已实施的赋权事项没有开通审批系统",
    "通知要求：及时为“双十镇”安装有关审批系统软件，授予审批系统登录权限。"
    "readiness.system_login 记录开通日期，应不晚于实施日期。",
    scope="town",
)
def no_system_login(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        when = ready.system_login if ready else None
        if when is None:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有开通审批系统登录权限",
                grant.loc.at("power"),
                (grant, entry),
                "在本项赋权的 readiness.system_login 中填写开通审批系统登录权限的日期。",
            )
        elif when > grant.in_force_since:
            yield Finding(
                f"事项 {grant.power} 的系统权限（{when}）晚于实施日期（{grant.in_force_since}）",
                ready.loc.at("system_login"),
                (grant, entry),
            )


@rule(
    "no-staff",
    W,
    "readiness",
    "已实施的赋权事项没有承接人员",
    "通知要求：配足配强工作人员，确保人员同步下沉。readiness.staff 记录承接人员数。",
    scope="town",
)
def no_staff(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        if ready is None or ready.staff < 1:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有承接人员",
                (ready or grant).loc.at("staff" if ready else "power"),
                (grant, entry),
                "在本项赋权的 readiness.staff 中填写承接人员的人数（内部版另可列出 contacts）。",
            )


@rule(
    "late-city-demand",
    W,
    "schedule",
    "涉及市级权限的用权需求晚于上报期限",
    "通知规定：用权需求涉及市级权限的，由区（市）于5月底前汇总上报市里。期限见 catalog.yaml 的 "
    "deadlines.city_demands。",
    scope="town",
)
def late_city_demand(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    deadline = ctx.cat.meta.deadlines.city_demands
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        requested = grant.last(GrantStatus.REQUESTED)
        if (
            power is not None
            and power.level is PowerLevel.CITY
            and requested is not None
            and requested.date > deadline
        ):
            yield Finding(
                f"市级事项 {power.id} 的用权需求于 {requested.date} 提出，晚于上报期限 {deadline}",
                requested.loc.at("date"),
                (grant, entry, power),
            )


@rule(
    "not-in-force-by-deadline",
    W,
    "schedule",
    "首批赋权事项未按期实施",
    "通知要求7月底前完成赋权。按期限前提出需求的事项，到参照日期仍未实施（或实施晚于期限）的，"
    "予以提示。参照日期见 catalog.yaml 的 reference_date，可用 --reference-date 覆盖。",
    scope="town",
)
def not_in_force_by_deadline(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    deadline = ctx.cat.meta.deadlines.in_force
    if ctx.reference_date <= deadline:
        return
    for grant in entry.grants:
        requested = grant.last(GrantStatus.REQUESTED)
        if requested is None or requested.date > deadline or grant.status is GrantStatus.WITHDRAWN:
            continue
        since = grant.in_force_since
        if since is None:
            yield Finding(
                f"事项 {grant.power} 截至 {ctx.reference_date} 仍未实施（当前状态：{grant.status.value}），"
                f"期限为 {deadline}",
                grant.loc.at("history"),
                (grant, entry),
            )
        elif since > deadline:
            yield Finding(
                f"事项 {grant.power} 于 {since} 实施，晚于期限 {deadline}",
                grant.loc.at("history"),
                (grant, entry),
            )


@rule(
    "ledger-milestone-overdue",
    W,
    "schedule",
    "工作台账中的节点逾期未完成",
    "通知要求各区（市）5月底前上报涉及市级权限的用权需求、7月底前将工作落实情况报市政府办公室。"
    "ledger.yaml 存在时，到参照日期已过期限却没有完成日期（也未标明不适用）的节点予以提示；"
    "台账中缺少的区（市）同样提示。赋权目录确定和事项实施两个节点由各镇目录得出，"
    "由 not-in-force-by-deadline 检查。",
)
def ledger_milestone_overdue(ctx: Context) -> Iterator[Finding]:
    ledger = ctx.cat.ledger
    if not ledger:
        return
    d = ctx.cat.meta.deadlines
    ref = ctx.reference_date
    entries = {e.district: e for e in ledger.districts}
    for district in ctx.cat.districts.values():
        entry = entries.get(district.id)
        if entry is None:
            yield Finding(
                f"工作台账中没有{district.name}的记录",
                ledger.loc.at("districts"),
                (ledger,),
                f"在 ledger.yaml 中为 {district.id} 增加一条台账。",
            )
            continue
        for step in progress.RECORDED_STEPS:
            status = progress.recorded(
                step, entry, progress.due_of(step, d.city_demands, d.in_force), ref
            )
            if not status.state.needs_attention:
                continue
            attr = progress.STEP_FIELD[step]
            milestone = getattr(entry, attr)
            where = milestone.loc.at("date") if milestone is not None else entry.loc.at("district")
            yield Finding(
                f"{district.name}的“{step.value}”节点截至 {ref} 未完成（期限 {status.due}）",
                where,
                (entry,),
                f"完成后在 ledger.yaml 的 {attr}.date 填写完成日期；确实不涉及的，填写 "
                "not_applicable: true 并说明。",
            )


@rule(
    "evaluation-before-in-force",
    W,
    "readiness",
    "评估期早于事项实施",
    "用权评估只能针对已实施的事项：评估期结束时事项尚未实施（或从未实施）的，评估记录有误。",
    scope="town",
)
def evaluation_before_in_force(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        if not grant.evaluations:
            continue
        started = [e.date for e in grant.history if e.status is GrantStatus.IN_FORCE]
        first = min(started) if started else None
        for evaluation in grant.evaluations:
            if first is None or evaluation.end < first:
                when = f"于 {first} 才实施" if first else "从未实施"
                yield Finding(
                    f"事项 {grant.power} 的评估期“{evaluation.period}”结束于 {evaluation.end}，"
                    f"而该事项{when}",
                    evaluation.loc.at("end"),
                    (grant, entry),
                )
