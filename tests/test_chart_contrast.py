"""Chart colours meet WCAG 2.1 contrast against the white chart card: 3:1 for marks (SC 1.4.11) and
4.5:1 for the colour that also labels text (SC 1.4.3)."""

from __future__ import annotations

import pytest

from krdev import charts


def contrast(a: str, b: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio (relative luminance, sRGB)."""
    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("colour, expected", [("#767676", 4.54), ("#000000", 21.0), ("#FFFFFF", 1.0),
                                              ("#777777", 4.48)])  # values published by WebAIM
def test_contrast_formula_matches_published_values(colour, expected):
    assert contrast(colour) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("colour", charts.OKABE_ITO)
def test_every_category_colour_reaches_3_to_1(colour):
    assert contrast(colour) >= 3.0


def test_capital_colours_reach_4_5_to_1_for_labels():
    assert all(contrast(c) >= 4.5 for c in charts.CAPITAL_COLOURS.values())


def test_topic_palettes_reach_3_to_1():
    from krdev.charts import concentration, membership

    for colour in [*concentration.PANEL_COLOURS, *membership.RELATION_COLOURS.values()]:
        assert contrast(colour) >= 3.0, colour
