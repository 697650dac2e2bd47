"""Internal identifiers stay out of what the public reads: tooltips and diagrams show names.

Every traced object is a sphinx-needs need with an id such as ``PWR_NY_XK_001``; those ids are
how needs link, and reviewers and other tools (``needs.json``) use them. A villager should never
meet one. The need boxes show names by configuration (``conf.py``: the ``zh`` layout and
``needs_show_link_title``); what configuration cannot reach is cleaned here: sphinx-needs puts
the *linking* need's id in the ``title`` (tooltip) of every link it makes, and writes each
need's id as a line of its box, and as its tooltip, in the diagrams (``needflow``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import ids
from ..model.catalog import Catalog
from ..util.files import write_atomic

_PREFIXES = "|".join(ids.NEED_PREFIX.values())
#: A need id, as sphinx-needs derives it (see :func:`townpowers.model.ids.need_id`).
NEED_ID = re.compile(rf"\b(?:{_PREFIXES})_[A-Z0-9_]+\b")
_TITLE_ATTR = re.compile(rf' title="(?:{_PREFIXES})_[A-Z0-9_]+"')
#: A text line of a diagram box that holds nothing but a need id.
_ID_LINE = re.compile(rf"<(\w+:)?text\b[^>]*>\s*(?:{_PREFIXES})_[A-Z0-9_]+\s*</(\w+:)?text>\s*")


def strip_need_titles(html: str) -> str:
    """Remove tooltips that consist of a need id (sphinx-needs adds them to its links)."""
    return _TITLE_ATTR.sub("", html)


def need_titles(cat: Catalog) -> dict[str, str]:
    """need id -> the name a reader knows the object by."""
    out: dict[str, str] = {}
    for power in cat.powers.values():
        out[ids.need_id("power", power.id)] = power.name
    for law in cat.instruments.values():
        out[ids.need_id("instrument", law.id)] = f"《{law.title}》"
        for article in law.articles:
            key = f"{law.id}:{ids.article_key(article)}"
            out[ids.need_id("article", key)] = f"《{law.short_title}》{article.number}"
    for kind in cat.kinds.values():
        out[ids.need_id("kind", kind.id)] = kind.generic
    for (district, kind_id), dept in cat.departments.items():
        out[ids.need_id("department", ids.department_id(district, kind_id))] = dept.name
    for town in cat.towns.values():
        out[ids.need_id("town", town.id)] = town.name
    for district_ in cat.districts.values():
        out[ids.need_id("district", district_.id)] = district_.name
    return out


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def clean_svg(svg: str, titles: dict[str, str]) -> str:
    """A diagram without need ids: id lines dropped, id tooltips replaced by names.

    Only text content and attribute values change; the ids in link targets (``href``) stay, as
    they are the anchors the boxes link to.
    """
    svg = _ID_LINE.sub("", svg)

    def name(match: re.Match[str]) -> str:
        return _escape(titles.get(match[0], "（追溯对象）"))

    def title_element(match: re.Match[str]) -> str:
        return match[1] + NEED_ID.sub(name, match[2]) + match[3]

    svg = re.sub(r"(<(?:\w+:)?title>)(.*?)(</(?:\w+:)?title>)", title_element, svg, flags=re.S)
    return re.sub(
        r'(\b(?:\w+:)?title=")([^"]*)(")',
        lambda m: m[1] + NEED_ID.sub(name, m[2]) + m[3],
        svg,
    )


def clean_diagrams(images: Path, titles: dict[str, str]) -> list[Path]:
    """Clean every needflow diagram of a built site in place; returns the files changed."""
    changed = []
    for path in sorted(images.glob("needflow-*.svg")) if images.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        if write_atomic(path, clean_svg(text, titles)):
            changed.append(path)
    return changed
