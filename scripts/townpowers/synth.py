"""A deterministic synthetic catalog of any size, for benchmarks and scale tests.

The core (districts, departments, laws, powers) is copied from a real catalog, so every synthetic
grant rests on real legal text and a real mode analysis. More powers than the source has are
*variants* of real ones (same bases, delegation, supervision and guide text, a new id and name),
so a large catalog's pages and checks do the same work per power as the real ones. Towns, their
一镇一单 (history, readiness with contacts, evaluations) and the work ledger are generated from a
seed. The same arguments always give byte-identical files, so timings compare like with like.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .checks import load_catalog
from .checks.authority import authority
from .checks.delegation import review_approval_grounds
from .model import Condition, District, Mode, PowerFile, PowerType
from .model.catalog import Catalog

CORE = ("catalog.yaml", "profile.yaml", "districts.yaml", "departments", "laws", "powers")
_NAMES = "东西南北中新安平宁丰和兴华泰康盛福寿长乐永吉祥云山河湖桥林石田"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
#: Enforcement powers are used far less often than licences (a town handles few penalties).
_ENFORCEMENT = frozenset({PowerType.PENALTY, PowerType.COERCION, PowerType.INSPECTION})
_PROVENANCE = "    provenance: {status: 示意, note: 合成数据，用于性能测试。}"


class SynthError(Exception):
    """The source catalog cannot serve as the core, or the size is impossible."""


@dataclass(frozen=True, slots=True)
class _Power:
    """A power the synthetic towns can be granted: a real one or a variant of one."""

    id: str
    source: PowerFile

    @property
    def enforcement(self) -> bool:
        return self.source.type in _ENFORCEMENT


def _town_name(i: int) -> str:
    a, b, c = _NAMES[i % 31], _NAMES[(i // 31) % 31], _NAMES[(i // 961) % 31]
    return f"{c}{b}{a}镇"


def generate(
    out: Path,
    towns: int,
    grants: int,
    seed: int = 1,
    source: Path = Path("catalog"),
    powers: int | None = None,
) -> dict[str, int]:
    """Write a catalog with ``towns`` towns of ``grants`` grants each to ``out``.

    ``powers`` is the number of powers (default: as many as the source has; more are variants).
    Returns counts of what was written. ``out`` is replaced.
    """
    cat, diagnostics = load_catalog(source)
    if cat is None:
        raise SynthError(f"源目录无效：{diagnostics[0].format() if diagnostics else source}")
    real = sorted(cat.powers.values(), key=lambda p: p.id)
    total = len(real) if powers is None else powers
    if not real or total < len(real):
        raise SynthError(f"事项数不能少于源目录的 {len(real)} 个（多出的是源事项的变体）")
    if grants > total:
        raise SynthError(f"目录共 {total} 个事项，每镇最多 {total} 项赋权（可用 --powers 增加）")
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
            shutil.copytree(src, out / name, ignore=shutil.ignore_patterns(".*"))
        else:
            shutil.copy2(src, out / name)
    chosen = [_Power(p.id, p) for p in real]
    variants = _write_variants(source, out, real, total - len(chosen))
    _extend_scopes(out, variants)
    chosen += variants
    _write_topics(source, out, variants)
    chosen.sort(key=lambda p: p.id)
    rnd = random.Random(seed)
    (out / "town-lists").mkdir()
    written = _write_towns(out, cat, districts, chosen, towns, grants, rnd)
    _write_ledger(out, districts, rnd)
    return {"towns": towns, "grants": written, "powers": len(chosen)}


def _write_topics(source: Path, out: Path, variants: list[_Power]) -> None:
    """The source's topics, each variant a step beside the step of the power it copies.

    A variant is one more power people apply for, so (like a real one) it belongs to the topics
    of its source power; its step has no everyday words of its own (they lead to the source).
    """
    path = source / "topics.yaml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    by_source: dict[str, list[str]] = {}
    for v in variants:
        if not v.enforcement:  # enforcement items are reminders (related), never steps
            by_source.setdefault(v.source.id, []).append(v.id)

    def add(match: re.Match[str]) -> str:
        indent, power = match[1], match[2]
        extra = "".join(
            f"{indent}- power: {vid}\n{indent}  action: 办理合成事项{vid}\n"
            for vid in by_source.get(power, [])
        )
        return extra + match[0]

    # a step starts with "- power: ID"; variants go right before it, keeping the file's layout
    text = re.sub(r"(?m)^( +)- power: (\S+)\n", add, text)
    (out / "topics.yaml").write_bytes(text.encode("utf-8"))


def _write_variants(source: Path, out: Path, real: list[PowerFile], count: int) -> list[_Power]:
    """``count`` variants of the real powers, round robin: ids ``<PREFIX>-<TYPE>-9NN``.

    The file is the source power's own text with the id and name replaced, so the guide, the
    legal bases (with their review fingerprints) and the analysis keep their real length.
    """
    taken = {p.id.lower() for p in real}
    serial: dict[str, int] = {}
    variants: list[_Power] = []
    for n in range(1, count + 1):
        base = real[(n - 1) % len(real)]
        prefix = base.id.rsplit("-", 1)[0] if "-" in base.id else base.id
        number = serial.get(prefix, 900)
        while True:
            number += 1
            new_id = f"{prefix}-{number}"
            if new_id.lower() not in taken:
                break
        serial[prefix] = number
        taken.add(new_id.lower())
        text = (source / "powers" / f"{base.id}.yaml").read_text(encoding="utf-8")
        name = json.dumps(f"{base.name}（合成 {n}）", ensure_ascii=False)
        text, ids = re.subn(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
        # escape the replacement, so that backslashes in the name stay literal
        line = f"name: {name}".replace("\\", "\\\\")
        text, names = re.subn(r"^name: .*$", line, text, count=1, flags=re.M)
        if ids != 1 or names != 1:
            raise SynthError(f"事项文件 {base.id}.yaml 的 id 或 name 不是单行，无法生成变体")
        (out / "powers" / f"{new_id}.yaml").write_bytes(text.encode("utf-8"))
        variants.append(_Power(new_id, base))
    return variants


def _extend_scopes(out: Path, variants: list[_Power]) -> None:
    """A variant is its source power again, so an authorization whose scope names the source
    (``powers: [...]`` in a law file) names the variant too."""
    copies: dict[str, list[str]] = {}
    for v in variants:
        copies.setdefault(v.source.id, []).append(v.id)

    def extend(match: re.Match[str]) -> str:
        named = [p.strip() for p in match[2].split(",") if p.strip()]
        named += [c for p in list(named) for c in copies.get(p, [])]
        return f"{match[1]}[{', '.join(named)}]"

    for path in sorted((out / "laws").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"(?m)^( +powers: )\[([^\]\n]*)\]", extend, text)
        if changed != text:
            path.write_bytes(changed.encode("utf-8"))


def _write_towns(
    out: Path,
    cat: Catalog,
    districts: list[District],
    powers: list[_Power],
    towns: int,
    grants: int,
    rnd: random.Random,
) -> int:
    """towns.yaml and one 一镇一单 per town; returns the number of grants written."""
    lines = ["# yaml-language-server: $schema=schema/towns.schema.json", "towns:"]
    lawful_from = {
        law.id: law.version.in_force_from or law.version.date for law in cat.instruments.values()
    }
    # statutory town powers are the town's from the day their law took effect
    statutory_from = {
        p.id: since
        for p in cat.powers.values()
        if (since := authority(cat, p).statutory_since()) is not None
    }
    # entrustments the county must approve (《山东省乡镇人民政府工作条例》第八条): by mode
    approved = {
        Mode.REVIEW: {
            p.id for p in cat.powers.values() if review_approval_grounds(authority(cat, p))
        },
        Mode.DIRECT: {
            p.id
            for p in cat.powers.values()
            if any(Condition.COUNTY_APPROVAL in path.conditions for path in authority(cat, p).paths)
        },
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
            _PROVENANCE,
            f"    service_centre: {{name: {_town_name(i)}便民服务中心, "
            f"address: {district.name}{_town_name(i)}人民政府驻地, "
            f"hours: 周一至周五 8:30—12:00，13:30—17:30, phone: 0632-15{i:05d}}}",
        ]
        # rotate through the powers so that every power is granted somewhere whenever
        # towns x grants allows (a synthetic catalog should check clean, like a real one)
        start = i * grants % len(powers)
        chosen = sorted(
            (powers[(start + k) % len(powers)] for k in range(grants)), key=lambda p: p.id
        )
        body = [
            "# yaml-language-server: $schema=../schema/town-list.schema.json",
            f"town: {town_id}",
            "provenance:",
            "  status: 示意",
            "  note: 合成数据，用于性能测试。",
            "grants:",
        ]
        for power in chosen:
            lawful = max(lawful_from[b.law] for b in power.source.bases)
            statutory = statutory_from.get(power.source.id)
            approve = power.source.id in approved.get(_mode(power), set())
            body += _grant(power, lawful, statutory, district, _town_name(i), rnd, written, approve)
            written += 1
        (out / "town-lists" / f"{town_id}.yaml").write_bytes(("\n".join(body) + "\n").encode())
    (out / "towns.yaml").write_bytes(("\n".join(lines) + "\n").encode())
    return written


def _mode(power: _Power) -> Mode:
    """The mode a synthetic town is granted a power in: the power's recommended one."""
    source = power.source
    return source.delegation.recommended if source.delegation else Mode.REVIEW


