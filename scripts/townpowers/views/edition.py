"""Public and internal editions: what the public site may contain, decided in one place.

Fields declared with ``meta(..., internal=True)`` (staff contacts, readiness details, evaluation
notes, who granted a waiver) belong to the internal edition only. Rather than asking every
template, the JSON API and the search index to remember that, the public edition is built from a
*redacted copy* of the catalog in which each internal field holds its default (``None``, empty,
``False``, ``0``). Whatever is generated from the copy cannot contain what the copy lacks.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model.catalog import Catalog

PUBLIC, INTERNAL = "public", "internal"
EDITIONS = (PUBLIC, INTERNAL)
#: Rule categories whose findings describe internal matters (readiness of named staff, etc.);
#: the public check report leaves them out.
INTERNAL_CATEGORIES = frozenset({"readiness"})


@cache
def _internal_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default) of the internal fields of a model class."""
    out = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("edition") == INTERNAL:
            if f.default is not dataclasses.MISSING:
                default: Any = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:  # a required field cannot be left out of the public edition
                raise TypeError(f"internal field {cls.__name__}.{f.name} needs a default")
            out.append((f.name, default))
    return tuple(out)


@cache
def _walked_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields :func:`redact` looks into (neither internal nor marked internal)."""
    skip = {name for name, _ in _internal_fields(cls)}
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.name not in skip and not f.metadata.get("internal")
    )


@cache
def _is_model(cls: type) -> bool:
    return dataclasses.is_dataclass(cls)


def redact(value: Any) -> Any:
    """``value`` with every internal field, at any depth, reset to its default.

    Objects without internal data are returned as they are (no copy), so redacting a catalog
    costs little more than walking it.
    """
    if isinstance(value, tuple):
        items = tuple(redact(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    cls: type = type(value)
    if isinstance(value, type) or not _is_model(cls):
        return value
    changes: dict[str, Any] = {
        name: default for name, default in _internal_fields(cls) if getattr(value, name) != default
    }
    for name in _walked_fields(cls):
        current = getattr(value, name)
        kind: type = type(current)
        if isinstance(current, tuple) or _is_model(kind):
            new = redact(current)
            if new is not current:
                changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value


def public_view(cat: Catalog) -> Catalog:
    """A copy of ``cat`` with nothing internal in it (the catalog itself is not changed)."""
    return dataclasses.replace(
        cat,
        meta=redact(cat.meta),
        districts={k: redact(v) for k, v in cat.districts.items()},
        towns={k: redact(v) for k, v in cat.towns.items()},
        kinds={k: redact(v) for k, v in cat.kinds.items()},
        departments={k: redact(v) for k, v in cat.departments.items()},
        department_files=[redact(f) for f in cat.department_files],
        instruments={k: redact(v) for k, v in cat.instruments.items()},
        powers={k: redact(v) for k, v in cat.powers.items()},
        town_lists={k: redact(v) for k, v in cat.town_lists.items()},
        ledger=redact(cat.ledger),
    )


def view(cat: Catalog, edition: str) -> Catalog:
    """The catalog as the given edition shows it."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    return cat if edition == INTERNAL else public_view(cat)


def internal_values(value: Any, inside: bool = False) -> Iterator[Any]:
    """Every scalar value held in an internal field (to prove the public output lacks them)."""
    if isinstance(value, tuple):
        for v in value:
            yield from internal_values(v, inside)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        internal = {name for name, _ in _internal_fields(type(value))}
        for f in dataclasses.fields(value):
            if not f.metadata.get("internal"):
                yield from internal_values(getattr(value, f.name), inside or f.name in internal)
        return
    if inside and value is not None and not isinstance(value, enum.Enum):
        yield value


def catalog_internal_values(cat: Catalog) -> set[Any]:
    """Internal scalar values anywhere in the catalog."""
    out: set[Any] = set()
    for table in (
        cat.districts,
        cat.towns,
        cat.kinds,
        cat.departments,
        cat.instruments,
        cat.powers,
        cat.town_lists,
    ):
        for obj in table.values():
            out.update(internal_values(obj))
    out.update(internal_values(cat.ledger))
    return out
