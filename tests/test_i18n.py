"""krdev.i18n: the language chosen by the build, the message catalogue, Korean number formatting."""

from __future__ import annotations

import pytest

from krdev import i18n


@pytest.mark.parametrize("value, expected", [
    (51_740_000, "5,174만"),            # 51.74 million: 5,174 × 10⁴
    (1_234_567_890, "12억 3,457만"),    # 12 × 10⁸ + 3,456.789 × 10⁴, rounded to the 만
    (2_000_000_000_000, "2조"),
    (100_000_000, "1억"),
    (10_000, "1만"),
    (9_999, "9,999"),
    (-51_740_000, "-5,174만"),
    (1_000_049_999_999, "1조 5,000만"),  # 10¹² + 49,999,999 (→ 5,000 × 10⁴); the empty 억 group is left out
])
def test_myriad_grouping(value, expected):
    assert i18n.myriad(value) == expected


def test_number_follows_the_language():
    assert i18n.number(51_740_000, language="en") == "51,740,000"
    assert i18n.number(51_740_000, language="ko") == "5,174만"
    assert i18n.number(50.456, 1, language="ko") == "50.5"  # shares and ratios stay decimal


def test_language_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("KRDEV_LANG", raising=False)
    assert i18n.lang() == "en"
    monkeypatch.setenv("KRDEV_LANG", "ko")
    assert i18n.lang() == "ko"
    monkeypatch.setenv("KRDEV_LANG", "fr")
    with pytest.raises(ValueError, match="KRDEV_LANG='fr'"):
        i18n.lang()


def test_gettext_translates_known_messages_and_falls_back_to_english():
    assert i18n.gettext("Cite this chapter", language="ko") == "이 장 인용하기"
    assert i18n.gettext("Cite this chapter", language="en") == "Cite this chapter"
    assert i18n.gettext("A message nobody translated", language="ko") == "A message nobody translated"


def test_the_computed_text_catalogues_have_no_untranslated_or_fuzzy_entry():
    from tests.test_edition import incomplete_entries
    from babel.messages.pofile import read_po

    files = i18n.catalogue_files("ko")
    assert files and files[0].name == "krdev.po"
    for path in files:
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        missing = incomplete_entries(catalogue)
        assert len(catalogue) > 0 and not missing, f"{path.name}: untranslated or fuzzy: {missing[:3]}"


def test_a_message_translated_two_ways_is_an_error_naming_both_catalogues(tmp_path, monkeypatch):
    folder = tmp_path / "ko" / "LC_MESSAGES"
    (folder / "computed").mkdir(parents=True)
    entry = 'msgid "Year"\nmsgstr "{}"\n'
    (folder / "krdev.po").write_text(entry.format("연도"), encoding="utf-8")
    (folder / "computed" / "a-chapter.po").write_text(entry.format("연도"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("ko") == {"Year": "연도"}  # the same translation twice is fine
        (folder / "computed" / "b-chapter.po").write_text(entry.format("해"), encoding="utf-8")
        i18n.catalogue.cache_clear()
        with pytest.raises(ValueError, match=r"computed/b-chapter\.po.*'Year'.*krdev\.po"):
            i18n.catalogue("ko")
    finally:
        i18n.catalogue.cache_clear()


def test_millions_keep_the_english_form_and_use_man_in_korean():
    assert i18n.number(13_570_000, scale="million", language="en") == "13.6 million"
    assert i18n.number(51_829_136, scale="million", language="en") == "51.8 million"
    assert i18n.number(13_570_000, scale="million", language="ko") == "1,357만"


def test_region_labels_follow_the_language():
    from krdev import regions

    assert regions.labels("en")["11"] == "Seoul (서울특별시)"
    assert regions.labels("ko")["11"] == "서울특별시"
