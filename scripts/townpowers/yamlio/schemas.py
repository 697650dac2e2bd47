"""The JSON Schema of each catalog file kind, derived from the model and the folder layout.

Editors with a YAML language server validate and complete catalog files against these
(``# yaml-language-server: $schema=…`` on each file's first line); ``townpowers schema``
writes them to ``catalog/schema/`` and the tests check the committed ones are current.
"""

from __future__ import annotations

from typing import Any

from ..model.schema import json_schema
from .load import LAYOUT


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, one per catalog file kind."""
    out: dict[str, dict[str, Any]] = {}
    for _pattern, cls, name in LAYOUT:
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        out[f"{name}.schema.json"] = json_schema(
            cls, doc, f"https://townpowers.invalid/schema/{name}.schema.json"
        )
    return out
