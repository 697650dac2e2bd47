"""The one way into the catalog folder: a changeset every writer stages, checks and applies.

Reading flows one way (``yamlio`` -> ``model`` -> ``checks`` -> ``views``); writing back goes
through here, whoever writes (an office's 权责清单, an edited 目录.xlsx imported ``--into`` a
catalog, a catalog rebuilt from a workbook, a reviewer's stamps):

* ``changeset`` — :class:`Changeset`: stage each file's new data (edited in place, keeping
  comments and layout, by :mod:`townpowers.yamlio.edit`) or text; check the staged catalog at
  an explicit :class:`Level` with the loader and the rule engine; map every finding to its
  file, YAML path and the writer's own source place (a spreadsheet row); apply every file as
  one set, or none;
* ``apply`` — the set written atomically (a journal rolled forward after a crash), under a
  lock, refused when any file changed since the changeset read it (two overlapping imports
  never silently lose the first);
* ``stamping`` — ``townpowers review``'s stamps, written as a changeset.

No module outside this room writes under a catalog folder (``tests/test_architecture.py``).

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``.
"""

from .apply import ChangeRefused
from .changeset import Changeset, Level, Located, Verdict

__all__ = ["ChangeRefused", "Changeset", "Level", "Located", "Verdict"]
