"""The scope of an authorization, and a town's statutory acts that a mode must not thin.

An article that entrusts a town with one kind of case (a small amount of relief, the licence
for one kind of construction) covers only that case. Its ``authorizes`` record says so in the
article's own words (``matter``) and names the powers that matter covers (``powers``); the
route then opens only for those powers (:func:`townpowers.checks.authority.within_scope`).
These rules keep the record honest: the words must be the article's, the powers must exist and
cite it. And where the law itself gives the town an act (审核, 决定), a mode in which the town
does less than that act is refused, whichever article it is: the rules read the articles from
the data and name them in their messages, never in code.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Act, Capacity, Condition, Duty, Mode, Route, TownListFile
from .authority import Ground, entrusted_body
from .engine import Context, Finding, rule

E = Severity.ERROR

#: What the town does itself in each mode the notice names (法定本级: everything the law gives).
MODE_ACTS = {
    Mode.WINDOW: frozenset({Act.ACCEPT}),
    Mode.REVIEW: frozenset({Act.ACCEPT, Act.INSPECT, Act.INVESTIGATE, Act.REVIEW}),
    Mode.DIRECT: frozenset(Act),
    Mode.STATUTORY: frozenset(Act),
}
#: Acts that are the town's own statutory part of a procedure: a mode may not leave them out.
OWN_ACTS = (Act.REVIEW, Act.DECIDE)


def _paragraphs(text: str, wanted: tuple[int, ...]) -> str:
    """The 款 an authorization lies in (the whole article when it names none)."""
    lines = text.splitlines()
    if not wanted:
        return text
    return "\n".join(lines[i - 1] for i in wanted if 0 < i <= len(lines))


@rule(
    "authorization-matter-not-in-text",
    E,
    "legal",
    "授权所及的事项不是条文的原话",
    "条文的 authorizes 中 matter 记录授权所及的事项，必须逐字出自该条（授权限于某几款时出自这几款），"
    "读者和检查规则才能相信授权的范围就是条文的范围，而不是编写者的概括。",
)
def authorization_matter_not_in_text(ctx: Context) -> Iterator[Finding]:
    for law in ctx.cat.instruments.values():
        for article in law.articles:
            for auth in article.authorizes:
                if auth.matter is None:
                    continue
                if auth.matter not in _paragraphs(article.text, auth.paragraphs):
                    yield Finding(
                        f"《{law.short_title}》{article.number}的授权所及事项“{auth.matter}”"
                        "不是该条（所在款）的原话",
                        auth.loc.at("matter"),
                        (law,),
                        "照录条文中规定这一事项的原话。",
                    )


@rule(
    "authorization-scope-unknown-power",
    E,
    "legal",
    "授权所及的事项不存在或没有引用该条",
    "条文的 authorizes 中 powers 列出授权所及的权力事项：每个编码都应是已录入的事项，而且该事项的依据"
    "引用了这一条；否则授权的范围与事项对不上。",
)
def authorization_scope_unknown_power(ctx: Context) -> Iterator[Finding]:
    for law in ctx.cat.instruments.values():
        for article in law.articles:
            for auth in article.authorizes:
                for code in auth.powers:
                    power = ctx.cat.powers.get(code)
                    if power is None:
                        why = "没有这个事项"
                    elif not any(
                        (b.law, b.article) == (law.id, article.number) for b in power.bases
                    ):
                        why = "该事项的依据没有引用这一条"
                    else:
                        continue
                    yield Finding(
                        f"《{law.short_title}》{article.number}的授权所及事项列有 {code}，但{why}",
                        auth.loc.at("powers"),
                        (law,),
                    )


def statutory_acts(grounds: tuple[Ground, ...]) -> list[tuple[Act, Ground]]:
    """The acts a statute gives the town itself in a power's procedure (审核, 决定)."""
    return [
        (act, g)
        for g in grounds
        if g.auth.route is Route.STATUTE and g.auth.capacity is Capacity.OWN and not g.auth.general
        for act in g.auth.acts
        if act in OWN_ACTS
    ]


