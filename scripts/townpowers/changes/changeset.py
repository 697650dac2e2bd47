"""A changeset: the files a writer changes, checked together as the catalog they make.

A writer opens a :class:`Changeset` on a catalog folder *before* reading it (that is when the
folder's fingerprints are taken), stages each file's new data (:meth:`Changeset.stage_data`:
an existing hand-written file is edited in place, keeping its comments and layout, and only
when the edit means exactly the data; a new file is written in the catalog's style) or text
(:meth:`Changeset.stage_text`), and removals. :meth:`Changeset.check` then loads and checks
the catalog as it would be, in a scratch copy, at an explicit :class:`Level`, and maps every
finding to its file, its YAML path and the place the writer says that value came from (for
imports, a spreadsheet cell). Only a changeset whose check adds no error is applied
(:meth:`Changeset.apply`, all files or none, see :mod:`townpowers.changes.apply`).

Levels, and who uses which:

* :attr:`Level.RULES` — the loader and every rule, as ``townpowers check`` runs them. An error
  the catalog already had before the change is reported but is not the writer's to fix, so
  only *new* errors block. The office import, ``import-xlsx --into`` and ``review`` use it.
* :attr:`Level.LOADER` — the loader and the rules that gate generation, what every export and
  the site require (``load_catalog``). The rebuild of a whole catalog from a workbook
  (``import-xlsx --out``) uses it: there is no catalog before it to tell new errors from
  those the exporting catalog already carried, and refusing those would make a faithful
  round trip of a catalog with an open finding impossible.

Either way, nothing the loader refuses is ever written.
"""

from __future__ import annotations

import bisect
import enum
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ..checks import Options, check, gate_codes
from ..diagnostics import Diagnostic, Severity
from ..model.catalog import Catalog
from ..yamlio.edit import edited_or
from ..yamlio.write import Path_, dump, node_paths
from .apply import apply_set, fingerprints, locked, recover

P = TypeVar("P")


class Level(enum.Enum):
    """How thoroughly a staged catalog is checked (see the module docstring)."""

    RULES = "rules"
    LOADER = "loader"

    def options(self) -> Options:
        """The rule selection of this level."""
        return Options() if self is Level.RULES else Options(select=sorted(gate_codes()))


@dataclass
class _Staged(Generic[P]):
    text: str
    origin: P | None
    places: Mapping[Path_, P]
    lines: tuple[list[tuple[int, int]], list[Path_]] | None = None


@dataclass(frozen=True)
class Located(Generic[P]):
    """A finding in the staged catalog, located: its file (relative to the catalog folder,
    ``""`` when outside it), YAML path, the writer's source place (``None`` when the file was
    not staged or none was given) and whether the catalog before had it."""

    diagnostic: Diagnostic
    rel: str
    path: Path_
    source: P | None
    staged: bool
    new: bool
    #: the sources of the staged files the finding is about (by its subjects), besides its own
    #: file: where a grant's error in a town list came from when the power it grants was staged
    related: tuple[P, ...] = ()

    @property
    def blocks(self) -> bool:
        """A new error: the change may not be applied."""
        return self.new and self.diagnostic.severity >= Severity.ERROR


@dataclass
class Verdict(Generic[P]):
    """What checking the staged catalog found."""

    level: Level
    findings: list[Located[P]] = field(default_factory=list)
    #: the staged catalog as loaded (``None`` when it does not load); its files are gone
    catalog: Catalog | None = None

    @property
    def blocking(self) -> list[Located[P]]:
        """The new errors (any of them refuses the change)."""
        return [f for f in self.findings if f.blocks]

    @property
    def ok(self) -> bool:
        """Whether the change may be applied."""
        return not self.blocking


