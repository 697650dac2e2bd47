"""townpowers: the 双十镇精准定向赋权 knowledge base (catalog model, checks, site generation).

The package is a house of rooms, each a subpackage whose docstring says what lives there and
what it may import; imports only run down this list (``tests/test_architecture.py``):

util < diagnostics < model < yamlio < checks < views < {exports, sheets, diff, handbook}
< {office, site} < synth < cli

See ``docs/architecture.md`` for the data flow and how to add a rule, a page, a field or a command.
"""

__version__ = "0.1.0"
