"""The catalog's data model, declared once (see :mod:`townpowers.schema`)."""

from .common import (
    ID,
    BasisRole,
    Competence,
    DistrictKind,
    Domain,
    GrantStatus,
    InstrumentLevel,
    Measure,
    Mode,
    PowerLevel,
    PowerType,
    Provenance,
    ProvenanceStatus,
    Source,
    TimeUnit,
    TownCategory,
    Verification,
)
from .grants import Grant, Readiness, StatusEvent, TownCatalogFile
from .laws import ARTICLE_LABEL, Article, InstrumentFile, LawSource, Version
from .places import (
    CatalogFile,
    Deadlines,
    Department,
    DepartmentKind,
    DepartmentKindsFile,
    District,
    DistrictDepartmentsFile,
    DistrictsFile,
    Notice,
    Town,
    TownsFile,
)
from .powers import Basis, Delegation, Fee, Guide, Material, PowerFile, Review, Supervision, TimeLimit

__all__ = [
    "ARTICLE_LABEL", "ID", "Article", "Basis", "BasisRole", "CatalogFile", "Competence",
    "Deadlines", "Delegation", "Department", "DepartmentKind", "DepartmentKindsFile", "District",
    "DistrictDepartmentsFile", "DistrictKind", "DistrictsFile", "Domain", "Fee", "Grant",
    "GrantStatus", "Guide", "InstrumentFile", "InstrumentLevel", "LawSource", "Material",
    "Measure", "Mode", "Notice", "PowerFile", "PowerLevel", "PowerType", "Provenance",
    "ProvenanceStatus", "Readiness", "Review", "Source", "StatusEvent", "Supervision",
    "TimeLimit", "TimeUnit", "Town", "TownCatalogFile", "TownCategory", "TownsFile",
    "Verification", "Version",
]
