"""Offices' own codes for their items: whose district a code is, and which power it names.

A county 权责清单 numbers its items in its own scheme (``370481-ZR-XK-001``: the district's
区划代码, the department, the type, a number). That code is how the office refers to the item,
so import keeps it as an external code of the power *per district* and matches on it when the
same workbook comes back; the office never has to erase it or learn this catalog's ids.

Which district a code belongs to: the ``--district`` option, else the 区划代码 the code starts
with, else the district the row's 实施主体 names (a department's full name, or the district's
name in it), else the district named by the sheet's name or title. A code whose district
cannot be told is an error at its cell: stored under the wrong district it would match the
wrong office's item next time.

A 权责清单 splits one item (主项) into sub-items (子项) on consecutive rows that share the
item's code, type and name (merged cells), each with its own legal basis. Each sub-item is a
power of its own; the shared code is kept on every one of them with the sub-item's name, and
(district, code, sub-item) is what a row is matched on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..model import PowerFile
from ..model.catalog import Catalog, code_key
from ..model.powers import OFFICE_CODE
from ..sheets.read import Issue
from .read import Record

_CODE = re.compile(OFFICE_CODE)
_PREFIX = re.compile(r"^(\d{6})")


@dataclass
class CodeBook:
    """The catalog's recorded office codes, and the districts they belong to."""

    cat: Catalog
    district: str | None = None  # from the command line
    issues: list[Issue] = field(default_factory=list)
    by_code: dict[tuple[str, str, str], PowerFile] = field(default_factory=dict)
    by_prefix: dict[str, str] = field(default_factory=dict)
    by_department: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Index the codes, the districts' 区划代码 and the departments' full names."""
        for power in self.cat.powers.values():
            for entry in power.external_codes:
                key = (entry.district, code_key(entry.code), entry.sub_item or "")
                self.by_code[key] = power
        for district in self.cat.districts.values():
            self.by_prefix[district.code] = district.id
        for (district_id, _kind), dept in self.cat.departments.items():
            self.by_department[_plain(dept.name)] = district_id

    def valid(self, record: Record, code: str) -> bool:
        """Whether a code can be kept as written (an error at its cell otherwise)."""
        if _CODE.fullmatch(code):
            return True
        self.issues.append(
            Issue.make(
                "sheet-value",
                f"事项编码“{code}”含有空格或换行，或超过 80 个字符",
                record.at("事项编码"),
                "编码原样保存并用于再次导入时对应事项：去掉其中的空格和换行。",
            )
        )
        return False

    def district_of(self, record: Record, code: str) -> str | None:
        """The district an office's code belongs to (``None`` after reporting why not)."""
        prefix = _PREFIX.match(unicodedata.normalize("NFKC", code))
        by_code = self.by_prefix.get(prefix[1]) if prefix else None
        if self.district is not None:
            if by_code is not None and by_code != self.district:
                self.issues.append(
                    Issue.make(
                        "sheet-value",
                        f"事项编码“{code}”以{self._name(by_code)}的区划代码开头，"
                        f"但导入的是{self._name(self.district)}的权责清单（--district）",
                        record.at("事项编码"),
                        "检查 --district 是否写错，或该行是否属于另一个区（市）的清单。",
                    )
                )
                return None
            return self.district
        found = by_code or self._named(record.text("实施主体") or "") or self._named(record.context)
        if found is None:
            self.issues.append(
                Issue.make(
                    "sheet-value",
                    f"无法确定事项编码“{code}”属于哪个区（市）的权责清单",
                    record.at("事项编码"),
                    "运行 import-xlsx 时用 --district 指定区（市）（如 --district tengzhou），"
                    "或在实施主体中写区（市）部门的全称，或在工作表名、标题中写明区（市）。",
                )
            )
        return found

    def power(self, district: str, code: str, sub_item: str | None = None) -> PowerFile | None:
        """The power an office's code (and sub-item, if the list splits the item) was recorded
        for."""
        return self.by_code.get((district, code_key(code), sub_item or ""))

    def _named(self, text: str) -> str | None:
        """The one district a text names: a department's full name, or a district's name."""
        plain = _plain(text)
        if not plain:
            return None
        exact = self.by_department.get(plain)
        if exact is not None:
            return exact
        named = {d.id for d in self.cat.districts.values() if d.name in plain}
        named |= {d for name, d in self.by_department.items() if name in plain}
        return next(iter(named)) if len(named) == 1 else None

    def _name(self, district: str) -> str:
        """A district's name for messages."""
        found = self.cat.districts.get(district)
        return found.name if found else district


def merged_codes(
    old: list[dict[str, Any]], district: str, code: str, sub_item: str | None = None
) -> list[dict[str, Any]]:
    """A power's external codes with the district's code set (replacing an earlier one: the
    office renumbered its list), with the sub-item it names when the item is split."""
    out = [dict(c) for c in old if c.get("district") != district]
    position = next((i for i, c in enumerate(old) if c.get("district") == district), len(out))
    entry: dict[str, Any] = {"district": district, "code": code}
    if sub_item:
        entry["sub_item"] = sub_item
    out.insert(position, entry)
    return out


def _plain(text: str) -> str:
    """Text compared without spaces."""
    return re.sub(r"\s", "", text)
