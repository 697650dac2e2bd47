"""Writing a changeset's files as one set: all of them or none, and never over someone's edit.

Each file is first written whole beside its target (a hidden temporary file). Then a journal
naming every rename and removal is written atomically into the catalog folder: that is the
moment the change happens. The renames follow and the journal is deleted. A process killed
before the journal leaves only temporary files (removed by the next changeset); killed after
it, the next changeset on that folder finishes the renames first (:func:`recover`), so the
catalog is never left with some of a set's files and not the others.

Two writers may overlap (two people importing edited workbooks into one catalog). A changeset
records the fingerprint of every file in the folder when it is opened, before its writer reads
anything; applying takes the folder's lock and refuses, writing nothing, when any file differs
from what was read: the second import is refused, never silently written over the first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..util.files import CHANGE_JOURNAL, UMASK, write_atomic

#: The journal of a set being applied (at the top of the catalog folder, never a catalog file).
JOURNAL = CHANGE_JOURNAL
_TEMP_SUFFIX = ".change-tmp"


class ChangeRefused(Exception):
    """A changeset cannot be applied (nothing was written); the message is for the user."""


def fingerprints(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under ``root`` (none when it does not exist)."""
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*")):
        if path.is_file() and not _ours(path):
            rel = path.relative_to(root).as_posix()
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _ours(path: Path) -> bool:
    return path.name == JOURNAL or path.name.endswith(_TEMP_SUFFIX)


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """The folder's lock (``flock`` on the folder itself: no lock file to leave behind; the
    kernel releases it when a process dies)."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(root: Path) -> None:
    """Finish a set a killed process had committed (its journal exists); drop stray temporary
    files of one it had not."""
    if not root.is_dir():
        return
    journal = root / JOURNAL
    if journal.is_file():
        plan = json.loads(journal.read_text(encoding="utf-8"))
        _perform(root, plan["renames"], plan["removes"], plan.get("empty", []))
        journal.unlink()
    for stray in root.rglob(f"*{_TEMP_SUFFIX}"):
        stray.unlink(missing_ok=True)


def _perform(root: Path, renames: list[list[str]], removes: list[str], empty: list[str]) -> None:
    """The renames and removals of a committed set (again after a crash: each step is
    idempotent)."""
    for temp, target in renames:
        source = root / temp
        if source.exists():
            source.replace(root / target)
    for rel in removes:
        (root / rel).unlink(missing_ok=True)
    for folder in empty:  # a folder the set emptied (a rebuild replacing a catalog)
        with contextlib.suppress(OSError):
            (root / folder).rmdir()


def changed_since(root: Path, seen: Mapping[str, str]) -> list[str]:
    """The files added, changed or removed since ``seen`` was taken."""
    now = fingerprints(root)
    return sorted(rel for rel in set(now) | set(seen) if now.get(rel) != seen.get(rel))


def apply_set(
    root: Path, writes: Mapping[str, bytes], removes: list[str], seen: Mapping[str, str]
) -> list[str]:
    """Write ``writes`` and remove ``removes`` under ``root`` as one set (see the module
    docstring); the files that changed. Raises :class:`ChangeRefused` when the folder changed
    since ``seen``."""
    with locked(root):
        recover(root)
        moved = changed_since(root, seen)
        if moved:
            shown = "、".join(moved[:5]) + (f" 等 {len(moved)} 个文件" if len(moved) > 5 else "")
            raise ChangeRefused(
                f"目录 {root} 在读取之后被修改（{shown}），可能有另一次导入或编辑同时进行："
                "为免覆盖别人的修改，未写入任何文件。请重新运行。"
            )
        wanted = {rel: data for rel, data in writes.items() if _differs(root / rel, data)}
        gone = [rel for rel in removes if (root / rel).exists()]
        if not wanted and not gone:
            return []
        renames: list[list[str]] = []
        try:
            for rel, data in wanted.items():
                target: Path = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                temp = target.with_name(f".{target.name}{_TEMP_SUFFIX}")
                with temp.open("wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                temp.chmod(0o666 & ~UMASK)
                renames.append([temp.relative_to(root).as_posix(), rel])
            empty = sorted({str(Path(rel).parent) for rel in gone} - {"."}, reverse=True)
            plan = {"renames": renames, "removes": gone, "empty": empty}
            write_atomic(root / JOURNAL, json.dumps(plan, ensure_ascii=False))  # the commit
        except BaseException:
            for written, _rel in renames:
                (root / written).unlink(missing_ok=True)
            raise
        _perform(root, renames, gone, empty)
        (root / JOURNAL).unlink()
        return sorted([*wanted, *gone])


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def write_generated(root: Path, texts: Mapping[str, str]) -> list[str]:
    """Files generated from the model (the JSON Schemas in ``schema/``), not catalog data:
    nothing to check, but written as one set like every change under a catalog folder."""
    writes = {rel: text.encode("utf-8") for rel, text in texts.items()}
    return apply_set(root, writes, [], fingerprints(root))
