"""The wording a basis was reviewed against, read back from git when the catalog lost it.

When a law article is amended in place (its text edited without keeping the earlier version
in ``earlier``), the catalog no longer holds the text the reviewer confirmed, but a catalog kept
in git does: the law file's history holds every wording it ever had. The review stamp records a
fingerprint of the reviewed text, so the history is searched (newest commit on or before the
review date first, then the rest) for the wording with that fingerprint; only an exact match is
used, so what is shown as "审核时的文本" is what was reviewed.

Kept apart from the review machinery (one function, :func:`with_git_texts`, called where the
review queue and ``review --dry-run`` plan) so it can follow that code wherever it moves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import lawtext
from ..model.catalog import Catalog
from ..util import git
from .reviewqueue import Planned

#: How many commits of a law file's history are searched at most.
HISTORY_LIMIT = 200


@lru_cache(maxsize=512)
def _articles_at(top: str, rev: str, rel: str) -> dict[str, str]:
    """Article number -> text of the law file ``rel`` at ``rev`` (empty when unreadable)."""
    text = git.show(Path(top), rev, rel)
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return {}
    out: dict[str, str] = {}
    if isinstance(data, dict):
        for article in data.get("articles") or []:
            if isinstance(article, dict) and isinstance(article.get("text"), str):
                out[str(article.get("number"))] = article["text"]
    return out


def _history(top: Path, rel: str, reviewed: dt.date) -> list[str]:
    """Commits that touched ``rel``: the newest on or before ``reviewed`` first."""
    log = git.run(top, "log", f"-n{HISTORY_LIMIT}", "--format=%H %cs", "--", rel) or ""
    rows = [line.split() for line in log.splitlines() if line.strip()]
    before = [h for h, day in rows if day <= reviewed.isoformat()]
    after = [h for h, day in rows if day > reviewed.isoformat()]
    return before + list(reversed(after))


def git_text(cat: Catalog, item: Planned) -> tuple[str, str] | None:
    """``(text, commit)``: the reviewed wording of ``item``'s basis found in git, or ``None``."""
    basis = item.basis
    law = cat.instruments.get(basis.law)
    if basis.reviewed is None or law is None or not law.loc.path:
        return None
    shown = Path(law.loc.path)  # named relative to the catalog folder's parent
    path = (shown if shown.is_absolute() else cat.root.parent / shown).resolve()
    top = git.toplevel(path.parent)
    if top is None:
        return None
    rel = path.relative_to(top.resolve()).as_posix()
    for rev in _history(top, rel, basis.reviewed.date):
        article = _articles_at(str(top), rev, rel).get(basis.article)
        quoted = lawtext.cut(article, basis.paragraph, basis.item) if article else None
        if quoted is not None and lawtext.fingerprint(quoted) == basis.reviewed.fingerprint:
            return quoted, rev
    return None


def with_git_texts(cat: Catalog, planned: list[Planned]) -> list[Planned]:
    """``planned`` with the reviewed wording filled in from git where the catalog lost it."""
    out = []
    for item in planned:
        if item.old_text is None and item.reason == "文本已变化":
            found = git_text(cat, item)
            if found is not None:
                item = dataclasses.replace(item, old_text=found[0])
        out.append(item)
    return out
