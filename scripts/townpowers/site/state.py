"""The extension's state during one build, as one typed object on Sphinx's environment.

The build's steps hand each other what the catalog check found, the catalog the pages show,
the browser's data waiting to be written, which pages must be rewritten for navigation, the
pages read and the inputs' stamp. They live in one :class:`BuildState` reached through
:func:`state` (as sphinx-needs keeps its needs in ``SphinxNeedsData``), not in loose
attributes on the application.

The state belongs to one build. Sphinx pickles its environment between builds; the state
pickles to an empty one (:meth:`BuildState.__reduce__`), so the catalog is never written into
the environment file and a next build starts from nothing, as it must (it loads the catalog
again at ``builder-inited``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..diagnostics import Diagnostic
from ..model.catalog import Catalog
from .rendering import Page

_KEY = "townpowers_state"


class Stamp(Protocol):
    """What the pages were made from (:class:`townpowers.site.rebuild.Stamp`, which reads this
    state, so it is named by what it does here)."""

    def save(self) -> None:
        """Record the inputs once the build finished."""


@dataclass
class BuildState:
    """What one build's steps hand each other."""

    #: every finding of the catalog check (listed at the end of the build)
    findings: list[Diagnostic] = field(default_factory=list)
    #: the catalog the pages show (this edition's view); ``None`` when it cannot be rendered
    catalog: Catalog | None = None
    #: the browser's data files to write beside the HTML; ``None``: unchanged inputs, kept
    static: list[Page] | None = field(default_factory=list)
    #: pages showing a retitled page's title, and whether a page was removed
    navigation: tuple[list[str], bool] = ([], False)
    #: the pages this build reads
    read: set[str] = field(default_factory=set)
    #: what the pages were made from (saved when the build finishes)
    stamp: Stamp | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (with the environment) as an empty state: it belongs to one build."""
        return (BuildState, ())


def state(env: Any) -> BuildState:
    """The build state kept on ``env`` (a Sphinx ``BuildEnvironment``), created on first use."""
    found = getattr(env, _KEY, None)
    if not isinstance(found, BuildState):
        found = BuildState()
        setattr(env, _KEY, found)
    return found
