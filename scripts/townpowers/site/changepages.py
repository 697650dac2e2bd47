"""What the change page, the town and power sections and the feeds receive.

The entries are computed once per build (:mod:`townpowers.site.changelog`) and handed to the
templates through a few functions, so the town and power templates only include a section.
The town page also shows its list at each milestone, rebuilt by :mod:`townpowers.views.asof`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import GrantStatus
from ..model.catalog import Catalog
from ..views import asof
from ..views.recent import Entry, for_power, for_town
from . import assets, feeds
from .changelog import DEFAULT_COMMITS, site_entries
from .rendering import Page

#: The change page lists this many of the newest entries (it must not grow with the province).
PAGE_ENTRIES = 200
#: A power's page lists this many of its newest entries (a power may be held by many towns).
POWER_CHANGES_SHOWN = 30


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A grant on a town's list as it stood at a milestone."""

    power: str
    mode: str
    state: str


def state_words(grant: Any) -> str:
    """待实施 / 已实施（自 date） / 已收回（date）: a grant's state in plain words."""
    last = grant.history[-1]
    if last.status is GrantStatus.WITHDRAWN:
        return f"已收回（{last.date.isoformat()}）"
    if last.status is GrantStatus.IN_FORCE:
        since = grant.in_force_since or last.date
        return f"已实施（自 {since.isoformat()}）"
    if last.status is GrantStatus.DECIDED:
        return f"待实施（{last.date.isoformat()} 已确定）"
    return f"待实施（{last.date.isoformat()} 提出需求）"


class Changes:
    """The build's change entries and what templates ask of them."""

    def __init__(
        self,
        cat: Catalog,
        docs_prefix: str,
        cache: Path | None,
        sharded: bool = False,
        commits: int = DEFAULT_COMMITS,
    ) -> None:
        self.cat = cat
        self.entries: list[Entry] = site_entries(cat, commits, cache)
        self.from_git = any(e.source != "目录记录" for e in self.entries)
        self.prefix = docs_prefix.strip("/")
        self.sharded = sharded
        self._towns: dict[str, list[Entry]] = {}

    def for_town(self, town_id: str) -> list[Entry]:
        """The entries about one town, newest first."""
        if town_id not in self._towns:
            self._towns[town_id] = for_town(self.cat, self.entries, town_id)
        return self._towns[town_id]

    def for_power(self, power_id: str) -> list[Entry]:
        """The entries about one power, newest first."""
        return for_power(self.cat, self.entries, power_id)

    def milestone_lists(self, town_id: str) -> list[tuple[asof.Milestone, list[MilestoneRow]]]:
        """The town's list at each milestone the catalog names."""
        entry = self.cat.town_lists.get(town_id)
        out = []
        for m in asof.milestones(self.cat):
            rows = []
            if entry is not None:
                past = asof.list_as_of(entry, m.date)
                for g in sorted(past.grants, key=lambda g: g.power):
                    rows.append(MilestoneRow(g.power, g.current_mode.value, state_words(g)))
            out.append((m, rows))
        return out

    def _up(self, extra: int) -> str:
        """From a page ``extra`` folders below the generated pages up to the site root."""
        return "../" * (len(Path(self.prefix).parts) + extra)

    def feed_href(self, extra: int = 0) -> str:
        """The site feed, relative to a generated page ``extra`` folders deep."""
        return f"{self._up(extra)}_static/{feeds.FOLDER}/{feeds.SITE_FEED}"

    def town_feed_href(self, town_id: str) -> str:
        """A town's feed, relative to its page (``towns/<id>``); none in a site built by
        district (feeds are published with the city-wide part only)."""
        if self.sharded:
            return ""
        return f"{self._up(1)}_static/{feeds.FOLDER}/{feeds.town_feed(town_id)}"

    def globals(self) -> dict[str, Callable[..., Any] | int]:
        """Template helpers."""
        return {
            "changes_for_town": self.for_town,
            "changes_for_power": self.for_power,
            "lists_at_milestones": self.milestone_lists,
            "town_feed_href": self.town_feed_href,
            "POWER_CHANGES_SHOWN": POWER_CHANGES_SHOWN,
        }

    def page_context(self) -> dict[str, Any]:
        """What ``changes.md.j2`` receives."""
        return {
            "entries": self.entries[:PAGE_ENTRIES],
            "total": len(self.entries),
            "from_git": self.from_git,
            "feed_href": self.feed_href(),
        }

    def _page_of(self, entry: Entry, up: str) -> str | None:
        if entry.town is not None and entry.town in self.cat.towns:
            return f"{up}{self.prefix}/towns/{entry.town}.html"
        if entry.power is not None and entry.power in self.cat.powers:
            return f"{up}{self.prefix}/powers/{entry.power}.html"
        if entry.law is not None and entry.law in self.cat.instruments:
            return f"{up}{self.prefix}/laws/{entry.law}.html"
        return None

    def feeds(self) -> list[Page]:
        """The site feed and one feed per town (under ``_static/feeds/``)."""
        meta = self.cat.meta
        fallback = f"{meta.date.isoformat()}T00:00:00Z"
        out = []
        up = "../../"  # _static/feeds/ -> site root
        links = {e.ident: self._page_of(e, up) for e in self.entries}
        page = f"{up}{self.prefix}/changes.html"
        site = feeds.atom(
            "feed/site",
            f"{meta.title}：最近变化",
            meta.compiler,
            feeds.SITE_FEED,
            page,
            self.entries,
            fallback,
            {k: v for k, v in links.items() if v},
        )
        out.append(Page(f"{assets.STATIC}/{feeds.FOLDER}/{feeds.SITE_FEED}", site))
        up = "../../../"  # _static/feeds/towns/ -> site root
        for town in self.cat.towns.values():
            entries = self.for_town(town.id)
            own = {e.ident: self._page_of(e, up) for e in entries}
            text = feeds.atom(
                f"feed/town/{town.id}",
                f"{town.name}：赋权目录的变化",
                meta.compiler,
                f"{town.id}.xml",
                f"{up}{self.prefix}/towns/{town.id}.html",
                entries,
                fallback,
                {k: v for k, v in own.items() if v},
            )
            out.append(Page(f"{assets.STATIC}/{feeds.FOLDER}/{feeds.town_feed(town.id)}", text))
        return out
