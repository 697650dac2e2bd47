"""The catalog as it stood on a date, rebuilt from its dated events; and the dates worth asking.

Every grant's history is dated and only ever appended to, so "木石镇's list on 2021-12-31" is
the town lists with the later events left out: a grant handed down later is not there yet, one
decided but not yet in force is pending (its status then), one withdrawn by then is withdrawn
with its date. Evaluations are kept up to the end of their period. What the catalog does not
date is shown as it is now: power guides, legal texts amended in place, departments.

:func:`milestones` is the one place that says which dates the site shows a list at (today the
notice's deadlines in ``catalog.yaml``), so a jurisdiction profile can supply them later.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from ..model import Grant, TownListFile
from ..model.catalog import Catalog
from ..yamlio.write import data_of, dump, schema_ref


@dataclass(frozen=True, slots=True)
class Milestone:
    """A date the site shows every town's list at, with what it is."""

    label: str
    date: dt.date


def milestones(cat: Catalog) -> list[Milestone]:
    """The milestones the catalog names, in date order (the notice's deadlines)."""
    deadlines = cat.meta.deadlines
    found = [
        Milestone("市级权限需求上报截止", deadlines.city_demands),
        Milestone("赋权事项实施截止", deadlines.in_force),
    ]
    return sorted(found, key=lambda m: m.date)


def grant_as_of(grant: Grant, day: dt.date) -> Grant | None:
    """The grant as recorded on ``day``; ``None`` when nothing about it was recorded yet."""
    history = tuple(e for e in grant.history if e.date <= day)
    if not history:
        return None
    evaluations = tuple(e for e in grant.evaluations if e.end <= day)
    return replace(grant, history=history, evaluations=evaluations)


def list_as_of(entry: TownListFile, day: dt.date) -> TownListFile:
    """A town's list (一镇一单) as it stood on ``day``."""
    kept = (grant_as_of(g, day) for g in entry.grants)
    return replace(entry, grants=tuple(g for g in kept if g is not None))


def catalog_as_of(cat: Catalog, day: dt.date) -> Catalog:
    """The whole catalog as it stood on ``day`` (in memory; the town lists are new objects)."""
    lists = {town: list_as_of(entry, day) for town, entry in cat.town_lists.items()}
    return replace(cat, town_lists=lists)


def write_as_of(cat: Catalog, day: dt.date, target: Path) -> Path:
    """A catalog folder at ``target`` holding ``cat`` as it stood on ``day``.

    Every export reads a catalog folder (the lossless workbook reads its files), so the past
    state is written as one: the folder copied, each town list rewritten from the filtered
    model. ``target`` must not exist; the caller removes it.
    """
    shutil.copytree(cat.root, target, ignore=shutil.ignore_patterns(".git"))
    pattern = "town-lists/*.yaml"
    for town, entry in cat.town_lists.items():
        shown = Path(entry.loc.path)  # named relative to the catalog folder's parent
        path = shown if shown.is_absolute() else cat.root.parent / shown
        try:
            rel = path.resolve().relative_to(cat.root.resolve())
        except ValueError:
            rel = Path("town-lists") / f"{town}.yaml"
        past = list_as_of(entry, day)
        text = dump(TownListFile, data_of(past), schema_ref(pattern, "town-list"))
        (target / rel).write_text(text, encoding="utf-8")
    return target
