"""Where powers go: the catalog header, districts, towns and departments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .common import (
    DistrictKind,
    Provenance,
    ProvenanceStatus,
    Waiver,
    waivers_field,
)
from .common import id_meta as _id
from .schema import Loc, loc_field, meta

# --- catalog.yaml ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """本知识库所服务的通知。"""

    title: str = field(metadata=meta("通知标题"))
    issuer: str = field(metadata=meta("发文机关"))
    date: dt.date = field(metadata=meta("成文日期"))
    document_number: str | None = field(default=None, metadata=meta("文号（未核实时留空）"))
    source: str = field(metadata=meta("文本来源"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Deadlines:
    """通知规定的时间节点。"""

    city_demands: dt.date = field(metadata=meta("涉及市级权限的用权需求上报截止日（5月底）"))
    in_force: dt.date = field(metadata=meta("赋权事项实施截止日（7月底）"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogFile:
    """catalog.yaml：目录的基本信息。"""

    title: str = field(metadata=meta("知识库名称"))
    version: str = field(
        metadata=meta("目录版本号", pattern=r"\d{4}\.\d{1,2}(?:\.\d+)?", examples=("2021.7",))
    )
    date: dt.date = field(metadata=meta("目录版本日期"))
    reference_date: dt.date = field(metadata=meta("进度检查的参照日期"))
    compiler: str = field(metadata=meta("编制单位"))
    notice: Notice = field(metadata=meta("所依据的通知"))
    deadlines: Deadlines = field(metadata=meta("通知规定的时间节点"))
    note: str | None = field(default=None, metadata=meta("关于数据来源和示意数据的总体说明"))
    loc: Loc = loc_field()


# --- districts, towns, departments -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class District:
    """区（市）。"""

    id: str = field(metadata=_id("区（市）标识（拼音）"))
    name: str = field(
        metadata=meta(
            "名称（结尾须符合 profile.yaml 中该层级的 name_endings）",
            examples=("滕州市",),
            grammar="district",
        )
    )
    code: str = field(metadata=meta("6位统计用区划代码", pattern=r"\d{6}", examples=("370481",)))
    kind: DistrictKind = field(metadata=meta("类型：市辖区或县级市"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictsFile:
    """districts.yaml：枣庄市的区（市）。"""

    districts: tuple[District, ...] = field(metadata=meta("区（市）列表", min_items=1))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceCentre:
    """镇便民服务中心：群众到镇里办事的窗口（公开信息）。"""

    name: str = field(metadata=meta("名称", examples=("木石镇便民服务中心",)))
    address: str = field(metadata=meta("地址"))
    hours: str = field(
        metadata=meta(
            "办公时间", examples=("周一至周五 8:30—12:00，13:30—17:30（法定节假日除外）",)
        )
    )
    phone: str = field(
        metadata=meta("咨询电话", pattern=r"[0-9+][0-9 -]{4,19}", examples=("0632-1570001",))
    )
    status: ProvenanceStatus = field(
        default=ProvenanceStatus.ILLUSTRATIVE,
        metadata=meta("来源状况：未经核实的地址、时间和电话为“示意”，页面上如实标明"),
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Town:
    """承接赋权的一个镇（街道）。"""

    id: str = field(metadata=_id("镇标识（拼音），用作网页地址"))
    name: str = field(
        metadata=meta("镇名称", pattern=r".+镇", examples=("木石镇",), grammar="town")
    )
    code: str = field(metadata=meta("9位统计用区划代码", pattern=r"\d{9}", examples=("370481113",)))
    district: str = field(metadata=_id("所属区（市）的标识", ref="district"))
    category: str = field(
        metadata=meta("类别（profile.yaml 的 categories 之一）", vocabulary="categories")
    )
    provenance: Provenance = field(metadata=meta("该镇列入赋权范围的来源：有来源、推断或示意"))
    profile: str | None = field(default=None, metadata=meta("镇情简介（产业特点等）"))
    service_centre: ServiceCentre | None = field(
        default=None, metadata=meta("镇便民服务中心（办事窗口的地址、办公时间和电话）")
    )
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class TownsFile:
    """towns.yaml：承接赋权的镇（街道）。"""

    towns: tuple[Town, ...] = field(metadata=meta("镇列表", min_items=1))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartmentKind:
    """部门类别（如自然资源和规划），各区（市）各有其具体部门。"""

    id: str = field(metadata=_id("部门类别标识（拼音）"))
    name: str = field(metadata=meta("类别名称", examples=("自然资源和规划",)))
    generic: str = field(metadata=meta("通用称谓", examples=("区（市）自然资源和规划部门",)))
    duties: str | None = field(default=None, metadata=meta("与赋权有关的职责概述"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartmentKindsFile:
    """departments/kinds.yaml：部门类别。"""

    kinds: tuple[DepartmentKind, ...] = field(metadata=meta("部门类别列表", min_items=1))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Department:
    """某区（市）的一个具体部门。"""

    kind: str = field(metadata=_id("部门类别标识", ref="kind"))
    name: str = field(
        metadata=meta("部门全称", examples=("滕州市自然资源局",), grammar="department")
    )
    unverified: tuple[str, ...] = field(
        default=(), metadata=meta("未经核实的字段名（如 name：2021年的机构名称未核实）")
    )
    note: str | None = field(default=None, metadata=meta("说明"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictDepartmentsFile:
    """departments/<区（市）>.yaml：一个区（市）的具体部门。"""

    district: str = field(metadata=_id("区（市）标识", ref="district"))
    departments: tuple[Department, ...] = field(metadata=meta("部门列表", min_items=1))
    loc: Loc = loc_field()
