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


def test_the_krdev_catalogue_has_no_untranslated_or_fuzzy_entry():
    from tests.test_edition import CATALOGUES, incomplete_entries
    from babel.messages.pofile import read_po

    with (CATALOGUES / "krdev.po").open("rb") as handle:
        catalogue = read_po(handle)
    assert len(catalogue) > 0 and not incomplete_entries(catalogue)


def test_millions_keep_the_english_form_and_use_man_in_korean():
    assert i18n.number(13_570_000, scale="million", language="en") == "13.6 million"
    assert i18n.number(51_829_136, scale="million", language="en") == "51.8 million"
    assert i18n.number(13_570_000, scale="million", language="ko") == "1,357만"


def test_region_labels_follow_the_language():
    from krdev import regions

    assert regions.labels("en")["11"] == "Seoul (서울특별시)"
    assert regions.labels("ko")["11"] == "서울특별시"
