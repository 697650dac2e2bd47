"""Sphinx extension: load the catalog, report its problems, generate pages, all inside the build.

Because generation runs at ``builder-inited`` (before Sphinx looks for source files), a plain
``sphinx-build`` is enough: no separate generation step can be forgotten. Pages are rewritten only
when their text changed, so Sphinx's own change detection re-reads exactly those pages. Every
catalog problem becomes a Sphinx warning located at its YAML file and line, so ``-W`` fails the
build on a broken catalog.
"""

from __future__ import annotations

import hashlib
import html
import sys
from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from .. import __version__
from ..checks import CheckResult, Options, check, gate_codes
from ..diagnostics import Diagnostic, Severity
from ..exports import api
from ..model.catalog import Catalog
from ..util.files import write_atomic
from ..views import edition
from ..views.glossary import GlossaryError, Term, read_glossary
from ..views.version import read_stamp
from . import anchors, assets, bulktable, feeds, identifiers, needbox, rebuild, shards
from . import search as zh_search
from .config import OptionsDirective, add_options, option_values, site_config
from .linebreaks import JoinChineseLines
from .pages import generate, generate_report
from .rendering import Page, environment, write_pages
from .state import state

logger = logging.getLogger(__name__)

#: Written into the build folder when the catalog has errors: what failed the build, for the
#: Makefile to print last (Sphinx's own summary line names only a count).
FAILED_FILE = "townpowers-failed.txt"
#: How many findings the end-of-build summary lists before "……另有 N 个".
SUMMARY_LINES = 20


def report(diagnostic: Diagnostic) -> None:
    """Emit an *error* as a Sphinx warning at its YAML location (so ``-W`` fails the build).

    Warnings and notes never block publishing: an amended law makes every citing basis
    suspect, and that must not freeze every unrelated change until a reviewer acts. They are
    listed at the end of the build (:func:`summarize`), on the check report page and, for
    reviews, on the review queue.
    """
    message = f"{diagnostic.message} [{diagnostic.code}]"
    if diagnostic.hint:
        message += f"（提示：{diagnostic.hint}）"
    location = diagnostic.location()
    if diagnostic.severity >= Severity.ERROR:
        logger.warning(message, location=location, type="townpowers", subtype=diagnostic.code)
    else:
        logger.info(f"{location}: {message}")


def summarize(found: list[Diagnostic], limit: int = SUMMARY_LINES) -> list[str]:
    """Compiler-style lines for the first ``limit`` findings, and how many more there are."""
    lines = [f"  {d.format().splitlines()[0]}" for d in found[:limit]]
    if len(found) > limit:
        lines.append(f"  ……另有 {len(found) - limit} 个")
    return lines


INTERNAL_BANNER = "内部版：含工作人员联系方式、承接保障和评估意见等内部信息，不得公开发布。"


def on_config_inited(app: Sphinx, config: Any) -> None:
    """Mark the internal edition; point a district shard at the core build's link targets;
    put the catalog version (and commit) into every page's footer.

    The stamp is set here, in the configuration, because Sphinx compares the configuration
    with the last build's: a new commit then rewrites every page, so no page keeps an old one.
    """
    options = site_config(config)
    root = (Path(app.confdir) / options.catalog).resolve()
    found = read_stamp(root)
    words = found.words() if found else "目录版本未知（catalog.yaml 无法读取）"
    shown = html.escape(words)
    if found is not None and found.commit:  # an identifier, set as code
        short = found.commit[:12]
        shown = shown.replace(short, f"<code>{short}</code>")
    config.html_context = {**config.html_context, "townpowers_version": shown}
    shard = options.shard
    if shard and shard != shards.CORE:
        core = Path(options.shard_core or "")
        if not (core / "objects.inv").is_file() or not (core / "needs.json").is_file():
            raise ConfigError(
                f"分站 {shard} 需要先构建全市站点：townpowers_shard_core（{core}）中没有 "
                "objects.inv 和 needs.json"
            )
        base = shards.SHARD_BASE + shards.CORE
        config.intersphinx_mapping = {"core": (base + "/", str(core / "objects.inv"))}
        config.needs_external_needs = [
            {"base_url": base, "json_path": str(core / "needs.json"), "version": ""}
        ]
    if options.edition == edition.INTERNAL:
        config.html_theme_options = {**config.html_theme_options, "announcement": INTERNAL_BANNER}
        config.html_title = f"{config.html_title}（内部版）"
        # reviewers see each need's id and the ids of its links (the public edition: names only)
        if "zh-internal" in config.needs_layouts:
            config.needs_default_layout = "zh-internal"
        config.needs_show_link_id = True


