"""Which catalog a page or an export shows: its version and, in a git checkout, the commit.

A reader of a published page or a forwarded workbook needs to know which version of the
catalog it was produced from before trusting it; with the commit and whether the work tree was
clean, anyone holding the repository can rebuild the same bytes and compare digests (see
``SHA256SUMS``). A dirty tree is stated, not hidden: such a build cannot be reproduced from
the commit alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.catalog import Catalog
from ..util import git


@dataclass(frozen=True, slots=True)
class VersionStamp:
    """The catalog version a product was made from."""

    version: str
    date: dt.date
    commit: str | None = None
    clean: bool | None = None
    #: Set when the product shows the catalog as it stood on a date (``--as-of``).
    as_of: dt.date | None = None

    def words(self) -> str:
        """One Chinese line for a page footer or a workbook's properties."""
        parts = [f"目录版本 {self.version}（{self.date.isoformat()}）"]
        if self.as_of is not None:
            parts.append(f"截至 {self.as_of.isoformat()} 的状况")
        if self.commit is None:
            parts.append("不是在版本库中生成的，没有提交可查")
        else:
            state = "工作区与该提交一致" if self.clean else "工作区有未提交的修改"
            parts.append(f"提交 {self.commit[:12]}（{state}）")
        return "，".join(parts)

    def record(self) -> dict[str, Any]:
        """The stamp as JSON values (exports and the site's API)."""
        return {
            "version": self.version,
            "date": self.date.isoformat(),
            "commit": self.commit,
            "clean": self.clean,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
        }


def version_stamp(cat: Catalog, as_of: dt.date | None = None) -> VersionStamp:
    """The stamp of ``cat`` as loaded from its folder (git is asked about that folder)."""
    return folder_stamp(cat.root, cat.meta.version, cat.meta.date, as_of)


def folder_stamp(
    root: Path, version: str, date: dt.date, as_of: dt.date | None = None
) -> VersionStamp:
    """The stamp of the catalog folder ``root`` whose ``catalog.yaml`` says ``version``."""
    return VersionStamp(version, date, git.head(root), git.clean(root), as_of)


def read_stamp(root: Path) -> VersionStamp | None:
    """The stamp of a catalog folder before it is loaded (Sphinx needs it at configuration
    time, to write it into every page's footer); ``None`` when catalog.yaml cannot be read
    (the catalog check reports why)."""
    try:
        data = yaml.safe_load((root / "catalog.yaml").read_text(encoding="utf-8"))
        version, date = str(data["version"]), data["date"]
    except (OSError, yaml.YAMLError, TypeError, KeyError, UnicodeDecodeError):
        return None
    if not isinstance(date, dt.date):
        return None
    return folder_stamp(root, version, date)
