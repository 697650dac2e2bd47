"""Sharding the site by district: which pages each Sphinx project builds, and links across them.

A province has too many towns for one Sphinx build to stay quick, so the site can be built as
one *core* project (the home page, the notice, every power, law and department kind, the
indexes, tracing, progress) plus one project per district (its district page, towns, concrete
departments and usage evaluations). Each project is built on its own, in parallel or on separate
CI runners, and the outputs are assembled into one site: the core at the root, a district under
``d/<district>/``.

Links from a district to the core go through Sphinx's intersphinx inventory and sphinx-needs'
external needs of the core build; links from the core to a district page are written directly,
since every page's place is known from the catalog. Both are first written against a placeholder
base (:data:`SHARD_BASE`) and rewritten to relative URLs once the page's own place is known
(:func:`relative_uri`), so the assembled site works from any folder or web path.
"""

from __future__ import annotations

import posixpath

from ..model import ids
from ..model.catalog import Catalog
from . import names
from .rendering import md

SHARD_BASE = "https://shard.invalid/"
CORE = "core"
DISTRICT_ROOT = "d"


def site_prefix(shard: str) -> str:
    """Where a shard's output sits in the assembled site."""
    return "" if shard == CORE else f"{DISTRICT_ROOT}/{shard}/"


def relative_uri(uri: str, docname: str, shard: str) -> str:
    """Rewrite a placeholder URI to a path relative to the page ``docname`` of ``shard``."""
    rest = uri[len(SHARD_BASE) :]
    target_shard, _, path = rest.partition("/")
    path, hash_, fragment = path.partition("#")
    target = site_prefix(target_shard) + path
    here = posixpath.dirname(site_prefix(shard) + docname) or "."
    rel = posixpath.relpath(target, here)
    return rel + hash_ + fragment


class Plan:
    """What one shard builds, and how its pages link to the others' pages."""

    def __init__(self, cat: Catalog, shard: str) -> None:
        self.shard = shard
        self.town_district = {t.id: t.district for t in cat.towns.values()}
        # label -> (shard, page path under generated/) for every page a district owns
        self.owned: dict[str, tuple[str, str]] = {}
        for town in cat.towns.values():
            self.owned[names.town_label(town.id)] = (town.district, f"towns/{town.id}")
            self.owned[f"evaluation-{town.id}".lower()] = (
                town.district,
                f"progress/evaluation/{town.id}",
            )
        for district in cat.districts.values():
            self.owned[names.district_label(district.id)] = (
                district.id,
                f"districts/{district.id}",
            )
            self.owned[names.district_powers_label(district.id)] = (
                district.id,
                f"districts/{district.id}",
            )
        for district_id, kind_id in cat.departments:
            dept = ids.department_id(district_id, kind_id)
            self.owned[names.dept_label(district_id, kind_id)] = (
                district_id,
                f"departments/{dept}",
            )
        self.page_owner = {path: shard for shard, path in self.owned.values()}

    def shard_of_page(self, path: str) -> str:
        """The shard that builds a generated page (``path`` relative to ``generated/``)."""
        return self.page_owner.get(path.removesuffix(".md"), CORE)

    def includes(self, path: str) -> bool:
        """Whether this shard builds the generated page ``path``."""
        return self.shard_of_page(path) == self.shard

    def here(self, path: str) -> bool:
        """Template helper: whether a toctree entry (path under ``generated/``) is local."""
        return self.includes(path)

    def xref(self, text: object, target: str) -> str:
        """A link to a label wherever it lives (see :func:`townpowers.site.names.xref`).

        A label of this shard, or of the core seen from a district (resolved through the core's
        inventory), stays a ``#label`` link; a label on another district's page becomes a
        placeholder URL to that page, rewritten to a relative one after resolution.
        """
        owner, path = self.owned.get(target, (CORE, ""))
        if owner == self.shard or (owner == CORE and self.shard != CORE) or not path:
            return names.xref(text, target)
        return f"[{md(text)}]({SHARD_BASE}{owner}/generated/{path}.html#{target})"

    @staticmethod
    def core_uri_of(path: str) -> str:
        """A placeholder URL to a page of the core (``path`` like ``index.html``)."""
        return f"{SHARD_BASE}{CORE}/{path}"
