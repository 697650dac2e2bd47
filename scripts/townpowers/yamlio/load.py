"""Loading a catalog folder: find the files, build the model, check what each file alone can.

The folder layout decides what each file is (see :data:`LAYOUT`), so a file never has to say
what kind it is. Loading checks syntax, structure, identities and what is local to one file;
everything that relates objects across files (references, orphans, the law) is a rule of the one
rule engine in :mod:`townpowers.checks`.

The catalog splits in two: the *core* (districts, towns, departments, laws, powers: small,
shared by everything) and the *town lists* (一镇一单: one file per town, where a province's
bulk lies). The core is loaded once; town lists can also be streamed one file at a time,
which is how a province-sized catalog is checked in bounded memory and in parallel.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..model import (
    Article,
    CatalogFile,
    DepartmentKindsFile,
    DistrictDepartmentsFile,
    DistrictsFile,
    Grant,
    InstrumentFile,
    LedgerFile,
    PowerFile,
    Topic,
    TopicsFile,
    TownListFile,
    TownsFile,
    lawtext,
)
from ..model.catalog import Catalog, code_key, id_key
from ..model.profile import ProfileFile
from .build import Builder
from .profile import check_profile
from .read import read_yaml

#: Which model each catalog file follows: (relative path or folder/*, model class, schema name).
LAYOUT: tuple[tuple[str, type, str], ...] = (
    ("catalog.yaml", CatalogFile, "catalog"),
    ("profile.yaml", ProfileFile, "profile"),
    ("districts.yaml", DistrictsFile, "districts"),
    ("towns.yaml", TownsFile, "towns"),
    ("departments/kinds.yaml", DepartmentKindsFile, "department-kinds"),
    ("departments/*", DistrictDepartmentsFile, "district-departments"),
    ("laws/*", InstrumentFile, "law"),
    ("powers/*", PowerFile, "power"),
    ("town-lists/*", TownListFile, "town-list"),
    ("ledger.yaml", LedgerFile, "ledger"),
    ("topics.yaml", TopicsFile, "topics"),
)
#: Files of the layout a catalog may leave out (without topics, the rule power-no-topic says
#: which powers citizens apply for that no topic leads to).
OPTIONAL = frozenset({"ledger.yaml", "topics.yaml"})
TOWN_LISTS = "town-lists"
IGNORED_DIRS = frozenset({"schema", "sources"})
#: The reference table each file kind fills; when one of its files fails to load, references
#: into that table are not reported (the file's own error is the root cause).
TABLE_OF: dict[type, str] = {
    DistrictsFile: "district",
    TownsFile: "town",
    DepartmentKindsFile: "kind",
    DistrictDepartmentsFile: "department",
    InstrumentFile: "instrument",
    PowerFile: "power",
    TopicsFile: "topic",
}


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects.

    The model has no reference cycles; with the collector running, every few thousand
    allocations it rescans the growing heap, which made loading a province-sized catalog
    twice as slow.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def display_path(root: Path, path: Path) -> str:
    """How a file is named in messages: relative to the catalog folder's parent."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_model(
    path: Path,
    cls: type,
    shown: str,
    vocabularies: Mapping[str, Sequence[str]] | None = None,
) -> tuple[Any, list[Diagnostic]]:
    """Read one file into its model object (``None`` when unusable) and its diagnostics
    (``vocabularies``: the profile's value lists, see :class:`~.build.Builder`)."""
    parsed, problems = read_yaml(path, shown)
    if parsed is None:
        return None, problems
    builder = Builder(shown, aliases=parsed.anchored, vocabularies=vocabularies)
    built = builder.build(cls, parsed.root, "文件内容")
    return built, problems + builder.diagnostics


def read_town_list(
    path: Path, shown: str, towns: Mapping[str, Any] | None = None
) -> tuple[TownListFile | None, list[Diagnostic]]:
    """Read one 一镇一单 file and check what it alone can tell (the streaming unit).

    ``towns`` (the catalog's towns, when known) decides which of file name and ``town:`` is the
    typo: telling the clerk to rename ``mushi.yaml`` after a mistyped ``town: mushii`` would
    spread the typo, so the hint names the town that exists.
    """
    entry, diagnostics = read_model(path, TownListFile, shown)
    if entry is None:
        return None, diagnostics
    out: list[Diagnostic] = []

    def error(code: str, message: str, where: tuple[str, int, int], hint: str = "") -> None:
        out.append(Diagnostic.make(code, message, *where, hint=hint))

    if path.stem != entry.town:
        error(
            "inconsistent",
            f"文件名与镇标识“{entry.town}”不一致",
            entry.loc.at("town"),
            _town_name_hint(path.stem, entry.town, towns),
        )
    seen: dict[str, Grant] = {}
    for grant in entry.grants:
        first = seen.get(id_key(grant.power))
        if first is not None:
            error(
                "duplicate-id",
                f"事项“{grant.power}”在本镇目录中重复",
                grant.loc.at("power"),
                f"已在第 {first.loc.line} 行列出。",
            )
        seen[id_key(grant.power)] = grant
        for evaluation in grant.evaluations:
            if evaluation.end < evaluation.start:
                error("inconsistent", "评估期的结束日期早于开始日期", evaluation.loc.at("end"))
        for prev, event in zip(grant.history, grant.history[1:], strict=False):
            if event.date < prev.date:
                error(
                    "inconsistent",
                    "状态记录的日期早于前一条，记录应按时间先后排列",
                    event.loc.at("date"),
                )
    return (None if out else entry), diagnostics + out


