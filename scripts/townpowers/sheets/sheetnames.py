"""Sheet names of the catalog workbook: Chinese, within Excel's limits, stable.

Officials read ``一镇一单·赋权事项·状态记录``, not ``town-lists.grants.history``: a table is named
by its file kind and the help text of the lists it descends through (from the model, so a new
field names its own sheet). Excel allows 31 characters and forbids ``[]:*?/\\``; long names
shorten their middle parts, a hash is the last resort. Format version 1 used the dotted table
names (:func:`sheet_name`), which import still reads.
"""

from __future__ import annotations

import hashlib

from ..model.schema import FieldSpec

#: Excel's limit on sheet names.
SHEET_NAME_LIMIT = 31


def sheet_name(name: str) -> str:
    """A sheet name within Excel's limit, stable for a given table name.

    Long names shorten their leading parts to three letters
    (``departments.departments.unverified`` -> ``dep.departments.unverified``), keeping the
    list the sheet holds readable; a hash is the last resort. CSV files use the full name.
    """
    parts = name.split(".")
    for i in range(len(parts) - 1):
        if len(".".join(parts)) <= SHEET_NAME_LIMIT:
            break
        parts[i] = parts[i][:3]
    short = ".".join(parts)
    if len(short) <= SHEET_NAME_LIMIT:
        return short
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:4]
    return name[: SHEET_NAME_LIMIT - 5] + "~" + digest


#: Chinese names of the catalog's file kinds (by their schema name in the layout).
KIND_TITLES = {
    "catalog": "目录说明",
    "districts": "区（市）",
    "towns": "镇",
    "department-kinds": "部门类别",
    "district-departments": "区（市）部门",
    "law": "法律文件",
    "power": "权力事项",
    "town-list": "一镇一单",
    "ledger": "工作台账",
}
#: Characters Excel forbids in sheet names, and what is written instead.
_SHEET_FORBIDDEN = str.maketrans({c: "－" for c in "[]:*?/\\"})


def kind_title(schema: str, cls: type) -> str:
    """A file kind's Chinese name: known kinds by name, others from their model's docstring
    (``topics.yaml：主题服务……`` -> ``主题服务``)."""
    if schema in KIND_TITLES:
        return KIND_TITLES[schema]
    doc = (cls.__doc__ or schema).strip().splitlines()[0]
    doc = doc.split("：", 1)[-1]
    for stop in ("（", "，", "。", "；"):
        doc = doc.split(stop, 1)[0]
    return doc or schema


def chinese_sheet_name(titles: list[str]) -> str:
    """``一镇一单·赋权事项·状态记录`` within Excel's 31 characters: middle titles are shortened
    to their first characters before a hash is the last resort."""
    parts = [t.translate(_SHEET_FORBIDDEN) for t in titles]
    name = "·".join(parts)
    for keep in (4, 2):
        if len(name) <= SHEET_NAME_LIMIT:
            break
        parts = [p if i in (0, len(parts) - 1) else p[:keep] for i, p in enumerate(parts)]
        name = "·".join(parts)
    if len(name) <= SHEET_NAME_LIMIT:
        return name
    digest = hashlib.sha1("·".join(titles).encode("utf-8")).hexdigest()[:4]
    return name[: SHEET_NAME_LIMIT - 5] + "~" + digest


def title_of(spec: FieldSpec) -> str:
    """A list field's name for a sheet title (see :func:`title_text`)."""
    return title_text(str(spec.meta.get("help") or spec.name))


def title_text(text: str) -> str:
    """Help text up to its first explanation, keeping a short word's parenthesis
    (``各区（市）权责清单中…`` -> ``各区（市）权责清单中…``, ``承接保障（培训…）`` -> ``承接保障``)."""
    text = text.removeprefix("【内部】")
    for stop in ("：", "；", "，", "。"):
        text = text.split(stop, 1)[0]
    head, paren, rest = text.partition("（")
    if not paren or len(head) >= 4:
        return head
    inner, _, after = rest.partition("）")
    return f"{head}（{inner}）{after.split('（', 1)[0]}"
