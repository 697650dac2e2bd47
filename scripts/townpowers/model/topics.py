"""Life events (主题服务): the powers as the people they serve think of them.

A villager does not look for 农村村民宅基地审批; they want to build a house. A topic names such
an event in plain words, lists the everyday words people use for it (the site's search
understands them), and the powers involved in the order they are usually needed. Topics are
catalog data rather than code, so the offices that answer for the wording can review it; rules
check that every topic resolves and that every power a citizen applies for belongs to a topic.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from .common import Waiver, waivers_field
from .common import id_meta as _id
from .schema import Loc, loc_field, meta

#: An everyday word: two to twelve characters, no spaces (it is matched inside search queries).
WORD = r"[^\s]{2,12}"
WORD_EXAMPLES = ("盖房子", "开饭店", "五保户")


def words_meta(help: str, min_items: int | None = None) -> dict[str, object]:
    """Metadata of a list of everyday words."""
    return meta(help, pattern=WORD, examples=WORD_EXAMPLES, min_items=min_items)


class Audience(enum.Enum):
    """主题面向谁。"""

    PEOPLE = "个人"
    BUSINESS = "企业和个体经营者"
    BOTH = "个人和企业"


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """主题中的一步：办理一个权力事项。"""

    power: str = field(metadata=_id("权力事项编码", ref="power"))
    action: str = field(
        metadata=meta("这一步用群众的话怎么说", examples=("申请宅基地", "办营业执照"))
    )
    when: str | None = field(
        default=None,
        metadata=meta(
            "只在部分情形下需要这一步时，写明什么情形（省略表示都要办）",
            examples=("开饭店、小吃店的",),
        ),
    )
    note: str | None = field(default=None, metadata=meta("提示（用群众听得懂的话）"))
    words: tuple[str, ...] = field(
        default=(),
        metadata=words_meta("群众对这一步的常见说法：搜索这些词时，本事项的办事指南排在最前"),
    )
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    """一个主题（群众或企业要办的一件事）。"""

    id: str = field(metadata=_id("主题标识（拼音），用作网页地址"))
    title: str = field(metadata=meta("主题名称，用群众的说法", examples=("我要建房",)))
    summary: str = field(metadata=meta("一句话说明这件事要办哪些手续"))
    audience: Audience = field(default=Audience.PEOPLE, metadata=meta("面向谁"))
    words: tuple[str, ...] = field(
        metadata=words_meta("群众对这件事的常见说法（搜索用）", min_items=1)
    )
    steps: tuple[Step, ...] = field(
        metadata=meta("办理的步骤：涉及的权力事项，按通常的办理先后排列", min_items=1)
    )
    related: tuple[str, ...] = field(
        default=(),
        metadata=_id("需要提醒注意的执法事项（如未经批准建房的处罚）的编码", ref="power"),
    )
    notes: tuple[str, ...] = field(default=(), metadata=meta("注意事项"))
    waivers: tuple[Waiver, ...] = waivers_field()
    loc: Loc = loc_field()


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicsFile:
    """topics.yaml：主题服务（群众和企业要办的事及其常见说法）。"""

    topics: tuple[Topic, ...] = field(metadata=meta("主题列表", min_items=1))
    loc: Loc = loc_field()


_PARENS = re.compile(r"（[^）]*）")


def plain_action(step: Step) -> str:
    """A step's action without its gloss: 办营业执照（个体工商户登记） -> 办营业执照.

    The plain action is how a person would say what they are doing, so search treats it like
    one of the step's everyday words.
    """
    return _PARENS.sub("", step.action).strip() or step.action
