"""What the loader checks of a catalog's jurisdiction profile against the rest of the core.

The profile (``profile.yaml``) says which vocabulary the instance uses; a power's domain and a
town's category are checked against it while their files are built (see
:class:`~townpowers.yamlio.build.Builder`), here the profile's own lists. Town lists still name the model's canonical modes, so until
they are read through the profile's mode names, a profile mode must carry its canonical mode's
name. A district name must have the form its tier prescribes (reported in ``districts.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..model.catalog import Catalog


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
    categories = [(c.name, c.loc.at("name")) for c in profile.categories]
    out += _unique(categories, "类别")
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
    if not tier.name_endings:
        return []
    endings = tuple(tier.name_endings)
    return [
        Diagnostic.make(
            "invalid-value",
            f"“name”的值“{d.name}”格式不符合要求",
            *d.loc.at("name"),
            hint=f"profile.yaml 规定{tier.word}的名称以“{'”“'.join(endings)}”结尾",
        )
        for d in cat.districts.values()
        if not (d.name.endswith(endings) and len(d.name) > min(map(len, endings)))
    ]
