"""What changed and when, in plain words: the entries of the change page, sections and feeds.

The people a change affects (a town's staff, its residents, a department) should not have to
re-read a whole list to learn that a power was handed down, changed mode, came into force or was
withdrawn. Every such step is a dated event of a grant, so these entries come from the catalog
itself; an amended law with its earlier version kept is dated by the new version. Changes the
catalog does not date (a legal text edited in place, a new supervisor) are known only from the
catalog's git history; :mod:`townpowers.site.changelog` adds those, as the same :class:`Entry`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ..model import GrantStatus, Mode
from ..model.catalog import Catalog


@dataclass(frozen=True, slots=True)
class Entry:
    """One change as readers see it."""

    date: dt.date
    #: What happened: handed-down, in-force, mode-changed, withdrawn, requested, law-amended,
    #: or a ``townpowers diff`` kind for changes read from git.
    kind: str
    #: One self-contained Chinese sentence.
    text: str
    town: str | None = None
    power: str | None = None
    #: The law (and article) the change is about, when it is one.
    law: str | None = None
    article: str | None = None
    document: str | None = None
    #: Where the entry comes from: "目录记录" or "提交 <short hash>".
    source: str = "目录记录"
    #: RFC 3339 time for feeds (midnight UTC of ``date`` for dated records; commit time for git).
    updated: str = ""

    @property
    def ident(self) -> str:
        """A stable identity (the same change gets the same Atom id on every build)."""
        key = "|".join(
            str(v) for v in (self.date, self.kind, self.town, self.power, self.law, self.article)
        )
        key += "|" + self.text + "|" + self.source
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

    @property
    def stamp(self) -> str:
        """``updated`` or the date at midnight UTC."""
        return self.updated or f"{self.date.isoformat()}T00:00:00Z"


def order(entries: list[Entry]) -> list[Entry]:
    """Newest first; ties in a fixed order (the same page and feed on every build)."""
    return sorted(entries, key=lambda e: (e.stamp, e.kind, e.text, e.ident), reverse=True)


def grant_entries(cat: Catalog) -> list[Entry]:
    """Every dated step of every grant, worded for the town's residents and staff."""
    out: list[Entry] = []
    for town_id, entry in cat.town_lists.items():
        town = cat.towns.get(town_id)
        if town is None:
            continue
        for grant in entry.grants:
            power = cat.powers.get(grant.power)
            name = power.name if power else grant.power
            mode = grant.mode
            decided = False
            for n, event in enumerate(grant.history):
                new_mode = event.mode is not None and event.mode is not mode
                if event.mode is not None:
                    mode = event.mode
                text, kind = _words(town.name, name, mode, event.status, decided, new_mode)
                if kind == "handed-down" and n == len(grant.history) - 1:
                    text += "，尚待实施"  # the latest state: not in force yet
                decided = decided or event.status in (GrantStatus.DECIDED, GrantStatus.IN_FORCE)
                out.append(
                    Entry(event.date, kind, text, town_id, grant.power, document=event.document)
                )
    return out


def _words(
    town: str, power: str, mode: Mode, status: GrantStatus, decided: bool, new_mode: bool
) -> tuple[str, str]:
    """The sentence and kind of one grant event."""
    if status is GrantStatus.WITHDRAWN:
        return f"收回{town}的“{power}”（原为{mode.value}）", "withdrawn"
    if new_mode and decided:
        return f"{town}的“{power}”改为{mode.value}", "mode-changed"
    if status is GrantStatus.REQUESTED:
        return f"{town}提出承接“{power}”的需求", "requested"
    if status is GrantStatus.DECIDED:
        return f"决定赋予{town}“{power}”（{mode.value}）", "handed-down"
    if mode is Mode.STATUTORY:
        return f"{town}依法行使“{power}”（{mode.value}）", "in-force"
    if not decided:
        return f"赋予{town}“{power}”（{mode.value}），即日实施", "in-force"
    return f"{town}开始实施“{power}”（{mode.value}）", "in-force"


def law_entries(cat: Catalog) -> list[Entry]:
    """Each law amended with its earlier version kept, dated by the new version's in-force
    date (or, when not recorded, its date)."""
    out = []
    for law in cat.instruments.values():
        if not law.earlier:
            continue
        v = law.version
        day = v.in_force_from or v.date
        text = (
            f"《{law.short_title}》修改（{v.label}，{day.isoformat()}起施行），所依据的条文重新审核"
        )
        out.append(Entry(day, "law-amended", text, law=law.id))
    return out


def catalog_entries(cat: Catalog) -> list[Entry]:
    """All entries the catalog's own dated records give, newest first."""
    return order([*grant_entries(cat), *law_entries(cat)])


def cited(cat: Catalog, power_id: str) -> set[tuple[str, str | None]]:
    """``(law, article)`` pairs the power cites, and ``(law, None)`` for each law."""
    power = cat.powers.get(power_id)
    if power is None:
        return set()
    pairs: set[tuple[str, str | None]] = {(b.law, b.article) for b in power.bases}
    return pairs | {(b.law, None) for b in power.bases}


def affects_power(cat: Catalog, entry: Entry, power_id: str) -> bool:
    """Whether a power's page lists the entry: it names the power or a law text it cites."""
    if entry.power is not None:
        return entry.power == power_id
    if entry.law is not None:
        return (entry.law, entry.article) in cited(cat, power_id)
    return False


def for_power(cat: Catalog, entries: list[Entry], power_id: str) -> list[Entry]:
    """The entries a power's page lists."""
    return [e for e in entries if affects_power(cat, e, power_id)]


def for_town(cat: Catalog, entries: list[Entry], town_id: str) -> list[Entry]:
    """The entries a town's page and feed list: its grants' steps, and changes to the powers
    it holds and to the law texts they cite."""
    entry = cat.town_lists.get(town_id)
    held = {g.power for g in entry.grants} if entry else set()
    laws: set[tuple[str, str | None]] = set()
    for power in held:
        laws |= cited(cat, power)
    out = []
    for e in entries:
        if e.town is not None:
            if e.town == town_id:
                out.append(e)
        elif e.power is not None:
            if e.power in held:
                out.append(e)
        elif e.law is not None and (e.law, e.article) in laws:
            out.append(e)
    return out
