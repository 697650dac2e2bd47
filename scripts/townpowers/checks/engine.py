"""The rule engine: one registry of rules, run the same way by the CLI, CI and the Sphinx build.

A rule is a function registered with :func:`rule`, which also enters its code, severity and
documentation in the diagnostics registry (so ``--list-rules`` and the generated docs page read
the same entries). Rules come in two scopes:

* ``catalog`` rules see the core catalog (districts, towns, departments, laws, powers) and the
  aggregates of all town lists (which powers are granted where);
* ``town`` rules see one town list (一镇一单) at a time, with the core.

That split is what lets a province-sized catalog be checked by streaming town files through
worker processes (see :mod:`townpowers.checks.run`) while a small catalog is checked in one go
by exactly the same rules.

A finding names the objects it is about (``subjects``); if any of them carries a waiver for the
rule, with its reason, the finding is reported as waived instead of counted.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from ..diagnostics import Diagnostic, Severity, Subject, lookup, register
from ..model import Article, Basis, PowerFile, TownListFile, Waiver, lawtext
from ..model.catalog import Catalog
from .authority import Authority, authority

Scope = Literal["catalog", "town"]

#: Rule categories in report order, with their Chinese names.
CATEGORIES = {
    "links": "链接",
    "orphans": "孤立",
    "legal": "合法性",
    "readiness": "承接保障",
    "schedule": "进度",
    "suspect": "可疑链接",
    "services": "办事服务",
    "waivers": "豁免",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: a message at a place, about some objects."""

    message: str
    where: tuple[str, int, int]
    subjects: tuple[Any, ...] = ()
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule."""

    code: str
    category: str
    scope: Scope
    func: Callable[..., Iterable[Finding]]
    #: Whether an error of this rule stops pages and exports being generated at all (see
    #: :func:`gate_codes`); decided per rule, never by category.
    gate: bool = False
    #: Whether the rule still runs when a file failed to load (the degraded check): it must
    #: then skip what lost its file (``Catalog.incomplete``), so an author sees every broken
    #: reference in the same run. Decided per rule, never by category.
    degraded: bool = False

    @property
    def severity(self) -> Severity:
        """Severity from the diagnostics registry."""
        return lookup(self.code).severity


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: Severity,
    category: str,
    summary: str,
    explanation: str,
    scope: Scope = "catalog",
    *,
    gate: bool = False,
    degraded: bool = False,
) -> Callable[[Callable[..., Iterable[Finding]]], Callable[..., Iterable[Finding]]]:
    """Register a rule function under a stable code (decorator).

    ``gate=True`` marks a rule whose errors leave the catalog impossible to render faithfully
    (a reference that resolves to nothing): while one stands, the site shows only the check
    report and no export, handbook or workbook is written. Every other error still fails
    ``townpowers check`` and the ``-W`` site build, but does not stop generation.
    """

    def decorate(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        register(code, severity, summary, explanation, CATEGORIES[category])
        RULES[code] = Rule(code, category, scope, func, gate, degraded)
        return func

    return decorate


def gate_codes() -> frozenset[str]:
    """Codes of the rules that gate generation (see :func:`rule`)."""
    return frozenset(code for code, r in RULES.items() if r.gate)


@dataclass(frozen=True)
class Options:
    """How a check run is configured (command-line flags, or Sphinx options)."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    reference_date: dt.date | None = None
    #: only the rules that hold up when a file failed to load (:attr:`Rule.degraded`)
    degraded: bool = False

    def wants(self, code: str) -> bool:
        """Whether rule ``code`` runs: selected (all by default) and not ignored.

        Patterns match codes (``orphan-*``) or category names (``links``, ``孤立``).
        """
        entry = RULES.get(code)
        if self.degraded and entry is not None and not entry.degraded:
            return False
        names = {code} | ({entry.category, CATEGORIES[entry.category]} if entry else set())

        def matches(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)

        return (not self.select or matches(self.select)) and not matches(self.ignore)


@dataclass
class Aggregates:
    """What catalog rules need to know about the town lists, however they were read."""

    granted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    grant_counts: dict[str, int] = field(default_factory=dict)
    list_files: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, entry: TownListFile) -> None:
        """Record one town list."""
        self.list_files[entry.town].append(entry.loc.path)
        self.grant_counts[entry.town] = self.grant_counts.get(entry.town, 0) + len(entry.grants)
        for grant in entry.grants:
            self.granted[grant.power] += 1

    def merge(self, other: Aggregates) -> None:
        """Fold in the aggregates of another worker."""
        for power, n in other.granted.items():
            self.granted[power] += n
        for town, n in other.grant_counts.items():
            self.grant_counts[town] = self.grant_counts.get(town, 0) + n
        for town, paths in other.list_files.items():
            self.list_files[town].extend(paths)


