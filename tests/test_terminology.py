"""Terminology of the Korean edition: wherever an English message uses a glossary term, its Korean
translation uses the term's Korean headword (the "Index of terms" of book/glossary.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from krdev import edition, i18n, terminology

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locales" / "ko" / "LC_MESSAGES"


def checked_catalogues() -> list[Path]:
    """The prose catalogues of the documents declared translated, and every computed-text catalogue."""
    return [CATALOGUES / f"{docname}.po" for docname in edition.TRANSLATED] + i18n.catalogue_files("ko")


@pytest.fixture(scope="module")
def terms():
    return terminology.glossary_terms()


@pytest.mark.parametrize("path", checked_catalogues(), ids=lambda p: p.relative_to(CATALOGUES).as_posix())
def test_translations_use_the_korean_headwords_of_the_glossary(path, terms):
    assert path.exists(), f"{path.relative_to(ROOT)} is missing"
    problems = terminology.catalogue_violations(path, terms)
    assert not problems, f"{len(problems)} messages do not use the glossary's Korean term:\n" + "\n".join(problems)


def test_the_glossary_index_gives_the_pairs(terms):
    by_headword = {t.headword: t for t in terms}
    assert len(terms) >= 90  # one row per entry of the glossary, less the skipped ones
    assert by_headword["수도권"].forms == ("Capital region", "Seoul Capital Area")
    assert by_headword["수도권"].key == "수도권 (sudogwon)"
    assert by_headword["지역내총생산"].forms == ("Gross regional domestic product", "GRDP")
    assert by_headword["추계인구"].forms == ("Estimated population", "projected population")
    assert by_headword["이클레이"].forms == ("ICLEI", "Local Governments for Sustainability")
    assert by_headword["행정중심복합도시"].forms == ("Multifunctional Administrative City",)  # not "Sejong"
    assert by_headword["신활력지역"].forms == ("New Vitality region",)  # the year is not a name
    assert by_headword["연구개발특구"].forms == ("Special R&D zone",)
    # the Korean name the NEAR entry declares, and the β spelling of the convergences
    assert "동북아시아지역자치단체연합" in by_headword["동북아지방정부연합"].korean
    assert "β수렴" in by_headword["베타수렴"].korean
    assert "도" not in by_headword and "지방분권" not in by_headword  # skipped: see terminology.SKIPPED
    assert by_headword["지방자치단체"].korean == ("지방자치단체", "지자체", "지방정부", "지방자치")


def test_the_check_catches_a_missing_headword_and_accepts_correct_forms(tmp_path, terms):
    path = tmp_path / "synthetic.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        # wrong: 서울 대도시권 is not the headword, and the plural "innovation cities" is 혁신도시
        'msgid "Migration into the capital region rose, and innovation cities grew."\n'
        'msgstr "서울 대도시권으로의 이동이 늘었고, 새 도시들이 성장하였다."\n\n'
        # right: headwords with spaces (국가균형발전 특별법), an acronym kept, the β spelling
        'msgid "The Special Act on Balanced National Development, GRDP and beta convergence."\n'
        'msgstr "국가균형발전 특별법, GRDP, β-수렴."\n\n'
        # "non-capital region" is 비수도권 and not also "capital region"
        'msgid "Non-capital regions lost people."\n'
        'msgstr "비수도권은 인구를 잃었다."\n\n'
        # words that only look like terms: part of another word, or inside a role's target or code
        'msgid "Recapital regionalism, {numref}`fig-capital-region` and `capital region`."\n'
        'msgstr "그림 {numref}`fig-capital-region`."\n\n'
        # an English term shown by a {term} role counts, and the Korean page must show the headword:
        # the role's target (always the glossary key) does not count
        'msgid "See the {term}`Gini coefficient <지니계수 (jini gyesu)>`."\n'
        'msgstr "{term}`불평등 계수 <지니계수 (jini gyesu)>`를 보라."\n\n'
        'msgid "See the {term}`Theil index <타일지수 (ta-il jisu)>`."\n'
        'msgstr "{term}`타일 지수 <타일지수 (ta-il jisu)>`를 보라."\n\n'
        # an untranslated or fuzzy entry is not checked here (tests/test_edition.py reports it)
        'msgid "The capital region."\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "The capital region again."\nmsgstr "다른 말."\n',
        encoding="utf-8")
    problems = terminology.catalogue_violations(path, terms)
    assert len(problems) == 3, "\n".join(problems)
    migration = [p for p in problems if p.startswith(f"{path}: msgid 'Migration into the capital region rose")]
    assert len(migration) == 2
    assert any("uses 'capital region'" in p and p.endswith("should contain 수도권") for p in migration)
    assert any("uses 'innovation cities'" in p and p.endswith("should contain 혁신도시") for p in migration)
    (gini,) = set(problems) - set(migration)
    assert gini.startswith(f"{path}: msgid 'See the {{term}}`Gini") and gini.endswith("should contain 지니계수")


def test_plurals_and_word_boundaries():
    (capital,) = [t for t in terminology.glossary_terms() if t.headword == "수도권"]
    (city,) = [t for t in terminology.glossary_terms() if t.headword == "혁신도시"]
    (complex_,) = [t for t in terminology.glossary_terms() if t.headword == "산업단지"]
    terms = [capital, city, complex_]

    def flagged(msgid: str) -> list[str]:
        return [v.found for v in terminology.violations([(msgid, "번역")], terms)]

    assert flagged("innovation cities") == ["innovation cities"]
    assert flagged("an innovation city's plan") == ["innovation city"]
    assert flagged("industrial complexes") == ["industrial complexes"]
    assert flagged("the capital-region share") == ["capital-region"]
    assert flagged("capitalregion, capital regional") == []
    assert flagged("THE CAPITAL REGION") == ["CAPITAL REGION"]
    # identifiers are not prose: a chapter's slug or file, a parameter name
    assert flagged("innovation-cities") == []
    assert flagged("See notebooks/innovation-cities.ipynb and -p capital_region 11") == []
    assert flagged("the innovation-city plan") == ["innovation-city"]
