"""The one rule engine: every check the CLI, CI and the Sphinx build run; nothing else.

``engine`` is the registry (a rule declares its code, severity, category, scope and whether it
gates generation); the rules live in ``links``, ``legal`` (with ``delegation`` and
``statutory``, and ``authority`` reading what each article authorizes), ``orphans``,
``readiness``, ``services`` (topics and service centres) and ``suspect``; ``run`` loads a catalog folder and runs them (serially, or streamed over worker
processes for a province); ``report`` writes results as text, JSON, JUnit or GitHub
annotations. Importing this package
registers every rule.

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``.
"""

from . import (  # noqa: F401  (registration)
    delegation,
    legal,
    links,
    orphans,
    readiness,
    services,
    statutory,
    suspect,
)
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
