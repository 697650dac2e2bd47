"""Read-only questions to git about a folder: which commit, is the tree clean, a file's history.

The catalog is usually a folder of a git checkout; where it is, a published page can name the
commit it was built from, and old texts can be read back from history. Everything here only
reads, never fails with a traceback (no git, no repository: the answer is ``None``), and passes
user-supplied names to git only after ``--``, so a name is never taken for an option.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def run(folder: Path, *args: str) -> str | None:
    """``git -C folder args`` as text, or ``None`` when git is missing or the call fails."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace")


def toplevel(folder: Path) -> Path | None:
    """The work tree holding ``folder``, or ``None`` when it is not in a git checkout."""
    out = run(folder, "rev-parse", "--show-toplevel")
    return Path(out.strip()) if out and out.strip() else None


def head(folder: Path) -> str | None:
    """The full hash of the commit checked out at ``folder`` (``None``: not a checkout)."""
    if toplevel(folder) is None:
        return None
    out = run(folder, "rev-parse", "--verify", "--quiet", "HEAD")
    return out.strip() or None if out else None


def clean(folder: Path) -> bool | None:
    """Whether the whole work tree matches its commit (ignored files aside); ``None``
    outside a checkout. Untracked files count: an untracked page is published too."""
    if toplevel(folder) is None:
        return None
    out = run(folder, "status", "--porcelain")
    return None if out is None else out.strip() == ""


def commit_date(folder: Path, rev: str) -> str | None:
    """The committer date of ``rev`` in strict ISO 8601 (``2021-07-31T10:00:00+08:00``)."""
    out = run(folder, "show", "-s", "--format=%cI", rev, "--")
    return out.strip() or None if out else None


def show(folder: Path, rev: str, path: str) -> str | None:
    """The text of ``path`` (relative to the repository root) at ``rev``, or ``None``."""
    return run(folder, "show", f"{rev}:{path}")