def on_builder_inited(app: Sphinx) -> None:
    """Load, check and generate before Sphinx collects the source files."""
    rebuild.keep_no_doctrees(app.env)
    options = site_config(app.config)
    built = state(app.env)
    confdir = Path(app.confdir)
    root = (confdir / options.catalog).resolve()
    which = options.edition
    if which not in edition.EDITIONS:
        raise ConfigError(f"townpowers_edition 应为 public 或 internal，而不是 {which!r}")
    try:
        glossary = read_glossary(confdir / options.glossary)
    except GlossaryError as exc:
        raise ConfigError(str(exc)) from exc
    result = check(root, Options(ignore=options.check_ignore))
    for diagnostic in result.diagnostics():
        report(diagnostic)
    built.findings = result.diagnostics()
    (Path(app.outdir) / FAILED_FILE).unlink(missing_ok=True)
    out_dir = Path(app.srcdir) / options.output
    sound = result.loaded and not any(
        d.severity >= Severity.ERROR and d.code in gate_codes() for d in result.diagnostics()
    )
    shown = edition.view(result.catalog, which) if sound and result.catalog else None
    built.catalog = shown
    shard = options.shard
    terms = confdir / options.search_terms
    templates = confdir / options.templates
    stamp = rebuild.Stamp(
        Path(app.doctreedir),
        (root, templates, confdir / options.glossary, terms),
        {
            **option_values(app.config),
            # a new commit changes the API's stamp even when no input file changed
            "version": app.config.html_context.get("townpowers_version"),
        },
    )
    built.stamp = stamp
    if shown is not None and shard and shard != shards.CORE:
        name = shown.districts[shard].name if shard in shown.districts else shard
        app.config.html_title = f"{app.config.html_title}·{name}分站"
        app.config.html_short_title = f"{name}分站"
    full = shard in ("", shards.CORE)
    if shown is not None and stamp.unchanged(Path(app.outdir), out_dir, api=full):
        # nothing the pages are made from changed: the pages, the API and the browser's data
        # written last time are what generating them again would write
        built.static = None
        built.navigation = ([], False)
        logger.info("townpowers: 目录、模板和代码没有变化，沿用上次生成的页面")
    else:
        stamp.forget()  # saved again only when this build finishes
        _generate(app, result, shown, glossary, out_dir)
    # the Chinese indexer reads the dictionary the pages were generated with (conf.py names it
    # relative to the source folder; see search.BASE)
    zh_search.BASE = Path(app.srcdir)
    configured = app.config.html_search_options.get("dict")
    dictionary = out_dir / "search-dict.txt"
    if dictionary.is_file() and configured is None:
        app.config.html_search_options = {
            **app.config.html_search_options,
            "dict": str(dictionary.relative_to(app.srcdir)),
        }


def _generate(
    app: Sphinx,
    result: CheckResult,
    shown: Catalog | None,
    glossary: dict[str, Term],
    out_dir: Path,
) -> None:
    """Render every page, write those that changed, note what navigation must follow."""
    confdir = Path(app.confdir)
    options = site_config(app.config)
    built = state(app.env)
    internal = options.edition == edition.INTERNAL
    shard = options.shard
    env = environment(
        confdir / options.templates,
        cache_dir=Path(app.doctreedir) / "townpowers-templates",
    )
    if shown is not None:
        terms = confdir / options.search_terms
        plan = shards.Plan(shown, shard) if shard else None
        pages = generate(
            shown,
            env,
            result,
            terms,
            internal,
            plan,
            glossary,
            options.output,
            # comparisons of two commits never change: shared by every build of the checkout
            changes_cache=confdir / "_build" / "townpowers-commits",
        )
        if plan is not None and shard != shards.CORE:
            write_atomic(Path(app.srcdir) / "index.md", shard_index(shown, env, shard))
    else:
        logger.warning(
            "目录有错误，只生成了检查报告页", type="townpowers", subtype="catalog-invalid"
        )
        pages = generate_report(result, env, internal)
    static = [p for p in pages if p.path.startswith(f"{assets.STATIC}/")]
    built.static = static
    written = write_pages(
        out_dir, [p for p in pages if p not in static], remove_stale=shown is not None
    )
    logger.info(f"townpowers: {len(written.changed)} 个生成页面有变化")
    prefix = str(Path(options.output))
    built.navigation = (
        [f"{prefix}/{p.removesuffix('.md')}" for p in written.retitled],
        bool(written.removed),
    )


def shard_index(cat: Catalog, env: jinja2.Environment, shard: str) -> str:
    """The home page of a district shard."""
    if shard not in cat.districts:
        raise ConfigError(f"townpowers_shard 应为 core 或已有的区（市）标识，而不是 {shard!r}")
    return env.get_template("shard-index.md.j2").render(
        district=cat.districts[shard],
        towns=[t for t in cat.towns.values() if t.district == shard],
        depts=[k for (d, k) in sorted(cat.departments) if d == shard],
        core_uri=shards.Plan.core_uri_of,
    )


