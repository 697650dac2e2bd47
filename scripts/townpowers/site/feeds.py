"""Atom 1.0 feeds (RFC 4287) of the change entries: one for the site, one per town.

A feed lets a town's staff or residents subscribe instead of re-reading the list. Everything in
a feed is derived from the entries, never from the build time (``updated`` is the newest
entry's), so a feed is byte-identical across builds of one commit. Ids are ``tag:`` URIs
(RFC 4151) because the site's own address is not known when it is built; links are relative to
the feed file, which Atom resolves against the feed's own location.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..views.recent import Entry

#: Where feeds are published (under the site's ``_static/``).
FOLDER = "feeds"
SITE_FEED = "changes.xml"
#: At most this many entries a feed carries (the newest).
FEED_ENTRIES = 50
TAG = "tag:townpowers.invalid,2021:"
NS = "http://www.w3.org/2005/Atom"


def town_feed(town_id: str) -> str:
    """The file name of a town's feed, relative to the feeds folder."""
    return f"towns/{town_id}.xml"


def atom(
    feed_id: str,
    title: str,
    author: str,
    self_href: str,
    page_href: str,
    entries: Sequence[Entry],
    fallback_updated: str,
    link_of: dict[str, str],
) -> str:
    """The feed document. ``link_of`` maps an entry's ident to its page (relative href)."""
    shown = list(entries)[:FEED_ENTRIES]
    updated = max((e.stamp for e in shown), default=fallback_updated)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{NS}" xml:lang="zh-CN">',
        f"  <id>{escape(TAG + feed_id)}</id>",
        f"  <title>{escape(title)}</title>",
        f"  <updated>{escape(updated)}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_href)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page_href)}/>',
        "  <generator>townpowers</generator>",
    ]
    for e in shown:
        summary = e.text + (f"（{e.document}）" if e.document else "") + f"。来源：{e.source}"
        lines += [
            "  <entry>",
            f"    <id>{escape(TAG + 'change/' + e.ident)}</id>",
            f"    <title>{escape(e.text)}</title>",
            f"    <updated>{escape(e.stamp)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link_of.get(e.ident, page_href))}/>',
            f'    <summary type="text">{escape(summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def alternate_links(pagename: str, prefix: str, towns: Mapping[str, str], pathto: Any) -> str:
    """``<link rel="alternate">`` to the site's feed on every page, and to the town's feed on
    a town's page (``towns``: id -> name), so feed readers find them from any page.
    ``pathto`` is Sphinx's page-context helper (relative paths from this page)."""
    if not callable(pathto):
        return ""
    found = [("最近变化", f"_static/{FOLDER}/{SITE_FEED}")]
    town = pagename.removeprefix(f"{prefix}/towns/")
    if town != pagename and town in towns:
        found.append((f"{towns[town]}的变化", f"_static/{FOLDER}/{town_feed(town)}"))
    return "".join(
        f'\n<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}"'
        f' href="{html.escape(str(pathto(target, 1)))}" />'
        for title, target in found
    )
