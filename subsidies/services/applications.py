"""The applicant's changes: starting an application, saving its sections as a draft over several visits, adding and
removing attachments, submitting, completing it after an information request, and withdrawing.

Each change is one function in one transaction. It locks the application's row (core.lock_application), so a double
click or two colleagues at once change nothing twice, checks with the workflow table (workflows.APPLICATION) that
the step may be taken now and by this role, checks that `by` acts for the application's organisation (a service
never trusts its caller), and writes the step's line in the append-only history through core.step.

What may be edited: every section of a draft (concept); after an information request (aanvullen) only the sections
the coördinator reopened, until the deadline; nothing once submitted (the workflow's own Dutch message says so).
Submitting checks everything at once (queries.applicant.missing_pieces, the same list the page shows) and the
closing moment of the call, on the server, at the moment of submitting.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Organisatie, User, Wijk
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..choices import AanvraagStatus, BegrotingCategorie, Doelgroep, Onderdeel
from ..filetypes import MAX_SIZE, detect_kind
from ..formatting import euro, moment
from ..models import Aanvraag, Begrotingsregel, Bijlage, Documenteis, Doel, Regeling
from ..queries.access import may_read_application
from ..queries.applicant import missing_pieces
from ..workflows import APPLICATION
from . import core

# The fields each section writes (besides its rows and its many-to-many choices, handled below).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    Onderdeel.PROJECT: ("title", "summary", "start_date", "end_date"),
    Onderdeel.ORGANISATIE: ("contact_name", "contact_phone", "other_partners"),
    Onderdeel.BEREIK: ("whole_gemeente", "target_groups"),
    Onderdeel.ERVARING: ("ervaringsdeskundigen",),
    Onderdeel.PLANNING: ("activities", "sustainability"),
    Onderdeel.DOELEN: (),
    Onderdeel.METING: ("measurement_plan",),
    Onderdeel.BEGROTING: ("amount_requested",),
    Onderdeel.VRAGEN: ("eligibility_answers",),
}
DOEL_FIELDS = ("target_group", "description", "number")
REGEL_FIELDS = ("category", "description", "amount", "co_financing")
# A second "Nieuwe aanvraag" within this time (a double click) gives the draft the first one made.
DOUBLE_CLICK = timedelta(seconds=10)

RECEIVED_TOPIC = "subsidies.ontvangen"


# ---------------------------------------------------------------------------
# What may be edited
# ---------------------------------------------------------------------------
def edit_refusal(aanvraag: Aanvraag, section: str, *, at: datetime | None = None) -> str | None:
    """Why `section` of `aanvraag` cannot be edited now, in Dutch; None when it can. For the pages (read-only
    sections) and for the services, which refuse with the same words."""
    try:
        APPLICATION.guard("bewaard", aanvraag.status)
    except ValidationError as error:
        return str(error.messages[0])
    if aanvraag.status == AanvraagStatus.AANVULLEN:
        if section not in aanvraag.reopened_parts:
            return _(
                "Dit onderdeel is niet heropend. U kunt nu alleen de onderdelen aanvullen waar de coördinator om vroeg."
            )
        return deadline_passed(aanvraag, at=at)
    return None


def deadline_passed(aanvraag: Aanvraag, *, at: datetime | None = None) -> str | None:
    """After an information request: why nothing can be completed any more (its deadline passed), or None."""
    if aanvraag.info_deadline is not None and (at or timezone.now()) >= aanvraag.info_deadline:
        return _("De termijn om aan te vullen is verstreken op %(moment)s. Neem contact op met de coördinator.") % {
            "moment": moment(aanvraag.info_deadline)
        }
    return None


def _acts_for(by: User, organisatie_id: int) -> None:
    if not by.organisaties.filter(pk=organisatie_id).exists():
        raise PermissionDenied("not acting for this organisation")


def _take(aanvraag: Aanvraag, step: str, by: User, section: str | None = None) -> Aanvraag:
    """Lock the application and check that `by` may take `step` now (and edit `section`, if given)."""
    locked = core.lock_application(aanvraag)
    APPLICATION.guard(step, locked.status, user=by)
    _acts_for(by, locked.organisatie_id)
    if section is not None:
        refusal = edit_refusal(locked, section)
        if refusal:
            raise ValidationError(refusal, code="closed")
    return locked


# ---------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------
@transaction.atomic
def start(*, regeling: Regeling, organisatie: Organisatie, by: User) -> Aanvraag:
    """A new draft of `organisatie` for an open call. A second start within a few seconds (a double click) returns
    the draft the first one made."""
    APPLICATION.guard("aangemaakt", None, user=by)
    _acts_for(by, organisatie.pk)
    now = timezone.now()
    if not regeling.is_open(now):
        raise ValidationError(call_closed_message(regeling, now), code="closed")
    # One start at a time per organisation, so the double-click check below sees the first start's draft.
    Organisatie.objects.select_for_update().filter(pk=organisatie.pk).exists()
    recent = Aanvraag.objects.filter(
        regeling=regeling,
        organisatie=organisatie,
        created_by=by,
        status=AanvraagStatus.CONCEPT,
        created_at__gte=now - DOUBLE_CLICK,
    ).first()
    if recent is not None:
        return recent
    aanvraag = Aanvraag.objects.create(
        regeling=regeling,
        organisatie=organisatie,
        created_by=by,
        status=AanvraagStatus.CONCEPT,
        title="",
        created_at=now,
        updated_at=now,
    )
    core.record(aanvraag, "aangemaakt", by=by)
    return aanvraag


def call_closed_message(regeling: Regeling, now: datetime) -> str:
    if now < regeling.opens_at:
        return _("Deze regeling is nog niet open. U kunt aanvragen vanaf %(moment)s.") % {
            "moment": moment(regeling.opens_at)
        }
    return _("Deze regeling is gesloten op %(moment)s. Indienen kan niet meer; uw concept blijft bewaard.") % {
        "moment": moment(regeling.closes_at)
    }


# ---------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------
@transaction.atomic
def save_section(*, aanvraag: Aanvraag, section: str, data: Mapping[str, Any], by: User) -> Aanvraag:
    """Save one section as it is, complete or not (the draft may be saved at any time). `data` holds the section's
    fields (SECTION_FIELDS); the organisation section may hold `partners` (organisations), the reach section
    `wijken`, the targets section `doelen` and the budget section `regels`: lists of rows (dicts with the model's
    fields and, for a row that exists, its `pk`), which replace the rows saved before."""
    if section not in SECTION_FIELDS:
        raise ValueError(f"unknown section {section!r}")
    locked = _take(aanvraag, "bewaard", by, section)
    fields = [name for name in SECTION_FIELDS[section] if name in data]
    for name in fields:
        setattr(locked, name, data[name])
    _check_fields(locked, section)
    if section == Onderdeel.ORGANISATIE and "partners" in data:
        locked.partners.set(_partners(locked, data["partners"]))
    if section == Onderdeel.BEREIK and "wijken" in data:
        locked.wijken.set(_wijken(locked, data["wijken"]))
    if section == Onderdeel.DOELEN and "doelen" in data:
        _replace_rows(locked, Doel, data["doelen"], DOEL_FIELDS, _check_doel)
    if section == Onderdeel.BEGROTING and "regels" in data:
        _replace_rows(locked, Begrotingsregel, data["regels"], REGEL_FIELDS, _check_regel)
    core.step(locked, "bewaard", by=by, data={"onderdeel": section}, fields=tuple(fields))
    return locked


def _check_fields(aanvraag: Aanvraag, section: str) -> None:
    """The rules that hold for a draft too (the database's, in Dutch); completeness is only checked at submission."""
    errors: dict[str, str] = {}
    start, end = aanvraag.start_date, aanvraag.end_date
    if section == Onderdeel.PROJECT and start and end and end <= start:
        errors["end_date"] = _("De einddatum moet na de startdatum liggen.")
    if section == Onderdeel.BEREIK and not set(aanvraag.target_groups) <= set(Doelgroep.values):
        errors["target_groups"] = _("Kies alleen uit de getoonde doelgroepen.")
    if section == Onderdeel.BEREIK and aanvraag.whole_gemeente and aanvraag.regeling.wijken.exists():
        errors["wijken"] = _("Deze regeling is voor bepaalde wijken. Kies de wijken waar uw project werkt.")
    if section == Onderdeel.BEGROTING and aanvraag.amount_requested is not None:
        if aanvraag.amount_requested < 0:
            errors["amount_requested"] = _("Het bedrag kan niet negatief zijn.")
        elif aanvraag.amount_requested > aanvraag.regeling.max_per_application:
            errors["amount_requested"] = maximum_message(aanvraag.regeling)
    if section == Onderdeel.VRAGEN:
        known = {str(pk) for pk in aanvraag.regeling.toetsvragen.values_list("pk", flat=True)}
        answers = aanvraag.eligibility_answers
        if (
            not isinstance(answers, dict)
            or not set(answers) <= known
            or not all(isinstance(value, bool) for value in answers.values())
        ):
            errors["eligibility_answers"] = _("Beantwoord alleen de vragen van deze regeling, met ja of nee.")
    if errors:
        raise ValidationError(errors)


def maximum_message(regeling: Regeling) -> str:
    return _("Deze regeling geeft hoogstens %(max)s per aanvraag. Vraag niet meer dan dat.") % {
        "max": euro(regeling.max_per_application)
    }


def allowed_wijken(regeling: Regeling) -> "tuple[models.QuerySet[Wijk, Wijk], bool]":
    """The wijken an application may name, and whether the call names them itself: the call's own, or when it
    names none, all of its gemeente's (and then the application may be for the whole gemeente)."""
    if regeling.wijken.exists():
        return regeling.wijken.all(), True
    return Wijk.objects.filter(gemeente_id=regeling.gemeente_id), False


def _wijken(aanvraag: Aanvraag, chosen: Iterable[Wijk]) -> list[Wijk]:
    wijken = list(chosen)
    allowed = set(allowed_wijken(aanvraag.regeling)[0].values_list("pk", flat=True))
    if any(wijk.pk not in allowed for wijk in wijken):
        raise ValidationError({"wijken": _("Kies alleen wijken uit de lijst van deze regeling.")})
    return wijken


def _partners(aanvraag: Aanvraag, chosen: Iterable[Organisatie]) -> list[Organisatie]:
    partners = list(chosen)
    if any(partner.pk == aanvraag.organisatie_id for partner in partners):
        raise ValidationError({"partners": _("Uw eigen organisatie is geen netwerkpartner. Kies alleen andere.")})
    return partners


def _check_doel(row: Mapping[str, Any]) -> None:
    if row["target_group"] not in Doelgroep.values or not str(row["description"]).strip() or row["number"] < 1:
        raise ValidationError({"doelen": _("Vul bij elk doel de doelgroep, het doel en een aantal van 1 of meer in.")})


def _check_regel(row: Mapping[str, Any]) -> None:
    amount, co_financing = Decimal(row["amount"]), Decimal(row["co_financing"])
    if row["category"] not in BegrotingCategorie.values or not str(row["description"]).strip():
        raise ValidationError({"regels": _("Vul bij elke begrotingsregel de soort kosten en een omschrijving in.")})
    if amount < 0 or co_financing < 0 or co_financing > amount:
        raise ValidationError({"regels": _("De cofinanciering is nooit meer dan het bedrag van de regel.")})


def _replace_rows(
    aanvraag: Aanvraag,
    model: type[Doel] | type[Begrotingsregel],
    rows: Sequence[Mapping[str, Any]],
    fields: tuple[str, ...],
    check: Callable[[Mapping[str, Any]], None],
) -> None:
    """The application's rows become `rows`: a row with the pk of one of its rows updates it, any other is new, and
    saved rows that are not in `rows` are deleted."""
    existing: dict[int, Doel | Begrotingsregel] = {row.pk: row for row in model.objects.filter(aanvraag=aanvraag)}
    keep: list[int] = []
    for row in rows:
        check(row)
        obj = existing.get(row.get("pk") or 0) or model(aanvraag=aanvraag)
        for name in fields:
            setattr(obj, name, row[name])
        obj.save()
        keep.append(obj.pk)
    model.objects.filter(aanvraag=aanvraag).exclude(pk__in=keep).delete()


# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------
def too_large_message() -> str:
    return _("Dit bestand is groter dan 10 MB. Maak het kleiner (bijvoorbeeld als pdf) of deel het op.")


def wrong_kind_message() -> str:
    return _(
        "Dit bestand is geen pdf, docx, xlsx of odt; de inhoud past niet bij die soorten, wat de naam ook zegt. "
        "Sla het op als pdf en probeer het opnieuw."
    )


@transaction.atomic
def add_attachment(*, aanvraag: Aanvraag, upload: UploadedFile, documenteis: Documenteis | None, by: User) -> Bijlage:
    """Store an attachment (PDF, DOCX, XLSX or ODT by content, at most 10 MB) outside MEDIA_ROOT, linked to the
    document of the call it provides, if any."""
    locked = _take(aanvraag, "bijlage_toegevoegd", by, Onderdeel.BIJLAGEN)
    size = upload.size or 0
    if size > MAX_SIZE:
        raise ValidationError({"file": too_large_message()})
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError({"file": wrong_kind_message()})
    if documenteis is not None and documenteis.regeling_id != locked.regeling_id:
        raise ValidationError({"documenteis": _("Kies een document van deze regeling.")})
    name = PurePath(upload.name or "").name[:200] or f"bijlage.{kind}"
    bijlage = Bijlage(aanvraag=locked, documenteis=documenteis, name=name, kind=kind, size=size, uploaded_by=by)
    # Stored under a name of our own: what the applicant called the file is only shown, never used as a path.
    bijlage.file.save(f"{uuid4().hex}.{kind}", upload, save=False)
    stored = bijlage.file.name
    try:
        bijlage.save()
        core.step(locked, "bijlage_toegevoegd", by=by, comment=name, data={"bijlage": bijlage.pk})
    except Exception:
        bijlage.file.storage.delete(stored)
        raise
    return bijlage


@transaction.atomic
def remove_attachment(*, bijlage: Bijlage, by: User) -> None:
    """Remove an attachment from a draft (or a reopened attachments section); the file goes after the commit."""
    locked = _take(bijlage.aanvraag, "bijlage_verwijderd", by, Onderdeel.BIJLAGEN)
    row = Bijlage.objects.select_for_update().filter(pk=bijlage.pk, aanvraag=locked).first()
    if row is None:
        return  # removed already (a double click)
    storage, stored, name = row.file.storage, row.file.name, row.name
    row.delete()
    core.step(locked, "bijlage_verwijderd", by=by, comment=name, data={"bijlage": bijlage.pk})
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def attachment_downloaded(*, bijlage: Bijlage, by: User) -> None:
    """Write in the application's history who downloaded which attachment (the download view calls this)."""
    aanvraag = bijlage.aanvraag
    APPLICATION.guard("bijlage_gedownload", aanvraag.status, user=by)
    if not may_read_application(by, aanvraag):
        raise PermissionDenied("may not read this application")
    core.record(aanvraag, "bijlage_gedownload", by=by, comment=bijlage.name, data={"bijlage": bijlage.pk})


# ---------------------------------------------------------------------------
# Submitting, completing, withdrawing
# ---------------------------------------------------------------------------
def _incomplete(aanvraag: Aanvraag) -> None:
    """Everything that is missing, as one ValidationError with one message per piece (its code: the section)."""
    missing = missing_pieces(aanvraag)
    if missing:
        raise ValidationError([ValidationError(piece.message, code=piece.section) for piece in missing])


@transaction.atomic
def submit(*, aanvraag: Aanvraag, by: User) -> Aanvraag:
    """Submit a complete draft before the call closes, and confirm it by e-mail. A second click waits for the first
    and then hears that the application was submitted already (the workflow's ValidationError, code "state")."""
    locked = _take(aanvraag, "ingediend", by)
    now = timezone.now()
    if not locked.regeling.is_open(now):
        raise ValidationError(call_closed_message(locked.regeling, now), code="closed")
    _incomplete(locked)
    locked.submitted_at = now
    core.step(locked, "ingediend", by=by, fields=("submitted_at",))
    _tell_received(locked, "subsidies/email/submitted")
    return locked


@transaction.atomic
def complete_information(*, aanvraag: Aanvraag, by: User) -> Aanvraag:
    """Send back an application that was asked for more information, before the deadline and complete again; the
    reopened sections close."""
    locked = _take(aanvraag, "aangevuld", by)
    too_late = deadline_passed(locked)
    if too_late:
        raise ValidationError(too_late, code="deadline")
    _incomplete(locked)
    parts = list(locked.reopened_parts)
    locked.reopened_parts = []
    core.step(locked, "aangevuld", by=by, fields=("reopened_parts",), data={"onderdelen": parts})
    _tell_received(locked, "subsidies/email/completed")
    return locked


@transaction.atomic
def withdraw(*, aanvraag: Aanvraag, by: User, reason: str = "") -> Aanvraag:
    """Withdraw the application before a decision; this cannot be undone."""
    locked = _take(aanvraag, "ingetrokken", by)
    core.step(locked, "ingetrokken", by=by, comment=reason.strip()[:1000])
    return locked


def _tell_received(aanvraag: Aanvraag, template: str) -> None:
    """The applicant (core.applicant_addresses: who started it and who acts for the organisation) hears that the
    application arrived."""
    context = {
        "aanvraag": aanvraag,
        "regeling": aanvraag.regeling,
        "link": absolute_url(reverse("subsidies:application", args=[aanvraag.pk])),
        "submitted_at": moment(aanvraag.submitted_at),
    }
    subject, body = render_email(template, context)
    enqueue_email(to=core.applicant_addresses(aanvraag), subject=subject, body=body, topic=RECEIVED_TOPIC)
