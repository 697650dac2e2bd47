"""The jurisdiction profile decides the words and orders the pages print, and the schemas' lists.

The reference catalog with another profile (another tier word, unit word, milestone name, mode
explanation and order of domains) must render pages in that vocabulary: nothing in the templates
or the code may still carry the reference instance's words for these.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import ROOT
from townpowers.checks import check
from townpowers.model.profile import ProfileFile
from townpowers.site.pages import generate
from townpowers.site.rendering import environment
from townpowers.views import edition
from townpowers.views.glossary import read_glossary
from townpowers.yamlio.schemas import folder_profile, schema_documents

TIER = "县（市、区）"
UNITS = "示例镇街"


def _retold(text: str) -> str:
    """The reference profile with other words (the data files stay valid under it)."""
    profile = yaml.safe_load(text)
    profile["grantor"]["tiers"][0]["word"] = TIER
    profile["words"]["units"] = UNITS
    profile["words"]["series"] = "某地示例赋权"
    for milestone in profile["milestones"]:
        if milestone["key"] == "survey":
            milestone["name"] = "需求调研"
            milestone["source"] = "示例文件第一条"
    for mode in profile["modes"]:
        if mode["rules_as"] == "直接下放":
            mode["summary"] = "直接下放：示例说明。"
    profile["domains"] = list(reversed(profile["domains"]))
    return yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    catalog = tmp_path_factory.mktemp("retold") / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    path = catalog / "profile.yaml"
    path.write_text(_retold(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = check(catalog)
    assert result.catalog is not None, [d.format() for d in result.diagnostics()]
    shown = edition.public_view(result.catalog)
    glossary = read_glossary(ROOT / "docs" / "glossary.md")
    made = generate(shown, environment(ROOT / "templates"), result, None, False, None, glossary)
    return {p.path: p.text for p in made}


def test_pages_name_the_profiles_tier_and_units(pages: dict[str, str]) -> None:
    districts = pages["districts/index.md"]
    assert f"# {TIER}\n" in districts
    assert "区（市）" not in districts
    assert f"“{UNITS}”" in districts
    assert f"| 镇 | {TIER} | 类别 |" in pages["towns/index.md"]


def test_ledger_uses_the_profiles_milestones(pages: dict[str, str]) -> None:
    ledger = pages["progress/ledger.md"]
    assert "| 需求调研 | " in ledger
    assert "示例文件第一条" in ledger
    assert "| 调研摸底 |" not in ledger


def test_modes_are_explained_and_domains_ordered_as_the_profile_says(
    pages: dict[str, str],
) -> None:
    assert "直接下放：示例说明。" in pages["overview.md"]
    headings = [line for line in pages["powers/index.md"].splitlines() if line.startswith("## ")]
    assert headings[0] == "## 民生保障"  # the reference order's last domain, now first


def test_schemas_enumerate_the_catalogs_own_vocabulary() -> None:
    profile = folder_profile(ROOT / "catalog")
    assert isinstance(profile, ProfileFile)
    power = schema_documents(profile.vocabularies())["power.schema.json"]["properties"]["domain"]
    assert power["enum"] == list(profile.domain_names)
    bare = schema_documents(None)["power.schema.json"]["properties"]["domain"]
    assert "enum" not in bare and bare["type"] == "string"
