"""A town's 一镇一单 as offices publish it: one row per grant, names resolved for the district.

The spreadsheet (``一镇一单.xlsx`` and its CSV files) and the formal Word attachment are written
from these rows, so the two cannot disagree: the same order (the town list's), the concrete
department names of the town's district, the same legal-basis wording (《简称》第N条第M款), and
the office's own code of the item where the district's 权责清单 gives one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Grant, GrantStatus, Mode, PowerFile, Town, lawtext
from ..model.catalog import Catalog

#: Statuses a published list shows: decided by the district government (a request is not yet
#: a grant, a withdrawn grant is no longer one).
PUBLISHED = frozenset({GrantStatus.DECIDED, GrantStatus.IN_FORCE})


@dataclass(frozen=True, slots=True)
class TownRow:
    """One grant of a town's list, with everything the published forms show."""

    number: int
    grant: Grant
    power: PowerFile
    office_code: str | None  # the district's 权责清单 code of the item
    owner: str | None  # the concrete department names in the town's district
    approver: str  # who decides, as the mode makes it (never left blank; see decided_by)
    bases: str
    supervisors: str
    measures: str

    @property
    def published(self) -> bool:
        """Whether a formal list (the attachment of the district's decision) shows it."""
        return self.grant.status in PUBLISHED


def department(cat: Catalog, town: Town, kind: str | None) -> str | None:
    """The concrete department of a kind in the town's district (its generic name if none)."""
    if kind is None:
        return None
    dept = cat.department(town.district, kind)
    if dept is not None:
        return dept.name
    return cat.kinds[kind].generic if kind in cat.kinds else kind


def decided_by(cat: Catalog, town: Town, grant: Grant, power: PowerFile) -> str:
    """Who decides a grant's cases, as its current mode makes it: the town for a statutory power
    (法定本级) and, in the department's name, for an entrusted one (直接下放); otherwise the
    district department that approves (the 行政审批服务局 where approval moved there)."""
    mode = grant.current_mode
    if mode is Mode.STATUTORY:
        return f"{town.name}人民政府（法定职权）"
    deciding = department(cat, town, power.approver or power.owner) or "区（市）主管部门"
    if mode is Mode.DIRECT:
        return f"{town.name}人民政府（受{deciding}委托，以其名义）"
    return deciding


def bases_text(cat: Catalog, power: PowerFile, sep: str = "；") -> str:
    """The legal bases as offices cite them: 《简称》第N条第M款."""
    return sep.join(
        f"《{cat.instruments[b.law].short_title}》"
        f"{lawtext.reference_label(b.article, b.paragraph, b.item)}"
        for b in power.bases
        if b.law in cat.instruments
    )


def town_rows(cat: Catalog, town: Town) -> list[TownRow]:
    """The town's grants in its list's order, numbered from 1."""
    entry = cat.town_lists.get(town.id)
    rows = []
    for n, grant in enumerate(entry.grants if entry else (), start=1):
        power = cat.powers[grant.power]
        supervisors = (department(cat, town, k) for k in power.supervision.bodies)
        rows.append(
            TownRow(
                number=n,
                grant=grant,
                power=power,
                office_code=cat.office_code(power, town.district),
                # a statutory town power (乡镇级) is the town government's own: no district owner
                owner=department(cat, town, power.owner) or f"{town.name}人民政府",
                approver=decided_by(cat, town, grant, power),
                bases=bases_text(cat, power),
                supervisors="、".join(filter(None, supervisors)),
                measures="、".join(m.value for m in power.supervision.measures),
            )
        )
    return rows
