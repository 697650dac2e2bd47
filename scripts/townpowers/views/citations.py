"""How a reviewer reads citations: a text's source they can open, an article's powers once.

An article page lists the powers it supports; a power citing three paragraphs of one article
is one power, listed once with the paragraphs it cites (:func:`powers_citing`).

The catalog records a text's source as its publisher and, when the text was taken from a
public transcription, the repository and commit (``LawRefBook/Laws@2f4c5c2``) and the file's
path in it. A reviewer cannot open "a hash and a path"; shown to people, the source becomes
the publisher (linked where its address is known) and a link to that very file at that very
commit, named by its file name, with the commit kept as the version it is.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from ..model import Basis, PowerFile
from ..model.laws import LawSource

#: Publishers' home pages, for sources that name the publisher without an address.
PUBLISHER_URLS = {"国家法律法规数据库": "https://flk.npc.gov.cn"}
_VIA = re.compile(r"(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)@(?P<commit>[0-9a-f]{7,40})")


@dataclass(frozen=True, slots=True)
class SourceCitation:
    """A text's source in words and links."""

    publisher: str
    publisher_url: str | None
    copy_name: str | None = None  # the transcription's file, as a reader names it
    copy_url: str | None = None  # that file at the recorded commit
    repository: str | None = None
    commit: str | None = None


def cite_source(source: LawSource) -> SourceCitation:
    """The citation of a law text's source (a transcription without a known host: no link)."""
    publisher_url = source.url or PUBLISHER_URLS.get(source.publisher)
    if not source.via:
        return SourceCitation(source.publisher, publisher_url)
    match = _VIA.fullmatch(source.via)
    name = source.path.rsplit("/", 1)[-1].removesuffix(".md") if source.path else None
    if match is None:
        return SourceCitation(source.publisher, publisher_url, name, repository=source.via)
    repo, commit = match["repo"], match["commit"]
    url = None
    if source.path:
        url = f"https://github.com/{repo}/blob/{commit}/" + urllib.parse.quote(source.path)
    return SourceCitation(source.publisher, publisher_url, name, url, repo, commit)


def powers_citing(cited: list[tuple[PowerFile, Basis]]) -> list[tuple[PowerFile, list[Basis]]]:
    """The powers citing an article, each once with its bases there, in first-cited order."""
    grouped: dict[str, tuple[PowerFile, list[Basis]]] = {}
    for power, basis in cited:
        grouped.setdefault(power.id, (power, []))[1].append(basis)
    return list(grouped.values())
