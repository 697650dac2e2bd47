"""The builder's fast paths (plain decimals, ISO dates, files without anchors) must give exactly
the values and the messages of the general path they short-cut."""

from __future__ import annotations

import datetime as dt

import pytest

from townpowers.model.grants import Readiness
from townpowers.yamlio.build import Builder
from townpowers.yamlio.read import parse_yaml


def _build(text: str) -> tuple[Readiness | None, list[str]]:
    parsed, problems = parse_yaml(text.encode("utf-8"), "r.yaml")
    assert parsed is not None and not problems
    builder = Builder("r.yaml", aliases=parsed.anchored)
    built = builder.build(Readiness, parsed.root)
    return built, [f"{d.line}:{d.column} {d.code} {d.message}" for d in builder.diagnostics]


@pytest.mark.parametrize(
    ("text", "staff"),
    [("staff: 3", 3), ("staff: 0", 0), ("staff: 100", 100), ("staff: +7", 7), ("staff: 1_0", 10)],
)
def test_integers(text: str, staff: int) -> None:
    built, messages = _build(text)
    assert messages == [] and built is not None and built.staff == staff


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("staff: 007", "1:8 wrong-type “staff”应为整数，实际是文本“007”"),
        ("staff: 101", "1:8 invalid-value “staff”的值 101 超出范围（0～100）"),
        ("staff: '3'", "1:8 wrong-type “staff”应为整数，实际是文本“3”"),
        ("staff: ３", "1:8 wrong-type “staff”应为整数，实际是文本“３”"),
        ("staff: " + "9" * 5000, "1:8 wrong-type “staff”应为十进制整数"),
    ],
)
def test_integer_errors(text: str, message: str) -> None:
    built, messages = _build(text)
    assert built is None and [m[: len(message)] for m in messages] == [message]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("training: 2021-07-01", dt.date(2021, 7, 1)),
        ("training: '2021-07-01'", dt.date(2021, 7, 1)),
        ("training: 2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_dates(text: str, date: dt.date) -> None:
    built, messages = _build(text)
    assert messages == [] and built is not None and built.training == date


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("training: 2021-02-30", "1:11 invalid-value “training”不是有效日期：“2021-02-30”"),
        ("training: 2021-W01-1", "1:11 invalid-value “training”应为 YYYY-MM-DD 格式的日期"),
        ("training: 20210701", "1:11 invalid-value “training”应为 YYYY-MM-DD 格式的日期"),
        ("training: 2021-7-1", "1:11 invalid-value “training”应为 YYYY-MM-DD 格式的日期"),
        ("training: 2021-07-01T08", "1:11 invalid-value “training”应为 YYYY-MM-DD 格式的日期"),
    ],
)
def test_date_errors(text: str, message: str) -> None:
    built, messages = _build(text)
    assert built is None and [m[: len(message)] for m in messages] == [message]


def test_files_without_anchors_skip_alias_tracking_and_files_with_them_do_not() -> None:
    parsed, _ = parse_yaml("staff: 1\nnote: 甲&乙\n".encode(), "r.yaml")
    assert parsed is not None and parsed.anchored  # any & turns tracking on, harmlessly
    built, messages = _build("staff: 1\nnote: 甲&乙\n")
    assert messages == [] and built is not None and built.note == "甲&乙"
    plain, _ = parse_yaml(b"staff: 1\n", "r.yaml")
    assert plain is not None and not plain.anchored
    built, messages = _build("contacts:\n  - &c {name: 王某, role: 窗口, phone: '1'}\n  - *c\n")
    assert built is None and any("yaml-alias" in m for m in messages)


def test_null_and_blank_text() -> None:
    for text in ("note: ''", "note: '  '", "note: |\n  \n"):
        built, messages = _build(text)
        assert built is None and messages and "不能为空" in messages[0], (text, messages)
    built, messages = _build("note: ~")
    assert messages == [] and built is not None and built.note is None
