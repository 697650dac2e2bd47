"""No instance's words in code: what the jurisdiction profile carries is not written in the package.

The guarded words are read from the reference catalog's data itself: every value its
``profile.yaml`` names (the grantor, its tier's word, the modes, domains, unit categories,
milestones and the words of pages and attachments), every district and town name, and the
province. A string literal of the package (docstrings of modules and functions excepted: they
explain code, nobody reads them in a product) or a template that contains one of them names
Zaozhuang's instance in code.

Moving all of them into the profile is work in progress, so the literals still left are listed
in ``tests/profile_debt.yaml``, per file and word, with their counts. The test fails when a file
gains one (write the word in the profile and read it from there) and when a file loses one (the
list must shrink with the work: lower the count, or remove the line). A third county's catalog
therefore never has to change code for a word that has already moved.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "townpowers"
TEMPLATES = ROOT / "templates"
DEBT = ROOT / "tests" / "profile_debt.yaml"
#: Names that are not in the profile's fields but are just as much one instance's.
PLACES = ("山东", "鲁政", "枣庄", "滕州")


def guarded_words() -> set[str]:
    """Every value of the reference catalog's profile, its districts and towns, the province."""
    catalog = ROOT / "catalog"
    profile = yaml.safe_load((catalog / "profile.yaml").read_text(encoding="utf-8"))
    grantor = profile["grantor"]
    words = {grantor["place"], grantor["government"], *PLACES}
    words |= {tier["word"] for tier in grantor.get("tiers", ())}
    for key in ("modes", "domains", "categories", "milestones"):
        words |= {entry["name"] for entry in profile.get(key, ())}
    words |= set(profile["words"].values())
    for name, key in (("districts.yaml", "districts"), ("towns.yaml", "towns")):
        data = yaml.safe_load((catalog / name).read_text(encoding="utf-8"))
        words |= {entry["name"] for entry in data[key]}
    return words


def _literals(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value


def occurrences() -> dict[str, dict[str, int]]:
    """File (relative to the repository) -> word -> how often the file's literals name it."""
    words = guarded_words()
    found: dict[str, Counter[str]] = {}
    sources: list[tuple[Path, list[str]]] = [
        (p, list(_literals(p))) for p in sorted(PACKAGE.rglob("*.py"))
    ]
    sources += [
        (p, [p.read_text(encoding="utf-8")])
        for p in sorted(TEMPLATES.rglob("*"))
        if p.suffix in (".j2", ".css")
    ]
    for path, texts in sources:
        counts: Counter[str] = Counter()
        for text in texts:
            for word in words:
                counts[word] += text.count(word)
        counts = +counts
        if counts:
            found[path.relative_to(ROOT).as_posix()] = counts
    return {f: dict(sorted(c.items())) for f, c in sorted(found.items())}


def test_guarded_words_come_from_the_profile() -> None:
    words = guarded_words()
    # the guard is only as good as its list: the instance's defining words must be in it
    assert {"双十镇", "区（市）", "枣庄市", "直接下放", "示范镇", "城镇管理", "滕州市"} <= words


def test_no_new_instance_words_in_code() -> None:
    recorded: dict[str, dict[str, int]] = yaml.safe_load(DEBT.read_text(encoding="utf-8")) or {}
    actual = occurrences()
    gained, lost = [], []
    for file in sorted(set(recorded) | set(actual)):
        was, now = recorded.get(file, {}), actual.get(file, {})
        for word in sorted(set(was) | set(now)):
            if now.get(word, 0) > was.get(word, 0):
                gained.append(f"{file}: “{word}” {was.get(word, 0)} -> {now.get(word, 0)}")
            elif now.get(word, 0) < was.get(word, 0):
                lost.append(f"{file}: “{word}” {was.get(word, 0)} -> {now.get(word, 0)}")
    assert not gained, (
        "代码或模板中新写了只属于某个辖区的用语，应写在 profile.yaml 中并从那里读取：\n"
        + "\n".join(gained)
    )
    assert not lost, (
        "这些用语已从代码中移走，请相应减少 tests/profile_debt.yaml 中的计数：\n" + "\n".join(lost)
    )
