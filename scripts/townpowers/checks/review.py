"""``townpowers review``: a reviewer confirms legal-basis references and renews their fingerprints.

The catalog is hand-written YAML with comments and deliberate layout, so it is never re-dumped:
each ``reviewed`` entry is spliced into the file's text at the exact character offsets of the
composed nodes, and the edited text is parsed again before it replaces the file atomically.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..model import Basis, PowerFile, lawtext
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
        return (
            f"{{fingerprint: {json.dumps(fingerprint)}, by: {json.dumps(self.by, ensure_ascii=False)}, "
            f"date: {self.date.isoformat()}}}"
        )


def _value(mapping: MappingNode, key: str) -> Node | None:
    return next((v for k, v in mapping.value if isinstance(k, ScalarNode) and k.value == key), None)


def _splice(text: str, basis_node: MappingNode, new: str) -> tuple[int, int, str]:
    """Where to put ``reviewed: new`` in one basis mapping: (start, end, replacement)."""
    existing = _value(basis_node, "reviewed")
    if existing is not None:
        return existing.start_mark.index, existing.end_mark.index, new
    if basis_node.flow_style:
        end = basis_node.end_mark.index - 1  # before the closing brace
        return end, end, f", reviewed: {new}"
    last = basis_node.value[-1][1]
    indent = " " * basis_node.value[0][0].start_mark.column
    at = last.end_mark.index
    if at > 0 and text[at - 1] == "\n":  # block scalars end after their newline
        return at, at, f"{indent}reviewed: {new}\n"
    return at, at, f"\n{indent}reviewed: {new}"


def prepare(
    path: Path,
    power: PowerFile,
    choose: Callable[[Basis], bool],
    fingerprint: Callable[[Basis], str | None],
    stamp: Stamp,
) -> tuple[str | None, int]:
    """The new text of one power file with the chosen bases stamped (``None`` if unchanged)."""
    text = path.read_text(encoding="utf-8")
    parsed, problems = parse_yaml(text.encode("utf-8"), str(path))
    if parsed is None or not isinstance(parsed.root, MappingNode):
        raise ReviewError(f"{path}: 无法解析（{problems[0].message if problems else '结构不对'}）")
    bases = _value(parsed.root, "bases")
    if not isinstance(bases, SequenceNode) or len(bases.value) != len(power.bases):
        raise ReviewError(f"{path}: bases 的结构与目录不一致")
    edits = []
    for basis, node in zip(power.bases, bases.value, strict=True):
        fp = fingerprint(basis)
        if fp is None or not choose(basis) or not isinstance(node, MappingNode):
            continue
        if (
            basis.reviewed
            and basis.reviewed.fingerprint == fp
            and basis.reviewed.by == stamp.by
            and basis.reviewed.date == stamp.date
        ):
            continue
        edits.append(_splice(text, node, stamp.text(fp)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    if not edits:
        return None, 0
    reparsed, problems = parse_yaml(text.encode("utf-8"), str(path))
    if reparsed is None:
        raise ReviewError(f"{path}: 编辑后无法解析，未写入（{problems[0].message}）")
    return text, len(edits)


def review(
    cat: Catalog,
    stamp: Stamp,
    *,
    powers: set[str] | None = None,
    laws: set[str] | None = None,
    only_suspect: bool = False,
) -> dict[str, int]:
    """Stamp the chosen references (all, by power, by law, or only suspect/unreviewed ones).

    Returns power id -> number of references stamped. All files are prepared before any is
    written, so a file that cannot be edited leaves every file untouched.
    """

    def current(basis: Basis) -> str | None:
        quoted = cat.quote(basis)
        return None if quoted is None else lawtext.fingerprint(quoted)

    def choose(basis: Basis) -> bool:
        if laws is not None and basis.law not in laws:
            return False
        if only_suspect:
            return basis.reviewed is None or basis.reviewed.fingerprint != current(basis)
        return True

    chosen = [p for p in cat.powers.values() if powers is None or p.id in powers]
    prepared: list[tuple[Path, str, str, int]] = []
    for power in chosen:
        path = cat.root.parent / power.loc.path
        text, n = prepare(path, power, choose, current, stamp)
        if text is not None:
            prepared.append((path, text, power.id, n))
    for path, text, _, _ in prepared:
        write_atomic(path, text)
    return {power_id: n for _, _, power_id, n in prepared}
