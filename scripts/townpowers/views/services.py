"""The catalog as the people it serves meet it: life events, everyday words, a town's window.

Computed once per build from the topics (``topics.yaml``) and the town lists: for every power the
topics it is a step of and the everyday words that lead to it, for every step how many towns
handle it in which mode, and for every town what a service guide should tell its residents
(where to go, who accepts and decides, since when). The site's topic pages, search vocabulary and
town view all read this, and none of it knows Markdown, HTML or JavaScript.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from ..model import GrantStatus, Mode, PowerFile, Step, Topic, Town
from ..model.catalog import Catalog
from ..model.profile import ProfileFile
from ..model.topics import plain_action
from .relations import GrantRow, Views
from .wording import guide_for, zh_date

#: How strongly an everyday word points at a page (the search scorer multiplies these): a step's
#: words and wording lead to that power's guide, a topic's words to the topic's page.
STEP_WORD, STEP_TOPIC, TOPIC_WORD = 3, 1, 3


@dataclass(frozen=True)
class TopicStep:
    """A step of a topic, numbered, with its power."""

    topic: Topic
    step: Step
    number: int
    power: PowerFile


class Services:
    """Topics, everyday words and town facts of one catalog (see the module docstring)."""

    def __init__(self, cat: Catalog, views: Views) -> None:
        self.cat = cat
        self.views = views
        self.steps_of: dict[str, list[TopicStep]] = defaultdict(list)
        self.topic_steps: dict[str, list[TopicStep]] = {}
        for topic in cat.topics.values():
            rows = [
                TopicStep(topic, step, n, cat.powers[step.power])
                for n, step in enumerate(topic.steps, 1)
                if step.power in cat.powers
            ]
            self.topic_steps[topic.id] = rows
            for row in rows:
                self.steps_of[row.power.id].append(row)

    def words_of(self, power_id: str) -> list[str]:
        """The everyday words of a power (its steps' words, each once, in topic order)."""
        return list(
            dict.fromkeys(w for row in self.steps_of.get(power_id, []) for w in row.step.words)
        )

    def related_topics(self, power_id: str) -> list[Topic]:
        """Topics that remind people of an enforcement item (``related``)."""
        return [t for t in self.cat.topics.values() if power_id in t.related]

    def mode_counts(self, power_id: str) -> tuple[list[tuple[Mode, int]], int]:
        """How many towns handle a power in force in each mode, and how many do not yet.

        A summary whose size does not grow with the number of towns: the topic pages show it, and
        the town view says what applies in the reader's own town.
        """
        counts: Counter[Mode] = Counter()
        for row in self.views.by_power.get(power_id, []):
            if row.grant.status is GrantStatus.IN_FORCE:
                counts[row.grant.current_mode] += 1
        elsewhere = len(self.cat.towns) - sum(counts.values())
        return [(m, counts[m]) for m in Mode if counts[m]], elsewhere

    def vocabulary(self, page_of: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
        """Everyday word -> [(page, weight)], for the search scorer.

        ``page_of`` maps ``power:<id>`` and ``topic:<id>`` to the page (docname) that shows it.
        A step's words and its plain action lead to the power's guide first, then to the topic;
        a topic's words and title lead to the topic's page.
        """
        out: dict[str, dict[str, int]] = defaultdict(dict)

        def add(word: str, page: str, weight: int) -> None:
            if len(word) >= 2:
                out[word][page] = max(out[word].get(page, 0), weight)

        for topic in self.cat.topics.values():
            topic_page = page_of[f"topic:{topic.id}"]
            for word in (topic.title, *topic.words):
                add(word, topic_page, TOPIC_WORD)
            for row in self.topic_steps[topic.id]:
                guide = page_of[f"power:{row.power.id}"]
                for word in (plain_action(row.step), *row.step.words):
                    add(word, guide, STEP_WORD)
                    add(word, topic_page, STEP_TOPIC)
        return {w: sorted(pages.items(), key=lambda p: (-p[1], p[0])) for w, pages in out.items()}

    def town_facts(self, town: Town) -> dict[str, Any]:
        """What a service guide tells the residents of ``town`` (the town view's data).

        For every power the town holds: the mode, status, since when, the deciding document and,
        in the words of the guide (:mod:`townpowers.views.wording`), where to go, who accepts and
        who decides. Powers it does not hold are handled by its district's departments, named
        here by kind so that a guide page can say which one.
        """
        district = self.cat.districts[town.district]
        grants: dict[str, Any] = {}
        for row in self.views.by_town.get(town.id, []):
            grants[row.power.id] = _grant_facts(row, self.cat.profile)
        centre = town.service_centre
        return {
            "id": town.id,
            "name": town.name,
            "district": district.name,
            "centre": None
            if centre is None
            else {
                "name": centre.name,
                "address": centre.address,
                "hours": centre.hours,
                "phone": centre.phone,
                "status": centre.status.value,
                "note": centre.note,
            },
            "departments": {
                kind: dept.name
                for kind in self.cat.kinds
                if (dept := self.cat.department(district.id, kind)) is not None
            },
            "grants": grants,
        }


def _grant_facts(row: GrantRow, profile: ProfileFile) -> dict[str, Any]:
    grant = row.grant
    guide, _labels = guide_for(row.power.type, profile)
    where, accept, decide = guide[grant.current_mode]
    decision = grant.decision
    return {
        "mode": grant.current_mode.value,
        "status": grant.status.value,
        "since": zh_date(grant.in_force_since) if grant.in_force_since else None,
        "document": decision.document if decision else None,
        "decided": zh_date(decision.date) if decision else None,
        "where": where,
        "accept": accept,
        "decide": decide,
        "decider": row.decider.name if row.decider else None,
    }
