"""What the loader checks of a catalog's jurisdiction profile against the rest of the core.

The profile (``profile.yaml``) says which vocabulary the instance uses. Until the power and
town-list files are read through that vocabulary (they still name the canonical modes, domains
and categories of the model), the profile must name the same values: a profile that promises a
mode, domain or category the files cannot write would print words no data can carry. Each
problem is reported at its line in ``profile.yaml`` (or in ``districts.yaml`` for a district
name that does not have its tier's form).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..model import Domain, TownCategory
from ..model.catalog import Catalog
from ..model.profile import ProfileFile


def _unique(names: Iterable[tuple[str, tuple[str, int, int]]], what: str) -> list[Diagnostic]:
    seen: dict[str, int] = {}
    out: list[Diagnostic] = []
    for name, where in names:
        if name in seen:
            out.append(
                Diagnostic.make(
                    "duplicate-id",
                    f"{what}“{name}”重复",
                    *where,
                    hint=f"已在第 {seen[name]} 行列出。",
                )
            )
        seen.setdefault(name, where[1])
    return out


def _canonical(
    profile: ProfileFile,
    values: Iterable[str],
    named: Iterable[tuple[str, tuple[str, int, int]]],
    what: str,
) -> list[Diagnostic]:
    allowed = list(values)
    return [
        Diagnostic.make(
            "invalid-value",
            f"{what}“{name}”不是目录文件可以写的值",
            *where,
            hint="目前事项和镇的文件仍按规范取值书写，可用的值：" + "、".join(allowed),
        )
        for name, where in named
        if name not in allowed
    ]


def check_profile(cat: Catalog) -> list[Diagnostic]:
    """Every problem of the profile alone and of the district names it prescribes."""
    profile = cat.profile
    out: list[Diagnostic] = []
    modes = [(m.name, m.loc.at("name")) for m in profile.modes]
    out += _unique(modes, "方式")
    out += _unique(((m.rules_as.value, m.loc.at("rules_as")) for m in profile.modes), "规范方式")
    out += [
        Diagnostic.make(
            "inconsistent",
            f"方式“{m.name}”与它的规范方式“{m.rules_as.value}”名称不同",
            *m.loc.at("name"),
            hint="目前一镇一单和事项文件仍写规范方式的名称，两者须相同。",
        )
        for m in profile.modes
        if m.name != m.rules_as.value
    ]
    domains = [(d.name, d.loc.at("name")) for d in profile.domains]
    out += _unique(domains, "领域")
    out += _canonical(profile, (d.value for d in Domain), domains, "领域")
    categories = [(c.name, c.loc.at("name")) for c in profile.categories]
    out += _unique(categories, "类别")
    out += _canonical(profile, (c.value for c in TownCategory), categories, "类别")
    out += _unique(((m.key, m.loc.at("key")) for m in profile.milestones), "节点")
    law = profile.instrument.law
    if law is not None and law not in cat.instruments and "instrument" not in cat.incomplete:
        out.append(
            Diagnostic.make(
                "unknown-ref",
                f"部署文件“{law}”不在 laws/ 中",
                *profile.instrument.loc.at("law"),
                hint="写 laws/ 中某个法律文件的标识，或删去这一项。",
            )
        )
    out += _check_tiers(cat)
    return out


def _check_tiers(cat: Catalog) -> list[Diagnostic]:
    tiers = cat.profile.grantor.tiers
    if not tiers:
        return []
    tier = tiers[0]
    try:
        pattern = re.compile(tier.name_pattern)
    except re.error as exc:
        return [
            Diagnostic.make(
                "invalid-value",
                f"name_pattern 不是有效的正则表达式：{exc.msg}",
                *tier.loc.at("name_pattern"),
            )
        ]
    return [
        Diagnostic.make(
            "invalid-value",
            f"“名称”的值“{d.name}”格式不符合要求",
            *d.loc.at("name"),
            hint=f"{tier.word}的名称应匹配 profile.yaml 中的 {tier.name_pattern}",
        )
        for d in cat.districts.values()
        if pattern.fullmatch(d.name) is None
    ]
