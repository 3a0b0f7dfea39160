"""Python regular expressions, as marshmallow's validators compile them, spelled for ECMA-262,
the dialect of OpenAPI patterns, so that both match the same strings.

Where the dialects differ on what a pattern says: Python's `$` also matches before a final
newline (`\\Z` does not: it becomes `$`, which in ECMA-262 is the end); ECMA-262 has no inline
flags, so re.IGNORECASE is written out letter by letter, with the non-ASCII letters Python folds
onto ASCII ones (`ſ` is an `s`, `K` a `k`); and `\\s` is another set of characters in each
(Python's includes \\x1c-\\x1f and \\x85, ECMA-262's \\ufeff), so it is written out as Python's.
`\\d` stays: ASCII digits in ECMA-262, a subset of Python's (which also reads `٣` as a digit).
"""

import functools
import re
import string

_TOKEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|.", re.DOTALL)
_CLASS_ITEM = re.compile(r"\\.|(.)-(.)|.", re.DOTALL)
_BMP = range(0x10000)  # every case fold onto ASCII and every space Python knows lies here


def ignoring_case(pattern: str) -> str:
    """What `re.compile(pattern, re.IGNORECASE)` matches, as an ECMA-262 pattern without flags
    (non-ASCII characters escaped as `\\u` and four hex digits)."""
    out = []
    for token in _TOKEN.findall(pattern):
        if token == r"\Z":
            out.append("$")
        elif token in (r"\s", r"\S"):
            out.append(("[" if token == r"\s" else "[^") + _python_spaces() + "]")
        elif token.startswith("["):
            out.append(_class_ignoring_case(token))
        elif token.isascii() and token.isalpha():
            out.append("[" + _ascii(_both_cases(token)) + "]")
        else:
            out.append(_ascii(token))
    return "".join(out)


def _class_ignoring_case(char_class: str) -> str:
    """`[...]` with the other case of its letters added first (a trailing `-` stays last)."""
    negated = char_class.startswith("[^")
    body = char_class[2 if negated else 1:-1]
    extra = []
    for item in _CLASS_ITEM.finditer(body):
        low, high, whole = item.group(1), item.group(2), item.group(0)
        if low and all(c in string.ascii_letters for c in low + high):
            extra.append(f"{low.swapcase()}-{high.swapcase()}")
            extra += [_folds().get(c.lower(), "") for c in map(chr, range(ord(low), ord(high) + 1))]
        elif len(whole) == 1 and whole in string.ascii_letters:
            extra.append(_both_cases(whole).replace(whole, "", 1))
    return ("[^" if negated else "[") + _ascii("".join(extra)) + _ascii(body) + "]"


def lowering_to(word: str) -> str:
    """A pattern of the strings whose str.lower() is `word` (ASCII letters and others)."""
    return "".join("[" + _ascii("".join(c for c in _both_cases(letter) if c.lower() == letter))
                   + "]" if letter.isalpha() else re.escape(letter) for letter in word)


def _both_cases(letter: str) -> str:
    lower = letter.lower()
    return lower + lower.upper() + _folds().get(lower, "")


@functools.cache
def _folds() -> dict[str, str]:
    """ASCII letter -> the other characters re.IGNORECASE matches it with (İ ı ſ K)."""
    folds: dict[str, str] = {}
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    for character in map(chr, _BMP[128:]):
        if any_letter.fullmatch(character):
            letter = next(x for x in string.ascii_lowercase
                          if re.fullmatch(x, character, re.IGNORECASE))
            folds[letter] = folds.get(letter, "") + character
    return folds


@functools.cache
def _python_spaces() -> str:
    """What `\\s` matches in Python, as the body of an ECMA-262 class."""
    spaces = [c for c in _BMP if chr(c).isspace()]
    runs: list[list[int]] = []
    for code in spaces:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(_escape(low) if low == high else f"{_escape(low)}-{_escape(high)}"
                   for low, high in runs)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in text)
