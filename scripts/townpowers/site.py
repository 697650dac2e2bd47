"""Which pages the site has, and the data each template receives.

This module decides *what* is generated from the catalog; :mod:`townpowers.rendering` decides
*how* it is written. Keeping the page list in one function makes it easy to see (and test) that
every catalog object gets its page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import jinja2

from .checks import CATEGORIES, RULES, CheckResult
from .diagnostics import Severity, registry
from .loading import Catalog
from .model import Domain, Mode
from .rendering import Page

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _category_of(code: str) -> str:
    rule = RULES.get(code)
    return CATEGORIES[rule.category] if rule else registry()[code].category


def generate_report(result: CheckResult, env: jinja2.Environment) -> list[Page]:
    """The check report and the rules page (all a broken catalog can still show)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in result.diagnostics():
        groups[_category_of(d.code)].append({"d": d, "severity": SEVERITY_ZH[d.severity]})
    order = [*CATEGORIES.values(), *sorted({e.category for e in registry().values()})]
    by_category = [(name, groups[name]) for name in dict.fromkeys(order) if groups.get(name)]
    c = Counter(d.severity for d in result.diagnostics())
    report = env.get_template("check-report.md.j2").render(
        groups=by_category,
        waived=result.waived(),
        loaded=result.loaded,
        errors=c[Severity.ERROR],
        warnings=c[Severity.WARNING],
        infos=c[Severity.INFO],
        rule_count=len(RULES),
    )
    rules = []
    for name in dict.fromkeys(order):
        entries = [(code, e) for code, e in registry().items() if _category_of(code) == name]
        if entries:
            rules.append(
                (name, [(code, e, SEVERITY_ZH[e.severity], code in RULES) for code, e in entries])
            )
    rules_page = env.get_template("rules.md.j2").render(categories=rules)
    return [Page("check-report.md", report), Page("rules.md", rules_page)]


def generate(cat: Catalog, env: jinja2.Environment, result: CheckResult) -> list[Page]:
    """All generated pages for ``cat``."""
    grants = list(cat.grants())
    mode_counts = Counter(g.current_mode for _, g in grants)
    domain_counts = Counter(cat.powers[g.power].domain for _, g in grants)
    context = {
        "cat": cat,
        "meta": cat.meta,
        "districts": list(cat.districts.values()),
        "towns": list(cat.towns.values()),
        "powers": sorted(cat.powers.values(), key=lambda p: (p.domain.name, p.id)),
        "instruments": list(cat.instruments.values()),
        "grant_count": len(grants),
        "modes": [(m.value, mode_counts.get(m, 0)) for m in Mode],
        "domains": [(d.value, domain_counts.get(d, 0)) for d in Domain],
    }
    return [
        Page("overview.md", env.get_template("overview.md.j2").render(context)),
        *generate_report(result, env),
    ]
