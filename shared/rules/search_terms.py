"""The words a training is found by, and the words a search asks for.

A participant types `francais` and must find "Français langue étrangère"; a partner writes
"numerique" and must be found by `numérique`. Neither our local Mongo-wire server ($text is
unknown there) nor MongoDB without a text index compares words that way, so each training
stores its words already normalized, in a multikey field `search_terms`, and a search
requires every word of the query: `{"search_terms": {"$all": query_terms(q)}}` (left out
when the query has no words: `$all: []` matches no document). A multikey
index on `search_terms` serves it on MongoDB; both sides go through the same functions here,
so a word matches exactly when its normalized forms are equal.

Normalizing a text into words:
- `shared.contract.text.fold`: no case ("ß" is "ss"), no accents or other combining marks,
  compatibility forms made plain, "œ"/"æ" written "oe"/"ae". Other scripts keep their
  letters: "تدريب" is a word like any other (its vowel marks, being combining, go).
- A word is a run of letters, digits and marks; digits count ("2024", "a1"), and digits of
  any script are written 0-9 ("٢٠٢٤" is "2024"). Everything else separates words:
  spaces, punctuation, apostrophes ("l'intégration" is "l" and "integration").
- Invisible formatting characters (soft hyphen, zero-width joiners, direction marks that
  right-to-left text carries) are not part of a word and do not split one.
- A hyphen joins the parts of a compound that people also write in one word:
  "socio-professionnelle" stores "socio", "professionnelle" AND "socioprofessionnelle";
  a query asks for the joined form only, so `socio-professionnelle` and
  `socioprofessionnelle` find both spellings, and `professionnelle` finds the hyphenated one
  ("e-mail": "mail" and "email"; the query `e-mail` finds "email" too).
- Words of one character are dropped (elided "l'", "d'", a stray "e"): as terms they would
  match nearly everything. A query made only of such words requires nothing.
- A word is cut at MAX_TERM_CHARS and a training keeps at most MAX_TERMS distinct words,
  the first ones met (pass the title first): the document and its index entries stay bounded
  whatever a partner pastes into a description.

Prefix matching (`numér` finding "numérique", as one types) is not offered. It could come
without changing what is stored: for the last, unfinished query word, add
`{"search_terms": {"$regex": "^" + re.escape(prefix)}}` beside the `$all` of the complete
words. An anchored, case-sensitive regex on already-folded terms is one range scan of the
same multikey index on MongoDB (and a scan, like everything, on the local server). If it
proves too slow, store the prefixes of each term (from 3 characters) in a second multikey
field and require the prefix there with an equality.
"""

import unicodedata

from shared.contract.text import fold

MAX_TERMS = 500
MAX_TERM_CHARS = 64
MIN_TERM_CHARS = 2
MAX_QUERY_TERMS = 32

HYPHENS = frozenset("-\u2010")  # NFKD writes a non-breaking hyphen (U+2011) as U+2010


def terms_of(*texts: str) -> list[str]:
    """The normalized words of a training (title, description, tags), sorted and unique:
    `terms_of("Français langue étrangère", "Niveau A1")` is
    ["a1", "etrangere", "francais", "langue", "niveau"]."""
    kept: dict[str, None] = {}  # ordered: the first words met win when the bound is reached
    for text in texts:
        for parts in _compounds(text):
            for term in _bounded([*parts, "".join(parts)] if len(parts) > 1 else parts):
                if len(kept) == MAX_TERMS:
                    return sorted(kept)
                kept.setdefault(term)
    return sorted(kept)


def query_terms(q: str) -> list[str]:
    """The words a search requires, sorted and unique: `query_terms("L'intégration
    socio-professionnelle")` is ["integration", "socioprofessionnelle"]. A blank query, or
    one without any word of two characters, requires nothing: []. At most MAX_QUERY_TERMS
    (the first ones), so that one query stays one bounded `$all`."""
    required: dict[str, None] = {}
    for parts in _compounds(q):
        for term in _bounded(["".join(parts)]):
            required.setdefault(term)
    return sorted(list(required)[:MAX_QUERY_TERMS])


def _compounds(text: str) -> list[list[str]]:
    """Each word of the folded text as the list of its hyphen-separated parts
    ("e-mail" → ["e", "mail"], "numerique" → ["numerique"])."""
    spaced = "".join(_as_word_character(c) for c in fold(text))
    compounds = []
    for chunk in spaced.split():
        parts = "".join("-" if c in HYPHENS else c for c in chunk).split("-")
        if any(parts):
            compounds.append([part for part in parts if part])
    return compounds


def _as_word_character(c: str) -> str:
    """c as it stands in a word, "" if it is invisible, " " if it separates words (a hyphen
    stays, for `_compounds` to tell apart)."""
    category = unicodedata.category(c)
    if category == "Nd":
        return str(unicodedata.decimal(c))
    if category[0] in "LNM" or c in HYPHENS:
        return c
    return "" if category == "Cf" else " "


def _bounded(terms: list[str]) -> list[str]:
    cut = (term[:MAX_TERM_CHARS] for term in terms)
    return [term for term in cut if len(term) >= MIN_TERM_CHARS]
