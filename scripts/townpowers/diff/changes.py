"""One change between two catalogs, as the comparison states it and the report words it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """One change: its ``kind`` code, a Chinese sentence for people, the facts for programs.

    ``details`` holds JSON values only; the text report lays a change out from them (see
    :mod:`townpowers.diff.report`), so ``message`` is for readers of a single change.
    """

    kind: str
    message: str
    details: dict[str, Any] = field(default_factory=dict, hash=False)
