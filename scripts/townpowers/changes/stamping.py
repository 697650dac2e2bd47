"""``townpowers review`` writing its stamps: one changeset, checked like any other change.

What a review confirms is planned on the read side (:mod:`townpowers.views.reviewqueue`, which
the site's review queue and ``--dry-run`` read too). Here each planned basis gets its new
``reviewed`` record, written on one line as people write it, and the record it replaces moves
to the end of ``review_history``. The files are edited in place by the catalog's one YAML
editor (:func:`townpowers.yamlio.edit.edit_text`: comments and layout kept), staged together,
checked at the rules level and applied as one set; a stamp the loader would refuse (an empty
reviewer) never reaches the catalog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..model import PowerFile, Review
from ..model.catalog import Catalog
from ..views.reviewqueue import Planned
from ..yamlio.build import value_problems
from ..yamlio.edit import edit_text, flow_map
from .changeset import Changeset, Level, Located


class StampError(Exception):
    """A file could not be edited safely (every file is left untouched)."""


def reviewer_problems(by: str) -> list[str]:
    """Why ``by`` cannot be recorded as a reviewer: the loader's own rules for the field."""
    return value_problems(Review, "by", by)


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a review records."""

    by: str
    date: dt.date

    def record(self, fingerprint: str) -> CommentedMap:
        """The ``reviewed`` mapping written into the file."""
        return flow_map({"fingerprint": fingerprint, "by": self.by, "date": self.date})


@dataclass
class Stamped:
    """What a review wrote (or refused): bases stamped per power, and the new errors found."""

    done: dict[str, int] = field(default_factory=dict)
    refused: list[Located[str]] = field(default_factory=list)


def _stamp_basis(node: CommentedMap, record: CommentedMap, earlier: Review | None) -> None:
    flow = node.fa.flow_style()
    had = "reviewed" in node
    node["reviewed"] = record
    if earlier is None:
        return
    old = flow_map({"fingerprint": earlier.fingerprint, "by": earlier.by, "date": earlier.date})
    history = node.get("review_history")
    if history is None:
        history = CommentedSeq([old])
        if flow:
            history.fa.set_flow_style()
        keys = list(node)
        node.insert(keys.index("reviewed") + 1 if had else len(keys), "review_history", history)
    elif isinstance(history, CommentedSeq):
        history.append(old)
    else:
        raise StampError("review_history 应为列表")


def stamped_text(path: Path, power: PowerFile, items: list[Planned], stamp: Stamp) -> str | None:
    """The new text of one power file with the planned bases stamped (``None`` if unchanged)."""
    text = path.read_text(encoding="utf-8")
    todo = [
        i
        for i in items
        if i.basis.reviewed != Review(fingerprint=i.fingerprint, by=stamp.by, date=stamp.date)
    ]
    if not todo:
        return None

    def change(doc: CommentedMap) -> None:
        bases: Any = doc.get("bases")
        if not isinstance(bases, CommentedSeq) or len(bases) != len(power.bases):
            raise StampError("bases 的结构与目录不一致")
        for item in todo:
            node = bases[item.index]
            if isinstance(node, CommentedMap):
                _stamp_basis(node, stamp.record(item.fingerprint), item.basis.reviewed)

    try:
        return edit_text(text, change)
    except StampError as exc:
        raise StampError(f"{path}: {exc}") from None
    except Exception as exc:  # ruamel cannot round-trip some hand-written YAML
        raise StampError(f"{path}: 无法就地修改（{exc}），未写入") from None


def apply(cat: Catalog, planned: list[Planned], stamp: Stamp) -> Stamped:
    """Write the review records as one changeset (all files or none)."""
    changeset: Changeset[str] = Changeset(cat.root, Level.RULES)
    by_power: dict[str, list[Planned]] = {}
    for p in planned:
        by_power.setdefault(p.power, []).append(p)
    counts: dict[str, int] = {}
    for power_id, items in by_power.items():
        power = cat.powers[power_id]
        path = cat.root.parent / power.loc.path
        text = stamped_text(path, power, items, stamp)
        if text is not None:
            rel = path.resolve().relative_to(changeset.root).as_posix()
            changeset.stage_text(rel, text, origin=power_id)
            counts[power_id] = len(items)
    if not counts:
        return Stamped()
    verdict = changeset.check()
    if not verdict.ok:
        return Stamped(refused=verdict.blocking)
    changeset.apply()
    return Stamped(counts)
