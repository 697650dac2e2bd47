"""File names made from catalog text, and writes that provably stay inside their output folder.

A town's name becomes ``一镇一单/<镇名>.csv``, ``一镇一单附件/<镇名>.docx`` and a handbook's PDF.
The loader's name grammar (:mod:`townpowers.model.textpolicy`) already refuses separators, but
the writers do not rely on it (a synthetic catalog, a future field, a name from a workbook):

* :func:`safe_stem` is the one sanitiser: separators and characters Windows rejects become
  ``－``, control and invisible characters go, ``..`` and leading/trailing dots and spaces go,
  reserved device names (``CON``, ``NUL``, ``COM1`` …) get a ``_``, and the result is cut to a
  byte budget (file systems count bytes: 255 for ext4, NTFS and APFS, less the temporary
  file's prefix and suffix);
* :func:`unique_stems` makes the names of one folder distinct (case-insensitively, as Windows
  and macOS compare them), so two towns never overwrite each other's file;
* :func:`inside` resolves a path (symlinks included) and refuses it unless it stays inside the
  output folder, which the writers call on every path before writing or deleting.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

#: Bytes a file name's stem may take (255 less room for ``.<stem>.XXXXXXXX.tmp`` and a suffix).
STEM_BYTES = 200
_REPLACED = re.compile(r'[/\\:*?"<>|]')
_DROPPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
)


class OutsideOutput(Exception):
    """A path would be written outside its output folder (the message says which, in Chinese)."""


def _cut(text: str, budget: int) -> str:
    """``text`` cut to at most ``budget`` bytes of UTF-8, on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= budget:
        return text
    return data[:budget].decode("utf-8", errors="ignore")


def safe_stem(text: str, budget: int = STEM_BYTES) -> str:
    """A file name stem from any text: no separators, no ``..``, no device name, within
    ``budget`` bytes; never empty."""
    stem = _DROPPED.sub("", _REPLACED.sub("－", text))
    while ".." in stem:
        stem = stem.replace("..", ".")
    stem = stem.strip(" .")
    if stem.split(".", 1)[0].upper() in _RESERVED:
        stem = "_" + stem
    if len(stem.encode("utf-8")) > budget:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
        stem = _cut(stem, budget - 7).rstrip(" .") + "~" + digest
    return stem or "_"


def unique_stems(names: Mapping[str, str], budget: int = STEM_BYTES) -> dict[str, str]:
    """Safe, distinct stems for ``names`` (key -> text): where two sanitise to the same name
    (compared case-insensitively), each gets a short hash of its key."""
    stems = {key: safe_stem(text, budget) for key, text in names.items()}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.casefold()] = counts.get(stem.casefold(), 0) + 1
    for key, stem in stems.items():
        if counts[stem.casefold()] > 1:
            digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
            stems[key] = _cut(stem, budget - 7) + "~" + digest
    return stems


def inside(folder: Path, path: Path) -> Path:
    """``path`` if, with every symlink resolved, it lies inside ``folder``; else
    :class:`OutsideOutput`. The folder itself may be reached through a symlink (the user named
    it); what lies inside it may not lead out."""
    root = folder.resolve()
    target = path.resolve()
    if target == root or root not in target.parents:
        raise OutsideOutput(f"拒绝写入输出文件夹 {folder} 之外的位置：{path} 指向 {target}")
    return path
