#!/usr/bin/env python3
"""The benchmark steps that have no command of their own, each run in a fresh process.

    python scripts/benchwork.py floor CATALOG SCRATCH   # parse every YAML file, write it back
    python scripts/benchwork.py pages CATALOG OUT       # generate the site's pages, no Sphinx

``floor`` is the least any tool must do with a catalog: read each file, compose it with the same
libyaml composer the loader uses, and write the same bytes out. Every other step is quoted as a
multiple of it. ``pages`` does what the Sphinx extension does at ``builder-inited`` (load, check,
render every template, write the pages that changed), so the site build's own share is visible.
Both print one JSON line with the phases they timed.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))  # works from a checkout without the editable install


def floor(catalog: Path, scratch: Path) -> dict[str, float | int]:
    """Compose every catalog file (the loader's own reader) and write its bytes to ``scratch``."""
    from townpowers.yamlio.load import IGNORED_DIRS
    from townpowers.yamlio.read import parse_yaml

    files = total = 0
    for path in sorted(catalog.rglob("*.yaml")):
        rel = path.relative_to(catalog)
        if rel.parts[0] in IGNORED_DIRS:
            continue
        data = path.read_bytes()
        tree, problems = parse_yaml(data, str(rel))
        if tree is None:
            raise SystemExit(f"{rel}: {problems[0].format() if problems else '无法解析'}")
        target = scratch / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files += 1
        total += len(data)
    return {"files": files, "bytes": total}


def pages(catalog: Path, out: Path) -> dict[str, float | int]:
    """Load, check and generate the public edition's pages as the Sphinx extension does."""
    from townpowers.checks import Options, check
    from townpowers.site.pages import generate
    from townpowers.site.rendering import environment, write_pages
    from townpowers.views import edition

    start = time.perf_counter()
    result = check(catalog.resolve(), Options())
    checked = time.perf_counter()
    if result.catalog is None:
        raise SystemExit("目录无效，无法生成页面")
    shown = edition.view(result.catalog, edition.PUBLIC)
    env = environment(ROOT / "templates")
    made = generate(shown, env, result, ROOT / "docs" / "search-terms.txt", False)
    rendered = time.perf_counter()
    written = write_pages(out, made)
    done = time.perf_counter()
    return {
        "pages": len(made),
        "written": len(written.changed),
        "bytes": sum(len(p.text.encode()) for p in made),
        "check_s": round(checked - start, 3),
        "render_s": round(rendered - checked, 3),
        "write_s": round(done - rendered, 3),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("floor", "pages"):
        print(__doc__, file=sys.stderr)
        return 2
    step, catalog, out = argv[0], Path(argv[1]), Path(argv[2])
    figures = floor(catalog, out) if step == "floor" else pages(catalog, out)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
