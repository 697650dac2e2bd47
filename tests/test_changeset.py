"""Every writer of the catalog goes through one changeset: checked as the catalog it makes,
located, applied as one set or not at all, never over someone else's edit."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from townpowers.changes import ChangeRefused, Changeset, Level
from townpowers.changes.apply import JOURNAL, apply_set, fingerprints
from townpowers.changes.stamping import Stamp, apply
from townpowers.checks import check, load_catalog
from townpowers.sheets.merge import apply_update, plan_update
from townpowers.sheets.read import read_book
from townpowers.views.reviewqueue import plan


def digest(folder: Path) -> str:
    """A hash of every file under ``folder`` (names and bytes)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def exported(catalog: Path, out: Path) -> Path:
    """The catalog's lossless tables as a CSV folder (the workbook an office edits)."""
    result = run_cli("export", "--format", "csv", "--out", str(out), str(catalog))
    assert result.returncode == 0, result.stderr
    return out / "目录"


def edit_cell(table: Path, file: str, column: str, value: str) -> None:
    """Set ``column`` of the first row of ``file`` in a CSV table (header rows kept)."""
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    names = rows[1]
    for row in rows[2:]:
        if row[0] == file:
            row[names.index(column)] = value
            break
    else:
        raise AssertionError(f"{file} not in {table}")
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


# --- the rules level for --into (it was checked less than an office import) ----------------------


def test_into_refuses_an_edit_the_rules_refuse(tmp_path: Path, mini_catalog: Path) -> None:
    """Citing an article that allows no entrustment breaks a town's 直接下放 grant: the loader
    accepts it, a rule does not; --into now refuses it, located, writing nothing."""
    tables = exported(mini_catalog, tmp_path / "book")
    edit_cell(tables / "powers.bases.csv", "MZ-GF-002", "article", "第十一条")
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(tables), "--into", str(mini_catalog))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "catalog/town-lists/mushi.yaml:6:11" in result.stdout
    assert "以直接下放方式赋予，但没有依据授权镇作出决定" in result.stdout
    assert "[direct-without-entrustment]" in result.stdout
    # the town's finding names the workbook row the power it grants came from (its subjects)
    assert "（来自：" + str(tables / "powers.csv") + " 第4行）" in result.stdout
    # the finding in the staged power file is reported at the workbook's cell
    assert "powers.csv" in result.stdout and "[lawful-modes-unsupported]" in result.stdout
    assert "目录未改动" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert digest(mini_catalog) == before


def test_rebuild_refuses_a_catalog_that_does_not_load(tmp_path: Path, mini_catalog: Path) -> None:
    tables = exported(mini_catalog, tmp_path / "book")
    edit_cell(tables / "powers.bases.csv", "MZ-GF-002", "law", "nope")
    target = tmp_path / "target" / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", target)
    (target / "notes.txt").write_text("kept unless the rebuild succeeds\n", encoding="utf-8")
    before = digest(target)
    result = run_cli("import-xlsx", str(tables), "--out", str(target), "--force")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "powers.bases.csv" in result.stdout and "“nope”" in result.stdout
    assert "[basis-unknown-law]" in result.stdout and "未写入任何文件" in result.stdout
    assert digest(target) == before


