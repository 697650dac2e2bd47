"""What the law lets a town do for one power, and whether a grant's mode rests on it.

The law files record, beside each article's verbatim text, exactly what the article authorizes
a town to do (:class:`~townpowers.model.laws.Authorization`): which acts, in whose name, by
which route, for which kinds of power, on which conditions. This module reads those facts
through a power's bases and answers the questions the legal rules and the pages ask:

* which act *is* the power (deciding a licence, inspecting, executing a demolition), because a
  mode hands the town a particular act and only an authorization of that act can justify it;
* whether a statute already gives the town the power in its own name (法定本级);
* which routes could make a 直接下放 lawful: a specific entrustment (with the general clause
  that governs entrustment of that kind of power, whose conditions then apply), or a provincial
  decision; a general clause alone is never a route;
* whether the town may investigate an enforcement case for the district (实质性审核).

Nothing here reports; the rules in :mod:`townpowers.checks.delegation` and
:mod:`townpowers.checks.statutory` turn the answers into findings, and the power pages show the
same answers to the reader, so what a page says and what a check enforces cannot differ.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..model import (
    Act,
    Article,
    Authorization,
    Basis,
    BasisRole,
    Capacity,
    CoercionKind,
    Condition,
    Entrustment,
    Grant,
    InstrumentFile,
    InstrumentLevel,
    IssuerLevel,
    PowerFile,
    PowerType,
    Route,
    lawtext,
)
from ..model.catalog import Catalog

#: Conditions that the grant's entrustment record must show (the others are statements).
RECORDED_CONDITIONS = (
    Condition.WRITTEN,
    Condition.ANNOUNCED,
    Condition.CERTIFIED_STAFF,
    Condition.COUNTY_APPROVAL,
)
#: Power types whose entrustment is governed by a general clause that the power must cite,
#: so that its conditions can be checked: 《行政许可法》第二十四条, 《行政处罚法》第二十条.
FRAMED_TYPES = frozenset({PowerType.LICENSE, PowerType.PENALTY})
#: Enforcement types: a town's part in a 实质性审核 is investigating a case for the district.
INVESTIGATED_TYPES = frozenset({PowerType.PENALTY, PowerType.INSPECTION})


def principal_act(power: PowerFile) -> Act:
    """The act that *is* the power: handing it to a town means handing over this act."""
    if power.type is PowerType.INSPECTION:
        return Act.INSPECT
    if power.type is PowerType.COERCION:
        return Act.EXECUTE if power.coercion is CoercionKind.EXECUTION else Act.MEASURE
    return Act.DECIDE


@dataclass(frozen=True, slots=True)
class Ground:
    """One authorization as it reaches a power through one of its bases."""

    basis: Basis
    law: InstrumentFile
    article: Article
    auth: Authorization

    @property
    def label(self) -> str:
        """《简称》第N条第M款 (the 款 of the authorization when it names one)."""
        paragraphs = self.auth.paragraphs
        paragraph = paragraphs[0] if len(paragraphs) == 1 else None
        if not paragraphs:
            paragraph = self.basis.paragraph
        return f"《{self.law.short_title}》{lawtext.reference_label(self.article.number, paragraph, None)}"

    @property
    def in_force_from(self) -> dt.date:
        """When the authorization first took effect: not the cited version's date, because an
        article an amendment left unchanged gave the town the same power before it
        (:meth:`~townpowers.model.laws.InstrumentFile.authorized_since`)."""
        return self.law.authorized_since(self.article.number, self.auth)

    def describe(self) -> str:
        """What the authorization lets the town do, for messages: 现场检查、调查取证（以委托机关名义）."""
        acts = "、".join(a.value for a in self.auth.acts)
        return f"{self.label}只授权镇{acts}（{self.auth.route.value}，{self.auth.capacity.value}）"


@dataclass(frozen=True, slots=True)
class Path:
    """A way a 直接下放 could be lawful: a specific authorization of the power's act, and the
    general clauses that govern that kind of entrustment (whose conditions then apply)."""

    specific: Ground
    frame: tuple[Ground, ...] = ()

    @property
    def route(self) -> Route:
        """Entrustment, provincial decision or statute."""
        return self.specific.auth.route

    @property
    def grounds(self) -> tuple[Ground, ...]:
        """Every authorization the path relies on."""
        return (self.specific, *self.frame)

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Conditions attached by every article the path relies on, in enum order."""
        found = {c for g in self.grounds for c in g.auth.conditions}
        return tuple(c for c in Condition if c in found)

    def labels(self) -> str:
        """The articles the path relies on, joined for messages and pages."""
        return "、".join(g.label for g in self.grounds)


