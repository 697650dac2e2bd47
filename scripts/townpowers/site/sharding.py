"""Driving a sharded build (``make html SHARDS=district``): list, assemble, check the links.

The Makefile builds the core project, then every district project (``make -j`` runs them in
parallel; on CI each can be its own job, see docs/sharding.md), then calls this module to put the
outputs together and to prove that every link of the assembled site resolves: a link to a page
of another shard is only as good as the layout it assumed, so it is checked, not trusted.

    townpowers shards list CATALOG
    townpowers shards assemble WORK SITE SHARD...
    townpowers shards check-links SITE
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..checks import load_catalog
from .publish import publish
from .shards import CORE, site_prefix


def districts(catalog: Path) -> list[str]:
    """The district ids of a catalog (one shard each)."""
    cat, diagnostics = load_catalog(catalog)
    if cat is None:
        raise ValueError(diagnostics[0].format() if diagnostics else f"目录无效：{catalog}")
    return list(cat.districts)


def assemble(work: Path, site: Path, shards: list[str]) -> None:
    """Publish the core build with every district build under ``d/<district>/``.

    The assembled copy must pass :func:`check_links` before it replaces the published site.
    """
    parts = {site_prefix(s).rstrip("/"): work / s for s in shards if s != CORE}
    publish(work / CORE, site, parts, verify=check_links)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or (
                name == "src" and tag in ("img", "script")
            ):
                self.links.append(value)


_SKIP = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#$|$)", re.I)


def check_links(site: Path) -> list[str]:
    """Every local link of every HTML page that does not resolve: a missing file or anchor."""
    pages: dict[str, _Links] = {}
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.relative_to(site).parts:  # theme templates, not pages
            continue
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    broken = []
    for rel, parser in pages.items():
        for link in parser.links:
            if _SKIP.match(link):
                continue
            parts = urlsplit(link)
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
                if parts.path
                else rel
            )
            if target.startswith("../"):
                broken.append(f"{rel}: {link}（指向网站之外）")
                continue
            if parts.path and not (site / target).exists():
                broken.append(f"{rel}: {link}（文件不存在）")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{rel}: {link}（页面中没有锚点 {fragment}）")
    return broken
