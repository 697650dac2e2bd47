"""The site in a real browser: Debian's Chromium driven by Playwright, over HTTP on 127.0.0.1.

Screenshots go to test-artifacts/browser/. Chromium is installed by `make test`; outside CI a
machine without it skips these tests (in CI that is a failure).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ARTIFACTS

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ARTIFACTS / "browser"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (make test installs it)")
        pytest.skip("chromium is not installed; run `make test` to install it")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_home_page_loads_without_console_errors(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/index.html")
    page.wait_for_load_state("networkidle")
    assert "精准定向赋权知识库" in page.title()
    assert page.locator("h1").first.inner_text().startswith("枣庄市")
    shot(page, "home")
    assert page.errors == []


def search(page, server: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/search.html?q={query}")
    page.wait_for_function(  # the summary is written when the search has finished
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.innerText.trim().length > 0; }",
        timeout=20000,
    )
    return page.eval_on_selector_all(
        "#search-results li a", "els => els.map(e => e.getAttribute('href'))"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("宅基地审批", "generated/powers/NY-XK-001.html"),
        ("规划许可", "generated/powers/ZRZY-XK-001.html"),
        ("建设用地规划许可", "generated/powers/ZRZY-XK-006.html"),
        ("临时救助", "generated/powers/MZ-GF-002.html"),
        ("木石镇", "generated/towns/mushi.html"),
        # not indexed as one word: found only because the query is segmented in the browser
        ("木石镇临时救助", "generated/towns/mushi.html"),
        ("木石镇规划许可", "generated/towns/mushi.html"),
    ],
)
def test_compound_chinese_queries_find_the_right_pages(
    page,
    server: str,
    query: str,  # type: ignore[no-untyped-def]
    expected: str,
) -> None:
    links = search(page, server, query)
    assert any(link.startswith(expected) for link in links), links[:10]
    shot(page, f"search-{query}")
    assert page.errors == []


def test_segmented_queries_are_not_indexed_words(built_site: Path) -> None:
    """Guard for the two queries above: the index must not hold them whole."""
    import json

    raw = (built_site / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])["terms"]
    assert "木石镇临时救助" not in terms and "木石镇规划许可" not in terms
    assert {"临时救助", "审批", "木石镇", "规划许可"} <= set(terms)


def test_planning_queries_rank_planning_powers(page, server: str) -> None:  # type: ignore[no-untyped-def]
    links = [link.split("#")[0] for link in search(page, server, "规划许可")]
    planning = {f"generated/powers/ZRZY-XK-00{i}.html" for i in (1, 2, 3, 4, 6)}
    assert planning <= set(links)


def test_power_to_article_and_back(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/generated/powers/NY-XK-001.html")
    page.get_by_role("link", name="《中华人民共和国土地管理法》第六十二条").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/generated/laws/tudi-guanli-fa.html")
    assert page.url.split("#")[1] == "article-tudi-guanli-fa-a62"
    article = page.locator("#article-tudi-guanli-fa-a62")
    assert article.is_visible()
    shot(page, "article")
    section = page.locator("section", has=page.locator("#article-tudi-guanli-fa-a62")).first
    section.get_by_role("link", name="农村村民宅基地审批").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/generated/powers/NY-XK-001.html")
    assert page.errors == []


def test_town_to_power(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/generated/towns/mushi.html")
    shot(page, "town")
    page.get_by_role("link", name="乡村建设规划许可证核发（农村村民住宅建设）").first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/generated/powers/ZRZY-XK-001.html")
    assert page.locator("h1").first.inner_text().startswith("乡村建设规划许可证核发")
    shot(page, "power")
    assert page.errors == []


def test_navigation_menu_is_chinese(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/generated/powers/ZRZY-XK-001.html")
    nav = page.locator("ul.bd-navbar-elements").first.inner_text()
    for item in ("通知原文", "一镇一单", "权力事项", "法律依据"):
        assert item in nav
    assert "More" not in nav
