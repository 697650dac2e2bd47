"""The rest of what ``townpowers diff`` compares: supervision, office codes, entrustments,
topic titles, and objects whose file (and so id) was renamed.

Kept beside :mod:`townpowers.diff.compare` so each module stays readable. A power or law file
renamed between two revisions changes its id (file name and id must agree), so compared by id
alone it would read as one object removed and another added, with every grant of it withdrawn
and handed down again. :func:`pair_renamed` pairs such objects by name (when exactly one
removed and one added object share it) and rewrites the old catalog's references to the new
ids, so the comparison then reports the rename once and only what really changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ..model.catalog import Catalog
from ..model.schema import plain
from .changes import Change
from .report import describe


def change(kind: str, **details: Any) -> Change:
    """A change with its sentence."""
    return Change(kind, describe(kind, details), details)


def _kind_names(cat: Catalog, kinds: list[str]) -> list[str]:
    return [cat.kinds[k].name if k in cat.kinds else k for k in kinds]


def supervision(old: Catalog, new: Catalog) -> Iterator[Change]:
    """Supervision bodies, content and measures; the departments' own codes of each power."""
    for power_id in sorted(old.powers.keys() & new.powers.keys()):
        was, now = old.powers[power_id].supervision, new.powers[power_id].supervision
        name = new.powers[power_id].name
        added = sorted(set(now.bodies) - set(was.bodies))
        removed = sorted(set(was.bodies) - set(now.bodies))
        m_old, m_new = [plain(m) for m in was.measures], [plain(m) for m in now.measures]
        more = [m for m in m_new if m not in m_old]
        fewer = [m for m in m_old if m not in m_new]
        content = was.content != now.content
        if added or removed or more or fewer or content:
            parts = []
            if added or removed:
                parts.append(
                    "监管责任主体" + _plus_minus(_kind_names(new, added), _kind_names(old, removed))
                )
            if content:
                parts.append("监管内容修改")
            if more or fewer:
                parts.append(
                    "监管措施" + _plus_minus([str(m) for m in more], [str(m) for m in fewer])
                )
            yield change(
                "power-supervision-changed",
                power=power_id,
                name=name,
                added_bodies=added,
                removed_bodies=removed,
                old_content=was.content,
                new_content=now.content,
                added_measures=more,
                removed_measures=fewer,
                summary="；".join(parts),
            )
        codes_old = {(c.district, c.code) for c in old.powers[power_id].external_codes}
        codes_new = {(c.district, c.code) for c in new.powers[power_id].external_codes}
        if codes_old != codes_new:
            yield change(
                "power-codes-changed",
                power=power_id,
                name=name,
                added=[f"{d}:{c}" for d, c in sorted(codes_new - codes_old)],
                removed=[f"{d}:{c}" for d, c in sorted(codes_old - codes_new)],
            )


def _plus_minus(added: list[str], removed: list[str]) -> str:
    parts = []
    if added:
        parts.append("增加" + "、".join(added))
    if removed:
        parts.append("删去" + "、".join(removed))
    return "：" + "，".join(parts)


def entrustments(old: Catalog, new: Catalog) -> Iterator[Change]:
    """A grant's entrustment record (委托书, announcement, certified staff) added, changed or
    removed."""
    for town_id in sorted(old.town_lists.keys() & new.town_lists.keys()):
        before = {g.power: g for g in old.town_lists[town_id].grants}
        after = {g.power: g for g in new.town_lists[town_id].grants}
        town = new.towns.get(town_id) or old.towns[town_id]
        for power in sorted(before.keys() & after.keys()):
            was, now = plain(before[power].entrustment), plain(after[power].entrustment)
            if was != now:
                name = new.powers[power].name if power in new.powers else power
                yield change(
                    "grant-entrustment-changed",
                    town=town_id,
                    town_name=town.name,
                    power=power,
                    power_name=name,
                    old=was,
                    new=now,
                )


def topic_titles(old: Catalog, new: Catalog) -> Iterator[Change]:
    """A topic renamed, or a step's everyday wording changed."""
    for topic_id in sorted(old.topics.keys() & new.topics.keys()):
        was, now = old.topics[topic_id], new.topics[topic_id]
        if was.title != now.title:
            yield change("topic-renamed", topic=topic_id, old_title=was.title, title=now.title)
        before = {s.power: s.action for s in was.steps}
        for step in now.steps:
            if step.power in before and before[step.power] != step.action:
                yield change(
                    "topic-step-changed",
                    topic=topic_id,
                    title=now.title,
                    power=step.power,
                    old_action=before[step.power],
                    action=step.action,
                )


def _pairs(old: dict[str, Any], new: dict[str, Any], key: str) -> dict[str, str]:
    """Old id -> new id for objects only on one side that share ``key`` with exactly one."""
    gone = {i: getattr(old[i], key) for i in old.keys() - new.keys()}
    came = {i: getattr(new[i], key) for i in new.keys() - old.keys()}
    out = {}
    for old_id, value in gone.items():
        matches = [i for i, v in came.items() if v == value]
        twins = [i for i, v in gone.items() if v == value]
        if len(matches) == 1 and len(twins) == 1:
            out[old_id] = matches[0]
    return out


def pair_renamed(old: Catalog, new: Catalog) -> tuple[Catalog, list[Change]]:
    """``old`` with renamed powers and laws under their new ids, and the renames found."""
    powers = _pairs(old.powers, new.powers, "name")
    laws = _pairs(old.instruments, new.instruments, "title")
    if not powers and not laws:
        return old, []
    found = [
        change("power-id-changed", old_power=o, power=n, name=new.powers[n].name)
        for o, n in sorted(powers.items())
    ]
    found += [
        change("law-id-changed", old_law=o, law=n, short_title=new.instruments[n].short_title)
        for o, n in sorted(laws.items())
    ]

    def basis(b: Any) -> Any:
        return dataclasses.replace(b, law=laws.get(b.law, b.law)) if b.law in laws else b

    new_powers = {}
    for pid, p in old.powers.items():
        moved = dataclasses.replace(
            p, id=powers.get(pid, pid), bases=tuple(basis(b) for b in p.bases)
        )
        new_powers[powers.get(pid, pid)] = moved
    instruments = {
        laws.get(i, i): dataclasses.replace(law, id=laws.get(i, i))
        for i, law in old.instruments.items()
    }
    town_lists = {
        t: dataclasses.replace(
            e,
            grants=tuple(
                dataclasses.replace(g, power=powers.get(g.power, g.power)) for g in e.grants
            ),
        )
        for t, e in old.town_lists.items()
    }
    topics = {
        t: dataclasses.replace(
            topic,
            steps=tuple(
                dataclasses.replace(s, power=powers.get(s.power, s.power)) for s in topic.steps
            ),
        )
        for t, topic in old.topics.items()
    }
    moved_cat = dataclasses.replace(
        old, powers=new_powers, instruments=instruments, town_lists=town_lists, topics=topics
    )
    return moved_cat, found
