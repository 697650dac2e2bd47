"""Readiness (接得住、用得好) and schedule: what the notice asks to be in place, and by when."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import GrantStatus, Mode, PowerLevel, TownCatalogFile
from .engine import Context, Finding, rule

E, W = Severity.ERROR, Severity.WARNING


def _in_force_delegations(ctx: Context, entry: TownCatalogFile) -> Iterator[tuple]:  # type: ignore[type-arg]
    for grant in entry.grants:
        if grant.in_force_since is not None and grant.current_mode is not Mode.STATUTORY:
            yield grant, grant.readiness


@rule(
    "no-deciding-document",
    E,
    "readiness",
    "已实施的赋权事项没有决定文件",
    "赋权须按法定程序调整：已实施的事项应有“已确定”记录，并写明决定文件（文号或标题）。",
    scope="town",
)
def no_deciding_document(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
    for grant in entry.grants:
        if grant.in_force_since is None:
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
    "no-training",
    W,
    "readiness",
    "已实施的赋权事项没有开展专题培训",
    "通知要求：根据审批需要，组织开展专题培训。readiness.training 记录培训日期，应不晚于实施日期。",
    scope="town",
)
def no_training(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        when = ready.training if ready else None
        if when is None:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有培训记录", grant.loc.at("power"), (grant, entry)
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
def no_system_login(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        when = ready.system_login if ready else None
        if when is None:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有开通审批系统登录权限",
                grant.loc.at("power"),
                (grant, entry),
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
def no_staff(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
    for grant, ready in _in_force_delegations(ctx, entry):
        if ready is None or ready.staff < 1:
            yield Finding(
                f"事项 {grant.power} 已实施，但没有承接人员",
                (ready or grant).loc.at("staff" if ready else "power"),
                (grant, entry),
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
def late_city_demand(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
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
def not_in_force_by_deadline(ctx: Context, entry: TownCatalogFile) -> Iterator[Finding]:
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
