"""What a review would confirm, as the site, the review queue and ``review --dry-run`` read it.

A basis records the fingerprint of the text it quotes as a reviewer confirmed it (``reviewed``).
When the text changes, the basis is suspect until someone reads the old and the new wording
and confirms the reference again. :func:`plan` lists the bases a review takes, each with its
text at the last review (found in the law's earlier versions) and its text now, so the
reviewer sees old -> new. By default only the bases that need it (never reviewed, or text
changed); confirming an unchanged basis again is a deliberate choice (``restamp``).

This is the read side only: writing the stamps is :mod:`townpowers.changes.stamping`, which
goes through the changeset like every other writer of the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Basis, lawtext
from ..model.catalog import Catalog


@dataclass(frozen=True, slots=True)
class Planned:
    """One basis a review confirms: why, and its wording then and now."""

    power: str
    index: int  # position in the power's bases
    basis: Basis
    label: str  # 《简称》第N条第M款
    reason: str  # 未审核 | 文本已变化 | 重新确认
    fingerprint: str
    old_text: str | None  # as last reviewed (None: never reviewed, or not in the catalog)
    new_text: str

    def changes(self) -> list[tuple[str, str]]:
        """The wording change since the last review (empty when unknown or unchanged)."""
        if self.old_text is None or self.old_text == self.new_text:
            return []
        return lawtext.changes(self.old_text, self.new_text)


def texts_reviewed(cat: Catalog, basis: Basis) -> Iterator[str]:
    """Every wording the basis could have been reviewed against: the quoted part of the article
    in the law's current text and in each earlier version the catalog keeps."""
    law = cat.instruments.get(basis.law)
    if law is None:
        return
    versions = [law.articles, *(v.articles for v in getattr(law, "earlier", ()))]
    for articles in versions:
        for article in articles:
            if article.number == basis.article:
                quoted = lawtext.cut(article.text, basis.paragraph, basis.item)
                if quoted is not None:
                    yield quoted


def old_text(cat: Catalog, basis: Basis) -> str | None:
    """The wording the basis was last reviewed against, if the catalog still holds it."""
    if basis.reviewed is None:
        return None
    return next(
        (
            t
            for t in texts_reviewed(cat, basis)
            if lawtext.fingerprint(t) == basis.reviewed.fingerprint
        ),
        None,
    )


def plan(
    cat: Catalog,
    *,
    powers: set[str] | None = None,
    laws: set[str] | None = None,
    restamp: bool = False,
) -> list[Planned]:
    """The bases a review confirms, in power and basis order.

    Without ``restamp`` only bases that need a review: never reviewed, or their text changed.
    """
    out = []
    for power in cat.powers.values():
        if powers is not None and power.id not in powers:
            continue
        for index, basis in enumerate(power.bases):
            if laws is not None and basis.law not in laws:
                continue
            now = cat.quote(basis)
            if now is None:
                continue
            fingerprint = lawtext.fingerprint(now)
            if basis.reviewed is None:
                reason = "未审核"
            elif basis.reviewed.fingerprint != fingerprint:
                reason = "文本已变化"
            elif restamp:
                reason = "重新确认"
            else:
                continue
            law = cat.instruments[basis.law]
            label = f"《{law.short_title}》" + lawtext.reference_label(
                basis.article, basis.paragraph, basis.item
            )
            out.append(
                Planned(
                    power.id,
                    index,
                    basis,
                    label,
                    reason,
                    fingerprint,
                    old_text(cat, basis),
                    now,
                )
            )
    return out
