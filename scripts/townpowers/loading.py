"""Loading a catalog folder: find the files, build the model, resolve every reference.

The folder layout decides what each file is (see :data:`LAYOUT`), so a file never has to say
what kind it is. Loading never stops at the first problem: every file is read, every reference
resolved, and all diagnostics are returned together, sorted by location. A catalog with any
error is not returned at all, so nothing downstream can render half-valid data.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import lawtext
from .diagnostics import CatalogError, Diagnostic
from .model import (
    Article,
    Basis,
    CatalogFile,
    Department,
    DepartmentKind,
    DepartmentKindsFile,
    District,
    DistrictDepartmentsFile,
    DistrictsFile,
    InstrumentFile,
    PowerFile,
    Town,
    TownCatalogFile,
    TownsFile,
)
from .schema import Builder, Loc
from .yamlsafe import read_yaml

T = TypeVar("T")

#: Which model each catalog file follows: (relative path or folder/*, model class, schema name).
LAYOUT: tuple[tuple[str, type, str], ...] = (
    ("catalog.yaml", CatalogFile, "catalog"),
    ("districts.yaml", DistrictsFile, "districts"),
    ("towns.yaml", TownsFile, "towns"),
    ("departments/kinds.yaml", DepartmentKindsFile, "department-kinds"),
    ("departments/*", DistrictDepartmentsFile, "district-departments"),
    ("laws/*", InstrumentFile, "law"),
    ("powers/*", PowerFile, "power"),
    ("catalogs/*", TownCatalogFile, "town-catalog"),
)
IGNORED_DIRS = frozenset({"schema"})
#: The reference table each file kind fills; when one of its files fails to load, references
#: into that table are not reported (the file's own error is the root cause).
TABLE_OF: dict[type, str] = {
    DistrictsFile: "district",
    TownsFile: "town",
    DepartmentKindsFile: "kind",
    InstrumentFile: "instrument",
    PowerFile: "power",
}


def id_key(value: str) -> str:
    """Identity used for uniqueness: ids differing only in case or -/_ would collide as
    need ids and file names on case-insensitive disks."""
    return value.lower().replace("_", "-")


@dataclass
class Catalog:
    """A loaded, fully resolved catalog. Build it with :func:`load_catalog`."""

    root: Path
    meta: CatalogFile
    districts: dict[str, District] = field(default_factory=dict)
    towns: dict[str, Town] = field(default_factory=dict)
    kinds: dict[str, DepartmentKind] = field(default_factory=dict)
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)
    instruments: dict[str, InstrumentFile] = field(default_factory=dict)
    powers: dict[str, PowerFile] = field(default_factory=dict)
    catalogs: dict[str, TownCatalogFile] = field(default_factory=dict)

    def department(self, district: str, kind: str) -> Department | None:
        """The concrete department of ``kind`` in ``district``."""
        return self.departments.get((district, kind))

    def article(self, law: str, number: str) -> Article | None:
        """An article of an instrument by its printed number."""
        instrument = self.instruments.get(law)
        if instrument is None:
            return None
        return next((a for a in instrument.articles if a.number == number), None)

    def quote(self, basis: Basis) -> str:
        """The verbatim text a basis cites (the article, 款 or 项)."""
        article = self.article(basis.law, basis.article)
        if article is None:
            raise KeyError(f"{basis.law} {basis.article}")
        text = lawtext.cut(article.text, basis.paragraph, basis.item)
        if text is None:
            raise KeyError(f"{basis.law} {basis.article} {basis.paragraph} {basis.item}")
        return text

    def grants(self) -> Iterable[tuple[Town, Any]]:
        """Every (town, grant) pair in town order."""
        for town_id, town in self.towns.items():
            entry = self.catalogs.get(town_id)
            if entry is not None:
                for grant in entry.grants:
                    yield town, grant


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.files: dict[type, list[Any]] = {}
        self.incomplete: set[str] = set()

    def error(self, code: str, message: str, where: tuple[str, int, int], hint: str = "") -> None:
        path, line, column = where
        self.diagnostics.append(Diagnostic.make(code, message, path, line, column, hint))

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def read_all(self) -> None:
        root = self.root
        if not root.is_dir():
            what = "不是目录" if root.exists() else "不存在"
            self.error(
                "file-unreadable",
                f"目录文件夹{what}：{root}",
                (str(root), 0, 0),
                "用 townpowers 的 CATALOG 参数指定目录文件夹（默认 ./catalog）。",
            )
            return
        claimed: set[Path] = set()
        for pattern, cls, _schema in LAYOUT:
            if pattern.endswith("/*"):
                folder = root / pattern[:-2]
                paths = (
                    sorted(p for p in folder.glob("*.yaml") if p not in claimed)
                    if folder.is_dir()
                    else []
                )
            else:
                paths = [root / pattern]
                if not paths[0].is_file():
                    self.error(
                        "file-unreadable",
                        f"缺少目录文件 {pattern}",
                        (self.display(root / pattern), 0, 0),
                    )
                    if cls in TABLE_OF:
                        self.incomplete.add(TABLE_OF[cls])
                    continue
            for path in paths:
                claimed.add(path)
                self.read_one(path, cls)
        self.report_strays(claimed)

    def report_strays(self, claimed: set[Path]) -> None:
        try:
            found = [p for p in self.root.rglob("*") if p.is_file()]
        except OSError as exc:
            self.error("file-unreadable", f"无法列出目录：{exc.strerror}", (str(self.root), 0, 0))
            return
        for path in sorted(found):
            rel = path.relative_to(self.root)
            if rel.parts[0] in IGNORED_DIRS or path in claimed or rel.name.startswith("."):
                continue
            hint = (
                "目录文件的扩展名应为 .yaml。"
                if path.suffix in (".yml", ".YAML")
                else (
                    "目录文件只能放在 catalog.yaml、districts.yaml、towns.yaml、departments/、"
                    "laws/、powers/、catalogs/ 中。"
                )
            )
            self.error("file-unreadable", f"不认识的文件 {rel}", (self.display(path), 0, 0), hint)

    def read_one(self, path: Path, cls: type) -> None:
        shown = self.display(path)
        parsed, problems = read_yaml(path, shown)
        self.diagnostics.extend(problems)
        built: Any = None
        if parsed is not None:
            builder = Builder(shown)
            built = builder.build(cls, parsed.root, "文件内容")
            self.diagnostics.extend(builder.diagnostics)
        if built is None:
            if cls in TABLE_OF:
                self.incomplete.add(TABLE_OF[cls])
            return
        self.files.setdefault(cls, []).append(built)

    def assemble(self) -> Catalog | None:
        metas: list[CatalogFile] = self.files.get(CatalogFile, [])
        if not metas:
            return None
        cat = Catalog(self.root, metas[0])
        for f in self.files.get(DistrictsFile, []):
            self.index(cat.districts, f.districts, "区（市）")
        for f in self.files.get(TownsFile, []):
            self.index(cat.towns, f.towns, "镇")
        for f in self.files.get(DepartmentKindsFile, []):
            self.index(cat.kinds, f.kinds, "部门类别")
        self.index(cat.instruments, self.files.get(InstrumentFile, []), "法律文件", by_file=True)
        self.index(cat.powers, self.files.get(PowerFile, []), "权力事项", by_file=True)
        for f in self.files.get(DistrictDepartmentsFile, []):
            self.add_departments(cat, f)
        for f in self.files.get(TownCatalogFile, []):
            self.add_town_catalog(cat, f)
        return cat

    def index(
        self, into: dict[str, Any], items: Iterable[Any], what: str, by_file: bool = False
    ) -> None:
        seen = {id_key(k): v for k, v in into.items()}
        for item in items:
            first = seen.get(id_key(item.id))
            if first is not None:
                self.error(
                    "duplicate-id",
                    f"{what}标识“{item.id}”重复",
                    item.loc.at("id"),
                    f"已在 {first.loc.path}:{first.loc.line} 使用。",
                )
                continue
            if by_file and Path(item.loc.path).stem != item.id:
                self.error(
                    "inconsistent",
                    f"文件名与标识“{item.id}”不一致",
                    item.loc.at("id"),
                    f"把文件改名为 {item.id}.yaml，或修改标识。",
                )
            seen[id_key(item.id)] = item
            into[item.id] = item

    def add_departments(self, cat: Catalog, f: DistrictDepartmentsFile) -> None:
        for dept in f.departments:
            key = (f.district, dept.kind)
            if key in cat.departments:
                self.error(
                    "duplicate-id",
                    f"该区（市）已有“{dept.kind}”类部门",
                    dept.loc.at("kind"),
                    f"已在第 {cat.departments[key].loc.line} 行定义。",
                )
                continue
            cat.departments[key] = dept

    def add_town_catalog(self, cat: Catalog, f: TownCatalogFile) -> None:
        if f.town in cat.catalogs:
            self.error(
                "duplicate-id",
                f"镇“{f.town}”的赋权目录重复",
                f.loc.at("town"),
                f"已在 {cat.catalogs[f.town].loc.path} 中定义。",
            )
            return
        if Path(f.loc.path).stem != f.town:
            self.error(
                "inconsistent",
                f"文件名与镇标识“{f.town}”不一致",
                f.loc.at("town"),
                f"把文件改名为 {f.town}.yaml。",
            )
        cat.catalogs[f.town] = f


def _resolve(ld: _Loader, cat: Catalog) -> None:
    """Check every reference and the invariants that span files."""
    tables: dict[str, dict[str, Any]] = {
        "district": cat.districts,
        "town": cat.towns,
        "kind": cat.kinds,
        "instrument": cat.instruments,
        "power": cat.powers,
    }

    def need(
        table_name: str,
        value: str | None,
        what: str,
        where: tuple[str, int, int],
    ) -> bool:
        table = tables[table_name]
        if value is None or value in table:
            return True
        if table_name in ld.incomplete:
            return False  # the file that should define it failed; that error is reported
        close = [k for k in table if id_key(k) == id_key(value)]
        close = close or difflib.get_close_matches(value, list(table), n=1, cutoff=0.6)
        ld.error(
            "unknown-ref",
            f"引用了不存在的{what}“{value}”",
            where,
            f"是否想写“{close[0]}”？" if close else "",
        )
        return False

    for town in cat.towns.values():
        if need("district", town.district, "区（市）", town.loc.at("district")):
            code = cat.districts[town.district].code
            if not town.code.startswith(code):
                ld.error(
                    "inconsistent",
                    f"统计代码 {town.code} 与所属区（市）代码 {code} 不符",
                    town.loc.at("code"),
                )
    for f in ld.files.get(DistrictDepartmentsFile, []):
        need("district", f.district, "区（市）", f.loc.at("district"))
        if Path(f.loc.path).stem != f.district:
            ld.error(
                "inconsistent",
                f"文件名与区（市）标识“{f.district}”不一致",
                f.loc.at("district"),
                f"把文件改名为 {f.district}.yaml。",
            )
        for dept in f.departments:
            need("kind", dept.kind, "部门类别", dept.loc.at("kind"))
    for instrument in cat.instruments.values():
        _check_articles(ld, instrument)
    for power in cat.powers.values():
        for name in ("owner", "approver"):
            need("kind", getattr(power, name), "部门类别", power.loc.at(name))
        for i, body in enumerate(power.supervision.bodies):
            need("kind", body, "部门类别", power.supervision.loc.at(f"bodies[{i}]"))
        if power.delegation.recommended not in power.delegation.modes:
            ld.error(
                "inconsistent",
                "建议方式不在依法可采用的方式之中",
                power.delegation.loc.at("recommended"),
            )
        cited: set[tuple[str, str, int | None, int | None]] = set()
        for basis in power.bases:
            _check_basis(ld, cat, basis, need)
            key = (basis.law, basis.article, basis.paragraph, basis.item)
            if key in cited:
                ld.error(
                    "duplicate-id",
                    "同一条文（款、项）在本事项中重复引用",
                    basis.loc.at("article"),
                    "一条依据只写一次；它的作用用 role 表示。",
                )
            cited.add(key)
    for entry in cat.catalogs.values():
        need("town", entry.town, "镇", entry.loc.at("town"))
        seen: dict[str, Any] = {}
        for grant in entry.grants:
            need("power", grant.power, "权力事项", grant.loc.at("power"))
            if grant.power in seen:
                ld.error(
                    "duplicate-id",
                    f"事项“{grant.power}”在本镇目录中重复",
                    grant.loc.at("power"),
                    f"已在第 {seen[grant.power].loc.line} 行列出。",
                )
            seen[grant.power] = grant
            for prev, event in zip(grant.history, grant.history[1:], strict=False):
                if event.date < prev.date:
                    ld.error(
                        "inconsistent",
                        "状态记录的日期早于前一条，记录应按时间先后排列",
                        event.loc.at("date"),
                    )


def _check_articles(ld: _Loader, instrument: InstrumentFile) -> None:
    numbers: dict[str, Article] = {}
    for article in instrument.articles:
        if article.number in numbers:
            ld.error("duplicate-id", f"条号“{article.number}”重复", article.loc.at("number"))
        numbers[article.number] = article
        if lawtext.article_number(article.number) is None and article.key is None:
            ld.error(
                "missing-field",
                f"条号“{article.number}”不是“第N条”形式，须填写 key",
                article.loc.at("number"),
            )


def _check_basis(ld: _Loader, cat: Catalog, basis: Basis, need: Any) -> None:
    if not need("instrument", basis.law, "法律文件", basis.loc.at("law")):
        return
    article = cat.article(basis.law, basis.article)
    if article is None:
        numbers = [a.number for a in cat.instruments[basis.law].articles]
        ld.error(
            "unknown-ref",
            f"《{cat.instruments[basis.law].short_title}》中没有录入“{basis.article}”",
            basis.loc.at("article"),
            "已录入的条文：" + "、".join(numbers),
        )
        return
    count = len(lawtext.paragraphs(article.text))
    if basis.paragraph is not None and basis.paragraph > count:
        ld.error(
            "unknown-ref",
            f"{basis.article}只有 {count} 款，没有第 {basis.paragraph} 款",
            basis.loc.at("paragraph"),
        )
    elif lawtext.cut(article.text, basis.paragraph, basis.item) is None:
        ld.error("unknown-ref", f"{basis.article}中没有第 {basis.item} 项", basis.loc.at("item"))


def load_catalog(root: Path) -> tuple[Catalog | None, list[Diagnostic]]:
    """Load and resolve the catalog at ``root``; the catalog is ``None`` if anything is wrong."""
    ld = _Loader(root)
    ld.read_all()
    cat = ld.assemble()
    if cat is not None:
        _resolve(ld, cat)
    diagnostics = sorted(ld.diagnostics, key=Diagnostic.sort_key)
    if diagnostics or cat is None:
        return None, diagnostics
    return cat, []


def require_catalog(root: Path) -> Catalog:
    """Load the catalog or raise :class:`CatalogError` with every diagnostic."""
    cat, diagnostics = load_catalog(root)
    if cat is None:
        raise CatalogError(diagnostics)
    return cat


__all__ = ["LAYOUT", "Catalog", "Loc", "id_key", "load_catalog", "require_catalog"]
