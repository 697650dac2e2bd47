"""Derived identifiers: article ids, department ids and sphinx-needs ids.

Catalog ids are short and readable (``mushi``, ``ZRZY-XK-001``); sphinx-needs wants upper-case
ids without hyphens and one namespace for everything. These functions are the only place where
one is turned into the other, so links made anywhere agree.
"""

from __future__ import annotations

import re

from . import Article, lawtext

NEED_PREFIX = {
    "power": "PWR",
    "article": "ART",
    "instrument": "LAW",
    "department": "DEPT",
    "kind": "KIND",
    "town": "TOWN",
    "district": "DIST",
}


def article_key(article: Article) -> str:
    """Stable key of an article within its instrument: ``a41``, ``a17-1`` or its explicit key."""
    if article.key:
        return article.key
    parsed = lawtext.article_number(article.number)
    if parsed is None:  # the loader rejects this; keep the function total anyway
        return re.sub(r"\W+", "-", article.number)
    number, sub = parsed
    return f"a{number}" + (f"-{sub}" if sub else "")


def article_id(law: str, article: Article) -> str:
    """Catalog-wide id of an article: ``chengxiang-guihua-fa:a41``."""
    return f"{law}:{article_key(article)}"


def department_id(district: str, kind: str) -> str:
    """Id of a concrete district department: ``tengzhou-ziranziyuan``."""
    return f"{district}-{kind}"


def need_id(kind: str, ident: str) -> str:
    """sphinx-needs id of a catalog object (``power``, ``ZRZY-XK-001`` -> ``PWR_ZRZY_XK_001``)."""
    return NEED_PREFIX[kind] + "_" + re.sub(r"[^A-Z0-9]+", "_", ident.upper()).strip("_")
