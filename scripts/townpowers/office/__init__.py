"""Importing a department's 权责清单 as offices write it, and the template they fill in.

The route of one row runs down, never back up: ``run`` (the import as a whole: all rows or
nothing, staged and checked) -> ``plan`` (each row as the power item it creates or updates) ->
``mapping`` (types, departments, citations, measures resolved against the catalog) ->
``read`` (headers, merged cells and section rows into records) -> ``columns`` (the header
dialects of published lists, in one table). ``codes`` keeps the offices' own item codes per
district and matches rows on them; ``errorbook`` writes the office's workbook back with every
problem at its cell. ``template`` writes the workbook offices fill in, from the same column
definitions.

May import: every lower room and ``sheets`` (cell grids, writing workbooks).
"""
