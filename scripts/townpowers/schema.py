"""Typed model <-> YAML nodes <-> JSON Schema, from one declaration per field.

Each model field is declared once, as a dataclass field whose metadata (built with :func:`meta`)
carries its Chinese help text and constraints. From that single declaration this module

* builds frozen model objects from composed YAML nodes, collecting *every* problem with its
  line and column instead of stopping at the first, and
* generates the JSON Schema that editors with a YAML language server use to validate and
  autocomplete while people type.

Keeping both in one place is what keeps the committed schemas honest: a test regenerates them
and compares.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import enum
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic
from .yamlsafe import BOOL, FLOAT, INT, NULL, TIMESTAMP, pos

T = TypeVar("T")

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Loc:
    """Where an object and each of its fields were written (1-based line/column)."""

    path: str = ""
    line: int = 0
    column: int = 0
    fields: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, name: str) -> tuple[str, int, int]:
        """``(path, line, column)`` of field ``name``, or of the object when it is absent."""
        line, column = self.fields.get(name, (self.line, self.column))
        return self.path, line, column


NOWHERE = Loc()


def loc_field() -> Any:
    """The trailing ``loc`` field every model class carries (not part of the data)."""
    return field(
        default=NOWHERE, compare=False, repr=False, kw_only=True, metadata={"internal": True}
    )


def meta(
    help: str,
    *,
    pattern: str | None = None,
    min_items: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    min_length: int | None = None,
    examples: tuple[object, ...] = (),
    ref: str | None = None,
) -> dict[str, object]:
    """Field metadata: help text (Chinese, shown in editors) and constraints.

    ``ref`` names the kind of object the value refers to; the loader resolves those
    references after every file is read.
    """
    return {
        "help": help,
        "pattern": pattern,
        "min_items": min_items,
        "minimum": minimum,
        "maximum": maximum,
        "min_length": min_length,
        "examples": examples,
        "ref": ref,
    }


# --- type analysis ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Type:
    """A field's type reduced to what the builder needs."""

    kind: str  # "str" | "int" | "bool" | "date" | "enum" | "model" | "list"
    optional: bool = False
    target: Any = None  # enum class, model class, or item _Type for lists


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    type: _Type
    required: bool
    default: Any
    meta: Mapping[str, Any]
    pattern: re.Pattern[str] | None


_PLANS: dict[type, tuple[dict[str, _Field], frozenset[str]]] = {}


def _analyse(hint: Any) -> _Type:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"unsupported union {hint}")
        return dataclasses.replace(_analyse(args[0]), optional=True)
    if origin is tuple:
        items = typing.get_args(hint)
        if len(items) != 2 or items[1] is not Ellipsis:
            raise TypeError(f"only tuple[X, ...] is supported, not {hint}")
        return _Type("list", target=_analyse(items[0]))
    if hint is str:
        return _Type("str")
    if hint is bool:
        return _Type("bool")
    if hint is int:
        return _Type("int")
    if hint is dt.date:
        return _Type("date")
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _Type("enum", target=hint)
    if dataclasses.is_dataclass(hint):
        return _Type("model", target=hint)
    raise TypeError(f"unsupported field type {hint}")


def plan(cls: type) -> tuple[dict[str, _Field], frozenset[str]]:
    """Field specs of a model class (cached) and the set of required names."""
    cached = _PLANS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    fields: dict[str, _Field] = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        default = (
            f.default
            if f.default is not dataclasses.MISSING
            else f.default_factory()
            if f.default_factory is not dataclasses.MISSING
            else None
        )
        pattern = f.metadata.get("pattern")
        fields[f.name] = _Field(
            f.name,
            _analyse(hints[f.name]),
            not has_default,
            default,
            f.metadata,
            re.compile(pattern) if pattern else None,
        )
    result = (fields, frozenset(n for n, s in fields.items() if s.required))
    _PLANS[cls] = result
    return result


# --- building objects from nodes --------------------------------------------------------------

_TYPE_WORDS = {
    "str": "文本",
    "int": "整数",
    "bool": "true 或 false",
    "date": "日期（YYYY-MM-DD）",
    "enum": "规定值之一",
    "model": "映射（键: 值）",
    "list": "列表",
}