@dataclass
class Authority:
    """Everything the law lets a town do for one power, read once through its bases."""

    power: PowerFile
    grounds: tuple[Ground, ...]
    #: The catalog's instruments, where a provincial decision a grant names is looked up.
    instruments: Mapping[str, InstrumentFile] = field(default_factory=dict)
    act: Act = field(init=False)

    def __post_init__(self) -> None:
        self.act = principal_act(self.power)

    @cached_property
    def statutory(self) -> tuple[Ground, ...]:
        """Setting bases by which a statute gives the town the power's act in its own name."""
        return tuple(
            g
            for g in self.grounds
            if g.basis.role is BasisRole.SETS
            and g.auth.route is Route.STATUTE
            and g.auth.capacity is Capacity.OWN
            and not g.auth.general
            and self.act in g.auth.acts
        )

    @cached_property
    def general(self) -> tuple[Ground, ...]:
        """General clauses cited that mention the power's act but authorize nothing alone."""
        return tuple(g for g in self.grounds if g.auth.general)

    @cached_property
    def paths(self) -> tuple[Path, ...]:
        """Every route to a lawful 直接下放 the bases offer (grant-specific checks aside)."""
        specific = [
            g
            for g in self.grounds
            if self.act in g.auth.acts and not g.auth.general and g.auth.route is not Route.STATUTE
        ]
        frames = tuple(
            g for g in self.general if self.act in g.auth.acts and g.auth.route is Route.ENTRUSTMENT
        )
        return tuple(Path(g, frames if g.auth.route is Route.ENTRUSTMENT else ()) for g in specific)

    @cached_property
    def investigation(self) -> tuple[Ground, ...]:
        """Authorizations for the town's part in a 实质性审核 of an enforcement power.

        For a penalty the district decides, the town investigates the *department's* case, so
        only an entrustment to investigate (调查取证, in the department's name) carries it: the
        town's own statutory duty to inspect is a different act in a different name. For an
        inspection, an entrustment or a statute to inspect or investigate will do.
        """
        if self.power.type is PowerType.PENALTY:
            return tuple(
                g
                for g in self.grounds
                if Act.INVESTIGATE in g.auth.acts
                and not g.auth.general
                and g.auth.route is Route.ENTRUSTMENT
                and g.auth.capacity is Capacity.PRINCIPAL
            )
        wanted = {Act.INSPECT, Act.INVESTIGATE}
        return tuple(
            g
            for g in self.grounds
            if wanted & set(g.auth.acts)
            and not g.auth.general
            and g.auth.route is not Route.PROVINCIAL
        )

    def unframed(self, path: Path) -> bool:
        """Whether an entrustment lacks the general clause its power type requires."""
        return (
            path.route is Route.ENTRUSTMENT and self.power.type in FRAMED_TYPES and not path.frame
        )

    def other_grounds(self) -> str:
        """What the bases do authorize, for messages: why citing them was not enough."""
        shown = [g.describe() for g in self.grounds if self.act not in g.auth.acts]
        shown += [f"{g.label}是一般规定，须另有法律、法规或规章的规定" for g in self.general]
        return "；".join(dict.fromkeys(shown))

    def decision_problems(self, path: Path, grant: Grant, town: str | None) -> list[str]:
        """Why the provincial decision a grant names does not carry it: a decision is a stored
        instrument of a province, in force when the grant took effect, published when the
        article requires it, and naming this power (and this town, when it names towns)."""
        label = path.specific.label
        ref = grant.provincial_decision
        if not ref:
            return [f"{label}须由省级人民政府作出决定，provincial_decision 未写明该决定"]
        decision = self.instruments.get(ref)
        if decision is None:
            return [
                f"provincial_decision “{ref}”不是录入的文件（省级决定须录入 laws/ 并写明层级、日期和公布）"
            ]
        name = f"《{decision.short_title}》"
        problems = []
        if decision.issuer_level is not IssuerLevel.PROVINCE:
            level = decision.issuer_level.value if decision.issuer_level else "未写明"
            problems.append(f"{label}须由省级人民政府作出决定，{name}的制定机关层级是“{level}”")
        if Condition.ANNOUNCED in path.conditions and not decision.published:
            problems.append(f"{label}要求决定应当公布，{name}没有写明公布渠道（published）")
        since = grant.in_force_since
        if since is not None and since < decision.effective:
            problems.append(f"该赋权 {since} 实施，而{name}自 {decision.effective} 才施行")
        scope = decision.decides
        if scope is None or self.power.id not in scope.powers:
            problems.append(f"{name}没有把事项 {self.power.id} 交由镇行使（decides.powers）")
        elif town is not None and scope.towns and town not in scope.towns:
            problems.append(f"{name}确定的镇中没有本镇（decides.towns）")
        return problems

    def path_problems(self, path: Path, grant: Grant | None, town: str | None = None) -> list[str]:
        """Why a path does not carry a grant (empty when it does); ``None`` checks the power."""
        problems = []
        if self.unframed(path):
            problems.append(_FRAME_MISSING[self.power.type])
        if path.route is Route.PROVINCIAL and grant is not None:
            problems += self.decision_problems(path, grant, town)
        since = grant.in_force_since if grant is not None else None
        if since is not None:
            for g in path.grounds:
                if since < g.in_force_from:
                    problems.append(f"该赋权 {since} 实施，而{g.label}自 {g.in_force_from} 才施行")
        return problems

    def direct(
        self, grant: Grant | None = None, town: str | None = None
    ) -> tuple[Path | None, list[str]]:
        """The path carrying a 直接下放 (with no problems), or the nearest one and its problems."""
        best: tuple[Path | None, list[str]] = (None, [])
        for path in self.paths:
            problems = self.path_problems(path, grant, town)
            if not problems:
                return path, []
            if best[0] is None or len(problems) < len(best[1]):
                best = (path, problems)
        return best

    def required_conditions(self, path: Path) -> tuple[Condition, ...]:
        """The conditions an entrustment along ``path`` must meet: those of the articles it
        relies on, and those the power's own analysis states (``entrustment_conditions``)."""
        found = set(path.conditions)
        if self.power.delegation is not None:
            found |= set(self.power.delegation.entrustment_conditions)
        return tuple(c for c in Condition if c in found)

    def staff_required(self, path: Path) -> tuple[int, str]:
        """How many certified officers the entrustment needs, and the article that says so."""
        best = (1, "")
        for g in path.grounds:
            wanted = g.auth.min_certified_staff
            if wanted is not None and wanted > best[0]:
                where = g.auth.staff_article
                best = (wanted, f"《{g.law.short_title}》{where}" if where else g.label)
        return best

    def unmet_conditions(self, path: Path, grant: Grant) -> list[str]:
        """What the grant's entrustment record lacks of the recorded conditions, as values:
        a written entrustment is a document dated no later than the grant took effect, an
        announcement is named, the certified officers are at least as many as the law
        requires (one when it names no number), and a required county approval is a document
        dated no later than the entrustment and the grant (it is a precondition)."""
        record = grant.entrustment
        since = grant.in_force_since
        unmet = []
        for condition in self.required_conditions(path):
            if condition is Condition.WRITTEN:
                if record is None or not record.document:
                    unmet.append("没有记录书面委托")
                elif record.date is None:
                    unmet.append("书面委托没有日期")
                elif since is not None and since < record.date:
                    unmet.append(f"书面委托 {record.date} 才作出，赋权却 {since} 实施")
            elif condition is Condition.ANNOUNCED:
                if record is None or not record.announced:
                    unmet.append("没有记录向社会公告")
            elif condition is Condition.CERTIFIED_STAFF:
                wanted, source = self.staff_required(path)
                have = record.certified_staff if record is not None else 0
                if have < wanted:
                    law = f"（{source}）" if source else ""
                    unmet.append(
                        f"取得执法资格的人员 {have} 人，少于须有的 {wanted} 人{law}"
                        if have
                        else f"没有记录取得执法资格的人员{law}"
                    )
            elif condition is Condition.COUNTY_APPROVAL:
                unmet += approval_problems(record, since)
        return unmet

    @cached_property
    def executes_by_law(self) -> bool:
        """Whether a statute at the level of 法律 gives the town the execution (强制法第十三条)."""
        return any(g.law.level is InstrumentLevel.LAW for g in self.statutory)

    def statutory_since(self) -> dt.date | None:
        """When the statute giving the town the power took effect (the latest of them)."""
        return max((g.in_force_from for g in self.statutory), default=None)


