"""Spreadsheets: reading cell grids from files, writing workbooks, the lossless catalog tables.

``grid`` holds the cell grid, its places and the located issues (and registers the
spreadsheet diagnostic codes); ``read`` turns any spreadsheet file into grids (or a Chinese
message saying why it cannot); ``write`` writes office-ready workbooks and CSV; ``cells`` types a cell by its field;
``tables`` lays the whole catalog out as tables, losslessly (``sheetnames`` names their sheets in
Chinese), and ``tableread`` reads them back;
``workbooks`` puts these together for export and for importing a catalog workbook into a new
folder, ``merge`` for importing an edited one back into its catalog (only what changed); ``xls``
reads old Excel 97-2003 files into the same grids; ``attachment`` writes each town's 一镇一单 as
the formal Word attachment, from the same rows as the spreadsheet (``views.townlist``). Both
imports write the catalog through a changeset (``changes``).

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``, ``views``, ``changes``.
"""