def _grant(
    power: _Power,
    lawful: dt.date,
    statutory: dt.date | None,
    district: District,
    town: str,
    rnd: random.Random,
    serial: int,
    approve: bool = False,
) -> list[str]:
    """One grant: three dated events, and for delegated powers readiness and evaluations.

    A statutory town power has one event, the day its law took effect, and nothing else; a
    直接下放 records its entrustment (委托书, 公告, and for penalties the certified staff);
    ``approve`` adds the county's approval an entrustment needs (on the decision's day).
    """
    source = power.source
    mode = _mode(power)
    if mode is Mode.STATUTORY and statutory is not None:
        return [
            f"  - power: {power.id}",
            f"    mode: {mode.value}",
            "    history:",
            "      - status: 已实施",
            f"        date: {statutory}",
            "        note: 法定本级：法律直接规定由镇行使（合成）",
        ]
    live = max(dt.date(2021, 7, rnd.choice((1, 1, 5, 15))), lawful)
    first_batch = live <= dt.date(2021, 7, 31)
    if first_batch:
        asked = dt.date(2021, 5, rnd.randint(6, 28))
    else:  # powers whose law took effect later were asked for when it was published
        asked = min(dt.date(2021, 8, rnd.randint(9, 20)), live)
    decided = dt.date(2021, 6, 20) if first_batch else live - dt.timedelta(days=5)
    decided = max(decided, asked)
    lines = [
        f"  - power: {power.id}",
        f"    mode: {mode.value}",
        "    history:",
        "      - status: 需求提出",
        f"        date: {asked}",
        "      - status: 已确定",
        f"        date: {decided}",
        f"        document: {district.name}人民政府关于赋予{town}部分县级权限的通知（合成）",
        "      - status: 已实施",
        f"        date: {live}",
    ]
    if mode is Mode.STATUTORY:
        return lines
    staff = rnd.randint(1, 3)
    if mode is Mode.DIRECT and source.type is PowerType.PENALTY:
        staff = max(
            staff, 2
        )  # 《行政处罚法》第四十二条: at least two officers (the law file's record)
    if mode is Mode.DIRECT:
        what = f"{district.name}有关部门关于委托{town}实施{source.name}"
        lines += [
            "    entrustment:",
            f"      document: {what}的委托书（合成）",
            f"      date: {decided}",
            f"      announced: {what}的公告（合成）",
        ]
        if source.type is PowerType.PENALTY:
            lines.append(f"      certified_staff: {staff}")
    if approve:
        if mode is not Mode.DIRECT:
            lines.append("    entrustment:")
        lines += [
            "      approval:",
            f"        document: {district.name}人民政府关于赋予{town}部分县级权限的通知（合成）",
            f"        date: {decided}",
        ]
    role = (
        "综合行政执法队" if power.enforcement else rnd.choice(("便民服务中心窗口", "便民服务中心"))
    )
    lines += [
        "    readiness:",
        f"      training: {decided + dt.timedelta(days=1)}",
        f"      system_login: {decided + dt.timedelta(days=2)}",
        f"      staff: {staff}",
        f"      resident_helper: {'true' if rnd.random() < 0.4 else 'false'}",
        "      contacts:",
    ]
    for k in range(rnd.randint(1, staff)):
        number = (serial * 3 + k) % 100_000
        name = f"{_SURNAMES[(serial + k) % len(_SURNAMES)]}某{serial % 1000 + 1}（合成）"
        lines.append(f"        - {{name: {name}, role: {role}, phone: 0632-05{number:05d}}}")
    lines.append("    evaluations:")
    end = dt.date(2021, 12, 31)
    if rnd.random() < 0.4:  # quarterly evaluations in some towns, half-yearly in most
        periods = [
            ("2021年第三季度", live, dt.date(2021, 9, 30)),
            ("2021年第四季度", dt.date(2021, 10, 1), end),
        ]
    else:
        periods = [("2021年下半年", live, end)]
    for period, start, stop in periods:
        lines.append(_evaluation(period, start, stop, power.enforcement, rnd))
    return lines


