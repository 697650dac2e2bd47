"""Each town's 一镇一单 as the formal attachment district governments publish (Word ``.docx``).

A district government publishes a town's catalog as the attachment of its decision: the label
“附件”, a title, the issuing body and date, one table (序号、事项名称、类型、赋权方式、实施依据、
监管部门) and page numbers in the footer. It is written from the same rows as the spreadsheet
(:mod:`townpowers.views.townlist`), so the two never disagree; only grants the district has
decided (已确定, 已实施) are listed, in the town list's order.

Layout follows the usual practice of government documents (GB/T 9704): A4, the table pages in
landscape so the basis column has room, 黑体 for the label and table header, 小标宋 for the title,
仿宋 for the text, page numbers as “— N —” (a ``PAGE`` field, so Word and WPS number the pages
themselves). Fonts are named, not embedded: Word substitutes what a machine lacks. The issuing
body is the district's people's government (the notice makes it responsible for each town's
list); the date is the latest decision date of the listed grants. A town list marked as
illustrative data says so under the table. Files are byte-for-byte reproducible: the document
properties and the zip entries carry that date, not the time of writing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from ..model import PowerFile, ProvenanceStatus, Town, lawtext
from ..model.catalog import Catalog
from ..util.filenames import inside, unique_stems
from ..util.files import write_atomic_bytes
from ..util.text import xml_text
from ..views.townlist import TownRow, town_rows

#: The table's columns and their widths in centimetres (landscape A4 less margins: 24.7 cm).
#: 类型 and 赋权方式 hold the longest of their words (其他行政权力, 前移服务窗口: six characters
#: of 10.5 pt) on one line with the cell padding, so Word never breaks inside the word.
COLUMNS = (
    ("序号", 1.3),
    ("事项名称", 6.4),
    ("类型", 2.8),
    ("赋权方式", 3.0),
    ("实施依据", 7.2),
    ("监管部门", 4.0),
)
#: Cell padding in twentieths of a point (dxa): 0.1 cm above and below, 0.19 cm at the sides,
#: so text does not touch the rules.
CELL_MARGINS = {"top": 57, "bottom": 57, "left": 108, "right": 108}
TABLE_TEXT_PT = 10.5
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
FANGSONG = "仿宋_GB2312"
KAI = "楷体_GB2312"
SONG = "宋体"
#: The fonts stock Windows has, declared in the font table (``w:altName``) for the GB2312-era
#: names government documents ask for, so Word and WPS substitute the right face (仿宋, not a
#: sans serif) on a machine without them.
FONT_FALLBACKS = {FANGSONG: "仿宋", KAI: "楷体", TITLE_FONT: "宋体"}


def attachment_rows(cat: Catalog, town: Town) -> list[TownRow]:
    """The grants the attachment lists (decided ones, in the list's order)."""
    return [row for row in town_rows(cat, town) if row.published]


def list_date(cat: Catalog, rows: list[TownRow]) -> dt.date:
    """The attachment's date: the latest decision among its grants (else the catalog's)."""
    dates = [r.grant.decision.date for r in rows if r.grant.decision is not None]
    return max(dates, default=cat.meta.date)


def chinese_date(day: dt.date) -> str:
    """2021年6月25日."""
    return f"{day.year}年{day.month}月{day.day}日"


def title_of(cat: Catalog, town: Town) -> str:
    """The district's and the town's names, then the profile's title of a town's list."""
    district = cat.districts.get(town.district)
    return f"{district.name if district else ''}{town.name}{cat.profile.words.list_title}"


def issuer_of(cat: Catalog, town: Town) -> str:
    """The district's people's government."""
    district = cat.districts.get(town.district)
    return f"{district.name if district else cat.profile.district_word}人民政府"


def town_document(cat: Catalog, town: Town, version: str = "") -> bytes:
    """The attachment of one town as ``.docx`` bytes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    rows = attachment_rows(cat, town)
    day = list_date(cat, rows)
    doc = Document()
    doc.core_properties.comments = version  # the catalog version (and commit) it shows
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.5)
    _font(doc.styles["Normal"].font, doc.styles["Normal"].element, FANGSONG, 12)

    label = doc.add_paragraph()
    _run(label, "附件", HEI, 16)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_before = Pt(6)
    _run(heading, title_of(cat, town), TITLE_FONT, 22)
    issued = doc.add_paragraph()
    issued.alignment = WD_ALIGN_PARAGRAPH.CENTER
    issued.paragraph_format.space_after = Pt(12)
    _run(issued, f"{issuer_of(cat, town)}　{chinese_date(day)}", KAI, 16)

    _table(doc, cat, rows)
    for text in _notes(cat, town, rows):
        note = doc.add_paragraph()
        note.paragraph_format.space_before = Pt(6)
        _run(note, text, FANGSONG, 12)
    _page_numbers(section)
    _declare_fallbacks(doc)

    props = doc.core_properties
    props.title = xml_text(title_of(cat, town))
    props.author = props.last_modified_by = issuer_of(cat, town)
    props.subject = "一镇一单"
    props.keywords = "一镇一单"
    props.comments = ""
    props.revision = 1
    stamp = dt.datetime(day.year, day.month, day.day)
    props.created = props.modified = props.last_printed = stamp
    out = io.BytesIO()
    doc.save(out)
    return _reproducible(out.getvalue(), stamp)


def _table(doc: Any, cat: Catalog, rows: list[TownRow]) -> None:
    """The list: a header row repeated on every page, one row per grant."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side, twips in CELL_MARGINS.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    for column, (_name, width) in zip(table.columns, COLUMNS, strict=True):
        column.width = Cm(width)  # the grid: what Word and WPS lay the table out by
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, (name, width) in zip(header.cells, COLUMNS, strict=True):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, name, HEI, 12)
    for row in rows:
        values = (
            str(row.number),
            row.power.name,
            row.power.type.value,
            row.grant.current_mode.value,
            "\n".join(grouped_bases(cat, row.power)),
            row.supervisors,
        )
        cells = table.add_row().cells
        for i, (cell, value, (_name, width)) in enumerate(zip(cells, values, COLUMNS, strict=True)):
            cell.width = Cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            if i in (0, 2, 3):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lines = value.split("\n")
            for n, line in enumerate(lines):
                run = _run(paragraph, line, FANGSONG, TABLE_TEXT_PT)
                if n < len(lines) - 1:
                    run.add_break()


