"""Machine-readable exports other programs rely on: the catalog JSON and the static JSON API.

``document`` builds the resolved records (a grant with its town, departments and supervisors;
a basis with its quoted text) and the whole-catalog document; ``api`` splits the same records
into one file per town, power and law, with JSON Schemas derived from the same shapes.

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``, ``views``.
"""
