"""What a rebuild may skip: generating pages again when nothing they are made from changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT
from townpowers.site.rebuild import Stamp


def _inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    catalog, templates = tmp_path / "catalog", tmp_path / "templates"
    shutil.copytree(ROOT / "catalog" / "powers", catalog / "powers")
    shutil.copytree(ROOT / "templates", templates, ignore=shutil.ignore_patterns("handbook"))
    glossary = tmp_path / "glossary.md"
    glossary.write_text("# 术语\n", encoding="utf-8")
    return catalog, templates, glossary


def _outputs(tmp_path: Path) -> tuple[Path, Path]:
    out, generated = tmp_path / "html", tmp_path / "docs" / "generated"
    (out / "_static").mkdir(parents=True)
    (out / "api").mkdir()
    (out / "api" / "index.json").write_text("{}\n", encoding="utf-8")
    generated.mkdir(parents=True)
    return out, generated


def test_any_input_changes_the_stamp(tmp_path: Path) -> None:
    catalog, templates, glossary = _inputs(tmp_path)
    settings = {"townpowers_edition": "public"}

    def stamp(**more: str) -> str:
        return Stamp(tmp_path, (catalog, templates, glossary), {**settings, **more}).value

    first = stamp()
    assert stamp() == first  # deterministic
    power = catalog / "powers" / "ZRZY-XK-001.yaml"
    text = power.read_text(encoding="utf-8")
    power.write_text(text.replace("踏勘", "勘察", 1), encoding="utf-8")
    assert stamp() != first
    power.write_text(text, encoding="utf-8")
    assert stamp() == first
    (templates / "town.md.j2").write_text("x", encoding="utf-8")
    assert stamp() != first
    shutil.copy(ROOT / "templates" / "town.md.j2", templates / "town.md.j2")
    assert stamp() == first
    (catalog / "powers" / "NEW.yaml").write_text("id: NEW\n", encoding="utf-8")
    assert stamp() != first
    (catalog / "powers" / "NEW.yaml").unlink()
    glossary.unlink()
    assert stamp() != first  # a missing input is an input too
    glossary.write_text("# 术语\n", encoding="utf-8")
    assert stamp(townpowers_edition="internal") != first


def test_unchanged_only_after_a_successful_build_with_its_outputs(tmp_path: Path) -> None:
    catalog, templates, glossary = _inputs(tmp_path)
    stamp = Stamp(tmp_path / "doctrees", (catalog, templates, glossary), {})
    out, generated = _outputs(tmp_path)
    assert not stamp.unchanged(out, generated, api=True)  # never built
    stamp.save()
    assert stamp.unchanged(out, generated, api=True)
    (out / "api" / "index.json").unlink()
    assert not stamp.unchanged(out, generated, api=True)  # the API was removed: write it again
    assert stamp.unchanged(out, generated, api=False)  # a district shard publishes no API
    stamp.forget()  # a build that generates pages forgets the stamp until it finishes
    assert not stamp.unchanged(out, generated, api=False)
