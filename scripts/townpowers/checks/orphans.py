"""Orphans: whatever nothing uses is either missing a link or should not be in the catalog."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from .engine import Context, Finding, rule

W, INFO = Severity.WARNING, Severity.INFO


@rule(
    "orphan-law",
    W,
    "orphans",
    "法律文件没有被任何事项引用",
    "录入的法律文件应当是某个权力事项的依据，或者在某个事项赋权方式的理由中被提到。"
    "没有被引用，说明依据漏写了链接，或该文件不必录入。",
)
def orphan_law(ctx: Context) -> Iterator[Finding]:
    cited = {law for law, _ in ctx.citations} | {law for law, _ in ctx.reasoned}
    cited |= ctx.aggregates.decisions  # a stored provincial decision a grant names
    for law in ctx.cat.instruments.values():
        if law.id not in cited:
            yield Finding(f"《{law.short_title}》没有被任何权力事项引用", law.loc.at("id"), (law,))


@rule(
    "orphan-article",
    W,
    "orphans",
    "条文没有被任何事项引用",
    "录入的每一条条文都应当是某个权力事项的依据，或者在某个事项赋权方式的理由中被提到，"
    "或者是同一法律中某条授权的条件所依据的条文（staff_article）（法律文件整体未被引用时只报告文件）。",
)
def orphan_article(ctx: Context) -> Iterator[Finding]:
    cited_laws = {law for law, _ in ctx.citations} | {law for law, _ in ctx.reasoned}
    for law in ctx.cat.instruments.values():
        if law.id not in cited_laws or law.decides is not None:
            continue  # a decision's text is its scope, not articles a power cites
        # an article another article's authorization names for a condition (staff_article)
        named = {a.staff_article for art in law.articles for a in art.authorizes if a.staff_article}
        for article in law.articles:
            key = (law.id, article.number)
            if key not in ctx.citations and key not in ctx.reasoned and article.number not in named:
                yield Finding(
                    f"《{law.short_title}》{article.number}没有被任何权力事项引用",
                    article.loc.at("number"),
                    (article, law),
                )


@rule(
    "orphan-power",
    INFO,
    "orphans",
    "权力事项不在任何镇的目录中",
    "权责清单是供“双十镇”点菜式选择的菜单，有的事项没有被任何镇选用是正常的，因此只作提示；"
    "若是为某镇录入的事项，请确认是否漏列入该镇的目录。",
)
def orphan_power(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        if not ctx.aggregates.granted.get(power.id):
            yield Finding(
                f"权力事项“{power.name}”不在任何镇的赋权目录中", power.loc.at("id"), (power,)
            )


@rule(
    "orphan-kind",
    W,
    "orphans",
    "部门类别既不实施也不监管任何事项",
    "每个部门类别应当是某个权力事项的实施部门、审批部门或监管责任主体。",
)
def orphan_kind(ctx: Context) -> Iterator[Finding]:
    used: set[str] = set()
    for power in ctx.cat.powers.values():
        if power.owner:
            used.add(power.owner)
        if power.approver:
            used.add(power.approver)
        used.update(power.supervision.bodies)
    for kind in ctx.cat.kinds.values():
        if kind.id not in used:
            yield Finding(
                f"部门类别“{kind.name}”既不实施也不监管任何事项", kind.loc.at("id"), (kind,)
            )


@rule(
    "empty-town",
    W,
    "orphans",
    "镇的赋权目录为空",
    "每个“双十镇”都应有自己的一镇一单（town-lists/<镇>.yaml），且至少列入一项。",
)
def empty_town(ctx: Context) -> Iterator[Finding]:
    for town in ctx.cat.towns.values():
        if not ctx.aggregates.grant_counts.get(town.id):
            missing = town.id not in ctx.aggregates.grant_counts
            yield Finding(
                f"{town.name}{'没有赋权目录文件' if missing else '的赋权目录为空'}",
                town.loc.at("id"),
                (town,),
                f"在 town-lists/{town.id}.yaml 中列出该镇的赋权事项。" if missing else "",
            )
