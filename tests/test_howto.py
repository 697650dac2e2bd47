"""docs/howto.md, followed step by step: each YAML example of the page goes into a copy of the
reference catalog where the page says, and the check the page names reports what it says.

The examples are read from the page itself (by their code-block names), so the page cannot
drift from what the tool accepts. Section 8 (a law amendment) is followed by
tests/test_amendment.py, section 9 (a spreadsheet edit) by
tests/test_spreadsheets.py::test_one_edited_cell_comes_back_as_exactly_that_change.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from townpowers.checks import load_catalog
from townpowers.model import GrantStatus, Mode

PAGE = ROOT / "docs" / "howto.md"


def blocks() -> dict[str, str]:
    """The page's named code blocks: name -> YAML text."""
    text = PAGE.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"```\{code-block\} yaml\n(.*?)```", text, re.S):
        body = match.group(1)
        name = re.search(r"^:name: (\S+)$", body, re.M)
        assert name, body
        found[name.group(1)] = re.sub(r"^:[a-z]+:.*\n", "", body, flags=re.M).lstrip("\n")
    return found


def findings(catalog: Path) -> list[tuple[str, str]]:
    """(code, message) of every finding about the new town's files."""
    result = run_cli("check", "--format", "json", "--fail-on", "never", str(catalog))
    report = json.loads(result.stdout)
    return [
        (f["code"], f["message"])
        for f in report["findings"]
        if "jisuo" in f["path"] or "级索镇" in f["message"]
    ]


def into_history(path: Path, snippet: str) -> None:
    """Add history events at the end of the (only) grant's history, as the page says."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == "    history:\n")
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    lines[end:end] = [snippet]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def steps() -> dict[str, str]:
    found = blocks()
    assert set(found) >= {
        "howto-town",
        "howto-town-list",
        "howto-grant",
        "howto-decide",
        "howto-in-force",
        "howto-readiness",
        "howto-mode",
        "howto-evaluation",
        "howto-withdraw",
    }
    return found


def test_the_clerks_tasks_as_the_page_describes_them(
    steps: dict[str, str], reference_catalog: Path, tmp_path: Path
) -> None:
    original = tmp_path / "before" / "catalog"
    shutil.copytree(reference_catalog, original)
    towns = reference_catalog / "towns.yaml"
    town_list = reference_catalog / "town-lists" / "jisuo.yaml"

    # 1. a town, and its (empty) list
    towns.write_text(towns.read_text(encoding="utf-8") + steps["howto-town"], encoding="utf-8")
    town_list.write_text(steps["howto-town-list"], encoding="utf-8")
    assert [code for code, _ in findings(reference_catalog)] == ["empty-town"]

    # 2. a grant the town asked for
    text = town_list.read_text(encoding="utf-8")
    assert "grants: []\n" in text
    town_list.write_text(text.replace("grants: []\n", steps["howto-grant"]), encoding="utf-8")
    found = findings(reference_catalog)
    assert [code for code, _ in found] == ["not-in-force-by-deadline"], found

    # 3. the district's decision; 4. in force, with readiness
    into_history(town_list, steps["howto-decide"])
    into_history(town_list, steps["howto-in-force"])
    town_list.write_text(
        town_list.read_text(encoding="utf-8") + steps["howto-readiness"], encoding="utf-8"
    )
    assert findings(reference_catalog) == []
    assert run_cli("check", str(reference_catalog)).returncode == 0

    # 5. a mode change, recorded; 6. an evaluation
    into_history(town_list, steps["howto-mode"])
    town_list.write_text(
        town_list.read_text(encoding="utf-8") + steps["howto-evaluation"], encoding="utf-8"
    )
    assert findings(reference_catalog) == []
    cat, problems = load_catalog(reference_catalog)
    assert cat is not None, problems
    grant = cat.town_lists["jisuo"].grants[0]
    assert grant.mode is Mode.WINDOW and grant.current_mode is Mode.REVIEW
    assert grant.status is GrantStatus.IN_FORCE and grant.evaluations[0].cases == 12
    assert str(grant.in_force_since) == "2021-07-20"  # in force throughout the change

    # 7. withdrawn, and the change reviewed in diff's words
    into_history(town_list, steps["howto-withdraw"])
    assert run_cli("check", str(reference_catalog)).returncode == 0
    diff = run_cli("diff", str(original), str(reference_catalog))
    assert diff.returncode == 1
    assert "级索镇" in diff.stdout and "SC-XK-004" in diff.stdout


def test_a_district_written_by_name_is_answered_with_its_id(
    steps: dict[str, str], reference_catalog: Path
) -> None:
    """The page warns that district is an id; the check says which id a name means."""
    towns = reference_catalog / "towns.yaml"
    wrong = steps["howto-town"].replace("district: tengzhou", "district: 滕州市")
    towns.write_text(towns.read_text(encoding="utf-8") + wrong, encoding="utf-8")
    result = run_cli("check", str(reference_catalog))
    assert "应写标识而不是名称：是否想写“tengzhou”（滕州市）？" in result.stdout
