"""The sphinx-needs configuration: which catalog objects are traced needs, and their links.

Kept beside the code that writes the need directives (:mod:`townpowers.site.pages`) so the two
cannot drift apart; ``conf.py`` only imports it. Titles and link labels are Chinese because they
are shown on the pages.
"""

from __future__ import annotations

from typing import Any

from ..model.ids import NEED_PREFIX

NEEDS_TYPES: list[dict[str, Any]] = [
    {
        "directive": "power",
        "title": "权力事项",
        "prefix": NEED_PREFIX["power"] + "_",
        "color": "#BFD8D2",
        "style": "node",
    },
    {
        "directive": "article",
        "title": "法律条文",
        "prefix": NEED_PREFIX["article"] + "_",
        "color": "#FEDCD2",
        "style": "node",
    },
    {
        "directive": "law",
        "title": "法律文件",
        "prefix": NEED_PREFIX["instrument"] + "_",
        "color": "#F6E8C3",
        "style": "node",
    },
    {
        "directive": "kind",
        "title": "部门类别",
        "prefix": NEED_PREFIX["kind"] + "_",
        "color": "#DCB239",
        "style": "node",
    },
    {
        "directive": "dept",
        "title": "部门",
        "prefix": NEED_PREFIX["department"] + "_",
        "color": "#E8D5A3",
        "style": "node",
    },
    {
        "directive": "town",
        "title": "镇",
        "prefix": NEED_PREFIX["town"] + "_",
        "color": "#C9DAF8",
        "style": "node",
    },
    {
        "directive": "district",
        "title": "区（市）",
        "prefix": NEED_PREFIX["district"] + "_",
        "color": "#A4C2F4",
        "style": "node",
    },
]

NEEDS_LINKS: dict[str, dict[str, Any]] = {
    "basis": {"outgoing": "法律依据", "incoming": "支撑的事项", "target_types": ["article"]},
    "owner": {"outgoing": "实施部门", "incoming": "实施的事项", "target_types": ["kind"]},
    "supervisors": {
        "outgoing": "监管责任主体",
        "incoming": "监管的事项",
        "target_types": ["kind"],
        "style": "dashed",
    },
    "part_of": {"outgoing": "所属法律文件", "incoming": "录入的条文", "target_types": ["law"]},
    "kind_of": {"outgoing": "部门类别", "incoming": "各区（市）的部门", "target_types": ["kind"]},
    "in_district": {"outgoing": "所在区（市）", "incoming": "辖内", "target_types": ["district"]},
}

NEEDS_FIELDS: dict[str, dict[str, Any]] = {
    "domain": {"description": "领域", "schema": {"type": "string"}, "nullable": True},
    "ptype": {"description": "事项类型", "schema": {"type": "string"}, "nullable": True},
    "level": {"description": "层级", "schema": {"type": "string"}, "nullable": True},
    "category": {"description": "类别", "schema": {"type": "string"}, "nullable": True},
}