def _evaluation(
    period: str, start: dt.date, end: dt.date, enforcement: bool, rnd: random.Random
) -> str:
    """One period's use, in the reference catalog's proportions: about one grant in six not
    used at all, a few dozen cases for licences, a handful for penalties, rare complaints."""
    months = max(1, round((end - start).days / 30))
    cases = 0 if rnd.random() < 0.16 else rnd.randint(1, 3 if enforcement else 8) * months
    complaints = 1 if cases > 10 and rnd.random() < 0.1 else 0
    notes = ""
    if cases == 0:
        result = "一般"
        notes = ", notes: 评估期内没有办件，建议在下次动态调整中研究是否保留（合成）"
    elif complaints:
        result = "一般"
        notes = f", notes: 有 {complaints} 件投诉，已核查处理（合成）"
    else:
        result = rnd.choice(("良好", "良好", "优秀"))
    return (
        f"      - {{period: {period}, start: {start}, end: {end}, cases: {cases}, "
        f"complaints: {complaints}, result: {result}{notes}}}"
    )


def _write_ledger(out: Path, districts: list[District], rnd: random.Random) -> None:
    """ledger.yaml: every district surveyed in May and reported by the end of July."""
    lines = [
        "# yaml-language-server: $schema=schema/ledger.schema.json",
        "# 工作台账（合成数据，用于性能测试）。",
        "districts:",
    ]
    for n, district in enumerate(districts, 1):
        survey = dt.date(2021, 5, rnd.randint(6, 14))
        report = dt.date(2021, 7, rnd.randint(20, 30))
        lines += [
            f"  - district: {district.id}",
            f"    contact: {{name: 台账联系人{n}（合成）, role: 区（市）政府办公室, "
            f"phone: 0632-056{n:04d}}}",
            f"    survey: {{date: {survey}, note: 逐镇梳理用权需求（合成）}}",
            "    city_demands: {not_applicable: true, note: 未提出涉及市级权限的需求（合成）}",
            f"    report: {{date: {report}, document: {district.name}人民政府关于“双十镇”赋权工作"
            "落实情况的报告（合成）}",
        ]
    (out / "ledger.yaml").write_bytes(("\n".join(lines) + "\n").encode())
