"""Small shared utilities with no knowledge of the catalog: files written atomically, CJK text.

Everything above may import from here; nothing here imports from the rest of the package.
"""
