"""Mode justification: each grant's mode must rest on a basis that authorizes the act it hands over.

A reviewer must be able to trust these rules rather than the hand-written list of lawful modes
in each power file, so they read only what the law files record beside each article (see
:mod:`townpowers.checks.authority`): a general clause that lets a department entrust
investigation, or that governs *how* an entrustment is made, never justifies handing a town the
decision. Every rule names the articles it applies, here and in ``docs/checking.md``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Act, CoercionKind, Condition, Mode, PowerFile, PowerType, Route, TownListFile
from .authority import INVESTIGATED_TYPES, Authority, Ground, approval_problems
from .engine import Context, Finding, rule
from .scope import MODE_ACTS, statutory_acts

E = Severity.ERROR

#: Types with a rule of their own; the generic 直接下放 rule covers the rest.
_SPECIAL = frozenset({PowerType.LICENSE, PowerType.PENALTY, PowerType.COERCION})


def _direct(ctx: Context, entry: TownListFile, types: set[PowerType] | None) -> Iterator[tuple]:  # type: ignore[type-arg]
    """(grant, power, authority) of the 直接下放 grants whose power type is in ``types``."""
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or grant.current_mode is not Mode.DIRECT:
            continue
        if (types is None and power.type in _SPECIAL) or (types and power.type not in types):
            continue
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue  # a basis that does not resolve is reported by the link rules
        auth = ctx.authority(power)
        if auth.statutory:
            continue  # reported by statutory-as-delegation
        yield grant, power, auth


def _without(auth: Authority) -> str:
    """What the cited bases do authorize, appended to a message: why they were not enough."""
    other = auth.other_grounds()
    return f"：{other}" if other else ""


@rule(
    "direct-without-entrustment",
    E,
    "legal",
    "直接下放缺少授权镇作出决定的依据",
    "直接下放是把事项的决定交给镇，须有法律、法规或规章明确允许区（市）部门委托镇作出该决定"
    "（如《社会救助暂行办法》第四十八条“县级人民政府民政部门可以委托乡镇人民政府、街道办事处审批”），"
    "或者规定由省级人民政府决定交由镇行使且已有省级决定（provincial_decision）。"
    "只授权镇受理、调查、审核的条文（如《社会救助暂行办法》第四条，或委托镇调查取证的地方性法规）"
    "和只规定委托方式的一般规定，都不能单独支持直接下放。依据施行前不能实施。"
    "行政许可、行政处罚和行政强制由专门的规则检查。",
    scope="town",
)
def direct_without_entrustment(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, power, auth in _direct(ctx, entry, None):
        path, problems = auth.direct(grant, entry.town)
        if path is not None and not problems:
            continue
        if path is None:
            message = (
                f"事项 {power.id} 以直接下放方式赋予，但没有依据授权镇作出决定{_without(auth)}"
            )
        else:
            message = f"事项 {power.id} 以直接下放方式赋予，但" + "；".join(problems)
        yield Finding(
            message,
            grant.loc.at("mode"),
            (grant, entry, power),
            "改为前移服务窗口或实质性审核，或补充允许委托镇作出决定的依据（条文的 authorizes）。",
        )


@rule(
    "license-direct-unlawful",
    E,
    "legal",
    "行政许可直接下放缺少允许委托该项许可的依据",
    "《行政许可法》第二十四条第一款：行政机关“依照法律、法规、规章的规定”可以委托其他行政机关实施"
    "行政许可，并公告受委托机关和委托内容；第三款：受委托机关以委托机关名义实施，不得再委托。"
    "该条是一般规定，单独引用不允许委托任何一项许可。行政许可只有在另有法律、法规或规章允许委托镇"
    "实施该项许可（如《森林法》第五十七条第三款，或地方性法规的委托条款）并同时引用第二十四条时，"
    "或者法律规定由省级人民政府确定的镇实施（如《城乡规划法》第四十条）并已有省级决定时，才能直接下放；"
    "依据施行前不能实施。委托的条件由 entrustment-conditions 核对。",
    scope="town",
)
def license_direct_unlawful(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    return _direct_unlawful(
        ctx,
        entry,
        PowerType.LICENSE,
        "没有法律、法规或规章允许委托镇实施该项许可",
        "没有允许委托的具体规定时，改为前移服务窗口或实质性审核。",
    )


@rule(
    "penalty-direct-unlawful",
    E,
    "legal",
    "行政处罚直接下放缺少法律要求的依据或省级决定",
    "行政处罚交给镇只有两条路：（一）《行政处罚法》（2021年修订）第二十四条：省、自治区、直辖市决定"
    "将县级人民政府部门的行政处罚权交由乡镇人民政府行使，决定应当公布——须引用该条，并在 provincial_decision "
    "中写明省级决定；（二）第二十条：行政机关依照法律、法规、规章的规定，书面委托符合第二十一条条件的组织"
    "实施——须有允许委托镇实施该项处罚的法律、法规或规章（如《城市市容和环境卫生管理条例》第三十六条"
    "“或者其委托的单位”），并同时引用第二十条。两条自2021年7月15日起施行（第八十六条），此前不能实施。"
    "只授权现场检查、调查取证的条文不能支持直接下放。",
    scope="town",
)
def penalty_direct_unlawful(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    return _direct_unlawful(
        ctx,
        entry,
        PowerType.PENALTY,
        "既没有允许委托镇实施该项处罚的法律、法规或规章（《行政处罚法》第二十条），"
        "也没有省级决定交由镇行使的依据（第二十四条）",
        "省级决定之前，按实质性审核：镇受委托调查取证，区（市）部门作出处罚决定。",
    )


def _direct_unlawful(
    ctx: Context, entry: TownListFile, kind: PowerType, missing: str, hint: str
) -> Iterator[Finding]:
    """直接下放 grants of one power type whose bases give the town no lawful route, or whose
    route lacks what it requires (the route itself is read from the articles' authorizations)."""
    for grant, power, auth in _direct(ctx, entry, {kind}):
        path, problems = auth.direct(grant, entry.town)
        if path is not None and not problems:
            continue
        if path is None:
            message = f"{kind.value} {power.id} 以直接下放方式赋予，但{missing}{_without(auth)}"
        else:
            message = f"{kind.value} {power.id} 以直接下放方式赋予，但" + "；".join(problems)
        yield Finding(message, grant.loc.at("mode"), (grant, entry, power), hint)


@rule(
    "entrustment-conditions",
    E,
    "legal",
    "委托实施缺少法律规定的委托条件",
    "直接下放以委托方式实现时（以及镇只受委托检查、调查取证、由部门作决定时），所依据条文为委托附加的条件要在赋权记录的 entrustment 中写明："
    "《行政许可法》第二十四条第一款要求公告受委托机关和受委托实施的内容（announced）；"
    "《行政处罚法》第二十条第二款要求委托书（document）载明事项、权限、期限并向社会公布（announced），"
    "第二十一条第（二）项要求受委托组织有取得行政执法资格的工作人员（certified_staff）；"
    "条文的条件有“县级人民政府批准”的（委托须报县（市、区）人民政府审核批准），写明批准（approval：批准文件和日期，"
    "不晚于委托书和实施）。委托以后委托机关的监督、承担法律责任是委托机关的责任，不是委托的条件（条文的 duties）。",
    scope="town",
)
def entrustment_conditions(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant, power, auth in _direct(ctx, entry, set(PowerType) - {PowerType.COERCION}):
        path, problems = auth.direct(grant, entry.town)
        if path is None or problems or path.route is not Route.ENTRUSTMENT:
            continue
        missing = auth.unmet_conditions(path, grant)
        if missing:
            yield Finding(
                f"事项 {power.id} 以委托方式直接下放，但"
                + "；".join(missing)
                + f"（{path.labels()}）",
                grant.loc.at("entrustment" if grant.entrustment else "mode"),
                (grant, entry, power),
                "在该项赋权的 entrustment 中写明委托书（document）、公告（announced）、取得执法资格的人数"
                "（certified_staff），条文要求县级人民政府批准时写明批准（approval 的 document、date）。",
            )
    yield from _review_approval(ctx, entry)


def review_approval_grounds(auth: Authority) -> tuple[Ground, ...]:
    """The grounds by which a town investigates for a 实质性审核 when every one of them needs
    the county's approval (so the grant must record it); empty when one needs none."""
    grounds = auth.investigation
    if any(Condition.COUNTY_APPROVAL not in g.auth.conditions for g in grounds):
        return ()
    return grounds


def _review_approval(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    """实质性审核 grants in which the town inspects or investigates for the department only by
    an entrustment that needs the county's approval (《山东省乡镇人民政府工作条例》第八条): the
    town acts in the department's name, so the entrustment and its approval must be recorded
    like any other entrustment's. Grants not yet decided have no entrustment to check."""
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if (
            power is None
            or grant.current_mode is not Mode.REVIEW
            or power.type not in INVESTIGATED_TYPES
            or grant.decision is None
            or any((b.law, b.article) not in ctx.articles for b in power.bases)
        ):
            continue
        grounds = review_approval_grounds(ctx.authority(power))
        if not grounds:
            continue  # no investigation ground (review-without-entrustment) or one needing none
        missing = approval_problems(grant.entrustment, grant.in_force_since)
        if missing:
            labels = "、".join(dict.fromkeys(g.label for g in grounds))
            yield Finding(
                f"事项 {power.id} 以{grant.current_mode.value}方式赋予，镇受委托检查、调查取证，但"
                + "；".join(missing)
                + f"（{labels}）",
                grant.loc.at("entrustment" if grant.entrustment else "mode"),
                (grant, entry, power),
                "在该项赋权的 entrustment.approval 中写明县（市、区）人民政府审核批准委托的文件"
                "（document）和日期（date）。",
            )


@rule(
    "coercion-delegated",
    E,
    "legal",
    "行政强制措施由区（市）赋予镇",
    "《行政强制法》第十七条第一款：行政强制措施由法律、法规规定的行政机关在法定职权范围内实施，"
    "行政强制措施权不得委托。行政强制措施不能以任何方式由区（市）赋予镇（直接下放、实质性审核、"
    "前移服务窗口都不行）；法律、法规本已规定由乡镇实施的，列为“法定本级”。",
    scope="town",
)
def coercion_delegated(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if (
            power is not None
            and power.type is PowerType.COERCION
            and power.coercion is not CoercionKind.EXECUTION
            and grant.current_mode is not Mode.STATUTORY
        ):
            yield Finding(
                f"行政强制措施 {power.id} 不能以“{grant.current_mode.value}”方式赋予镇"
                "（行政强制措施权不得委托）",
                grant.loc.at("mode"),
                (grant, entry, power),
            )


@rule(
    "execution-without-law",
    E,
    "legal",
    "行政强制执行没有法律规定由镇实施",
    "《行政强制法》第十三条：行政强制执行由法律设定；法律没有规定行政机关强制执行的，作出行政决定的"
    "行政机关应当申请人民法院强制执行。镇实施强制执行（如拆除违法建设）只能依据直接规定由乡镇实施的法律"
    "（如《城乡规划法》第六十五条），列为“法定本级”；区（市）不能下放，法规、规章也不能设定。",
    scope="town",
)
def execution_without_law(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if power is None or power.coercion is not CoercionKind.EXECUTION:
            continue
        if power.type is not PowerType.COERCION:
            continue
        if grant.current_mode is not Mode.STATUTORY:
            yield Finding(
                f"行政强制执行 {power.id} 不能以“{grant.current_mode.value}”方式赋予镇（强制执行由法律设定）",
                grant.loc.at("mode"),
                (grant, entry, power),
            )
        elif ctx.authority(power).statutory and not ctx.authority(power).executes_by_law:
            ground = ctx.authority(power).statutory[0]
            yield Finding(
                f"行政强制执行 {power.id} 列为法定本级，但规定由镇实施的{ground.label}是"
                f"{ground.law.level.value}，不是法律",
                grant.loc.at("mode"),
                (grant, entry, power),
            )


@rule(
    "review-without-entrustment",
    E,
    "legal",
    "执法事项实质性审核缺少委托镇调查取证的依据",
    "对行政处罚、行政检查事项，实质性审核是镇以区（市）部门的名义开展现场检查、调查取证并提出处理意见，"
    "由区（市）部门作出决定。这些执法活动须有依据：行政处罚须有委托镇调查取证的条文（条文 authorizes 中环节包括“调查取证”、途径为“部门委托”、以委托机关名义；镇以自己名义的检查职责不是受委托调查案件）；行政检查还可以是法律、法规直接规定由镇检查、调查。",
    scope="town",
)
def review_without_entrustment(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        if (
            power is None
            or grant.current_mode is not Mode.REVIEW
            or power.type not in INVESTIGATED_TYPES
            or any((b.law, b.article) not in ctx.articles for b in power.bases)
        ):
            continue
        if not ctx.authority(power).investigation:
            yield Finding(
                f"{power.type.value} {power.id} 以实质性审核方式赋予，但没有依据授权镇受委托检查或调查取证",
                grant.loc.at("mode"),
                (grant, entry, power),
                _investigating_hint(ctx),
            )


def _investigating_hint(ctx: Context) -> str:
    """The hint names the articles the data records as entrusting a town to investigate."""
    found = [
        f"《{law.short_title}》{article.number}"
        for law in ctx.cat.instruments.values()
        for article in law.articles
        if any(
            Act.INVESTIGATE in a.acts and a.route is Route.ENTRUSTMENT for a in article.authorizes
        )
    ]
    named = f"（本库中：{'、'.join(found)}）" if found else ""
    return f"引用委托镇调查取证的条文{named}作为赋权依据，或改为前移服务窗口。"


def mode_problems(ctx: Context, power: PowerFile) -> list[str]:
    """Why the lawful modes a power lists are not all supported by its bases (empty if they are)."""
    assert power.delegation is not None
    auth = ctx.authority(power)
    modes = power.delegation.modes
    problems = []
    if power.type is PowerType.COERCION and set(modes) - {Mode.STATUTORY}:
        problems.append("行政强制只能是法定本级（《行政强制法》第十三条、第十七条）")
    if auth.statutory and set(modes) != {Mode.STATUTORY}:
        problems.append(f"{auth.statutory[0].label}已规定由镇以自己名义行使，只能列为法定本级")
    if Mode.STATUTORY in modes and not auth.statutory:
        problems.append("列有法定本级，但没有设定依据规定由镇以自己名义行使")
    if Mode.DIRECT in modes and power.type is not PowerType.COERCION and not auth.statutory:
        possible = [p for p in auth.paths if not auth.unframed(p)]
        if not possible:
            problems.append("列有直接下放，但没有依据授权镇作出决定" + _without(auth))
    if Mode.REVIEW in modes and power.type in INVESTIGATED_TYPES and not auth.investigation:
        problems.append("列有实质性审核，但没有依据授权镇受委托检查或调查取证")
    if not auth.statutory:
        for mode in (Mode.WINDOW, Mode.REVIEW):
            thinned = [g for a, g in statutory_acts(auth.grounds) if a not in MODE_ACTS[mode]]
            if mode in modes and thinned:
                named = "、".join(dict.fromkeys(g.label for g in thinned))
                problems.append(
                    f"列有{mode.value}，但{named}规定由镇以自己的名义实施的环节不在其中"
                )
    return problems


@rule(
    "lawful-modes-unsupported",
    E,
    "legal",
    "依法可采用的方式没有依据支持",
    "delegation.modes 列出的每种方式都要经得起上面的规则，而不是相反：直接下放须有授权镇作出决定的"
    "具体依据（行政许可、行政处罚还须引用《行政许可法》第二十四条、《行政处罚法》第二十条）；"
    "行政强制只能是法定本级（《行政强制法》第十三条、第十七条）；行政处罚、行政检查的实质性审核须有"
    "委托镇调查取证的依据（数据中授权“调查取证”、途径为“部门委托”的条文）；法律规定镇以自己名义审核或决定的，"
    "不能列出镇做得更少的方式（前移服务窗口、不含决定的实质性审核）；法定本级须有规定由镇以自己名义"
    "行使的设定依据，而有这样依据的事项只能列为法定本级。",
)
def lawful_modes_unsupported(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if power.delegation is None or not power.bases:
            continue  # a power without bases is reported by power-no-basis
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue
        problems = mode_problems(ctx, power)
        if problems:
            yield Finding(
                f"事项 {power.id} 的依法可采用方式与依据不符：" + "；".join(problems),
                power.delegation.loc.at("modes"),
                (power,),
            )
