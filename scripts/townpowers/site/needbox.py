"""The need boxes as valid HTML with Chinese punctuation.

sphinx-needs' ``<<meta_links_all()>>`` returns one ``line`` per link type, and its layout engine
puts whatever a layout function returns into an ``inline``: the HTML is a ``div`` (each link
line) inside a ``span``, which the HTML standard forbids (the Nu validator reports it on every
need page). Its labels and separators are ASCII ("法律依据: A, B"), which a Chinese page should
not show. Both are fixed on the resolved doctree, after sphinx-needs has built the box and
resolved the links (``doctree-resolved`` at a later priority): the nested lines are lifted out
of their ``inline`` into the box's line block, "名称: " becomes "名称：" and the ", " between
links becomes "、". Nothing else of the box changes, so the layout stays sphinx-needs' own.
"""

from __future__ import annotations

from docutils import nodes

#: The separator sphinx-needs puts between the links of one link type.
_ASCII_SEPARATOR = ", "


def tidy_need_boxes(doctree: nodes.document) -> None:
    """Lift nested link lines out of their inline and use Chinese punctuation in them."""
    for block in list(doctree.findall(nodes.line_block)):
        if "needs_meta" not in block["classes"]:
            continue
        for line in list(block.children):
            nested = [n for n in line.findall(nodes.line) if n is not line]
            if nested:
                block.replace(line, nested)
        for line in block.findall(nodes.line):
            _chinese_punctuation(line)


def _chinese_punctuation(line: nodes.line) -> None:
    """The label's ": " as "：", and the link separators ", " as "、"."""
    for text in list(line.findall(nodes.Text)):
        value = str(text)
        if value == _ASCII_SEPARATOR:
            new = "、"
        elif value.endswith(": ") and isinstance(text.parent, nodes.line | nodes.inline):
            new = value[:-2] + "："
        else:
            continue
        text.parent.replace(text, nodes.Text(new))
