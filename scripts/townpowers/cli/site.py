"""Commands ``make html`` runs around Sphinx: ``publish`` and ``shards`` (list, assemble, check-links)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import Exit, fail


def cmd_publish(args: argparse.Namespace) -> int:
    """Swap a finished build into the published folder (the old site stays on failure)."""
    from ..site.publish import publish

    try:
        publish(args.work, args.site)
    except OSError as exc:
        print(f"发布失败，原有网站未改变：{exc}", file=sys.stderr)
        return Exit.FINDINGS
    print(f"已发布：{args.site}")
    return Exit.OK


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a copy of a published site against its SHA256SUMS: 0 intact, 1 altered, 2 no
    readable manifest."""
    from ..util.manifest import SUMS, ManifestError, verify

    if not args.site.is_dir():
        return fail(f"{args.site} 不是文件夹（应为下载的网站文件夹，其中有 {SUMS}）")
    try:
        problems = verify(args.site)
    except ManifestError as exc:
        return fail(str(exc))
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"核对未通过：{len(problems)} 处与清单不符。", file=sys.stderr)
        return Exit.FINDINGS
    count = sum(1 for line in (args.site / SUMS).read_text(encoding="utf-8").splitlines() if line)
    print(f"核对通过：{count} 个文件与 {SUMS} 一致，没有多出的文件。")
    return Exit.OK


def cmd_shards_list(args: argparse.Namespace) -> int:
    """Print the district ids, one shard each (for the Makefile)."""
    from ..site.sharding import districts

    try:
        print(" ".join(districts(args.catalog)))
    except ValueError as exc:
        return fail(str(exc))
    return Exit.OK


def cmd_shards_assemble(args: argparse.Namespace) -> int:
    """Put the core and district builds together, check every link, publish."""
    from ..site.sharding import assemble

    try:
        assemble(args.work, args.site, args.shards)
    except (OSError, ValueError) as exc:
        print(f"失败：{exc}", file=sys.stderr)
        return Exit.FINDINGS
    print(f"已发布分站合成的网站：{args.site}")
    return Exit.OK


def cmd_shards_check_links(args: argparse.Namespace) -> int:
    """Check that every local link of a built site resolves."""
    from ..site.sharding import check_links

    broken = check_links(args.site)
    for line in broken:
        print(line, file=sys.stderr)
    if broken:
        print(f"共 {len(broken)} 个链接无法解析", file=sys.stderr)
        return Exit.FINDINGS
    print("全部链接可以解析")
    return Exit.OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``townpowers`` parser."""
    p = sub.add_parser("publish", help="发布构建好的网站：原子地替换发布文件夹（make html 使用）")
    p.add_argument("work", type=Path, metavar="WORK", help="Sphinx 的构建文件夹")
    p.add_argument("site", type=Path, metavar="SITE", help="发布文件夹")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser(
        "verify", help="按网站的 SHA256SUMS 核对下载的网站副本：指出被改动、缺少或多出的文件"
    )
    p.add_argument("site", type=Path, metavar="SITE", help="网站文件夹（其中有 SHA256SUMS）")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("shards", help="分站构建的步骤（make html SHARDS=district 使用）")
    steps = p.add_subparsers(dest="step", required=True, metavar="步骤")
    s = steps.add_parser("list", help="列出区（市）标识（每个区（市）一个分站）")
    s.add_argument("catalog", type=Path, metavar="CATALOG", help="目录文件夹")
    s.set_defaults(func=cmd_shards_list)
    s = steps.add_parser("assemble", help="合成全市站点和各分站，检查全部链接后发布")
    s.add_argument("work", type=Path, metavar="WORK", help="分站构建的文件夹")
    s.add_argument("site", type=Path, metavar="SITE", help="发布文件夹")
    s.add_argument("shards", nargs="+", metavar="SHARD", help="core 和各区（市）标识")
    s.set_defaults(func=cmd_shards_assemble)
    s = steps.add_parser("check-links", help="检查网站中每个本地链接都能解析")
    s.add_argument("site", type=Path, metavar="SITE", help="网站文件夹")
    s.set_defaults(func=cmd_shards_check_links)
