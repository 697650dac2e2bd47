"""What pages show besides the objects themselves: relations in both directions, and progress.

Computed once per build from the catalog: for every article the powers resting on it, for every
power the towns holding it, for every department the grants it delegates or supervises, for
every town and district its counts by status and mode, and the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..checks.authority import Authority, authority
from ..checks.legal import notice_choice
from ..model import (
    Basis,
    Department,
    District,
    Grant,
    GrantStatus,
    Mode,
    PowerFile,
    StatusEvent,
    Town,
)
from ..model.catalog import Catalog, Reasoned


@dataclass(frozen=True)
class GrantRow:
    """One grant with everything resolved that a table row needs."""

    town: Town
    grant: Grant
    power: PowerFile
    owner: Department | None
    decider: Department | None
    supervisors: tuple[tuple[str, Department | None], ...]

    @property
    def decision(self) -> StatusEvent | None:
        """The deciding event."""
        return self.grant.decision


@dataclass
class Progress:
    """Counts of grants by current status and mode."""

    total: int = 0
    by_status: Counter[GrantStatus] = field(default_factory=Counter)
    by_mode: Counter[Mode] = field(default_factory=Counter)

    def add(self, grant: Grant) -> None:
        """Count one grant."""
        self.total += 1
        self.by_status[grant.status] += 1
        self.by_mode[grant.current_mode] += 1

    @property
    def in_force(self) -> int:
        """Grants in force now."""
        return self.by_status[GrantStatus.IN_FORCE]

    @property
    def percent_in_force(self) -> int:
        """Share in force, in whole percent."""
        return round(100 * self.in_force / self.total) if self.total else 0


@dataclass
class HistoryGroup:
    """Events of several grants that happened together (same date, status and document)."""

    date: dt.date
    status: str
    document: str | None
    mode: str | None
    note: str | None
    rows: list[GrantRow]


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of the empowerment."""

    date: dt.date
    what: str
    source: str


