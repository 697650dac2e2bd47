"""Services: whether the people the powers serve can find them and find the window.

The catalog is organised the way departments think (权责清单, 领域); people look for a life
event (主题, ``topics.yaml``) in their own words and then for the window of their town. These
rules keep that path whole: every power people apply for at a town window is reachable from a
topic, a topic
leads only to powers people apply for (enforcement items are reminders, not steps), an everyday
word leads to one power, and every town that holds powers says where its window is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..diagnostics import Severity
from ..model.powers import applied_for
from ..model.topics import plain_action
from .engine import Context, Finding, rule

W = Severity.WARNING


@rule(
    "power-no-topic",
    W,
    "services",
    "群众申请的事项不属于任何主题",
    "群众按要办的事（主题服务，topics.yaml）找事项，而不是按部门的权责清单。每个由群众或企业申请、"
    "且已赋予某个镇的事项（处罚、强制、检查等执法事项除外）都应当是至少一个主题中的一步，否则从"
    "首页的主题进不去，群众的常见说法也搜不到它。权责清单中还没有任何镇选用的事项（菜单）不在此列。",
)
def power_no_topic(ctx: Context) -> Iterator[Finding]:
    in_topics = {step.power for topic in ctx.cat.topics.values() for step in topic.steps}
    hint = (
        "在 topics.yaml 中把它列为某个主题的一步（power、action，以及群众的常见说法 words）。"
        if ctx.cat.topics
        else "目录还没有 topics.yaml：为群众要办的事建立主题，每个主题列出涉及的事项。"
    )
    for power in ctx.cat.powers.values():
        offered = ctx.aggregates.granted.get(power.id)
        if offered and applied_for(power) and power.id not in in_topics:
            yield Finding(
                f"事项“{power.name}”由群众申请，但不属于任何主题",
                power.loc.at("id"),
                (power,),
                hint,
            )


@rule(
    "topic-step-enforcement",
    W,
    "services",
    "主题的步骤是执法事项",
    "主题的步骤是群众要去办的事；处罚、强制、检查等执法事项没有人去申请，应列入主题的 related"
    "（提醒注意），而不是作为一步。",
)
def topic_step_enforcement(ctx: Context) -> Iterator[Finding]:
    for topic in ctx.cat.topics.values():
        for step in topic.steps:
            power = ctx.cat.powers.get(step.power)
            if power is not None and not applied_for(power):
                yield Finding(
                    f"主题“{topic.title}”的步骤“{step.action}”是执法事项（{power.type.value}）",
                    step.loc.at("power"),
                    (step, topic),
                    "把它从 steps 移到 related。",
                )


@rule(
    "topic-word-ambiguous",
    W,
    "services",
    "同一个常见说法指向不同的事项",
    "步骤中的常见说法（words）和步骤的说法（action，括号中的说明除外）决定搜索时哪个办事指南排在"
    "最前。同一个说法写在不同事项的步骤里，搜索就无法判断群众要找哪一个；把它改写得更具体，"
    "或移到主题本身的 words 中（指向主题页面）。",
)
def topic_word_ambiguous(ctx: Context) -> Iterator[Finding]:
    owners: dict[str, dict[str, tuple[str, int, int]]] = defaultdict(dict)
    for topic in ctx.cat.topics.values():
        for step in topic.steps:
            owners[plain_action(step)].setdefault(step.power, step.loc.at("action"))
            for i, word in enumerate(step.words):
                owners[word].setdefault(step.power, step.loc.at(f"words[{i}]"))
    for word, by_power in owners.items():
        if len(by_power) < 2:
            continue
        named = [ctx.cat.powers[p].name if p in ctx.cat.powers else p for p in sorted(by_power)]
        names = "、".join(named[:3]) + (f"等 {len(named)} 个事项" if len(named) > 3 else "")
        for where in sorted(by_power.values())[1:]:
            yield Finding(f"常见说法“{word}”同时指向：{names}", where, ())


@rule(
    "town-no-service-centre",
    W,
    "services",
    "镇没有填写便民服务中心",
    "群众到镇里办事，首先要知道窗口在哪里、几点开门、电话多少。赋予了事项的镇应在 towns.yaml 中填写"
    "service_centre（名称、地址、办公时间、电话；未经核实的标为示意）。",
)
def town_no_service_centre(ctx: Context) -> Iterator[Finding]:
    for town in ctx.cat.towns.values():
        if town.service_centre is None and ctx.aggregates.grant_counts.get(town.id):
            yield Finding(
                f"{town.name}有赋权事项，但没有填写便民服务中心",
                town.loc.at("id"),
                (town,),
                "在 towns.yaml 中该镇下填写 service_centre。",
            )
