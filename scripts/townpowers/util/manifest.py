"""SHA-256 digests of every file of a published folder, and checking a copy against them.

A published site is copied, mirrored and downloaded; a reader who wants to know that a page or
an export is the one the catalog produced needs a list of digests and a way to check a copy.
``SHA256SUMS`` is written in the format of GNU ``sha256sum`` (``sha256sum -c SHA256SUMS`` works
as well as ``townpowers verify``), and the same list is in the JSON API (``api/manifest.json``).
Paths are sorted and relative, so two builds of one commit in two folders give the same manifest.

The manifest proves that a copy is *unchanged since publication*; that the publication itself
matches a commit is shown by rebuilding that commit and comparing manifests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .files import dumps, write_atomic

SUMS = "SHA256SUMS"
#: The manifest's copy in the JSON API (relative to the site).
API_MANIFEST = "api/manifest.json"
FORMAT = "townpowers-manifest"
FORMAT_VERSION = 1


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(folder: Path) -> Iterator[str]:
    """Every regular file under ``folder`` as a POSIX path, the manifest files left out."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            rel = PurePosixPath(*path.relative_to(folder).parts).as_posix()
            if rel not in (SUMS, API_MANIFEST):
                yield rel


def digests(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 hex digest, for every file of ``folder`` (sorted by path)."""
    return {rel: _digest(folder / rel) for rel in sorted(_files(folder))}


def sums_text(found: dict[str, str]) -> str:
    """``SHA256SUMS`` as ``sha256sum`` writes it (two spaces; text mode)."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(found.items()))


def write_manifest(folder: Path) -> dict[str, str]:
    """Write ``SHA256SUMS`` (and, when the folder has an API, ``api/manifest.json``)."""
    found = digests(folder)
    write_atomic(folder / SUMS, sums_text(found))
    if (folder / "api").is_dir():
        files = [{"path": rel, "sha256": digest} for rel, digest in sorted(found.items())]
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, "files": files}
        write_atomic(folder / API_MANIFEST, dumps(document))
    return found


class ManifestError(Exception):
    """The folder has no readable manifest (nothing can be checked)."""


def read_sums(folder: Path) -> dict[str, str]:
    """The digests ``SHA256SUMS`` lists; a malformed line is named by its number."""
    path = folder / SUMS
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}：没有清单文件 {SUMS}，无法核对") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}：无法读取清单：{exc}") from None
    listed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, sep, rel = line.partition("  ")
        rel = rel.removeprefix("*")
        if not sep or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ManifestError(f"{path}:{number}:1: 清单的这一行不是“摘要  文件路径”的格式")
        if rel.startswith("/") or ".." in PurePosixPath(rel).parts:
            raise ManifestError(f"{path}:{number}:67: 清单中的路径应在网站文件夹之内：{rel}")
        listed[rel] = digest
    return listed


def verify(folder: Path) -> list[str]:
    """Every way the copy in ``folder`` differs from its manifest, one Chinese line each
    (empty: every listed file is there with its digest, and no file was added)."""
    listed = read_sums(folder)
    problems = []
    present = set(_files(folder))
    for rel, digest in sorted(listed.items()):
        if rel not in present:
            problems.append(f"{folder / rel}：清单中有此文件，但副本中没有")
        elif _digest(folder / rel) != digest:
            problems.append(f"{folder / rel}：内容与清单中的 SHA-256 摘要不符（文件已被改动）")
    for rel in sorted(present - listed.keys()):
        problems.append(f"{folder / rel}：清单中没有此文件（发布后增加的文件）")
    api = folder / API_MANIFEST
    if api.is_file():
        try:
            files = json.loads(api.read_text(encoding="utf-8"))["files"]
            same = {f["path"]: f["sha256"] for f in files} == listed
        except (OSError, ValueError, KeyError, TypeError):
            same = False
        if not same:
            problems.append(f"{api}：与 {SUMS} 列出的摘要不一致")
    return problems
