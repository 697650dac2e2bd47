"""The ``townpowers`` command line: every command, one parser, one set of exit codes.

Each module adds its commands with ``register(sub)``: ``checking`` (validate, check, review,
schema, law-text), ``sheets`` (export, import-xlsx, template-xlsx), ``outputs`` (handbook,
diff, synth) and ``site`` (publish, shards). Exit status (:class:`~.common.Exit`): 0 success,
1 findings at or above ``check --fail-on`` (or a refused import, differences, a failed
handbook), 2 invalid catalog or usage error (nothing is written then). Messages meant for
officials are Chinese; each diagnostic is ``path:line:col: severity: message [code]``.

This is the only room that sees ``argparse``: library code takes plain values.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .. import __version__
from . import checking, outputs, sheets, site
from .common import Exit
from .parser import Parser, chinese


def build_parser() -> Parser:
    """The argument parser (also used to document the commands)."""
    parser = Parser(
        prog="townpowers", description="双十镇精准定向赋权知识库：目录校验、导出与生成。"
    )
    parser.add_argument(
        "--version", action="version", version=f"townpowers {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for module in (checking, sheets, outputs, site):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``townpowers`` and ``python -m townpowers``."""
    with chinese():
        args = build_parser().parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        return Exit.INTERRUPTED
    except BrokenPipeError:
        sys.stderr.close()
        return Exit.OK
    return int(result)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
