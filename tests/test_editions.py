"""Public and internal editions: nothing marked internal reaches any public output."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, sphinx_build
from townpowers.checks import load_catalog
from townpowers.exports import api
from townpowers.exports.document import catalog_document
from townpowers.model import Evaluation, Grant, Readiness
from townpowers.model.catalog import Catalog
from townpowers.model.schema import plan
from townpowers.util.files import dumps
from townpowers.views import edition


@pytest.fixture(scope="module")
def cat() -> Catalog:
    catalog, diagnostics = load_catalog(ROOT / "catalog")
    assert diagnostics == [] and catalog is not None
    return catalog


def secrets(cat: Catalog) -> set[str]:
    """Internal values that could be recognised in text: names, phones, notes.

    A value that public data also holds (a role such as 便民服务中心 that is also a place in a
    service guide) is no secret.
    """
    public = dumps(catalog_document(edition.public_view(cat)))
    return {
        v
        for v in edition.catalog_internal_values(cat)
        if isinstance(v, str) and len(v) >= 4 and v not in public
    }


def test_fields_marked_internal() -> None:
    marked = {
        (cls.__name__, name)
        for cls in (Grant, Readiness, Evaluation)
        for name, spec in plan(cls)[0].items()
        if spec.meta.get("edition") == "internal"
    }
    assert marked == {("Grant", "readiness"), ("Evaluation", "notes")}


def test_reference_catalog_has_internal_values_to_hide(cat: Catalog) -> None:
    values = secrets(cat)
    assert any(v.startswith("0632-") for v in values)  # phone numbers
    assert any("（示意）" in v and len(v) < 12 for v in values)  # staff names
    assert any("动态调整" in v for v in values)  # evaluation notes


def test_public_view_keeps_everything_else(cat: Catalog) -> None:
    public = edition.public_view(cat)
    assert edition.catalog_internal_values(public) == set()
    assert cat.town_lists["mushi"].grants[0].readiness is not None  # the catalog is not changed
    for town, entry in cat.town_lists.items():
        for before, after in zip(entry.grants, public.town_lists[town].grants, strict=True):
            assert after.readiness is None
            assert dataclasses.replace(before, readiness=None, evaluations=()) == (
                dataclasses.replace(after, evaluations=())
            )
            assert [e.cases for e in before.evaluations] == [e.cases for e in after.evaluations]


def test_public_api_has_no_internal_value(cat: Catalog) -> None:
    text = "".join(dumps(d) for d in api.documents(edition.public_view(cat)).values())
    leaked = sorted(v for v in secrets(cat) if v in text)
    assert leaked == []
    internal = "".join(dumps(d) for d in api.documents(cat).values())
    assert all(v in internal for v in secrets(cat))


def scan(site: Path, values: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (
            ".html",
            ".js",
            ".json",
            ".txt",
            ".svg",
            ".md",
            ".xml",
        ):
            text = path.read_text(encoding="utf-8", errors="replace")
            hits = [v for v in values if v in text]
            if hits:
                found[str(path.relative_to(site))] = hits
    return found


@pytest.mark.slow
def test_public_site_contains_no_internal_value(built_site: Path, cat: Catalog) -> None:
    """The whole public output: pages, search index, needs.json, the JSON API, charts, the
    change page and the Atom feeds (site and towns)."""
    assert (built_site / "generated" / "changes.html").is_file()
    assert (built_site / "_static" / "feeds" / "changes.xml").is_file()
    assert (built_site / "_static" / "feeds" / "towns" / "mushi.xml").is_file()
    assert scan(built_site, secrets(cat)) == {}
    town = (built_site / "generated" / "towns" / "mushi.html").read_text(encoding="utf-8")
    assert "驻镇帮扶" not in town and "承接人员" not in town


@pytest.mark.slow
def test_internal_edition_shows_them_and_says_so(tmp_path: Path, cat: Catalog) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("generated"))
    out = tmp_path / "html"
    sphinx_build(
        tmp_path / "docs", out, ROOT / "catalog", "-D", "townpowers_edition=internal", check=True
    )
    found = scan(out, secrets(cat))
    assert set().union(*found.values()) == secrets(cat)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "内部版" in index and "不得公开发布" in index
    # reviewers see the need ids the public edition leaves out (test_site)
    power = (out / "generated" / "powers" / "NY-XK-001.html").read_text(encoding="utf-8")
    assert ">PWR_NY_XK_001</a>" in power
    assert ">《土地管理法》第六十二条 (ART_TUDI_GUANLI_FA_A62)</a>" in power


def tree_digest(root: Path) -> dict[str, str]:
    import hashlib

    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_failed_build_leaves_the_published_site_untouched(tmp_path: Path) -> None:
    import subprocess

    docs, catalog, build = tmp_path / "docs", tmp_path / "catalog", tmp_path / "_build"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "catalog", catalog)

    def make(*extra: str) -> subprocess.CompletedProcess[str]:
        opts = f"-W --keep-going -q -D townpowers_catalog={catalog}"
        return subprocess.run(
            [
                "make",
                "-C",
                str(ROOT),
                "html",
                f"BUILDDIR={build}",
                f"DOCSDIR={docs}",
                f"SPHINXOPTS={opts}",
                *extra,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    first = make()
    assert first.returncode == 0, first.stderr
    site = build / "html"
    before = tree_digest(site)
    assert "index.html" in before and "generated/towns/mushi.html" in before
    (catalog / "laws" / "jiuzhu.yaml").unlink()  # every basis now dangles: the build fails
    failed = make()
    assert failed.returncode != 0
    assert "basis-unknown-law" in failed.stderr
    assert tree_digest(site) == before  # readers still get the previous, complete site
    assert not [p for p in build.iterdir() if p.name.startswith(".html.")]  # no debris
