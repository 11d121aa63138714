"""Plain text helpers of the search, without the database: accents, words, and the parts of Dutch compound words.

Dutch writes compounds as one word ("Mantelzorgcafé", "Beweegtuin", "Luisterlijn"). PostgreSQL's `dutch`
configuration keeps such a word whole, and a prefix search only finds its first part ("mantelzorg" finds
Mantelzorgcafé, "café" does not). Without pg_trgm (the embedded PostgreSQL has none) the search stores the known
last parts of the compounds of a listing in a column of its own (Activiteit.search_parts), written by
socialekaart.search: compound_parts() finds them here.

A part is "known" when it is in COMMON_PARTS below (words that end the names of activities and services) or is a
word of the listing's own text; a plural of a known part counts too ("belmaatjes" → maatjes). A part is a suffix of
at least MIN_PART letters, after a first part of at least MIN_HEAD letters: short endings such as "eten" in "weten"
are never split off.
"""

import re
import unicodedata
from collections.abc import Iterable

WORD = re.compile(r"[a-z0-9]+")
MIN_PART = 3
MIN_HEAD = 3
PLURAL_ENDINGS = ("s", "en", "es")

# Words that often end the name of an activity or service, accent-free. Three-letter words only where they are
# common last parts (belbus, taalles, spreekuur). A change counts for listings saved after it; a data migration
# like 0008_fill_search_parts refreshes the others.
COMMON_PARTS = frozenset(
    [
        "cafe", "koffie", "thee", "lijn", "tuin", "club", "groep", "kring", "koor", "huis", "kamer", "centrum",
        "punt", "plek", "soos", "maatje", "bezoek", "dienst", "hulp", "coach", "cursus", "training", "les", "uur",
        "ochtend", "middag", "avond", "markt", "restaurant", "diner", "maaltijd", "lunch", "ontbijt", "tafel",
        "wandeling", "tocht", "sport", "dans", "zang", "muziek", "theater", "film", "kunst", "atelier", "spel",
        "bridge", "biljart", "bingo", "bus", "auto", "taxi", "vervoer", "netwerk", "contact", "gesprek", "praatje",
        "zorg", "welzijn", "vriend", "vriendschap", "ontmoeting", "salon", "platform", "project", "school", "werk",
        "winkel", "keuken", "kerk", "park", "buurt", "wijk", "dorp", "feest", "uitje", "reis", "vakantie", "week",
        "cirkel", "team", "vereniging", "hoek", "zaal", "bank", "bibliotheek", "spreekuur", "inloop", "loket",
        "telefoon", "computer", "fiets", "boot", "paleis",
    ]
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower case without accents: 'Café Één' -> 'cafe een'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def words_of(text: str) -> list[str]:
    """The words of a text, accent-free: letters and digits only."""
    return WORD.findall(normalise(text))


def _is_known(part: str, known: frozenset[str] | set[str]) -> bool:
    if part in known:
        return True
    return any(part.endswith(ending) and part[: -len(ending)] in known for ending in PLURAL_ENDINGS)


def compound_parts(word: str, known: frozenset[str] | set[str]) -> list[str]:
    """The known last parts of a (normalised) word, longest first: 'vriendschapscursus' -> ['cursus'],
    'buurthuiskamer' -> ['huiskamer', 'kamer'] (when both are known), 'koffie' -> [] (not a part of itself)."""
    return [
        word[start:]
        for start in range(MIN_HEAD, len(word) - MIN_PART + 1)
        if _is_known(word[start:], known) and word[start:] != word
    ]


def parts_text(texts: Iterable[str], own_words: Iterable[str] = ()) -> str:
    """The compound parts of the words of `texts`, space-separated (the text of Activiteit.search_parts).
    `own_words` (the words of the whole listing) count as known parts besides COMMON_PARTS."""
    known = COMMON_PARTS | {word for word in own_words if len(word) > MIN_PART}
    found: dict[str, None] = {}  # in order, once each
    for text in texts:
        for word in words_of(text):
            for part in compound_parts(word, known):
                found.setdefault(part)
    return " ".join(found)
