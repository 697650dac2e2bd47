"""What a search result says about its page, and what an empty search offers instead.

Sphinx shows under each result the page's text around the first query word, or the page's
first 240 characters when the word was matched through the everyday vocabulary: for a guide
that was the need box's metadata (示意编码｜行政确认｜……), for a town its statistics code. The
rule here (docs/guide.md, “搜索”): a result of a guide, topic, town or law shows one line
saying what that page is about, written from the catalog; other pages show their first
paragraph of prose (docs/_static/zh-search.js). An empty search offers the topics and the
reader's town's service centre, whose phone is in the town view's data.
"""

from __future__ import annotations

from typing import Any

from ..model import Town
from ..model.catalog import Catalog
from ..views.services import Services
from ..views.wording import fee_text, is_enforcement


def _power_line(services: Services, power_id: str) -> str:
    power = services.cat.powers[power_id]
    counts, _elsewhere = services.mode_counts(power_id)
    parts = [f"{power.type.value}，{power.domain}"]
    held = sum(n for _m, n in counts)
    if held:
        modes = "、".join(m.value for m, _n in counts)
        parts.append(f"{held} 个镇可以办（{modes}）")
    else:
        parts.append("到区（市）政务服务大厅办理")
    guide = power.guide
    if guide is not None:
        limit = guide.promised_limit
        span = f"{limit.days} 个工作日" if limit.unit.value == "工作日" else f"{limit.days} 日"
        parts.append(f"承诺 {span}内办结，{fee_text(guide)}")
        parts.append("要带：" + "、".join(m.name for m in guide.materials[:3]))
    return "；".join(parts) + "。"


def _town_line(cat: Catalog, town: Town) -> str:
    district = cat.districts[town.district].name
    c = town.service_centre
    where = f"{c.name}：{c.address}，电话 {c.phone}" if c else "便民服务中心地址尚未录入"
    grants = len(cat.town_lists[town.id].grants) if town.id in cat.town_lists else 0
    return f"{district}{town.category}。{where}；赋权事项 {grants} 项。"


def summaries(services: Services, docs_prefix: str) -> dict[str, str]:
    """docname -> the line a search result shows under that page's title."""
    cat = services.cat
    out: dict[str, str] = {}
    for power_id in cat.powers:
        out[f"{docs_prefix}/powers/{power_id}"] = _power_line(services, power_id)
    for topic in cat.topics.values():
        steps = "、".join(row.step.action for row in services.topic_steps[topic.id])
        out[f"{docs_prefix}/topics/{topic.id}"] = f"{topic.summary}（{steps}）"
    for town in cat.towns.values():
        out[f"{docs_prefix}/towns/{town.id}"] = _town_line(cat, town)
    for law in cat.instruments.values():
        out[f"{docs_prefix}/laws/{law.id}"] = (
            f"{law.level.value}，{law.version.label}；本库逐字录入 {len(law.articles)} 条。"
        )
    return out


def topics(services: Services, docs_prefix: str) -> list[list[str]]:
    """[title, docname] of every topic, in the catalog's order: what an empty search offers."""
    return [[t.title, f"{docs_prefix}/topics/{t.id}"] for t in services.cat.topics.values()]


def guards(services: Services, docs_prefix: str) -> dict[str, list[list[Any]]]:
    """Service guide -> [[enforcement page, strength]]: the penalties and orders that enforce
    the same law as that guide's power, strongest first.

    People name an offence by what was done without the permit (无证卖鞭炮, 私自立广告牌): the
    words lead to the permit's guide, and these links lead on from it to the penalty. Strength
    is the number of articles the two powers cite in common (laws in common count one each).
    """
    cat = services.cat
    out: dict[str, list[list[Any]]] = {}
    enforcement = [p for p in cat.powers.values() if is_enforcement(p)]
    for power in cat.powers.values():
        if is_enforcement(power):
            continue
        laws = {b.law for b in power.bases}
        articles = {(b.law, b.article) for b in power.bases}
        linked = []
        for other in enforcement:
            shared_laws = laws & {b.law for b in other.bases}
            if not shared_laws:
                continue
            strength = len(shared_laws) + len(articles & {(b.law, b.article) for b in other.bases})
            linked.append([f"{docs_prefix}/powers/{other.id}", strength])
        if linked:
            out[f"{docs_prefix}/powers/{power.id}"] = sorted(linked, key=lambda x: (-x[1], x[0]))
    return out


def search_data(services: Services, docs_prefix: str) -> dict[str, Any]:
    """The search page's data beside the vocabulary: summaries, topics, the towns' index."""
    return {
        "summaries": summaries(services, docs_prefix),
        "topics": topics(services, docs_prefix),
        "guards": guards(services, docs_prefix),
        "towns": f"{docs_prefix}/towns/index",
    }
