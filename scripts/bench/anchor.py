#!/usr/bin/env python3
"""The anchor: a plain sphinx-needs project holding the same traced objects as the site.

The site's clean build is compared with what an ordinary sphinx-needs project costs for the
same catalog, built on the same machine in the same run: one reStructuredText page per town,
power and legal instrument, every object a need, and **each grant a need** linked to its power
and its town (the way a sphinx-needs project would trace 一镇一单 without this project's
generator). Pages carry what a reader needs to see: a grant's mode, status, date and deciding
document; a power's type, domain and service guide; each article's verbatim text. The project
uses Sphinx's defaults (its default theme, reStructuredText), Chinese as its language (so its
search index is segmented by jieba, as the site's is), and sphinx-needs' needs.json.

    python scripts/bench/anchor.py CATALOG OUT      # writes OUT/conf.py, OUT/index.rst, pages

Prints one JSON line: pages and needs written (the traced objects the ratio is taken over).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))  # works from a checkout without the editable install

CONF = '''"""A plain sphinx-needs project (the benchmark's anchor; generated, do not edit)."""

project = "anchor"
language = "zh_CN"
extensions = ["sphinx_needs"]
needs_types = [
    {"directive": "town", "title": "镇", "prefix": "TOWN_", "color": "#C9DAF8", "style": "node"},
    {"directive": "power", "title": "事项", "prefix": "PWR_", "color": "#BFD8D2", "style": "node"},
    {"directive": "law", "title": "法律", "prefix": "LAW_", "color": "#F6E8C3", "style": "node"},
    {"directive": "article", "title": "条文", "prefix": "ART_", "color": "#FEDCD2", "style": "node"},
    {"directive": "grant", "title": "赋权", "prefix": "GR_", "color": "#E8D5A3", "style": "node"},
]
needs_links = {
    "power": {"outgoing": "事项", "incoming": "赋予的镇"},
    "town": {"outgoing": "镇", "incoming": "赋权"},
    "basis": {"outgoing": "法律依据", "incoming": "支撑的事项"},
    "part_of": {"outgoing": "所属法律", "incoming": "条文"},
}
needs_id_regex = r"^[A-Z][A-Z0-9_]{3,}$"
needs_build_json = True
needs_reproducible_json = True
'''


def _id(*parts: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", "_".join(parts).upper()).strip("_")


def _text(value: object) -> str:
    """Catalog text on one line, with reStructuredText's inline markup characters escaped."""
    return re.sub(r"([\\*`|_\[\]<>:])", r"\\\1", " ".join(str(value).split()))


def _page(title: str, body: list[str]) -> str:
    bar = "=" * (2 * len(title) + 2)
    return "\n".join([bar, title, bar, "", *body, ""])


def _need(
    kind: str, title: str, ident: str, options: dict[str, str], content: list[str]
) -> list[str]:
    out = [f".. {kind}:: {_text(title)}", f"   :id: {ident}"]
    out += [f"   :{k}: {v}" for k, v in options.items() if v]
    out.append("")
    out += [f"   {line}" if line else "" for line in content]
    out.append("")
    return out


def generate(catalog: Path, out: Path) -> dict[str, int]:
    """Write the anchor project for ``catalog`` into ``out`` (replaced)."""
    from townpowers.checks.run import load_catalog
    from townpowers.model import ids, lawtext

    cat, problems = load_catalog(catalog.resolve())
    if cat is None:
        raise SystemExit(f"目录无效：{problems[0].format() if problems else catalog}")
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("towns", "powers", "laws"):
        (out / sub).mkdir(parents=True)
    (out / "conf.py").write_text(CONF, encoding="utf-8")
    needs = 0

    def art_id(law: str, number: str) -> str:
        article = cat.article(law, number)
        key = ids.article_key(article) if article is not None else number
        return _id("ART", law, key)

    for law in cat.instruments.values():
        body = _need("law", law.title, _id("LAW", law.id), {}, [_text(law.version.label)])
        for article in law.articles:
            text = [_text(line) for line in str(article.text).splitlines() if line.strip()]
            body += _need(
                "article",
                f"《{law.short_title}》{article.number}",
                _id("ART", law.id, ids.article_key(article)),
                {"part_of": _id("LAW", law.id)},
                [line for t in text for line in (t, "")],
            )
        needs += 1 + len(law.articles)
        (out / "laws" / f"{law.id}.rst").write_text(_page(law.title, body), encoding="utf-8")
    for power in sorted(cat.powers.values(), key=lambda p: p.id):
        bases = ", ".join(dict.fromkeys(art_id(b.law, b.article) for b in power.bases))
        content = [f"{power.type.value}｜{power.domain}｜{power.level.value}", ""]
        guide = power.guide
        if guide is not None:
            content += ["受理条件：", ""] + [f"- {_text(c)}" for c in guide.conditions] + [""]
            content += ["申请材料：", ""] + [f"- {_text(m.name)}" for m in guide.materials] + [""]
            content += ["办理流程：", ""] + [f"#. {_text(s)}" for s in guide.steps] + [""]
        for b in power.bases:
            content += [_text(lawtext.reference_label(b.article, b.paragraph, b.item)), ""]
        body = _need("power", power.name, _id("PWR", power.id), {"basis": bases}, content)
        needs += 1
        (out / "powers" / f"{power.id}.rst").write_text(_page(power.name, body), encoding="utf-8")
    for town in cat.towns.values():
        district = cat.districts[town.district].name if town.district in cat.districts else ""
        town_id = _id("TOWN", town.id)
        body = _need("town", town.name, town_id, {}, [f"{_text(district)}｜{town.category}"])
        entry = cat.town_lists.get(town.id)
        for grant in entry.grants if entry else ():
            power = cat.powers.get(grant.power)
            decision = grant.decision
            line = (
                f"{grant.current_mode.value}｜{grant.status.value}｜"
                f"{grant.in_force_since or '—'}｜{_text(decision.document) if decision else '—'}"
            )
            body += _need(
                "grant",
                f"{town.name}：{power.name if power else grant.power}",
                _id("GR", town.id, grant.power),
                {"power": _id("PWR", grant.power), "town": town_id},
                [line],
            )
            needs += 1
        needs += 1
        (out / "towns" / f"{town.id}.rst").write_text(_page(town.name, body), encoding="utf-8")
    index = _page(
        "锚点项目",
        [
            ".. toctree::",
            "   :glob:",
            "",
            "   towns/*",
            "   powers/*",
            "   laws/*",
            "",
        ],
    )
    (out / "index.rst").write_text(index, encoding="utf-8")
    pages = 1 + len(cat.instruments) + len(cat.powers) + len(cat.towns)
    return {"pages": pages, "needs": needs}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(generate(Path(argv[0]), Path(argv[1])), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
