"""Scholarly apparatus: one version everywhere, valid citation metadata, references, glossary."""

from __future__ import annotations

import json
import re
import subprocess

from krdev import __version__
from tests.conftest import ROOT


def test_one_version_everywhere():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf'^version: "{re.escape(__version__)}"$', cff, re.M)
    assert json.loads((ROOT / ".zenodo.json").read_text())["version"] == __version__
    assert f"(Version {__version__})" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert json.loads((ROOT / "data" / "datapackage.json").read_text())["version"] == __version__


def test_citation_cff_validates():
    exe = ROOT / ".venv" / "bin" / "cffconvert"
    result = subprocess.run([str(exe) if exe.exists() else "cffconvert", "--validate", "-i", "CITATION.cff"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_references_parse_and_are_many_with_dois():
    from pybtex.database import parse_file

    entries = parse_file(str(ROOT / "references.bib")).entries
    assert len(entries) >= 30
    assert sum("doi" in e.fields for e in entries.values()) >= 20
    for key in ("seed_cluster_environment", "nahm2023", "seed_balanced_2006", "noh2010networking"):
        assert key in entries, f"seed paper {key} missing"


def test_glossary_has_at_least_40_bilingual_terms():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}")[1].split("```")[0]
    terms = [line for line in block.splitlines() if line and not line.startswith((" ", "\t"))]
    assert len(terms) >= 40
    assert all(re.search(r"[\uac00-\ud7a3].*\(.+\)", t) for t in terms), "each term: Korean (romanisation)"


def test_license_files_exist():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "CC BY 4.0" in text
    assert "Korea Open Government License" in (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
