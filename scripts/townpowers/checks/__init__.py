"""The one rule engine (see :mod:`townpowers.checks.engine`); importing it registers every rule."""

from . import legal, links, orphans, readiness, services, suspect  # noqa: F401  (registration)
from .engine import (
    CATEGORIES,
    RULES,
    Aggregates,
    Context,
    Finding,
    Options,
    Outcome,
    Rule,
    gate_codes,
)
from .run import CheckResult, check, default_jobs, load_catalog

__all__ = [
    "CATEGORIES",
    "RULES",
    "Aggregates",
    "CheckResult",
    "Context",
    "Finding",
    "Options",
    "Outcome",
    "Rule",
    "check",
    "default_jobs",
    "gate_codes",
    "load_catalog",
]
