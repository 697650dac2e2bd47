"""The work ledger, the progress dashboard and the usage evaluation: data and charts.

The ledger's statuses come from :mod:`townpowers.model.progress` (shared with the checks); this module
arranges them for the pages and draws the dashboard's pictures with :mod:`.charts`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..model import EvaluationResult, Grant, GrantStatus, Mode, Town, progress
from ..model.progress import State, Step
from ..views import wording
from ..views.relations import GrantRow, Views
from . import charts, rendering
from .rendering import Page

CHART_DIR = "_charts"
#: A chart with a bar per town stays readable up to this many towns; beyond it (a province)
#: it shows the towns that need attention most.
MAX_TOWN_BARS = 40

STATE_COLOUR = {
    State.ON_TIME: charts.GREEN,
    State.DONE: charts.GREEN,
    State.LATE: charts.ORANGE,
    State.OVERDUE: charts.VERMILLION,
    State.UNRECORDED: charts.PURPLE,
    State.PENDING: charts.SKY,
    State.OPEN: charts.SKY,
    State.NOT_APPLICABLE: charts.GREY,
}
STATUS_COLOUR = {
    GrantStatus.IN_FORCE: charts.GREEN,
    GrantStatus.DECIDED: charts.SKY,
    GrantStatus.REQUESTED: charts.ORANGE,
    GrantStatus.WITHDRAWN: charts.GREY,
}
MODE_COLOUR = {
    Mode.DIRECT: charts.BLUE,
    Mode.WINDOW: charts.SKY,
    Mode.REVIEW: charts.ORANGE,
    Mode.STATUTORY: charts.GREY,
}


@dataclass
class TownEvaluation:
    """A town's usage evaluation: what its in-force grants were used for, and what was not."""

    town: Town
    rows: list[GrantRow]
    periods: list[str] = field(default_factory=list)
    cases: int = 0
    complaints: int = 0
    results: Counter[EvaluationResult] = field(default_factory=Counter)
    unused: list[GrantRow] = field(default_factory=list)
    unevaluated: list[GrantRow] = field(default_factory=list)

    @property
    def used(self) -> int:
        """Grants with at least one case."""
        return len(self.rows) - len(self.unused) - len(self.unevaluated)


def in_force_ever(grant: Grant) -> bool:
    """Whether the grant was in force at some time (only those can be evaluated)."""
    return any(e.status is GrantStatus.IN_FORCE for e in grant.history)


def granted(rows: list[GrantRow]) -> list[GrantRow]:
    """Rows a district or the city granted: statutory town powers (法定本级) are the town's by
    law, so they have no place in the empowerment's timeline or its usage evaluation."""
    return [r for r in rows if r.grant.current_mode is not Mode.STATUTORY]


def evaluate_town(town: Town, rows: list[GrantRow]) -> TownEvaluation:
    """Sum a town's evaluations over all recorded periods (granted powers only)."""
    live = sorted((r for r in granted(rows) if in_force_ever(r.grant)), key=lambda r: r.power.id)
    out = TownEvaluation(town, live)
    periods: dict[str, dt.date] = {}
    for row in live:
        evaluations = row.grant.evaluations
        if not evaluations:
            out.unevaluated.append(row)
            continue
        for e in evaluations:
            periods.setdefault(e.period, e.start)
            out.cases += e.cases
            out.complaints += e.complaints
        out.results[evaluations[-1].result] += 1
        if sum(e.cases for e in evaluations) == 0:
            out.unused.append(row)
    out.periods = sorted(periods, key=lambda p: periods[p])
    return out


