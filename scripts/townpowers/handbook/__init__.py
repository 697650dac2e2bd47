"""Printable training handbooks: one PDF per town (一镇一册) and per district department.

The notice asks districts to hold 专题培训 and hand out 业务手册 and 服务指南 so that towns
接得住、用得好. A handbook is rendered from the catalog through the Jinja2 templates in
``templates/handbook/`` (HTML with autoescaping: catalog text is always data) and typeset by
WeasyPrint (CSS paged media: A4, running headers, page numbers, a table of contents with page
numbers, working internal links and PDF bookmarks).

May import: ``util``, ``diagnostics``, ``model``, ``yamlio``, ``checks``, ``views``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..model import lawtext
from ..model.catalog import Catalog
from ..model.ids import department_id
from ..util.filenames import OutsideOutput, inside, safe_stem
from ..views import citations, wording
from ..views.relations import Views
from ..views.version import version_stamp
from . import content, diagrams
from .pdf import HandbookError, Rendered, write_pdf

__all__ = ["HandbookError", "Job", "Rendered", "build", "build_many", "jobs_for_all"]


@dataclass(frozen=True)
class Job:
    """One handbook to build: a town, or a (district, kind) department."""

    kind: str
    ident: str
    district: str | None = None

    @property
    def name(self) -> str:
        """File name stem of the PDF."""
        return self.ident if self.kind == "town" else department_id(self.district or "", self.ident)

    def output(self, folder: Path) -> Path:
        """Where the PDF goes under ``folder`` (the name sanitised: it comes from catalog ids)."""
        sub = "towns" if self.kind == "town" else "departments"
        return folder / sub / f"{safe_stem(self.name)}.pdf"


def _paragraphs(text: str) -> list[str]:
    return [p.text() for p in lawtext.paragraphs(text)]


def environment(templates: Path) -> jinja2.Environment:
    """The handbook's Jinja2 environment: HTML, autoescaped, strict."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates / "handbook")),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        zh_date=wording.zh_date,
        paragraphs=_paragraphs,
        lines=lambda text: [line for line in str(text).splitlines() if line.strip()],
    )
    return env


def render_html(cat: Catalog, views: Views, job: Job, templates: Path, docs: Path) -> str:
    """The handbook's HTML."""
    env = environment(templates)
    env.globals.update(
        cat=cat,
        meta=cat.meta,
        profile=cat.profile,
        vocab=cat.profile.vocabulary(),
        version_words=version_stamp(cat).words(),  # the version and commit it shows
        MODE_GUIDE=wording.mode_guide(cat.profile),
        guide_for=lambda power: wording.guide_for(power, cat.profile),
        is_enforcement=wording.is_enforcement,
        fee_text=wording.fee_text,  # the same words as the site's guide
        visits_text=wording.visits_text,
        MODE_SHORT=wording.mode_short(cat.profile),
        reference_label=lawtext.reference_label,
        cite_source=citations.cite_source,
        quote=cat.quote,
        power_anchor=content.power_anchor,
        basis_anchor=lambda b: content.basis_anchor(cat, b),
        route_svg=diagrams.route_svg,
        department=cat.department,
    )
    context: dict[str, Any]
    if job.kind == "town":
        context = content.town_context(cat, views, job.ident, docs)
        template = "town.html.j2"
    else:
        assert job.district is not None
        context = content.department_context(cat, views, job.district, job.ident, docs)
        template = "department.html.j2"
    return env.get_template(template).render(**context)


def build(
    cat: Catalog, job: Job, out: Path, templates: Path, docs: Path, views: Views | None = None
) -> Rendered:
    """Render one handbook to ``out`` (atomically; nothing is written on failure)."""
    html = render_html(cat, views or Views(cat), job, templates, docs)
    css = (templates / "handbook" / "handbook.css").read_text(encoding="utf-8")
    try:
        return write_pdf(html, css, out)
    except diagrams.DiagramError as exc:
        raise HandbookError(str(exc)) from exc


def jobs_for_all(cat: Catalog) -> list[Job]:
    """Every town handbook and every department handbook of a district with towns."""
    jobs = [Job("town", t) for t in cat.towns]
    with_towns = {t.district for t in cat.towns.values()}
    jobs += [
        Job("department", kind, district)
        for (district, kind) in sorted(cat.departments)
        if district in with_towns and kind in cat.kinds
    ]
    return jobs


_SHARED: tuple[Catalog, Views, Path, Path, Path] | None = None


def _build_one(job: Job) -> tuple[Job, Rendered | str]:
    assert _SHARED is not None
    cat, views, folder, templates, docs = _SHARED
    try:
        out = inside(folder, job.output(folder))  # a symlink in the folder may not lead out
        return job, build(cat, job, out, templates, docs, views)
    except (HandbookError, diagrams.DiagramError, OutsideOutput) as exc:
        return job, str(exc)
    except jinja2.TemplateNotFound as exc:
        return job, f"找不到模板 {exc.name}（模板文件夹：{templates / 'handbook'}）"
    except (jinja2.TemplateError, OSError) as exc:
        return job, f"{type(exc).__name__}: {exc}"


def build_many(
    cat: Catalog, jobs: Iterable[Job], folder: Path, templates: Path, docs: Path, workers: int = 1
) -> list[tuple[Job, Rendered | str]]:
    """Build several handbooks, in parallel processes when ``workers`` > 1.

    Returns each job with its result or its error message; one failing handbook does not stop
    the others (the caller decides the exit status).
    """
    global _SHARED
    jobs = list(jobs)
    _SHARED = (cat, Views(cat), folder, templates, docs)
    try:
        if workers <= 1 or len(jobs) < 2:
            return [_build_one(job) for job in jobs]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(_build_one, jobs))
    finally:
        _SHARED = None
