"""Which pages the site has, and the data each template receives.

This module decides *what* is generated from the catalog; :mod:`townpowers.rendering` decides
*how* it is written. Keeping the page list in one function makes it easy to see (and test) that
every catalog object gets its page.
"""

from __future__ import annotations

from collections import Counter

import jinja2

from .loading import Catalog
from .model import Domain, Mode
from .rendering import Page


def generate(cat: Catalog, env: jinja2.Environment) -> list[Page]:
    """All generated pages for ``cat``."""
    grants = list(cat.grants())
    mode_counts = Counter(g.current_mode for _, g in grants)
    domain_counts = Counter(cat.powers[g.power].domain for _, g in grants)
    context = {
        "cat": cat,
        "meta": cat.meta,
        "districts": list(cat.districts.values()),
        "towns": list(cat.towns.values()),
        "powers": sorted(cat.powers.values(), key=lambda p: (p.domain.name, p.id)),
        "instruments": list(cat.instruments.values()),
        "grant_count": len(grants),
        "modes": [(m.value, mode_counts.get(m, 0)) for m in Mode],
        "domains": [(d.value, domain_counts.get(d, 0)) for d in Domain],
    }
    return [Page("overview.md", env.get_template("overview.md.j2").render(context))]
