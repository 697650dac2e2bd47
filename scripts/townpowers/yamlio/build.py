"""Building typed model objects from composed YAML nodes, collecting every problem, located.

The field declarations live in the model (see :mod:`townpowers.model.schema`); this module walks a
file's nodes against them. It is also where YAML's traps are closed: scalars are typed by the
field they fill (so ``no`` is never a boolean and ``0370`` keeps its zero), duplicate keys,
foreign tags and aliases are rejected as they are met.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic
from ..model.schema import DATE_PATTERN, PLANS, FieldSpec, Loc, TypeSpec, plan
from ..model.textpolicy import field_problem, suspicious
from ..util.text import CJK_CHARS
from .read import ALLOWED_TAGS, BOOL, INT, NULL, NULLS, STR, is_null, pos, scalar_kind

T = TypeVar("T")

_FOLDED_CJK_SPACE = re.compile(f"(?<=[{CJK_CHARS}]) (?=[{CJK_CHARS}])")


def unfold_cjk(text: str) -> str:
    """A folded block scalar (``>``) as its author meant it: YAML folding put a space where
    each line break was, but between two Chinese characters there is none."""
    return _FOLDED_CJK_SPACE.sub("", text)


#: Longest text any field may hold (the longest article of a law is a few thousand characters).
MAX_TEXT = 20_000

_TYPE_WORDS = {
    "str": "文本",
    "int": "整数",
    "bool": "true 或 false",
    "date": "日期（YYYY-MM-DD）",
    "enum": "规定值之一",
    "model": "映射（键: 值）",
    "list": "列表",
}


_KIND_WORDS = {
    "null": "空值",
    "bool": "布尔值",
    "int": "整数",
    "float": "小数",
    "date": "日期",
    "str": "文本",
}


def _node_word(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    assert isinstance(node, ScalarNode)
    return _KIND_WORDS[scalar_kind(node)]


class Builder:
    """Builds model objects from one file's nodes, collecting diagnostics.

    This is the hot loop of loading a province-sized catalog (millions of nodes), so the common
    path is kept flat: the alias/tag admission test and position capture are inlined, and only
    the error paths call out.
    """

    def __init__(
        self,
        path: str,
        aliases: bool = True,
        vocabularies: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``aliases=False`` promises the file has no anchor (no ``&``), so none can recur.
        ``vocabularies`` are the catalog profile's value lists that fields marked
        ``meta(vocabulary=...)`` must take a value from (checked like an enumeration)."""
        self.path = path
        self.vocabularies = vocabularies or {}
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._track = aliases

    def admit(self, node: Node) -> bool:
        """Reject a node met before (libyaml turns an alias into the very same object, so this
        is how aliases, and alias bombs, are caught) or carrying a foreign tag."""
        key = id(node)
        if self._track and key in self._seen:
            self.error(
                "yaml-alias",
                "此处用锚点（&）定义的值又被别名（*）引用",
                node,
                "删除锚点（&名称）和别名（*名称），直接写出每一个值。",
            )
            return False
        self._seen.add(key)
        if node.tag not in ALLOWED_TAGS:
            self._foreign_tag(node)
            return False
        return True

    def _foreign_tag(self, node: Node) -> None:
        self.error("yaml-tag", f"不允许的 YAML 标签“{node.tag}”", node, "删除该标签，直接写出值。")

    def error(self, code: str, message: str, node: Node | None, hint: str = "") -> None:
        """Record a diagnostic at ``node`` (or at the file when there is none)."""
        line, col = pos(node) if node is not None else (0, 0)
        self.diagnostics.append(Diagnostic.make(code, message, self.path, line, col, hint))

    def build(self, cls: type[T], node: Node, where: str = "") -> T | None:
        """Build ``cls`` from a mapping node; ``None`` when the node is unusable."""
        return self._build(cls, node, where, None, None)

    def _build(
        self, cls: type[T], node: Node, where: str, spec: FieldSpec | None, index: int | None
    ) -> T | None:
        """:meth:`build`; a nested object names itself by ``spec``/``index``, only on error."""
        if (self._track or node.tag not in ALLOWED_TAGS) and not self.admit(node):
            return None
        if type(node) is not MappingNode:
            if spec is not None:
                where = f"“{_label(spec, index)}”"
            self.error(
                "wrong-type",
                f"{where or cls.__name__}应为映射（键: 值），实际是{_node_word(node)}",
                node,
            )
            return None
        specs, required = PLANS.get(cls) or plan(cls)
        values: dict[str, Any] = {}
        positions: dict[str, tuple[int, int]] = {}
        ok = True
        seen = self._seen
        track = self._track
        for key, value in node.value:
            if (
                type(key) is not ScalarNode
                or key.tag not in ALLOWED_TAGS
                or (track and id(key) in seen)
            ):
                if type(key) is not ScalarNode:
                    self.error("wrong-type", "键必须是文本", key)
                else:
                    self.admit(key)
                ok = False
                continue
            if track:
                seen.add(id(key))
            name = key.value
            spec = specs.get(name)
            if spec is None or name in positions:
                # an unknown field is reported but does not discard the object, so the rest of
                # the file (its references above all) is still checked in the same run
                if not self._bad_key(key, node, specs):
                    ok = False
                continue
            mark = value.start_mark
            positions[name] = (mark.line + 1, mark.column + 1)
            t = spec.type
            if (
                t.optional
                and type(value) is ScalarNode
                and (
                    value.tag == NULL
                    or (value.tag == STR and not value.style and value.value in NULLS)
                )
            ):
                values[name] = None
                continue
            built = self._value(t, spec, value, positions)
            if built is _BAD:
                ok = False
            else:
                values[name] = built
        if not required.issubset(positions):
            for name in specs:
                if name in required and name not in positions:
                    self.error(
                        "missing-field", f"缺少必填字段“{name}”（{specs[name].meta['help']}）", node
                    )
            ok = False
        if not ok:
            return None
        mark = node.start_mark
        return cls(**values, loc=Loc(self.path, mark.line + 1, mark.column + 1, positions))  # type: ignore[call-arg]

    def _bad_key(self, key: ScalarNode, node: MappingNode, specs: Mapping[str, FieldSpec]) -> bool:
        """Report a duplicate or unknown key (the slow path of :meth:`build`); whether the
        object can still be built without it (an unknown field: yes; a duplicate: no, which of
        the two values was meant is unknown)."""
        first = next(k for k, _ in node.value if type(k) is ScalarNode and k.value == key.value)
        if first is not key:
            line, col = pos(first)
            self.error(
                "yaml-duplicate-key",
                f"键“{key.value}”在同一映射中重复出现",
                key,
                f"第一次出现在第 {line} 行第 {col} 列。",
            )
            return False
        close = difflib.get_close_matches(key.value, list(specs), n=1)
        self.error(
            "unknown-field",
            f"未知字段“{key.value}”",
            key,
            f"是否想写“{close[0]}”？" if close else "可用字段：" + "、".join(specs),
        )
        return True

    def _value(
        self,
        t: TypeSpec,
        spec: FieldSpec,
        node: Node,
        positions: dict[str, tuple[int, int]],
        index: int | None = None,
    ) -> Any:
        kind = t.kind
        if kind == "model":
            built = self._build(t.target, node, "", spec, index)
            return _BAD if built is None else built
        if self._track:
            key = id(node)
            if key in self._seen:
                self.admit(node)
                return _BAD
            self._seen.add(key)
        if node.tag not in ALLOWED_TAGS:
            self._foreign_tag(node)
            return _BAD
        if kind == "list":
            if type(node) is not SequenceNode:
                self.error(
                    "wrong-type",
                    f"“{spec.name}”应为列表，实际是{_node_word(node)}",
                    node,
                    "列表的每一项以“- ”开头。",
                )
                return _BAD
            items = []
            bad = False
            scalar_items = t.target.kind != "model"
            for i, item in enumerate(node.value):
                if scalar_items:
                    mark = item.start_mark
                    positions[f"{spec.name}[{i}]"] = (mark.line + 1, mark.column + 1)
                built = self._value(t.target, spec, item, positions, i)
                if built is _BAD:
                    bad = True
                else:
                    items.append(built)
            minimum = spec.meta.get("min_items")
            if minimum and len(node.value) < minimum:
                self.error("empty-list", f"“{spec.name}”至少需要 {minimum} 项", node)
                return _BAD
            return _BAD if bad else tuple(items)
        if type(node) is not ScalarNode:
            self.error(
                "wrong-type",
                f"“{_label(spec, index)}”应为{_TYPE_WORDS[kind]}，实际是{_node_word(node)}",
                node,
            )
            return _BAD
        if t.optional and is_null(node):
            return None
        return _SCALARS[kind](self, t, spec, node, index)