def _node_word(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    return {INT: "整数", FLOAT: "小数", BOOL: "布尔值", NULL: "空值", TIMESTAMP: "日期"}.get(
        node.tag, "文本"
    )


class Builder:
    """Builds model objects from one file's nodes, collecting diagnostics."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: str, message: str, node: Node | None, hint: str = "") -> None:
        """Record a diagnostic at ``node`` (or at the file when there is none)."""
        line, col = pos(node) if node is not None else (0, 0)
        self.diagnostics.append(Diagnostic.make(code, message, self.path, line, col, hint))

    def build(self, cls: type[T], node: Node, where: str = "") -> T | None:
        """Build ``cls`` from a mapping node; ``None`` when the node is unusable."""
        if not isinstance(node, MappingNode):
            self.error(
                "wrong-type",
                f"{where or cls.__name__}应为映射（键: 值），实际是{_node_word(node)}",
                node,
            )
            return None
        specs, required = plan(cls)
        values: dict[str, Any] = {}
        positions: dict[str, tuple[int, int]] = {}
        ok = True
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error("wrong-type", "键必须是文本", key)
                ok = False
                continue
            spec = specs.get(key.value)
            if spec is None:
                close = difflib.get_close_matches(key.value, list(specs), n=1)
                self.error(
                    "unknown-field",
                    f"未知字段“{key.value}”",
                    key,
                    f"是否想写“{close[0]}”？" if close else "可用字段：" + "、".join(specs),
                )
                ok = False
                continue
            positions[spec.name] = pos(value)
            if spec.type.optional and isinstance(value, ScalarNode) and value.tag == NULL:
                values[spec.name] = None
                continue
            built = self._value(spec.type, spec, value, positions)
            if built is _BAD:
                ok = False
            else:
                values[spec.name] = built
        missing = [n for n in specs if n in required and n not in values and n not in positions]
        for name in missing:
            self.error("missing-field", f"缺少必填字段“{name}”（{specs[name].meta['help']}）", node)
            ok = False
        if not ok:
            return None
        line, col = pos(node)
        return cls(**values, loc=Loc(self.path, line, col, positions))  # type: ignore[call-arg]

    def _value(
        self,
        t: _Type,
        spec: _Field,
        node: Node,
        positions: dict[str, tuple[int, int]],
        index: int | None = None,
    ) -> Any:
        label = spec.name if index is None else f"{spec.name}[{index + 1}]"
        if t.kind == "list":
            if not isinstance(node, SequenceNode):
                self.error(
                    "wrong-type",
                    f"“{label}”应为列表，实际是{_node_word(node)}",
                    node,
                    "列表的每一项以“- ”开头。",
                )
                return _BAD
            items = []
            bad = False
            for i, item in enumerate(node.value):
                if t.target.kind != "model":
                    positions[f"{spec.name}[{i}]"] = pos(item)
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
        if t.kind == "model":
            built = self.build(t.target, node, f"“{label}”")
            return _BAD if built is None else built
        if not isinstance(node, ScalarNode):
            self.error(
                "wrong-type", f"“{label}”应为{_TYPE_WORDS[t.kind]}，实际是{_node_word(node)}", node
            )
            return _BAD
        converter = _SCALARS[t.kind]
        return converter(self, t, spec, node, label)


_BAD: Any = object()


def _str(b: Builder, t: _Type, spec: _Field, node: ScalarNode, label: str) -> Any:
    # The source text is used as written, so `code: 0370` or `name: no` never become numbers
    # or booleans behind the author's back.
    if node.tag == NULL:
        b.error("missing-field", f"“{label}”不能为空", node)
        return _BAD
    text = node.value.rstrip("\n") if node.style in ("|", ">") else node.value
    if node.style in (None, ""):
        text = text.strip()
    min_length = spec.meta.get("min_length") or 1
    if len(text.strip()) < min_length:
        b.error("invalid-value", f"“{label}”不能为空", node)
        return _BAD
    if spec.pattern is not None and not spec.pattern.fullmatch(text):
        examples = spec.meta.get("examples") or ()
        b.error(
            "invalid-value",
            f"“{label}”的值“{_short(text)}”格式不符合要求",
            node,
            ("示例：" + "、".join(map(str, examples)))
            if examples
            else f"应匹配 {spec.pattern.pattern}",
        )
        return _BAD
    return text


def _int(b: Builder, t: _Type, spec: _Field, node: ScalarNode, label: str) -> Any:
    if node.tag != INT:
        b.error(
            "wrong-type", f"“{label}”应为整数，实际是{_node_word(node)}“{_short(node.value)}”", node
        )
        return _BAD
    try:
        value = int(node.value.replace("_", ""), 0)
    except ValueError:
        b.error("wrong-type", f"“{label}”应为十进制整数", node)
        return _BAD
    low, high = spec.meta.get("minimum"), spec.meta.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        b.error(
            "invalid-value",
            f"“{label}”的值 {value} 超出范围"
            f"（{'' if low is None else low}～{'' if high is None else high}）",
            node,
        )
        return _BAD
    return value


def _bool(b: Builder, t: _Type, spec: _Field, node: ScalarNode, label: str) -> Any:
    word = node.value.lower()
    if node.tag != BOOL or word not in ("true", "false"):
        b.error("wrong-type", f"“{label}”应为 true 或 false，实际是“{_short(node.value)}”", node)
        return _BAD
    return word == "true"


def _date(b: Builder, t: _Type, spec: _Field, node: ScalarNode, label: str) -> Any:
    match = _DATE_RE.fullmatch(node.value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            b.error("invalid-value", f"“{label}”不是有效日期：“{node.value}”", node)
            return _BAD
    b.error(
        "invalid-value",
        f"“{label}”应为 YYYY-MM-DD 格式的日期，实际是“{_short(node.value)}”",
        node,
        "例如 2021-07-31。",
    )
    return _BAD


def _enum(b: Builder, t: _Type, spec: _Field, node: ScalarNode, label: str) -> Any:
    try:
        return t.target(node.value.strip())
    except ValueError:
        allowed = [m.value for m in t.target]
        close = difflib.get_close_matches(node.value, allowed, n=1, cutoff=0.4)
        b.error(
            "invalid-value",
            f"“{label}”的值“{_short(node.value)}”不是允许的值",
            node,
            (f"是否想写“{close[0]}”？" if close else "") + "允许的值：" + "、".join(allowed),
        )
        return _BAD


_SCALARS: dict[str, Callable[[Builder, _Type, _Field, ScalarNode, str], Any]] = {
    "str": _str,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "enum": _enum,
}


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- JSON Schema -------------------------------------------------------------------------------


def json_schema(cls: type, title: str, schema_id: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a top-level file model, with shared ``$defs``."""
    defs: dict[str, Any] = {}
    root = _model_schema(cls, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _model_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    specs, required = plan(cls)
    props = {name: _field_schema(spec, spec.type, defs) for name, spec in specs.items()}
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    doc = (cls.__doc__ or "").strip().splitlines()
    if doc:
        out["description"] = doc[0]
    if required:
        out["required"] = [n for n in specs if n in required]
    return out


def _field_schema(spec: _Field, t: _Type, defs: dict[str, Any]) -> dict[str, Any]:
    out = _type_schema(spec, t, defs)
    out = {"description": spec.meta["help"], **out}
    if not spec.required and spec.default not in (None, ()) and not isinstance(spec.default, tuple):
        default = spec.default.value if isinstance(spec.default, enum.Enum) else spec.default
        if isinstance(default, str | int | bool):
            out["default"] = default
    if spec.meta.get("examples"):
        out["examples"] = list(spec.meta["examples"])
    if t.optional:
        if "$ref" in out:
            out = {"description": out.pop("description"), "anyOf": [out, {"type": "null"}]}
        else:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
    return out


def _type_schema(spec: _Field, t: _Type, defs: dict[str, Any]) -> dict[str, Any]:
    if t.kind == "list":
        item = _type_schema(spec, dataclasses.replace(t.target, optional=False), defs)
        out: dict[str, Any] = {"type": "array", "items": item}
        if spec.meta.get("min_items"):
            out["minItems"] = spec.meta["min_items"]
        return out
    if t.kind == "model":
        name = t.target.__name__
        if name not in defs:
            defs[name] = {}  # placeholder guards against recursion
            defs[name] = _model_schema(t.target, defs)
        return {"$ref": f"#/$defs/{name}"}
    if t.kind == "enum":
        return {"type": "string", "enum": [m.value for m in t.target]}
    if t.kind == "date":
        return {"type": "string", "format": "date", "pattern": _DATE_RE.pattern}
    if t.kind == "bool":
        return {"type": "boolean"}
    if t.kind == "int":
        out = {"type": "integer"}
        if spec.meta.get("minimum") is not None:
            out["minimum"] = spec.meta["minimum"]
        if spec.meta.get("maximum") is not None:
            out["maximum"] = spec.meta["maximum"]
        return out
    out = {"type": "string", "minLength": spec.meta.get("min_length") or 1}
    if spec.pattern is not None:
        out["pattern"] = "^(?:" + spec.pattern.pattern + ")$"
    return out
