"""How objects are named on pages: labels, need ids, cross-references, Chinese dates and modes.

Every link between generated pages is a Markdown link to a label *with its text written out*, never a bare
need id rendered at resolve time: the text then lives in the page source, so when a name
changes, every page showing it changes too and an incremental build re-reads exactly those.
"""

from __future__ import annotations

from ..model import Article
from ..model.ids import article_key, department_id, need_id
from .rendering import md


def label(kind: str, *parts: str) -> str:
    """The Sphinx label of an object's anchor (lower case, as Sphinx stores labels)."""
    return "-".join((kind, *parts)).lower()


def power_label(power_id: str) -> str:
    """Label of a power page."""
    return label("power", power_id)


def law_label(law_id: str) -> str:
    """Label of a law page."""
    return label("law", law_id)


def article_label(law_id: str, article: Article) -> str:
    """Label of an article on its law page."""
    return label("article", law_id, article_key(article))


def kind_label(kind_id: str) -> str:
    """Label of a department kind page."""
    return label("kind", kind_id)


def dept_label(district: str, kind: str) -> str:
    """Label of a concrete department page."""
    return label("dept", department_id(district, kind))


def town_label(town_id: str) -> str:
    """Label of a town page."""
    return label("town", town_id)


def district_label(district_id: str) -> str:
    """Label of a district page."""
    return label("district", district_id)


def district_powers_label(district_id: str) -> str:
    """Label of a district page's list of the towns holding each power."""
    return label("district", district_id, "powers")


def topic_label(topic_id: str) -> str:
    """Label of a topic (life event) page."""
    return label("topic", topic_id)


def xref(text: object, target: str) -> str:
    """A link with explicit text to a Sphinx label on any page: ``[text](#label)``.

    The text is catalog data: every punctuation character is backslash-escaped (the ``md``
    filter), so it stays literal whatever it contains. (A ``{ref}`` role cannot do that: its
    content is a code span where backslashes escape nothing, and Sphinx takes the first ``<``
    after the title as the start of the target.)
    """
    return f"[{md(text)}](#{target})"


def need(kind: str, ident: str) -> str:
    """The sphinx-needs id of an object."""
    return need_id(kind, ident)
