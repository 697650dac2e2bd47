"""A deterministic synthetic catalog of any size, for benchmarks and scale tests.

The core (districts, departments, laws, powers) is copied from a real catalog, so every synthetic
grant rests on real legal text and a real mode analysis; towns and their 一镇一单 are generated
from a seed. The same arguments always give byte-identical files, so timings compare like with
like. Grants follow the reference catalog's shape (three dated events, readiness record).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from .checks import load_catalog
from .model import Mode

CORE = ("catalog.yaml", "districts.yaml", "departments", "laws", "powers")
_NAMES = "东西南北中新安平宁丰和兴华泰康盛福寿长乐永吉祥云山河湖桥林石田"


class SynthError(Exception):
    """The source catalog cannot serve as the core."""


def _town_name(i: int) -> str:
    a, b, c = _NAMES[i % 31], _NAMES[(i // 31) % 31], _NAMES[(i // 961) % 31]
    return f"{c}{b}{a}镇"


def generate(
    out: Path, towns: int, grants: int, seed: int = 1, source: Path = Path("catalog")
) -> dict[str, int]:
    """Write a catalog with ``towns`` towns of ``grants`` grants each to ``out``.

    Returns counts of what was written. ``out`` is replaced.
    """
    cat, diagnostics = load_catalog(source)
    if cat is None:
        raise SynthError(f"源目录无效：{diagnostics[0].format() if diagnostics else source}")
    powers = sorted(cat.powers.values(), key=lambda p: p.id)
    if grants > len(powers):
        raise SynthError(f"源目录只有 {len(powers)} 个事项，每镇最多 {len(powers)} 项赋权")
    districts = sorted(cat.districts.values(), key=lambda d: d.code)
    if towns > 999 * len(districts):
        raise SynthError(
            f"每个区（市）最多 999 个镇，{len(districts)} 个区（市）最多 {999 * len(districts)} 个"
        )
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in CORE:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        else:
            shutil.copy2(src, out / name)
    (out / "departments" / "kinds.yaml").write_bytes(
        (source / "departments" / "kinds.yaml").read_bytes()
    )
    rnd = random.Random(seed)
    lines = ["# yaml-language-server: $schema=schema/towns.schema.json", "towns:"]
    catalogs = out / "catalogs"
    catalogs.mkdir()
    lawful_from = {
        law.id: law.version.in_force_from or law.version.date for law in cat.instruments.values()
    }
    written = 0
    for i in range(towns):
        district = districts[i % len(districts)]
        seq = i // len(districts) + 1
        town_id = f"t{i:05d}"
        lines += [
            f"  - id: {town_id}",
            f"    name: {_town_name(i)}",
            f'    code: "{district.code}{seq:03d}"',
            f"    district: {district.id}",
            f"    category: {'示范镇' if i % 2 == 0 else '特色镇'}",
            "    provenance: {status: 示意, note: 合成数据，用于性能测试。}",
        ]
        # rotate through the powers so that every power is granted somewhere whenever
        # towns x grants allows (a synthetic catalog should check clean, like a real one)
        start = i * grants % len(powers)
        chosen = sorted(
            (powers[(start + k) % len(powers)] for k in range(grants)), key=lambda p: p.id
        )
        body = [
            "# yaml-language-server: $schema=../schema/town-catalog.schema.json",
            f"town: {town_id}",
            "provenance:",
            "  status: 示意",
            "  note: 合成数据，用于性能测试。",
            "grants:",
        ]
        for power in chosen:
            lawful = max(lawful_from[b.law] for b in power.bases)
            live = max(dt.date(2021, 7, rnd.choice((1, 1, 5, 15))), lawful)
            asked = (
                dt.date(2021, 5, rnd.randint(6, 28))
                if live <= dt.date(2021, 7, 31)
                else (dt.date(2021, 8, rnd.randint(9, 20)))
            )
            first_batch = live <= dt.date(2021, 7, 31)
            decided = dt.date(2021, 6, 20) if first_batch else live - dt.timedelta(days=5)
            mode = power.delegation.recommended if power.delegation else Mode.REVIEW
            body += [
                f"  - power: {power.id}",
                f"    mode: {mode.value}",
                "    history:",
                "      - status: 需求提出",
                f"        date: {asked}",
                "      - status: 已确定",
                f"        date: {decided}",
                f"        document: {district.name}人民政府关于赋予{_town_name(i)}部分县级权限的通知（合成）",
                "      - status: 已实施",
                f"        date: {live}",
            ]
            if mode is not Mode.STATUTORY:
                body += [
                    "    readiness:",
                    f"      training: {decided + dt.timedelta(days=1)}",
                    f"      system_login: {decided + dt.timedelta(days=2)}",
                    f"      staff: {rnd.randint(1, 3)}",
                    f"      resident_helper: {'true' if rnd.random() < 0.4 else 'false'}",
                ]
            written += 1
        (catalogs / f"{town_id}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")
    (out / "towns.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"towns": towns, "grants": written, "powers": len(powers)}
