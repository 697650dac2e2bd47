"""Progress against the notice's milestones (工作台账), as of a reference date.

The notice sets five milestones per district: survey the towns' needs, report the demands that
need city-level powers (by the end of May), decide each town's catalog, put the powers in force
(by the end of July) and report the work to the city office (by the end of July). Three are acts
recorded in ``ledger.yaml``; two follow from the grants themselves, so they are computed here
rather than typed twice. The same statuses are used by the ledger page, the dashboard and the
``ledger-milestone-overdue`` check.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from . import DistrictLedger, Grant, GrantStatus, Milestone, Mode
from .profile import ProfileFile


class State(enum.Enum):
    """一个节点在参照日期的状态。"""

    ON_TIME = "按期完成"
    LATE = "逾期完成"
    OVERDUE = "逾期未完成"
    PENDING = "未到期"
    DONE = "已完成"  # no deadline
    OPEN = "进行中"  # no deadline, not done
    NOT_APPLICABLE = "不适用"
    UNRECORDED = "未记录"

    @property
    def needs_attention(self) -> bool:
        """Whether a supervisor has to act: overdue, or past due and not recorded at all."""
        return self in (State.OVERDUE, State.UNRECORDED)

    @property
    def done(self) -> bool:
        """Whether the milestone is behind us (done, late or not, or not applicable)."""
        return self in (State.ON_TIME, State.LATE, State.DONE, State.NOT_APPLICABLE)


class Step(enum.Enum):
    """通知规定的工作节点，按先后。"""

    SURVEY = "调研摸底"
    CITY_DEMANDS = "市级权限需求上报"
    DECIDED = "赋权目录确定"
    IN_FORCE = "赋权事项实施"
    REPORT = "落实情况上报"


RECORDED_STEPS = (Step.SURVEY, Step.CITY_DEMANDS, Step.REPORT)
DERIVED_STEPS = (Step.DECIDED, Step.IN_FORCE)
TOWN_STEPS = (Step.DECIDED, Step.IN_FORCE)
#: The ``ledger.yaml`` field of each recorded step.
STEP_FIELD = {Step.SURVEY: "survey", Step.CITY_DEMANDS: "city_demands", Step.REPORT: "report"}

#: The key of each step in the profile's ``milestones`` (profile.yaml).
STEP_KEY = {
    Step.SURVEY: "survey",
    Step.CITY_DEMANDS: "city_demands",
    Step.DECIDED: "decided",
    Step.IN_FORCE: "in_force",
    Step.REPORT: "report",
}


def step_names(profile: ProfileFile) -> dict[Step, str]:
    """What the profile calls each step (a step it does not name keeps the model's name)."""
    by_key = {m.key: m.name for m in profile.milestones}
    return {step: by_key.get(key, step.value) for step, key in STEP_KEY.items()}


def step_sources(profile: ProfileFile) -> dict[Step, str]:
    """Where each step comes from in the ordering instrument, as the profile cites it (shown
    on the ledger page; a step the profile does not track has no entry)."""
    by_key = {m.key: m.source for m in profile.milestones}
    return {step: by_key[key] for step, key in STEP_KEY.items() if key in by_key}


@dataclass(frozen=True, slots=True)
class Status:
    """A milestone as of the reference date."""

    step: Step
    state: State
    due: dt.date | None
    date: dt.date | None = None
    document: str | None = None
    note: str | None = None

    @property
    def days_late(self) -> int | None:
        """Days past the due date (done late, or still open past due)."""
        if self.due is None:
            return None
        if self.date is not None and self.date > self.due:
            return (self.date - self.due).days
        return None


def judge(due: dt.date | None, done: dt.date | None, ref: dt.date) -> State:
    """The state of a milestone due ``due``, done on ``done``, seen on ``ref``.

    A completion dated after the reference date has not happened yet as of that date.
    """
    if done is not None and done > ref:
        done = None
    if due is None:
        return State.DONE if done is not None else State.OPEN
    if done is not None:
        return State.ON_TIME if done <= due else State.LATE
    return State.OVERDUE if ref > due else State.PENDING


def due_of(step: Step, city_demands: dt.date, in_force: dt.date) -> dt.date | None:
    """The deadline of a step (the survey has none of its own; it feeds the May report)."""
    if step in (Step.SURVEY, Step.CITY_DEMANDS):
        return city_demands
    return in_force


def recorded(step: Step, entry: DistrictLedger | None, due: dt.date | None, ref: dt.date) -> Status:
    """A milestone the district records in the ledger."""
    attr = STEP_FIELD[step]
    milestone: Milestone | None = getattr(entry, attr) if entry is not None else None
    if milestone is None:
        state = State.UNRECORDED if due is None or ref > due else State.PENDING
        return Status(step, state, due)
    if milestone.not_applicable:
        return Status(step, State.NOT_APPLICABLE, due, None, milestone.document, milestone.note)
    state = judge(due, milestone.date, ref)
    return Status(step, state, due, milestone.date, milestone.document, milestone.note)


def first_batch(grants: Iterable[Grant], deadline: dt.date) -> list[Grant]:
    """Grants the July deadline applies to: asked for by then and not withdrawn.

    Later requests are the dynamic adjustment the notice also asks for; they have no deadline.
    Statutory town powers (法定本级) are the town's by law, never requested or decided, so no
    deadline applies to them. The ``not-in-force-by-deadline`` check uses the same definition.
    """
    out = []
    for grant in grants:
        requested = grant.last(GrantStatus.REQUESTED)
        if grant.status is GrantStatus.WITHDRAWN or grant.current_mode is Mode.STATUTORY:
            continue
        if requested is None or requested.date <= deadline:
            out.append(grant)
    return out


def _first(grant: Grant, *statuses: GrantStatus) -> dt.date | None:
    dates = [e.date for e in grant.history if e.status in statuses]
    return min(dates) if dates else None


def derived(step: Step, grants: list[Grant], due: dt.date, ref: dt.date) -> Status:
    """Catalog decided / powers in force, from the grants of one town or of a whole district.

    Done when every first-batch grant has reached the step; the date is the last of them.
    """
    batch = first_batch(grants, due)
    if not batch:
        state = State.OVERDUE if ref > due else State.PENDING
        return Status(step, state, due, note="没有应在期限内确定的赋权事项")
    wanted = (
        (GrantStatus.DECIDED, GrantStatus.IN_FORCE)
        if step is Step.DECIDED
        else (GrantStatus.IN_FORCE,)
    )
    dates = [_first(g, *wanted) for g in batch]
    reached = [d for d in dates if d is not None and d <= ref]
    if len(reached) < len(batch):
        state = State.OVERDUE if ref > due else State.PENDING
        return Status(step, state, due, note=f"{len(reached)}/{len(batch)} 项")
    last = max(reached)
    return Status(step, judge(due, last, ref), due, last, note=f"{len(batch)} 项")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the ledger: a district or a town with its milestones."""

    name: str
    label: str
    statuses: tuple[Status, ...]

    @property
    def attention(self) -> list[Status]:
        """Milestones a supervisor has to act on."""
        return [s for s in self.statuses if s.state.needs_attention]

    @property
    def late(self) -> list[Status]:
        """Milestones done, but after their deadline."""
        return [s for s in self.statuses if s.state is State.LATE]


@dataclass(frozen=True, slots=True)
class DistrictProgress:
    """A district's milestones and those of each of its towns."""

    district: Row
    towns: tuple[Row, ...]


def ledger(
    districts: Iterable[tuple[str, str]],
    towns: Iterable[tuple[str, str, str]],
    grants: dict[str, list[Grant]],
    entries: dict[str, DistrictLedger],
    deadlines: tuple[dt.date, dt.date],
    ref: dt.date,
) -> list[DistrictProgress]:
    """The whole ledger as of ``ref``.

    ``districts`` are (id, name); ``towns`` (id, name, district id); ``grants`` by town id;
    ``entries`` the recorded ledger by district id; ``deadlines`` (city demands, in force).
    """
    city_demands, in_force = deadlines
    by_district: dict[str, list[tuple[str, str]]] = {}
    for town_id, town_name, district_id in towns:
        by_district.setdefault(district_id, []).append((town_id, town_name))
    out = []
    for district_id, district_name in districts:
        town_rows = []
        all_grants: list[Grant] = []
        for town_id, town_name in by_district.get(district_id, []):
            mine = grants.get(town_id, [])
            all_grants.extend(mine)
            statuses = tuple(derived(s, mine, in_force, ref) for s in TOWN_STEPS)
            town_rows.append(Row(town_name, town_id, statuses))
        entry = entries.get(district_id)
        statuses = tuple(
            recorded(s, entry, due_of(s, city_demands, in_force), ref)
            if s in RECORDED_STEPS
            else derived(s, all_grants, in_force, ref)
            for s in Step
        )
        out.append(DistrictProgress(Row(district_name, district_id, statuses), tuple(town_rows)))
    return out
