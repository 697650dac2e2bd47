"""docs/modes.md names exactly the articles the data records as giving the town its own 审核 or
决定 in a procedure (the acts statutory-act-thinned keeps a mode from leaving out)."""

from __future__ import annotations

import re

from conftest import ROOT
from townpowers.checks.run import load_catalog
from townpowers.model import Act, Capacity, Route


def test_modes_page_lists_the_statutory_acts_of_the_data() -> None:
    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    wanted = {
        f"《{law.short_title}》{article.number}"
        for law in cat.instruments.values()
        for article in law.articles
        for auth in article.authorizes
        if auth.route is Route.STATUTE
        and auth.capacity is Capacity.OWN
        and not auth.general
        and {Act.REVIEW, Act.DECIDE} & set(auth.acts)
    }
    page = (ROOT / "docs" / "modes.md").read_text(encoding="utf-8")
    start = page.index("**法律规定镇审核或决定的环节不能削减。**")
    paragraph = page[start : page.index("\n\n", start)]
    named = set(re.findall(r"《[^》]+》第[零〇一二三四五六七八九十百千]+条", paragraph))
    assert wanted, "the data records no statutory 审核 or 决定"
    assert named == wanted
