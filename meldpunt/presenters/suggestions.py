"""The suggested activities of the referral page in words: why each fits, where it is, its evidence, cost and next
date, and what the suggestions are based on. The suggestions come from queries.suggestions."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.formatting import euro
from socialekaart.models import Activiteit, ActivityType, CostKind, Evidence, TargetGroup, Theme

from ..choices import LifeEvent, Profile
from ..models import Melding
from ..queries.responsiveness import Responsiveness
from ..queries.suggestions import ELSEWHERE, IN_GEMEENTE, IN_WIJK, REMOTE, Fit, Person, Suggestion

DISTANCE_WORDS = {
    IN_WIJK: gettext_lazy("in de wijk"),
    IN_GEMEENTE: gettext_lazy("elders in de gemeente"),
    REMOTE: gettext_lazy("online"),
    ELSEWHERE: gettext_lazy("buiten de gemeente"),
}

GROUP_REASONS: dict[str, str | Promise] = {
    TargetGroup.PLUS75: gettext_lazy("voor 75-plussers"),
    TargetGroup.OUDEREN: gettext_lazy("voor ouderen"),
    TargetGroup.MANTELZORGERS: gettext_lazy("voor mantelzorgers"),
    TargetGroup.IEDEREEN: gettext_lazy("voor iedereen"),
}


@dataclass(frozen=True)
class SuggestionCard:
    """One suggestion as the referral page shows it."""

    activiteit: Activiteit
    organisation: str
    score: int
    reasons: list[str]
    distance: str
    evidence: str  # a label: onderbouwd, kansrijk, onbekend
    cost: str
    next_date: datetime | None = None
    next_is_weekly: bool = False
    next_date_text: str = ""
    places: list[str] = field(default_factory=list)
    responsiveness: str = ""  # how the partner answers referrals (queries/responsiveness.py), for staff


def cards(suggestions: list[Suggestion], figures: dict[int, Responsiveness] | None = None) -> list[SuggestionCard]:
    """The suggestions in words; with `figures` (queries.responsiveness) each says how its partner answers."""
    return [
        card(s, responsiveness_text(figures.get(s.activiteit.organisatie_id)) if figures is not None else "")
        for s in suggestions
    ]


def responsiveness_text(figures: Responsiveness | None) -> str:
    """ "80% geaccepteerd, meestal na 1,5 dagen (mediaan; 12 verwijzingen in het afgelopen jaar)", or
    "te weinig gegevens" below MIN_CELL."""
    if figures is None or not figures.enough or figures.acceptance_rate is None:
        return _("te weinig gegevens")
    values = {
        "rate": formats.number_format(round(100 * figures.acceptance_rate)),
        "days": formats.number_format(figures.median_days_to_accept or 0, decimal_pos=1),
        "count": figures.counted,
    }
    if figures.median_days_to_accept is None:
        return _("%(rate)s%% geaccepteerd (%(count)d verwijzingen in het afgelopen jaar)") % values
    return (
        _("%(rate)s%% geaccepteerd, meestal na %(days)s dagen (mediaan; %(count)d verwijzingen in het afgelopen jaar)")
        % values
    )


def card(suggestion: Suggestion, responsiveness: str = "") -> SuggestionCard:
    activiteit = suggestion.activiteit
    return SuggestionCard(
        activiteit=activiteit,
        organisation=suggestion.organisation,
        score=suggestion.score,
        reasons=reasons(suggestion.fit),
        distance=distance_words(activiteit, suggestion.fit.place),
        evidence=str(Evidence(activiteit.evidence).label),
        cost=cost_text(activiteit),
        next_date=suggestion.next_date,
        next_is_weekly=suggestion.next_is_weekly,
        next_date_text=next_date_text(suggestion.next_date, suggestion.next_is_weekly),
        places=suggestion.places,
        responsiveness=responsiveness,
    )


def reasons(fit: Fit) -> list[str]:
    """Why it fits, in a few Dutch words each."""
    found = []
    if fit.place == IN_WIJK:
        found.append(_("in de wijk"))
    elif fit.place == IN_GEMEENTE:
        found.append(_("in de gemeente"))
    if fit.group:
        found.append(str(GROUP_REASONS[fit.group]))
    labels = dict(Theme.choices)
    found.extend(str(labels[theme]) for theme in fit.themes)
    if fit.profile:
        found.append(_("past bij profiel %(profile)s") % {"profile": Profile(fit.profile).label})
    return found


def distance_words(activiteit: Activiteit, place: int) -> str:
    """Where the activity is, seen from the person's wijk (`place`: IN_WIJK … ELSEWHERE)."""
    if place == REMOTE and activiteit.kind == ActivityType.BELLIJN and not activiteit.is_online:
        return _("telefonisch")
    return str(DISTANCE_WORDS[place])


def cost_text(activiteit: Activiteit) -> str:
    if activiteit.cost_kind == CostKind.BEDRAG and activiteit.cost_amount is not None:
        return euro(activiteit.cost_amount)
    return str(CostKind(activiteit.cost_kind).label)


def next_date_text(next_date: datetime | None, weekly: bool) -> str:
    if next_date is None:
        return ""
    text = formats.date_format(timezone.localtime(next_date), "l j F, H.i")
    return _("%(date)s (elke week)") % {"date": text} if weekly else text


def basis(melding: Melding, person: Person) -> list[str]:
    """What the suggestions are based on, in words: wijk, age, life events, profile."""
    words = [melding.wijk.name] if melding.wijk else []
    if person.age is not None:
        words.append(_("%(age)d jaar") % {"age": person.age})
    labels = dict(LifeEvent.choices)
    words.extend(str(labels[event]) for event in sorted(person.life_events) if event in labels)
    if person.profile:
        words.append(_("profiel %(profile)s") % {"profile": Profile(person.profile).label})
    return words
