"""The extension's options, declared once: names, types, defaults, what a change rebuilds, help.

Every ``townpowers_*`` option of ``conf.py`` is a field of :class:`SiteConfig` (as MyST-Parser
declares its options in one dataclass). Sphinx learns them from here (:func:`add_options`),
the extension reads them as one typed object (:func:`site_config`), and the documentation
renders the same declaration (the ``townpowers-options`` directive, on the publishing page),
so an option's help is written exactly once and a new option is documented by declaring it.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Literal

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

PREFIX = "townpowers_"


def _option(default: Any, help: str, rebuild: Literal["env", "html", ""] = "env") -> Any:
    if isinstance(default, list | tuple):
        value = tuple(default)
        return field(default_factory=lambda: value, metadata={"help": help, "rebuild": rebuild})
    return field(default=default, metadata={"help": help, "rebuild": rebuild})


@dataclass(frozen=True)
class SiteConfig:
    """The ``townpowers_*`` options (``conf.py``, or ``-D townpowers_<name>=…``)."""

    catalog: str = _option("catalog", "目录文件夹，相对于 conf.py 所在文件夹")
    templates: str = _option("templates", "Jinja2 模板文件夹，相对于 conf.py 所在文件夹")
    output: str = _option("generated", "生成页面的文件夹，相对于源文件夹（勿手工编辑）")
    check_ignore: tuple[str, ...] = _option((), "构建时不运行的检查规则（代码或类别）")
    shard: str = _option(
        "", "分站：空（整站一次构建）、core（全市站点）或区（市）标识（该区（市）的分站）"
    )
    shard_core: str = _option(
        "", "全市站点（core）的构建输出文件夹：分站从中读取 objects.inv 和 needs.json"
    )
    edition: str = _option(
        "public", "版本：public（公开版，不含标为内部的字段）或 internal（内部版）"
    )
    search_terms: str = _option(
        "docs/search-terms.txt", "中文搜索词表（每行一词），与目录中的名称一起供 jieba 分词"
    )
    glossary: str = _option(
        "docs/glossary.md",
        "术语表页面（相对于 conf.py 所在文件夹）：页面上的术语链接到它，悬停显示第一句解释",
    )


def _default(f: Any) -> Any:
    return f.default_factory() if f.default is MISSING else f.default


def add_options(app: Sphinx) -> None:
    """Declare every option to Sphinx (a list option also accepts a tuple, and back)."""
    for f in fields(SiteConfig):
        default = _default(f)
        sphinx_default = list(default) if isinstance(default, tuple) else default
        app.add_config_value(
            PREFIX + f.name,
            sphinx_default,
            f.metadata["rebuild"],
            types=frozenset({type(sphinx_default), tuple}),
        )


def site_config(config: Any) -> SiteConfig:
    """The options as one typed object (from Sphinx's ``app.config``)."""
    values: dict[str, Any] = {}
    for f in fields(SiteConfig):
        value = getattr(config, PREFIX + f.name)
        values[f.name] = tuple(value) if isinstance(_default(f), tuple) else value
    return SiteConfig(**values)


def option_values(config: Any) -> dict[str, Any]:
    """Every option by its ``conf.py`` name (what the pages' stamp records)."""
    return {PREFIX + f.name: config[PREFIX + f.name] for f in fields(SiteConfig)}


def option_rows() -> list[tuple[str, str, str]]:
    """(name, default, help) of every option, as the documentation lists them."""
    rows = []
    for f in fields(SiteConfig):
        default = _default(f)
        shown = "[]" if default == () else repr(default)
        rows.append((PREFIX + f.name, shown, f.metadata["help"]))
    return rows


class OptionsDirective(SphinxDirective):
    """``townpowers-options``: a table of the options, from :class:`SiteConfig`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The table: option, default, what it does."""
        table = nodes.table(classes=["townpowers-options"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (3, 2, 7):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(("设置", "默认值", "说明"), literal=False)
        body = nodes.tbody()
        group += body
        for row in option_rows():
            body += self._row(row, literal=True)
        return [table]

    @staticmethod
    def _row(cells: tuple[str, str, str], literal: bool) -> nodes.row:
        row = nodes.row()
        for n, text in enumerate(cells):
            entry = nodes.entry()
            para = nodes.paragraph()
            para += nodes.literal(text=text) if literal and n < 2 else nodes.Text(text)
            entry += para
            row += entry
        return row
