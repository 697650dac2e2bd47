"""The work ledger (工作台账): the milestones of the notice each district records.

Some milestones follow from the grants themselves (a town's catalog decided, its powers in
force); the others are acts of the district that no grant records: the demand survey, the report
of city-level demands (by the end of May) and the report on the work to the city office (by the
end of July). Those are recorded here, one entry per district.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .common import Contact
from .common import id_meta as _id
from .schema import Loc, loc_field, meta


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone:
    """一个节点的完成情况。"""

    date: dt.date | None = field(default=None, metadata=meta("完成日期（未完成时留空）"))
    document: str | None = field(default=None, metadata=meta("文件（文号或标题）"))
    not_applicable: bool = field(default=False, metadata=meta("不适用（如没有涉及市级权限的需求）"))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictLedger:
    """一个区（市）的工作台账。"""

    district: str = field(metadata=_id("区（市）标识", ref="district"))
    survey: Milestone | None = field(default=None, metadata=meta("深入各镇调研、摸清用权需求"))
    city_demands: Milestone | None = field(
        default=None, metadata=meta("涉及市级权限的用权需求汇总上报市里（5月底前）")
    )
    report: Milestone | None = field(
        default=None, metadata=meta("工作落实情况报市政府办公室（7月底前）")
    )
    contact: Contact | None = field(default=None, metadata=meta("台账填报人", internal=True))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerFile:
    """ledger.yaml：各区（市）的工作台账（可选文件）。"""

    districts: tuple[DistrictLedger, ...] = field(metadata=meta("各区（市）的台账"))
    loc: Loc = loc_field()
