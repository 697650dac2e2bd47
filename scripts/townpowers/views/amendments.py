"""Amended laws as readers need to see them: versions, what changed, and what awaits review.

When a law is amended, the catalog keeps the earlier version (``InstrumentFile.earlier``) and
the bases citing a changed article wait for a reviewer. Three readers need that made visible:
the law page shows its versions and, article by article, what the amendment changed; the
review queue (internal edition) lists every basis awaiting review with its old and new wording
and the command that confirms it; a citizen reading a service guide learns, in plain words,
that the legal basis was amended and is being reviewed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..checks.suspect import review_command
from ..model import InstrumentFile, Version, lawtext
from ..model.catalog import Catalog
from .reviewedtext import with_git_texts
from .reviewqueue import Planned, plan


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """One article between two consecutive versions of a law."""

    number: str
    before: Version
    after: Version
    kind: str  # 修改
    runs: list[tuple[str, str]]  # lawtext.changes: ("=", …) kept, ("-", …) gone, ("+", …) new


def law_changes(law: InstrumentFile) -> list[ArticleChange]:
    """What each amendment changed in the articles the catalog keeps, oldest first."""
    out = []
    versions = law.versions()
    for (before, old), (after, new) in itertools.pairwise(versions):
        old_by = {a.number: a.text for a in old}
        new_by = {a.number: a.text for a in new}
        # an earlier version keeps only the articles the catalog cited then, so an article
        # missing on one side is not recorded there, not added or repealed: only changed
        # wording is shown
        for number in new_by:
            was, now = old_by.get(number), new_by[number]
            if was is None or was == now:
                continue
            out.append(ArticleChange(number, before, after, "修改", lawtext.changes(was, now)))
    return out


@dataclass(frozen=True, slots=True)
class VersionUse:
    """A version of a law and the grants that took effect while it was in force."""

    version: Version
    current: bool
    grants: int


def version_uses(cat: Catalog, law: InstrumentFile) -> list[VersionUse]:
    """Each kept version with the number of grants (of powers citing the law) that took effect
    under it: those grants keep resting on that version's text."""
    citing = {p.id for p in cat.powers.values() if any(b.law == law.id for b in p.bases)}
    counts: dict[dt.date, int] = {}
    for _town, grant in cat.grants():
        if grant.power in citing and grant.in_force_since is not None:
            version, _ = law.in_force_on(grant.in_force_since)
            counts[version.date] = counts.get(version.date, 0) + 1
    versions = law.versions()
    return [
        VersionUse(v, n == len(versions) - 1, counts.get(v.date, 0))
        for n, (v, _articles) in enumerate(versions)
    ]


@dataclass(frozen=True, slots=True)
class Pending:
    """A basis awaiting review, as the review queue shows it."""

    item: Planned
    power_name: str
    since: dt.date | None  # when the wording it must be checked against appeared
    in_force: dt.date | None  # when that wording takes (or took) effect
    command: str


def _since(law: InstrumentFile, text: str, basis_ref: Planned) -> Version | None:
    """The version that introduced the wording a basis now quotes (the oldest version, counting
    back from the current one, whose quoted text is still the current text)."""
    found = None
    for version, articles in reversed(law.versions()):
        article = next((a for a in articles if a.number == basis_ref.basis.article), None)
        quoted = (
            lawtext.cut(article.text, basis_ref.basis.paragraph, basis_ref.basis.item)
            if article
            else None
        )
        if quoted != text:
            break
        found = version
    return found


def review_queue(cat: Catalog) -> list[Pending]:
    """Every basis that was never reviewed or whose wording changed since its review."""
    out = []
    for item in with_git_texts(cat, plan(cat)):  # the reviewed text, if git has it
        law = cat.instruments[item.basis.law]
        version = _since(law, item.new_text, item) if law.earlier else None
        out.append(
            Pending(
                item,
                cat.powers[item.power].name,
                version.date if version else None,
                (version.in_force_from or version.date) if version else None,
                review_command(item.power, item.basis.law),
            )
        )
    return out


def amended_powers(cat: Catalog) -> set[str]:
    """Powers with a legal basis whose wording changed since it was reviewed (a citizen is told
    the basis was amended and is being reviewed; no internal detail)."""
    return {p.item.power for p in review_queue(cat) if p.item.reason == "文本已变化"}