def _label(spec: FieldSpec, index: int | None) -> str:
    return spec.name if index is None else f"{spec.name}[{index + 1}]"


_BAD: Any = object()


def _str(b: Builder, t: TypeSpec, spec: FieldSpec, node: ScalarNode, index: int | None) -> Any:
    # The source text is used as written, so `code: 0370` or `name: no` never become numbers
    # or booleans behind the author's back.
    style = node.style
    if node.tag == NULL or (not style and node.tag == STR and node.value in NULLS):
        b.error("missing-field", f"“{_label(spec, index)}”不能为空", node)
        return _BAD
    if not style:
        text = node.value.strip()
    elif style == "|":
        text = node.value.rstrip("\n")
    elif style == ">":  # folding put a space where each line break was; Chinese has none
        text = unfold_cjk(node.value.rstrip("\n"))
    else:
        text = node.value
    if len(text) > MAX_TEXT:  # a pasted file or a runaway generator, not a catalog field
        b.error(
            "invalid-value",
            f"“{_label(spec, index)}”过长：{len(text)} 个字符，上限 {MAX_TEXT}",
            node,
            "法律条文逐条录入；长文本请分成多个字段或条目。",
        )
        return _BAD
    min_length = spec.meta.get("min_length") or 1
    if len(text) < min_length or (style and len(text.strip()) < min_length):
        b.error("invalid-value", f"“{_label(spec, index)}”不能为空", node)
        return _BAD
    if (spec.meta.get("grammar") or suspicious(text)) and _policy(b, spec, node, index, text):
        return _BAD
    # a reference is checked where it is resolved (which lists the valid ids and recognizes a
    # name written for an id); the pattern judges only values that name nothing else
    if spec.pattern is not None and not spec.meta.get("ref") and not spec.pattern.fullmatch(text):
        examples = spec.meta.get("examples") or ()
        b.error(
            "invalid-value",
            f"“{_label(spec, index)}”的值“{_short(text)}”格式不符合要求",
            node,
            ("示例：" + "、".join(map(str, examples)))
            if examples
            else f"应匹配 {spec.pattern.pattern}",
        )
        return _BAD
    if b.vocabularies and (vocabulary := spec.meta.get("vocabulary")) is not None:
        allowed = b.vocabularies.get(vocabulary)
        if allowed is not None and text not in allowed:
            close = difflib.get_close_matches(text, allowed, n=1, cutoff=0.4)
            b.error(
                "invalid-value",
                f"“{_label(spec, index)}”的值“{_short(text)}”不是允许的值",
                node,
                (f"是否想写“{close[0]}”？" if close else "")
                + "允许的值（profile.yaml）："
                + "、".join(allowed),
            )
            return _BAD
    return text


