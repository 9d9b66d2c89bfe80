"""One message catalogue for what the notebooks and the book build compute: glued sentences, chart
titles, axes, legends, captions and source lines, cite-box labels, admonition titles.

The language is chosen by the build, not by the notebook: ``make book`` executes a notebook for the
Korean edition with the environment variable ``KRDEV_LANG=ko`` (see :mod:`krdev.edition`), and
:func:`lang` reads it. Messages are English strings used as keys (the gettext convention); their Korean
forms live in gettext catalogues beside the prose catalogues, so one tool and one format serve both:
``locales/ko/LC_MESSAGES/krdev.po`` for what the package itself writes (cite boxes, shared labels) and
``locales/ko/LC_MESSAGES/computed/<chapter>.po`` for each chapter's own chart text and sentences. A
message missing from the catalogues is returned in English.

Numbers are formatted for the language: in Korean, large counts are grouped by 만 (10⁴), 억 (10⁸) and
조 (10¹²), the myriad grouping of Korean numerals (National Institute of Korean Language, 한글 맞춤법
제44항: 수를 적을 적에는 '만(萬)' 단위로 띄어 쓴다), e.g. 51,740,000 → "5,174만".
"""

from __future__ import annotations

import functools
import os

from krdev.paths import REPO_ROOT

LANGUAGES = ("en", "ko")
LOCALES_DIR = REPO_ROOT / "locales"
DOMAIN = "krdev"
MYRIAD_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))


def lang() -> str:
    """The language of this run: ``$KRDEV_LANG`` (``en`` or ``ko``; default ``en``)."""
    value = os.environ.get("KRDEV_LANG", "en").strip().lower() or "en"
    if value not in LANGUAGES:
        raise ValueError(f"KRDEV_LANG={value!r} is not a language of the book; choose one of {LANGUAGES}")
    return value


def catalogue_files(language: str) -> list:
    """The computed-text catalogues of ``language``: ``krdev.po`` first, then ``computed/*.po`` by name."""
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    files = [folder / f"{DOMAIN}.po"] + sorted((folder / "computed").glob("*.po"))
    return [f for f in files if f.exists()]


@functools.lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """The translated messages of ``language`` (empty for English): msgid → msgstr, fuzzy and
    untranslated entries left out. A message translated differently in two catalogues is an error
    naming both files (the edition would otherwise depend on the order they are read in)."""
    if language == "en":
        return {}
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    origin: dict[str, str] = {}
    for path in catalogue_files(language):
        with path.open("rb") as handle:
            po = read_po(handle)
        name = path.relative_to(LOCALES_DIR).as_posix()
        for m in po:
            if not (m.id and m.string and not m.fuzzy):
                continue
            key, text = str(m.id), str(m.string)
            if key in messages and messages[key] != text:
                raise ValueError(f"locales/{name}: msgid {key!r} is translated {text!r} here but "
                                 f"{messages[key]!r} in locales/{origin[key]}; use one translation")
            messages[key] = text
            origin.setdefault(key, name)
    return messages


def gettext(message: str, language: str | None = None, **values) -> str:
    """``message`` in the current language, with ``{name}`` fields filled from ``values``."""
    text = catalogue(language or lang()).get(message, message)
    return text.format(**values) if values else text


_ = gettext


def myriad(value: float) -> str:
    """A count in Korean myriad grouping, rounded to the smallest unit shown: 51,740,000 → "5,174만",
    1,234,567,890 → "12억 3,457만", 2×10¹² → "2조"; below 10,000 the plain number ("9,999")."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < 10**4:
        return f"{sign}{round(value):,}"
    rest = round(value / 10**4) * 10**4  # to the nearest 만
    parts = []
    for size, unit in MYRIAD_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{unit}")
    return sign + " ".join(parts)


def number(value: float, digits: int = 0, language: str | None = None, scale: str | None = None) -> str:
    """``value`` formatted for the reader: in English with thousands separators and ``digits``
    decimals (``scale="million"``: "51.7 million"); in Korean, whole counts of 10,000 or more in
    만/억/조 (see :func:`myriad`; also for ``scale="million"``, "5,174만"), other numbers as in English."""
    language = language or lang()
    if language == "ko" and (scale == "million" or digits == 0) and abs(value) >= 10**4:
        return myriad(value)
    if scale == "million":
        return f"{value / 1e6:,.{digits or 1}f} million"
    return f"{value:,.{digits}f}"
