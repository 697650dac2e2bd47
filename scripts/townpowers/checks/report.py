"""Check reports for people (text), programs (JSON), CI dashboards (JUnit) and GitHub (annotations).

Every format carries the same facts: the findings that count, the waived ones with the reason
written in the catalog, and a summary. Text is grouped by file and sorted by position; colour is
used only on a terminal.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from ..diagnostics import Diagnostic, Severity, registry
from ..model import Waiver
from . import CATEGORIES, RULES, CheckResult

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return (
        stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"
    )


def counts(diagnostics: Sequence[Diagnostic]) -> Counter[Severity]:
    """How many findings of each severity."""
    return Counter(d.severity for d in diagnostics)


def summary_line(result: CheckResult) -> str:
    """One line a person reads first."""
    found = result.diagnostics()
    c = counts(found)
    waived = len(result.outcome.waived)
    tail = f"，另有 {waived} 个已豁免" if waived else ""
    if not found:
        return f"检查通过：没有发现问题{tail}。"
    head = "目录无效" if not result.loaded else "检查完成"
    return (
        f"{head}：{len(found)} 个问题（错误 {c[Severity.ERROR]}、警告 {c[Severity.WARNING]}、"
        f"提示 {c[Severity.INFO]}）{tail}。"
    )


def _waiver_text(w: Waiver) -> str:
    who = "，".join(x for x in (w.by, w.date.isoformat() if w.date else None) if x)
    return f"理由：{w.reason}" + (f"（{who}）" if who else "")


def write_text(result: CheckResult, stream: TextIO) -> None:
    """Compiler-style lines grouped by file, then the waived findings, then the summary."""
    color = use_color(stream)
    last_path = None
    for d in result.diagnostics():
        if last_path is not None and d.path != last_path:
            stream.write("\n")
        last_path = d.path
        line = d.format()
        if color:
            word = f"{d.severity.word}:"
            line = line.replace(word, f"{_COLORS[d.severity]}{word}\033[0m", 1)
        stream.write(line + "\n")
    waived = result.waived()
    if waived:
        stream.write(f"\n已豁免（{len(waived)}）：\n")
        for d, w in waived:
            stream.write(f"{d.location()}: {d.message} [{d.code}]\n    {_waiver_text(w)}\n")
    if result.diagnostics() or waived:
        stream.write("\n")
    stream.write(summary_line(result) + "\n")


def _waiver_dict(w: Waiver) -> dict[str, object]:
    return {
        "rule": w.rule,
        "reason": w.reason,
        "by": w.by,
        "date": w.date.isoformat() if w.date else None,
        "path": w.loc.path,
        "line": w.loc.line,
        "column": w.loc.column,
    }


def json_document(result: CheckResult) -> dict[str, object]:
    """One record per finding, plus the waived ones and a summary."""
    found = result.diagnostics()
    c = counts(found)
    return {
        "format": "townpowers-check",
        "format_version": 1,
        "valid": result.loaded,
        "summary": {
            "errors": c[Severity.ERROR],
            "warnings": c[Severity.WARNING],
            "infos": c[Severity.INFO],
            "waived": len(result.outcome.waived),
        },
        "findings": [d.as_dict() for d in found],
        "waived": [{**d.as_dict(), "waiver": _waiver_dict(w)} for d, w in result.waived()],
    }


def write_json(result: CheckResult, stream: TextIO) -> None:
    """The JSON report."""
    stream.write(json.dumps(json_document(result), ensure_ascii=False, indent=2) + "\n")


def write_junit(result: CheckResult, stream: TextIO) -> None:
    """JUnit XML: a test suite per category, a test case per rule (failing if it found anything).

    Loader problems form a suite of their own, so a broken file shows as a failed test too.
    """
    by_code: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics():
        by_code[d.code].append(d)
    waived: dict[str, list[tuple[Diagnostic, Waiver]]] = defaultdict(list)
    for d, w in result.waived():
        waived[d.code].append((d, w))
    suites: dict[str, list[str]] = defaultdict(list)
    for code, entry in registry().items():
        rule_ = RULES.get(code)
        if rule_ is not None:
            suites[CATEGORIES[rule_.category]].append(code)
        elif code in by_code or entry.category == "豁免":
            suites["加载" if entry.category != "豁免" else "豁免"].append(code)
    root = ET.Element("testsuites", name="townpowers check")
    total = failed = 0
    for suite_name, codes in suites.items():
        suite = ET.SubElement(root, "testsuite", name=suite_name)
        s_failed = 0
        for code in codes:
            entry = registry()[code]
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"townpowers.{suite_name}",
                name=f"{code}：{entry.summary}",
            )
            problems = by_code.get(code, [])
            if problems:
                s_failed += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=problems[0].severity.word,
                    message=f"{len(problems)} 个问题：{entry.summary}",
                )
                failure.text = "\n".join(d.format() for d in problems)
            if waived.get(code):
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(
                    f"已豁免 {d.location()}: {d.message}（{_waiver_text(w)}）"
                    for d, w in waived[code]
                )
        suite.set("tests", str(len(codes)))
        suite.set("failures", str(s_failed))
        total += len(codes)
        failed += s_failed
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode") + "\n")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def write_github(result: CheckResult, stream: TextIO) -> None:
    """GitHub Actions workflow commands: one annotation per finding."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for d in result.diagnostics():
        props = [f"file={_gh_escape(d.path, True)}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.column or 1}"]
        props.append(f"title={_gh_escape(d.code, True)}")
        message = d.message + (f"\n提示：{d.hint}" if d.hint else "")
        stream.write(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(message)}\n")
    stream.write(summary_line(result) + "\n")


WRITERS = {"text": write_text, "json": write_json, "junit": write_junit, "github": write_github}


def rule_rows() -> list[tuple[str, str, str, str, str, bool]]:
    """Every rule ``--list-rules`` lists (the engine's rules and the waiver checks):
    (code, severity, category, summary, explanation, gates generation)."""
    rows = [
        (
            code,
            RULES[code].severity.word,
            CATEGORIES[RULES[code].category],
            registry()[code].summary,
            registry()[code].explanation,
            RULES[code].gate,
        )
        for code in RULES
    ]
    rows += [
        (code, e.severity.word, e.category, e.summary, e.explanation, False)
        for code, e in registry().items()
        if e.category == "豁免"
    ]
    return rows


def list_rules(stream: TextIO, as_json: bool = False) -> None:
    """The rule registry, for ``check --list-rules``."""
    rows = rule_rows()
    if as_json:
        stream.write(
            json.dumps(
                [
                    dict(
                        zip(
                            ("code", "severity", "category", "summary", "explanation", "gate"),
                            r,
                            strict=True,
                        )
                    )
                    for r in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    width = max(len(r[0]) for r in rows)
    for code, severity, category, summary, _, gate in rows:
        mark = "（阻止生成）" if gate else ""
        stream.write(f"{code:<{width}}  {severity:<7}  {category}  {summary}{mark}\n")
