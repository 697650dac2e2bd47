"""Enumerations and small shared objects of the catalog model.

Values that are domain terms (modes, power types, domains, statuses) are Chinese enum values,
because officials write and read them; keys are English identifiers because code and schemas
use them. Every field carries Chinese help text that becomes its JSON Schema description.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from .schema import Loc, loc_field, meta

ID = r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
ID_EXAMPLES = ("tengzhou", "mushi", "ZRZY-XK-001")


def id_meta(help: str, ref: str | None = None) -> dict[str, object]:
    """Metadata of an identifier field (``ref`` names the kind it refers to)."""
    return meta(help, pattern=ID, examples=ID_EXAMPLES, ref=ref)


# --- enumerations ------------------------------------------------------------------------------


class DistrictKind(enum.Enum):
    """区（市）的类型。"""

    DISTRICT = "市辖区"
    COUNTY_CITY = "县级市"


class ProvenanceStatus(enum.Enum):
    """数据的来源状况：有公开来源、由公开来源推断，或仅为示意。"""

    SOURCED = "有来源"
    INFERRED = "推断"
    ILLUSTRATIVE = "示意"


class InstrumentLevel(enum.Enum):
    """法律文件的效力层级。"""

    LAW = "法律"
    ADMIN_REGULATION = "行政法规"
    LOCAL_REGULATION = "地方性法规"
    DEPARTMENT_RULE = "部门规章"
    LOCAL_RULE = "地方政府规章"
    NORMATIVE = "规范性文件"
    POLICY = "政策文件"


class Competence(enum.Enum):
    """条文对“谁可以行使该权力”的规定。"""

    NAMES_TOWN = "明定乡镇"
    ALLOWS_ENTRUSTMENT = "允许委托"
    COUNTY_ONLY = "县级部门"
    FORBIDS_ENTRUSTMENT = "禁止委托"
    PROVINCIAL_DECISION = "需省级决定"
    SILENT = "未涉及"


class Verification(enum.Enum):
    """条文文本的核对状况。"""

    VERIFIED = "已核对原文"
    QUOTED = "转引未核对"
    UNVERIFIED = "未核实"


class PowerType(enum.Enum):
    """权力事项类型（“10+1”）。"""

    LICENSE = "行政许可"
    PENALTY = "行政处罚"
    COERCION = "行政强制"
    LEVY = "行政征收"
    BENEFIT = "行政给付"
    INSPECTION = "行政检查"
    CONFIRMATION = "行政确认"
    REWARD = "行政奖励"
    ADJUDICATION = "行政裁决"
    OTHER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class PowerLevel(enum.Enum):
    """权力事项在权责清单中的层级；法律直接规定由乡镇行使的为“乡镇级”。"""

    COUNTY = "县级"
    CITY = "市级"
    TOWN = "乡镇级"


class Mode(enum.Enum):
    """赋权方式：通知规定的三种，另加法律本已赋予乡镇的“法定本级”。"""

    DIRECT = "直接下放"
    WINDOW = "前移服务窗口"
    REVIEW = "实质性审核"
    STATUTORY = "法定本级"


class Act(enum.Enum):
    """权力运行中的一个环节：条文授权乡镇做的是哪一环（受理不等于决定，调查不等于处罚）。"""

    ACCEPT = "受理"
    INSPECT = "检查"
    INVESTIGATE = "调查取证"
    REVIEW = "审核"
    DECIDE = "决定"
    MEASURE = "强制措施"
    EXECUTE = "强制执行"
    EMERGENCY = "应急处置"


class Route(enum.Enum):
    """乡镇取得该环节的途径。"""

    STATUTE = "法律直接规定"
    ENTRUSTMENT = "部门委托"
    PROVINCIAL = "省级决定"


class Capacity(enum.Enum):
    """乡镇以谁的名义实施。"""

    OWN = "以自己名义"
    PRINCIPAL = "以委托机关名义"


class Condition(enum.Enum):
    """条文为委托或交由乡镇行使附加的条件。

    书面委托、向社会公告、执法资格和县级人民政府批准在赋权记录（entrustment）中核对；不得再委托
    作为说明显示。委托以后委托机关的责任（监督、承担法律责任）不是委托的条件，写在 duties 中
    （:class:`Duty`）；“委托机关监督并承担法律责任”留在这里只为读得懂此前的目录版本。
    """

    WRITTEN = "书面委托"
    ANNOUNCED = "向社会公告"
    CERTIFIED_STAFF = "执法资格人员"
    COUNTY_APPROVAL = "县级人民政府批准"
    NO_REDELEGATION = "不得再委托"
    PRINCIPAL_LIABLE = "委托机关监督并承担法律责任"


class Duty(enum.Enum):
    """条文规定委托以后委托机关负有的责任：不是委托的前提，赋权记录中不核对，页面上单列。"""

    SUPERVISE_AND_ANSWER = "委托机关监督并承担法律责任"
    GUIDE_AND_TRAIN = "委托机关指导和培训"


class CoercionKind(enum.Enum):
    """行政强制的两种（《行政强制法》第二条）。"""

    MEASURE = "行政强制措施"
    EXECUTION = "行政强制执行"


class BasisRole(enum.Enum):
    """法律依据在该事项中的作用。"""

    SETS = "设定依据"
    IMPLEMENTS = "实施依据"
    DELEGATES = "赋权依据"


class Measure(enum.Enum):
    """监管措施。"""

    RANDOM = "双随机一公开"
    CREDIT = "信用分级分类监管"
    INTERNET = "互联网+监管"
    KEY = "重点监管"
    ROUTINE = "日常巡查"
    COMPLAINT = "投诉举报核查"
    CASE_REVIEW = "案卷评查"


class TimeUnit(enum.Enum):
    """时限单位。"""

    WORKDAY = "工作日"
    DAY = "日"


class DecisionLevel(enum.Enum):
    """作出赋权决定的层级：区（市）政府，或市政府（涉及市级权限时）。"""

    DISTRICT = "区（市）"
    CITY = "市"


class EvaluationResult(enum.Enum):
    """用权评估结论。"""

    EXCELLENT = "优秀"
    GOOD = "良好"
    FAIR = "一般"
    POOR = "较差"


class GrantStatus(enum.Enum):
    """赋权事项的状态（按时间记录，不覆盖）。"""

    REQUESTED = "需求提出"
    DECIDED = "已确定"
    IN_FORCE = "已实施"
    WITHDRAWN = "已收回"


# --- shared small objects -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiver:
    """对某条检查规则的有意豁免：必须写明理由，并列入检查报告。"""

    rule: str = field(
        metadata=meta(
            "豁免的规则代码（townpowers check --list-rules）",
            pattern=r"[a-z][a-z0-9-]*",
            examples=("suspect-link",),
        )
    )
    reason: str = field(metadata=meta("豁免理由（写明为什么这是有意为之）", min_length=4))
    by: str | None = field(default=None, metadata=meta("决定豁免的人或单位", internal=True))
    date: dt.date | None = field(default=None, metadata=meta("豁免日期"))
    loc: Loc = loc_field()


def waivers_field() -> Any:
    """The ``waivers`` field of every object a check finding can be about."""
    return field(default=(), metadata=meta("对检查规则的豁免（每项须写明理由）"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """一位工作人员的联系方式（只在内部版中出现）。"""

    name: str = field(metadata=meta("姓名"))
    role: str | None = field(default=None, metadata=meta("岗位或职务", examples=("窗口受理",)))
    phone: str | None = field(
        default=None,
        metadata=meta(
            "电话（示意数据用不可能分配的号码：区号后的本地号码以0或1开头）",
            pattern=r"[0-9+][0-9 -]{4,19}",
            examples=("0632-0550101",),
        ),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """一条公开来源。"""

    title: str = field(metadata=meta("来源名称（网页标题、报道或文件名）"))
    url: str | None = field(
        default=None,
        metadata=meta("网址", pattern=r"https?://\S+", examples=("https://example.org/a.html",)),
    )
    note: str | None = field(default=None, metadata=meta("说明：该来源支持了什么"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """数据的来源与可信程度。"""

    status: ProvenanceStatus = field(metadata=meta("来源状况：有来源、推断或示意"))
    sources: tuple[Source, ...] = field(default=(), metadata=meta("支持该数据的公开来源"))
    note: str | None = field(default=None, metadata=meta("说明"))
    loc: Loc = loc_field()
