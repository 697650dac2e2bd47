"""``townpowers diff``: what changed between two versions of a catalog, in the catalog's terms.

A catalog change is reviewed in git, but a YAML line diff shows edits, not their meaning: an
appended status event *is* a withdrawal, a basis written with another role *is* a role change,
a moved line is no change at all. This module compares two loaded catalogs object by object
(explicit fields or :func:`~townpowers.model.schema.plain`, never file text or positions) and names
each change once, with a stable ``kind`` code scripts can act on. Either side may be a folder or
the catalog folder at a git revision, so ``townpowers diff HEAD~1 HEAD`` reviews a commit.

What belongs to an object is not listed again: the bases of an added power and the articles of
an added law are part of that power or law. Grants live in the town lists (一镇一单), so the
grants of an added or removed town are listed too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from ..model import Basis, Grant, GrantStatus, Topic, Town, lawtext
from ..model.catalog import Catalog
from ..model.schema import plain
from . import more
from .changes import Change
from .report import KINDS, describe

__all__ = ["KINDS", "Change", "compare", "materialize"]

#: Power fields whose change is reported (besides the name).
POWER_FIELDS = ("type", "domain", "owner", "approver", "level")
#: Where the catalog folder is inside a repository when ``REV`` names no path.
DEFAULT_PATH = "catalog"

K = TypeVar("K")
BasisKey = tuple[str, str, int | None, int | None]


def _change(kind: str, **details: Any) -> Change:
    return Change(kind, describe(kind, details), details)


def compare(old: Catalog, new: Catalog) -> list[Change]:
    """Every difference between two valid catalogs, each once, in report order.

    Powers and laws whose file was renamed are paired first (:func:`.more.pair_renamed`)."""
    old, renamed = more.pair_renamed(old, new)
    power_ids = [c for c in renamed if c.kind == "power-id-changed"]
    law_ids = [c for c in renamed if c.kind == "law-id-changed"]
    return [
        *_towns(old, new),
        *_grants(old, new),
        *more.entrustments(old, new),
        *power_ids,
        *_powers(old, new),
        *more.supervision(old, new),
        *_bases(old, new),
        *law_ids,
        *_laws(old, new),
        *_departments(old, new),
        *_topics(old, new),
        *more.topic_titles(old, new),
    ]


def _split(
    before: Mapping[K, Any], after: Mapping[K, Any], key: Callable[[K], Any] | None = None
) -> tuple[list[K], list[K], list[K]]:
    """Keys only in ``after`` (added), only in ``before`` (removed), and in both; each sorted,
    so the report is the same on every run whatever the order of files and entries."""
    parts = (
        after.keys() - before.keys(),
        before.keys() - after.keys(),
        before.keys() & after.keys(),
    )
    order: Callable[[K], Any] = key or (lambda k: k)
    added, removed, kept = (sorted(part, key=order) for part in parts)
    return added, removed, kept


def _iso(value: Any) -> str | None:
    return None if value is None else str(plain(value))


# --- towns and grants ----------------------------------------------------------------------------


def _town_grants(cat: Catalog, town: str) -> dict[str, Grant]:
    entry = cat.town_lists.get(town)
    return {g.power: g for g in entry.grants} if entry else {}


def _towns(old: Catalog, new: Catalog) -> Iterator[Change]:
    added, removed, _ = _split(old.towns, new.towns)
    for kind, cat, ids in (("town-added", new, added), ("town-removed", old, removed)):
        for town_id in ids:
            town = cat.towns[town_id]
            facts = {"town": town_id, "town_name": town.name, "district": town.district}
            place, count = cat.districts[town.district].name, len(_town_grants(cat, town_id))
            yield _change(kind, **facts, district_name=place, grants=count)


def _grant(kind: str, cat: Catalog, town: Town, power: str, **facts: Any) -> Change:
    """A grant change; the town is named as in NEW while it is there (one heading per town)."""
    name = cat.powers[power].name
    return _change(kind, town=town.id, town_name=town.name, power=power, power_name=name, **facts)


def _grants(old: Catalog, new: Catalog) -> Iterator[Change]:
    facts: dict[str, Any]
    for town_id in sorted(old.town_lists.keys() | new.town_lists.keys()):
        town = new.towns.get(town_id) or old.towns[town_id]
        before, after = _town_grants(old, town_id), _town_grants(new, town_id)
        added, removed, kept = _split(before, after)
        for power in added:
            g = after[power]
            facts = {"mode": g.current_mode.value, "status": g.status.value}
            yield _grant("grant-added", new, town, power, **facts, date=_iso(g.history[-1].date))
        gone = GrantStatus.WITHDRAWN
        withdrawn = {p for p in kept if after[p].status is gone and before[p].status is not gone}
        for power in sorted(withdrawn.union(removed)):
            if power in after:  # a 已收回 event was appended
                g, event = after[power], after[power].history[-1]
                facts = {"removed": False, "date": _iso(event.date), "document": event.document}
            else:  # the row is gone from the town list
                g, facts = before[power], {"removed": True, "date": None, "document": None}
            cat = new if power in after else old
            yield _grant("grant-withdrawn", cat, town, power, mode=g.current_mode.value, **facts)
        for power in kept:
            was, now = before[power].current_mode, after[power].current_mode
            if was is not now:
                history = reversed(after[power].history)
                when = next((e.date for e in history if e.mode is not None), None)
                facts = {"old_mode": was.value, "new_mode": now.value, "date": _iso(when)}
                yield _grant("grant-mode-changed", new, town, power, **facts)
        for power in kept:
            g_old, g_new = before[power], after[power]
            if g_old.status is g_new.status or power in withdrawn:
                continue  # a withdrawal is reported once, as grant-withdrawn
            event = g_new.history[-1]
            facts = {"old_status": g_old.status.value, "new_status": g_new.status.value}
            facts.update(date=_iso(event.date), document=event.document)
            yield _grant("grant-status-changed", new, town, power, **facts)


# --- powers and their legal bases -----------------------------------------------------------------


def _value_label(cat: Catalog, name: str, value: Any) -> Any:
    """A field value as officials read it: department kinds by their name."""
    if name in ("owner", "approver") and value in cat.kinds:
        return cat.kinds[value].name
    return value


def _powers(old: Catalog, new: Catalog) -> Iterator[Change]:
    added, removed, kept = _split(old.powers, new.powers)
    for power_id in added:
        p = new.powers[power_id]
        facts = {"name": p.name, "type": p.type.value, "domain": p.domain, "owner": p.owner}
        bases = [_basis_label(new, b) for b in sorted(p.bases, key=_basis_order)]
        yield _change("power-added", power=power_id, **facts, level=p.level.value, bases=bases)
    for power_id in removed:
        yield _change("power-removed", power=power_id, name=old.powers[power_id].name)
    for power_id in kept:
        was, now = old.powers[power_id].name, new.powers[power_id].name
        if was != now:
            yield _change("power-renamed", power=power_id, old_name=was, new_name=now)
    for power_id in kept:
        p_old, p_new = old.powers[power_id], new.powers[power_id]
        for name in POWER_FIELDS:
            was, now = plain(getattr(p_old, name)), plain(getattr(p_new, name))
            if was != now:
                facts = {
                    "power": power_id,
                    "name": p_new.name,
                    "field": name,
                    "old": was,
                    "new": now,
                }
                labels = {"old_label": _value_label(old, name, was)}
                labels["new_label"] = _value_label(new, name, now)
                yield _change("power-field-changed", **facts, **labels)


def _article_order(number: str) -> tuple[bool, tuple[int, int], str]:
    """Articles in printed order (第九条 before 第十一条); other labels after, by their text."""
    parsed = lawtext.article_number(number)
    return (parsed is None, parsed or (0, 0), number)


def _key_order(key: BasisKey) -> tuple[Any, ...]:
    law, article, paragraph, item = key
    return (law, _article_order(article), paragraph or 0, item or 0)


def _basis_key(b: Basis) -> BasisKey:
    return (b.law, b.article, b.paragraph, b.item)


def _basis_order(b: Basis) -> tuple[Any, ...]:
    return _key_order(_basis_key(b))


def _basis_label(cat: Catalog, b: Basis) -> str:
    """《城乡规划法》第四十一条第二款: a basis as officials cite it."""
    law = cat.instruments.get(b.law)
    title = law.short_title if law else b.law
    return f"《{title}》{lawtext.reference_label(b.article, b.paragraph, b.item)}"


def _bases(old: Catalog, new: Catalog) -> Iterator[Change]:
    for power_id in sorted(old.powers.keys() & new.powers.keys()):
        name = new.powers[power_id].name
        before = {_basis_key(b): b for b in old.powers[power_id].bases}
        after = {_basis_key(b): b for b in new.powers[power_id].bases}
        added, removed, kept = _split(before, after, _key_order)
        rows = [("basis-added", new, after[k], {"role": after[k].role.value}) for k in added]
        rows += [("basis-removed", old, before[k], {"role": before[k].role.value}) for k in removed]
        for k in kept:
            roles = {"old_role": before[k].role.value, "new_role": after[k].role.value}
            if before[k].role is not after[k].role:
                rows.append(("basis-role-changed", new, after[k], roles))
        for kind, cat, b, facts in rows:
            where = {"law": b.law, "article": b.article, "paragraph": b.paragraph, "item": b.item}
            label = _basis_label(cat, b)
            yield _change(kind, power=power_id, power_name=name, **where, label=label, **facts)


# --- laws and articles ---------------------------------------------------------------------------


def _laws(old: Catalog, new: Catalog) -> Iterator[Change]:
    added, removed, kept = _split(old.instruments, new.instruments)
    for kind, cat, ids in (("law-added", new, added), ("law-removed", old, removed)):
        for law_id in ids:
            law = cat.instruments[law_id]
            facts = {"law": law_id, "title": law.title, "short_title": law.short_title}
            facts.update(level=law.level.value, version=plain(law.version))
            yield _change(kind, **facts, articles=[a.number for a in law.articles])
    for law_id in kept:
        l_old, l_new = old.instruments[law_id], new.instruments[law_id]
        base = {"law": law_id, "short_title": l_new.short_title}
        before = {a.number: a for a in l_old.articles}
        after = {a.number: a for a in l_new.articles}
        added_articles, removed_articles, kept_articles = _split(before, after, _article_order)
        for number in added_articles:
            yield _change("article-added", **base, article=number)
        for number in removed_articles:
            yield _change("article-removed", **base, article=number)
        for number in kept_articles:
            was, now = before[number].text, after[number].text
            if was != now:
                yield _change(
                    "article-text-changed", **base, article=number, old_text=was, new_text=now
                )
        v_old, v_new = plain(l_old.version), plain(l_new.version)
        if v_old != v_new:
            yield _change("law-version-changed", **base, old_version=v_old, new_version=v_new)


# --- departments ---------------------------------------------------------------------------------


def _department(kind: str, cat: Catalog, key: tuple[str, str], **facts: Any) -> Change:
    district, dept_kind = key
    place = cat.districts[district].name if district in cat.districts else district
    facts.update(
        department_kind=dept_kind, department_kind_name=_value_label(cat, "owner", dept_kind)
    )
    return _change(kind, district=district, district_name=place, **facts)


def _departments(old: Catalog, new: Catalog) -> Iterator[Change]:
    added, removed, kept = _split(old.departments, new.departments)
    for key in added:
        yield _department("department-added", new, key, name=new.departments[key].name)
    for key in removed:
        yield _department("department-removed", old, key, name=old.departments[key].name)
    for key in kept:
        was, now = old.departments[key].name, new.departments[key].name
        if was != now:
            yield _department("department-renamed", new, key, old_name=was, new_name=now)


def _words(topic: Topic) -> set[str]:
    return {*topic.words, *(w for step in topic.steps for w in step.words)}


def _topics(old: Catalog, new: Catalog) -> Iterator[Change]:
    """Topics (主题服务) added or removed; steps added or removed; everyday words changed."""
    added, removed, kept = _split(old.topics, new.topics)
    for kind, cat, ids in (("topic-added", new, added), ("topic-removed", old, removed)):
        for topic_id in ids:
            t = cat.topics[topic_id]
            yield _change(kind, topic=t.id, title=t.title, steps=len(t.steps))
    for topic_id in kept:
        was, now = old.topics[topic_id], new.topics[topic_id]
        facts = {"topic": now.id, "title": now.title}
        before = {s.power: s for s in was.steps}
        after = {s.power: s for s in now.steps}
        gained, lost, _ = _split(before, after)
        for kind, cat, steps, powers in (
            ("topic-step-added", new, after, gained),
            ("topic-step-removed", old, before, lost),
        ):
            for power in powers:
                name = cat.powers[power].name if power in cat.powers else power
                yield _change(
                    kind, **facts, power=power, power_name=name, action=steps[power].action
                )
        more, fewer = sorted(_words(now) - _words(was)), sorted(_words(was) - _words(now))
        if more or fewer:
            yield _change("topic-words-changed", **facts, added=more, removed=fewer)


# --- where the two catalogs come from ------------------------------------------------------------


class SourceError(Exception):
    """OLD or NEW names neither a folder nor a catalog folder at a git revision."""


def _git(repo: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], input=data, capture_output=True, check=False
        )
    except OSError as exc:
        raise SourceError(f"无法运行 git：{exc.strerror}") from None


def _extract(spec: str, repo: Path, target: Path) -> None:
    """Write the files of the folder ``REV[:path]`` names into ``target``.

    Blobs are read with ``ls-tree`` and ``cat-file`` rather than ``git archive``, which would
    apply the repository's ``export-ignore`` and ``export-subst`` attributes to catalog files.
    """
    rev, colon, inside = spec.partition(":")
    inside = inside if colon else DEFAULT_PATH
    if not rev or rev.startswith("-"):  # never let a name pass to git as an option
        raise SourceError(f"“{spec}”既不是已有的文件夹，也不是 git 版本（REV 或 REV:路径）")
    probe = _git(repo, "rev-parse", "--git-dir")
    if probe.returncode != 0:
        said = probe.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceError(
            f"“{spec}”不是已有的文件夹；作为 git 版本读取时，{repo} 不是 git 仓库"
            + (f"（git：{said[-1]}）" if said else "")
            + "。可用 --repo 指定仓库。"
        )
    found = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise SourceError(f"“{spec}”既不是已有的文件夹，也不是仓库 {repo} 中的 git 版本（提交）")
    tree = f"{found.stdout.decode().strip()}:{inside}"
    if _git(repo, "cat-file", "-t", tree).stdout.strip() != b"tree":
        raise SourceError(f"版本 {rev} 中没有文件夹“{inside}”（用 {rev}:路径 指定目录文件夹）")
    entries = []
    for row in _git(repo, "ls-tree", "-r", "-z", tree).stdout.split(b"\0"):
        meta, _, name = row.partition(b"\t")
        mode, kind, oid = meta.split() if meta else (b"", b"", b"")
        if kind == b"blob" and mode in (b"100644", b"100755"):  # not links, not submodules
            entries.append((PurePosixPath(name.decode("utf-8", "surrogateescape")), oid))
    blobs = _git(repo, "cat-file", "--batch", data=b"".join(oid + b"\n" for _, oid in entries))
    target.mkdir(parents=True)
    out, pos = blobs.stdout, 0
    for path, _oid in entries:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        dest = target.joinpath(*path.parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1  # the content is followed by a newline


@contextmanager
def materialize(spec: str, repo: Path) -> Iterator[Path]:
    """The catalog folder ``spec`` names: an existing folder as it is; otherwise a git
    revision ``REV`` or ``REV:path`` of ``repo``, extracted into a temporary folder that is
    removed afterwards. The folder keeps its name, so messages name files as usual."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    with tempfile.TemporaryDirectory(prefix="townpowers-diff-") as tmp:
        inside = spec.partition(":")[2] if ":" in spec else DEFAULT_PATH
        target = Path(tmp) / (PurePosixPath(inside).name or "catalog")
        _extract(spec, repo, target)
        _profile_for_old_version(target, repo / inside)
        yield target


def _profile_for_old_version(target: Path, current: Path) -> None:
    """A version from before catalogs had a profile (``profile.yaml``) is read with the
    profile the catalog folder has now: what those versions' code said in enums and templates
    is what that profile says, and without one no earlier version would load."""
    profile = current / "profile.yaml"
    old = (target / "catalog.yaml").is_file() and not (target / "profile.yaml").exists()
    if old and profile.is_file():
        shutil.copyfile(profile, target / "profile.yaml")