def test_rebuild_with_force_replaces_the_folder(tmp_path: Path, mini_catalog: Path) -> None:
    tables = exported(mini_catalog, tmp_path / "book")
    target = tmp_path / "target" / "catalog"
    target.mkdir(parents=True)
    (target / "stale.yaml").write_text("x: 1\n", encoding="utf-8")
    result = run_cli("import-xlsx", str(tables), "--out", str(target), "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (target / "stale.yaml").exists()
    assert load_catalog(target)[0] is not None
    assert not list(target.rglob("*.change-tmp")) and not (target / JOURNAL).exists()


# --- review ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["", "   "])
def test_review_by_an_empty_name_is_a_usage_error(mini_catalog: Path, by: str) -> None:
    before = digest(mini_catalog)
    result = run_cli("review", "--by", by, "--all", "--restamp", str(mini_catalog))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "审核人（--by" in result.stderr and "“by”不能为空" in result.stderr
    assert digest(mini_catalog) == before


def test_a_stamp_the_loader_refuses_is_never_written(mini_catalog: Path) -> None:
    """Past the command line's own check, the changeset still refuses it, located."""
    cat, _ = load_catalog(mini_catalog)
    assert cat is not None
    before = digest(mini_catalog)
    stamped = apply(cat, plan(cat, restamp=True), Stamp("", dt.date(2026, 1, 2)))
    assert stamped.done == {} and stamped.refused
    lines = [f.diagnostic.format() for f in stamped.refused]
    assert any(
        line.startswith("catalog/powers/MZ-GF-001.yaml:") and "“by”不能为空" in line
        for line in lines
    ), lines
    assert digest(mini_catalog) == before


# --- office import ---------------------------------------------------------------------------------
# (tests/test_office_import.py::test_error_found_by_check_is_reported_at_the_row makes the staged
# catalog invalid and asserts the located message and the untouched catalog)


# --- two writers at once ---------------------------------------------------------------------------


def test_two_overlapping_imports_never_lose_the_first(tmp_path: Path, mini_catalog: Path) -> None:
    """Both read the catalog, both edit the same record; the second to apply is refused."""
    first = exported(mini_catalog, tmp_path / "a")
    edit_cell(first / "powers.csv", "MZ-GF-001", "guide.consultation", "镇便民服务中心一号窗口")
    second = exported(mini_catalog, tmp_path / "b")
    edit_cell(second / "powers.csv", "MZ-GF-001", "guide.consultation", "镇民政办")
    a = plan_update(read_book(first, str(first))[0], mini_catalog)
    b = plan_update(read_book(second, str(second))[0], mini_catalog)
    assert a.changed == b.changed == ["powers/MZ-GF-001.yaml"]
    assert apply_update(a) == ["powers/MZ-GF-001.yaml"]
    after_first = digest(mini_catalog)
    with pytest.raises(ChangeRefused, match=r"在读取之后被修改.*MZ-GF-001\.yaml.*未写入任何文件"):
        apply_update(b)
    assert digest(mini_catalog) == after_first
    assert "一号窗口" in (mini_catalog / "powers" / "MZ-GF-001.yaml").read_text(encoding="utf-8")


def test_a_hand_edit_during_an_import_refuses_it_on_the_command_line(
    tmp_path: Path, mini_catalog: Path
) -> None:
    tables = exported(mini_catalog, tmp_path / "a")
    edit_cell(tables / "powers.csv", "MZ-GF-001", "guide.consultation", "镇民政办")
    update = plan_update(read_book(tables, str(tables))[0], mini_catalog)
    edited = mini_catalog / "towns.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# 手工加的注释\n", encoding="utf-8")
    with pytest.raises(ChangeRefused):
        apply_update(update)
    assert "镇民政办" not in (mini_catalog / "powers" / "MZ-GF-001.yaml").read_text("utf-8")


# --- one set, or nothing ---------------------------------------------------------------------------


