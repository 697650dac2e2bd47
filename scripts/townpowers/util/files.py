"""Files written whole or not at all, readable like any other file the user creates.

Every writer of the project (generated pages, exports, spreadsheets, the API) goes through
:func:`write_atomic`, so a crash never leaves a truncated file and an unchanged file is never
touched (which keeps Sphinx's incremental builds and ``make`` timestamps honest). Files of a
catalog folder are written as whole sets by :mod:`townpowers.changes.apply`.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def dumps(document: Any, compact: bool = False) -> str:
    """Deterministic JSON text (sorted where order carries no meaning, UTF-8, trailing newline).

    ``compact`` leaves out the indentation: Python encodes indented JSON in pure Python, ten
    times slower than compact JSON (the site's API, thousands of files, is written compact).
    """
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _current_umask()

#: The journal of a set of catalog files being written (``townpowers.changes.apply``): while it
#: exists, the folder holds part of a set, which every reader must refuse to take as a catalog.
CHANGE_JOURNAL = ".townpowers-change.json"


def write_atomic(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` via a temporary file and rename; skip if unchanged.

    Returns whether the file changed. A crash mid-write never leaves a truncated file.
    """
    return write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> bool:
    """:func:`write_atomic` for binary content (documents, workbooks)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates the file private (0600); a published file must be readable like any
        # other the user creates, or a web server running as another user cannot serve it
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