class Dashboard:
    """Ledger rows, evaluation summaries and charts of one catalog."""

    def __init__(self, views: Views) -> None:
        cat = views.cat
        self.views = views
        #: What the profile calls the tier whose progress is charted (区（市） for Zaozhuang).
        self.tier = cat.profile.district_word
        self.ref = cat.meta.reference_date
        d = cat.meta.deadlines
        self.deadlines = (d.city_demands, d.in_force)
        entries = {e.district: e for e in cat.ledger.districts} if cat.ledger else {}
        self.has_ledger = cat.ledger is not None
        self.ledger = progress.ledger(
            [(x.id, x.name) for x in cat.districts.values()],
            [(t.id, t.name, t.district) for t in cat.towns.values()],
            {t: [r.grant for r in rows] for t, rows in views.by_town.items()},
            entries,
            self.deadlines,
            self.ref,
        )
        self.evaluations = [
            evaluate_town(t, views.by_town.get(t.id, [])) for t in cat.towns.values()
        ]

    @property
    def steps(self) -> list[Step]:
        """The notice's steps in order."""
        return list(Step)

    def attention(self) -> list[tuple[str, progress.Status]]:
        """Every milestone a supervisor must act on, by district then town."""
        out = []
        for dp in self.ledger:
            out += [(dp.district.name, s) for s in dp.district.attention]
            for town in dp.towns:
                out += [(town.name, s) for s in town.attention]
        return out

    def state_counts(self) -> Counter[State]:
        """How many district milestones are in each state."""
        return Counter(s.state for dp in self.ledger for s in dp.district.statuses)

    # --- charts ------------------------------------------------------------------------------

    def charts(self) -> list[Page]:
        """The dashboard's SVG files (under ``_charts/``)."""
        return [
            Page(f"{CHART_DIR}/ledger-timeline.svg", self._timeline()),
            Page(f"{CHART_DIR}/status-by-district.svg", self._status_bars(by_town=False)),
            Page(f"{CHART_DIR}/status-by-town.svg", self._status_bars(by_town=True)),
            Page(f"{CHART_DIR}/mode-by-district.svg", self._mode_bars()),
            Page(f"{CHART_DIR}/in-force-over-time.svg", self._in_force_curve()),
            Page(f"{CHART_DIR}/usage-by-town.svg", self._usage_bars()),
        ]

    def _span(self) -> tuple[dt.date, dt.date]:
        meta = self.views.cat.meta
        dates = [
            e.date for r in granted(self.views.rows) for e in r.grant.history if e.date <= self.ref
        ]
        start = min([meta.notice.date, *dates])
        end = max([self.deadlines[1] + dt.timedelta(days=31), *dates])
        return start, min(max(end, start + dt.timedelta(days=60)), max(self.ref, start))

    def _lines(self) -> list[tuple[dt.date, str, str]]:
        lines = [
            (self.deadlines[0], "5月底期限", charts.VERMILLION),
            (self.deadlines[1], "7月底期限", charts.VERMILLION),
        ]
        if self.ref <= self._span()[1]:
            lines.append((self.ref, "参照日期", charts.BLUE))
        return lines

    def _timeline(self) -> str:
        start, end = self._span()
        rows, marks = [], []
        steps = list(Step)
        names = progress.step_names(self.views.cat.profile)
        for i, dp in enumerate(self.ledger):
            rows.append(dp.district.name)
            for status in dp.district.statuses:
                number = steps.index(status.step) + 1
                if status.date is not None and status.state.done:
                    marks.append(charts.Mark(i, status.date, number, STATE_COLOUR[status.state]))
                elif status.state.needs_attention:
                    marks.append(
                        charts.Mark(i, min(self.ref, end), number, STATE_COLOUR[status.state], True)
                    )
        legend = [
            (s.value, STATE_COLOUR[s])
            for s in (State.ON_TIME, State.LATE, State.OVERDUE, State.UNRECORDED)
        ]
        return charts.timeline(
            f"各{self.tier}工作节点完成情况",
            f"截至{self.ref}，各{self.tier}五个工作节点的完成日期；空心为逾期未完成或未记录。",
            rows,
            marks,
            self._lines(),
            start,
            end,
            legend,
            [names[s] for s in steps],
        )

    def _status_bars(self, by_town: bool) -> str:
        bars = []
        views = self.views
        groups = (
            [(t.name, views.by_town.get(t.id, [])) for t in views.cat.towns.values()]
            if by_town
            else [(d.name, views.by_district.get(d.id, [])) for d in views.cat.districts.values()]
        )
        title = "各镇" if by_town else f"各{self.tier}"
        if by_town and len(groups) > MAX_TOWN_BARS:  # a province: show where attention is due
            ranked = sorted(groups, key=lambda g: views.progress(g[1]).percent_in_force)
            groups = ranked[:MAX_TOWN_BARS]
            title = f"实施比例最低的 {MAX_TOWN_BARS} 个镇（共 {len(ranked)} 个）："
        for name, rows in groups:
            p = views.progress(rows)
            segments = tuple(
                (s.value, p.by_status[s], STATUS_COLOUR[s])
                for s in (
                    GrantStatus.IN_FORCE,
                    GrantStatus.DECIDED,
                    GrantStatus.REQUESTED,
                    GrantStatus.WITHDRAWN,
                )
            )
            bars.append(charts.Bar(name, segments, f"已实施 {p.percent_in_force}%"))
        return charts.stacked_bars(
            f"{title}赋权事项状态", f"截至目录版本日期，{title}赋权事项按当前状态的分布。", bars
        )

    def _mode_bars(self) -> str:
        views = self.views
        bars = []
        for d in views.cat.districts.values():
            p = views.progress(views.by_district.get(d.id, []))
            bars.append(
                charts.Bar(d.name, tuple((m.value, p.by_mode[m], MODE_COLOUR[m]) for m in Mode))
            )
        return charts.stacked_bars(
            f"各{self.tier}赋权方式", f"各{self.tier}赋权事项按当前赋权方式的分布。", bars
        )

    @property
    def statutory(self) -> int:
        """法定本级 rows in force: in the key figures, left out of the cumulative and usage
        charts (the town holds them by law, with no grant to date or evaluate); the page says
        so and how many, so that the figures add up."""
        return sum(
            1
            for r in self.views.rows
            if r.grant.current_mode is Mode.STATUTORY and r.grant.status is GrantStatus.IN_FORCE
        )

    def _in_force_curve(self) -> str:
        changes: Counter[dt.date] = Counter()
        for row in granted(self.views.rows):
            live = False
            for e in row.grant.history:
                if e.date > self.ref:
                    break
                now = e.status is GrantStatus.IN_FORCE or (
                    live and e.status is not GrantStatus.WITHDRAWN
                )
                if now != live:
                    changes[e.date] += 1 if now else -1
                live = now
        points, running = [], 0
        for day in sorted(changes):
            running += changes[day]
            points.append((day, running))
        start, end = self._span()
        rows = granted(self.views.rows)
        total = len([r for r in rows if r.grant.status is not GrantStatus.WITHDRAWN])
        return charts.step_line(
            "已实施的赋权事项（累计）",
            f"各镇已实施的赋权事项数随时间的变化，共 {total} 项（不含已收回，"
            f"不含法律直接规定由镇行使的法定本级 {self.statutory} 项）。",
            points,
            self._lines(),
            start,
            end,
            total,
        )

    def _usage_bars(self) -> str:
        bars = []
        shown, title = self.evaluations, "各镇用权情况"
        if len(shown) > MAX_TOWN_BARS:
            shown = sorted(shown, key=lambda ev: -len(ev.unused))[:MAX_TOWN_BARS]
            title = f"零办件事项最多的 {MAX_TOWN_BARS} 个镇（共 {len(self.evaluations)} 个）"
        for ev in shown:
            segments = (
                ("有办件", ev.used, charts.GREEN),
                ("零办件", len(ev.unused), charts.VERMILLION),
                ("未评估", len(ev.unevaluated), charts.LIGHT),
            )
            bars.append(charts.Bar(ev.town.name, segments, f"办件 {ev.cases} 件"))
        return charts.stacked_bars(
            title,
            "各镇已实施事项中评估期内有办件、零办件和尚未评估的事项数"
            f"（不含已实施的法定本级事项，各镇合计 {self.statutory} 项）。",
            bars,
        )


STATE_MARK = {
    State.ON_TIME: "✔",
    State.DONE: "✔",
    State.LATE: "◐",
    State.OVERDUE: "✖",
    State.UNRECORDED: "？",
    State.PENDING: "…",
    State.OPEN: "…",
    State.NOT_APPLICABLE: "—",
}


def status_cell(status: progress.Status) -> str:
    """A ledger table cell: a mark (readable without colour), the state, date and delay."""
    text = f"{STATE_MARK[status.state]} {status.state.value}"
    if status.date is not None:
        text += f" {wording.zh_date(status.date)}"
    if status.days_late:
        text += f"（晚 {status.days_late} 天）"
    if status.note and status.state is not State.NOT_APPLICABLE and status.date is None:
        text += f"（{rendering.md(status.note)}）"
    return text
