"""What machines and assistive technology read: needs.json, the need boxes' HTML (issue 23)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: HTML elements that may hold only phrasing content (no ``div``, ``p``, ``table``...);
#: ``a`` is transparent (it may hold a ``p`` where its parent may), so it is not listed.
_PHRASING = {"span", "strong", "em", "b", "i", "code", "small", "label", "abbr"}
_FLOW = {"div", "p", "table", "ul", "ol", "dl", "section", "blockquote", "pre", "h1", "h2"}
_VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}


class _Nesting(HTMLParser):
    """Records every flow element opened inside a phrasing element (invalid HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FLOW and any(t in _PHRASING for t in self.stack):
            self.bad.append(f"{tag} in {'>'.join(self.stack[-4:])} at {self.getpos()}")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def _needs(built_site: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((built_site / "needs.json").read_text(encoding="utf-8"))
    version = data["versions"][data["current_version"]]
    needs: dict[str, dict[str, Any]] = version["needs"]
    return needs


def test_needs_json_text_has_no_markdown_escapes(built_site: Path) -> None:
    escaped = re.compile(r"\\[!-/:-@\[-`{-~]")
    found = [
        (need_id, field, value)
        for need_id, need in _needs(built_site).items()
        for field in ("title", "content", "section_name")
        if isinstance(value := need.get(field), str) and escaped.search(value)
    ]
    assert found == []
    power = _needs(built_site)["PWR_FG_QT_001"]
    assert "FG-QT-001" in power["content"]


def test_needs_carry_tags_and_status_to_filter_on(built_site: Path) -> None:
    needs = _needs(built_site)
    power = needs["PWR_ZRZY_XK_001"]
    assert power["tags"] == ["行政许可", "城镇规划建设", "县级"]
    assert power["status"] == "已赋予"
    by_type: dict[str, set[str]] = {}
    for need in needs.values():
        by_type.setdefault(need["type"], set()).add(need["status"] or "")
        assert need["type"] in ("kind",) or need["tags"], need["id"]
    assert by_type["power"] <= {"已赋予", "未赋予", "依据已修改"}
    assert by_type["article"] <= {"已核对原文", "转引未核对", "未核实"}
    assert "" not in by_type["power"] | by_type["article"] | by_type["town"] | by_type["dept"]


def test_need_pages_are_valid_html_and_their_boxes_use_chinese_punctuation(
    built_site: Path,
) -> None:
    pages = [
        built_site / "generated" / "powers" / "ZRZY-XK-001.html",
        built_site / "generated" / "laws" / "chengxiang-guihua-fa.html",
        built_site / "generated" / "towns" / "mushi.html",
        next((built_site / "generated" / "departments").rglob("*.html")),
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        parser = _Nesting()
        parser.feed(html)
        assert parser.bad == [], page
        boxes = re.findall(r'<div class="needs_meta line-block">(.*?)</td>', html, re.S)
        assert boxes, page
        for box in boxes:
            text = re.sub(r"<[^>]+>", "", box)
            assert ": " not in text and ", " not in text, (page, text)
    power = pages[0].read_text(encoding="utf-8")
    assert "法律依据：" in power and "》第四十一条</a>、" in power
