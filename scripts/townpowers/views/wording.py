"""How the catalog is worded for readers: Chinese dates, what each mode means, guide sections.

Shared by the site and the printed handbooks, so that a villager reading the web page and a
window clerk reading the handbook meet the same sentences.
"""

from __future__ import annotations

import datetime as dt

from ..model import Mode, PowerFile, PowerType
from ..model.powers import ENFORCEMENT_TYPES, Guide


def zh_date(value: dt.date | None) -> str:
    """2021年7月1日 (or an em dash for no date)."""
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日"


_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """A small count in Chinese numerals (1 -> 一, 12 -> 十二, 20 -> 二十), for step headings."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


#: What each mode means for an applicant: where to go, who accepts, who decides.
MODE_GUIDE: dict[Mode, tuple[str, str, str]] = {
    Mode.DIRECT: ("镇便民服务中心", "镇（以区（市）部门名义）", "镇（以区（市）部门名义，受委托）"),
    Mode.WINDOW: ("镇便民服务中心综合窗口", "镇综合窗口受理、转递", "区（市）部门"),
    Mode.REVIEW: ("镇便民服务中心", "镇受理并实质性审核", "区（市）部门（依镇的审核意见）"),
    Mode.STATUTORY: ("镇便民服务中心", "镇人民政府", "镇人民政府（法定职权）"),
}

#: The same for enforcement (penalties, coercion, inspections): there is no applicant, a case
#: starts from a lead and the town's part is investigating.
MODE_GUIDE_ENFORCEMENT: dict[Mode, tuple[str, str, str]] = {
    Mode.DIRECT: (
        "镇综合行政执法机构",
        "镇（受委托）立案、调查",
        "镇（以区（市）部门名义，受委托）",
    ),
    Mode.WINDOW: ("镇综合行政执法机构", "镇发现线索、移送", "区（市）部门"),
    Mode.REVIEW: ("镇综合行政执法机构", "镇受委托现场检查、调查取证", "区（市）部门"),
    Mode.STATUTORY: ("镇综合行政执法机构", "镇人民政府", "镇人民政府（法定职权）"),
}

#: Section labels of a guide: an application (许可、给付……) or an enforcement case.
GUIDE_LABELS = {
    False: {
        "guide": "办事指南",
        "conditions": "受理条件",
        "materials": "申请材料",
        "steps": "办理流程",
        "origin": "申请人",
        "limits": "时限、收费和联系方式",
    },
    True: {
        "guide": "执法指引",
        "conditions": "适用情形",
        "materials": "案卷材料",
        "steps": "执法程序",
        "origin": "线索（巡查、举报、移送）",
        "limits": "时限和联系方式",
    },
}


def is_enforcement(power: PowerFile | PowerType) -> bool:
    """Whether a power is exercised on a case (no applicant) rather than on an application:
    penalties, coercion and inspections always, other powers when marked ``casework``."""
    if isinstance(power, PowerType):
        return power in ENFORCEMENT_TYPES
    return power.type in ENFORCEMENT_TYPES or power.casework


def guide_for(
    power: PowerFile | PowerType,
) -> tuple[dict[Mode, tuple[str, str, str]], dict[str, str]]:
    """(where/who table, section labels) for a power (or a power type)."""
    enforcement = is_enforcement(power)
    return (MODE_GUIDE_ENFORCEMENT if enforcement else MODE_GUIDE), GUIDE_LABELS[enforcement]


MODE_SHORT = {
    Mode.DIRECT: "直接下放：区（市）部门依法委托镇实施，镇以区（市）部门名义受理和决定。",
    Mode.WINDOW: "前移服务窗口：镇设综合服务窗口受理申请，转递区（市）部门审核办理。",
    Mode.REVIEW: "实质性审核：镇行使实质性审核权（受理、核查、提出审核意见），报区（市）部门审批。",
    Mode.STATUTORY: "法定本级：法律法规本已规定由镇人民政府行使，不属于下放。",
}


def fee_text(guide: Guide) -> str:
    """收费 as a guide states it: the basis only when it says more than the verdict.

    A basis that merely repeats the verdict (``不收费。`` under 不收费) read
    “不收费（不收费。）”.
    """
    verdict = "收费" if guide.fee.charged else "不收费"
    text = verdict + (f"：{guide.fee.standard}" if guide.fee.standard else "")
    basis = (guide.fee.basis or "").strip()
    if basis and basis.rstrip("。．.") != verdict:
        text += f"（{basis}）"
    return text


def visits_text(visits: int) -> str:
    """到现场次数 with its unit; none means the whole matter is handled without a visit."""
    return "不用到现场" if visits == 0 else f"{visits} 次"
