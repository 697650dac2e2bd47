#!/usr/bin/env python3
"""Compare this checkout's site with a baseline's: clean build time, and pages per town.

A change to the site is judged against the site before it, on the same machine at the same
time: the machine is shared, so figures taken an hour apart differ more than the change does.

* ``build``: clean builds of the reference catalog's site, this checkout and the baseline
  alternated run by run (each in a fresh process, into a fresh folder); prints both medians,
  the spread and the ratio.
* ``pages``: generates every page source (no Sphinx) for a synthetic catalog of ``--towns``
  towns, each tree with its own generator, code and templates (a catalog of one version need
  not load in the other), and counts the pages that belong to a town (their path names it)
  and those that do not. A site whose pages grow with towns x powers shows it here at once.

The baseline is another source tree of this project, e.g. ``git worktree add ../base HEAD~3``
or ``git archive <rev> | tar -x -C ../base``; its own ``conf.py`` and package are used.

    python scripts/bench/bench_compare.py build --baseline ../base --runs 3
    python scripts/bench/bench_compare.py pages --baseline ../base --towns 500
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import OUT, ROOT, BenchError, machine, run, sphinx_html

#: Runs a tree's own command line (its package first on the path).
_CLI = "import sys; sys.path.insert(0, sys.argv.pop(1)); from townpowers.cli import main; main()"
#: Counts a tree's generated pages; runs with the tree's own package first on the path.
_COUNT = """
import json, re, sys
from pathlib import Path
tree, catalog = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(tree / "scripts"))
from townpowers.checks import check
from townpowers.site.pages import generate
from townpowers.site.rendering import environment
from townpowers.views import edition
result = check(catalog)
shown = edition.view(result.catalog, "public")
pages = [p.path for p in generate(shown, environment(tree / "templates"), result)]
towns = set(shown.towns)
per_town = [p for p in pages if towns & set(re.split(r"[/.]", p))]
html = [p for p in pages if p.endswith(".md")]
print(json.dumps({
    "towns": len(towns), "powers": len(shown.powers), "pages": len(pages),
    "html_pages": len(html), "town_pages": len(per_town),
    "town_html_pages": sum(p.endswith(".md") for p in per_town),
}))
"""


def clean_build(tree: Path, work: Path) -> float:
    """One clean sphinx-build of ``tree``'s docs against its own catalog; wall seconds."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(tree / "docs", work / "docs", ignore=shutil.ignore_patterns("generated"))
    args = sphinx_html(tree, tree / "catalog", work / "docs", work / "html")
    try:
        return run(args, cwd=tree).wall
    except BenchError as exc:
        sys.exit(f"build of {tree} failed:\n{exc}")


def builds(baseline: Path, runs: int) -> dict[str, object]:
    trees = {"current": ROOT, "baseline": baseline}
    walls: dict[str, list[float]] = {name: [] for name in trees}
    for n in range(runs):
        # alternate which goes first, so a load spike does not always hit the same tree
        order = list(trees.items()) if n % 2 == 0 else list(trees.items())[::-1]
        for name, tree in order:
            walls[name].append(clean_build(tree, OUT / "compare" / name))
            print(f"run {n + 1}: {name} {walls[name][-1]:.1f} s", flush=True)
    medians = {name: statistics.median(w) for name, w in walls.items()}
    return {
        "runs": runs,
        "walls_s": {k: [round(x, 2) for x in v] for k, v in walls.items()},
        "median_s": {k: round(v, 2) for k, v in medians.items()},
        "ratio": round(medians["current"] / medians["baseline"], 3),
    }


def pages(baseline: Path, towns: int, grants: int) -> dict[str, object]:
    out: dict[str, object] = {"towns": towns, "grants_per_town": grants}
    for name, tree in (("current", ROOT), ("baseline", baseline)):
        catalog = OUT / "compare" / f"synth-{name}" / "catalog"
        shutil.rmtree(catalog.parent, ignore_errors=True)
        synth = ["synth", str(catalog), "--towns", str(towns), "--grants", str(grants)]
        run(
            [sys.executable, "-c", _CLI, str(tree / "scripts"), *synth, "--from", "catalog"],
            cwd=tree,
        )
        sample = run([sys.executable, "-c", _COUNT, str(tree), str(catalog)], cwd=tree)
        counts = json.loads(sample.stdout)
        counts["html_pages_per_town"] = round(counts["town_html_pages"] / towns, 3)
        counts["files_per_town"] = round(counts["town_pages"] / towns, 3)
        out[name] = counts
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("build", "pages"))
    parser.add_argument("--baseline", type=Path, required=True, help="another source tree")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--towns", type=int, default=500)
    parser.add_argument("--grants", type=int, default=40)
    args = parser.parse_args()
    baseline = args.baseline.resolve()
    if not (baseline / "conf.py").is_file():
        sys.exit(f"{baseline} is not a source tree of this project (no conf.py)")
    if args.what == "build":
        result = builds(baseline, args.runs)
    else:
        result = pages(baseline, args.towns, args.grants)
    report = {"machine": machine(), "baseline": str(baseline), args.what: result}
    print(json.dumps(report[args.what], ensure_ascii=False, indent=2))
    target = OUT / f"compare-{args.what}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
