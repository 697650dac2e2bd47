"""Anchors other sites can keep: glossary ids from the term, article names with their law.

Sphinx makes a glossary term's id from its ASCII letters; a Chinese term has none, so the ids
are positional (``#term-0``, ``#term-1``…) and adding a term near the top moves every later
one: a link from outside (an office's notice, another site by intersphinx) silently lands on
the wrong term. Here each term's id is derived from the term itself (``#term-直接下放``), so it
only changes when the term does.

An article's label is shown in objects.inv (and by a ``{ref}`` without text) by its section
title, "第一百一十五条", which names no law: another project's reference to it says nothing.
The label's name is given the law's short title, "《安全生产法》第一百一十五条", the same words
its need title uses. The page itself is unchanged.

Both run on ``doctree-read`` (before the index collector reads the entries), after the standard
domain has noted the document's terms and labels, and change the node ids, the index entries
and the domain's records together, so every reference resolves to the new anchor.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .names import label
from .state import state

_POSITIONAL = re.compile(r"term-\d+")
_NOT_ID = re.compile(r"[^\w]+")
_LAW_PAGES = "generated/laws/"


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Stable term ids and law-named article labels for the document just read."""
    env = app.env
    docname = env.current_document.docname
    std: Any = env.domains.standard_domain
    stable_term_ids(std, doctree, docname, env.domains["index"].data.get("entries", {}))
    cat = state(env).catalog
    if cat is not None:
        name_article_labels(std, docname, cat)


def term_id(term: str, taken: set[str]) -> str:
    """``term-<the term>``: letters (Chinese included) and digits kept, the rest one ``-``; a
    second term of the same spelling gets ``-2``."""
    base = "term-" + (_NOT_ID.sub("-", term).strip("-") or "x")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def stable_term_ids(
    std: Any, doctree: nodes.document, docname: str, index: dict[str, list[Any]]
) -> None:
    """Replace positional glossary ids (``term-0``) by ids derived from the term, in the
    document, the standard domain and the index domain's entries (``index``: docname ->
    entries, already collected from the document)."""
    renamed: dict[str, str] = {}
    taken = set(doctree.ids)
    for term in doctree.findall(nodes.term):
        for old in [i for i in term["ids"] if _POSITIONAL.fullmatch(i)]:
            new = term_id(term.astext().strip(), taken)
            term["ids"] = [new if i == old else i for i in term["ids"]]
            doctree.ids.pop(old, None)
            doctree.ids[new] = term
            renamed[old] = new
    if not renamed:
        return

    def retarget(entries: list[Any]) -> list[Any]:
        return [(*e[:2], renamed.get(e[2], e[2]), *e[3:]) for e in entries]

    for node in doctree.findall(addnodes.index):
        node["entries"] = retarget(node["entries"])
    if docname in index:
        index[docname] = retarget(index[docname])
    for table in (std.data["objects"], std.data.get("terms", {})):
        for key, value in list(table.items()):
            if value[0] == docname and value[1] in renamed:
                table[key] = (value[0], renamed[value[1]], *value[2:])


def name_article_labels(std: Any, docname: str, cat: Any) -> None:
    """Give the article labels of a law page the law's short title in their shown name."""
    if not docname.startswith(_LAW_PAGES):
        return
    law = cat.instruments.get(docname[len(_LAW_PAGES) :])
    if law is None:
        return
    prefix = label("article", law.id) + "-"
    labels = std.data["labels"]
    for name, (doc, labelid, sectname) in list(labels.items()):
        if doc == docname and name.startswith(prefix) and not sectname.startswith("《"):
            labels[name] = (doc, labelid, f"《{law.short_title}》{sectname}")
