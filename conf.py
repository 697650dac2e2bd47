"""Sphinx configuration of the 双十镇精准定向赋权知识库 site.

Built with ``sphinx-build -c . docs _build/html`` (``make html``): configuration and templates
live at the top level, hand-written pages in ``docs/``, pages generated from ``catalog/`` in
``docs/generated/`` (rewritten by the townpowers extension during the build; never edit them).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))  # works even before the package is installed

project = "枣庄市“双十镇”精准定向赋权知识库"
author = "本知识库编制组"
copyright = "2021，本知识库编制组"
language = "zh_CN"

extensions = [
    "myst_parser",
    "townpowers.sphinxext",
]

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "**/.*"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

townpowers_catalog = "catalog"
townpowers_templates = "templates"
townpowers_output = "generated"

html_title = project
html_search_language = "zh"
html_last_updated_fmt = None