def approval_problems(record: Entrustment | None, since: dt.date | None) -> list[str]:
    """Why the county approval an entrustment needs is not shown: it is missing, or it came
    after the entrustment it approves or after the grant took effect."""
    approval = record.approval if record is not None else None
    if approval is None:
        return ["没有记录县（市、区）人民政府的审核批准（approval）"]
    if record is not None and record.date is not None and record.date < approval.date:
        return [f"县（市、区）人民政府 {approval.date} 才审核批准，委托书却 {record.date} 作出"]
    if since is not None and since < approval.date:
        return [f"县（市、区）人民政府 {approval.date} 才审核批准，赋权却 {since} 实施"]
    return []


_FRAME_MISSING = {
    PowerType.LICENSE: "委托实施行政许可须符合《行政许可法》第二十四条（公告委托、以委托机关名义、"
    "不得再委托），依据中没有引用该条",
    PowerType.PENALTY: "委托实施行政处罚须依《行政处罚法》第二十条书面委托符合第二十一条条件的组织，"
    "依据中没有引用第二十条",
}


def within_scope(basis: Basis, power: PowerFile, auth: Authorization) -> bool:
    """Whether an authorization reaches a power through one of its bases.

    It must be cited at its 款 (or as a whole article), cover the power's type and, when the
    record names the powers its matter covers, this power; an entrustment or a provincial
    decision is carried only by a basis cited to set or to delegate the power, never by one
    cited as 实施依据 (a procedure the power follows is not a grant of it).
    """
    cited = basis.paragraph
    if auth.paragraphs and cited is not None and cited not in auth.paragraphs:
        return False
    if auth.types and power.type not in auth.types:
        return False
    if auth.powers and power.id not in auth.powers:
        return False
    return not (auth.route is not Route.STATUTE and basis.role is BasisRole.IMPLEMENTS)