class Context:
    """The catalog under check, with indexes the rules share (computed once, lazily)."""

    def __init__(self, cat: Catalog, options: Options, aggregates: Aggregates) -> None:
        self.cat = cat
        self.options = options
        self.aggregates = aggregates
        self._authorities: dict[str, Authority] = {}

    @property
    def reference_date(self) -> dt.date:
        """The date schedule rules measure against."""
        return self.options.reference_date or self.cat.meta.reference_date

    @cached_property
    def citations(self) -> dict[tuple[str, str], list[tuple[PowerFile, Basis]]]:
        """(law, article number) -> the (power, basis) pairs citing it."""
        out: dict[tuple[str, str], list[tuple[PowerFile, Basis]]] = defaultdict(list)
        for power in self.cat.powers.values():
            for basis in power.bases:
                out[(basis.law, basis.article)].append((power, basis))
        return out

    @cached_property
    def articles(self) -> dict[tuple[str, str], Article]:
        """(law, article number) -> article."""
        return {
            (law.id, a.number): a for law in self.cat.instruments.values() for a in law.articles
        }

    @cached_property
    def reasoned(self) -> dict[tuple[str, str], list[PowerFile]]:
        """(law, article number) -> the powers whose mode analysis names that stored article."""
        out: dict[tuple[str, str], list[PowerFile]] = defaultdict(list)
        for power in self.cat.powers.values():
            for r in self.cat.reasoning(power):
                if r.law is not None and r.article is not None:
                    key = (r.law.id, r.article.number)
                    if power not in out[key]:
                        out[key].append(power)
        return out

    def authority(self, power: PowerFile) -> Authority:
        """What the law lets a town do for ``power`` (computed once per power)."""
        found = self._authorities.get(power.id)
        if found is None:
            found = self._authorities[power.id] = authority(self.cat, power)
        return found

    def fingerprint(self, basis: Basis) -> str | None:
        """Fingerprint of the text a basis quotes in the version in force on the reference
        date (``None`` if it dangles): an amendment not yet in force suspects nothing yet."""
        text = self.cat.quote(basis, self.reference_date)
        return None if text is None else lawtext.fingerprint(text)

    def newer_fingerprints(self, basis: Basis) -> set[str]:
        """Fingerprints of the quoted text in versions not yet in force on the reference date:
        a reviewer may confirm an amendment ahead of its in-force date."""
        law = self.cat.instruments.get(basis.law)
        if law is None:
            return set()
        out = set()
        for version, articles in law.versions():
            if (version.in_force_from or version.date) <= self.reference_date:
                continue
            article = next((a for a in articles if a.number == basis.article), None)
            quoted = lawtext.cut(article.text, basis.paragraph, basis.item) if article else None
            if quoted is not None:
                out.add(lawtext.fingerprint(quoted))
        return out


@dataclass
class Outcome:
    """Findings of a run: counted ones, waived ones (with the waiver), and waiver usage."""

    findings: list[Diagnostic] = field(default_factory=list)
    waived: list[tuple[Diagnostic, Waiver]] = field(default_factory=list)
    used_waivers: set[tuple[str, int, int]] = field(default_factory=set)

    def extend(self, other: Outcome) -> None:
        """Fold in another outcome."""
        self.findings.extend(other.findings)
        self.waived.extend(other.waived)
        self.used_waivers |= other.used_waivers


def _waiver_for(code: str, subjects: Iterable[Any]) -> Waiver | None:
    for subject in subjects:
        waivers: tuple[Waiver, ...] = getattr(subject, "waivers", ())
        for waiver in waivers:
            if fnmatch.fnmatchcase(code, waiver.rule):
                return waiver
    return None


def subject(obj: Any) -> Subject:
    """A finding's subject as a diagnostic keeps it: kind, identifier and place."""
    loc = getattr(obj, "loc", None)
    ident = getattr(obj, "id", None)
    if ident is None:  # a grant is known by the power it grants, a town list by its town
        ident = getattr(obj, "power", None) or getattr(obj, "town", None) or ""
    return Subject(
        type(obj).__name__,
        str(ident),
        getattr(loc, "path", ""),
        getattr(loc, "line", 0),
        getattr(loc, "column", 0),
    )


def _record(outcome: Outcome, rule_: Rule, found: Iterator[Finding]) -> None:
    for f in found:
        subjects = tuple(subject(s) for s in f.subjects)
        diagnostic = Diagnostic.make(
            rule_.code, f.message, *f.where, hint=f.hint, subjects=subjects
        )
        waiver = _waiver_for(rule_.code, f.subjects)
        if waiver is None:
            outcome.findings.append(diagnostic)
        else:
            outcome.waived.append((diagnostic, waiver))
            outcome.used_waivers.add((waiver.loc.path, waiver.loc.line, waiver.loc.column))


def run_scope(ctx: Context, scope: Scope, entry: TownListFile | None = None) -> Outcome:
    """Run every wanted rule of one scope (town rules on ``entry``)."""
    outcome = Outcome()
    for code, r in RULES.items():
        if r.scope != scope or not ctx.options.wants(code):
            continue
        found = r.func(ctx) if scope == "catalog" else r.func(ctx, entry)
        _record(outcome, r, iter(found))
    return outcome


def all_waivers(cat: Catalog) -> Iterator[Waiver]:
    """Every waiver written in the core catalog (town lists are walked by their worker)."""

    def walk(obj: Any) -> Iterator[Waiver]:
        yield from getattr(obj, "waivers", ())
        for name in ("articles", "bases", "departments"):
            for child in getattr(obj, name, ()):
                yield from walk(child)

    for table in (cat.towns, cat.kinds, cat.instruments, cat.powers, cat.topics):
        for obj in table.values():
            yield from walk(obj)
    for f in cat.department_files:
        yield from walk(f)


def town_waivers(entry: TownListFile) -> Iterator[Waiver]:
    """Every waiver written in one town list."""
    yield from entry.waivers
    for grant in entry.grants:
        yield from grant.waivers
