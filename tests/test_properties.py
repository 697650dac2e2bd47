"""Properties over whole catalogs (Hypothesis): what must hold for any input of a shape."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from townpowers.checks import check
from townpowers.exports.document import catalog_document
from townpowers.model import ID, TownListFile
from townpowers.model.catalog import id_key
from townpowers.yamlio.build import Builder
from townpowers.yamlio.read import parse_yaml

MINI = FIXTURES / "mini" / "catalog"
OLD_IDS = ["tengzhou", "mushi", "binhu", "minzheng", "jiuzhu", "MZ-GF-001", "MZ-GF-002"]
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}

new_ids = st.lists(
    st.from_regex(rf"\A{ID}\Z", fullmatch=True).filter(
        lambda s: len(s) <= 24 and s.lower() not in YAML_WORDS
    ),
    min_size=len(OLD_IDS),
    max_size=len(OLD_IDS),
    unique_by=id_key,
)


def rename(root: Path, mapping: dict[str, str]) -> None:
    """Rename ids everywhere they appear as whole tokens, and the files named after them."""
    pattern = re.compile(
        r"(?<![A-Za-z0-9_-])(" + "|".join(map(re.escape, mapping)) + r")(?![A-Za-z0-9_-])"
    )
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(pattern.sub(lambda m: mapping[m[1]], text), encoding="utf-8")
        if path.stem in mapping:
            path.rename(path.with_name(mapping[path.stem] + ".yaml"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ids=new_ids)
def test_a_valid_catalog_stays_clean_under_renaming(ids: list[str], tmp_path_factory) -> None:
    root = tmp_path_factory.mktemp("rename") / "catalog"
    shutil.copytree(MINI, root)
    rename(root, dict(zip(OLD_IDS, ids, strict=True)))
    result = check(root)
    assert [d.format() for d in result.diagnostics()] == []
    assert result.catalog is not None
    doc = catalog_document(result.catalog)
    assert (len(doc["towns"]), len(doc["powers"]), len(doc["grants"])) == (2, 2, 2)
    assert {g["power"] for g in doc["grants"]} == {ids[5], ids[6]}


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_diagnostics_not_exceptions(data: bytes) -> None:
    parsed, problems = parse_yaml(data, "catalog/town-lists/x.yaml")
    if parsed is None:
        assert problems and all(p.path == "catalog/town-lists/x.yaml" for p in problems)
        return
    builder = Builder("catalog/town-lists/x.yaml")
    built = builder.build(TownListFile, parsed.root)
    assert (built is None) == bool(builder.diagnostics)


yaml_text = st.recursive(
    st.one_of(
        st.sampled_from(
            [
                "town: mushi",
                "grants:",
                "- power: X",
                "  mode: 直接下放",
                "history: []",
                "&a x",
                "*a",
                "!!python/object:os.system x",
                "{a: 1, a: 2}",
                "'unclosed",
                "\t- x",
                "? [a]",
                "key: [1, {b: *a}]",
            ]
        ),
        st.text(max_size=30),
    ),
    lambda children: st.lists(children, max_size=6).map("\n".join),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(text=yaml_text)
def test_yaml_like_text_gives_diagnostics_not_exceptions(text: str) -> None:
    parsed, _problems = parse_yaml(text.encode("utf-8"), "f.yaml")
    if parsed is not None:
        Builder("f.yaml").build(TownListFile, parsed.root)


# --- rendering: catalog text is data ---------------------------------------------------------

from markdown_it.renderer import RendererHTML  # noqa: E402
from myst_parser.config.main import MdParserConfig  # noqa: E402
from myst_parser.parsers.mdit import create_md_parser  # noqa: E402

from townpowers.site.rendering import cell, md  # noqa: E402

# the parser the site uses, with the site's extensions (conf.py), rendering to HTML
_MD = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist", "dollarmath", "substitution"}),
    RendererHTML,
)
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(list("`*_[]()<>{}|\\!#:-~$=+.")),
    max_size=80,
)


def _plain(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html)).strip()


@settings(max_examples=400, deadline=None)
@given(text=_TEXT)
def test_any_text_renders_as_itself_and_nothing_else(text: str) -> None:
    """md() makes any string one paragraph of exactly that text: no element, link or role."""
    normal = " ".join(text.split())
    html = _MD.render(md(text))
    if not normal:
        return
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p"}, (text, html)
    assert _plain(html) == normal


@settings(max_examples=200, deadline=None)
@given(text=_TEXT)
def test_any_text_stays_in_its_table_cell(text: str) -> None:
    html = _MD.render(f"| a | b |\n| --- | --- |\n| {cell(text)} | x |\n")
    cells = re.findall(r"<td>(.*?)</td>", html, flags=re.S)
    assert len(cells) == 2 and _plain(cells[1]) == "x", html
    assert _plain(cells[0]) == " ".join(text.split())


# --- valid catalogs round-trip ---------------------------------------------------------------

from townpowers import synth  # noqa: E402
from townpowers.checks import load_catalog  # noqa: E402
from townpowers.sheets.read import read_book  # noqa: E402
from townpowers.sheets.workbooks import export_books, import_catalog  # noqa: E402

ROOT_CATALOG = FIXTURES.parent.parent / "catalog"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    towns=st.integers(min_value=1, max_value=6),
    grants=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_valid_catalogs_round_trip_through_the_workbook(
    towns: int, grants: int, seed: int, tmp_path_factory
) -> None:
    """Any valid (synthetic) catalog -> lossless workbook -> YAML is the same catalog."""
    base = tmp_path_factory.mktemp("rt")
    synth.generate(base / "catalog", towns, grants, seed, ROOT_CATALOG)
    before, problems = load_catalog(base / "catalog")
    assert before is not None, problems
    [book, _towns] = sorted(
        export_books(before, base / "out", "xlsx"), key=lambda p: p.name != "目录.xlsx"
    )
    grids, issues = read_book(book)
    assert issues == []
    result = import_catalog(grids, base / "again")
    assert result.issues == []
    after, problems = load_catalog(base / "again")
    assert after is not None, problems
    assert catalog_document(after) == catalog_document(before)
