"""A granted project that runs an activity for residents goes on the sociale kaart from its application.

The applicant confirms a listing filled in from the application (queries/reports.py `listing_proposal`); it is made
through the sociale kaart's own services, as any partner's listing is: saved as a concept and submitted, so the
coördinator approves it first (or it is published at once for an organisation the sociale kaart trusts). The
application keeps the link (`Aanvraag.activiteit`): from then on the report shows what the platform knows of the
people referred to it (queries/reports.py `platform_figures`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import User
from socialekaart.services import listings

from ..models import Aanvraag
from ..workflows import APPLICATION
from . import core

STEP = "gepubliceerd"


@transaction.atomic
def publish(*, aanvraag: Aanvraag | int, listing: dict[str, Any], by: User) -> Aanvraag:
    """Put the project's activity on the sociale kaart (as a concept, submitted for approval) and link it to the
    application. `listing` is the cleaned data of the listing form. Once only: a second click is refused."""
    aanvraag = core.lock_application(aanvraag)
    APPLICATION.guard(STEP, aanvraag.status, user=by)
    if aanvraag.activiteit_id is not None:
        raise ValidationError(_("Dit project staat al op de sociale kaart."))
    activiteit = listings.activiteit_create(organisatie=aanvraag.organisatie, data=listing, by=by)
    activiteit = listings.activiteit_submit(activiteit=activiteit, by=by)
    aanvraag.activiteit = activiteit
    core.step(
        aanvraag,
        STEP,
        by=by,
        fields=("activiteit",),
        data={"activiteit": activiteit.pk, "slug": activiteit.slug, "status": activiteit.status},
    )
    return aanvraag
