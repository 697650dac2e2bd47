"""``townpowers review``: a reviewer confirms legal-basis references and renews their fingerprints.

A basis records the fingerprint of the text it quotes as a reviewer confirmed it (``reviewed``).
When the text changes, the basis is suspect until someone reads the old and the new wording
and confirms the reference again. So a review

* plans first (:func:`plan`): which bases are reviewed, each with its text at the last review
  (found in the law's earlier versions) and its text now, so the reviewer sees old -> new;
* by default takes only the bases that need it (never reviewed, or text changed); confirming
  an unchanged basis again is a deliberate choice (``restamp``), so a routine review never
  overwrites who confirmed what;
* keeps the history: the record it replaces moves to ``review_history``.

The catalog is hand-written YAML with comments and deliberate layout, so it is never re-dumped:
each edit is spliced into the file's text at the exact character offsets of the composed nodes,
and the edited text is parsed again before it replaces the file atomically. All files are
prepared before any is written, so a file that cannot be edited leaves every file untouched.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import Basis, PowerFile, Review, lawtext
from ..model.catalog import Catalog
from ..util.files import write_atomic
from ..yamlio.read import parse_yaml


class ReviewError(Exception):
    """A file could not be edited safely (it is left untouched)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a review records."""

    by: str
    date: dt.date

    def text(self, fingerprint: str) -> str:
        """The flow mapping written into the file."""
        return _flow(fingerprint, self.by, self.date)


def _flow(fingerprint: str, by: str, date: dt.date) -> str:
    return (
        f"{{fingerprint: {json.dumps(fingerprint)}, by: {json.dumps(by, ensure_ascii=False)}, "
        f"date: {date.isoformat()}}}"
    )


@dataclass(frozen=True, slots=True)
class Planned:
    """One basis a review confirms: why, and its wording then and now."""

    power: str
    index: int  # position in the power's bases
    basis: Basis
    label: str  # 《简称》第N条第M款
    reason: str  # 未审核 | 文本已变化 | 重新确认
    fingerprint: str
    old_text: str | None  # as last reviewed (None: never reviewed, or not in the catalog)
    new_text: str

    def changes(self) -> list[tuple[str, str]]:
        """The wording change since the last review (empty when unknown or unchanged)."""
        if self.old_text is None or self.old_text == self.new_text:
            return []
        return lawtext.changes(self.old_text, self.new_text)


def texts_reviewed(cat: Catalog, basis: Basis) -> Iterator[str]:
    """Every wording the basis could have been reviewed against: the quoted part of the article
    in the law's current text and in each earlier version the catalog keeps."""
    law = cat.instruments.get(basis.law)
    if law is None:
        return
    versions = [law.articles, *(v.articles for v in getattr(law, "earlier", ()))]
    for articles in versions:
        for article in articles:
            if article.number == basis.article:
                quoted = lawtext.cut(article.text, basis.paragraph, basis.item)
                if quoted is not None:
                    yield quoted


def old_text(cat: Catalog, basis: Basis) -> str | None:
    """The wording the basis was last reviewed against, if the catalog still holds it."""
    if basis.reviewed is None:
        return None
    return next(
        (
            t
            for t in texts_reviewed(cat, basis)
            if lawtext.fingerprint(t) == basis.reviewed.fingerprint
        ),
        None,
    )


def plan(
    cat: Catalog,
    *,
    powers: set[str] | None = None,
    laws: set[str] | None = None,
    restamp: bool = False,
) -> list[Planned]:
    """The bases a review confirms, in power and basis order.

    Without ``restamp`` only bases that need a review: never reviewed, or their text changed.
    """
    out = []
    for power in cat.powers.values():
        if powers is not None and power.id not in powers:
            continue
        for index, basis in enumerate(power.bases):
            if laws is not None and basis.law not in laws:
                continue
            now = cat.quote(basis)
            if now is None:
                continue
            fingerprint = lawtext.fingerprint(now)
            if basis.reviewed is None:
                reason = "未审核"
            elif basis.reviewed.fingerprint != fingerprint:
                reason = "文本已变化"
            elif restamp:
                reason = "重新确认"
            else:
                continue
            law = cat.instruments[basis.law]
            label = f"《{law.short_title}》" + lawtext.reference_label(
                basis.article, basis.paragraph, basis.item
            )
            out.append(
                Planned(
                    power.id,
                    index,
                    basis,
                    label,
                    reason,
                    fingerprint,
                    old_text(cat, basis),
                    now,
                )
            )
    return out


