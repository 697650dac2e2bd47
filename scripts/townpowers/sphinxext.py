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
from sphinx.util import logging

from . import __version__
from .checks import RULES, Options, check
from .diagnostics import Diagnostic, Severity
from .rendering import environment, write_pages
from .site import generate, generate_report

logger = logging.getLogger(__name__)
LINK_CODES = frozenset(code for code, r in RULES.items() if r.category == "links")

#: Options of this extension: name -> (default, rebuild, help).
OPTIONS: dict[str, tuple[Any, Literal["env", "html", ""], str]] = {
    "townpowers_catalog": ("catalog", "env", "目录文件夹，相对于 conf.py 所在文件夹"),
    "townpowers_templates": ("templates", "env", "Jinja2 模板文件夹，相对于 conf.py 所在文件夹"),
    "townpowers_output": ("generated", "env", "生成页面的文件夹，相对于源文件夹（勿手工编辑）"),
    "townpowers_check_ignore": ([], "env", "构建时不运行的检查规则（代码或类别）"),
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


def on_builder_inited(app: Sphinx) -> None:
    """Load, check and generate before Sphinx collects the source files."""
    confdir = Path(app.confdir)
    root = (confdir / app.config.townpowers_catalog).resolve()
    result = check(root, Options(ignore=tuple(app.config.townpowers_check_ignore)))
    for diagnostic in result.diagnostics():
        report(diagnostic)
    out_dir = Path(app.srcdir) / app.config.townpowers_output
    env = environment(confdir / app.config.townpowers_templates)
    sound = result.loaded and not any(
        d.severity >= Severity.ERROR and d.code in LINK_CODES for d in result.diagnostics()
    )
    if sound and result.catalog is not None:
        pages = generate(result.catalog, env, result)
    else:
        logger.warning(
            "目录有错误，只生成了检查报告页", type="townpowers", subtype="catalog-invalid"
        )
        pages = generate_report(result, env)
    changed = write_pages(out_dir, pages)
    logger.info(f"townpowers: {len(changed)} 个生成页面有变化")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the options and the build hook."""
    for name, (default, rebuild, _help) in OPTIONS.items():
        app.add_config_value(name, default, rebuild, types=frozenset({type(default), tuple}))
    app.connect("builder-inited", on_builder_inited)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
