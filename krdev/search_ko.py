"""Full-text search for the Korean edition: a Sphinx search language for ``ko``.

Sphinx has no Korean search language; with ``language=ko`` it falls back to English, which indexes a
Hangul word with its particles attached ("수도권의", "인구감소지역은") as one token, so a query for
"수도권" finds only the pages where the noun stands bare. Korean writes a noun and its particles (조사)
as one word (어절), and compound nouns without spaces (인구감소지역 = 인구 + 감소 + 지역).

Following the usual approach of Korean and CJK text retrieval, every Hangul word is indexed as its
overlapping character bigrams: Lee and Ahn (1996), "Using n-grams for Korean text retrieval", Proc.
19th ACM SIGIR (Zürich), found bigram indexing as effective as morphological analysis for Korean; the
same scheme is Lucene's ``CJKBigramFilter`` (and Elasticsearch's ``cjk_bigram``), which treats Hangul
as CJK. Before the bigrams are formed, a light stemmer strips one common particle or verbal ending and
a plural ``들`` (a short closed list, :data:`ENDINGS`), so that "수도권의" and "수도권은" give the same
grams as "수도권" and particles add no noise; it never leaves a stem shorter than two syllables
("시도" keeps its 도). A one-syllable word is indexed as itself. The query is cut the same way in the
browser (:data:`JS_SPLITTER`, generated from the same list), and Sphinx requires every gram of the
query to occur in a page: "수도권" → 수도 + 도권 finds "수도권의", "수도권은" and "비수도권".

Non-Hangul words (English terms, acronyms such as NEAR or GRDP, numbers) are handled as in the
English edition: Porter stemming and English stop words, so both editions find them alike.
"""

from __future__ import annotations

import functools
import json
import re

from sphinx.search.en import SearchEnglish

HANGUL = "\uac00-\ud7a3"  # precomposed Hangul syllables
_WORD = re.compile(r"\w+")
_RUNS = re.compile(f"[{HANGUL}]+|[^{HANGUL}]+")
_IS_HANGUL = re.compile(f"[{HANGUL}]")

#: Particles (조사), the copula and common endings of 하다/되다 verbs, stripped from the end of a Hangul
#: word before it is cut into bigrams; the longest match is stripped, once.
ENDINGS = tuple(sorted({
    # case and auxiliary particles
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "으로", "에서", "에게",
    "께서", "까지", "부터", "보다", "처럼", "만큼", "마다", "조차", "마저", "밖에",
    # stacked particles
    "에서는", "에서도", "에서의", "에서만", "에게는", "으로는", "으로도", "으로서", "으로써", "으로의",
    "로는", "로도", "로서", "로써", "로의", "에는", "에도", "에만", "에의", "와는", "과는", "와의", "과의",
    "와도", "과도", "까지는", "까지의", "부터는", "보다는", "만의", "만이", "만을",
    # the copula
    "이다", "이며", "이고", "이나", "이라는", "이라고", "라는", "라고", "이었다", "였다", "이란", "입니다",
    # endings of 하다 and 되다 verbs made from nouns (집중했다, 지정된)
    "하다", "한다", "했다", "하였다", "하는", "하고", "하며", "하여", "해서", "하지", "한", "할",
    "된다", "되었다", "됐다", "되는", "되고", "되어", "된", "될",
}, key=lambda e: (-len(e), e)))
PLURAL = "들"
MIN_STEM = 2  # syllables a stem keeps at least


@functools.lru_cache(maxsize=None)  # pure, and a book repeats its words: each is stemmed once
def hangul_stem(word: str) -> str:
    """``word`` (Hangul syllables only) without one trailing particle or ending of :data:`ENDINGS`
    (the longest that fits) and then a plural 들, each stripped only if two syllables or more remain:
    "수도권의" → "수도권", "지역들은" → "지역", "집중했다" → "집중", "시도" → "시도"."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            word = word[: -len(ending)]
            break
    if word.endswith(PLURAL) and len(word) - len(PLURAL) >= MIN_STEM:
        word = word[: -len(PLURAL)]
    return word


def bigrams(stem: str) -> list[str]:
    """The overlapping two-syllable grams of ``stem`` ("인구감소" → 인구, 구감, 감소); a one-syllable
    stem is its own gram."""
    if len(stem) < 2:
        return [stem] if stem else []
    return [stem[i:i + 2] for i in range(len(stem) - 1)]


def split(text: str) -> list[str]:
    """The index terms of ``text``: words as Sphinx's default splitter finds them (``\\w+``), each
    divided into runs of Hangul and of other characters ("GRDP의" → "GRDP", "의"); a Hangul run gives
    the bigrams of its stem (:func:`hangul_stem`), any other run stays whole."""
    terms: list[str] = []
    for word in _WORD.findall(text):
        for run in _RUNS.findall(word):
            if _IS_HANGUL.match(run):
                terms.extend(bigrams(hangul_stem(run)))
            else:
                terms.append(run)
    return terms


#: :func:`split` in JavaScript, as ``splitQuery`` (Sphinx's hook for a language's query splitter).
JS_SPLITTER = """
/* Korean query splitter (krdev.search_ko): Hangul words are stripped of one particle or ending
   (then a plural 들) and cut into overlapping syllable bigrams, exactly as the index was built. */
const KRDEV_KO_ENDINGS = %(endings)s;
const krdevHangulStem = (word) => {
  for (const ending of KRDEV_KO_ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= %(min)d) {
      word = word.slice(0, -ending.length);
      break;
    }
  }
  if (word.endsWith("%(plural)s") && word.length - 1 >= %(min)d) word = word.slice(0, -1);
  return word;
};
const krdevBigrams = (stem) => {
  if (stem.length < 2) return stem ? [stem] : [];
  const grams = [];
  for (let i = 0; i + 1 < stem.length; i++) grams.push(stem.slice(i, i + 2));
  return grams;
};
var splitQuery = (query) => {
  const terms = [];
  for (const word of query.match(/[\\p{L}\\p{N}_]+/gu) || []) {
    for (const run of word.match(/[%(hangul)s]+|[^%(hangul)s]+/gu)) {
      if (/[%(hangul)s]/u.test(run)) terms.push(...krdevBigrams(krdevHangulStem(run)));
      else terms.push(run);
    }
  }
  return terms;
};
""" % {"endings": json.dumps(list(ENDINGS), ensure_ascii=False), "min": MIN_STEM, "plural": PLURAL,
       "hangul": HANGUL.encode("unicode_escape").decode()}

#: The English Porter stemmer of Sphinx, applied to non-Hangul terms only (grams stay as they are).
JS_STEMMER = SearchEnglish.js_stemmer_code.replace("var Stemmer = function", "var KrdevPorterStemmer = function", 1) + """
/* Korean edition (krdev.search_ko): Hangul grams are not stemmed; other words as in English. */
var Stemmer = function() {
  const porter = new KrdevPorterStemmer();
  this.stemWord = (w) => /[%(hangul)s]/u.test(w) ? w : porter.stemWord(w);
};
""" % {"hangul": HANGUL.encode("unicode_escape").decode()}


class SearchKorean(SearchEnglish):
    """Sphinx search language ``ko``: Hangul as stemmed bigrams (:func:`split`), the rest as English.
    The stop words are the English ones as adjusted by :mod:`krdev.sphinxext` (looked up on the parent
    class, so acronyms like NEAR stay searchable)."""

    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER
    js_stemmer_code = JS_STEMMER

    def split(self, input: str) -> list[str]:
        return split(input)

    def stem(self, word: str) -> str:
        return word if _IS_HANGUL.search(word) else super().stem(word)
