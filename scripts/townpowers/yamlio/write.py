"""Writing catalog YAML from data: readable, in model order, and read back exactly as meant.

Imports (from spreadsheets) produce catalog files that people will go on editing by hand, so
they are written the way the hand-written files are: field order as declared in the model,
defaults left out, the ``$schema`` line first, short id/enum lists in flow style, multi-line
text as ``|`` blocks, no line wrapping (a wrapped Chinese line would gain a space). Every value
must read back through :mod:`townpowers.yamlio.build` as the same value, which is why strings that
YAML would misread are quoted (PyYAML decides that) and a string the builder would alter in a
block scalar (a trailing line break) is double-quoted instead.

:func:`node_paths` maps each written node back to its data path, so that a problem the loader
later finds in the written file can be reported where the data came from (a spreadsheet cell).
"""

from __future__ import annotations

import enum
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..model.common import ID
from ..model.schema import FieldSpec, TypeSpec, as_data, plan

try:  # libyaml composes faster; the nodes are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


class Flow(list[Any]):
    """A list written in flow style (``[a, b]``): ids and enum values."""


class FlowMap(dict[str, Any]):
    """A short nested object of single-line scalars, written on one line (``{by: 某某, …}``)."""


#: Mappings of scalars up to this many characters are written in flow style, as people do.
FLOW_MAP_LIMIT = 72


def data_of(value: Any) -> Any:
    """A model object as plain data for YAML: enums by value, dates kept as dates."""
    return as_data(value)


def is_flow_list(spec: FieldSpec, item: TypeSpec) -> bool:
    """Whether a list's items are short codes (enum values, ids) rather than free text."""
    return item.kind == "enum" or (
        item.kind == "str" and (spec.meta.get("ref") is not None or spec.meta.get("pattern") == ID)
    )


def _default_of(spec: FieldSpec) -> Any:
    """A field's default in data form (enum values, lists)."""
    default = spec.default
    if isinstance(default, enum.Enum):
        return default.value
    if isinstance(default, tuple):
        return [data_of(v) for v in default]
    return default


def prune(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` in model field order with default values left out (nested models too).

    Keys the model does not know are kept at the end, so that the loader reports them rather
    than this function silently dropping them.
    """
    specs, _required = plan(cls)
    out: dict[str, Any] = {}
    for name, spec in specs.items():
        if name not in data:
            continue
        value = data[name]
        if not spec.required and value == _default_of(spec):
            continue
        out[name] = _prune_value(spec, spec.type, value)
    for name, value in data.items():
        if name not in specs:
            out[name] = value
    return out


def _prune_value(spec: FieldSpec, t: TypeSpec, value: Any) -> Any:
    """One value pruned, and marked for flow style where it reads best so."""
    if value is None:
        return None
    if t.kind == "model" and isinstance(value, dict):
        pruned = prune(t.target, value)
        return FlowMap(pruned) if _short_scalars(pruned) else pruned
    if t.kind == "list" and isinstance(value, list):
        items = [_prune_value(spec, t.target, v) for v in value]
        # list items stay in block style (one field a line), as the catalog's authors write them
        items = [dict(v) if isinstance(v, FlowMap) else v for v in items]
        return Flow(items) if is_flow_list(spec, t.target) else items
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _short_scalars(data: dict[str, Any]) -> bool:
    """Whether a nested object is short enough to read well on one line."""
    if not data or any(isinstance(v, dict | list) for v in data.values()):
        return False
    if any(isinstance(v, str) and "\n" in v for v in data.values()):
        return False
    return sum(len(k) + len(str(v)) + 4 for k, v in data.items()) <= FLOW_MAP_LIMIT


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, literal blocks for multi-line text, and block sequences
    indented under their key (``key:\\n  - item``) as every hand-written catalog file is.

    The pure-Python emitter is used because libyaml's cannot indent sequences that way.
    """

    def ignore_aliases(self, data: Any) -> bool:
        """Never write anchors: the loader rejects aliases."""
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent block sequences under their key."""
        return super().increase_indent(flow, False)


def _represent_str(dumper: _Dumper, value: str) -> Any:
    """Multi-line text as a literal block when that reads back exactly."""
    style = None
    if "\n" in value:
        # the builder strips a block scalar's final line breaks, so such text is quoted
        block_safe = not value.endswith("\n") and "\r" not in value and value[:1] not in " \t"
        style = "|" if block_safe else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: _Dumper, value: Flow) -> Any:
    """Code lists in flow style."""
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)


def _represent_flow_map(dumper: _Dumper, value: FlowMap) -> Any:
    """Short objects in flow style."""
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)


_Dumper.add_representer(Flow, _represent_flow)
_Dumper.add_representer(FlowMap, _represent_flow_map)


def schema_ref(pattern: str, schema: str) -> str:
    """The ``$schema`` path written on a file's first line, relative to that file."""
    return "../" * pattern.count("/") + f"schema/{schema}.schema.json"


def dump(cls: type, data: dict[str, Any], schema: str | None = None, header: str = "") -> str:
    """The YAML text of one catalog file (``data`` is pruned first).

    ``header`` is comment text kept at the top (for example the comments of a file being
    rewritten); ``schema`` the path written in the ``yaml-language-server`` line.
    """
    body = yaml.dump(
        prune(cls, data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**31 - 1,
        indent=2,
    )
    first = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return first + header + body


def node_paths(text: str) -> dict[tuple[int, int], Path_]:
    """``(line, column)`` (1-based) of every value node in ``text`` -> its data path."""
    out: dict[tuple[int, int], Path_] = {}
    root = yaml.compose(text, Loader=_Loader)
    stack: list[tuple[Node, Path_]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        mark = node.start_mark
        out.setdefault((mark.line + 1, mark.column + 1), path)
        if isinstance(node, MappingNode):
            stack.extend((v, (*path, k.value)) for k, v in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
    return out