def _policy(b: Builder, spec: FieldSpec, node: ScalarNode, index: int | None, text: str) -> bool:
    """Apply the text policy (:mod:`townpowers.model.textpolicy`); report a refused character
    at its own line (block text spans many), escaped, never raw."""
    problem = field_problem(spec.name, spec.meta, text)
    if problem is None:
        return False
    line, column = pos(node)
    if node.style in ("|", ">") and problem.offset < len(text):
        # a block's text starts on the line after its indicator, one source line per line
        # (in a quoted string a newline may be an escape, so its start is the best place)
        at = node.value.find(text[problem.offset])
        if at >= 0:
            line += 1 + node.value.count("\n", 0, at)
    b.diagnostics.append(
        Diagnostic.make(
            "invalid-value",
            f"“{_label(spec, index)}”{problem.message}",
            b.path,
            line,
            column,
            problem.hint,
        )
    )
    return True


def _int(b: Builder, t: TypeSpec, spec: FieldSpec, node: ScalarNode, index: int | None) -> Any:
    text = node.value
    if (  # the common case, a short plain decimal; the rest takes the path with the messages
        node.tag == STR
        and not node.style
        and 0 < len(text) < 19
        and text.isascii()
        and text.isdigit()
        and (text[0] != "0" or len(text) == 1)
    ):
        return _in_range(b, spec, node, index, int(text))
    if scalar_kind(node) != "int" and node.tag != INT:
        b.error(
            "wrong-type",
            f"“{_label(spec, index)}”应为整数，实际是{_node_word(node)}“{_short(node.value)}”",
            node,
        )
        return _BAD
    try:
        value = int(node.value.replace("_", ""), 0)
    except ValueError:
        b.error("wrong-type", f"“{_label(spec, index)}”应为十进制整数", node)
        return _BAD
    return _in_range(b, spec, node, index, value)


