"""The extension's options are one declaration, its state one object, documented as declared."""

from __future__ import annotations

import pickle
import re
from dataclasses import fields

from conftest import ROOT
from townpowers.diagnostics import Diagnostic
from townpowers.site.config import PREFIX, SiteConfig, option_rows, site_config
from townpowers.site.state import BuildState, state


def test_every_option_in_conf_py_is_declared_and_documented() -> None:
    declared = {PREFIX + f.name for f in fields(SiteConfig)}
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    assert set(re.findall(r"^(townpowers_\w+)\s*=", conf, re.M)) <= declared
    rows = option_rows()
    assert {name for name, _default, _help in rows} == declared
    assert all(help_ for _name, _default, help_ in rows)
    page = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    assert "```{townpowers-options}" in page


def test_the_options_are_read_as_one_typed_object() -> None:
    class Config:
        townpowers_catalog = "cat"
        townpowers_templates = "templates"
        townpowers_output = "generated"
        townpowers_check_ignore = ("orphan-*",)
        townpowers_shard = ""
        townpowers_shard_core = ""
        townpowers_edition = "internal"
        townpowers_search_terms = "docs/search-terms.txt"
        townpowers_glossary = "docs/glossary.md"

    options = site_config(Config())
    assert options.catalog == "cat" and options.edition == "internal"
    assert options.check_ignore == ("orphan-*",)


def test_the_build_state_lives_on_the_environment_and_is_never_pickled() -> None:
    class Env:
        pass

    env = Env()
    built = state(env)
    assert state(env) is built
    built.findings.append(Diagnostic.make("yaml-syntax", "坏了", "catalog/x.yaml", 1, 1))
    built.read.add("index")
    again = pickle.loads(pickle.dumps(built))
    assert again == BuildState()
