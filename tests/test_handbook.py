"""Training handbooks as a trainer prints them: fonts, text, pages, links, failures."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject

from conftest import ARTIFACTS, ROOT, run_cli
from townpowers.checks import load_catalog
from townpowers.handbook import Job, build_many

pytestmark = pytest.mark.slow

CAT, _ = load_catalog(ROOT / "catalog")
assert CAT is not None
POPPLER = shutil.which("pdftotext") is not None


@pytest.fixture(scope="module")
def handbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    jobs = [Job("town", "mushi"), Job("department", "minzheng", "tengzhou")]
    results = build_many(CAT, jobs, out, ROOT / "templates", ROOT / "docs", workers=2)
    for _job, result in results:
        assert not isinstance(result, str), result
    return {"town": jobs[0].output(out), "dept": jobs[1].output(out)}


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    if not POPPLER:
        pytest.skip("poppler-utils is not installed (make test installs it)")
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_cjk_fonts_are_embedded(handbooks: dict[str, Path]) -> None:
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils is not installed")
    for pdf in handbooks.values():
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert fonts
        assert all(" yes " in line.split("CID")[-1] or "yes yes" in line for line in fonts)
        assert any("Noto-Sans-CJK-SC" in line for line in fonts)
        assert any("Noto-Serif-CJK-SC" in line for line in fonts)


def test_the_chinese_text_comes_back(handbooks: dict[str, Path]) -> None:
    text = text_of(handbooks["town"])
    assert "木石镇赋权事项业务手册" in text
    for grant in CAT.town_lists["mushi"].grants:
        name = CAT.powers[grant.power].name
        assert name[:12] in text.replace("\n", ""), name
    assert "目录" in text and "附录一" in text and "窗口核对清单" in text
    for english in ("Contents", "Chapter", "Page ", "Version"):
        assert english not in text
    dept = text_of(handbooks["dept"])
    assert "滕州市民政局" in dept and "承接保障情况" in dept


def test_a4_page_count_and_metadata(handbooks: dict[str, Path]) -> None:
    reader = PdfReader(handbooks["town"])
    assert len(reader.pages) > 60
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert reader.metadata.title == "木石镇赋权事项业务手册"
    assert len(PdfReader(handbooks["dept"]).pages) > 8


def test_the_pdf_is_tagged_with_its_language(handbooks: dict[str, Path]) -> None:
    """Screen readers follow the structure tree and read the text as Chinese (PDF/UA-1)."""
    for pdf in handbooks.values():
        root = PdfReader(pdf).trailer["/Root"]
        assert root["/Lang"] == "zh-CN"
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        tree = root["/StructTreeRoot"].get_object()
        assert tree["/K"], "the structure tree has no elements"


def _link_targets(reader: PdfReader) -> tuple[int, int]:
    """(internal links, links whose target does not resolve to a page)."""
    named = reader.named_destinations
    pages = {page.indirect_reference.idnum for page in reader.pages}
    total = broken = 0
    for page in reader.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if dest is None:
                continue  # an external URI
            total += 1
            if isinstance(dest, str) or not isinstance(dest, ArrayObject | list):
                target = named.get(str(dest))
                ok = target is not None and target.page is not None
            else:
                first = dest[0]
                ok = isinstance(first, IndirectObject) and first.idnum in pages
            broken += 0 if ok else 1
    return total, broken


def test_every_internal_link_resolves(handbooks: dict[str, Path]) -> None:
    for pdf in handbooks.values():
        total, broken = _link_targets(PdfReader(pdf))
        assert total > 20 and broken == 0


def test_table_of_contents_page_numbers_are_right(handbooks: dict[str, Path]) -> None:
    pdf = handbooks["town"]
    toc = text_of(pdf, 2, 3)
    name = CAT.powers["NY-XK-001"].name
    match = re.search(re.escape(name) + r"[ .]*?(\d+)\s*$", toc, re.M)
    assert match, toc[:500]
    page = int(match[1])
    assert name in text_of(pdf, page).replace(" ", "")
    reader = PdfReader(pdf)
    assert any(o.title == name for o in _flatten(reader.outline))  # a PDF bookmark too


def _flatten(outline: list) -> list:
    out = []
    for item in outline:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def test_render_a_page_to_png(handbooks: dict[str, Path]) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    target = ARTIFACTS / "handbook"
    target.mkdir(parents=True, exist_ok=True)
    for key, page in (("town", 1), ("town", 14), ("dept", 5)):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(handbooks[key]),
                str(target / f"{key}-{page}"),
            ],
            check=True,
        )
        assert (target / f"{key}-{page}.png").stat().st_size > 10_000


def test_a_rendering_problem_fails_and_writes_nothing(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    town = templates / "handbook" / "town.html.j2"
    town.write_text(
        town.read_text(encoding="utf-8").replace(
            '<li><a href="#usage">使用说明</a></li>', '<li><a href="#nowhere">使用说明</a></li>'
        ),
        encoding="utf-8",
    )
    job = Job("town", "mushi")
    [(_, result)] = build_many(CAT, [job], tmp_path / "out", templates, ROOT / "docs")
    assert isinstance(result, str) and "#nowhere" in result
    assert not job.output(tmp_path / "out").exists()
    assert list((tmp_path / "out").rglob("*")) == [] or all(
        p.is_dir() for p in (tmp_path / "out").rglob("*")
    )


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    result = run_cli("handbook", "--town", "nowhere", "--output-dir", str(tmp_path))
    assert result.returncode == 2 and "目录中没有镇“nowhere”" in result.stderr
    result = run_cli("handbook", "--dept", "minzheng", "--output-dir", str(tmp_path))
    assert result.returncode == 2 and "同时指定" in result.stderr
    result = run_cli("handbook", "--output-dir", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_handbooks_are_readable_like_the_html(handbooks: dict[str, Path]) -> None:
    """A handbook is published: not private to the user who built it (mkstemp's 0600)."""
    import os
    import stat

    mask = os.umask(0o022)
    os.umask(mask)
    for pdf in handbooks.values():
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o666 & ~mask


def test_a_town_can_be_named_by_its_chinese_name(tmp_path: Path) -> None:
    """`make handbook TOWN=木石镇` works; a near miss names the id meant."""
    result = run_cli("handbook", "--town", "木石", "--output-dir", str(tmp_path))
    assert result.returncode == 2
    assert "您是不是要用：mushi（木石镇）" in result.stderr
    result = run_cli("handbook", "--town", "木石镇", "--output-dir", str(tmp_path), timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "towns" / "mushi.pdf").is_file()


def test_fee_and_visits_read_as_on_the_site(handbooks: dict[str, Path]) -> None:
    """The handbook says 收费 and 到现场次数 in the site's words (views.wording), not the
    raw values: no “不收费（不收费。）”, and a count of visits carries its unit."""
    text = re.sub(r"\s+", "", text_of(handbooks["town"]))
    assert "不收费（不收费。）" not in text and "不收费（不收费）" not in text
    assert re.search(r"到现场次数(\d+次|不用到现场)", text)
    assert not re.search(r"到现场次数\d+(?!次)", text)
