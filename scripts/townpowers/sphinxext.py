"""Sphinx extension: load the catalog, report its problems, generate pages, all inside the build.

Because generation runs at ``builder-inited`` (before Sphinx looks for source files), a plain
``sphinx-build`` is enough: no separate generation step can be forgotten. Pages are rewritten only
when their text changed, so Sphinx's own change detection re-reads exactly those pages. Every
catalog problem becomes a Sphinx warning located at its YAML file and line, so ``-W`` fails the
build on a broken catalog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.matching import patmatch

from . import __version__, api, edition, zh_search
from .checks import RULES, Options, check
from .diagnostics import Diagnostic, Severity
from .pages import generate, generate_report
from .rendering import environment, write_pages

logger = logging.getLogger(__name__)
LINK_CODES = frozenset(code for code, r in RULES.items() if r.category == "links")

#: Options of this extension: name -> (default, rebuild, help).
OPTIONS: dict[str, tuple[Any, Literal["env", "html", ""], str]] = {
    "townpowers_catalog": ("catalog", "env", "目录文件夹，相对于 conf.py 所在文件夹"),
    "townpowers_templates": ("templates", "env", "Jinja2 模板文件夹，相对于 conf.py 所在文件夹"),
    "townpowers_output": ("generated", "env", "生成页面的文件夹，相对于源文件夹（勿手工编辑）"),
    "townpowers_check_ignore": ([], "env", "构建时不运行的检查规则（代码或类别）"),
    "townpowers_edition": (
        "public",
        "env",
        "版本：public（公开版，不含标为内部的字段）或 internal（内部版）",
    ),
    "townpowers_search_terms": (
        "docs/search-terms.txt",
        "env",
        "中文搜索词表（每行一词），与目录中的名称一起供 jieba 分词",
    ),
}


def report(diagnostic: Diagnostic) -> None:
    """Emit a catalog diagnostic as a Sphinx warning at its YAML location."""
    message = f"{diagnostic.message} [{diagnostic.code}]"
    if diagnostic.hint:
        message += f"（提示：{diagnostic.hint}）"
    location = diagnostic.location()
    if diagnostic.severity >= Severity.WARNING:
        logger.warning(message, location=location, type="townpowers", subtype=diagnostic.code)
    else:
        logger.info(f"{location}: {message}")


INTERNAL_BANNER = "内部版：含工作人员联系方式、承接保障和评估意见等内部信息，不得公开发布。"


def on_config_inited(app: Sphinx, config: Any) -> None:
    """Mark every page of the internal edition, so a printout or a screenshot says what it is."""
    if config.townpowers_edition == edition.INTERNAL:
        config.html_theme_options = {**config.html_theme_options, "announcement": INTERNAL_BANNER}
        config.html_title = f"{config.html_title}（内部版）"


def on_builder_inited(app: Sphinx) -> None:
    """Load, check and generate before Sphinx collects the source files."""
    confdir = Path(app.confdir)
    root = (confdir / app.config.townpowers_catalog).resolve()
    which = app.config.townpowers_edition
    if which not in edition.EDITIONS:
        raise ConfigError(f"townpowers_edition 应为 public 或 internal，而不是 {which!r}")
    internal = which == edition.INTERNAL
    result = check(root, Options(ignore=tuple(app.config.townpowers_check_ignore)))
    for diagnostic in result.diagnostics():
        report(diagnostic)
    out_dir = Path(app.srcdir) / app.config.townpowers_output
    env = environment(confdir / app.config.townpowers_templates)
    sound = result.loaded and not any(
        d.severity >= Severity.ERROR and d.code in LINK_CODES for d in result.diagnostics()
    )
    shown = edition.view(result.catalog, which) if sound and result.catalog else None
    app.townpowers_catalog = shown  # type: ignore[attr-defined]
    if shown is not None:
        terms = confdir / app.config.townpowers_search_terms
        pages = generate(shown, env, result, terms, internal)
    else:
        logger.warning(
            "目录有错误，只生成了检查报告页", type="townpowers", subtype="catalog-invalid"
        )
        pages = generate_report(result, env, internal)
    written = write_pages(out_dir, pages)
    logger.info(f"townpowers: {len(written.changed)} 个生成页面有变化")
    prefix = str(Path(app.config.townpowers_output))
    app.townpowers_navigation = (  # type: ignore[attr-defined]
        [f"{prefix}/{p.removesuffix('.md')}" for p in written.retitled],
        bool(written.removed),
    )
    dictionary = out_dir / "search-dict.txt"
    if dictionary.is_file() and app.config.html_search_options.get("dict") != str(dictionary):
        # read by the Chinese search indexer (jieba) when it starts; conf.py names the usual
        # place, this covers a build of another source folder (tests)
        app.config.html_search_options = {**app.config.html_search_options, "dict": str(dictionary)}


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
    retitled, removed = getattr(app, "townpowers_navigation", ([], False))
    if removed:
        return sorted(env.found_docs)
    root = app.config.root_doc
    sidebars = app.config.html_sidebars
    relations = env.collect_relations()
    out: set[str] = set()
    for docname in retitled:
        section = docname
        for _ in range(50):  # climb to the page the root's toctree includes
            parents = env.files_to_rebuild.get(section, set())
            if not parents or root in parents:
                break
            section = sorted(parents)[0]
        if section == root or not env.files_to_rebuild.get(section):
            return sorted(env.found_docs)
        out |= {d for d in _descendants(env, section) if _shows_sidebar(sidebars, d)}
        out |= _descendants(env, docname)
        out |= {d for d in relations.get(docname, [])[1:] if d}
    return sorted(out & env.found_docs)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Publish the static JSON API beside the HTML (``api/``; see docs/api.md)."""
    cat = getattr(app, "townpowers_catalog", None)
    if exception is not None or cat is None or app.builder.format != "html":
        return
    changed = api.write(cat, Path(app.outdir) / api.ROOT)
    logger.info(f"townpowers: JSON API 有 {len(changed)} 个文件变化")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the options and the build hook."""
    for name, (default, rebuild, _help) in OPTIONS.items():
        app.add_config_value(name, default, rebuild, types=frozenset({type(default), tuple}))
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-updated", on_env_updated)
    app.connect("build-finished", on_build_finished)
    app.add_search_language(zh_search.SearchChineseTerms)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
