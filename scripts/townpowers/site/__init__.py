"""The published site: the Sphinx extension and everything it generates and publishes.

``extension`` is what ``conf.py`` loads: it loads and checks the catalog inside the build,
reports findings as located Sphinx warnings and generates pages. ``pages`` decides which pages
exist and what each template receives (``dashboard`` and ``charts`` for progress, ``shards``
for building by district); ``rendering`` turns templates into MyST pages written only when
changed; ``names`` gives labels and cross-references; ``needs`` configures sphinx-needs;
``search`` and ``linebreaks`` make Chinese search and text work; ``publish`` swaps a finished
build into place; ``sharding`` assembles a site built in shards and checks its links.

May import: every lower room (``util`` to ``views``) and ``exports`` (the JSON API is
published with the site).
"""
