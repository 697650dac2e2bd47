"""Reading the catalog folder's YAML into the model, and writing catalog YAML back.

``read`` parses YAML safely with positions; ``build`` turns nodes into typed model objects,
collecting every problem at its line and column; ``load`` knows the folder layout and loads a
whole catalog (or streams its town lists); ``write`` produces catalog YAML from data (for
imports); ``edit`` changes a hand-written file in place, keeping its comments and layout; ``schemas`` derives each file kind's JSON Schema.

May import: ``util``, ``diagnostics``, ``model``. Nothing here knows about checks, pages or
spreadsheets.
"""
