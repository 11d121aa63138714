"""Password rules of Omzien, on top of Django's (AUTH_PASSWORD_VALIDATORS in settings).

- `RoleMinimumLengthValidator`: 12 characters for the roles with a second factor (they see personal data or run the
  platform), 10 for the others (aanvragers, stuurgroep, commissie). A password checked without a user gets the
  longer minimum.
- `DutchCommonPasswordValidator`: no password that is only a word everyone tries first in Dutch (welkom, wachtwoord,
  …), a season or month, or the name of a gemeente or wijk of the platform, with digits or punctuation around it:
  Welkom01, zomer2024, Januari2025!, Enschede1. Django's CommonPasswordValidator knows the English ones.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Gemeente, Wijk

SEASONS = ("lente", "voorjaar", "zomer", "herfst", "najaar", "winter", "spring", "summer", "autumn", "fall")
MONTHS = (
    *("januari", "februari", "maart", "april", "mei", "juni", "juli"),
    *("augustus", "september", "oktober", "november", "december"),
    *("january", "february", "march", "may", "june", "july", "august", "october"),
)
# Words people try first in the Netherlands (besides Django's English list).
COMMON_WORDS = (
    *("welkom", "wachtwoord", "wachtwoordje", "geheim", "geheimpje", "hallo", "hoi", "doei", "inloggen"),
    *("omzien", "gemeente", "nederland", "holland", "oranje", "voetbal", "ajax", "feyenoord", "psv", "twente"),
    *("liefde", "schatje", "lieverd", "prinses", "zonnetje", "snoepje", "poepje", "kaas", "fiets", "wijk"),
    *("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "azerty", "qwerty"),
)
FIXED_WORDS = frozenset(SEASONS + MONTHS + COMMON_WORDS)

# Digits and signs typed instead of letters: W3lk0m is Welkom.
LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# From the first letter to the last: what is left of a password without the digits and signs around it.
INNER_RE = re.compile(r"[a-z].*[a-z]|[a-z]")
NOT_A_LETTER_RE = re.compile(r"[^a-z]")


def word_of(text: str) -> str:
    """The word a password is made of once its surroundings are gone: ' Zomer-2024! ' -> 'zomer', 'W3lk0m01' ->
    'welkom', 'Hof van Twente 1' -> 'hofvantwente'. Empty when there are no letters."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    inner = INNER_RE.search(plain)
    if inner is None:
        return ""
    return NOT_A_LETTER_RE.sub("", inner.group().translate(LOOKALIKES))


def place_names() -> set[str]:
    """The gemeenten and wijken of the platform, as words."""
    names = [*Gemeente.objects.values_list("name", flat=True), *Wijk.objects.values_list("name", flat=True)]
    return {word_of(name) for name in names} - {""}


class RoleMinimumLengthValidator:
    """At least `second_factor_min_length` characters for roles with a second factor, `min_length` for the others."""

    def __init__(self, min_length: int = 10, second_factor_min_length: int = 12):
        self.min_length = min_length
        self.second_factor_min_length = second_factor_min_length

    def minimum_for(self, user=None) -> int:
        if user is None or getattr(user, "needs_second_factor", True):
            return self.second_factor_min_length
        return self.min_length

    def validate(self, password: str, user=None) -> None:
        minimum = self.minimum_for(user)
        if len(password) < minimum:
            raise ValidationError(
                ngettext(
                    "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d teken.",
                    "Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.",
                    minimum,
                ),
                code="password_too_short",
                params={"min_length": minimum},
            )

    def get_help_text(self) -> str:
        return _(
            "Uw wachtwoord heeft minstens %(long)d tekens. Logt u in zonder code uit een app (bijvoorbeeld als "
            "aanvrager)? Dan minstens %(short)d tekens."
        ) % {"long": self.second_factor_min_length, "short": self.min_length}


class DutchCommonPasswordValidator:
    """Refuses a password that is only a common Dutch word, a season, a month or a place of the platform, with digits
    or signs around it (the year, 123, !)."""

    def validate(self, password: str, user=None) -> None:
        word = word_of(password)
        if word and (word in FIXED_WORDS or word in place_names()):
            raise ValidationError(
                _(
                    "Dit wachtwoord is te makkelijk te raden: het is een bekend woord, een seizoen, een maand of een "
                    "plaatsnaam met alleen cijfers of tekens erbij. Kies iets anders, bijvoorbeeld een paar woorden "
                    "achter elkaar."
                ),
                code="password_too_guessable",
            )

    def get_help_text(self) -> str:
        return _(
            "Uw wachtwoord is niet alleen een bekend woord, seizoen, maand of plaatsnaam met cijfers erbij, zoals "
            "Welkom01 of Zomer2024!."
        )