def test_a_set_interrupted_after_its_commit_is_finished_by_the_next_writer(tmp_path: Path) -> None:
    """The journal is the commit point: a process killed after writing it (renames not yet
    done) leaves a set the next changeset on the folder completes before reading anything."""
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", root)
    seen = fingerprints(root)
    towns = (root / "towns.yaml").read_text(encoding="utf-8")
    # what apply_set leaves when killed right after the journal: temporaries and the journal
    (root / ".towns.yaml.change-tmp").write_text(towns + "# 1\n", encoding="utf-8")
    (root / "powers" / ".MZ-GF-001.yaml.change-tmp").write_text("id: X\n", encoding="utf-8")
    plan_ = {
        "renames": [
            [".towns.yaml.change-tmp", "towns.yaml"],
            ["powers/.MZ-GF-001.yaml.change-tmp", "powers/MZ-GF-001.yaml"],
        ],
        "removes": [],
        "empty": [],
    }
    (root / JOURNAL).write_text(json.dumps(plan_), encoding="utf-8")
    assert fingerprints(root) == seen  # the loader's files are still the old set
    # meanwhile every reader refuses the half-written folder as a catalog
    found = [d for d in check(root).diagnostics() if d.code == "unfinished-change"]
    assert found and found[0].path == f"catalog/{JOURNAL}" and "被中断" in found[0].message
    Changeset(root, Level.RULES)
    assert not [d for d in check(root).diagnostics() if d.code == "unfinished-change"]
    assert (root / "towns.yaml").read_text(encoding="utf-8").endswith("# 1\n")
    assert (root / "powers" / "MZ-GF-001.yaml").read_text(encoding="utf-8") == "id: X\n"
    assert not (root / JOURNAL).exists() and not list(root.rglob("*.change-tmp"))


def test_a_set_that_fails_before_its_commit_leaves_nothing(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", root)
    before = digest(root)
    seen = fingerprints(root)
    writes = {"towns.yaml": b"x: 1\n", "powers/MZ-GF-001.yaml/inside": b"not a folder\n"}
    with pytest.raises(OSError):
        apply_set(root, writes, [], seen)
    assert digest(root) == before


def test_a_change_with_new_errors_is_never_applied(mini_catalog: Path) -> None:
    changeset: Changeset[str] = Changeset(mini_catalog, Level.LOADER)
    changeset.stage_text("towns.yaml", "towns: nope\n", origin="row 1")
    verdict = changeset.check()
    assert not verdict.ok
    assert {f.rel for f in verdict.blocking} == {"towns.yaml"}
    assert all(f.source == "row 1" for f in verdict.blocking if f.staged)
    before = digest(mini_catalog)
    with pytest.raises(RuntimeError):
        changeset.apply()
    assert digest(mini_catalog) == before


def test_an_import_stamped_by_an_empty_reviewer_is_a_usage_error(
    tmp_path: Path, mini_catalog: Path
) -> None:
    book = tmp_path / "x.csv"
    book.write_text("职权名称,职权类型\n某事项,行政给付\n", encoding="utf-8")
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(book), "--catalog", str(mini_catalog), "--by", " ")
    assert result.returncode == 2 and "审核人（--by）无效：“by”不能为空" in result.stderr
    assert digest(mini_catalog) == before


def test_a_value_the_loader_refuses_is_refused_at_its_cell(
    tmp_path: Path, mini_catalog: Path
) -> None:
    """The staged catalog is judged by the loader's own rules (here: a text over the limit),
    so whatever the loader refuses, an import refuses at the row it came from."""
    tables = exported(mini_catalog, tmp_path / "book")
    edit_cell(tables / "powers.csv", "MZ-GF-001", "guide.consultation", "窗" * 20_001)
    before = digest(mini_catalog)
    result = run_cli("import-xlsx", str(tables), "--into", str(mini_catalog))
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(x for x in result.stdout.splitlines() if "过长" in x)
    assert "powers.csv" in line and "第3行" in line, line
    assert digest(mini_catalog) == before


def test_applying_waits_for_the_folders_lock(tmp_path: Path) -> None:
    """Two sets never interleave: one applies only while it holds the folder's lock."""
    import threading

    from townpowers.changes.apply import locked

    root = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "mini" / "catalog", root)
    seen = fingerprints(root)
    text = (root / "towns.yaml").read_bytes() + b"# 2\n"
    done = threading.Event()

    def write() -> None:
        apply_set(root, {"towns.yaml": text}, [], seen)
        done.set()

    with locked(root):
        worker = threading.Thread(target=write)
        worker.start()
        assert not done.wait(0.5)  # blocked while the lock is held
        assert (root / "towns.yaml").read_bytes() != text
    worker.join(10)
    assert done.is_set() and (root / "towns.yaml").read_bytes() == text
