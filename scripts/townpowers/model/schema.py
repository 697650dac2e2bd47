"""Typed model <-> YAML nodes <-> JSON Schema, from one declaration per field.

Each model field is declared once, as a dataclass field whose metadata (built with :func:`meta`)
carries its Chinese help text and constraints. From that single declaration

* :mod:`townpowers.yamlio.build` builds frozen model objects from composed YAML nodes, collecting
  *every* problem with its line and column instead of stopping at the first, and
* this module generates the JSON Schema that editors with a YAML language server use to
  validate and autocomplete while people type.

Keeping both in one place is what keeps the committed schemas honest: a test regenerates them
and compares.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


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
    internal: bool = False,
    vocabulary: str | None = None,
    grammar: str | None = None,
) -> dict[str, object]:
    """Field metadata: help text (Chinese, shown in editors) and constraints.

    ``ref`` names the kind of object the value refers to; the loader resolves those
    references after every file is read. ``internal`` marks data that only the internal
    edition publishes (staff contacts, readiness details, evaluation notes): the public edition
    is built from a copy of the catalog with every such field reset to its default (see
    :mod:`townpowers.views.edition`), so no template can leak it by mistake. ``vocabulary``
    names the list of the jurisdiction profile the value must come from (``domains``,
    ``categories``): the loader checks it, and a schema derived for a catalog lists its values.
    """
    return {
        "help": f"【内部】{help}" if internal else help,
        "edition": "internal" if internal else None,
        "pattern": pattern,
        "min_items": min_items,
        "minimum": minimum,
        "maximum": maximum,
        "min_length": min_length,
        "examples": examples,
        "ref": ref,
        "vocabulary": vocabulary,
        "grammar": grammar,
    }


# --- type analysis ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A field's type reduced to what the builder needs."""

    kind: str  # "str" | "int" | "bool" | "date" | "enum" | "model" | "list"
    optional: bool = False
    target: Any = None  # enum class, model class, or item TypeSpec for lists


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: TypeSpec
    required: bool
    default: Any
    meta: Mapping[str, Any]
    pattern: re.Pattern[str] | None


PLANS: dict[type, tuple[dict[str, FieldSpec], frozenset[str]]] = {}


def _analyse(hint: Any) -> TypeSpec:
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
        return TypeSpec("list", target=_analyse(items[0]))
    if hint is str:
        return TypeSpec("str")
    if hint is bool:
        return TypeSpec("bool")
    if hint is int:
        return TypeSpec("int")
    if hint is dt.date:
        return TypeSpec("date")
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return TypeSpec("enum", target=hint)
    if dataclasses.is_dataclass(hint):
        return TypeSpec("model", target=hint)
    raise TypeError(f"unsupported field type {hint}")


def plan(cls: type) -> tuple[dict[str, FieldSpec], frozenset[str]]:
    """Field specs of a model class (cached) and the set of required names."""
    cached = PLANS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    fields: dict[str, FieldSpec] = {}
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
        fields[f.name] = FieldSpec(
            f.name,
            _analyse(hints[f.name]),
            not has_default,
            default,
            f.metadata,
            re.compile(pattern) if pattern else None,
        )
    result = (fields, frozenset(n for n, s in fields.items() if s.required))
    PLANS[cls] = result
    return result


def as_data(value: Any, *, iso_dates: bool = False) -> Any:
    """A model object as plain data: enums by value, no locations, no internal-only fields.

    Dates stay dates for YAML (which writes them bare) or become ISO text for JSON
    (``iso_dates``). The one walk behind the JSON export, the API and the YAML writer.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: as_data(getattr(value, f.name), iso_dates=iso_dates)
            for f in dataclasses.fields(value)
            if not f.metadata.get("internal")
        }
    if isinstance(value, enum.Enum):
        return value.value
    if iso_dates and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [as_data(v, iso_dates=iso_dates) for v in value]
    return value


def plain(value: Any) -> Any:
    """Model objects as JSON-ready data: enums by value, dates in ISO form, no locations."""
    return as_data(value, iso_dates=True)


# --- JSON Schema -------------------------------------------------------------------------------


#: The values of each vocabulary (``meta(vocabulary=...)``) while schemas are derived for a
#: catalog; empty outside :func:`vocabularies` (then such a field is any non-empty string).
_VOCABULARIES: ContextVar[Mapping[str, Sequence[str]] | None] = ContextVar(
    "vocabularies", default=None
)


@contextmanager
def vocabularies(values: Mapping[str, Sequence[str]]) -> Iterator[None]:
    """Derive the schemas inside this block with the vocabularies of one catalog's profile."""
    token = _VOCABULARIES.set(values)
    try:
        yield
    finally:
        _VOCABULARIES.reset(token)


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


def model_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one model class; nested models are added to ``defs`` and referenced."""
    return _model_schema(cls, defs)


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


def _field_schema(spec: FieldSpec, t: TypeSpec, defs: dict[str, Any]) -> dict[str, Any]:
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


def _type_schema(spec: FieldSpec, t: TypeSpec, defs: dict[str, Any]) -> dict[str, Any]:
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
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN.pattern}
    if t.kind == "bool":
        return {"type": "boolean"}
    if t.kind == "int":
        out = {"type": "integer"}
        if spec.meta.get("minimum") is not None:
            out["minimum"] = spec.meta["minimum"]
        if spec.meta.get("maximum") is not None:
            out["maximum"] = spec.meta["maximum"]
        return out
    vocabulary = spec.meta.get("vocabulary")
    values = (_VOCABULARIES.get() or {}).get(vocabulary) if vocabulary else None
    if values:
        return {"type": "string", "enum": list(values)}
    out = {"type": "string", "minLength": spec.meta.get("min_length") or 1}
    grammar = spec.meta.get("grammar")
    if grammar:
        from .textpolicy import NAME_LIMITS, name_schema_pattern

        out["maxLength"] = NAME_LIMITS[grammar]
        body = spec.pattern.pattern if spec.pattern is not None else ".+"
        out["pattern"] = "^" + name_schema_pattern(grammar) + "(?:" + body + ")$"
    elif spec.pattern is not None:
        out["pattern"] = "^(?:" + spec.pattern.pattern + ")$"
    return out