class Views:
    """All derived relations of one catalog."""

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        self.rows: list[GrantRow] = [self._row(t, g) for t, g in cat.grants()]
        self.by_power: dict[str, list[GrantRow]] = defaultdict(list)
        self.by_town: dict[str, list[GrantRow]] = defaultdict(list)
        self.by_district: dict[str, list[GrantRow]] = defaultdict(list)
        for row in self.rows:
            self.by_power[row.power.id].append(row)
            self.by_town[row.town.id].append(row)
            self.by_district[row.town.district].append(row)
        self.citations: dict[tuple[str, str], list[tuple[PowerFile, Basis]]] = defaultdict(list)
        self.roles: dict[str, dict[str, list[PowerFile]]] = defaultdict(lambda: defaultdict(list))
        self.law_powers: dict[str, list[PowerFile]] = defaultdict(list)
        #: (law, article number) -> powers whose mode analysis names the article.
        self.reasoned: dict[tuple[str, str], list[PowerFile]] = defaultdict(list)
        self._authorities: dict[str, Authority] = {}
        for power in sorted(cat.powers.values(), key=lambda p: p.id):
            for basis in power.bases:
                self.citations[(basis.law, basis.article)].append((power, basis))
                if power not in self.law_powers[basis.law]:
                    self.law_powers[basis.law].append(power)
            if power.owner is not None:
                self.roles[power.owner]["owner"].append(power)
            for r in cat.reasoning(power):
                if r.law is not None and r.article is not None:
                    users = self.reasoned[(r.law.id, r.article.number)]
                    if power not in users:
                        users.append(power)
            if power.approver:
                self.roles[power.approver]["approver"].append(power)
            for kind in power.supervision.bodies:
                self.roles[kind]["supervisor"].append(power)

    def _row(self, town: Town, grant: Grant) -> GrantRow:
        power = self.cat.powers[grant.power]

        def dept(kind: str | None) -> Department | None:
            return None if kind is None else self.cat.department(town.district, kind)

        return GrantRow(
            town,
            grant,
            power,
            dept(power.owner),
            dept(power.approver or power.owner),
            tuple((k, dept(k)) for k in power.supervision.bodies),
        )

    def authority(self, power: PowerFile) -> Authority:
        """What the law lets a town do for ``power``: the same reading the legal rules use."""
        found = self._authorities.get(power.id)
        if found is None:
            found = self._authorities[power.id] = authority(self.cat, power)
        return found

    def reasoning(self, power: PowerFile) -> list[Reasoned]:
        """The stored articles a power's mode analysis names, each once, in order."""
        seen: set[tuple[str, str]] = set()
        out = []
        for r in self.cat.reasoning(power):
            if r.law is None or r.article is None:
                continue
            key = (r.law.id, r.article.number)
            if key not in seen:
                seen.add(key)
                out.append(r)
        return out

    @staticmethod
    def notice_choice(power: PowerFile) -> Mode | None:
        """The mode the notice's order picks among the power's lawful modes."""
        return notice_choice(power.delegation.modes) if power.delegation else None

    def towns_of(self, district: District) -> list[Town]:
        """Towns of a district, in catalog order."""
        return [t for t in self.cat.towns.values() if t.district == district.id]

    def by_district_of(self, rows: list[GrantRow]) -> list[tuple[District, list[GrantRow]]]:
        """Some grants (a power's) grouped by their towns' districts, in catalog order."""
        groups: dict[str, list[GrantRow]] = defaultdict(list)
        for row in rows:
            groups[row.town.district].append(row)
        return [(d, groups[d.id]) for d in self.cat.districts.values() if groups.get(d.id)]

    def powers_of_district(self, district: str) -> list[tuple[PowerFile, list[GrantRow]]]:
        """The powers a district's towns hold, by power id, each with its towns' grants (by
        town code): what a power page held by many towns leaves to its districts' pages."""
        groups: dict[str, list[GrantRow]] = defaultdict(list)
        for row in self.by_district.get(district, []):
            groups[row.power.id].append(row)
        return [
            (rows[0].power, sorted(rows, key=lambda r: r.town.code))
            for _, rows in sorted(groups.items())
        ]

    def departments_of(self, district: District) -> list[tuple[str, Department]]:
        """(kind, department) of a district, in kind order."""
        return [
            (k, d) for k in self.cat.kinds if (d := self.cat.department(district.id, k)) is not None
        ]

    def progress(self, rows: list[GrantRow]) -> Progress:
        """Counts of some grants."""
        p = Progress()
        for row in rows:
            p.add(row.grant)
        return p

    def by_domain(self, rows: list[GrantRow]) -> list[tuple[str, list[GrantRow]]]:
        """Rows grouped by the profile's domains, in the profile's order."""
        groups: dict[str, list[GrantRow]] = defaultdict(list)
        for row in rows:
            groups[row.power.domain].append(row)
        return [
            (d, sorted(groups[d], key=lambda r: r.power.id))
            for d in self.cat.profile.domain_names
            if groups[d]
        ]

    def department_rows(self, district: str, kind: str) -> dict[str, list[GrantRow]]:
        """Grants of a district that a department delegates, decides or supervises."""
        out: dict[str, list[GrantRow]] = {"owner": [], "decider": [], "supervisor": []}
        for row in self.by_district.get(district, []):
            if row.power.owner == kind:
                out["owner"].append(row)
            if row.power.approver == kind:
                out["decider"].append(row)
            if kind in row.power.supervision.bodies:
                out["supervisor"].append(row)
        return out

    def history(self, town_id: str) -> list[tuple[StatusEvent, GrantRow]]:
        """Every recorded event of a town's grants, oldest first (the town's change history)."""
        events = [(e, row) for row in self.by_town.get(town_id, []) for e in row.grant.history]
        return sorted(events, key=lambda p: (p[0].date, p[1].power.id))

    def history_groups(self, town_id: str) -> list[HistoryGroup]:
        """The change history grouped: one entry per date, status, document and mode change.

        A district decides a town's catalog in one document, so listing each grant's events one
        by one repeats the same line dozens of times; grouped, a person sees what happened when.
        """
        groups: dict[tuple[object, ...], HistoryGroup] = {}
        for event, row in self.history(town_id):
            key = (event.date, event.status, event.document, event.mode, event.note)
            group = groups.get(key)
            if group is None:
                group = groups[key] = HistoryGroup(
                    event.date,
                    event.status.value,
                    event.document,
                    event.mode.value if event.mode else None,
                    event.note,
                    [],
                )
            group.rows.append(row)
        return list(groups.values())

    def decisions(self, rows: list[GrantRow]) -> list[tuple[dt.date, str, int]]:
        """Distinct deciding documents of some grants: (date, document, grants decided)."""
        seen: Counter[tuple[dt.date, str]] = Counter()
        for row in rows:
            for event in row.grant.history:
                if event.status is GrantStatus.DECIDED and event.document:
                    seen[(event.date, event.document)] += 1
        return [(d, doc, n) for (d, doc), n in sorted(seen.items())]

    def timeline(self) -> list[TimelineEvent]:
        """The notice's dates, the districts' decisions and the laws' in-force dates that matter."""
        meta = self.cat.meta
        events = [
            TimelineEvent(meta.notice.date, f"{meta.notice.issuer}印发通知", meta.notice.source),
            TimelineEvent(
                meta.deadlines.city_demands,
                "涉及市级权限的用权需求上报截止（通知）",
                "通知二（一）",
            ),
            TimelineEvent(
                meta.deadlines.in_force,
                "赋权事项实施、工作落实情况上报截止（通知）",
                "通知一、通知结尾",
            ),
        ]
        granted = [r for r in self.rows if r.grant.current_mode is not Mode.STATUTORY]
        first = min(
            (e.date for r in granted for e in r.grant.history if e.status is GrantStatus.REQUESTED),
            default=None,
        )
        last_live = max(
            (r.grant.in_force_since for r in granted if r.grant.in_force_since), default=None
        )
        for date, doc, n in self.decisions(self.rows):
            events.append(TimelineEvent(date, f"{doc}：确定 {n} 项赋权", "一镇一单"))
        if first:
            events.append(TimelineEvent(first, "最早的用权需求提出", "一镇一单"))
        if last_live:
            events.append(TimelineEvent(last_live, "最晚一批赋权事项实施", "一镇一单"))
        cited = {b.law for p in self.cat.powers.values() for b in p.bases}
        lo = meta.notice.date - dt.timedelta(days=366)
        for law in self.cat.instruments.values():
            start = law.version.in_force_from
            if law.id in cited and start is not None and lo <= start <= meta.date:
                events.append(
                    TimelineEvent(
                        start,
                        f"《{law.short_title}》{law.version.label}施行",
                        f"法律文件：{law.title}",
                    )
                )
        return sorted(events, key=lambda e: (e.date, e.what))
