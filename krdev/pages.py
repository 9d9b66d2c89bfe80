"""Text generated from the data package metadata (the Data chapter's sections).

Everything that comes from the descriptor (titles, descriptions, coverage, caveats, source and
license names, units, paths) is text, never markup: :func:`_md_escape` escapes every character
that Markdown, MyST or HTML would interpret, links are made only to ``http(s)`` addresses, and code
spans are used only for values that cannot close them.
"""

from __future__ import annotations

import re
import string

from krdev.data import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"

CHAPTER_TITLES = {
    "regions-at-a-glance": "Korea's regions at a glance",
    "capital-concentration": "Concentration in the capital region",
    "inequality-convergence": "Regional inequality and convergence",
    "balanced-policy": "The balanced-development policy re-examined",
    "industrial-specialisation": "Where Korean industry concentrates",
    "complexes-symbiosis": "Industrial complexes, cluster programmes and industrial symbiosis",
    "innovation-districts": "Innovation districts",
    "municipal-networks": "Korean governments in international municipal networks",
    "sister-cities": "Sister and friendship cities",
    "decline-era": "After 2008: balanced development in the population-decline era",
}

# CommonMark lets a backslash escape any ASCII punctuation character: escaping all of them leaves
# no way for metadata text to open a tag, an entity, a role, a link, emphasis, math or a table cell.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]`\\]+")
_SAFE_CODE = re.compile(r"[\w./:@+-]+")


_CODE_SPAN = re.compile(r"`([\w./:@+-]+)`")


def _md_escape(text) -> str:
    """Plain text for a Markdown line: every ASCII punctuation character backslash-escaped, line
    breaks and other control characters turned into spaces; only a code span around a bare
    identifier (`` `note` ``) is kept as such."""
    flat = "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in str(text))
    parts = _CODE_SPAN.split(flat)  # even: text, odd: identifiers that were in backticks
    return "".join(f"`{part}`" if odd else _PUNCTUATION.sub(r"\\\1", part) for odd, part in
                   ((i % 2 == 1, part) for i, part in enumerate(parts)))


def _code(text) -> str:
    """A code span for identifiers and paths; anything else is escaped as plain text."""
    text = str(text)
    return f"`{text}`" if _SAFE_CODE.fullmatch(text) else _md_escape(text)


def _link(title, url) -> str:
    """A link to an ``http(s)`` address, else the escaped title alone."""
    url = str(url or "")
    return f"[{_md_escape(title)}]({url})" if _SAFE_URL.fullmatch(url) else _md_escape(title)


def chapter_title(chapter: str, language: str = "en") -> str:
    """The title of ``chapter`` in ``language``: the English title of :data:`CHAPTER_TITLES` (or the
    name itself), and in Korean the translation the chapter's own prose catalogue gives it
    (``locales/ko/LC_MESSAGES/notebooks/<chapter>.po``), or the English title while it has none."""
    english = CHAPTER_TITLES.get(chapter, chapter)
    if language == "en" or not re.fullmatch(r"[\w-]+", str(chapter)):
        return english
    path = REPO_ROOT / "locales" / language / "LC_MESSAGES" / "notebooks" / f"{chapter}.po"
    if not path.exists():
        return english
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        entry = read_po(handle).get(english)
    return str(entry.string) if entry is not None and entry.string and not entry.fuzzy else english


def resource_section(res: dict, frame, language: str | None = None) -> str:
    """Markdown describing one resource: what, coverage, units, source, license, users, caveats.

    The labels are in ``language`` (default: the build's, :func:`krdev.i18n.lang`); what comes from the
    descriptor (title, description, coverage, caveats, source and license names) stays as published, and
    in Korean the description is introduced as the data package's own text."""
    from krdev.i18n import gettext, lang, number

    language = language or lang()

    def _(message, **values):
        return gettext(message, language, **values)

    fields = res.get("schema", {}).get("fields", [])
    units = [f"{_code(f['name'])}: {_md_escape(f['krdev:unit'])}" for f in fields if f.get("krdev:unit")]
    sources = "; ".join(_link(s.get("title", ""), s.get("path")) for s in res.get("sources", []))
    licenses = ", ".join(_md_escape(lic.get("title", lic.get("name", ""))) for lic in res.get("licenses", []))
    used = ", ".join(f"[{_md_escape(chapter_title(c, language))}]({c}.ipynb)"
                     if re.fullmatch(r"[\w-]+", str(c)) and (NOTEBOOKS / f"{c}.ipynb").exists()
                     else _md_escape(chapter_title(c, language)) for c in res.get("krdev:usedBy", []))
    kind = (_("processed (built by `make data`)") if res.get("krdev:kind") == "processed"
            else _("raw (as compiled)"))
    digest = str(res.get("hash", "")).removeprefix("sha256:")[:16]
    description = _md_escape(res.get("description", ""))
    if language != "en" and description:
        description = _("Description (the data package's own text, in English): {text}", text=description)
    lines = [
        f"## {_md_escape(res.get('title', res['name']))}",
        "",
        _("{name} — {kind}, {path}, {rows} rows, {size} bytes.", name=_code(res["name"]), kind=kind,
          path=_code("data/" + str(res["path"])), rows=f"{len(frame):,}", size=f"{int(res.get('bytes', 0)):,}"),
        "",
        description,
        "",
        _("- **Coverage:** {text}", text=_md_escape(res.get("krdev:coverage") or _("see the source notes"))),
        _("- **Units:** {text}", text="; ".join(units) if units else _("counts, codes and text as described in the schema")),
        _("- **Source:** {text}", text=sources),
        _("- **License:** {text}", text=licenses),
        _("- **Used by:** {text}", text=used or _("reference")),
        _("- **SHA-256:** {text}…", text=_code(digest)),
    ]
    vintage = res.get("krdev:vintage")
    if vintage:
        provisional = ", ".join(_md_escape(y) for y in vintage.get("provisional_years", [])) or _("none")
        base = (_("{year} base", year=_md_escape(vintage["base_year"])) if vintage.get("base_year")
                else _("current prices, no base year"))
        lines.append(_("- **Vintage:** {label} — {base}; release: {release}; provisional years: {provisional}. "
                       "Never combined with another vintage.", label=_md_escape(vintage.get("label", "")), base=base,
                       release=_md_escape(vintage.get("release", "")), provisional=provisional))
    if res.get("krdev:caveats"):
        lines.append(_("- **Caveats:** {text}", text=_md_escape(res["krdev:caveats"])))
    if res.get("krdev:sourceNotes"):
        lines.append(_("- **Provenance and caveats:** {text}", text=_code("data/" + str(res["krdev:sourceNotes"]))))
    return "\n".join(lines) + "\n"
