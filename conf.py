"""Sphinx configuration of the 双十镇精准定向赋权知识库 site.

Built with ``sphinx-build -c . docs _build/html`` (``make html``): configuration and templates
live at the top level, hand-written pages in ``docs/``, pages generated from ``catalog/`` in
``docs/generated/`` (rewritten by the townpowers extension during the build; never edit them).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))  # works even before the package is installed

from townpowers.site.needs import NEEDS_FIELDS, NEEDS_LINKS, NEEDS_TYPES  # noqa: E402

project = "枣庄市“双十镇”精准定向赋权知识库"
author = "本知识库编制组"
copyright = "2021，本知识库编制组"
language = "zh_CN"

extensions = [
    "myst_parser",
    "sphinx_needs",
    "sphinx.ext.graphviz",
    "sphinx.ext.intersphinx",  # district shards link to the core site (make html SHARDS=district)
    "townpowers.site.extension",
]
intersphinx_mapping: dict[str, tuple[str, str]] = {}  # filled in by the extension for a shard

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "**/.*"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# [text](#label) links resolve against Sphinx labels only: asking every domain made the C++
# domain parse each of the site's ~10,000 link targets as a C++ name (a fifth of build time)
myst_ref_domains = ["std"]
suppress_warnings = ["myst.header"]  # generated pages may start a section at level 3

# --- catalog and generated pages -------------------------------------------------------------
townpowers_catalog = "catalog"
townpowers_templates = "templates"
townpowers_output = "generated"

# --- sphinx-needs: the traced objects ----------------------------------------------------------
needs_types = NEEDS_TYPES
needs_links = NEEDS_LINKS
needs_fields = NEEDS_FIELDS
needs_id_regex = r"^[A-Z][A-Z0-9_]{3,}$"
needs_id_required = True
needs_build_json = True
needs_reproducible_json = True
needs_flow_engine = "graphviz"
needs_graphviz_styles = {
    "default": {
        "graph": {"rankdir": "LR", "fontname": "Noto Sans CJK SC"},
        "node": {"fontname": "Noto Sans CJK SC", "fontsize": "10"},
        "edge": {"fontname": "Noto Sans CJK SC"},
    }
}
# The public edition names what a need links to and shows no identifiers (PWR_..., ART_...):
# citizens read names. The internal edition (the extension switches to "zh-internal") also shows
# each need's id and the ids of its links, which reviewers and other tools use.
needs_layouts = {
    "zh": {
        "grid": "simple",
        "layout": {
            "head": ['<<meta("type_name")>>：**<<meta("title")>>**'],
            "meta": ["<<meta_links_all()>>"],
        },
    },
    "zh-internal": {
        "grid": "simple",
        "layout": {
            "head": ['<<meta("type_name")>>：**<<meta("title")>>**　<<meta_id()>>'],
            "meta": ["<<meta_links_all()>>"],
        },
    },
}
needs_default_layout = "zh"
needs_show_link_title = True
needs_show_link_id = False
graphviz_output_format = "svg"

# --- HTML, in Chinese --------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = project
html_short_title = "双十镇赋权知识库"
html_static_path = ["docs/_static"]
html_favicon = "docs/_static/favicon.svg"
html_css_files = ["townpowers.css"]
html_js_files = ["zh-search.js", "townpowers.js"]
html_search_language = "zh"
# jieba's user dictionary, written by the townpowers extension before the indexer starts; a path
# relative to the source folder, so the configuration (and .buildinfo) is the same in any checkout
html_search_options = {"dict": "generated/search-dict.txt"}
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
templates_path = ["docs/_templates"]  # theme components overridden for accessibility
html_theme_options = {
    "search_bar_text": "搜索事项、法律、镇、要办的事……",
    "navbar_persistent": ["zh-search-button"],
    "header_dropdown_text": "更多",
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 6,
    "footer_start": ["copyright", "version-stamp"],
    "footer_end": [],
    "secondary_sidebar_items": ["page-toc"],
}
# Object pages (one per power, law, town, department...) have no left sidebar: it would list
# every sibling's long Chinese title, and a renamed object would then force every sibling page
# to be rewritten. Their section index, breadcrumbs and page contents are the navigation.
# (Every other page keeps the theme's default sidebar; patterns are not combined with "**"
# because Sphinx warns when two wildcard patterns match one page.)
html_sidebars: dict[str, list[str]] = {
    f"generated/{section}/*": []
    for section in (
        "powers",
        "towns",
        "laws",
        "districts",
        "departments",
        "departments/kinds",
        "progress/evaluation",
    )
}
html_sidebars.update(
    {
        f"generated/{section}/index": ["sidebar-nav-bs"]
        for section in (
            "powers",
            "towns",
            "laws",
            "districts",
            "departments",
            "progress/evaluation",
        )
    }
)
html_context = {"default_mode": "auto"}  # without it the theme logs an error on first load
locale_dirs = [str(ROOT / "locale")]
gettext_compact = False

# sphinx-needs 9.1 passes string paths to a Sphinx 9 API; the deprecation is upstream's and is
# not a warning about this project (it is a Python warning, not a Sphinx one, and does not affect
# the build), so keep it out of the build log.
warnings.filterwarnings("ignore", message="Sphinx 10 will drop support for representing paths")
