#!/usr/bin/env python3
"""Mutation fuzzing of the loader, the checks and the page templates: find crashes.

Each case takes one file of a valid catalog (the mini test catalog by default), mutates it the
way hurried editing and hostile pasting do (flipped bytes, cut or repeated lines, YAML and markup
tokens inserted, scalars swapped for odd Unicode), and runs what a build runs on it: load, check,
and, when the catalog is still sound, generate every page. A *crash* is any Python exception
escaping that pipeline; diagnostics are the correct outcome for bad input. Crashing inputs are
saved under the output folder with the seed that reproduces them. Exit status 1 if any crashed.

    python scripts/fuzz.py                    # 1000 cases (the documented run, about 10 seconds)
    python scripts/fuzz.py --cases 200 --seed 7
    python scripts/fuzz.py --catalog catalog --cases 300   # mutate the reference catalog
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from townpowers.checks import check  # noqa: E402
from townpowers.diagnostics import Severity  # noqa: E402
from townpowers.site.pages import generate  # noqa: E402
from townpowers.site.rendering import environment  # noqa: E402

DEFAULT_CASES = 1000
TOKENS = [
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object/apply:os.system [x]",
    "!!binary",
    "? ",
    ": ",
    "- ",
    "---",
    "...",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "|",
    ">",
    "#",
    "%YAML 1.1",
    "\t",
    "\r\n",
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200b",
    "null",
    "~",
    "yes",
    "no",
    "0x1F",
    "1e400",
    "2021-02-30",
    "-1",
    "99999999999999999999",
    "```{raw} html\n<script>x</script>\n```",
    "{eval-rst}`x`",
    ".. raw:: html",
    "<script>",
    "{{ x }}",
    "{% x %}",
    "javascript:alert(1)",
    "../..",
    "/",
    "第一千条",
    "第〇条",
    "（",
    "）",
    "𠀀",
    "\U0001f600",
    "\\",
    "%",
    "=cmd|' /C calc'!A0",
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three random edits of a file's bytes."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(7)
        pos = rng.randrange(len(out) + 1)
        if op == 0 and out:  # flip a byte
            out[min(pos, len(out) - 1)] = rng.randrange(256)
        elif op == 1:  # insert a token
            out[pos:pos] = rng.choice(TOKENS).encode("utf-8")
        elif op == 2 and out:  # delete a range
            out[pos : pos + rng.randint(1, 40)] = b""
        elif op == 3:  # repeat a line
            lines = bytes(out).splitlines(keepends=True)
            if lines:
                i = rng.randrange(len(lines))
                lines.insert(i, lines[i])
                out = bytearray(b"".join(lines))
        elif op == 4:  # truncate
            del out[pos:]
        elif op == 5:  # replace a value after a colon with odd text
            colon = bytes(out).find(b": ", pos)
            if colon != -1:
                end = bytes(out).find(b"\n", colon)
                end = len(out) if end == -1 else end
                out[colon + 2 : end] = rng.choice(TOKENS).encode("utf-8", "surrogatepass")
        else:  # change indentation of a line
            lines = bytes(out).splitlines(keepends=True)
            if lines:
                i = rng.randrange(len(lines))
                lines[i] = b" " * rng.randint(0, 6) + lines[i].lstrip(b" ")
                out = bytearray(b"".join(lines))
    return bytes(out)


def run_case(root: Path, templates: Path) -> str:
    """Load, check and render; return how it ended (an exception propagates)."""
    result = check(root)
    errors = [d for d in result.diagnostics() if d.severity >= Severity.ERROR]
    if errors or result.catalog is None:
        for d in errors:  # every diagnostic must name a place in a file
            assert d.path, d
        return "diagnostics"
    generate(result.catalog, environment(templates), result)
    return "rendered"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=20210420)
    parser.add_argument(
        "--catalog", type=Path, default=ROOT / "tests" / "fixtures" / "mini" / "catalog"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "fuzz")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes: dict[str, int] = {}
    crashes = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalog"
        shutil.copytree(args.catalog, root)
        files = sorted(p for p in root.rglob("*.yaml") if "schema" not in p.parts)
        for n in range(args.cases):
            target = rng.choice(files)
            original = target.read_bytes()
            mutated = mutate(original, rng)
            target.write_bytes(mutated)
            try:
                outcome = run_case(root, ROOT / "templates")
            except Exception:  # a crash is exactly what we are looking for
                crashes += 1
                outcome = "CRASH"
                saved = args.out / f"crash-{args.seed}-{n}"
                saved.mkdir(parents=True, exist_ok=True)
                (saved / target.name).write_bytes(mutated)
                (saved / "traceback.txt").write_text(
                    f"file: {target.relative_to(root)}\n{traceback.format_exc()}", encoding="utf-8"
                )
                print(f"崩溃：第 {n} 例，{target.relative_to(root)}，见 {saved}", file=sys.stderr)
            finally:
                target.write_bytes(original)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    elapsed = time.perf_counter() - start
    summary = "，".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(
        f"{args.cases} 例（种子 {args.seed}），用时 {elapsed:.1f} 秒：{summary}；崩溃 {crashes} 例"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