def apply(cat: Catalog, planned: list[Planned], stamp: Stamp) -> dict[str, int]:
    """Write the review records (all files or none); power id -> bases stamped."""
    by_power: dict[str, list[Planned]] = {}
    for p in planned:
        by_power.setdefault(p.power, []).append(p)
    prepared: list[tuple[Path, str, str, int]] = []
    for power_id, items in by_power.items():
        power = cat.powers[power_id]
        path = cat.root.parent / power.loc.path
        text = prepare(path, power, items, stamp)
        if text is not None:
            prepared.append((path, text, power_id, len(items)))
    for path, text, _, _ in prepared:
        write_atomic(path, text)
    return {power_id: n for _, _, power_id, n in prepared}


# --- splicing into the file's text ---------------------------------------------------------------


def _value(mapping: MappingNode, key: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)


def _after(text: str, node: Node) -> int:
    """Where text after a value goes (before the newline that ends a block scalar)."""
    at = node.end_mark.index
    return at - 1 if at > 0 and text[at - 1] == "\n" else at


def _edits(
    text: str, basis_node: MappingNode, new: str, earlier: Review | None
) -> list[tuple[int, int, str]]:
    """The (start, end, replacement) edits that write ``reviewed: new`` into one basis mapping
    and move the record it replaces (``earlier``) to the end of ``review_history``."""
    existing = _value(basis_node, "reviewed")
    history = _value(basis_node, "review_history")
    old = _flow(earlier.fingerprint, earlier.by, earlier.date) if earlier else None
    edits: list[tuple[int, int, str]] = []
    if basis_node.flow_style:
        if existing is not None:
            edits.append((existing.start_mark.index, existing.end_mark.index, new))
        else:
            end = basis_node.end_mark.index - 1  # before the closing brace
            edits.append((end, end, f", reviewed: {new}"))
        if old is not None:
            if isinstance(history, SequenceNode) and history.flow_style:
                end = history.end_mark.index - 1
                sep = ", " if history.value else ""
                edits.append((end, end, f"{sep}{old}"))
            elif history is None:
                end = basis_node.end_mark.index - 1
                edits.append((end, end, f", review_history: [{old}]"))
            else:
                raise ReviewError("review_history 的写法无法自动追加，请改为一行的列表")
        return edits
    indent = " " * basis_node.value[0][0].start_mark.column
    if existing is not None:
        edits.append((existing.start_mark.index, existing.end_mark.index, new))
    else:
        at = _after(text, basis_node.value[-1][1])
        edits.append((at, at, f"\n{indent}reviewed: {new}"))
    if old is not None:
        if history is None:
            at = _after(text, existing if existing is not None else basis_node.value[-1][1])
            edits.append((at, at, f"\n{indent}review_history:\n{indent}  - {old}"))
        elif isinstance(history, SequenceNode) and history.flow_style:
            end = history.end_mark.index - 1
            edits.append((end, end, (", " if history.value else "") + old))
        elif isinstance(history, SequenceNode) and history.value:
            last = history.value[-1]
            column = " " * (last.start_mark.column - 2)
            at = _after(text, last)
            edits.append((at, at, f"\n{column}- {old}"))
        else:
            raise ReviewError("review_history 应为列表")
    return edits


def prepare(path: Path, power: PowerFile, items: list[Planned], stamp: Stamp) -> str | None:
    """The new text of one power file with the planned bases stamped (``None`` if unchanged)."""
    text = path.read_text(encoding="utf-8")
    parsed, problems = parse_yaml(text.encode("utf-8"), str(path))
    if parsed is None or problems or not isinstance(parsed.root, MappingNode):
        raise ReviewError(f"{path}: 无法解析（{problems[0].message if problems else '结构不对'}）")
    bases = _value(parsed.root, "bases")
    if not isinstance(bases, SequenceNode) or len(bases.value) != len(power.bases):
        raise ReviewError(f"{path}: bases 的结构与目录不一致")
    edits: list[tuple[int, int, str]] = []
    for item in items:
        node = bases.value[item.index]
        basis = item.basis
        if not isinstance(node, MappingNode):
            continue
        same = basis.reviewed == Review(fingerprint=item.fingerprint, by=stamp.by, date=stamp.date)
        if same:
            continue
        try:
            edits += _edits(text, node, stamp.text(item.fingerprint), basis.reviewed)
        except ReviewError as exc:
            raise ReviewError(f"{path}:{node.start_mark.line + 1}: {exc}") from None
    if not edits:
        return None
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    reparsed, problems = parse_yaml(text.encode("utf-8"), str(path))
    if reparsed is None:
        raise ReviewError(f"{path}: 编辑后无法解析，未写入（{problems[0].message}）")
    return text
