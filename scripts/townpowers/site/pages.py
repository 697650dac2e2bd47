"""Which pages the site has, and the data each template receives.

This package decides *what* is generated from the catalog (one page per district, town, power,
legal instrument, department kind and concrete department, plus indexes, the traceability
matrix and diagrams, the timeline and the check report); :mod:`townpowers.site.rendering` decides
*how* it is written. The page list is one function, so it is easy to see (and test) that every
catalog object gets its page.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from ..checks import CATEGORIES, RULES, CheckResult, gate_codes
from ..checks.report import rule_rows
from ..diagnostics import Severity, registry
from ..model import (
    BasisRole,
    EvaluationResult,
    GrantStatus,
    InstrumentLevel,
    Mode,
    Town,
    ids,
    lawtext,
    progress,
)
from ..model.catalog import Catalog
from ..model.topics import plain_action
from ..views import amendments, citations, edition, wording
from ..views.glossary import Term
from ..views.relations import Views
from ..views.services import Services
from . import assets, names
from .changepages import Changes
from .dashboard import Dashboard, status_cell
from .rendering import Page, md
from .shards import CORE, Plan, site_prefix

#: A power held by more towns than this names them on its districts' pages, and its own page
#: counts them by district: no page grows with the number of towns in the province.
TOWNS_LISTED_UP_TO = 60

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _category_of(code: str) -> str:
    rule = RULES.get(code)
    return CATEGORIES[rule.category] if rule else registry()[code].category


def generate_report(result: CheckResult, env: jinja2.Environment, internal: bool) -> list[Page]:
    """The check report and the rules page (all a broken catalog can still show).

    The public edition leaves out findings of the internal categories (readiness of the towns'
    staff) and who granted a waiver.
    """
    hidden = set() if internal else {CATEGORIES[c] for c in edition.INTERNAL_CATEGORIES}
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    shown = [d for d in result.diagnostics() if _category_of(d.code) not in hidden]
    for d in shown:
        groups[_category_of(d.code)].append({"d": d, "severity": SEVERITY_ZH[d.severity]})
    waived = [
        (d, w if internal else edition.redact(w))
        for d, w in result.waived()
        if _category_of(d.code) not in hidden
    ]
    order = [*CATEGORIES.values(), *sorted({e.category for e in registry().values()})]
    by_category = [(name, groups[name]) for name in dict.fromkeys(order) if groups.get(name)]
    c = Counter(d.severity for d in shown)
    report = env.get_template("check-report.md.j2").render(
        groups=by_category,
        waived=waived,
        hidden=sorted(hidden),
        loaded=result.loaded,
        errors=c[Severity.ERROR],
        warnings=c[Severity.WARNING],
        infos=c[Severity.INFO],
        rule_count=len(rule_rows()),
    )
    rules = []
    for name in dict.fromkeys(order):
        entries = [(code, e) for code, e in registry().items() if _category_of(code) == name]
        if entries:
            rules.append(
                (
                    name,
                    [
                        (code, e, SEVERITY_ZH[e.severity], code in RULES, code in gate_codes())
                        for code, e in entries
                    ],
                )
            )
    rules_page = env.get_template("rules.md.j2").render(
        categories=rules, rule_count=len(rule_rows())
    )
    return [Page("check-report.md", report), Page("rules.md", rules_page)]


_TERM_UNSAFE = re.compile(r"[\s()<>\[\]\\]")


def term_link(glossary: Mapping[str, Term] | None) -> Callable[..., str]:
    """The ``term`` template helper: a term of art linked to its glossary entry.

    ``[直接下放](#直接下放 "first sentence")``: MyST resolves the target to the glossary's term
    and keeps the title, so the reader sees the plain-words explanation on hover and reaches the
    whole entry with a click. A term the glossary lacks fails the build (a misspelt term would
    otherwise silently lose its explanation). Without a glossary (page generation outside a
    Sphinx build) terms are plain text.
    """

    def term(word: str, text: str | None = None) -> str:
        if glossary is None:
            return md(text or word)
        entry = glossary.get(word)
        if entry is None:
            raise KeyError(f"术语表（docs/glossary.md）中没有“{word}”")
        if _TERM_UNSAFE.search(word):
            raise ValueError(f"术语“{word}”含有不能用作链接目标的字符")
        return f'[{md(text or word)}](#{word} "{md(entry.short)}")'

    return term


def _globals(
    cat: Catalog, views: Views, internal: bool, glossary: Mapping[str, Term] | None = None
) -> dict[str, Any]:
    return {
        "internal": internal,
        "here": lambda path: True,
        "cat": cat,
        "views": views,
        "meta": cat.meta,
        "profile": cat.profile,
        "vocab": cat.profile.vocabulary(),
        "Mode": Mode,
        "GrantStatus": GrantStatus,
        "EvaluationResult": EvaluationResult,
        "Step": progress.Step,
        "step_source": progress.step_sources(cat.profile),
        "step_name": progress.step_names(cat.profile),
        "progress": progress,
        "status_cell": status_cell,
        "InstrumentLevel": InstrumentLevel,
        "BasisRole": BasisRole,
        "MODE_GUIDE": wording.mode_guide(cat.profile),
        "guide_for": lambda power: wording.guide_for(power, cat.profile),
        "fee_text": wording.fee_text,
        "visits_text": wording.visits_text,
        "is_enforcement": wording.is_enforcement,
        "MODE_SHORT": wording.mode_short(cat.profile),
        "xref": names.xref,
        "zh_date": wording.zh_date,
        "need": names.need,
        "power_label": names.power_label,
        "law_label": names.law_label,
        "article_label": names.article_label,
        "kind_label": names.kind_label,
        "dept_label": names.dept_label,
        "town_label": names.town_label,
        "district_label": names.district_label,
        "district_powers_label": names.district_powers_label,
        "TOWNS_LISTED_UP_TO": TOWNS_LISTED_UP_TO,
        "summarized_powers": {
            power for power, rows in views.by_power.items() if len(rows) > TOWNS_LISTED_UP_TO
        },
        "department_id": ids.department_id,
        "article_key": ids.article_key,
        "reference_label": lawtext.reference_label,
        "fingerprint": lawtext.fingerprint,
        "cite_source": citations.cite_source,
        "powers_citing": citations.powers_citing,
        "quote": cat.quote,
        "law_changes": amendments.law_changes,
        "version_uses": lambda law: amendments.version_uses(cat, law),
        "amended": amendments.amended_powers(cat),
        "diff_html": diff_html,
        "side_by_side": side_by_side,
        "marked": lawtext.marked,
        "term": term_link(glossary),
        "glossary": glossary or {},
        "topic_label": names.topic_label,
        "zh_number": wording.zh_number,
    }


def _runs_html(runs: list[tuple[str, str]], keep: str) -> str:
    tags = {"=": ("", ""), "-": ("<del>", "</del>"), "+": ("<ins>", "</ins>")}
    return "".join(
        f"{tags[op][0]}{html.escape(text).replace(chr(10), '<br>')}{tags[op][1]}"
        for op, text in runs
        if op in keep
    )


def side_by_side(runs: list[tuple[str, str]]) -> str:
    """Old and new wording in two columns, the deletions marked on the left and the
    insertions on the right (one line of HTML for a ``{raw}`` block; text escaped)."""
    return (
        '<div class="law-compare">'
        f'<div><p class="law-compare-title">审核时的文本</p><p>{_runs_html(runs, "=-")}</p></div>'
        f'<div><p class="law-compare-title">现在的文本</p><p>{_runs_html(runs, "=+")}</p></div>'
        "</div>"
    )


def diff_html(runs: list[tuple[str, str]]) -> str:
    """A wording change as HTML: deleted text struck through, inserted text underlined.

    Law text is data, so every run is HTML-escaped; the result is one line, for a ``{raw}``
    block (MyST has no markup for insertions and deletions).
    """
    return f'<p class="law-diff">{_runs_html(runs, "=-+")}</p>'


def generate(
    cat: Catalog,
    env: jinja2.Environment,
    result: CheckResult,
    search_terms: Path | None = None,
    internal: bool = False,
    plan: Plan | None = None,
    glossary: Mapping[str, Term] | None = None,
    docs_prefix: str = "generated",
    changes_cache: Path | None = None,
) -> list[Page]:
    """All generated pages for ``cat`` (plus the search dictionary and the browser's data).

    ``cat`` is the catalog as the edition shows it (see :func:`townpowers.views.edition.view`);
    ``internal`` tells templates to show the columns only the internal edition has. With a
    shard ``plan`` only that shard's pages are rendered, and links to other shards' pages are
    written as such (see :mod:`townpowers.site.shards`). ``glossary`` explains terms of art where
    pages use them; ``docs_prefix`` is where the pages sit in the site (for the search data).
    """
    views = Views(cat)
    services = Services(cat, views)
    env.globals.update(_globals(cat, views, internal, glossary), services=services)
    history = Changes(cat, docs_prefix, changes_cache, sharded=plan is not None)
    env.globals.update(history.globals())
    if plan is not None:
        env.globals.update(xref=plan.xref, here=plan.here)
    pages: list[Page] = []

    def page(path: str, template: str, **context: Any) -> None:
        if plan is None or plan.includes(path):
            pages.append(Page(path, env.get_template(template).render(**context)))

    page("overview.md", "overview.md.j2")
    page("topics/index.md", "topics.md.j2")
    for topic in cat.topics.values():
        page(f"topics/{topic.id}.md", "topic.md.j2", topic=topic)
    page("timeline.md", "timeline.md.j2", events=views.timeline())
    page("changes.md", "changes.md.j2", **history.page_context())
    page("districts/index.md", "districts.md.j2")
    for district in cat.districts.values():
        page(f"districts/{district.id}.md", "district.md.j2", district=district)
    page("towns/index.md", "towns.md.j2")
    for town in cat.towns.values():
        page(f"towns/{town.id}.md", "town.md.j2", town=town)
    powers = sorted(cat.powers.values(), key=lambda p: p.id)
    page("powers/index.md", "powers.md.j2", powers=powers)
    for power in powers:
        page(f"powers/{power.id}.md", "power.md.j2", power=power)
    page("laws/index.md", "laws.md.j2")
    for law in cat.instruments.values():
        page(f"laws/{law.id}.md", "law.md.j2", law=law)
    page("departments/index.md", "departments.md.j2")
    for kind in cat.kinds.values():
        page(f"departments/kinds/{kind.id}.md", "kind.md.j2", kind=kind)
    for (district_id, kind_id), dept in sorted(cat.departments.items()):
        if district_id in cat.districts and kind_id in cat.kinds:
            page(
                f"departments/{ids.department_id(district_id, kind_id)}.md",
                "department.md.j2",
                dept=dept,
                district=cat.districts[district_id],
                kind=cat.kinds[kind_id],
            )
    dash = Dashboard(views)
    page("progress/index.md", "progress.md.j2", dash=dash)
    page("progress/ledger.md", "ledger.md.j2", dash=dash)
    page("progress/evaluation/index.md", "evaluation.md.j2", dash=dash)
    for ev in dash.evaluations:
        page(f"progress/evaluation/{ev.town.id}.md", "evaluation-town.md.j2", ev=ev)
    if plan is None or plan.shard == CORE:
        pages.extend(dash.charts())
    page("trace/matrix.md", "matrix.md.j2", powers=powers)
    page("trace/diagrams.md", "diagrams.md.j2", powers=powers)
    page("review-queue.md", "review-queue.md.j2", queue=amendments.review_queue(cat))
    if plan is None or plan.shard == CORE:
        pages.extend(generate_report(result, env, internal))
    pages.append(Page("search-dict.txt", search_dictionary(cat, search_terms)))
    if plan is None or plan.shard == CORE:
        # the home page's list of topics (docs/index.md includes it), and the browser's data
        pages.append(Page("home-topics.inc", env.get_template("home-topics.md.j2").render()))

        def town_page(town: Town) -> str:  # in a site built by district, under its folder
            folder = site_prefix(town.district) if plan is not None else ""
            return f"{folder}{docs_prefix}/towns/{town.id}.html"

        pages.extend(assets.town_view_pages(cat, services, town_page))
        pages.extend(history.feeds())
        pages.append(assets.vocabulary_page(services, docs_prefix))
    return pages


def search_dictionary(cat: Catalog, curated: Path | None) -> str:
    """A jieba user dictionary: curated domain terms plus the names the catalog uses.

    Sphinx indexes Chinese with jieba; without these words it cuts 宅基地审批 or 规划许可
    into pieces no query would ever match whole.
    """
    words: set[str] = set()
    if curated is not None and curated.is_file():
        for line in curated.read_text(encoding="utf-8").splitlines():
            term = line.split("#", 1)[0].strip()
            if term:
                words.add(term)
    named = [t.name for t in cat.towns.values()] + [d.name for d in cat.districts.values()]
    named += [k.name for k in cat.kinds.values()] + [d.name for d in cat.departments.values()]
    named += [law.short_title for law in cat.instruments.values()]
    for power in cat.powers.values():
        named.append(re.sub(r"（.*?）", "", power.name))
    for topic in cat.topics.values():  # everyday words: indexed whole, so a query finds them
        named += [topic.title, *topic.words]
        for step in topic.steps:
            named += [plain_action(step), *step.words]
    words.update(w for w in named if len(w) >= 2 and not re.search(r"\s", w))
    return "".join(f"{w} 100000 n\n" for w in sorted(words))
