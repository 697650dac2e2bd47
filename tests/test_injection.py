"""Catalog text is data on every output: HTML, search index, needs.json, JSON API, PDF, browser.

Each payload is something an editor could paste, by accident or not: a MyST raw block, an
{eval-rst} role, an RST directive, HTML with a script, Jinja syntax, another object's need id and
a javascript: link. It goes into free-text fields of a mini catalog that is otherwise valid; the
site and a handbook are built, and every output is searched for the payload having *acted*
(an element it would create, a link it would make) rather than shown as text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, run_cli, sphinx_build
from townpowers.checks import load_catalog
from townpowers.handbook import Job, build_many

pytestmark = pytest.mark.slow

PAYLOADS = [
    '```{raw} html\n<b id="pwn-myst">raw</b>\n```',
    '{eval-rst}`.. raw:: html\n\n   <b id="pwn-evalrst">rst</b>`',
    '.. raw:: html\n\n   <b id="pwn-rst">rst</b>',
    '<script id="pwn-script">alert("pwn")</script><img src=x onerror="alert(1)" id="pwn-img">',
    "{{ 6*7 }} {% if true %}JINJA-RAN{% endif %} {# c #}",
    ":need:`PWR_MZ_GF_001` {need}`PWR_MZ_GF_001` <PWR_MZ_GF_001>",
    "[点我](javascript:alert(2)) <javascript:alert(3)>",
]
MARKERS = ('id="pwn-', "JINJA-RAN=", 'href="javascript:', 'onerror="alert')


def literal(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def evil_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil") / "catalog"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "catalog", root)
    power = root / "powers" / "MZ-GF-002.yaml"
    text = power.read_text(encoding="utf-8")
    steps = "\n".join(f"    - {literal(p)}" for p in PAYLOADS)
    text = text.replace("  steps: [镇受理、审核、审批。]\n", f"  steps:\n{steps}\n")
    text = text.replace(
        "  content: 抽查审批案卷。\n", f"  content: {literal(' '.join(PAYLOADS))}\n"
    )
    text += f"note: {literal(PAYLOADS[0] + PAYLOADS[3])}\n"
    power.write_text(text, encoding="utf-8")
    town = root / "town-lists" / "mushi.yaml"
    town.write_text(
        town.read_text(encoding="utf-8").replace(
            "        document: ",
            f"        note: {literal(PAYLOADS[3] + PAYLOADS[4])}\n        document: ",
            1,
        ),
        encoding="utf-8",
    )
    cat, diagnostics = load_catalog(root)
    assert cat is not None, diagnostics
    assert "JINJA-RAN" in cat.powers["MZ-GF-002"].supervision.content  # the payload is in
    return root


@pytest.fixture(scope="module")
def evil_site(evil_catalog: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("evilsite")
    shutil.copytree(ROOT / "docs", base / "docs", ignore=shutil.ignore_patterns("generated"))
    sphinx_build(base / "docs", base / "html", evil_catalog, check=True)
    return base / "html"


def outputs(site: Path) -> list[Path]:
    """What the build wrote from the catalog (not the theme's own static files)."""
    return [
        p
        for p in site.rglob("*")
        if p.suffix in (".html", ".js", ".json") and p.is_file() and "_static" not in p.parts
    ]


def test_no_payload_acts_in_any_site_output(evil_site: Path) -> None:
    files = outputs(evil_site)
    assert any(p.name == "searchindex.js" for p in files)
    assert any(p.name == "needs.json" for p in files)
    assert any(p.parent.name == "powers" and p.suffix == ".json" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        for marker in MARKERS:
            assert marker not in text, (path, marker)
        if path.suffix != ".json":  # JSON holds the payload as a string value: that is data
            assert "<script id=" not in text, path


def test_payloads_show_as_text(evil_site: Path) -> None:
    html = (evil_site / "generated" / "powers" / "MZ-GF-002.html").read_text(encoding="utf-8")
    assert "{{ 6*7 }}" in html and "42" not in html.split("{{ 6*7 }}")[1][:20]
    assert "{% if true %}JINJA-RAN{% endif %}" in html
    assert "&lt;script id=&quot;pwn-script&quot;&gt;" in html
    assert "{eval-rst}" in html and ".. raw:: html" in html
    assert "javascript:alert(2)" in html  # shown, not linked


def test_need_ids_in_text_make_no_links(evil_site: Path) -> None:
    needs = json.loads((evil_site / "needs.json").read_text(encoding="utf-8"))
    version = needs["versions"][needs["current_version"]]["needs"]
    power = version["PWR_MZ_GF_002"]
    assert power["basis"] == ["ART_JIUZHU_A48"]
    assert "PWR_MZ_GF_002" not in version["PWR_MZ_GF_001"].get("basis_back", [])
    html = (evil_site / "generated" / "powers" / "MZ-GF-002.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert article.count('href="MZ-GF-001.html') == 0  # (prev/next navigation is outside)


def test_api_keeps_the_payload_as_a_string(evil_site: Path) -> None:
    doc = json.loads((evil_site / "api" / "powers" / "MZ-GF-002.json").read_text(encoding="utf-8"))
    assert doc["power"]["guide"]["steps"] == PAYLOADS


def test_browser_runs_no_payload(evil_site: Path) -> None:
    from test_browser import CHROMIUM, LAUNCH_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed; run `make test` to install it")
    playwright = pytest.importorskip("playwright.sync_api")
    dialogs: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in ("generated/powers/MZ-GF-002.html", "generated/towns/mushi.html"):
            page.goto((evil_site / rel).as_uri())
            assert page.locator("[id^=pwn-]").count() == 0
        page.goto((evil_site / "search.html").as_uri() + "?q=临时救助")
        page.wait_for_timeout(1500)
        assert page.locator("[id^=pwn-]").count() == 0
        browser.close()
    assert dialogs == []


def test_handbook_pdf_shows_payload_as_text(evil_catalog: Path, tmp_path: Path) -> None:
    cat, _ = load_catalog(evil_catalog)
    assert cat is not None
    [(_job, result)] = build_many(
        cat, [Job("town", "mushi")], tmp_path, ROOT / "templates", ROOT / "docs", workers=1
    )
    assert not isinstance(result, str), result
    pdf = Job("town", "mushi").output(tmp_path)
    reader = PdfReader(pdf)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    flat = "".join(text.split())
    assert '<scriptid="pwn-script">' in flat and "{{6*7}}" in flat
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                assert not str(action["/URI"]).lower().startswith("javascript"), action["/URI"]
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "JINJA-RAN" in out


def test_javascript_url_in_a_source_is_rejected(mini_catalog: Path) -> None:
    towns = mini_catalog / "towns.yaml"
    towns.write_text(
        towns.read_text(encoding="utf-8").replace(
            "    provenance: {status: 推断}\n",
            "    provenance:\n      status: 推断\n      sources:\n"
            '        - {title: 报道, url: "javascript:alert(1)"}\n',
        ),
        encoding="utf-8",
    )
    result = run_cli("validate", str(mini_catalog))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "towns.yaml:10:28: error:" in result.stdout and "javascript:alert(1)" in result.stdout
    assert "Traceback" not in result.stderr