#: How statutes name a town government (乡镇人民政府, 乡、镇人民政府, 乡（镇）人民政府, 乡级人民政府).
TOWN_NAMES = re.compile(r"乡镇|乡、镇|乡（镇）|乡级人民政府|镇人民政府")
#: Generic words for the entrusted party that a town government is one of.
TOWN_KINDS = ("单位", "组织", "机关")


#: "……委托的X" in an article: X is the party it lets a department entrust.
ENTRUSTED = re.compile(r"委托的(\w{2,12}?)(?=提交|审批|核发|实施|办理|责令|或者|[，。；、]|$)")


def entrusted_body(article: Article, auth: Authorization) -> str | None:
    """The party other than a town government that the article (at the authorization's 款)
    lets a department entrust, when it names one (``None`` when it names a town or nobody).

    A record may quote the article's word for the entrusted party (``body``); only a word a
    town government falls under (单位, 组织, 机关) lets the record stand. A general clause
    that governs how any entrustment is made is exempt.
    """
    if auth.general:
        return None
    lines = article.text.splitlines()
    text = "\n".join(lines[i - 1] for i in auth.paragraphs if 0 < i <= len(lines)) or article.text
    if TOWN_NAMES.search(text):
        return None
    if auth.body is not None:
        fits = auth.body in text and auth.body.endswith(TOWN_KINDS)
        return None if fits else auth.body
    for found in ENTRUSTED.finditer(text):
        if not found[1].endswith(TOWN_KINDS):
            return found[1]
    return None


def names_town(article: Article, auth: Authorization) -> bool:
    """Whether the authorization can reach a town at all (see :func:`entrusted_body`)."""
    return entrusted_body(article, auth) is None


def grounds_of(cat: Catalog, power: PowerFile) -> tuple[Ground, ...]:
    """The authorizations reaching a power through its bases (each once, in basis order).

    An authorization limited to some 款 reaches the power only through a basis citing that
    款 or the whole article; one limited to some power types only reaches powers of those types.
    """
    out: list[Ground] = []
    seen: set[tuple[str, str, int]] = set()
    for basis in power.bases:
        law = cat.instruments.get(basis.law)
        article = cat.article(basis.law, basis.article)
        if law is None or article is None:
            continue
        for i, auth in enumerate(article.authorizes):
            if not within_scope(basis, power, auth) or not names_town(article, auth):
                continue
            key = (law.id, article.number, i)
            if key not in seen:
                seen.add(key)
                out.append(Ground(basis, law, article, auth))
    return tuple(out)


def authority(cat: Catalog, power: PowerFile) -> Authority:
    """The :class:`Authority` of a power."""
    return Authority(power, grounds_of(cat, power), cat.instruments)
