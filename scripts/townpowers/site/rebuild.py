"""What a build re-reads, rewrites and keeps in memory.

Sphinx rewrites the pages it re-read; the extension adds the pages that show a title that
changed (navigation) and lets Sphinx forget each page's doctree between reading and writing it
(memory), so an incremental build stays correct and a clean build stays within a flat memory
budget per town.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.matching import patmatch

from ..util.files import write_atomic
from .state import state

#: The package whose code renders the pages (its source is part of what pages are made from).
PACKAGE = Path(__file__).resolve().parents[1]


class _Forgetful(dict[str, Any]):
    """A cache that keeps nothing (see :func:`keep_no_doctrees`)."""

    def __setitem__(self, key: str, value: Any) -> None:
        pass


def keep_no_doctrees(env: BuildEnvironment) -> None:
    """Let Sphinx read each page's doctree back from its pickle when it writes the page.

    A serial Sphinx build keeps every doctree it has read in memory until the page is written
    (``_write_doc_doctree_cache``), and every pickle it has loaded (``_pickled_doctree_cache``),
    so its peak memory grew with the whole site (+7 MiB per town). Unpickling a page again costs
    about a millisecond. Both caches are private to Sphinx: when a version lacks them, this
    does nothing.
    """
    for name in ("_write_doc_doctree_cache", "_pickled_doctree_cache"):
        if isinstance(getattr(env, name, None), dict):
            setattr(env, name, _Forgetful())


def _has_wildcard(pattern: str) -> bool:
    return any(char in pattern for char in "*?[")


def _shows_sidebar(sidebars: dict[str, list[str]], docname: str) -> bool:
    """Whether a page renders the section sidebar (Sphinx's html_sidebars matching rules)."""
    if docname in sidebars:
        return bool(sidebars[docname])
    for pattern, value in sidebars.items():
        if _has_wildcard(pattern) and patmatch(docname, pattern):
            return bool(value)
    return True


def _descendants(env: BuildEnvironment, docname: str) -> set[str]:
    out: set[str] = set()
    stack = [docname]
    while stack:
        doc = stack.pop()
        if doc not in out:
            out.add(doc)
            stack.extend(env.toctree_includes.get(doc, []))
    return out


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite the pages that show the title of a page that was added or retitled.

    Sphinx rewrites only the pages it re-read, but a page's title also appears on others: the
    previous and next pages' links, its descendants' breadcrumbs and the sidebars of its
    section. Without this a renamed power would keep its old name there. Only those pages are
    rewritten (object pages have no sidebar, see conf.py), which keeps a rename cheap; a page of
    the top level, or a removed page whose neighbours are no longer known, rewrites everything.
    """
    built = state(env)
    retitled, removed = built.navigation
    read = built.read
    if env.found_docs <= read:
        return []  # every page was read, so every page is written anyway (a clean build)
    if removed:
        return sorted(env.found_docs)
    root = app.config.root_doc
    sidebars = app.config.html_sidebars
    relations = env.collect_relations()
    out: set[str] = set()
    done: set[str] = set()
    for docname in retitled:
        section = docname
        for _ in range(50):  # climb to the page the root's toctree includes
            parents = env.files_to_rebuild.get(section, set())
            if not parents or root in parents:
                break
            section = sorted(parents)[0]
        if section == root or not env.files_to_rebuild.get(section):
            return sorted(env.found_docs)
        if section not in done:  # many retitled pages share a section
            done.add(section)
            out |= {d for d in _descendants(env, section) if _shows_sidebar(sidebars, d)}
        out |= _descendants(env, docname)
        out |= {d for d in relations.get(docname, [])[1:] if d}
    return sorted((out & env.found_docs) - read)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which pages this build reads (they are written whatever else changes)."""
    state(env).read = set(docnames)


class Stamp:
    """A fingerprint of everything the generated pages, the API and the browser's data are
    made from: the catalog folder, the templates, the glossary, the search terms, the code of
    this package and the extension's settings.

    When it equals the one saved by the last successful build (and that build's outputs are
    there), rendering every page again would write the same bytes, so the build skips it:
    a rebuild with nothing changed no longer renders every template and writes the API again.
    """

    FILE = "townpowers-inputs.sha256"

    def __init__(self, folder: Path, inputs: Iterable[Path], settings: Mapping[str, Any]) -> None:
        self.path = folder / self.FILE
        digest = hashlib.sha256()
        for root in (*inputs, PACKAGE):
            files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
            for file in files:
                if root == PACKAGE and file.suffix != ".py":
                    continue  # bytecode caches are not inputs
                digest.update(
                    f"{file.relative_to(root) if root.is_dir() else file.name}\0".encode()
                )
                digest.update(file.read_bytes() if file.is_file() else b"(missing)")
                digest.update(b"\0")
        digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
        self.value = digest.hexdigest()

    def unchanged(self, outdir: Path, generated: Path, api: bool) -> bool:
        """Whether the last successful build had the same inputs and its outputs are there
        (the generated pages, the browser's data and, for a whole site or the core, the API)."""
        try:
            saved = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return False
        made = generated.is_dir() and (outdir / "_static").is_dir()
        if api:
            made = made and (outdir / "api" / "index.json").is_file()
        return saved == self.value and made

    def save(self) -> None:
        """Remember these inputs (after a build wrote everything made from them)."""
        write_atomic(self.path, self.value + "\n")

    def forget(self) -> None:
        """A build that did not finish: the next one generates everything again."""
        self.path.unlink(missing_ok=True)
