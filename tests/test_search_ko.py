"""Search in the Korean edition (krdev.search_ko): Hangul words with their particles are found by
their stem, compounds by their parts, and the browser cuts a query exactly as the index was cut."""

from __future__ import annotations

import pytest

from krdev import search_ko
from krdev.search_ko import bigrams, hangul_stem, split
from tests.webcheck import search_hits


@pytest.mark.parametrize("word, stem", [
    ("수도권의", "수도권"),            # genitive 의
    ("인구감소지역은", "인구감소지역"),  # topic 은
    ("수도권에서는", "수도권"),         # stacked 에서 + 는: the longest ending goes
    ("지역들은", "지역"),              # 은, then the plural 들
    ("집중했다", "집중"),              # the past of a 하다 verb
    ("지정된", "지정"),                # 되다
    ("시도는", "시도"),
    ("시도", "시도"),                  # 도 is a particle too, but a stem keeps two syllables
    ("국가", "국가"),                  # likewise 가
    ("경기도", "경기"),                # stripped, the same way in the index and the query
    ("곳이다", "곳이다"),              # 이다 would leave one syllable
])
def test_hangul_stem(word, stem):
    assert hangul_stem(word) == stem


def test_bigrams():
    assert bigrams("인구감소") == ["인구", "구감", "감소"]
    assert bigrams("시도") == ["시도"]
    assert bigrams("곳") == ["곳"]
    assert bigrams("") == []


def test_split_hand_written_sentences():
    assert split("수도권의 인구는 2023년에 늘었다.") == ["수도", "도권", "인구", "2023", "년에", "늘었", "었다"]
    assert split("GRDP의 격차, NEAR와 UCLG") == ["GRDP", "의", "격차", "NEAR", "와", "UCLG"]
    assert split("Capital region (수도권)") == ["Capital", "region", "수도", "도권"]


@pytest.mark.parametrize("query, text", [
    ("수도권", "비수도권과 수도권의 격차가 커졌다."),
    ("수도권", "인구는 수도권에서는 늘고 다른 곳에서는 줄었다."),
    ("인구감소지역", "89개 인구감소지역은 기금을 배분받는다."),
    ("감소지역", "89개 인구감소지역은 기금을 배분받는다."),   # a part of a compound
    ("지역", "지방자치단체들은 지역들의 차이를 본다."),
])
def test_a_query_finds_its_words_with_particles_and_inside_compounds(query, text):
    """Sphinx's search requires every term of the query in a page: the query's grams must all be
    among the text's."""
    assert set(split(query)) <= set(split(text))


def test_a_query_does_not_find_another_word():
    assert not set(split("인구감소지역")) <= set(split("인구가 줄어든 지역"))
    assert not set(split("시도")) <= set(split("시군구와 도시"))


def test_non_hangul_words_are_stemmed_as_in_english():
    from krdev import sphinxext

    language = search_ko.SearchKorean({})
    assert language.stem("regions") == language.stem("region") == "region"
    assert language.stem("수도") == "수도"
    sphinxext._keep_search_terms()  # what the build does: NEAR stays searchable, in Korean too
    assert "near" not in search_ko.SearchKorean({}).stopwords and "the" in search_ko.SearchKorean({}).stopwords


SENTENCES = [
    "수도권의 인구는 2023년에 늘었다.",
    "인구감소지역은 89곳이며, 지방소멸대응기금을 배분받는다.",
    "NEAR와 UCLG에 가입한 지방정부들은 regions of Korea에서",
    "시도별 GRDP의 β-수렴과 σ-수렴",
    "지정된 혁신도시들에서는 집중했다",
]


def test_the_browser_cuts_queries_as_the_index_was_cut(browser):
    """The JavaScript splitter and stemmer (run in Chromium) give, for each sentence, exactly the
    terms the Python side indexes (Sphinx stores ``stem(word).lower()``)."""
    language = search_ko.SearchKorean({})
    expected = [[language.stem(w).lower() for w in split(s)] for s in SENTENCES]
    page = browser.new_page()
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.add_script_tag(content=search_ko.JS_STEMMER + search_ko.JS_SPLITTER)
    got = page.evaluate(
        "(sentences) => { const s = new Stemmer();"
        " return sentences.map(t => splitQuery(t).map(w => s.stemWord(w.toLowerCase()))); }", SENTENCES)
    page.close()
    assert got == expected


def _index_terms(path) -> set[str]:
    """The full-text terms of a built ``searchindex.js`` (JSON, Hangul escaped)."""
    import json

    text = path.read_text(encoding="utf-8")
    return set(json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"])


def _korean_search(browser, base_url: str, query: str) -> list[str]:
    return search_hits(browser, f"{base_url}ko/search.html?q={query}")


@pytest.fixture(scope="module")
def base_url(built_site):
    from tests.webcheck import serve

    with serve(built_site) as url:
        yield url


def test_korean_search_finds_words_with_particles(built_site, base_url, browser):
    terms = _index_terms(built_site / "ko" / "searchindex.js")
    assert {"수도", "도권"} <= terms and not {"수도권", "수도권의"} & terms  # grams, not words with particles
    hits = _korean_search(browser, base_url, "수도권")
    # the glossary defines the term; regions-at-a-glance is translated; capital-concentration carries
    # the term in its title (수도권 집중) in English and in Korean alike
    for page in ("book/glossary", "notebooks/regions-at-a-glance", "notebooks/capital-concentration"):
        assert any(page in h for h in hits), (page, hits)
    # the same pages with a particle attached to the query
    assert set(_korean_search(browser, base_url, "수도권의")) == set(hits)


def test_korean_search_finds_the_population_decline_areas(built_site, base_url, browser):
    hits = _korean_search(browser, base_url, "인구감소지역")
    assert any("book/glossary" in h for h in hits), hits
    assert any("part2-balanced-development" in h for h in hits), hits  # "인구감소지역 지원 특별법"
    # the chapter names the term (인구감소지역) in its English text and, once translated, in its Korean prose
    assert any("notebooks/decline-era" in h for h in hits), hits
    assert set(_korean_search(browser, base_url, "인구감소지역은")) == set(hits)


def test_korean_search_finds_acronyms_as_the_english_one_does(built_site, base_url, browser):
    assert any("municipal-networks" in h for h in _korean_search(browser, base_url, "NEAR"))


def test_the_english_edition_keeps_the_english_search(built_site, base_url, browser):
    """Whole words in the English index (the Korean language is registered for language=ko only)."""
    terms = _index_terms(built_site / "searchindex.js")
    assert "수도권" in terms and "수도" not in terms
    hits = search_hits(browser, base_url + "search.html?q=population")
    assert any("regions-at-a-glance" in h for h in hits), hits
