"""The public progress page (/voortgang/): each gemeente's ambition line, and a few figures of this year for the
council and citizens. The same suppression as the dashboard; nothing about a person."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from coalition import queries as coalition_queries
from meldpunt import queries as meldpunt_queries
from socialekaart import queries as socialekaart_queries

from .. import periods
from .. import queries as monitoring_queries
from ..suppression import Figure, count, quantity, ratio
from . import ambition
from .base import DataTable


@dataclass(frozen=True)
class Progress:
    year: int
    until: str
    ambitions: list[DataTable]
    figures: list[tuple[str, Figure, str]]  # (what, the figure, a line of explanation)
    coalition: list[tuple[str, Figure]]  # per gemeente: the organisations that signed up


def public_progress() -> Progress:
    today = timezone.localdate()
    this_year = periods.year_to_date(today)
    (headline,) = meldpunt_queries.headlines([this_year.as_range()])
    listings = socialekaart_queries.listing_figures(today=today)
    ambitions = [ambition.line_table(line) for line in monitoring_queries.ambition_lines()]
    current = ratio(listings.confirmed, listings.active)
    per_gemeente = coalition_queries.coalition_members_per_gemeente()
    members = [(g.name, quantity(g.members)) for g in per_gemeente]  # type: ignore[attr-defined]  # an annotation
    return Progress(
        coalition=members,
        year=today.year,
        until=today.strftime("%d-%m-%Y"),
        ambitions=ambitions,
        figures=[
            (
                gettext("Signalen van eenzaamheid bij het meldpunt"),
                count(headline.signals),
                gettext("Van buren, familie, huisartsen, vrijwilligers en mensen zelf."),
            ),
            (
                gettext("Mensen verwezen naar een activiteit of organisatie"),
                count(headline.people_referred),
                gettext("Door het meldpunt, met toestemming van de persoon."),
            ),
            (
                gettext("Activiteiten op de sociale kaart"),
                quantity(listings.active),
                gettext("Openbaar en te vinden via deze website."),
            ),
            (
                gettext("Deel van de activiteiten dat actueel is"),
                current,
                gettext("Door de organisatie bevestigd in de laatste zes maanden."),
            ),
        ],
    )
