"""Keys for finding a person's case: a surname key, a phone key and the words of a name, stored on Melding
(person_surname_key, person_phone_key, person_name_words) so the duplicate check and the worklist search are index
lookups.

- The surname key ignores titles (mevrouw, mw., dhr., de heer, dr. …), initials (G., G.J., Th.), diacritics,
  capitals and extra spaces, and the Dutch surname prefixes (van, de, van der, ter …): "mevrouw G. Jansen",
  "Greetje Jansen" and "JANSEN" share the key "jansen"; "Greetje de Vries", "Vries, de" and "G. Vries" share
  "vries". A double surname (Jansen-de Vries) gives the key of its last part.
- The phone key is the digits, +31 and 0031 written as 0: "+31 6 1234 5678" and "06-12345678" are the same.
- The name words are the normalised words of the whole name, for a prefix search (Jans → Greetje Jansen).
"""

import re
import unicodedata

# Why a case may be about the same person (queries.worklist.possible_duplicates; presenters.case has the words).
SAME_SURNAME_POSTCODE = "achternaam_postcode"
SAME_SURNAME_BIRTH_YEAR = "achternaam_geboortejaar"
SAME_PHONE = "telefoon"

TITLES = frozenset(
    {
        "mevrouw", "mevr", "mw", "mvr", "mv", "mej", "mejuffrouw", "juffrouw", "dhr", "heer", "meneer", "mijnheer",
        "mr", "dr", "drs", "ir", "ing", "prof", "fam", "familie", "wed", "weduwe", "zr", "zuster", "br", "broeder",
    }
)  # fmt: skip
# Dutch surname prefixes (tussenvoegsels): part of the surname, but not of its key, so their order does not matter.
PREFIXES = frozenset(
    {
        "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "t", "op", "d", "la", "le", "du", "des", "di",
        "da", "del", "della", "vd", "v", "uit", "aan", "bij", "onder", "over", "tot", "voor", "vander", "vanden",
    }
)  # fmt: skip

_WORD_RE = re.compile(r"[a-z0-9]+")
# A word followed by a full stop is an abbreviation: an initial (G.), a title (mw.), Th., Joh., Chr.
_ABBREVIATION_RE = re.compile(r"[^\W\d_]+\.", re.UNICODE)
SURNAME_KEY_MAX = 60
PHONE_KEY_MAX = 20
NAME_WORDS_MAX = 200
MIN_PHONE_DIGITS = 6


# Letters that NFKD does not take apart.
_OTHER_LETTERS: dict[str, str | int | None] = {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "\u0131": "i"}
_LETTERS = str.maketrans(_OTHER_LETTERS)


def fold(text: str) -> str:
    """Lower case, without diacritics (é → e, ö → o; ß → ss, ø → o, ł → l)."""
    text = unicodedata.normalize("NFKD", text or "").casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.translate(_LETTERS)


def name_words(name: str) -> list[str]:
    """The words of a name, folded: "Greetje  Jänsen-de Vries" → ["greetje", "jansen", "de", "vries"]."""
    return _WORD_RE.findall(fold(name))


def _surname_words(name: str) -> list[str]:
    """The words of a name without titles and initials, in reading order ("Vries, G. de" → ["de", "vries"])."""
    name = fold(name)
    if name.count(",") == 1:  # "Vries, de" or "Jansen, G." — the surname first, then the rest
        surname, rest = name.split(",")
        name = f"{rest} {surname}"
    # Abbreviations (G., mw., dhr.) go, unless the abbreviation is a prefix (v. d. Berg keeps no key of its own).
    name = _ABBREVIATION_RE.sub(" ", name)
    words = _WORD_RE.findall(name)
    if words[:2] == ["de", "heer"]:  # "de heer Jansen": a title, not a prefix
        words = words[2:]
    # Single letters are initials (G J Jansen); a number stays: staff may have written "Jansen 2" on purpose.
    return [word for word in words if word.isdigit() or (len(word) > 1 and word not in TITLES)]


def surname_key(name: str) -> str:
    """The key of a person's surname: the last word of the name that is no title, initial or prefix."""
    words = [word for word in _surname_words(name) if word not in PREFIXES]
    return words[-1][:SURNAME_KEY_MAX] if words else ""


def phone_key(phone: str) -> str:
    """Only the digits, +31 / 0031 / +31 (0) as 0: "+31 (0)6-1234 5678" → "0612345678". Too short: ""."""
    phone = (phone or "").strip()
    digits = "".join(char for char in phone if char.isdigit() and char.isascii())
    if phone.startswith("+"):
        digits = "00" + digits
    if digits.startswith("0031"):
        digits = "0" + digits[4:].removeprefix("0")  # +31 (0)6 …: the (0) is the same 0
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    return digits[:PHONE_KEY_MAX]


def search_words(name: str) -> str:
    """The words of a name for the search column, separated by spaces (to_tsvector('simple') splits them)."""
    return " ".join(name_words(name))[:NAME_WORDS_MAX]
