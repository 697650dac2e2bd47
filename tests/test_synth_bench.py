"""The synthetic catalog generator and the benchmarks (smoke-sized)."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from townpowers.checks import load_catalog
from townpowers.model import Mode


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_synth_is_deterministic_and_clean(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "catalog", tmp_path / "b" / "catalog"
    for out in (a, b):
        result = run_cli("synth", str(out), "--towns", "70", "--grants", "12", "--seed", "7")
        assert result.returncode == 0, result.stderr
    assert _files(a) == _files(b)
    assert len(list((a / "town-lists").glob("*.yaml"))) == 70
    serial = run_cli("check", "--jobs", "1", str(a))
    streamed = run_cli("check", "--jobs", "2", str(a))  # 70 files: the streaming path
    assert serial.returncode == streamed.returncode == 0, serial.stdout
    assert serial.stdout == streamed.stdout == "检查通过：没有发现问题。\n"


def test_synth_rejects_impossible_sizes(tmp_path: Path) -> None:
    result = run_cli("synth", str(tmp_path / "x"), "--towns", "5", "--grants", "999")
    assert result.returncode == 2 and "每镇最多" in result.stderr
    result = run_cli(
        "synth", str(tmp_path / "x"), "--towns", "5", "--grants", "50", "--powers", "45"
    )
    assert result.returncode == 2 and "每镇最多 45" in result.stderr
    result = run_cli("synth", str(tmp_path / "x"), "--towns", "5", "--powers", "10")
    assert result.returncode == 2 and "不能少于" in result.stderr


def test_synth_makes_more_powers_and_the_newer_records(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "catalog", tmp_path / "b" / "catalog"
    for out in (a, b):
        args = ("--towns", "30", "--grants", "50", "--powers", "100", "--seed", "3")
        result = run_cli("synth", str(out), *args)
        assert result.returncode == 0, result.stderr
        assert "100 个事项、1500 项赋权" in result.stdout
    assert _files(a) == _files(b)  # byte-identical for the same arguments
    checked = run_cli("check", "--fail-on", "info", str(a))
    assert checked.returncode == 0 and checked.stdout == "检查通过：没有发现问题。\n", (
        checked.stdout
    )
    cat, _ = load_catalog(a)
    reference, _ = load_catalog(ROOT / "catalog")
    assert cat is not None and reference is not None
    variants = [p for p in cat.powers.values() if p.id not in reference.powers]
    assert len(variants) == 100 - len(reference.powers) and len(cat.powers) == 100
    for power in variants:
        assert power.id.rsplit("-", 1)[1].startswith("9") and "（合成 " in power.name
        source = next(
            r
            for r in reference.powers.values()
            if power.id.startswith(r.id.rsplit("-", 1)[0] + "-") and power.name.startswith(r.name)
        )
        assert power.guide == source.guide and power.delegation == source.delegation
        assert [(x.law, x.article, x.reviewed) for x in power.bases] == [
            (x.law, x.article, x.reviewed) for x in source.bases
        ]
    granted = {g.power for c in cat.town_lists.values() for g in c.grants}
    assert granted == set(cat.powers)
    delegated = [
        g for c in cat.town_lists.values() for g in c.grants if g.mode is not Mode.STATUTORY
    ]
    assert delegated and all(g.readiness and g.readiness.contacts for g in delegated)
    assert all(g.evaluations for g in delegated)
    periods = [len(g.evaluations) for g in delegated]
    assert 1 in periods and 2 in periods
    cases = [e.cases for g in delegated for e in g.evaluations]
    assert 0 < cases.count(0) < len(cases) / 3 and max(cases) > 20
    assert any(e.complaints for g in delegated for e in g.evaluations)
    assert cat.ledger is not None
    assert {d.district for d in cat.ledger.districts} == set(cat.districts)


@pytest.mark.slow
def test_bench_quick_writes_every_step(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench" / "bench.py"),
            "--quick",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert data["machine"]["cpus"] and data["machine"]["python"] and data["machine"]["date"]
    first, check_only = data["scales"]
    assert set(first["steps"]) == {
        "floor",
        "validate",
        "check",
        "pages",
        "html",
        "noop",
        "incremental",
        "anchor",
        "handbook",
    }
    assert set(check_only["steps"]) == {"floor", "validate", "check"}
    for scale in data["scales"]:
        for figures in scale["steps"].values():
            for key in ("median_s", "min_s", "max_s", "peak_mib", "ratio_to_floor"):
                assert isinstance(figures[key], int | float) and figures[key] > 0, (key, figures)
            assert figures["min_s"] <= figures["median_s"] <= figures["max_s"]
    # the plain sphinx-needs anchor holds the same traced objects: every grant a need
    site, anchor = first["steps"]["html"], first["steps"]["anchor"]
    assert first["traced_objects"] == site["traced_objects"] == anchor["traced_objects"]
    assert first["traced_objects"] > first["grants"] > 0
    assert site["anchor_over_site"] == round(anchor["median_s"] / site["median_s"], 2)
    assert "锚点每对象（毫秒）" in result.stdout
    assert set(data["growth"]) == {"floor", "validate", "check"}
    svg = ET.parse(tmp_path / "bench.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert "全新构建网站" in ET.tostring(svg, encoding="unicode")
    assert "改一个事项后增量构建" in result.stdout and "相对下限" in result.stdout


def test_bench_check_prints_figures() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench" / "bench_check.py"),
            "--towns",
            "8",
            "16",
            "--grants",
            "10",
            "--runs",
            "1",
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "median s" in result.stdout and "µs/grant" in result.stdout
    assert "2x the towns took" in result.stdout


def test_anchor_holds_the_same_traced_objects(tmp_path: Path) -> None:
    """The anchor project: a need per town, grant, power, instrument and article, each grant
    linked to its power and its town."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench" / "anchor.py"),
            str(ROOT / "catalog"),
            str(tmp_path / "a"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    made = json.loads(result.stdout)
    cat, _ = load_catalog(ROOT / "catalog")
    assert cat is not None
    grants = sum(len(c.grants) for c in cat.town_lists.values())
    articles = sum(len(law.articles) for law in cat.instruments.values())
    assert (
        made["needs"] == len(cat.towns) + grants + len(cat.powers) + len(cat.instruments) + articles
    )
    assert made["pages"] == 1 + len(cat.towns) + len(cat.powers) + len(cat.instruments)
    town = (tmp_path / "a" / "towns" / "mushi.rst").read_text(encoding="utf-8")
    assert town.count(".. grant::") == len(cat.town_lists["mushi"].grants)
    assert "   :power: PWR_NY_XK_001\n   :town: TOWN_MUSHI" in town
