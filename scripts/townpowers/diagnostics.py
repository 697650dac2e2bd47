"""Diagnostics: one registry of codes, and the located finding every tool reports.

Every problem the loader (and later the rule engine) can report has a stable code registered
here with its severity, a one-line summary and a longer explanation, all in Chinese because the
people who fix catalogs are officials. The command line, the Sphinx build and the generated docs
page all read this one registry, so a code is documented exactly once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from .util.text import visible


class Severity(enum.IntEnum):
    """Ordered so that thresholds (``--fail-on``) compare naturally."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    @property
    def word(self) -> str:
        """The compiler-style word used in ``path:line:col: word: message``."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Code:
    """A registered diagnostic code."""

    code: str
    severity: Severity
    summary: str
    explanation: str
    category: str = "加载"


_REGISTRY: dict[str, Code] = {}


def register(
    code: str, severity: Severity, summary: str, explanation: str, category: str = "加载"
) -> Code:
    """Add a code to the registry; codes are stable, so re-registration is a programming error."""
    if code in _REGISTRY:
        raise ValueError(f"diagnostic code registered twice: {code}")
    entry = Code(code, severity, summary, explanation, category)
    _REGISTRY[code] = entry
    return entry


def registry() -> dict[str, Code]:
    """All registered codes, in registration order."""
    return dict(_REGISTRY)


def lookup(code: str) -> Code:
    """The registered entry of ``code``; unknown codes are a programming error."""
    return _REGISTRY[code]


# --- files and YAML syntax -------------------------------------------------------------------
E = Severity.ERROR
register(
    "file-unreadable",
    E,
    "文件无法读取",
    "目录或文件不存在、没有读取权限，或者是无法打开的特殊文件。检查路径和权限。",
    "文件",
)
register(
    "encoding",
    E,
    "文件不是 UTF-8 编码",
    "目录中的 YAML 文件必须以 UTF-8（无 BOM 亦可）保存。以 GBK/GB18030 保存的文件"
    "（常见于 Windows 办公环境）需要在编辑器中“另存为 UTF-8”。",
    "文件",
)
register(
    "file-too-large",
    E,
    "文件过大",
    "单个 YAML 文件超过允许的大小上限。请把内容拆分到多个文件。",
    "文件",
)
register(
    "yaml-syntax",
    E,
    "YAML 语法错误",
    "文件不是合法的 YAML：缩进、冒号、引号或列表符号有误。消息给出出错的行和列。",
    "YAML",
)
register(
    "yaml-duplicate-key",
    E,
    "同一映射中键重复",
    "同一层级出现了两个相同的键。YAML 解析器通常静默保留后一个值，"
    "这会悄悄丢失数据，因此这里作为错误处理。删除或合并其中一个。",
    "YAML",
)
register(
    "yaml-tag",
    E,
    "不允许的 YAML 标签",
    "只允许普通的文本、数字、布尔值、日期、列表和映射。`!!python/object` 等标签可能执行代码，"
    "一律拒绝。",
    "YAML",
)
register(
    "yaml-alias",
    E,
    "不允许使用锚点和别名",
    "锚点（&）和别名（*）会使同一数据出现在多处，也可能被用来构造“别名炸弹”。"
    "目录中请直接写出每一个值。",
    "YAML",
)
register(
    "yaml-too-deep",
    E,
    "嵌套层级过深",
    "目录数据不需要很深的嵌套；超过上限的嵌套通常是错误或恶意输入。",
    "YAML",
)
register("yaml-empty", E, "文件为空", "目录文件不能为空。删除该文件，或者写入应有的内容。", "YAML")

# --- shape of the data -----------------------------------------------------------------------
register(
    "missing-field",
    E,
    "缺少必填字段",
    "该对象缺少一个必填字段。各字段的含义见 catalog/schema/ 中的 JSON Schema。",
    "结构",
)
register(
    "unknown-field",
    E,
    "未知字段",
    "出现了模型中没有定义的字段，通常是拼写错误。未知字段不会被静默忽略。",
    "结构",
)
register(
    "wrong-type", E, "值的类型不对", "例如应为列表却写成了文本，或应为数字却写成了文本。", "结构"
)
register(
    "invalid-value",
    E,
    "值不在允许的范围内",
    "枚举字段只能取规定的值之一；编码、标识和日期必须符合规定的格式。",
    "结构",
)
register(
    "empty-list",
    E,
    "列表不能为空",
    "该列表至少需要一项，例如每个权力事项至少要有一条法律依据。",
    "结构",
)

# --- identities and references ---------------------------------------------------------------
register(
    "duplicate-id",
    E,
    "标识重复",
    "两个对象使用了同一个标识（不区分大小写，且连字符与下划线视为相同）。"
    "标识用作网页地址和追溯编号，必须唯一。",
    "引用",
)
register(
    "unknown-ref",
    E,
    "引用了不存在的对象",
    "引用的标识在目录中找不到：可能是拼写错误，或者被引用的对象尚未录入。",
    "引用",
)
register(
    "inconsistent",
    E,
    "数据前后矛盾",
    "两处数据相互矛盾，例如镇的统计代码与所属区（市）的代码不符、状态日期倒序。",
    "引用",
)


@dataclass(frozen=True, slots=True)
class Subject:
    """An object a finding is about, by name and place (not the object itself: diagnostics
    cross process boundaries when a province is checked in parallel, and a writer needs only
    to find which of its records a finding concerns)."""

    kind: str  # the model class (``PowerFile``, ``Grant``, ``Basis`` …)
    id: str  # its identifier; a grant's is the power it grants; "" when it has none
    path: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, located in a catalog file (line and column are 1-based).

    ``subjects`` are the objects a rule's finding names (empty for loader findings); they do
    not take part in comparisons or in any report format, so reports stay as they were.
    """

    code: str
    message: str
    path: str
    line: int = 0
    column: int = 0
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)
    subjects: tuple[Subject, ...] = field(default=(), compare=False, repr=False)

    @classmethod
    def make(
        cls,
        code: str,
        message: str,
        path: str | Path,
        line: int = 0,
        column: int = 0,
        hint: str = "",
        subjects: tuple[Subject, ...] = (),
    ) -> Diagnostic:
        """Build a diagnostic whose severity comes from the registry."""
        return cls(code, message, str(path), line, column, hint, lookup(code).severity, subjects)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, so reports read top to bottom."""
        return (self.path, self.line, self.column, self.code, self.message)

    def location(self) -> str:
        """``path:line:col`` (or less, when the position is unknown)."""
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path

    def format(self) -> str:
        """The compiler-style one-line form, with the hint on a second line."""
        text = f"{self.location()}: {self.severity.word}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return visible(text)  # a control character from a file is shown escaped, never run

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form (one record per finding)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.word,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }
