"""The site's change entries: the catalog's dated records plus, in a git checkout, its commits.

A legal text amended in place, a new supervisor or a changed office code carries no date in the
catalog; the catalog's git history does. For each of the last commits that touched the catalog
folder, the catalog before and after is compared with the ``diff`` engine (which pairs objects
by identity, not by file), and the changes no dated record already tells are worded as
:class:`~townpowers.views.recent.Entry`, dated by the commit. Each comparison is cached under
``_build/townpowers-commits`` beside ``conf.py`` by the pair of commits (and the package
version), so any later build of the checkout compares only new commits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import __version__
from ..checks import load_catalog
from ..diff.compare import SourceError, compare, materialize
from ..diff.report import FIELD_NAMES
from ..model.catalog import Catalog
from ..util import git
from ..util.files import dumps, write_atomic
from ..views.recent import Entry, catalog_entries, order

#: Kinds a dated record already tells (the grant's own history is more exact than a commit).
DATED_KINDS = {"grant-added", "grant-mode-changed", "grant-status-changed"}
#: How many of the latest commits touching the catalog are read (0: none).
DEFAULT_COMMITS = 8
CACHE_VERSION = 1


def _words(kind: str, d: Mapping[str, Any]) -> str | None:
    """A diff change in plain words; ``None`` for what readers need not be told."""
    power = f"“{d.get('power_name') or d.get('name') or ''}”"
    law = f"《{d.get('short_title', '')}》"
    if kind == "article-text-changed":
        return f"{law}{d['article']}的文本已修改（在目录中原处修改），所依据的条文重新审核"
    if kind == "law-version-changed":
        return f"{law}所引版本改为{d['new_version']['label']}"
    if kind in ("article-added", "article-removed"):
        verb = "收录" if kind == "article-added" else "删去"
        return f"{law}{verb}{d['article']}"
    if kind in ("basis-added", "basis-removed"):
        verb = "增加" if kind == "basis-added" else "删去"
        return f"{power}的法律依据{verb}{d['label']}"
    if kind == "basis-role-changed":
        return f"{power}的法律依据{d['label']}由{d['old_role']}改为{d['new_role']}"
    if kind == "power-field-changed":
        was, now = d["old_label"] or "（无）", d["new_label"] or "（无）"
        return f"{power}的{FIELD_NAMES[d['field']]}由{was}改为{now}"
    if kind == "power-renamed":
        return f"事项“{d['old_name']}”改名为“{d['new_name']}”"
    if kind == "power-added":
        return f"新增事项{power}"
    if kind == "power-removed":
        return f"删去事项{power}"
    if kind == "power-supervision-changed":
        return f"{power}的监管已调整：{d['summary']}"
    if kind == "power-id-changed":
        return f"{power}的事项编码由{d['old_power']}改为{d['power']}"
    if kind == "topic-renamed":
        return f"主题服务“{d['old_title']}”改名为“{d['title']}”"
    if kind == "power-codes-changed":
        return f"{power}的部门事项编码已调整"
    if kind == "grant-withdrawn":
        if not d.get("removed"):
            return None  # the 已收回 event is a dated record
        return f"{d['town_name']}的目录中删去了“{d['power_name']}”"
    if kind == "grant-entrustment-changed":
        return f"{d['town_name']}实施“{d['power_name']}”的委托记录已更新"
    if kind in ("town-added", "town-removed"):
        verb = "新增" if kind == "town-added" else "删去"
        return f"{verb}{d['town_name']}（{d['district_name']}）"
    if kind in ("topic-added", "topic-removed"):
        verb = "新增" if kind == "topic-added" else "删去"
        return f"{verb}主题服务“{d['title']}”"
    if kind in ("topic-step-added", "topic-step-removed"):
        verb = "增加" if kind == "topic-step-added" else "删去"
        return f"主题服务“{d['title']}”{verb}一步：{d['action']}（“{d['power_name']}”）"
    return None  # departments' names, everyday words: on the diff report, not the change page


def _entry(kind: str, details: Mapping[str, Any], commit: str, when: str) -> Entry | None:
    text = _words(kind, details)
    if text is None or kind in DATED_KINDS:
        return None
    day = dt.date.fromisoformat(when[:10])
    town = details.get("town") if kind.startswith(("grant-", "town-")) else None
    power = details.get("power")
    law = details.get("law") if kind.startswith(("article-", "law-")) else None
    article = details.get("article") if kind.startswith("article-") else None
    source = f"提交 {commit[:12]}"
    return Entry(day, kind, text, town, power, law, article, None, source, when)


def _load(top: Path, rev: str, inside: str, loaded: dict[str, Catalog | None]) -> Catalog | None:
    if rev not in loaded:
        try:
            with materialize(f"{rev}:{inside}", top) as folder:
                loaded[rev] = load_catalog(folder)[0]
        except (SourceError, OSError, ValueError):
            loaded[rev] = None  # a commit whose catalog this version cannot read is skipped
    return loaded[rev]


def commit_entries(root: Path, limit: int, cache: Path | None = None) -> list[Entry]:
    """Entries from the last ``limit`` commits that changed the catalog folder ``root``."""
    top = git.toplevel(root) if limit > 0 else None
    if top is None:
        return []
    inside = root.resolve().relative_to(top.resolve()).as_posix() or "."
    log = git.run(top, "log", f"-n{limit}", "--first-parent", "--format=%H %P|%cI", "--", inside)
    loaded: dict[str, Catalog | None] = {}
    out: list[Entry] = []
    for line in (log or "").splitlines():
        hashes, _, when = line.partition("|")
        commit, *parents = hashes.split()
        if not parents:
            continue  # the first commit adds everything: nothing "changed"
        name = f"{parents[0]}-{commit}-{__version__}-{CACHE_VERSION}.json"
        key = cache / name if cache else None
        rows: list[dict[str, Any]] | None = None
        if key is not None and key.is_file():
            with contextlib.suppress(OSError, ValueError):  # a damaged cache is recomputed
                rows = json.loads(key.read_text(encoding="utf-8"))
        if rows is None:
            old, new = _load(top, parents[0], inside, loaded), _load(top, commit, inside, loaded)
            if old is None or new is None:
                continue
            rows = [{"kind": c.kind, **c.details} for c in compare(old, new)]
            if key is not None:
                # a read-only cache folder only costs the next build the comparison
                with contextlib.suppress(OSError):
                    write_atomic(key, dumps(rows, compact=True))
        for row in rows:
            entry = _entry(row["kind"], row, commit, when)
            if entry is not None:
                out.append(entry)
    return out


def site_entries(
    cat: Catalog, limit: int = DEFAULT_COMMITS, cache: Path | None = None
) -> list[Entry]:
    """Every entry the site shows, newest first."""
    return order([*catalog_entries(cat), *commit_entries(cat.root, limit, cache)])
