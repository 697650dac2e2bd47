"""Editing a hand-written catalog file in place: change what changed, keep everything else.

People write the catalog by hand: comments, the order of keys, flow lists (``[a, b]``), block
text (``|-``), quotes. An import from a spreadsheet must not turn a one-cell edit into a
rewritten file, so a changed file is loaded with ruamel.yaml's round-trip mode (which keeps
comments and layout), only the values whose *meaning* differs are replaced (a value left out
because it is the default is the same as the default written out), and the result is dumped
back. ruamel.yaml writes the reference catalog's files back byte for byte, so the only lines
that change are the edited ones.

This is the catalog's one in-place editor: imports (:func:`update_text`, :func:`edited_or`) and
review stamps (:func:`edit_text`) alike, always staged in a changeset (``townpowers.changes``).
"""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from ..model.schema import FieldSpec, TypeSpec, plan
from .build import unfold_cjk
from .write import is_flow_list, prune


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line of Chinese text
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(
        type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return y


def _plain(value: Any) -> Any:
    """ruamel's round-trip values as plain Python (string subclasses, commented containers)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, FoldedScalarString):
        return unfold_cjk(str(value).rstrip("\n"))
    if isinstance(value, str):
        return str(value)
    return value


def _default(spec: FieldSpec) -> Any:
    if spec.required:
        return None
    default = spec.default
    if isinstance(default, tuple):
        return []
    return getattr(default, "value", default)


def _canon(t: TypeSpec, value: Any) -> Any:
    """A value as its meaning: models with every default filled in, enums by value."""
    if value is None:
        return None
    if t.kind == "model":
        if not isinstance(value, dict):
            return value
        specs, _ = plan(t.target)
        return {
            name: _canon(spec.type, value[name]) if name in value else _default(spec)
            for name, spec in specs.items()
        } | {k: v for k, v in value.items() if k not in specs}
    if t.kind == "list":
        return [_canon(t.target, v) for v in value] if isinstance(value, list) else value
    return getattr(value, "value", value)


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _node(t: TypeSpec, spec: FieldSpec, value: Any) -> Any:
    """New data as round-trip nodes written the way the catalog is written by hand."""
    if value is None:
        return None
    if t.kind == "model" and isinstance(value, dict):
        specs, _ = plan(t.target)
        out = CommentedMap()
        for name, item in prune(t.target, value).items():
            inner = specs.get(name)
            out[name] = _node(inner.type, inner, item) if inner else item
        return out
    if t.kind == "list" and isinstance(value, list):
        seq = CommentedSeq(_node(t.target, spec, v) for v in value)
        if is_flow_list(spec, t.target):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return getattr(value, "value", value)


def _update_map(node: CommentedMap, new: dict[str, Any], cls: type) -> None:
    specs, _ = plan(cls)
    order = list(specs)
    for name, spec in specs.items():
        t = spec.type
        had, has = name in node, name in new
        old_value = _canon(t, _plain(node[name])) if had else _default(spec)
        new_value = _canon(t, new[name]) if has else _default(spec)
        if old_value == new_value:
            continue
        if not has:
            del node[name]
            continue
        current = node.get(name) if had else None
        if t.kind == "model" and isinstance(current, CommentedMap) and new[name] is not None:
            _update_map(current, new[name], t.target)
        elif t.kind == "list" and isinstance(current, CommentedSeq):
            _update_list(current, new[name], t, spec)
        elif had:
            node[name] = _node(t, spec, new[name])
        else:
            before = [k for k in order[: order.index(name)] if k in node]
            at = list(node).index(before[-1]) + 1 if before else 0
            node.insert(at, name, _node(t, spec, new[name]))


def _update_list(seq: CommentedSeq, new: list[Any], t: TypeSpec, spec: FieldSpec) -> None:
    item = t.target
    old_keys = [_key(_canon(item, _plain(v))) for v in seq]
    new_keys = [_key(_canon(item, v)) for v in new]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        if (
            op == "replace"
            and i2 - i1 == j2 - j1
            and item.kind == "model"
            and all(isinstance(seq[i], CommentedMap) for i in range(i1, i2))
        ):
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                _update_map(seq[i], new[j], item.target)
            continue
        for i in reversed(range(i1, i2)):
            del seq[i]
        for offset, j in enumerate(range(j1, j2)):
            seq.insert(i1 + offset, _node(item, spec, new[j]))


def meaning(text: str, cls: type) -> Any:
    """What a file's text means: its model object as plain data (``None`` when it does not
    build cleanly); two texts with the same meaning load as the same catalog."""
    from ..model.schema import as_data
    from .build import Builder
    from .read import parse_yaml

    parsed, problems = parse_yaml(text.encode("utf-8"), "edited")
    if parsed is None or problems:
        return None
    builder = Builder("edited", aliases=parsed.anchored)
    built: Any = builder.build(cls, parsed.root, "文件内容")
    if built is None or builder.diagnostics:
        return None
    return as_data(built)


def edited_or(text: str, cls: type, new: dict[str, Any], fallback: str) -> str:
    """``text`` edited in place to mean ``fallback`` (see :func:`update_text`); ``fallback``
    itself (a whole file written from the data) when the in-place edit would mean anything
    else, so an import never writes what it did not check."""
    try:
        edited = update_text(text, cls, new)
    except Exception:  # ruamel cannot round-trip some hand-written YAML; the fallback can
        return fallback
    wanted = meaning(fallback, cls)
    return edited if wanted is not None and meaning(edited, cls) == wanted else fallback


def update_text(text: str, cls: type, new: dict[str, Any]) -> str:
    """``text`` (a catalog file of model ``cls``) with the values of ``new`` written in, every
    value whose meaning is unchanged left exactly as it was written."""
    return edit_text(text, lambda doc: _update_map(doc, new, cls))


def edit_text(text: str, change: Callable[[CommentedMap], None]) -> str:
    """``text`` with ``change`` applied to its round-trip document (comments, key order,
    quoting and flow or block style of everything ``change`` leaves alone are kept).

    For edits that are not "make it mean this data" (:func:`update_text`), such as a review
    stamp written as one line the way people write it."""
    y = _yaml()
    doc = y.load(text)
    if not isinstance(doc, CommentedMap):
        raise ValueError("文件内容不是映射")
    change(doc)
    out = io.StringIO()
    y.dump(doc, out)
    return _comment_gaps(text, out.getvalue())


_TRAILING = re.compile(r"(?<=\S)( +)(#.*)$", re.M)


def _comment_gaps(before: str, after: str) -> str:
    """Keep the gap before each trailing comment as written: ruamel closes it to one space
    when the line before the comment grew (``}  # 注释`` stays ``}  # 注释``)."""
    gaps = {m.group(2): m.group(1) for m in _TRAILING.finditer(before)}

    def keep(m: re.Match[str]) -> str:
        return gaps.get(m.group(2), m.group(1)) + m.group(2)

    return _TRAILING.sub(keep, after)


def flow_map(values: dict[str, Any]) -> CommentedMap:
    """A mapping written on one line (``{by: "某某", date: 2026-01-02}``), its strings
    double-quoted (so a name is never read as anything but text)."""
    out = CommentedMap(
        (k, DoubleQuotedScalarString(v) if isinstance(v, str) else v) for k, v in values.items()
    )
    out.fa.set_flow_style()
    return out
