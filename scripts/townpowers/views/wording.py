"""How the catalog is worded for readers: Chinese dates, what each mode means, guide sections.

Shared by the site and the printed handbooks, so that a villager reading the web page and a
window clerk reading the handbook meet the same sentences.
"""

from __future__ import annotations

import datetime as dt

from ..model import Mode, PowerFile, PowerType
from ..model.powers import ENFORCEMENT_TYPES, Guide
from ..model.profile import ProfileFile


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


#: What a mode means for a reader: where to go, who accepts (or investigates), who decides.
ModeWords = tuple[str, str, str]


def mode_guide(profile: ProfileFile, enforcement: bool = False) -> dict[Mode, ModeWords]:
    """Each mode's where/who for an application or, for enforcement (penalties, coercion,
    inspections: no applicant, a case starts from a lead), a case: as the profile words it."""
    out: dict[Mode, ModeWords] = {}
    for m in profile.modes:
        g = m.enforcement if enforcement else m.guide
        out[m.rules_as] = (g.where, g.accept, g.decide)
    return out


def mode_short(profile: ProfileFile) -> dict[Mode, str]:
    """Each mode's one-sentence explanation, in the profile's order of modes."""
    return {m.rules_as: m.summary for m in profile.modes}


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
    power: PowerFile | PowerType, profile: ProfileFile
) -> tuple[dict[Mode, ModeWords], dict[str, str]]:
    """(where/who table, section labels) for a power (or a power type)."""
    enforcement = is_enforcement(power)
    return mode_guide(profile, enforcement), GUIDE_LABELS[enforcement]


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
