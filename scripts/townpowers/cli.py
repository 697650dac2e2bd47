"""The ``townpowers`` command line.

Exit status: 0 success, 2 invalid catalog or usage error (nothing is written then). Messages meant
for officials are Chinese; each diagnostic is ``path:line:col: severity: message [code]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, lawtext
from .diagnostics import Diagnostic, Severity
from .export import catalog_document, dumps, schema_documents, write_atomic
from .loading import Catalog, load_catalog

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2


def _default_catalog() -> Path:
    return Path(os.environ.get("TOWNPOWERS_CATALOG", "catalog"))


def _color(stream: TextIO) -> bool:
    return (
        stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"
    )


def print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    """Compiler-style lines, coloured only on a terminal."""
    colors = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
    use = _color(stream)
    for d in diagnostics:
        line = d.format()
        if use:
            word = f"{d.severity.word}:"
            line = line.replace(word, f"{colors[d.severity]}{word}\033[0m", 1)
        print(line, file=stream)


def _load(path: Path, stream: TextIO) -> Catalog | None:
    cat, diagnostics = load_catalog(path)
    if cat is None:
        print_diagnostics(diagnostics, stream)
        print(f"目录无效：发现 {len(diagnostics)} 个错误，未生成任何输出。", file=stream)
    return cat


def summary(cat: Catalog) -> str:
    """One line describing what a valid catalog holds."""
    grants = sum(len(c.grants) for c in cat.catalogs.values())
    articles = sum(len(i.articles) for i in cat.instruments.values())
    return (
        f"目录有效：{len(cat.districts)} 个区（市）、{len(cat.towns)} 个镇、"
        f"{len(cat.kinds)} 类部门（{len(cat.departments)} 个具体部门）、"
        f"{len(cat.instruments)} 部法律文件（{articles} 条）、{len(cat.powers)} 个权力事项、"
        f"{grants} 项赋权。"
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Load and validate; report every problem."""
    cat = _load(args.catalog, sys.stdout)
    if cat is None:
        return EXIT_INVALID
    print(summary(cat))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the normalized catalog (only when it is valid)."""
    cat = _load(args.catalog, sys.stderr)
    if cat is None:
        return EXIT_INVALID
    text = dumps(catalog_document(cat))
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_atomic(Path(args.output), text)
        print(f"已写入 {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate the JSON Schemas, or check that the committed ones are current."""
    folder: Path = args.dir
    stale = []
    for name, document in schema_documents().items():
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        path = folder / name
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                stale.append(name)
        elif write_atomic(path, text):
            print(f"已更新 {path}")
    if stale:
        print(
            "以下 JSON Schema 与模型不一致，请运行 townpowers schema：" + "、".join(stale),
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_law_text(args: argparse.Namespace) -> int:
    """Print an article of a published law file verbatim (an aid for catalog authors)."""
    try:
        articles = lawtext.read_law_file(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file}: error: 无法读取法律文本：{exc}", file=sys.stderr)
        return EXIT_INVALID
    missing = [a for a in args.articles if a not in articles]
    if missing:
        print(f"{args.file}: error: 文件中没有{'、'.join(missing)}", file=sys.stderr)
        return EXIT_INVALID
    for label in args.articles:
        text = articles[label]
        print(f"- number: {label}\n  text: |-")
        for line in text.splitlines():
            print(f"    {line}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the commands)."""
    parser = argparse.ArgumentParser(
        prog="townpowers", description="双十镇精准定向赋权知识库：目录校验、导出与生成。"
    )
    parser.add_argument("--version", action="version", version=f"townpowers {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def catalog_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "catalog",
            nargs="?",
            type=Path,
            default=_default_catalog(),
            metavar="CATALOG",
            help="目录文件夹（默认 ./catalog）",
        )

    p = sub.add_parser("validate", help="加载并校验目录，报告全部问题")
    catalog_arg(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="导出规范化的目录")
    p.add_argument("--format", choices=["json"], default="json", help="输出格式")
    p.add_argument("-o", "--output", help="输出文件（默认标准输出）")
    catalog_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("schema", help="由模型生成 catalog/schema/ 中的 JSON Schema")
    p.add_argument("--dir", type=Path, default=Path("catalog/schema"), help="输出文件夹")
    p.add_argument("--check", action="store_true", help="只检查是否与模型一致")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("law-text", help="从公开法律文本文件中逐字取出条文")
    p.add_argument("file", type=Path, help="法律文本文件（Markdown，每条以“第N条”开头）")
    p.add_argument("articles", nargs="+", help="条号，如 第四十一条")
    p.set_defaults(func=cmd_law_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``townpowers`` and ``python -m townpowers``."""
    args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
