"""Safe YAML reading that keeps positions and refuses what would silently lose or invent data.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys, expands aliases (the
"billion laughs" bomb) and throws away line numbers. The catalog needs the opposite: every value
located, every surprise reported. So files are only *composed* (libyaml's C parser when present,
which is also fast) into a node tree, and the tree is checked here before the model ever sees it.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic

try:  # libyaml is an order of magnitude faster; the pure-Python loader gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 32 * 1024 * 1024

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
ALLOWED_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})

_PYYAML_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（可能缩进有误，或文本中的冒号需要加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found a tab character that violates indentation": "出现了制表符（Tab）；YAML 只能用空格缩进",
    "did not find expected key": "这里应当是一个键（可能缩进不一致）",
    "did not find expected '-' indicator": "这里应当是列表项“- ”（可能缩进不一致）",
    "found unexpected end of stream": "文件意外结束（可能有未闭合的引号或括号）",
    "found undefined alias": "使用了未定义的别名",
    "exceeded maximum nesting depth": "嵌套层级过深",
    "found character that cannot start any token": "出现了不能作为值开头的字符（如 @、`，需要加引号）",
    "found unknown escape character": "双引号文本中出现了未知的转义字符（反斜杠）",
    "expected <document start>, but found '<block mapping start>'": "文档结构不正确",
    "found unexpected ':'": "出现了多余的冒号",
    "expected a single document in the stream": "一个文件只能包含一个 YAML 文档（不要使用“---”分隔多个文档）",
    "while scanning a quoted scalar": "引号没有闭合",
}


@dataclass(frozen=True, slots=True)
class YamlFile:
    """A composed, checked YAML file: its display path and root node."""

    path: str
    root: Node
    #: Whether the text has an ``&``: without one there is no anchor, so no alias can occur
    #: and the builder may skip its per-node alias bookkeeping (a tenth of a province's load).
    anchored: bool = True


def pos(node: Node) -> tuple[int, int]:
    """1-based (line, column) of a node's start."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _decode(data: bytes, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (BOM allowed); name GBK files explicitly because offices produce them."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1  # characters
        hint = "用编辑器以 UTF-8 编码重新保存该文件。"
        message = f"文件不是合法的 UTF-8 编码（第 {exc.start + 1} 个字节）"
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if re.search(rb"[\x81-\xfe][\x40-\xfe]", data):
                message = "文件似乎是 GBK/GB18030 编码，而目录要求 UTF-8"
                hint = "在编辑器中选择“另存为”，编码选 UTF-8；或运行 iconv -f GB18030 -t UTF-8。"
        return None, [Diagnostic.make("encoding", message, display, line, column, hint)]


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, text: str, display: str) -> Diagnostic:
    """Translate a PyYAML error into a located Chinese message (keeping the original words).

    libyaml and the pure-Python parser word some problems differently; both are covered. A tab
    is named as such, because it is the commonest cause and neither parser says so clearly.
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    problem = (exc.problem or exc.context or "").strip()
    zh = next((v for k, v in _PYYAML_PROBLEMS.items() if problem.startswith(k)), None)
    if mark is not None and "cannot start any token" in problem:
        lines = text.splitlines()
        if 0 <= mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
            zh = "出现了制表符（Tab）；YAML 只能用空格缩进"
    if zh is None and exc.context:
        zh = next((v for k, v in _PYYAML_PROBLEMS.items() if exc.context.startswith(k)), None)
    message = f"YAML 语法错误：{zh}（{problem}）" if zh else f"YAML 语法错误：{problem}"
    return Diagnostic.make("yaml-syntax", message, display, line, column)


def read_yaml(path: Path, display: str | None = None) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Read and compose one YAML file; return the checked tree or the reasons it is unusable."""
    shown = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the read forever
            return None, [
                Diagnostic.make(
                    "file-unreadable",
                    "不是普通文件（可能是文件夹、管道或设备），无法作为目录文件读取",
                    shown,
                )
            ]
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Diagnostic.make(
                    "file-too-large", f"文件有 {size} 字节，超过上限 {MAX_FILE_BYTES} 字节", shown
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic.make("file-unreadable", f"无法读取文件：{exc.strerror}", shown)]
    return parse_yaml(data, shown)