def stable_container_ids(doctree: nodes.document, docname: str) -> None:
    """Replace sphinx-needs' random need-container ids (``SNCB-`` + a fresh uuid4 per build)
    with ids derived from the page and the need, so two builds of one commit are identical."""
    n = 0
    for container in doctree.findall(nodes.container):
        ids = container.get("ids", [])
        if ids and ids[0].startswith("SNCB-"):
            n += 1
            stable = "SNCB-" + hashlib.sha1(f"{docname}#{n}".encode()).hexdigest()[:8]
            container["ids"] = [stable, *ids[1:]]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Stable ids; turn cross-shard placeholder links into links relative to this page."""
    stable_container_ids(doctree, docname)
    needbox.tidy_need_boxes(doctree)
    bulktable.resolve_doctree(app, doctree, docname)
    shard = site_config(app.config).shard
    if not shard:
        return
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "")
        if uri.startswith(shards.SHARD_BASE):
            node["refuri"] = shards.relative_uri(uri, docname, shard)
            node["internal"] = True
            node["classes"] = [c for c in node["classes"] if c != "external"]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Per page: no need ids in tooltips; the search page also loads the everyday words."""
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = identifiers.strip_need_titles(body)
    full = site_config(app.config).shard in ("", shards.CORE)
    cat = state(app.env).catalog
    if full and cat is not None:
        towns = {t.id: t.name for t in cat.towns.values()}
        prefix = Path(site_config(app.config).output).as_posix()
        links = feeds.alternate_links(pagename, prefix, towns, context.get("pathto"))
        context["metatags"] = context.get("metatags", "") + links
    if pagename == "search" and full and cat is not None:
        app.add_js_file(assets.VOCABULARY)


def write_static(outdir: Path, pages: list[Page]) -> list[str]:
    """Write the browser's data files into ``_static/``; remove those no longer generated."""
    target = outdir / "_static"
    changed = [p.path for p in pages if write_atomic(target / _static_path(p), p.text)]
    wanted = {target / _static_path(p) for p in pages}
    views = target / assets.TOWN_VIEW
    for stale in sorted(views.glob("*.js")) if views.is_dir() else []:
        if stale not in wanted:
            stale.unlink()
            changed.append(str(stale.relative_to(outdir)))
    return changed


def _static_path(page: Page) -> str:
    return page.path.removeprefix(f"{assets.STATIC}/")


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Publish the JSON API (``api/``; see docs/api.md) and the browser's data beside the HTML.

    The public edition's diagrams lose the need ids sphinx-needs writes into every box.
    Also says what the catalog check found (warnings listed, errors written for the Makefile).
    """
    _say_findings(app)
    options = site_config(app.config)
    built = state(app.env)
    cat = built.catalog
    if exception is not None or cat is None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if options.edition != edition.INTERNAL:
        cleaned = identifiers.clean_diagrams(outdir / "_images", identifiers.need_titles(cat))
        if cleaned:
            logger.info(f"townpowers: {len(cleaned)} 张追溯图去掉了内部标识")
    static = built.static
    if options.shard not in ("", shards.CORE) or static is None:
        pass  # the core publishes the API and the data; unchanged inputs, unchanged files
    else:
        changed = api.write(cat, outdir / api.ROOT)
        logger.info(f"townpowers: JSON API 有 {len(changed)} 个文件变化")
        data = write_static(outdir, static)
        logger.info(f"townpowers: 浏览器数据有 {len(data)} 个文件变化")
    if built.stamp is not None:
        built.stamp.save()


def _say_findings(app: Sphinx) -> None:
    """Warnings are listed (they do not block publishing); errors are written to
    :data:`FAILED_FILE` too, so the last lines of a failed ``make html`` say what failed it."""
    found = state(app.env).findings
    errors = [d for d in found if d.severity >= Severity.ERROR]
    warnings = [d for d in found if d.severity is Severity.WARNING]
    see = "全部问题见网站的“检查报告”页（generated/check-report.html），或运行 townpowers check。"
    if warnings:
        lines = [f"目录检查：{len(warnings)} 个警告，不阻止发布："]
        lines += summarize(warnings)
        if not errors:
            lines.append(see)
        print("\n".join(lines), file=sys.stderr)
    if errors:
        lines = [f"目录有 {len(errors)} 个错误，网站没有发布（原有网站未改变）："]
        lines += summarize(errors)
        lines.append(see)
        write_atomic(Path(app.outdir) / FAILED_FILE, "\n".join(lines) + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the options and the build hook."""
    add_options(app)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-before-read-docs", rebuild.on_env_before_read_docs)
    app.connect("env-updated", rebuild.on_env_updated)
    app.connect("doctree-read", anchors.on_doctree_read, priority=400)  # before the index
    app.connect("doctree-resolved", on_doctree_resolved, priority=900)
    app.connect("doctree-resolved", zh_search.on_doctree_resolved, priority=950)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    app.add_search_language(zh_search.SearchChineseTerms)
    app.add_transform(JoinChineseLines)
    app.add_directive("bulk-table", bulktable.BulkTableDirective)
    app.add_directive("townpowers-options", OptionsDirective)
    app.add_node(bulktable.BulkTable, html=(bulktable.visit_html, None))
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }
