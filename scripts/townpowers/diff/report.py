"""How ``townpowers diff`` words and lays out changes: Chinese lines, grouped text, JSON.

The comparison (:mod:`townpowers.diff.compare`) produces facts; everything a reader sees is decided
here, so wording can improve without touching what is compared, and the ``kind`` codes and
detail fields of the JSON document stay the stable interface for scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..util.files import dumps
from .changes import Change

FORMAT = "townpowers-diff"
FORMAT_VERSION = 1

Line = Callable[[Mapping[str, Any]], str]


def _withdrawn(d: Mapping[str, Any]) -> str:
    how = "目录中已删除该项" if d["removed"] else f"{d['date']} 已收回"
    document = f"，{d['document']}" if d.get("document") else ""
    return f"收回 {d['power']} {d['power_name']}（{d['mode']}）：{how}{document}"


def _mode_changed(d: Mapping[str, Any]) -> str:
    when = f"（{d['date']}）" if d["date"] else ""
    return f"方式 {d['power']} {d['power_name']}：{d['old_mode']} → {d['new_mode']}{when}"


#: Chinese names of the power fields whose change is reported.
FIELD_NAMES = {
    "type": "事项类型",
    "domain": "领域",
    "owner": "实施部门",
    "approver": "审批部门",
    "level": "层级",
}


def _field_changed(d: Mapping[str, Any]) -> str:
    was, now = d["old_label"] or "（无）", d["new_label"] or "（无）"
    return f"{d['power']} {d['name']}：{FIELD_NAMES[d['field']]} {was} → {now}"


def _law(verb: str) -> Line:
    def line(d: Mapping[str, Any]) -> str:
        facts = f"{d['title']}，{d['level']}，{len(d['articles'])} 条"
        return f"{verb}法律文件《{d['short_title']}》（{facts}）"

    return line


def _version(v: Mapping[str, Any]) -> str:
    since = f"，{v['in_force_from']}施行" if v.get("in_force_from") else ""
    return f"{v['label']}（{v['date']}{since}）"


def _version_changed(d: Mapping[str, Any]) -> str:
    return f"所引版本 {_version(d['old_version'])} → {_version(d['new_version'])}"


def _words_changed(d: Mapping[str, Any]) -> str:
    parts = []
    if d["added"]:
        parts.append("增加 " + "、".join(d["added"]))
    if d["removed"]:
        parts.append("删除 " + "、".join(d["removed"]))
    return "常见说法：" + "；".join(parts)


def _codes_changed(d: Mapping[str, Any]) -> str:
    parts = []
    if d["added"]:
        parts.append("增加 " + "、".join(d["added"]))
    if d["removed"]:
        parts.append("删除 " + "、".join(d["removed"]))
    return f"部门事项编码 {d['power']} {d['name']}：" + "；".join(parts)


def _template(text: str) -> Line:
    return lambda d: text.format_map(d)


_TOWN = "镇 {town_name}（{town}，{district_name}，赋权 {grants} 项）"
_DEPARTMENT = "部门 {district_name} {department_kind_name}：{name}"

#: Per kind, in report order: the summary label, the line mark, and how the line reads.
KIND_TABLE: dict[str, tuple[str, str, Line]] = {
    "town-added": ("新增镇", "+", _template("新增" + _TOWN)),
    "town-removed": ("删除镇", "-", _template("删除" + _TOWN)),
    "grant-added": ("新增赋权", "+", _template("新增 {power} {power_name}（{mode}，{status}）")),
    "grant-withdrawn": ("收回赋权", "-", _withdrawn),
    "grant-mode-changed": ("方式调整", "~", _mode_changed),
    "grant-status-changed": (
        "状态变化",
        "~",
        _template("状态 {power} {power_name}：{old_status} → {new_status}（{date}）"),
    ),
    "grant-entrustment-changed": (
        "委托记录变化",
        "~",
        _template("委托记录 {power} {power_name}：已修改"),
    ),
    "power-added": ("新增事项", "+", _template("新增事项 {power} {name}（{type}，{domain}）")),
    "power-removed": ("删除事项", "-", _template("删除事项 {power} {name}")),
    "power-renamed": ("事项改名", "~", _template("改名 {power}：{old_name} → {new_name}")),
    "power-field-changed": ("事项属性变化", "~", _field_changed),
    "power-id-changed": (
        "事项编码变化",
        "~",
        _template("事项编码 {old_power} → {power}（{name}；文件改名，按名称对应）"),
    ),
    "power-supervision-changed": ("监管变化", "~", _template("监管 {power} {name}：{summary}")),
    "power-codes-changed": ("部门事项编码变化", "~", _codes_changed),
    "basis-added": ("新增依据", "+", _template("新增依据 {label}（{role}）")),
    "basis-removed": ("删除依据", "-", _template("删除依据 {label}（{role}）")),
    "basis-role-changed": (
        "依据作用变化",
        "~",
        _template("依据作用 {label}：{old_role} → {new_role}"),
    ),
    "law-added": ("新增法律文件", "+", _law("新增")),
    "law-removed": ("删除法律文件", "-", _law("删除")),
    "article-added": ("新增条文", "+", _template("新增条文 {article}")),
    "article-removed": ("删除条文", "-", _template("删除条文 {article}")),
    "article-text-changed": ("条文文本变化", "~", _template("条文文本变化 {article}")),
    "law-version-changed": ("版本变化", "~", _version_changed),
    "law-id-changed": (
        "法律文件标识变化",
        "~",
        _template("法律文件标识 {old_law} → {law}（《{short_title}》；文件改名，按标题对应）"),
    ),
    "department-added": ("新增部门", "+", _template("新增" + _DEPARTMENT)),
    "department-removed": ("删除部门", "-", _template("删除" + _DEPARTMENT)),
    "department-renamed": (
        "部门改名",
        "~",
        _template("部门改名 {district_name} {department_kind_name}：{old_name} → {new_name}"),
    ),
    "topic-added": ("新增主题", "+", _template("新增主题 {title}（{topic}，{steps} 步）")),
    "topic-removed": ("删除主题", "-", _template("删除主题 {title}（{topic}）")),
    "topic-step-added": ("新增步骤", "+", _template("新增步骤 {action}：{power} {power_name}")),
    "topic-step-removed": ("删除步骤", "-", _template("删除步骤 {action}：{power} {power_name}")),
    "topic-words-changed": ("常见说法变化", "~", _words_changed),
    "topic-renamed": ("主题改名", "~", _template("主题改名 {topic}：{old_title} → {title}")),
    "topic-step-changed": (
        "步骤说法变化",
        "~",
        _template("步骤 {power}：{old_action} → {action}"),
    ),
}
KINDS: tuple[str, ...] = tuple(KIND_TABLE)

#: Report sections: heading and the kinds listed under it (by prefix).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("镇", ("town-",)),
    ("赋权", ("grant-",)),
    ("权力事项", ("power-",)),
    ("法律依据", ("basis-",)),
    ("法律文件", ("law-", "article-")),
    ("部门", ("department-",)),
    ("主题服务", ("topic-",)),
)
_LAW = "《{short_title}》（{law}）"
#: Group headings: changes of these kinds are listed under their town, power or law.
GROUPS: tuple[tuple[str, str], ...] = (
    ("grant-", "{town_name}（{town}）"),
    ("basis-", "{power} {power_name}"),
    ("article-", _LAW),
    ("law-version-", _LAW),
    ("topic-step-", "{title}（{topic}）"),
    ("topic-words-", "{title}（{topic}）"),
    ("topic-step-changed", "{title}（{topic}）"),
)


def _section(kind: str) -> str:
    return next(title for title, prefixes in SECTIONS if kind.startswith(prefixes))


def group_of(kind: str, details: Mapping[str, Any]) -> str | None:
    """The heading a change is listed under (its town, power or law); ``None`` at top level."""
    template = next((t for prefix, t in GROUPS if kind.startswith(prefix)), None)
    return None if template is None else template.format_map(details)


def line_of(kind: str, details: Mapping[str, Any]) -> str:
    """The change as one line under its group heading."""
    return KIND_TABLE[kind][2](details)


def describe(kind: str, details: Mapping[str, Any]) -> str:
    """The change as one self-contained sentence (the line, prefixed by its group)."""
    group = group_of(kind, details)
    return line_of(kind, details) if group is None else f"{group}：{line_of(kind, details)}"


def summary_line(changes: Sequence[Change]) -> str:
    """共 N 处变化：新增赋权 1、收回赋权 2。 or that the catalogs are the same."""
    if not changes:
        return "两个目录没有差别。"
    counts = {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS}
    parts = [f"{KIND_TABLE[kind][0]} {n}" for kind, n in counts.items() if n]
    return f"共 {len(changes)} 处变化：{'、'.join(parts)}。"


def render_text(changes: Sequence[Change], old: str, new: str) -> str:
    """Headings per section and group, one change per line, and a summary line."""
    lines = [f"旧目录：{old}", f"新目录：{new}"]
    section: str | None = None
    group: str | None = None
    for change in changes:
        title = _section(change.kind)
        if title != section:
            lines += ["", title]
            section, group = title, None
        heading = group_of(change.kind, change.details)
        if heading is not None and heading != group:
            lines.append(f"  {heading}")
        group = heading
        indent = "    " if heading else "  "
        lines.append(f"{indent}{KIND_TABLE[change.kind][1]} {line_of(change.kind, change.details)}")
    lines += ["", summary_line(changes)]
    return "\n".join(lines) + "\n"


def render_json(changes: Sequence[Change], old: str, new: str) -> str:
    """The stable machine-readable report (fields are only added within a format version)."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "old": old,
        "new": new,
        "changes": [{"kind": c.kind, "message": c.message, **c.details} for c in changes],
        "summary": {kind: sum(1 for c in changes if c.kind == kind) for kind in KINDS},
    }
    return dumps(document)
