"""The column names of published 权责清单, in one table: every dialect import recognizes.

District and county offices do not share one header. The same column goes by 实施主体 in one
list, 实施机构 or 办理机构 in the next, 承办单位 in a third; the basis column is 职权依据,
设定依据, 法律依据 or 法律依据及条款; the type column 职权类型, 事项类别 or 职权分类. The names
below were collected from published 权责清单 and 权力清单 of county governments, the 乡镇
权责清单 templates of several provinces, the 行政权力责任事项梳理表 offices fill in, and the
element names of the national 政务服务事项实施清单 (实施主体, 行使层级, 设定依据, 权力来源).

A name is compared without spaces, line breaks, a trailing colon or asterisk, and notes in
brackets (“职权依据（法律法规规章条款）” is 职权依据). Within one canonical column the names are
in order of preference: when a sheet has two columns for one canonical column (实施主体 beside
承办单位, which often names a 科室), the one listed first is read and the other is reported.

Columns that published lists carry but the catalog does not hold (追责情形, 廉政风险点 …) are
named in :data:`NOT_IMPORTED`, so that they are reported as not imported rather than unknown;
a header that is in neither table is reported with the closest known name.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

#: Canonical column -> the names offices use for it, preferred first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "序号": ("序号", "编号", "顺序号", "排序号"),
    "事项编码": (
        "事项编码",
        "编码",
        "权力编码",
        "职权编码",
        "权责事项编码",
        "权力事项编码",
        "权责编码",
        "清单编码",
        "事项代码",
        "职权代码",
        "权力代码",
        "事项编号",
        "基本编码",
        "实施编码",
    ),
    "职权类型": (
        "职权类型",
        "事项类型",
        "权力类型",
        "职权类别",
        "事项类别",
        "权力类别",
        "职权分类",
        "事项分类",
        "权力分类",
        "权责类型",
        "权责类别",
        "权力事项类型",
        "职权种类",
        "权力种类",
        "类别",
        "类型",
    ),
    "职权名称": (
        "职权名称",
        "事项名称",
        "权力名称",
        "权责事项名称",
        "权力事项名称",
        "职权事项名称",
        "行政职权名称",
        "行政权力名称",
        "职权事项",
        "权力事项",
        "权责事项",
        "主项名称",
        "职权名称主项",
        "事项名称主项",
        "权力名称主项",
        "项目名称",
    ),
    "子项": ("子项", "子项名称", "职权名称子项", "事项名称子项", "权力名称子项", "子项目名称"),
    "职权依据": (
        "职权依据",
        "设定依据",
        "法律依据",
        "实施依据",
        "法定依据",
        "权力依据",
        "行使依据",
        "依据",
        "设定和实施依据",
        "法律依据及条款",
        "职权依据及条款",
        "设定依据及条款",
        "实施依据及条款",
        "依据及条款",
        "法律法规依据",
        "法律法规规章依据",
        "法律法规规章条款",
    ),
    "实施主体": (
        "实施主体",
        "实施机构",
        "实施部门",
        "实施机关",
        "实施单位",
        "行使主体",
        "行使部门",
        "法定主体",
        "执法主体",
        "责任主体",
        "责任单位",
        "责任部门",
        "主管部门",
        "办理机构",
        "办理部门",
        "承办机构",
        "承办单位",
        "承办部门",
    ),
    "责任事项": ("责任事项", "责任事项内容", "责任事项及内容", "职责事项", "责任内容", "责任清单"),
    "监管措施": (
        "监管措施",
        "事中事后监管措施",
        "事中事后监管",
        "事中事后监管方式",
        "监管方式",
        "监管措施及方式",
        "监督方式",
        "监管内容",
        "事中事后监管内容",
    ),
    "监管责任主体": (
        "监管责任主体",
        "监管主体",
        "监管部门",
        "监管机构",
        "监管责任单位",
        "监管单位",
        "监管责任部门",
        "监督主体",
        "监督部门",
    ),
    "领域": ("领域", "所属领域", "行业领域", "事项领域", "业务领域"),
    "层级": ("层级", "行使层级", "权力层级", "实施层级", "管辖层级"),
    "备注": ("备注", "说明", "备注说明"),
    # 法定本级行使、上级下放…… in the national platform; some lists put the basis here
    "权力来源": ("权力来源", "职权来源", "事项来源"),
}
#: Columns a 权责清单 sheet must have (职权类型 may come from the sheet's name or a heading row,
#: 实施主体 from a sheet named after its department).
REQUIRED = ("职权名称", "职权类型", "职权依据", "实施主体")
#: Columns whose texts are joined when a sheet has several (设定依据 and 实施依据).
JOINED = frozenset({"职权依据"})
#: The 权力来源 values of the national platform (the catalog records how each town holds a
#: power in its 一镇一单, so these are read and not stored).
POWER_SOURCES = ("法定本级行使", "上级下放", "上级授权", "同级授权", "上级委托", "同级委托")

#: Columns published lists carry that the catalog does not import -> what holds that instead.
NOT_IMPORTED: dict[str, str] = {
    name: why
    for names, why in (
        (
            ("追责情形", "追责依据", "问责情形", "责任追究", "追责情形及依据"),
            "责任追究不属于本知识库的内容",
        ),
        (
            ("廉政风险点", "风险点", "廉政风险防控措施", "防控措施", "风险等级"),
            "廉政风险防控不属于本知识库的内容",
        ),
        (
            (
                "运行流程",
                "流程图",
                "权力运行流程图",
                "办理流程",
                "办理时限",
                "法定时限",
                "承诺时限",
            ),
            "办事指南在事项的 guide 中编写",
        ),
        (("收费依据", "收费标准", "是否收费"), "办事指南在事项的 guide 中编写"),
        (
            ("监督电话", "投诉电话", "咨询电话", "联系电话", "咨询方式"),
            "办事指南在事项的 guide 中编写",
        ),
        (
            ("承办科室", "责任科室", "内设机构", "承办处室", "责任股室"),
            "知识库按部门类别记录实施部门，不记录内设科室",
        ),
        (
            (
                "委托部门",
                "实施主体性质",
                "实施主体编码",
                "统一社会信用代码",
                "行使内容",
                "职责边界",
            ),
            "知识库不记录该项",
        ),
        (
            ("服务对象", "办理地点", "办件类型", "是否一次办好", "通办范围"),
            "办事指南在事项的 guide 中编写",
        ),
    )
    for name in names
}

_SYNONYMS = {name: canon for canon, names in COLUMNS.items() for name in names}
_RANK = {name: i for names in COLUMNS.values() for i, name in enumerate(names)}
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_SPACE = re.compile(r"[\s\u3000]+")


def clean(text: str) -> str:
    """Cell text without spaces and line breaks (as offices wrap long names)."""
    return _SPACE.sub("", text)


def header_key(text: Any) -> str:
    """A header text as compared: no spaces, notes in brackets, colon or asterisk."""
    return _NOTE.sub("", clean(str(text))).strip("*＊:：") if text is not None else ""


def column_name(text: Any) -> str | None:
    """The canonical column a header text names, if any (``事项名称（全称）`` -> 职权名称)."""
    if not isinstance(text, str):
        return None
    return _SYNONYMS.get(header_key(text))


def not_imported(text: Any) -> str | None:
    """Why a known but not imported column is not imported (``None`` for other texts)."""
    return NOT_IMPORTED.get(header_key(text)) if isinstance(text, str) else None


def rank(text: str) -> int:
    """How preferred a header name is within its canonical column (0 = the first)."""
    return _RANK.get(header_key(text), len(_RANK))


def _similarity(key: str, name: str) -> float:
    """How close an unknown header is to a known name (containment counts most)."""
    if not key:
        return 0.0
    if name in key or key in name:
        return 0.8 + min(len(name), len(key)) / (100 * max(len(name), len(key)))
    return difflib.SequenceMatcher(None, key, name, autojunk=False).ratio()


def closest(text: str, among: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """The known column name closest to an unrecognized header: ``(name, canonical)``.

    ``among`` limits the search to some canonical columns (the missing ones).
    """
    key = header_key(text)
    best: tuple[float, str, str] | None = None
    for canon, names in COLUMNS.items():
        if among is not None and canon not in among:
            continue
        for name in names:
            score = _similarity(key, name)
            if best is None or score > best[0]:
                best = (score, name, canon)
    return (best[1], best[2]) if best is not None and best[0] >= 0.5 else None


def describe_closest(text: str, among: tuple[str, ...] | None = None) -> str:
    """“执行机构”（最接近的已知列名：实施机构，即实施主体） for messages."""
    found = closest(text, among)
    if found is None:
        return f"“{text}”"
    name, canon = found
    same = "" if name == canon else f"，即{canon}"
    return f"“{text}”（最接近的已知列名：{name}{same}）"
