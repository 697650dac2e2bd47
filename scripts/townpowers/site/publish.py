"""Publish a finished build: the site readers see is replaced only by a complete, successful one.

Sphinx writes into its output folder as it goes, so a failed or interrupted build leaves a mix
of old and new pages there. The build therefore runs in a work folder (which keeps Sphinx's
caches, so incremental builds stay fast), and only after it succeeded is its output copied beside
the published folder and swapped in with one atomic ``renameat2(RENAME_EXCHANGE)``: readers and
web servers see the old site or the new one, never a half-built one. Where the exchange is not
available (not Linux, other file systems) two renames are used, leaving a window of microseconds.

Usage: ``townpowers publish WORK_DIR SITE_DIR`` (what ``make html`` runs).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from ..util.manifest import write_manifest

#: Build-only content that readers do not need (Sphinx's pickled environment and doctrees).
#: What a build leaves in its folder but readers never need: Sphinx's pickled doctrees, and
#: sphinx-needs' schema report (which also records how long validation took, so it would
#: make two builds of one commit differ).
EXCLUDE = (".doctrees", "schema_violations.json", "townpowers-failed.txt")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; ``False`` when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


class PublishError(OSError):
    """The assembled site failed its check; nothing was published."""


def publish(
    work: Path,
    site: Path,
    parts: dict[str, Path] | None = None,
    verify: Callable[[Path], list[str]] | None = None,
) -> None:
    """Copy the build in ``work`` next to ``site`` and swap it in.

    ``parts`` adds other builds under subfolders (a sharded site: ``{"d/tengzhou": path}``),
    so the whole assembled site is swapped in at once. ``verify`` inspects the assembled copy
    before the swap and returns its problems; any problem stops the publication. The copy
    gets its ``SHA256SUMS`` (and ``api/manifest.json``) just before it is swapped in.
    """
    for build in (work, *(parts or {}).values()):
        if not (build / "index.html").is_file():
            raise FileNotFoundError(f"{build} 中没有完整的构建结果（缺少 index.html）")
    site.parent.mkdir(parents=True, exist_ok=True)
    fresh = site.parent / f".{site.name}.new-{os.getpid()}"
    stale = site.parent / f".{site.name}.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(work, fresh, ignore=shutil.ignore_patterns(*EXCLUDE))
    for sub, build in (parts or {}).items():
        shutil.copytree(build, fresh / sub, ignore=shutil.ignore_patterns(*EXCLUDE))
    try:
        problems = verify(fresh) if verify else []
        if not problems:  # the digests of exactly what readers get (see util.manifest)
            write_manifest(fresh)
        if problems:
            shown = "\n".join(problems[:20])
            more = f"\n……另有 {len(problems) - 20} 处" if len(problems) > 20 else ""
            raise PublishError(f"合成的网站有 {len(problems)} 处问题，未发布：\n{shown}{more}")
        if site.exists() and not site.is_symlink() and _exchange(fresh, site):
            shutil.rmtree(fresh)  # now holds the previous site
            return
        if site.exists() or site.is_symlink():
            site.rename(stale)
        fresh.rename(site)
        shutil.rmtree(stale, ignore_errors=True)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
