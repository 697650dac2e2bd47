"""Town lists (一镇一单): the grants each town chose, with their history and readiness.

A grant is a row that *links* a town to a power; it is not a copy of the power. Its status is a
dated history that is only ever appended to (动态管理), so withdrawals and mode changes remain
visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .common import (
    Contact,
    DecisionLevel,
    EvaluationResult,
    GrantStatus,
    Mode,
    Provenance,
    Waiver,
    waivers_field,
)
from .common import id_meta as _id
from .schema import Loc, loc_field, meta


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusEvent:
    """一次状态变化。"""

    status: GrantStatus = field(metadata=meta("状态"))
    date: dt.date = field(metadata=meta("日期"))
    document: str | None = field(
        default=None, metadata=meta("决定文件（文号或标题）；状态为“已确定”“已收回”时应填写")
    )
    mode: Mode | None = field(default=None, metadata=meta("本次变化后的赋权方式（方式调整时填写）"))
    decided_by: DecisionLevel = field(
        default=DecisionLevel.DISTRICT,
        metadata=meta("作出决定的层级（状态为“已确定”时有意义；市级权限应由市政府决定）"),
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Approval:
    """县（市、区）人民政府对委托的审核批准（条文的条件“县级人民政府批准”）。

    有的条文要求工作部门委托乡镇开展执法活动前“报县（市、区）人民政府审核批准”：批准是委托的
    前提，所以要写明批准文件和日期，且不晚于委托书和赋权实施。
    """

    document: str = field(metadata=meta("审核批准的文件（文号或标题）"))
    date: dt.date = field(metadata=meta("批准日期（不晚于委托书日期和赋权实施日期）"))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Entrustment:
    """委托：直接下放以区（市）部门委托镇的方式实现时（或镇只受委托检查、调查取证时），委托本身的记录。

    法律为委托附加的条件（书面委托书、向社会公告、受委托组织有取得执法资格的人员、县级人民政府
    审核批准）在这里记录，检查规则按所依据条文的条件逐项核对。
    """

    document: str | None = field(default=None, metadata=meta("委托书（文号或标题）"))
    date: dt.date | None = field(default=None, metadata=meta("委托日期"))
    announced: str | None = field(
        default=None, metadata=meta("向社会公告或公布委托的文件、网址或渠道")
    )
    certified_staff: int = field(
        default=0,
        metadata=meta(
            "镇承接人员中取得行政执法资格的人数（委托实施行政处罚时，《行政处罚法》第二十一条）",
            minimum=0,
            maximum=100,
        ),
    )
    approval: Approval | None = field(
        default=None,
        metadata=meta(
            "县（市、区）人民政府对委托的审核批准（所依据条文的条件有“县级人民政府批准”时必填）"
        ),
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Readiness:
    """承接保障（接得住、用得好）。"""

    training: dt.date | None = field(default=None, metadata=meta("专题培训日期"))
    system_login: dt.date | None = field(default=None, metadata=meta("审批系统登录权限开通日期"))
    staff: int = field(default=0, metadata=meta("承接人员数", minimum=0, maximum=100))
    resident_helper: bool = field(default=False, metadata=meta("区（市）部门是否派驻骨干帮扶"))
    contacts: tuple[Contact, ...] = field(default=(), metadata=meta("承接人员及联系方式"))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluation:
    """一个评估期的用权情况（用权评估）。"""

    period: str = field(metadata=meta("评估期", examples=("2021年下半年",)))
    start: dt.date = field(metadata=meta("评估期开始日期"))
    end: dt.date = field(metadata=meta("评估期结束日期"))
    cases: int = field(metadata=meta("办件量", minimum=0, maximum=1_000_000))
    complaints: int = field(default=0, metadata=meta("投诉件数", minimum=0, maximum=100_000))
    result: EvaluationResult = field(metadata=meta("评估结论"))
    notes: str | None = field(default=None, metadata=meta("评估意见", internal=True))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Grant:
    """一镇一单中的一项：某权力事项以某方式赋予该镇。"""

    power: str = field(metadata=_id("权力事项编码", ref="power"))
    mode: Mode = field(metadata=meta("赋权方式（最初确定的方式；调整见 history）"))
    history: tuple[StatusEvent, ...] = field(
        metadata=meta(
            "状态记录（按时间先后）；法定本级事项只记一条“已实施”，日期为法律规定乡镇行使之日，"
            "不记区（市）的决定",
            min_items=1,
        )
    )
    readiness: Readiness | None = field(
        default=None, metadata=meta("承接保障（培训、系统权限、人员）", internal=True)
    )
    provincial_decision: str | None = field(
        default=None,
        metadata=_id(
            "省级人民政府的决定：录入在 laws/ 中的决定文件的标识（制定机关层级为省级，写明日期、"
            "公布渠道和决定所及的事项与镇）；法律要求由省级决定方可交由镇行使时填写",
            ref="instrument",
        ),
    )
    entrustment: Entrustment | None = field(
        default=None,
        metadata=meta(
            "委托记录（直接下放以委托方式实现时填写：委托书、公告、执法资格人员、县级人民政府批准；"
            "镇只受委托检查、调查取证而条文要求县级人民政府批准时，写明批准）"
        ),
    )
    evaluations: tuple[Evaluation, ...] = field(
        default=(), metadata=meta("用权评估（每个评估期一条，按时间先后）")
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()

    @property
    def status(self) -> GrantStatus:
        """The status after the last recorded event."""
        return self.history[-1].status

    @property
    def current_mode(self) -> Mode:
        """The mode after the last recorded mode change."""
        for event in reversed(self.history):
            if event.mode is not None:
                return event.mode
        return self.mode

    def last(self, status: GrantStatus) -> StatusEvent | None:
        """The latest event with ``status``."""
        for event in reversed(self.history):
            if event.status is status:
                return event
        return None

    @property
    def in_force_since(self) -> dt.date | None:
        """Date the grant took effect, if it is in force now: the first of the events it has
        been in force through (a mode change recorded while in force keeps that date)."""
        if self.history[-1].status is not GrantStatus.IN_FORCE:
            return None
        since = self.history[-1].date
        for event in reversed(self.history):
            if event.status is not GrantStatus.IN_FORCE:
                break
            since = event.date
        return since

    @property
    def decision(self) -> StatusEvent | None:
        """The latest deciding event (已确定)."""
        return self.last(GrantStatus.DECIDED)


@dataclass(frozen=True, slots=True, kw_only=True)
class TownListFile:
    """town-lists/<镇>.yaml：一个镇的赋权目录（一镇一单）。"""

    town: str = field(metadata=_id("镇标识", ref="town"))
    provenance: Provenance = field(metadata=meta("目录的来源状况"))
    grants: tuple[Grant, ...] = field(default=(), metadata=meta("赋权事项"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()
