"""Milestones of the notice as of a reference date (工作台账), and the usage evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from townpowers.checks import load_catalog
from townpowers.model import Grant, GrantStatus, Mode, StatusEvent, progress
from townpowers.model.progress import State, Step
from townpowers.site.dashboard import Dashboard, status_cell
from townpowers.views.relations import Views

D = dt.date
DUE = D(2021, 7, 31)

# (due, done, reference date) -> state
JUDGE_CASES = [
    (DUE, D(2021, 7, 31), D(2021, 8, 1), State.ON_TIME),
    (DUE, D(2021, 8, 3), D(2021, 9, 1), State.LATE),
    (DUE, None, D(2021, 8, 1), State.OVERDUE),
    (DUE, None, DUE, State.PENDING),
    (DUE, D(2021, 9, 1), D(2021, 8, 15), State.OVERDUE),  # done after the reference date
    (None, D(2021, 5, 1), D(2021, 8, 1), State.DONE),
    (None, None, D(2021, 8, 1), State.OPEN),
]


@pytest.mark.parametrize(("due", "done", "ref", "state"), JUDGE_CASES)
def test_judge(due: dt.date | None, done: dt.date | None, ref: dt.date, state: State) -> None:
    assert progress.judge(due, done, ref) is state


def grant(*events: tuple[GrantStatus, dt.date]) -> Grant:
    return Grant(
        power="X",
        mode=Mode.DIRECT,
        history=tuple(StatusEvent(status=s, date=d, document="文") for s, d in events),
    )


R, C, F, W = GrantStatus.REQUESTED, GrantStatus.DECIDED, GrantStatus.IN_FORCE, GrantStatus.WITHDRAWN
FIRST = grant((R, D(2021, 5, 10)), (C, D(2021, 6, 20)), (F, D(2021, 7, 1)))
LATE = grant((R, D(2021, 5, 10)), (C, D(2021, 6, 20)), (F, D(2021, 8, 9)))
OPEN = grant((R, D(2021, 5, 10)), (C, D(2021, 6, 20)))
LATER_BATCH = grant((R, D(2021, 8, 10)))  # asked for after the deadline: not in the first batch
GONE = grant((R, D(2021, 5, 10)), (W, D(2021, 6, 1)))

# (step, grants, reference date) -> (state, date)
DERIVED_CASES = [
    (Step.IN_FORCE, [FIRST], D(2021, 8, 1), State.ON_TIME, D(2021, 7, 1)),
    (Step.IN_FORCE, [FIRST, LATE], D(2021, 9, 1), State.LATE, D(2021, 8, 9)),
    (Step.IN_FORCE, [FIRST, LATE], D(2021, 8, 5), State.OVERDUE, None),
    (Step.IN_FORCE, [FIRST, OPEN], D(2021, 7, 20), State.PENDING, None),
    (Step.DECIDED, [FIRST, OPEN], D(2021, 8, 1), State.ON_TIME, D(2021, 6, 20)),
    (Step.IN_FORCE, [FIRST, LATER_BATCH, GONE], D(2021, 9, 1), State.ON_TIME, D(2021, 7, 1)),
    (Step.DECIDED, [], D(2021, 8, 1), State.OVERDUE, None),
]


@pytest.mark.parametrize(("step", "grants", "ref", "state", "date"), DERIVED_CASES)
def test_derived(
    step: Step, grants: list[Grant], ref: dt.date, state: State, date: dt.date | None
) -> None:
    status = progress.derived(step, grants, DUE, ref)
    assert (status.state, status.date) == (state, date)


def test_reference_ledger() -> None:
    cat, diagnostics = load_catalog(ROOT / "catalog")
    assert diagnostics == [] and cat is not None
    dash = Dashboard(Views(cat))
    assert [dp.district.label for dp in dash.ledger] == list(cat.districts)
    assert sum(len(dp.towns) for dp in dash.ledger) == len(cat.towns)
    assert dash.attention() == []
    yicheng = next(dp for dp in dash.ledger if dp.district.label == "yicheng")
    report = yicheng.district.statuses[-1]
    assert (report.step, report.state, report.days_late) == (Step.REPORT, State.LATE, 3)
    assert "晚 3 天" in status_cell(report)
    # every town with an in-force grant is evaluated; unused = in force with zero cases
    for ev in dash.evaluations:
        for row in ev.unused:
            assert sum(e.cases for e in row.grant.evaluations) == 0
        assert ev.used + len(ev.unused) + len(ev.unevaluated) == len(ev.rows)
    assert sum(len(ev.unused) for ev in dash.evaluations) > 0


def test_charts_are_wellformed_svg_with_escaped_text() -> None:
    import xml.etree.ElementTree as ET

    from townpowers.site import charts

    svg = charts.stacked_bars(
        "标题<script>", "说明&", [charts.Bar("甲镇<b>", (("已实施", 3, charts.GREEN),))]
    )
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "甲镇<b>" in texts and "<script>" not in svg


def test_town_charts_stay_readable_for_a_province(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from townpowers import synth
    from townpowers.site.dashboard import MAX_TOWN_BARS

    synth.generate(tmp_path / "catalog", 100, 5, 1, ROOT / "catalog")
    cat, diagnostics = load_catalog(tmp_path / "catalog")
    assert cat is not None, diagnostics
    charts = {p.path: p.text for p in Dashboard(Views(cat)).charts()}
    for name in ("_charts/status-by-town.svg", "_charts/usage-by-town.svg"):
        svg = charts[name]
        assert f"{MAX_TOWN_BARS} 个镇（共 100 个）" in svg
        height = float(svg.split('height="', 1)[1].split('"', 1)[0])
        assert height < 60 + 26 * (MAX_TOWN_BARS + 2)


def test_statutory_town_powers_are_not_part_of_the_empowerment() -> None:
    """A statutory town power (法定本级) is the town's by law: no deadline applies to it, its
    in-force date (years before the notice) does not stretch the charts, and it is not evaluated
    as a granted power."""
    statutory = Grant(
        power="NY-XK-001",
        mode=Mode.STATUTORY,
        history=(StatusEvent(status=GrantStatus.IN_FORCE, date=D(2020, 1, 1)),),
    )
    granted = Grant(
        power="MZ-GF-001",
        mode=Mode.REVIEW,
        history=(
            StatusEvent(status=GrantStatus.REQUESTED, date=D(2021, 5, 10)),
            StatusEvent(status=GrantStatus.IN_FORCE, date=D(2021, 7, 1)),
        ),
    )
    assert progress.first_batch([statutory, granted], DUE) == [granted]
    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    dash = Dashboard(Views(cat))
    start, _end = dash._span()
    assert start == cat.meta.notice.date  # not 2017, when a statutory power took effect
    evaluated = {r.grant.current_mode for ev in dash.evaluations for r in ev.rows}
    assert Mode.STATUTORY not in evaluated
    timeline = {e.what: e.date for e in Views(cat).timeline()}
    assert timeline["最早的用权需求提出"] >= cat.meta.notice.date
