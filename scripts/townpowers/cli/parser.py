"""An argument parser that speaks Chinese and suggests the command or value meant.

argparse words its own messages in English ("usage:", "invalid choice", "the following
arguments are required"). Everything else the tool says is Chinese, so these are translated
while the parser is built and used (:func:`chinese`), and a misspelt command or choice gets
"您是不是要用 …" with the closest candidates.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from .common import Exit

#: argparse's own messages (Python 3.11-3.13 wording) -> Chinese.
MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    """argparse's messages in Chinese while the block runs (restored afterwards, so other
    users of argparse in the same process, such as Sphinx, are not affected)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def suggest(value: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to a misspelt value (best first)."""
    return difflib.get_close_matches(value, list(candidates), n=n, cutoff=0.5)


class Parser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` with Chinese errors, exit code 2 and suggestions."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(c) for c in choices]
        close = suggest(str(value), names)
        if isinstance(action, argparse._SubParsersAction):
            message = f"未知的命令“{value}”"
        else:
            message = f"无效的值“{value}”"
        if close:
            message += f"；您是不是要用：{'、'.join(close)}？"
        message += f"（可用：{'、'.join(names)}）"
        raise argparse.ArgumentError(action, message)

    def error(self, message: str) -> NoReturn:
        """Print usage and a Chinese error line; exit with the usage-error code."""
        self.print_usage(sys.stderr)
        self.exit(Exit.INVALID, f"{self.prog}：错误：{message}\n")