@rule(
    "statutory-act-thinned",
    E,
    "legal",
    "法律规定由镇实施的环节被赋权方式削减",
    "法律本身规定镇在程序中以自己的名义审核、审核同意或决定的（条文 authorizes 中途径为“法律直接规定”、"
    "名义为“以自己名义”、环节包括审核或决定），镇不能以做得更少的方式承接：前移服务窗口只受理、转递，"
    "达不到法律要求的审核；实质性审核不包括决定。这些条文由数据中的 authorizes 决定，"
    "“赋权方式的解读”页面列出本库中的这些条文。",
    scope="town",
)
def statutory_act_thinned(ctx: Context, entry: TownListFile) -> Iterator[Finding]:
    for grant in entry.grants:
        power = ctx.cat.powers.get(grant.power)
        mode = grant.current_mode
        if power is None or mode is Mode.STATUTORY:
            continue
        if any((b.law, b.article) not in ctx.articles for b in power.bases):
            continue
        auth = ctx.authority(power)
        if auth.statutory:
            continue  # the whole power is the town's: statutory-as-delegation
        missing = [(a, g) for a, g in statutory_acts(auth.grounds) if a not in MODE_ACTS[mode]]
        if missing:
            shown = "、".join(dict.fromkeys(f"{g.label}（{a.value}）" for a, g in missing))
            yield Finding(
                f"事项 {power.id} 以“{mode.value}”方式赋予，但{shown}规定由镇以自己的名义实施，"
                f"“{mode.value}”中镇不实施这一环节",
                grant.loc.at("mode"),
                (grant, entry, power),
                "采用包含这一环节的方式（如实质性审核）。",
            )


@rule(
    "authorization-body-not-town",
    E,
    "legal",
    "条文授权的不是乡镇人民政府",
    "authorizes 记录的是条文授权乡镇人民政府做什么。条文（授权所在的款）没有点名乡镇人民政府、而允许委托的是"
    "别的机构的（如“受公安机关委托的社区服务机构”），不授权镇，这项授权也不会支持任何赋权。条文只写"
    "“其委托的单位”等的，可以在 body 中照录这一称谓：只有能包括乡镇人民政府的称谓（单位、组织、机关）才算。"
    "只规定委托方式的一般规定不在此列。",
)
def authorization_body_not_town(ctx: Context) -> Iterator[Finding]:
    for law in ctx.cat.instruments.values():
        for article in law.articles:
            for auth in article.authorizes:
                body = entrusted_body(article, auth)
                if body is None:
                    continue
                yield Finding(
                    f"《{law.short_title}》{article.number}（授权所在的款）没有点名乡镇人民政府，"
                    f"允许委托的“{body}”不是乡镇人民政府",
                    auth.loc.at("body" if auth.body else "acts"),
                    (law,),
                    "条文授权的不是乡镇人民政府的，删除这项授权；条文写“其委托的单位”等的，在 body 中照录。",
                )


@rule(
    "condition-is-duty",
    Severity.WARNING,
    "legal",
    "委托以后委托机关的责任记成了委托的条件",
    "authorizes 的 conditions 是委托的前提（书面委托、公告、执法资格人员、县级人民政府批准），在赋权记录中逐项"
    "核对；委托机关对受委托者的监督、承担法律责任是委托以后委托机关的责任，不是委托的前提，写在 duties 中，"
    "页面上单列。conditions 中仍写“委托机关监督并承担法律责任”的（此前目录的写法），应移到 duties。",
)
def condition_is_duty(ctx: Context) -> Iterator[Finding]:
    for law in ctx.cat.instruments.values():
        for article in law.articles:
            for auth in article.authorizes:
                if Condition.PRINCIPAL_LIABLE in auth.conditions:
                    yield Finding(
                        f"《{law.short_title}》{article.number}的授权把“{Condition.PRINCIPAL_LIABLE.value}”"
                        "记为委托的条件，它是委托以后委托机关的责任",
                        auth.loc.at("conditions"),
                        (law,),
                        f"从 conditions 中删去“{Condition.PRINCIPAL_LIABLE.value}”，在 duties 中写"
                        f"“{Duty.SUPERVISE_AND_ANSWER.value}”。",
                    )
