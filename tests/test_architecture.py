"""The package's layout is its architecture: rooms, the order they may import in, and the docs.

The contract below is the one ``docs/architecture.md`` draws. A module may import from its own
room and from rooms listed *before* its own; an import running back up (or sideways between
rooms of the same layer) fails here, as does any import cycle between modules, ``argparse``
outside the command line, a room without a docstring, or a room the architecture page and the
README do not mention.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "townpowers"

#: Rooms from the bottom up; rooms on one line are one layer and must not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("util",),
    ("diagnostics",),
    ("model",),
    ("yamlio",),
    ("checks",),
    ("views",),
    ("changes",),
    ("exports", "sheets", "diff", "handbook"),
    ("office", "site"),
    ("synth",),
    ("cli",),
    ("__main__",),
]
RANK = {room: n for n, layer in enumerate(LAYERS) for room in layer}
#: Modules allowed at the top of the package (everything else lives in a room).
TOP_LEVEL = {"__init__", "__main__", "diagnostics", "synth"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every townpowers module or package a file imports, at any depth (functions included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "townpowers":
                continue
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "townpowers")
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {t for t in _imports(path) if t in files and t != name}
        for name, path in files.items()
    }


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_room_is_in_the_contract() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    rooms |= {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert rooms == set(RANK), "add the new room to LAYERS here and to docs/architecture.md"


def test_top_level_holds_only_a_handful_of_modules() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} <= TOP_LEVEL


def test_imports_only_run_down_the_layers() -> None:
    upward = []
    for module, targets in _graph().items():
        here = _room(module)
        for target in targets:
            there = _room(target)
            if here == there or there == "" or here == "":
                continue
            if RANK[there] >= RANK[here]:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_no_import_cycles() -> None:
    graph = _graph()
    # a package imports its own modules (registration); that is containment, not a cycle
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_only_the_command_line_sees_argparse() -> None:
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if _room(_module_name(p)) != "cli"
        and re.search(r"^\s*(import argparse|from argparse import)", p.read_text(), re.M)
    ]
    assert offenders == []


@pytest.mark.parametrize("room", sorted(r for r in RANK if (PACKAGE / r).is_dir()))
def test_every_room_says_what_lives_there_and_what_it_may_import(room: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text()))
    assert doc and len(doc) > 80, room
    if room not in ("util", "cli"):
        assert "May import" in doc, room


def test_architecture_page_names_every_room_in_layer_order() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    positions = []
    for layer in LAYERS:
        for room in layer:
            if room == "__main__":
                continue
            shown = f"`{room}/`" if (PACKAGE / room).is_dir() else f"`{room}.py`"
            assert shown in page, f"docs/architecture.md does not describe {shown}"
            positions.append(page.index(shown))
    assert positions == sorted(positions), "the page lists the rooms in another order"


def test_readme_structure_map_names_every_room() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 仓库结构", 1)[1].split("\n## ", 1)[0]
    for room in RANK:
        if room != "__main__":
            assert room in section, f"README 仓库结构 does not mention {room}"
    folders = {
        d.name
        for top in ("catalog", "docs", "scripts", "templates", "tests", "requirements")
        for d in [ROOT / top, *(ROOT / top).rglob("*")]
        if d.is_dir() and d.name != "__pycache__"
    } | {"_build", "generated"}  # build outputs, absent from a fresh clone
    for word in re.findall(r"\b([a-z_-]+)/", section):
        assert word in folders, f"README 仓库结构 names {word}/, which does not exist"
    for module in re.findall(r"\b([a-z_]+)\.py\b", section):
        assert list(ROOT.glob(f"**/{module}.py")), f"README names {module}.py"


def test_scripts_holds_the_package_and_the_benchmarks_only() -> None:
    """Loose scripts beside the package read as part of it; the benchmarks have their room."""
    loose = sorted(
        p.name
        for p in (ROOT / "scripts").iterdir()
        if p.suffix == ".py" or (p.is_dir() and p.name not in {"townpowers", "bench"})
        if not p.name.endswith(".egg-info") and p.name != "__pycache__"
    )
    assert loose == []


#: Modules outside ``changes/`` that write files, and why none of them writes under a catalog
#: folder. A module not listed here that writes (or deletes, or moves) a file fails
#: :func:`test_only_the_changeset_writes_into_a_catalog`: route it through a changeset.
WRITES_ELSEWHERE = {
    "townpowers.util.files": "the write_atomic primitive itself (its callers are listed here)",
    "townpowers.cli.checking": "the check report file (check -o FILE)",
    "townpowers.cli.sheets": "the JSON export file (export -o FILE)",
    "townpowers.diff.compare": "git revisions materialized in a temporary folder, never a catalog",
    "townpowers.exports.api": "the JSON API beside the built site",
    "townpowers.handbook.pdf": "handbook PDFs under _build/",
    "townpowers.sheets.attachment": "Word attachments under the export folder",
    "townpowers.sheets.workbooks": "stale CSV tables of an earlier export in the export folder",
    "townpowers.sheets.write": "exported workbooks and CSV files",
    "townpowers.site.extension": "generated pages and the build's failure note",
    "townpowers.site.identifiers": "diagrams of the built site",
    "townpowers.site.publish": "the published site folder",
    "townpowers.site.rebuild": "the incremental-build stamp in the doctree folder",
    "townpowers.site.rendering": "generated pages under docs/generated/",
    "townpowers.site.changelog": "cached comparisons of two commits under _build/",
    "townpowers.util.manifest": "SHA256SUMS and api/manifest.json in the site being published",
    "townpowers.views.asof": "the catalog as of a date in a temporary folder (export --as-of), "
    "never a change to the catalog",
    "townpowers.synth": "a new synthetic catalog in a folder of its own (benchmarks), not a "
    "change to an existing one",
}
_WRITING_ATTRS = {"write_text", "write_bytes", "unlink", "rename", "rmdir", "touch", "save"}
_WRITING_CALLS = {"write_atomic", "write_atomic_bytes", "copyfile"}
_WRITING_MODULES = {
    ("shutil", "rmtree"),
    ("shutil", "copytree"),
    ("shutil", "move"),
    ("shutil", "copy"),
    ("shutil", "copy2"),
    ("os", "replace"),
    ("os", "rename"),
    ("os", "remove"),
    ("os", "unlink"),
}


def _writes(path: Path) -> bool:
    """Whether a module writes, deletes or moves a file (by the calls that do)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and (
            f.id in _WRITING_CALLS
            or (
                f.id == "open"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and any(c in str(node.args[1].value) for c in "wax")
            )
        ):
            return True
        if isinstance(f, ast.Attribute):
            if f.attr in _WRITING_ATTRS:
                return True
            if isinstance(f.value, ast.Name) and (f.value.id, f.attr) in _WRITING_MODULES:
                return True
            if (
                f.attr == "open"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and any(c in str(node.args[0].value) for c in "wax")
            ):
                return True
    return False


def test_only_the_changeset_writes_into_a_catalog() -> None:
    writers = {
        _module_name(p)
        for p in PACKAGE.rglob("*.py")
        if _room(_module_name(p)) != "changes" and _writes(p)
    }
    assert writers - set(WRITES_ELSEWHERE) == set(), "write catalog files through changes/"
    assert set(WRITES_ELSEWHERE) - writers == set(), "these no longer write: drop them here"
    assert all(WRITES_ELSEWHERE.values())


def test_the_writer_check_sees_a_write() -> None:
    """The scan above must catch the ways a module writes (or it would pass vacuously)."""
    samples = [
        "write_atomic(p, t)",
        "p.write_text(t)",
        "open(p, 'w')",
        "p.open('a')",
        "shutil.rmtree(p)",
        "os.replace(a, b)",
        "p.unlink()",
    ]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for sample in samples:
            path = Path(folder) / "m.py"
            path.write_text(sample + "\n", encoding="utf-8")
            assert _writes(path), sample
        path.write_text("p.read_text()\nopen(p)\n'a'.replace('a', 'b')\n", encoding="utf-8")
        assert not _writes(path)