def _town_name_hint(stem: str, town: str, towns: Mapping[str, Any] | None) -> str:
    """What to change when a town list's file name and ``town:`` disagree: the one that is
    not a town of towns.yaml (see :func:`read_town_list`)."""
    if towns is None or town in towns:
        return f"把文件改名为 {town}.yaml。"

    def shown(key: str) -> str:
        name = getattr(towns[key], "name", None)
        return f"“{key}”（{name}）" if name else f"“{key}”"

    if stem in towns:
        return f"towns.yaml 中没有镇“{town}”；文件名对应镇{shown(stem)}：把 town 改为 {stem}。"
    close = difflib.get_close_matches(town, list(towns), n=1, cutoff=0.6)
    if close:
        return (
            f"towns.yaml 中没有镇“{town}”，是否想写{shown(close[0])}？"
            f"把 town 改为 {close[0]}，文件改名为 {close[0]}.yaml。"
        )
    return f"towns.yaml 中没有镇“{town}”：town 应为 towns.yaml 中某个镇的标识，文件名与之相同。"


class _CoreLoader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.files: dict[type, list[Any]] = {}
        self.incomplete: set[str] = set()
        self.town_list_paths: list[Path] = []

    def error(self, code: str, message: str, where: tuple[str, int, int], hint: str = "") -> None:
        self.diagnostics.append(Diagnostic.make(code, message, *where, hint=hint))

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
                if not paths[0].is_file() and pattern in OPTIONAL:
                    continue
                if not paths[0].is_file():
                    self.error(
                        "file-unreadable",
                        f"缺少目录文件 {pattern}",
                        (display_path(root, paths[0]), 0, 0),
                    )
                    self.incomplete.add(TABLE_OF.get(cls, ""))
                    continue
            claimed.update(paths)
            if cls is TownListFile:
                self.town_list_paths = paths
                continue
            profiles = self.files.get(ProfileFile, [])
            vocabularies = profiles[0].vocabularies() if profiles else None
            for path in paths:
                built, problems = read_model(path, cls, display_path(root, path), vocabularies)
                self.diagnostics.extend(problems)
                if built is None:
                    self.incomplete.add(TABLE_OF.get(cls, ""))
                else:
                    self.files.setdefault(cls, []).append(built)
        self.report_strays(claimed)

    def report_strays(self, claimed: set[Path]) -> None:
        try:
            found = sorted(p for p in self.root.rglob("*") if p.is_file())
        except OSError as exc:
            self.error("file-unreadable", f"无法列出目录：{exc.strerror}", (str(self.root), 0, 0))
            return
        for path in found:
            rel = path.relative_to(self.root)
            if rel.parts[0] in IGNORED_DIRS or path in claimed or rel.name.startswith("."):
                continue
            hint = (
                "目录文件的扩展名应为 .yaml。"
                if path.suffix in (".yml", ".YAML")
                else (
                    "目录文件只能放在 catalog.yaml、profile.yaml、districts.yaml、towns.yaml、departments/、"
                    "laws/、powers/、town-lists/、ledger.yaml、topics.yaml 中。"
                )
            )
            self.error(
                "file-unreadable",
                f"不认识的文件 {rel}",
                (display_path(self.root, path), 0, 0),
                hint,
            )

    def assemble(self) -> Catalog | None:
        metas: list[CatalogFile] = self.files.get(CatalogFile, [])
        profiles: list[ProfileFile] = self.files.get(ProfileFile, [])
        if not metas or not profiles:
            return None
        profile = profiles[0]
        cat = Catalog(self.root, metas[0], profile, incomplete=self.incomplete - {""})
        for f in self.files.get(DistrictsFile, []):
            self.index(cat.districts, f.districts, profile.district_word)
        for f in self.files.get(TownsFile, []):
            self.index(cat.towns, f.towns, "镇")
        for f in self.files.get(DepartmentKindsFile, []):
            self.index(cat.kinds, f.kinds, "部门类别")
        self.index(cat.instruments, self.files.get(InstrumentFile, []), "法律文件", by_file=True)
        self.index(cat.powers, self.files.get(PowerFile, []), "权力事项", by_file=True)
        for f in self.files.get(DistrictDepartmentsFile, []):
            self.add_departments(cat, f)
        ledgers: list[LedgerFile] = self.files.get(LedgerFile, [])
        cat.ledger = ledgers[0] if ledgers else None
        for f in self.files.get(TopicsFile, []):
            self.index(cat.topics, f.topics, "主题")
        for topic in cat.topics.values():
            self.check_topic(topic)
        for instrument in cat.instruments.values():
            self.check_articles(instrument)
        self.diagnostics.extend(check_profile(cat))
        codes: dict[tuple[str, str, str], PowerFile] = {}
        for power in cat.powers.values():
            self.check_power(power)
            self.check_codes(power, codes, profile.district_word)
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
        tier = cat.profile.district_word
        cat.department_files.append(f)
        if Path(f.loc.path).stem != f.district:
            self.error(
                "inconsistent",
                f"文件名与{tier}标识“{f.district}”不一致",
                f.loc.at("district"),
                f"把文件改名为 {f.district}.yaml。",
            )
        for dept in f.departments:
            key = (f.district, dept.kind)
            if key in cat.departments:
                self.error(
                    "duplicate-id",
                    f"该{tier}已有“{dept.kind}”类部门",
                    dept.loc.at("kind"),
                    f"已在第 {cat.departments[key].loc.line} 行定义。",
                )
                continue
            cat.departments[key] = dept

    def check_articles(self, instrument: InstrumentFile) -> None:
        self.check_version_articles(instrument.articles)
        previous = None
        for earlier in instrument.earlier:
            self.check_version_articles(earlier.articles)
            if previous is not None and earlier.version.date <= previous:
                self.error(
                    "inconsistent",
                    "早先版本应按时间先后排列",
                    earlier.version.loc.at("date"),
                )
            previous = earlier.version.date
        if previous is not None and instrument.version.date <= previous:
            self.error(
                "inconsistent",
                f"当前版本（{instrument.version.date}）不晚于 earlier 中最后一个版本（{previous}）",
                instrument.version.loc.at("date"),
                "法律修改后，顶层的 version 和 articles 写新版本，原版本移到 earlier 的末尾。",
            )

    def check_version_articles(self, articles: tuple[Article, ...]) -> None:
        numbers: set[str] = set()
        for article in articles:
            if article.number in numbers:
                self.error("duplicate-id", f"条号“{article.number}”重复", article.loc.at("number"))
            numbers.add(article.number)
            if lawtext.article_number(article.number) is None and article.key is None:
                self.error(
                    "missing-field",
                    f"条号“{article.number}”不是“第N条”形式，须填写 key",
                    article.loc.at("number"),
                )

    def check_power(self, power: PowerFile) -> None:
        if power.delegation is not None and (
            power.delegation.recommended not in power.delegation.modes
        ):
            self.error(
                "inconsistent",
                "建议方式不在依法可采用的方式之中",
                power.delegation.loc.at("recommended"),
            )
        cited: set[tuple[str, str, int | None, int | None]] = set()
        for basis in power.bases:
            key = (basis.law, basis.article, basis.paragraph, basis.item)
            if key in cited:
                self.error(
                    "duplicate-id",
                    "同一条文（款、项）在本事项中重复引用",
                    basis.loc.at("article"),
                    "一条依据只写一次；它的作用用 role 表示。",
                )
            cited.add(key)

    def check_codes(
        self, power: PowerFile, seen: dict[tuple[str, str, str], PowerFile], tier: str
    ) -> None:
        """An office's code (with its 子项, when the list splits an item into sub-items under one
        code) names one power in its district, and a power has at most one code per district:
        import matches rows on it, so a code naming two items would be ambiguous."""
        districts: set[str] = set()
        for entry in power.external_codes:
            if entry.district in districts:
                self.error(
                    "duplicate-id",
                    f"{tier}“{entry.district}”的权责清单编码在本事项中出现了两次",
                    entry.loc.at("district"),
                    f"每个{tier}的权责清单只给一个事项一个编码。",
                )
                continue
            districts.add(entry.district)
            key = (entry.district, code_key(entry.code), entry.sub_item or "")
            first = seen.get(key)
            if first is not None:
                sub = f"（子项“{entry.sub_item}”）" if entry.sub_item else ""
                self.error(
                    "duplicate-id",
                    f"{tier}“{entry.district}”的权责清单编码“{entry.code}”{sub}"
                    f"已用于事项 {first.id}",
                    entry.loc.at("code"),
                    f"同一{tier}的一个编码只能对应一个事项（见 {first.loc.path}）。",
                )
                continue
            seen[key] = power

    def check_topic(self, topic: Topic) -> None:
        steps: dict[str, int] = {}
        for step in topic.steps:
            first = steps.get(id_key(step.power))
            if first is not None:
                self.error(
                    "duplicate-id",
                    f"事项“{step.power}”在主题“{topic.title}”中重复",
                    step.loc.at("power"),
                    f"已在第 {first} 行列出；同一事项在一个主题中只列一步。",
                )
            steps.setdefault(id_key(step.power), step.loc.line)


def load_core(root: Path) -> tuple[Catalog | None, list[Diagnostic], list[Path]]:
    """Load everything but the town lists; also return the town list files' paths."""
    loader = _CoreLoader(root)
    with bulk_allocation():
        loader.read_all()
        cat = loader.assemble()
    return cat, loader.diagnostics, loader.town_list_paths