def parse_yaml(data: bytes, display: str) -> tuple[YamlFile | None, list[Diagnostic]]:
    """Compose YAML bytes into a node tree (see :func:`read_yaml`).

    Only syntax is checked here. Tags, duplicate keys and aliases are checked by the model
    builder while it walks the tree (one pass instead of two; the builder is where the time goes
    for a province-sized catalog).
    """
    text, problems = _decode(data, display)
    if text is None:
        return None, problems
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [
            Diagnostic.make("encoding", "文件中含有空字符（NUL），不是文本文件", display, line, 1)
        ]
    commas: list[Diagnostic] = []
    while True:
        loader = _FastLoader(text)
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mended = _mend_wide_comma(exc, text)
            if mended is None or len(commas) >= MAX_WIDE_COMMAS:
                return None, [*commas, _syntax_diagnostic(exc, text, display)]
            text, (line, column) = mended
            commas.append(_wide_comma_diagnostic(display, line, column))
            continue
        except yaml.YAMLError as exc:  # reader errors (control characters) carry no problem_mark
            return None, [*commas, Diagnostic.make("yaml-syntax", f"YAML 语法错误：{exc}", display)]
        except RecursionError:  # only the pure-Python composer recurses; libyaml caps depth
            return None, [Diagnostic.make("yaml-too-deep", "嵌套层级过深", display, 1, 1)]
        finally:
            loader.dispose()
        break
    if root is None or is_null(root):
        return None, [*commas, Diagnostic.make("yaml-empty", "文件没有内容", display, 1, 1)]
    return YamlFile(display, root, "&" in text), commas


#: Full-width commas mended in one file before giving up (each costs one more parse).
MAX_WIDE_COMMAS = 50
_FLOW_END_PROBLEMS = ("did not find expected ',' or", "expected ',' or")


def _mend_wide_comma(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, tuple[int, int]] | None:
    """The text with the full-width comma that broke a flow collection made ASCII, and where.

    A Chinese input method types "，" between ``{name: 王某，role: 科员}``: YAML reads
    "王某，role" as one word and then stumbles on the colon. The comma is the last "，" between
    the collection's start and the point of failure. Replacing it by "," (one character for one,
    so every later line and column stays right) lets the rest of the file be read, so its other
    problems are reported in the same run; the comma itself stays an error.
    """
    problem = exc.problem or ""
    start, end = exc.context_mark, exc.problem_mark
    if start is None or end is None or not problem.startswith(_FLOW_END_PROBLEMS):
        return None
    lines = text.split("\n")
    offsets = [0]
    for line_text in lines:
        offsets.append(offsets[-1] + len(line_text) + 1)
    if end.line >= len(lines):
        return None
    first = offsets[start.line] + start.column
    at = text.rfind("，", first, offsets[end.line] + end.column + 1)
    if at < 0:
        return None
    line = text.count("\n", 0, at)
    return text[:at] + "," + text[at + 1 :], (line + 1, at - offsets[line] + 1)


def _wide_comma_diagnostic(display: str, line: int, column: int) -> Diagnostic:
    return Diagnostic.make(
        "yaml-syntax",
        "YAML 语法错误：花括号或方括号中的各项用了全角逗号“，”分隔，YAML 只认半角逗号“,”",
        display,
        line,
        column,
        hint="把这个“，”改为半角逗号加空格“, ”；如果逗号是文字的一部分，给整个值加引号。",
    )


class _FastLoader(_Loader):
    """Composer that skips implicit tag resolution.

    PyYAML calls a Python regex resolver for every scalar; the model builder types scalars by
    the field they fill, so plain scalars are left untyped here (a third less parse time, and no
    `no` -> False surprises). Explicit tags (``!!python/object``) are still recorded and rejected.
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return _DEFAULT_TAG[kind]

    # The composer calls these two hooks for every node; they only matter for path resolvers,
    # which this loader has none of. C builtins that accept the same arguments and do nothing
    # observable are cheaper than Python no-ops (8% of compose time on a province catalog).
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


_DEFAULT_TAG: dict[type, str] = {ScalarNode: STR, SequenceNode: SEQ, MappingNode: MAP}
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NULLS = NULLS
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def is_plain(node: Node) -> bool:
    """Whether a scalar was written without quotes or block style (so YAML would type it)."""
    return isinstance(node, ScalarNode) and not node.style and node.tag == STR


def is_null(node: Node) -> bool:
    """A plain null (``~``, ``null`` or nothing) or an explicit ``!!null``."""
    if not isinstance(node, ScalarNode):
        return False
    return node.tag == NULL or (is_plain(node) and node.value in _NULLS)


def scalar_kind(node: ScalarNode) -> str:
    """What YAML 1.1 would have made of a scalar: null, bool, int, float, date or str."""
    if node.tag != STR:
        return {NULL: "null", BOOL: "bool", INT: "int", FLOAT: "float", TIMESTAMP: "date"}.get(
            node.tag, "str"
        )
    if not is_plain(node):
        return "str"
    value = node.value
    if value in _NULLS:
        return "null"
    if value.lower() in ("true", "false", "yes", "no", "on", "off"):
        return "bool"
    if _INT.fullmatch(value):
        return "int"
    if _FLOAT.fullmatch(value):
        return "float"
    if _DATE.match(value):
        return "date"
    return "str"