class Changeset(Generic[P]):
    """Files to change in the catalog folder ``root`` (see the module docstring).

    ``replace`` makes the change a whole new catalog: every file already under ``root`` that
    is not staged is removed (a rebuild into an existing folder with ``--force``).
    """

    def __init__(self, root: Path, level: Level, *, replace: bool = False) -> None:
        self.shown = root  # as the user named it, for messages
        self.root = root = root.resolve()
        self.level = level
        self.replace = replace
        if root.is_dir():
            with locked(root):
                recover(root)  # a set a killed process committed is finished first
        self.seen = fingerprints(root)
        self.staged: dict[str, _Staged[P]] = {}
        self.removed: set[str] = set()
        self.verdict: Verdict[P] | None = None

    # --- staging -------------------------------------------------------------------------------

    def stage_text(
        self, rel: str, text: str, origin: P | None = None, places: Mapping[Path_, P] | None = None
    ) -> str:
        """Stage ``text`` as the new content of ``rel``; ``origin`` and ``places`` say where
        the file and each of its values came from (for locating findings)."""
        self.staged[rel] = _Staged(text, origin, places or {})
        self.removed.discard(rel)
        self.verdict = None
        return text

    def stage_data(
        self,
        rel: str,
        cls: type,
        data: dict[str, Any],
        schema: str | None = None,
        header: str = "",
        origin: P | None = None,
        places: Mapping[Path_, P] | None = None,
    ) -> str:
        """Stage ``data`` (of model ``cls``) as ``rel``: the existing file edited in place when
        the edit means exactly ``data``, else the file written from the data. The staged text."""
        written = dump(cls, data, schema, header)
        path = self.root / rel
        if not self.replace and path.is_file():
            written = edited_or(path.read_text(encoding="utf-8"), cls, data, written)
        return self.stage_text(rel, written, origin, places)

    def remove(self, rel: str) -> None:
        """Stage the removal of ``rel``."""
        self.staged.pop(rel, None)
        self.removed.add(rel)
        self.verdict = None

    def text(self, rel: str) -> str:
        """The staged text of ``rel``."""
        return self.staged[rel].text

    def removals(self) -> list[str]:
        """Every file the change removes (with ``replace``: all files not staged)."""
        gone = set(self.removed)
        if self.replace:
            gone |= set(self.seen) - set(self.staged)
        return sorted(gone)

    # --- checking ------------------------------------------------------------------------------

    def check(self) -> Verdict[P]:
        """Load and check the catalog as it would be (in a scratch copy; ``root`` untouched)."""
        scratch = Path(tempfile.mkdtemp(prefix="townpowers-change-"))
        try:
            stage = scratch / self.root.name
            if self.root.is_dir() and not self.replace:
                shutil.copytree(self.root, stage)
            stage.mkdir(parents=True, exist_ok=True)
            for rel in self.removed:
                (stage / rel).unlink(missing_ok=True)
            for rel, staged in self.staged.items():
                path = stage / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(staged.text, encoding="utf-8")
            result = check(stage, self.level.options())
            after = result.diagnostics()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        before: Counter[tuple[str, str, str]] = Counter()
        if any(d.severity >= Severity.ERROR for d in after) and self.seen and not self.replace:
            before.update(
                self._key(d) for d in check(self.root, self.level.options()).diagnostics()
            )
        verdict: Verdict[P] = Verdict(self.level, catalog=result.catalog if result.loaded else None)
        for d in after:
            key = self._key(d)
            new = before[key] <= 0
            before[key] -= 1
            verdict.findings.append(self._locate(d, new))
        self.verdict = verdict
        return verdict

    def _rel(self, d: Diagnostic) -> str:
        parts = Path(d.path).parts
        if parts and parts[0] == self.root.name:
            return "/".join(parts[1:])
        return ""

    def _key(self, d: Diagnostic) -> tuple[str, str, str]:
        return (d.code, self._rel(d) or d.path, d.message)

    def _related(self, d: Diagnostic, rel: str) -> tuple[P, ...]:
        out: list[P] = []
        for subject in d.subjects:
            parts = Path(subject.path).parts
            named = "/".join(parts[1:]) if parts and parts[0] == self.root.name else ""
            staged = self.staged.get(named)
            origin = staged.origin if staged is not None and named != rel else None
            if origin is not None and origin not in out:
                out.append(origin)
        return tuple(out)

    def _locate(self, d: Diagnostic, new: bool) -> Located[P]:
        rel = self._rel(d)
        staged = self.staged.get(rel)
        related = self._related(d, rel)
        if staged is None:
            return Located(d, rel, (), None, False, new, related)
        path: Path_ = ()
        if d.line:
            if staged.lines is None:
                found = sorted(node_paths(staged.text).items())
                staged.lines = ([p for p, _ in found], [q for _, q in found])
            keys, paths = staged.lines
            i = bisect.bisect_right(keys, (d.line, d.column)) - 1
            path = paths[i] if i >= 0 else ()
        source = staged.origin
        inner = path
        while inner:
            if inner in staged.places:
                source = staged.places[inner]
                break
            inner = inner[:-1]
        return Located(d, rel, path, source, True, new, related)

    # --- applying ------------------------------------------------------------------------------

    def apply(self) -> list[str]:
        """Write every staged file and remove every removed one, as one set; the files that
        changed. Refuses (:class:`~townpowers.changes.apply.ChangeRefused`) a change not
        checked, or whose check found new errors, or whose folder changed since it was read."""
        verdict = self.verdict or self.check()
        if not verdict.ok:
            raise RuntimeError("a changeset with new errors is never applied")
        writes = {rel: s.text.encode("utf-8") for rel, s in self.staged.items()}
        return apply_set(self.root, writes, self.removals(), self.seen)
