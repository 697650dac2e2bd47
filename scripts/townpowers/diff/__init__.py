"""``townpowers diff``: what changed between two versions of a catalog, in the catalog's terms.

``compare`` produces the changes (facts, never wording) and loads either side from a folder or
a git revision; ``report`` words and lays them out (Chinese text, JSON).

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``.
"""
