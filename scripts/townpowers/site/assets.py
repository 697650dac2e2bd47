"""Data the pages read in the browser: each town's facts, the town list, the search vocabulary.

A province has about 1,800 towns; a page per town *and* power (a guide for 木石镇's 宅基地审批)
would multiply the site by the number of towns. Instead each town gets one small data file
(``_static/town-view/<town>.js``) and every service guide one placeholder: the page is the same
for everyone, and a script fills in the reader's town (chosen once and remembered, or taken
from the town page the reader came from). The site therefore grows by one page and one data
file per town and one page per power, never by their product.

The files are JavaScript that hand their JSON to a callback (``TownView.receive(...)``) rather
than JSON fetched with ``fetch``: a script element also works when the site is opened from disk
(``file://``), where browsers refuse ``fetch``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..model import Town
from ..model.catalog import Catalog
from ..views.services import Services
from . import snippets
from .rendering import Page

#: Folder (under the generated pages) whose files Sphinx copies into the site's ``_static/``.
STATIC = "static"
TOWN_VIEW = "town-view"
VOCABULARY = "search-vocab.js"


def _script(call: str, data: Any) -> str:
    """``call(<data>);`` with the data as JSON, deterministic, safe inside a script file."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # JSON allows these two characters in strings, JavaScript before ES2019 did not
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{call}({text});\n"


def town_view_pages(cat: Catalog, services: Services, page_of: Callable[[Town], str]) -> list[Page]:
    """One data file per town and the list of towns (for the town picker).

    ``page_of`` gives a town page's address from the site's root: ``generated/towns/<id>.html``,
    or under its district's folder in a site built by district (see :mod:`.shards`).
    """
    pages = []
    towns = []
    for district in cat.districts.values():
        for town in services.views.towns_of(district):
            towns.append(
                {"id": town.id, "name": town.name, "district": district.name, "page": page_of(town)}
            )
    for town in cat.towns.values():
        facts = {**services.town_facts(town), "page": page_of(town)}
        pages.append(Page(f"{STATIC}/{TOWN_VIEW}/{town.id}.js", _script("TownView.receive", facts)))
    pages.append(Page(f"{STATIC}/{TOWN_VIEW}/index.js", _script("TownView.receiveIndex", towns)))
    return pages


def vocabulary_page(services: Services, docs_prefix: str) -> Page:
    """The everyday-word vocabulary of the search scorer (see docs/_static/zh-search.js)."""
    page_of: dict[str, str] = {}
    for power in services.cat.powers:
        page_of[f"power:{power}"] = f"{docs_prefix}/powers/{power}"
    for topic in services.cat.topics:
        page_of[f"topic:{topic}"] = f"{docs_prefix}/topics/{topic}"
    vocabulary = {
        word: [[page, weight] for page, weight in pages]
        for word, pages in services.vocabulary(page_of).items()
    }
    # the same file carries what a result says about its page and what an empty search offers
    return Page(
        f"{STATIC}/{VOCABULARY}",
        _script("window.TownpowersVocabulary = ", vocabulary)
        + _script("window.TownpowersSearch = ", snippets.search_data(services, docs_prefix)),
    )
