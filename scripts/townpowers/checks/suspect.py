"""Suspect links: a reference reviewed against one wording of an article, which has changed since.

Each basis records the fingerprint of the text it quotes as it was when a reviewer confirmed
the reference (``reviewed``). When the law is amended and the article's text in the catalog is
updated, the fingerprint no longer matches and every reference to it is flagged until a reviewer
confirms it again with ``townpowers review`` (Doorstop's suspect links, for legal bases).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..model import Basis, lawtext
from .engine import Context, Finding, rule

W = Severity.WARNING


def _cited(ctx: Context, basis: Basis) -> str:
    """《简称》第N条第M款 as a reader names a reference."""
    law = ctx.cat.instruments.get(basis.law)
    title = f"《{law.short_title}》" if law else basis.law
    return title + lawtext.reference_label(basis.article, basis.paragraph, basis.item)


def review_command(power: str, law: str) -> str:
    """The command that reviews exactly the changed or unreviewed bases of ``power`` citing
    ``law`` (unchanged bases keep their record)."""
    return f"townpowers review --by 审核人 --power {power} --law {law}"


@rule(
    "unreviewed-link",
    W,
    "suspect",
    "法律依据没有审核记录",
    "每条依据应记录审核人确认它时所引文本的指纹（reviewed）。运行 "
    "townpowers review --by 审核人 --power 事项编码 记录审核。",
)
def unreviewed_link(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        for basis in power.bases:
            if basis.reviewed is None and ctx.fingerprint(basis) is not None:
                yield Finding(
                    f"事项 {power.id} 引用的{_cited(ctx, basis)}没有审核记录",
                    basis.loc.at("article"),
                    (basis, power),
                    f"核对后运行 {review_command(power.id, basis.law)}",
                )


@rule(
    "suspect-link",
    W,
    "suspect",
    "法律依据所引条文在审核后发生了变化",
    "依据记录的指纹与所引条文（款、项）现在的文本不一致：法律修改后条文已更新，"
    "需要重新确认该依据是否仍然成立，确认后运行 townpowers review。",
)
def suspect_link(ctx: Context) -> Iterator[Finding]:
    for power in ctx.cat.powers.values():
        for basis in power.bases:
            if basis.reviewed is None:
                continue
            now = ctx.fingerprint(basis)
            reviewed = basis.reviewed.fingerprint
            if (
                now is not None
                and reviewed != now
                and reviewed not in ctx.newer_fingerprints(basis)
            ):
                yield Finding(
                    f"事项 {power.id} 引用的{_cited(ctx, basis)}在 {basis.reviewed.date} "
                    f"由{basis.reviewed.by}审核后文本已变化",
                    basis.loc.at("reviewed"),
                    (basis, power),
                    f"核对条文后运行 {review_command(power.id, basis.law)}",
                )
