"""Power items of the district departments' 权责清单, with bases, supervision and service guide.

A power names its owner and supervisors by department *kind*; the concrete department follows
from the town's district, so one power description serves all six districts. Its legal bases are
article-level references; its service guide follows the elements of the national 实施清单.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .common import (
    BasisRole,
    CoercionKind,
    Condition,
    Measure,
    Mode,
    PowerLevel,
    PowerType,
    ProvenanceStatus,
    TimeUnit,
    Waiver,
    waivers_field,
)
from .common import id_meta as _id
from .schema import Loc, loc_field, meta

#: Powers exercised on a case (a lead, an inspection) rather than on someone's application.
ENFORCEMENT_TYPES = frozenset({PowerType.PENALTY, PowerType.COERCION, PowerType.INSPECTION})


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """审核记录：审核人确认该引用时条文文本的指纹。"""

    fingerprint: str = field(
        metadata=meta("条文文本指纹（SHA-256 前12位）", pattern=r"[0-9a-f]{12}")
    )
    by: str = field(metadata=meta("审核人"))
    date: dt.date = field(metadata=meta("审核日期"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Basis:
    """一条法律依据：某法律文件的某条（款、项）。"""

    law: str = field(metadata=_id("法律文件标识", ref="instrument"))
    article: str = field(
        metadata=meta("条号，与法律文件中的 number 一致", examples=("第四十一条",))
    )
    paragraph: int | None = field(default=None, metadata=meta("款（从1起）", minimum=1, maximum=20))
    item: int | None = field(default=None, metadata=meta("项（从1起）", minimum=1, maximum=40))
    role: BasisRole = field(default=BasisRole.SETS, metadata=meta("依据的作用"))
    note: str | None = field(default=None, metadata=meta("说明"))
    reviewed: Review | None = field(default=None, metadata=meta("审核记录（用于发现条文变化）"))
    review_history: tuple[Review, ...] = field(
        default=(),
        metadata=meta(
            "以前的审核记录（先早后晚；townpowers review 在写入新记录时把旧记录移到这里）"
        ),
    )
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Supervision:
    """事中事后监管：监管责任主体、监管内容和监管措施。"""

    bodies: tuple[str, ...] = field(
        default=(),
        metadata=_id("监管责任主体（部门类别标识）；通知要求每项调整的权力都有", ref="kind"),
    )
    content: str | None = field(default=None, metadata=meta("监管内容；通知要求每项调整的权力都有"))
    measures: tuple[Measure, ...] = field(metadata=meta("监管措施", min_items=1))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Delegation:
    """依法可采用的赋权方式及其理由。"""

    modes: tuple[Mode, ...] = field(metadata=meta("依法可采用的方式", min_items=1))
    recommended: Mode = field(metadata=meta("建议采用的方式"))
    rationale: str = field(
        metadata=meta(
            "法律理由（为什么可以或不能下放）；所提到的条文（《某法》第N条）必须已录入本库，"
            "并列入该条文的“支撑的事项”"
        )
    )
    entrustment_conditions: tuple[Condition, ...] = field(
        default=(),
        metadata=meta(
            "委托镇实施时还须满足的条件（理由中写明而所依据条文本身没有列出的，如书面委托、向社会公布）；"
            "与条文的条件一样在赋权记录（entrustment）中核对"
        ),
    )
    departure: str | None = field(
        default=None,
        metadata=meta(
            "建议方式偏离通知顺序的理由：通知要求能直接下放的直接下放，不能下放和委托的前移服务窗口，"
            "两者都不能的才实质性审核；建议方式不是依法可采用方式中按此顺序的第一种时必须写明"
        ),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeLimit:
    """办理时限。"""

    days: int = field(metadata=meta("天数", minimum=1, maximum=365))
    unit: TimeUnit = field(metadata=meta("单位：工作日或日"))
    note: str | None = field(default=None, metadata=meta("说明（如依据条款）"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Material:
    """一项申请材料。"""

    name: str = field(metadata=meta("材料名称"))
    required: bool = field(default=True, metadata=meta("是否必需"))
    form: str = field(default="原件", metadata=meta("材料形式", examples=("原件", "复印件")))
    copies: int = field(default=1, metadata=meta("份数", minimum=1, maximum=20))
    note: str | None = field(default=None, metadata=meta("填报须知"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Fee:
    """收费。"""

    charged: bool = field(metadata=meta("是否收费"))
    standard: str | None = field(default=None, metadata=meta("收费标准"))
    basis: str | None = field(default=None, metadata=meta("收费或不收费的依据"))
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Guide:
    """办事指南要素（参照全国一体化政务服务平台实施清单要素）。"""

    conditions: tuple[str, ...] = field(metadata=meta("受理条件", min_items=1))
    materials: tuple[Material, ...] = field(metadata=meta("申请材料", min_items=1))
    steps: tuple[str, ...] = field(metadata=meta("办理流程", min_items=1))
    legal_limit: TimeLimit | None = field(
        default=None, metadata=meta("法定时限（法律法规未规定时留空并在 legal_limit_note 中说明）")
    )
    legal_limit_note: str | None = field(default=None, metadata=meta("法定时限说明"))
    promised_limit: TimeLimit = field(metadata=meta("承诺时限"))
    fee: Fee = field(metadata=meta("收费"))
    visits: int = field(default=1, metadata=meta("到办事现场次数", minimum=0, maximum=5))
    online: bool = field(default=False, metadata=meta("是否可网上办理"))
    consultation: str = field(metadata=meta("咨询方式"))
    complaint: str = field(metadata=meta("监督投诉方式"))
    status: ProvenanceStatus = field(
        default=ProvenanceStatus.ILLUSTRATIVE,
        metadata=meta("指南内容的来源状况（未经部门核定的为“示意”）"),
    )
    loc: Loc = loc_field()


#: An office's code for an item: any text without spaces or line breaks, kept as written.
OFFICE_CODE = r"[^\s]{1,80}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExternalCode:
    """区（市）部门权责清单中该事项的编码（部门自己的编码，原样保存）。

    部门用自己的编码称呼事项（如 370481-ZR-XK-001）；导入权责清单时按（区（市），编码）对应到事项，
    所以同一工作簿再次导入时更新同一事项，而不要求部门改用本知识库的编码。
    """

    district: str = field(
        metadata=_id("区（市）标识：使用该编码的权责清单所属的区（市）", ref="district")
    )
    code: str = field(
        metadata=meta(
            "该区（市）权责清单中的事项编码（原样保存）",
            pattern=OFFICE_CODE,
            examples=("370481-ZR-XK-001",),
        )
    )
    sub_item: str | None = field(
        default=None,
        metadata=meta(
            "子项名称：权责清单把一个主项分为几个子项（各有自己的依据）、子项共用主项的编码时，"
            "该事项是哪一个子项；按（区（市），编码，子项）对应事项",
            examples=("农村村民住宅建设",),
        ),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class PowerFile:
    """powers/<编码>.yaml：区（市）部门权责清单中的一个权力事项。"""

    id: str = field(metadata=_id("事项编码（本知识库示意编码）"))
    name: str = field(metadata=meta("事项名称"))
    type: PowerType = field(metadata=meta("事项类型"))
    domain: str = field(
        metadata=meta("所属领域（profile.yaml 的 domains 之一）", vocabulary="domains")
    )
    owner: str | None = field(
        default=None,
        metadata=_id(
            "实施部门类别（权责清单中的原实施部门）；法律直接规定由乡镇行使的事项（层级为乡镇级）不填",
            ref="kind",
        ),
    )
    approver: str | None = field(
        default=None, metadata=_id("审批部门类别（已划转行政审批服务局等情形）", ref="kind")
    )
    level: PowerLevel = field(
        metadata=meta("层级：县级、市级，或法律直接规定由乡镇行使的乡镇级（法定本级）")
    )
    casework: bool = field(
        default=False,
        metadata=meta(
            "依职权办理、没有申请人的事项（从巡查、举报、移送的线索开始），如责令停止建设、限期改正；"
            "行政处罚、行政强制、行政检查总是如此，不必填写"
        ),
    )
    coercion: CoercionKind | None = field(
        default=None,
        metadata=meta(
            "行政强制的种类（类型为行政强制时必填）：行政强制措施或行政强制执行"
            "（《行政强制法》第二条）"
        ),
    )
    bases: tuple[Basis, ...] = field(default=(), metadata=meta("法律依据（至少一条，精确到条）"))
    supervision: Supervision = field(metadata=meta("监管"))
    duties: str | None = field(default=None, metadata=meta("责任事项（权责清单原文）"))
    delegation: Delegation | None = field(
        default=None, metadata=meta("赋权方式的法律分析（赋予任何镇之前必须填写）")
    )
    guide: Guide | None = field(
        default=None,
        metadata=meta("办事指南（以下放、窗口前移或实质性审核方式赋予镇之前必须填写）"),
    )
    external_codes: tuple[ExternalCode, ...] = field(
        default=(),
        metadata=meta("各区（市）权责清单中的事项编码（部门自己的编码；每个区（市）至多一个）"),
    )
    unverified: tuple[str, ...] = field(default=(), metadata=meta("未经核实的字段名"))
    note: str | None = field(default=None, metadata=meta("说明"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


def applied_for(power: PowerFile) -> bool:
    """Whether citizens or businesses apply for the power (not an enforcement case).

    These are the powers people look for; each must be reachable from a life event (topic).
    A power exercised on cases (``casework``, e.g. 责令停止建设) is enforcement whatever its
    type.
    """
    return power.type not in ENFORCEMENT_TYPES and not power.casework
