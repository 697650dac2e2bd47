"""HTML -> PDF with WeasyPrint, where every rendering problem fails the handbook.

WeasyPrint reports problems (a broken internal link, an unknown CSS property, an image it cannot
load, a missing font) as log warnings and writes the PDF anyway. A trainer printing a handbook
must not get one with a dead table of contents, so every warning is collected and turned into an
error, and the PDF is only written, atomically, when there was none.

The PDF is tagged (PDF/UA-1, see :data:`PDF_VARIANT`): without a structure tree and a document
language a screen reader reads a handbook as loose glyphs in an unknown language.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import weasyprint

from ..util.files import UMASK

#: Tagged PDF for screen readers: PDF/UA-1 (WeasyPrint >= 61) writes the structure tree, marks
#: the document's language (from ``<html lang="zh-CN">``) and asks viewers to show the title.
PDF_VARIANT = "pdf/ua-1"


class HandbookError(Exception):
    """The handbook could not be rendered cleanly (nothing was written)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class Rendered:
    """A written PDF: where, and how many pages."""

    path: Path
    pages: int


def write_pdf(html: str, css: str, out: Path, base_url: str | None = None) -> Rendered:
    """Render ``html`` with ``css`` to ``out``; raise :class:`HandbookError` on any problem."""
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress")]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url).render(
            stylesheets=[weasyprint.CSS(string=css)]
        )
        if collect.messages:
            raise HandbookError("；".join(dict.fromkeys(collect.messages)))
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        try:
            document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
            # mkstemp makes the file private (0600); a published handbook is read by others
            Path(tmp).chmod(0o666 & ~UMASK)
            if collect.messages:
                raise HandbookError("；".join(dict.fromkeys(collect.messages)))
            Path(tmp).replace(out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Rendered(out, len(document.pages))
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
