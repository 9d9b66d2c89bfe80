"""The reference-verification appendix covers every bibliography entry, states true counts and links no
document-mirror or redirector sites; reader-facing pages name no local paths."""

from __future__ import annotations

import re

from tests.conftest import ROOT

APPENDIX = ROOT / "book" / "appendix" / "reference-verification.md"
#: Hosts that serve copies of other publishers' documents, or redirect to them: never a public record.
MIRRORS = ("scribd.", "vdocuments", "studylib", "documents.pub", "coursehero", "fliphtml5", "prideseotools", "jwork.org",
           "pdfdrive", "docslib", "protolife", "cricutcom", "zhixidata", "120.26.44.124", "vdoc.pub", "rdlacademicdatabase",
           "studyres", "pdfslide", "digilib.universitaspertamina", "wikisum", "yumpu", "issuu")


def _entries():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "references.bib")).entries


def test_every_entry_has_one_row_and_counts_are_true():
    entries = _entries()
    text = APPENDIX.read_text(encoding="utf-8")
    keys = re.findall(r"^\| `([^`]+)` \|", text, re.M)
    assert sorted(keys) == sorted(entries), "appendix rows and bibliography keys differ"
    n_doi = sum("doi" in e.fields for e in entries.values())
    n_none = text.count("**No public record consulted.**")
    assert f"Of the {len(entries)} entries, {n_doi} carry a DOI. {n_none} are confirmed by no public record" in text


def test_no_mirror_links_in_appendix_bibliography_or_case_sources():
    for path in (APPENDIX, ROOT / "references.bib", ROOT / "data" / "raw" / "cases" / "kalundborg_symbiosis.csv"):
        text = path.read_text(encoding="utf-8").lower()
        found = [m for m in MIRRORS if m in text]
        assert not found, f"{path.name} links document-mirror sites: {found}"


def test_reader_facing_text_names_no_local_paths_or_seed_papers():
    pages = [*sorted((ROOT / "book").rglob("*.md")), ROOT / "references.bib",
             *sorted((ROOT / "data" / "raw").glob("*/SOURCE.md"))]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "/work/" not in text and "../shared" not in text, f"{path} names a local path"
    for path in [*sorted((ROOT / "book").rglob("*.md")), ROOT / "references.bib"]:
        assert not re.search(r"seed papers?\b", path.read_text(encoding="utf-8"), re.I), f"{path} says 'seed paper'"
