"""The JSON Schema of each catalog file kind, derived from the model and the folder layout.

Editors with a YAML language server validate and complete catalog files against these
(``# yaml-language-server: $schema=…`` on each file's first line); ``townpowers schema``
writes them to ``catalog/schema/`` and the tests check the committed ones are current. Fields
whose values the jurisdiction profile lists (a power's domain, a town's category) are
enumerated with the values of the catalog's own ``profile.yaml``, so each catalog folder's
schemas complete its own vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model.profile import ProfileFile
from ..model.schema import json_schema, vocabularies
from .load import LAYOUT, read_model


def schema_documents(
    vocab: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, one per catalog file kind, listing the values of a catalog
    profile's vocabularies ``vocab`` (``ProfileFile.vocabularies()``) where fields take them."""
    out: dict[str, dict[str, Any]] = {}
    with vocabularies(vocab or {}):
        for _pattern, cls, name in LAYOUT:
            doc = (cls.__doc__ or "").strip().splitlines()[0]
            out[f"{name}.schema.json"] = json_schema(
                cls, doc, f"https://townpowers.invalid/schema/{name}.schema.json"
            )
    return out


def folder_profile(root: Path) -> ProfileFile | None:
    """The profile of the catalog folder ``root``, or ``None`` when it is missing or invalid
    (its problems are reported by ``check``; schemas are then derived without vocabularies)."""
    path = root / "profile.yaml"
    if not path.is_file():
        return None
    profile, _problems = read_model(path, ProfileFile, str(path))
    return profile if isinstance(profile, ProfileFile) else None
