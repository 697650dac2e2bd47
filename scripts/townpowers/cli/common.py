"""What every command shares: exit codes, argument types, loading, and error lines.

Messages meant for officials are Chinese; errors go to standard error as ``error: …`` and a
command then returns :attr:`Exit.INVALID` having written nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..checks import load_catalog
from ..diagnostics import Diagnostic, Severity
from ..model.catalog import Catalog


class Exit(enum.IntEnum):
    """Exit status of every command (the one place they are defined)."""

    OK = 0
    #: ``check`` found problems at or above ``--fail-on``; an import refused the file;
    #: ``diff`` found differences; a handbook failed.
    FINDINGS = 1
    #: An invalid catalog or a usage error: nothing was written.
    INVALID = 2
    #: Interrupted by Ctrl-C.
    INTERRUPTED = 130


def default_catalog() -> Path:
    """The catalog folder when none is given: ``$TOWNPOWERS_CATALOG`` or ``./catalog``."""
    return Path(os.environ.get("TOWNPOWERS_CATALOG", "catalog"))


def catalog_arg(parser: argparse.ArgumentParser) -> None:
    """The optional positional CATALOG argument of the commands that read a catalog folder."""
    parser.add_argument(
        "catalog",
        nargs="?",
        type=Path,
        default=default_catalog(),
        metavar="CATALOG",
        help="目录文件夹（默认 ./catalog）",
    )


def codes(values: Sequence[str] | None) -> list[str]:
    """Values of a repeatable, comma-separated option (``--select a,b --select c``)."""
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def date_arg(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` argument."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 YYYY-MM-DD 格式的日期：{text}") from None


def positive_arg(text: str, allowed: str = "正整数") -> int:
    """A count given on the command line (a limit, a number of jobs): a positive integer;
    ``allowed`` names what else the option accepts, for the message."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为{allowed}：{text}")
    return value


def jobs_arg(text: str) -> int | None:
    """A ``--jobs`` argument: a positive integer, or ``auto`` (``None``)."""
    if text == "auto":
        return None
    return positive_arg(text, "正整数或 auto")


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


def load(path: Path, stream: TextIO) -> Catalog | None:
    """The catalog at ``path``, or ``None`` after printing why it is invalid."""
    cat, diagnostics = load_catalog(path)
    if cat is None:
        print_diagnostics(diagnostics, stream)
        print(f"目录无效：发现 {len(diagnostics)} 个错误，未生成任何输出。", file=stream)
    return cat


def fail(message: str) -> Exit:
    """Print ``error: message`` to standard error; the command then stops, writing nothing."""
    print(f"error: {message}", file=sys.stderr)
    return Exit.INVALID


def cannot_write(target: Path | str, exc: OSError) -> Exit:
    """The one wording of a failed write (a full disk, a read-only folder, a missing parent)."""
    return fail(f"无法写入 {target}：{exc.strerror or exc}")


def resolve(value: str, table: Mapping[str, Any], what: str) -> str:
    """The id ``value`` means in ``table``: the id itself, or the id of the object so named
    (``木石镇`` -> ``mushi``). Raises :class:`LookupError` with a Chinese message naming the
    closest ids otherwise."""
    if value in table:
        return value
    by_name = {str(getattr(v, "name", "")): k for k, v in table.items()}
    if value in by_name:
        return by_name[value]
    import difflib

    close = difflib.get_close_matches(value, list(table), n=3, cutoff=0.5)
    close += [by_name[n] for n in difflib.get_close_matches(value, list(by_name), n=3, cutoff=0.5)]
    shown = [f"{k}（{getattr(table[k], 'name', k)}）" for k in dict.fromkeys(close)]
    hint = f"；您是不是要用：{'、'.join(shown)}？" if shown else f"（可用：{'、'.join(table)}）"
    raise LookupError(f"目录中没有{what}“{value}”{hint}")
