"""The book's terminology: the English term ↔ Korean headword pairs of the glossary, and a check that
a Korean catalogue renders every glossary term that an English message uses with its headword.

The pairs come from the "Index of terms" table at the end of ``book/glossary.md`` (columns: the
headword with its romanisation, the English equivalent, the group), and the Korean variants a glossary
entry declares ("Its own Korean name is ..."). An English equivalent can name the term several ways:
"Capital region (Seoul Capital Area)", "Gross regional domestic product (GRDP)", "Estimated (projected)
population", "ICLEI -- Local Governments for Sustainability"; :func:`english_forms` derives the forms
that are checked (see there for what a parenthesis means).

The check (:func:`violations`) follows the usual practice of terminology management in translation
(ISO 12616-1:2021, "Translation-oriented terminography"; the "term consistency" checks of CAT tools):
wherever a source message uses an English term (whole words, case-insensitive, with plurals), its
translation must contain the Korean headword. Spaces and hyphens are ignored in the comparison
(국가균형발전 특별법 = 국가균형발전특별법, 타일 지수 = 타일지수).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from krdev.paths import REPO_ROOT

GLOSSARY = REPO_ROOT / "book" / "glossary.md"
HANGUL = "\uac00-\ud7a3"

#: Terms not checked, and why. The check needs an English term that, wherever it occurs, means the
#: glossary's concept, and a headword whose presence in a translation says something.
SKIPPED = {
    # 도 is one syllable: it occurs inside countless unrelated words (도시, 정도, 제도), so its presence
    # proves nothing; and "provinces" in the book's English usually means the 시도 as a set, which a
    # translation rightly renders 시도 or 광역자치단체.
    "Province": "one-syllable headword (도); 'provinces' is also used loosely for the 시도 as a set",
    # the English word also names the geographic dispersal of industry and people away from the capital
    # region ("decentralisation from the capital region"), which Korean calls 분산, not 지방분권
    "Decentralisation": "also means geographic dispersal (분산), not only the transfer of powers (지방분권)",
}

#: Accepted Korean forms besides the headword, for headwords that Korean writing regularly spells
#: another way; each with its reason.
VARIANTS = {
    # the standard short form (표준국어대사전: 지자체, '지방 자치 단체'를 줄여 이르는 말); 지방정부, which
    # the glossary's own headwords use for "local governments" (세계지방정부연합, 동북아지방정부연합); and
    # 지방자치, as English "local government" also names the system ("the return of elected local
    # government", 민선 지방자치의 부활)
    "지방자치단체": ("지자체", "지방정부", "지방자치"),
}
#: Greek letters written as symbols (β-수렴 for 베타수렴), as Korean economics writes the two convergences.
GREEK = {"베타": "β", "시그마": "σ"}

_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_DECLARED = re.compile(rf"(?:Korean name is|also called|also written)\s+([{HANGUL}][{HANGUL}0-9 ·]*[{HANGUL}])")


@dataclass(frozen=True)
class Term:
    """One glossary term: its headword ("수도권"), the full glossary key ("수도권 (sudogwon)"), its
    English equivalent as the index gives it, the English forms checked, and the Korean forms accepted."""

    headword: str
    key: str
    english: str
    forms: tuple[str, ...]
    korean: tuple[str, ...] = field(default=())


def english_forms(equivalent: str) -> list[str]:
    """The English forms of an index entry's English equivalent that the check looks for.

    - ``A -- B`` (a name and its expansion): both A and B;
    - a parenthesis inside the term, ``Estimated (projected) population``: the term without it and
      with the parenthesis in place of the word before it ("estimated population", "projected population");
    - a closing parenthesis holding an acronym, ``(GRDP)``: the acronym (matched in capitals only);
      holding another name of two words or more without digits, ``(Seoul Capital Area)``: that name too;
      anything else there (a year, a romanisation, a one-word gloss such as "Sejong") is not a form.
    """
    text = equivalent.replace("\\&", "&").strip()
    if " -- " in text:
        return [f for part in text.split(" -- ") for f in english_forms(part)]
    forms: list[str] = []
    inner = re.match(r"^(.*?)(\S+) \(([^)]+)\) (.+)$", text)
    if inner:
        before, word, alternative, after = inner.groups()
        return [f"{before}{word} {after}", f"{before}{alternative} {after}"]
    trailing = re.match(r"^(.*?) \(([^)]+)\)$", text)
    if trailing:
        text, note = trailing.groups()
        if _ACRONYM.match(note) or (len(note.split()) >= 2 and not re.search(r"\d|,", note)):
            forms.append(note)
    return [text] + forms


def _korean_forms(headword: str, declared: list[str]) -> tuple[str, ...]:
    forms = [headword, *declared, *VARIANTS.get(headword, ())]
    for name, symbol in GREEK.items():
        if headword.startswith(name):
            forms.append(symbol + headword[len(name):])
    return tuple(dict.fromkeys(forms))


def glossary_terms(path: Path = GLOSSARY) -> list[Term]:
    """The terms of the glossary at ``path`` (``book/glossary.md``), in the order of its "Index of
    terms" table, with the English forms to check (:func:`english_forms`) and the accepted Korean forms:
    the headword (the key without its romanisation), the variants the entry declares ("Its own Korean
    name is 동북아시아지역자치단체연합"), the standard variants of :data:`VARIANTS`, and Greek-letter
    spellings (:data:`GREEK`). Terms of :data:`SKIPPED` are left out. A malformed row of the index is an
    error naming its line."""
    text = path.read_text(encoding="utf-8")
    if "## Index of terms" not in text:
        raise ValueError(f"{path}: no 'Index of terms' section")
    glossary, index = text.split("## Index of terms", 1)
    definitions = dict(re.findall(r"^(\S[^\n]*)\n  ([^\n]+)", glossary, re.M))
    terms = []
    offset = glossary.count("\n") + 1
    for number, line in enumerate(index.split("\n"), start=offset):
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        match = re.fullmatch(r"`((.+?) \([^)]+\))`", cells[0]) if len(cells) == 3 else None
        if not match:
            raise ValueError(f"{path}:{number}: expected '| `headword (romanisation)` | English | group |', got {line!r}")
        key, headword = match.groups()
        english = cells[1]
        if key not in definitions:
            raise ValueError(f"{path}:{number}: {key!r} is in the index but has no glossary entry")
        if english.replace("\\&", "&").split(" (")[0] in SKIPPED:
            continue
        declared = _DECLARED.findall(definitions[key])
        terms.append(Term(headword, key, english, tuple(english_forms(english)), _korean_forms(headword, declared)))
    return terms


def _pattern(form: str) -> re.Pattern:
    """Whole-word pattern of an English form: words separated by spaces, hyphens or dashes; the last
    word also in its plural (city → cities, complex → complexes, area → areas); acronyms in capitals."""
    if _ACRONYM.match(form):
        return re.compile(rf"(?<![\w&]){re.escape(form)}(?![\w&])")
    words = re.split(r"[\s\-–—]+", form)
    last = words[-1]
    if re.search(r"[^aeiou]y$", last, re.I):
        last = re.escape(last[:-1]) + "(?:y|ies)"
    elif re.search(r"(?:s|x|z|ch|sh)$", last, re.I):
        last = re.escape(last) + "(?:es)?"
    else:
        last = re.escape(last) + "s?"
    body = r"[\s\-–—]+".join([re.escape(w) for w in words[:-1]] + [last])
    return re.compile(rf"(?<!\w){body}(?!\w)", re.I)


def _plain(message: str) -> str:
    """The words a message shows: MyST roles keep their shown text (``{term}`text <key>``` →
    text) or vanish (cite keys, glue keys, references), inline code and math vanish, links keep their text."""
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*<[^`>]*>`", r"\1", message)
    text = re.sub(r"\{term\}`([^`]*)`", r"\1", text)
    text = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"[\w:/.-]*[/_.][A-Za-z0-9][\w:/.-]*", " ", text, flags=re.A)  # paths, files, URLs, parameters
    if " " not in text.strip() and re.search(r"\w-\w", text):
        return ""  # a lone slug ("sister-cities", a table cell naming a chapter file)
    text = re.sub(r"\$[^$]+\$", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _normal(text: str) -> str:
    return re.sub(r"[\s\-‐–]+", "", text)


@dataclass(frozen=True)
class Violation:
    """A message whose translation lacks a term's Korean headword."""

    msgid: str
    found: str  # the English words found in the msgid
    term: Term

    def describe(self, catalogue: str) -> str:
        start = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        also = f" (or {', '.join(self.term.korean[1:])})" if len(self.term.korean) > 1 else ""
        return (f"{catalogue}: msgid {start!r} uses {self.found!r}; its msgstr should contain "
                f"{self.term.headword}{also}")


def violations(messages, terms: list[Term]) -> list[Violation]:
    """The (msgid, msgstr) pairs of ``messages`` (translated ones; empty msgstrs are skipped) in which
    the msgid uses an English form of one of ``terms`` and the msgstr contains none of its Korean
    forms. Longer forms are matched first and their spans masked, so "non-capital region" counts as
    비수도권 and not also as "capital region". An acronym (KOSIS, GRDP, NEAR) may also stay as it is in
    the translation, as Korean academic writing keeps them. Two kinds of text are not prose using a
    term and are skipped: a message that is itself an English equivalent of the index (the glossary's
    English column stays English), and the bold English equivalent that opens a glossary definition."""
    equivalents = {t.english.replace("\\&", "&") for t in terms} | {t.english for t in terms}
    labels = equivalents | {re.sub(r" \([^)]*\)$", "", e) for e in equivalents}  # "New Vitality region (2004)"
    forms = sorted(((f, t) for t in terms for f in t.forms), key=lambda pair: -len(pair[0]))  # longest first
    patterns = [(_pattern(f), t, (f,) if _ACRONYM.match(f) else ()) for f, t in forms]
    result = []
    for msgid, msgstr in messages:
        if not msgid or not msgstr or msgid in equivalents:
            continue
        opening = re.match(r"^\*\*(.+?)\*\*\.\s*", msgid)
        text = _plain(msgid[opening.end():] if opening and opening.group(1) in labels else msgid)
        translation = _normal(_plain(msgstr))  # what the page shows: a {term} role's text, not its target
        reported = set()
        for pattern, term, kept in patterns:
            for match in pattern.finditer(text):
                text = text[:match.start()] + "\0" * (match.end() - match.start()) + text[match.end():]
                if term.key in reported or any(_normal(k) in translation for k in term.korean + kept):
                    continue
                reported.add(term.key)
                result.append(Violation(msgid, match.group(0), term))
    return result


def catalogue_violations(path: Path, terms: list[Term] | None = None) -> list[str]:
    """:func:`violations` of the gettext catalogue at ``path`` (fuzzy entries skipped), each described
    with the catalogue's path, the start of the msgid and the expected headword."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalogue = read_po(handle)
    messages = [(str(m.id), str(m.string)) for m in catalogue if m.id and m.string and not m.fuzzy]
    name = path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else str(path)
    return [v.describe(name) for v in violations(messages, terms if terms is not None else glossary_terms())]