def _in_range(b: Builder, spec: FieldSpec, node: ScalarNode, index: int | None, value: int) -> Any:
    low, high = spec.meta.get("minimum"), spec.meta.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        b.error(
            "invalid-value",
            f"“{_label(spec, index)}”的值 {value} 超出范围"
            f"（{'' if low is None else low}～{'' if high is None else high}）",
            node,
        )
        return _BAD
    return value


def _bool(b: Builder, t: TypeSpec, spec: FieldSpec, node: ScalarNode, index: int | None) -> Any:
    word = node.value.lower()
    if (scalar_kind(node) != "bool" and node.tag != BOOL) or word not in ("true", "false"):
        b.error(
            "wrong-type",
            f"“{_label(spec, index)}”应为 true 或 false，实际是“{_short(node.value)}”",
            node,
        )
        return _BAD
    return word == "true"


def _date(b: Builder, t: TypeSpec, spec: FieldSpec, node: ScalarNode, index: int | None) -> Any:
    text = node.value
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:  # the common case, in C; anything it refuses takes the path with the messages
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = DATE_PATTERN.fullmatch(node.value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            b.error("invalid-value", f"“{_label(spec, index)}”不是有效日期：“{node.value}”", node)
            return _BAD
    b.error(
        "invalid-value",
        f"“{_label(spec, index)}”应为 YYYY-MM-DD 格式的日期，实际是“{_short(node.value)}”",
        node,
        "例如 2021-07-31。",
    )
    return _BAD


def _enum(b: Builder, t: TypeSpec, spec: FieldSpec, node: ScalarNode, index: int | None) -> Any:
    member = t.target._value2member_map_.get(node.value.strip())
    if member is not None:
        return member
    allowed = [m.value for m in t.target]
    close = difflib.get_close_matches(node.value, allowed, n=1, cutoff=0.4)
    b.error(
        "invalid-value",
        f"“{_label(spec, index)}”的值“{_short(node.value)}”不是允许的值",
        node,
        (f"是否想写“{close[0]}”？" if close else "") + "允许的值：" + "、".join(allowed),
    )
    return _BAD


_SCALARS: dict[str, Callable[[Builder, TypeSpec, FieldSpec, ScalarNode, int | None], Any]] = {
    "str": _str,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "enum": _enum,
}


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def value_problems(cls: type, name: str, value: str) -> list[str]:
    """What the loader would say about ``value`` written (quoted) as field ``name`` of ``cls``.

    A value typed on a command line (a reviewer's name) is held to exactly the rules a catalog
    file is: the same builder judges it, so whatever the loader refuses is refused before it
    is written, in the loader's words.
    """
    from yaml.error import Mark

    specs, _ = plan(cls)
    spec = specs[name]
    mark = Mark("<value>", 0, 0, 0, None, None)  # type: ignore[arg-type]
    node = ScalarNode(STR, value, mark, mark, style='"')
    builder = Builder("<value>")
    builder._value(spec.type, spec, node, {})
    return [d.message for d in builder.diagnostics]
