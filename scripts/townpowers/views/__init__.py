"""What readers see besides the objects themselves, shared by the site and the handbooks.

``relations`` computes the links in both directions (article -> powers, power -> towns,
department -> grants ...); ``wording`` holds the sentences that explain modes and dates;
``edition`` decides what the public edition may show; ``townlist`` lays a town's 一镇一单 out as
published (the spreadsheet and the Word attachment share its rows); ``amendments`` shows a
law's versions, what an amendment changed and which bases await review; ``reviewqueue`` plans
what a review confirms (the stamps themselves are written by ``changes.stamping``). None of it knows
Sphinx, Markdown or HTML, so a printed handbook and a web page say the same thing.

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``.
"""