def grouped_bases(cat: Catalog, power: PowerFile) -> list[str]:
    """实施依据 one line per law, its articles after one title: 《城乡规划法》第四十一条第二款、
    第三款、第六十五条 (a column of repeated titles hides which laws a power rests on)."""
    by_law: dict[str, list[tuple[str, str]]] = {}
    for basis in power.bases:
        if basis.law in cat.instruments:
            part = lawtext.reference_label("", basis.paragraph, basis.item)
            by_law.setdefault(basis.law, []).append((basis.article, part))
    lines = []
    for law, cited in by_law.items():
        labels: list[str] = []
        previous = None
        for article, part in cited:
            labels.append(part if article == previous and part else article + part)
            previous = article
        lines.append(f"《{cat.instruments[law].short_title}》" + "、".join(dict.fromkeys(labels)))
    return lines


def _notes(cat: Catalog, town: Town, rows: list[TownRow]) -> list[str]:
    """Under the table: the count, the decisions the list rests on, and its provenance."""
    documents: list[str] = []
    for row in rows:
        decision = row.grant.decision
        if decision is not None and decision.document and decision.document not in documents:
            documents.append(decision.document)
    notes = [f"共 {len(rows)} 项。"]
    if documents:
        notes.append("决定文件：" + "；".join(documents) + "。")
    entry = cat.town_lists.get(town.id)
    if entry is not None and entry.provenance.status is not ProvenanceStatus.SOURCED:
        note = (entry.provenance.note or "").rstrip("。")
        said = f"（{note}）" if note else ""
        notes.append(f"说明：本目录为{entry.provenance.status.value}数据{said}。")
    return notes


def _font(font: Any, element: Any, name: str, size: float) -> None:
    """A font for Latin and Chinese text alike (Word keeps the East Asian name apart)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font.name = name
    font.size = Pt(size)
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run(paragraph: Any, text: str, name: str, size: float) -> Any:
    """Add text in a given font to a paragraph."""
    run = paragraph.add_run(xml_text(text))  # the one place Word text is written
    _font(run.font, run._element, name, size)
    return run


def _declare_fallbacks(doc: Any) -> None:
    """Name each GB2312-era font in the font table with the stock Windows face to use instead
    (``w:altName``) and its character set (GB2312: ``86``), see :data:`FONT_FALLBACKS`."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    root = parse_xml(part.blob)
    for name, fallback in FONT_FALLBACKS.items():
        font = OxmlElement("w:font", {qn("w:name"): name})
        for tag, value in (
            ("altName", fallback),
            ("charset", "86"),
            ("family", "modern"),
            ("pitch", "fixed"),
        ):
            font.append(OxmlElement(f"w:{tag}", {qn("w:val"): value}))
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_numbers(section: Any) -> None:
    """“— N —” centred in the footer, N a PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", SONG, 14)
    run = _run(paragraph, "", SONG, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
            if text == " PAGE ":
                element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._element.append(end)
    _run(paragraph, " —", SONG, 14)


def _reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """The same package with every entry dated ``stamp`` (zip entries otherwise carry the
    time of writing, so two exports of the same data would differ)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_attachments(
    cat: Catalog,
    folder: Path,
    names: dict[str, str],
    version: str = "",
    within: Path | None = None,
) -> list[Path]:
    """Write every town's attachment as ``folder/<镇名>.docx`` (``names``: town id -> file
    name, as the spreadsheet names its sheets); attachments of towns no longer there go.

    File names are sanitised and distinct (:func:`~townpowers.util.filenames.unique_stems`),
    and every path written or removed is verified to stay inside ``within`` (the output
    folder; ``folder`` itself by default), symlinks resolved.
    """
    root = within or folder
    stems = unique_stems({t: names[t] for t in cat.towns})
    paths = {t: inside(root, folder / f"{stems[t]}.docx") for t in cat.towns}
    wanted = {p.name for p in paths.values()}
    if folder.is_dir():
        for old in folder.glob("*.docx"):
            if old.name not in wanted:
                inside(root, old).unlink()
    written = []
    for town in cat.towns.values():
        path = paths[town.id]
        write_atomic_bytes(path, town_document(cat, town, version))
        written.append(path)
    return written
