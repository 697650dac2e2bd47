"""The loaded catalog: every object of the catalog folder, indexed, in one place.

The catalog folder (``catalog/``) is the data on disk; :class:`Catalog` is the same data in
memory, as built by :mod:`townpowers.yamlio.load`. A town's list of grants (一镇一单, one file
in ``catalog/town-lists/``) is a :class:`~townpowers.model.grants.TownListFile`; the catalog
holds them in ``town_lists``. Everything above the model (checks, views, site, exports) reads
the catalog through this class and never through files.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import lawtext
from .grants import Grant, TownListFile
from .laws import Article, InstrumentFile
from .ledger import LedgerFile
from .places import (
    CatalogFile,
    Department,
    DepartmentKind,
    District,
    DistrictDepartmentsFile,
    Town,
)
from .powers import Basis, PowerFile
from .profile import ProfileFile
from .topics import Topic


@dataclass(frozen=True, slots=True)
class Reasoned:
    """An article named in a power's reasoning, with what it resolves to (``None`` if not stored)."""

    ref: lawtext.TextReference
    law: InstrumentFile | None
    article: Article | None
    #: The field of ``delegation`` that names it: ``rationale`` or ``departure``.
    where: str = "rationale"


def id_key(value: str) -> str:
    """Identity used for uniqueness: ids differing only in case or -/_ would collide as
    need ids and file names on case-insensitive disks."""
    return value.lower().replace("_", "-")


def code_key(code: str) -> str:
    """Identity of an office's code: full-width forms and case do not matter (offices type
    ``３７０４８１－ZR`` and ``370481-zr`` for the same code)."""
    return unicodedata.normalize("NFKC", code).strip().casefold()


@dataclass
class Catalog:
    """A loaded catalog: the core objects, and the town lists when loaded whole."""

    root: Path
    meta: CatalogFile
    #: The jurisdiction profile (profile.yaml): vocabulary, hierarchy, modes, words.
    profile: ProfileFile
    districts: dict[str, District] = field(default_factory=dict)
    towns: dict[str, Town] = field(default_factory=dict)
    kinds: dict[str, DepartmentKind] = field(default_factory=dict)
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)
    department_files: list[DistrictDepartmentsFile] = field(default_factory=list)
    instruments: dict[str, InstrumentFile] = field(default_factory=dict)
    powers: dict[str, PowerFile] = field(default_factory=dict)
    town_lists: dict[str, TownListFile] = field(default_factory=dict)
    ledger: LedgerFile | None = None
    #: Life events (主题服务), in the order of topics.yaml.
    topics: dict[str, Topic] = field(default_factory=dict)
    #: Tables whose files failed to load (references into them are not reported).
    incomplete: set[str] = field(default_factory=set)

    def department(self, district: str, kind: str) -> Department | None:
        """The concrete department of ``kind`` in ``district``."""
        return self.departments.get((district, kind))

    def article(self, law: str, number: str, on: dt.date | None = None) -> Article | None:
        """An article of an instrument by its printed number: as the current text has it, or
        as the version in force ``on`` a day has it (see ``InstrumentFile.in_force_on``)."""
        instrument = self.instruments.get(law)
        if instrument is None:
            return None
        articles = instrument.articles if on is None else instrument.in_force_on(on)[1]
        return next((a for a in articles if a.number == number), None)

    def instrument_titled(self, title: str) -> InstrumentFile | None:
        """The instrument a title in running text names (full or short title, with or without
        the “中华人民共和国” prefix)."""
        wanted = title.strip().removeprefix("中华人民共和国")
        for law in self.instruments.values():
            if wanted in (law.title.removeprefix("中华人民共和国"), law.short_title):
                return law
        return None

    def reasoning(self, power: PowerFile) -> list[Reasoned]:
        """Every article the power's mode analysis names (rationale and departure), resolved.

        Reasoning is legal text too: an article it relies on must be stored like a basis, and it
        appears on that article's page among the powers the article supports.
        """
        delegation = power.delegation
        if delegation is None:
            return []
        out: list[Reasoned] = []
        for where, text in (
            ("rationale", delegation.rationale),
            ("departure", delegation.departure),
        ):
            for ref in lawtext.references(text or ""):
                law = self.instrument_titled(ref.title) if ref.title else None
                article = self.article(law.id, ref.article) if law is not None else None
                out.append(Reasoned(ref, law, article, where))
        return out

    def quote(self, basis: Basis, on: dt.date | None = None) -> str | None:
        """The verbatim text a basis cites (the article, 款 or 项), now or in the version in
        force ``on`` a day; ``None`` if it dangles."""
        article = self.article(basis.law, basis.article, on)
        if article is None:
            return None
        return lawtext.cut(article.text, basis.paragraph, basis.item)

    def office_code(self, power: PowerFile, district: str) -> str | None:
        """The code the district's 权责清单 gives a power, if recorded."""
        return next((c.code for c in power.external_codes if c.district == district), None)

    def grants(self) -> Iterable[tuple[Town, Grant]]:
        """Every (town, grant) pair of the loaded town lists, in town order."""
        for town_id, town in self.towns.items():
            entry = self.town_lists.get(town_id)
            if entry is not None:
                for grant in entry.grants:
                    yield town, grant

    def summary(self) -> str:
        """One line describing what a valid catalog holds."""
        grants = sum(len(c.grants) for c in self.town_lists.values())
        articles = sum(len(i.articles) for i in self.instruments.values())
        return (
            f"目录有效：{len(self.districts)} 个{self.profile.district_word}、{len(self.towns)} 个镇、"
            f"{len(self.kinds)} 类部门（{len(self.departments)} 个具体部门）、"
            f"{len(self.instruments)} 部法律文件（{articles} 条）、{len(self.powers)} 个权力事项、"
            f"{grants} 项赋权。"
        )
