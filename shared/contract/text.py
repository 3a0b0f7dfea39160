"""Text as people compare it: "Français", "FRANCAIS" and "francais" are one word to a
reader typing on whatever keyboard they have. Used wherever two spellings must meet (an
organization's name for duplicates, a training's words for search), so they all agree."""

import unicodedata

# Letters Unicode does not decompose (so NFKD leaves them whole) but that a French, Dutch or
# English keyboard writes with plain letters: "oeuvre" for "œuvre", "Lodz" for "Łódź".
UNDECOMPOSED_LETTERS = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """The text without case or accents: `fold("Œuvre Numérique STRASSE")` is
    "oeuvre numerique strasse" (ß casefolds to "ss"). Compatibility forms become plain
    characters (the "ﬁ" ligature, full-width "Ａ", superscript "²"); other scripts keep their
    letters, only case and combining marks go (Arabic vowel marks are combining marks).

    casefold, then NFKD to split letters from their marks, drop the marks, and casefold
    again: NFKD can yield capitals of its own (a mathematical "𝐀" is an "A")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(UNDECOMPOSED_LETTERS)
