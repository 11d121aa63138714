"""Unmet needs (issue 15): when nothing on the sociale kaart fits, staff record what they looked for.

A kind of help, a language, a wijk or kern and a short note: never a name. The case is kept on the row for
context on the meldpunt's side; the coördinator's overview (queries.unmet_needs) counts per kind and place only.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coalition.models import User, Wijk

from ..choices import AuditAction
from ..models import Melding, OnvervuldeVraag
from . import audit


@transaction.atomic
def record_unmet_need(
    melding: Melding, *, kind: str, language: str, wijk: Wijk | None, note: str, by: User
) -> OnvervuldeVraag:
    if not melding.meldpunt.staff.filter(pk=by.pk).exists():
        raise PermissionDenied("not staff of this case's meldpunt")
    note = " ".join((note or "").split())[:200]
    if not (kind or language or note):
        raise ValidationError(
            _("Vul in wat u zocht: een soort hulp, een taal of een korte omschrijving."), code="empty"
        )
    if wijk is not None and wijk.gemeente_id != melding.meldpunt.gemeente_id:
        raise ValidationError({"wijk": _("Deze wijk hoort niet bij de gemeente van het meldpunt.")})
    vraag = OnvervuldeVraag.objects.create(
        meldpunt=melding.meldpunt, melding=melding, wijk=wijk, kind=kind, language=language, note=note, created_by=by
    )
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("onvervulde vraag vastgelegd"))
    return vraag
