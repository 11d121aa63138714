"""Partners and coördinators keep the listings of the sociale kaart: one function per state transition of an
activity, its places, weekly times and dated events (change proposals: proposals.py; the form data: listing_data.py).

Every function here has the same shape: lock the activity (`select_for_update`, so a double click or two
coördinators cannot apply a transition twice) → check the state (a `ListingError` in Dutch when the
transition is not allowed) → save → append a `Historie` row → refresh the search vector when text,
labels or places changed → queue the e-mail in the outbox (sent by Celery once the change is committed).

The e-mails carry no personal data and no free text (a coördinator's comment may name people): only a
sentence and a link to the page where the logged-in reader sees the rest.

Approval, in short:
- a new listing is a concept; `activiteit_submit` sends it to the coördinator (status ter beoordeling),
  or publishes it at once when the organisation may publish directly (`PartnerInstelling`) or when a
  coördinator submits it;
- an edit of a published listing by an untrusted partner becomes a `Wijzigingsvoorstel` (one open per
  activity; a new edit replaces its data) and the public listing stays as it is until approval.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.models import Contactpersoon, Organisatie, Role, User, field_label
from coalition.queries import coordinator_addresses, wijk_for_postcode
from coalition.services.outbox import absolute_url, enqueue_email

from ..models import (
    Activiteit,
    Bijeenkomst,
    Frequency,
    Historie,
    Locatie,
    PartnerInstelling,
    Tijdslot,
    Uitzondering,
    Wijzigingsvoorstel,
)
from ..search import forget_vocabulary, refresh_search_vector
from .listing_data import (
    SCALAR_FIELDS,
    amount,
    apply,
    current_json,
    diff,
    display_value,
    to_json,
    unique_slug,
)

Status = Activiteit.Status
Action = Historie.Action

# Tries at a new activity's slug: another may take the same one between choosing and saving it.
SLUG_ATTEMPTS = 3


class ListingError(ValidationError):
    """A transition that is not allowed in the listing's current state; the message is Dutch and for the user."""


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def lock_activity(activiteit: Activiteit) -> Activiteit:
    """The activity row, locked until the end of the transaction, with its current state from the database."""
    return Activiteit.objects.select_for_update().select_related("organisatie").get(pk=activiteit.pk)


def record_history(
    activiteit: Activiteit, action: str, by: User | None, *, comment: str = "", changes: dict[str, Any] | None = None
) -> Historie:
    return Historie.objects.create(
        activiteit=activiteit, action=action, by=by, comment=comment, changes=changes or {}, at=timezone.now()
    )


def _is_coordinator(user: User) -> bool:
    return user.has_role(Role.COORDINATOR)


def is_trusted(organisatie_id: int) -> bool:
    """May this organisation publish without the coördinator looking first?"""
    return PartnerInstelling.objects.filter(organisatie_id=organisatie_id, may_publish_directly=True).exists()


def refuse_archived(activiteit: Activiteit) -> None:
    if activiteit.status == Status.GEARCHIVEERD:
        raise ListingError(_("Deze activiteit is gearchiveerd en kan niet meer worden gewijzigd."))


# ---------------------------------------------------------------------------
# E-mail: a sentence and a link, nothing personal; queued in the outbox within the change's transaction
# ---------------------------------------------------------------------------
def _notify_coordinators(path: str) -> None:
    recipients = coordinator_addresses()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Sociale kaart: er wacht een activiteit op uw beoordeling")
        body = _(
            "Er is een activiteit of een wijziging ingediend voor de sociale kaart.\n\n"
            "U bekijkt en beoordeelt deze hier (na inloggen):\n%(link)s\n"
        ) % {"link": absolute_url(path)}
    enqueue_email(to=recipients, subject=subject, body=body, topic="socialekaart.beoordelen")


def notify_organisation(activiteit: Activiteit, *, approved: bool) -> None:
    recipients = list(
        Contactpersoon.objects.filter(organisatie_id=activiteit.organisatie_id, is_primary=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    link = absolute_url(reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}))
    with translation.override(settings.LANGUAGE_CODE):
        if approved:
            subject = _("Sociale kaart: uw activiteit is goedgekeurd")
            body = _("De coördinator heeft een activiteit of wijziging van uw organisatie goedgekeurd.")
        else:
            subject = _("Sociale kaart: uw activiteit is teruggestuurd")
            body = _(
                "De coördinator heeft een activiteit of wijziging van uw organisatie teruggestuurd, met een opmerking."
            )
        body += "\n\n" + _("U leest de details hier (na inloggen):\n%(link)s\n") % {"link": link}
    enqueue_email(to=recipients, subject=subject, body=body, topic="socialekaart.beoordeeld")


def _review_path(activiteit: Activiteit) -> str:
    return reverse("socialekaart:review_activiteit", kwargs={"slug": activiteit.slug})


def _proposal_path(proposal: Wijzigingsvoorstel) -> str:
    return reverse("socialekaart:review_proposal", kwargs={"pk": proposal.pk})


# ---------------------------------------------------------------------------
# The activity
# ---------------------------------------------------------------------------
@transaction.atomic
def activiteit_create(*, organisatie: Organisatie, data: dict[str, Any], by: User) -> Activiteit:
    """A new listing, saved as concept. `data` is the cleaned data of the activity form."""
    values = to_json(data)
    scalars = {name: values[name] for name in SCALAR_FIELDS if name in values}
    scalars["cost_amount"] = amount(scalars.get("cost_amount"))
    for attempt in range(SLUG_ATTEMPTS):
        try:
            # A savepoint: when someone else took the same slug in the meantime, try the next number.
            with transaction.atomic():
                activiteit = Activiteit.objects.create(
                    organisatie=organisatie,
                    slug=unique_slug(scalars.get("title", "")),
                    status=Status.CONCEPT,
                    **scalars,
                )
            break
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS - 1:
                raise
    activiteit.locaties.set(Locatie.objects.filter(pk__in=values.get("locaties", []), organisatie=organisatie))
    activiteit.wijken.set(values.get("wijken", []))
    record_history(activiteit, Action.AANGEMAAKT, by)
    refresh_search_vector(activiteit)
    return activiteit


@transaction.atomic
def activiteit_update(*, activiteit: Activiteit, data: dict[str, Any], by: User) -> Wijzigingsvoorstel | None:
    """Save an edit: applied at once, or, for a published listing of an untrusted partner, kept as a proposal.

    Returns the open proposal when the edit waits for the coördinator, else None.
    """
    activiteit = lock_activity(activiteit)
    refuse_archived(activiteit)
    values = to_json(data)
    needs_review = (
        activiteit.status == Status.GEPUBLICEERD
        and not _is_coordinator(by)
        and not is_trusted(activiteit.organisatie_id)
    )
    if not needs_review:
        changes = apply(activiteit, values)
        # The edit form showed the waiting change (see activiteit_edit): saving it applied that change.
        taken_over = activiteit.wijzigingsvoorstellen.filter(status=Wijzigingsvoorstel.Status.OPEN).update(
            status=Wijzigingsvoorstel.Status.GOEDGEKEURD, decided_by=by, decided_at=timezone.now()
        )
        if changes or taken_over:
            comment = _("De wachtende wijziging is hiermee verwerkt.") if taken_over else ""
            record_history(activiteit, Action.GEWIJZIGD, by, changes=changes, comment=comment)
        return None

    changes = diff(current_json(activiteit), values)
    proposal = (
        Wijzigingsvoorstel.objects.select_for_update()
        .filter(activiteit=activiteit, status=Wijzigingsvoorstel.Status.OPEN)
        .first()
    )
    if proposal is None and not changes:
        return None  # nothing changed: nothing for the coördinator to look at
    if proposal is None:
        proposal = Wijzigingsvoorstel.objects.create(activiteit=activiteit, data=values, submitted_by=by)
        _notify_coordinators(_proposal_path(proposal))
    else:
        proposal.data = values
        proposal.submitted_by = by
        proposal.save(update_fields=["data", "submitted_by"])
    record_history(
        activiteit,
        Action.INGEDIEND,
        by,
        comment=_(
            "Wijziging ingediend; de activiteit blijft zichtbaar zoals ze was tot de coördinator haar goedkeurt."
        ),
        changes=changes,
    )
    return proposal


def _publish(activiteit: Activiteit, by: User, *, comment: str = "") -> None:
    activiteit.status = Status.GEPUBLICEERD
    fields = ["status", "updated_at"]
    if activiteit.last_confirmed_on is None:
        activiteit.last_confirmed_on = timezone.localdate()
        activiteit.last_confirmed_by = by
        fields += ["last_confirmed_on", "last_confirmed_by"]
    activiteit.save(update_fields=fields)
    record_history(activiteit, Action.GEPUBLICEERD, by, comment=comment)
    refresh_search_vector(activiteit)  # also forgets the vocabulary of public words


@transaction.atomic
def activiteit_submit(*, activiteit: Activiteit, by: User) -> Activiteit:
    """'Indienen': a concept goes to the coördinator, or is published at once when the organisation is trusted."""
    activiteit = lock_activity(activiteit)
    if activiteit.status != Status.CONCEPT:
        raise ListingError(
            _("Alleen een concept kunt u indienen. Deze activiteit is %(status)s.")
            % {"status": activiteit.get_status_display()}
        )
    if _is_coordinator(by) or is_trusted(activiteit.organisatie_id):
        _publish(activiteit, by, comment=_("Direct gepubliceerd."))
        return activiteit
    activiteit.status = Status.TER_BEOORDELING
    activiteit.save(update_fields=["status", "updated_at"])
    record_history(activiteit, Action.INGEDIEND, by)
    _notify_coordinators(_review_path(activiteit))
    return activiteit


@transaction.atomic
def activiteit_approve(*, activiteit: Activiteit, by: User) -> Activiteit:
    """The coördinator publishes a submitted listing."""
    activiteit = lock_activity(activiteit)
    if activiteit.status != Status.TER_BEOORDELING:
        raise ListingError(
            _("Deze activiteit wacht niet op beoordeling (ze is %(status)s). Er is niets veranderd.")
            % {"status": activiteit.get_status_display()}
        )
    _publish(activiteit, by)
    notify_organisation(activiteit, approved=True)
    return activiteit


def require_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ListingError(_("Schrijf in de toelichting wat de partner moet aanpassen."))
    return comment


@transaction.atomic
def activiteit_return(*, activiteit: Activiteit, by: User, comment: str) -> Activiteit:
    """The coördinator sends a submitted listing back as concept, with a comment the partner sees."""
    comment = require_comment(comment)
    activiteit = lock_activity(activiteit)
    if activiteit.status != Status.TER_BEOORDELING:
        raise ListingError(
            _("Deze activiteit wacht niet op beoordeling (ze is %(status)s). Er is niets veranderd.")
            % {"status": activiteit.get_status_display()}
        )
    activiteit.status = Status.CONCEPT
    activiteit.save(update_fields=["status", "updated_at"])
    record_history(activiteit, Action.TERUGGESTUURD, by, comment=comment)
    notify_organisation(activiteit, approved=False)
    return activiteit


@transaction.atomic
def activiteit_confirm_current(*, activiteit: Activiteit, by: User) -> Activiteit:
    """'Nog actueel' in one click, for a listing on the sociale kaart. A second click on the same day changes nothing.
    A draft (concept, or waiting for the coördinator) is not confirmed: it is checked when it is approved."""
    activiteit = lock_activity(activiteit)
    refuse_archived(activiteit)
    if activiteit.status != Status.GEPUBLICEERD:
        raise ListingError(
            _(
                "Deze activiteit staat nog niet op de sociale kaart. U bevestigt dat een activiteit nog actueel is "
                "als ze gepubliceerd is."
            )
        )
    today = timezone.localdate()
    if activiteit.last_confirmed_on == today:
        return activiteit
    old = activiteit.last_confirmed_on
    activiteit.last_confirmed_on = today
    activiteit.last_confirmed_by = by
    activiteit.save(update_fields=["last_confirmed_on", "last_confirmed_by", "updated_at"])
    record_history(
        activiteit,
        Action.BEVESTIGD,
        by,
        changes={field_label(Activiteit, "last_confirmed_on"): [old.isoformat() if old else "", today.isoformat()]},
    )
    if activiteit.status == Status.GEPUBLICEERD:
        forget_vocabulary()  # a stale listing may be back in the public search
    return activiteit


@transaction.atomic
def activiteit_archive(*, activiteit: Activiteit, by: User) -> Activiteit:
    """Take a listing off the sociale kaart for good; an open proposal for it is closed."""
    activiteit = lock_activity(activiteit)
    if activiteit.status == Status.GEARCHIVEERD:
        raise ListingError(_("Deze activiteit is al gearchiveerd."))
    old_status = activiteit.get_status_display()
    activiteit.status = Status.GEARCHIVEERD
    activiteit.save(update_fields=["status", "updated_at"])
    activiteit.wijzigingsvoorstellen.filter(status=Wijzigingsvoorstel.Status.OPEN).update(
        status=Wijzigingsvoorstel.Status.TERUGGESTUURD,
        decided_by=by,
        decided_at=timezone.now(),
        comment=_("De activiteit is gearchiveerd."),
    )
    record_history(
        activiteit,
        Action.GEARCHIVEERD,
        by,
        changes={field_label(Activiteit, "status"): [str(old_status), str(activiteit.get_status_display())]},
    )
    forget_vocabulary()
    return activiteit


@transaction.atomic
def activiteit_duplicate(*, activiteit: Activiteit, by: User) -> Activiteit:
    """A copy as concept, titled '… (kopie)', with a new slug, the same places, recurring times and exceptions.

    Dated events are not copied: they belong to the original's dates.
    """
    source = Activiteit.objects.select_related("organisatie").get(pk=activiteit.pk)
    suffix = " " + _("(kopie)")
    title = source.title[: 120 - len(suffix)] + suffix
    values = {name: getattr(source, name) for name in SCALAR_FIELDS} | {"title": title}
    copy = Activiteit.objects.create(
        organisatie=source.organisatie, slug=unique_slug(title), status=Status.CONCEPT, **values
    )
    copy.locaties.set(source.locaties.all())
    copy.wijken.set(source.wijken.all())
    Tijdslot.objects.bulk_create(
        Tijdslot(
            activiteit=copy,
            weekday=slot.weekday,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            freq=slot.freq,
            interval=slot.interval,
            bysetpos=slot.bysetpos,
            valid_from=slot.valid_from,
            until=slot.until,
            locatie_id=slot.locatie_id,
            note=slot.note,
        )
        for slot in source.tijdsloten.all()
    )
    Uitzondering.objects.bulk_create(
        Uitzondering(activiteit=copy, starts_on=exception.starts_on, ends_on=exception.ends_on, reason=exception.reason)
        for exception in source.uitzonderingen.all()
    )
    record_history(copy, Action.GEKOPIEERD, by, comment=_("Kopie van %(title)s.") % {"title": source.title})
    refresh_search_vector(copy)
    return copy


# ---------------------------------------------------------------------------
# Places, weekly times and dated events
# ---------------------------------------------------------------------------
LOCATIE_FIELDS = ["name", "street", "postcode", "city", "wheelchair_accessible", "hearing_loop"]


@transaction.atomic
def locatie_save(
    *, organisatie: Organisatie, data: dict[str, Any], by: User, locatie: Locatie | None = None
) -> Locatie:
    """Create or change a location of the organisation; the wijk follows from the postcode."""
    if locatie is None:
        locatie = Locatie(organisatie=organisatie)
        old = None
    else:
        locatie = Locatie.objects.select_for_update().get(pk=locatie.pk, organisatie=organisatie)
        old = {name: getattr(locatie, name) for name in LOCATIE_FIELDS}
    for name in LOCATIE_FIELDS:
        if name in data:
            setattr(locatie, name, data[name])
    locatie.wijk = wijk_for_postcode(locatie.postcode)
    locatie.save()
    if old is not None:
        changes = {
            f"{_('locatie')} {locatie.name}: {field_label(Locatie, name)}": [
                display_value(name, old[name]),
                display_value(name, getattr(locatie, name)),
            ]
            for name in LOCATIE_FIELDS
            if old[name] != getattr(locatie, name)
        }
        if changes:
            for activiteit in locatie.activiteiten.select_related("organisatie"):
                record_history(activiteit, Action.GEWIJZIGD, by, changes=changes)
                refresh_search_vector(activiteit)
    return locatie


def _schedule_change(activiteit: Activiteit, by: User, label: str, old: str, new: str) -> None:
    record_history(activiteit, Action.GEWIJZIGD, by, changes={label: [old, new]})


@transaction.atomic
def tijdslot_add(*, activiteit: Activiteit, data: dict[str, Any], by: User) -> Tijdslot:
    """A recurring time (every Tuesday 10.00–12.00; every other week from a date; the last Friday of the month),
    with an optional first and last date."""
    activiteit = lock_activity(activiteit)
    refuse_archived(activiteit)
    if data["ends_at"] <= data["starts_at"]:
        raise ListingError(_("De eindtijd moet na de begintijd liggen."))
    locatie = data.get("locatie")
    if locatie is not None and locatie.organisatie_id != activiteit.organisatie_id:
        raise ListingError(_("Kies een locatie van uw eigen organisatie."))
    tijdslot = Tijdslot.objects.create(
        activiteit=activiteit,
        weekday=data["weekday"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        freq=data.get("freq", Frequency.WEEKLY),
        interval=data.get("interval", 1),
        bysetpos=data.get("bysetpos"),
        valid_from=data.get("valid_from"),
        until=data.get("until"),
        locatie=locatie,
        note=data.get("note", ""),
    )
    _schedule_change(activiteit, by, str(Tijdslot._meta.verbose_name_plural), "", str(tijdslot))
    return tijdslot


@transaction.atomic
def tijdslot_remove(*, tijdslot: Tijdslot, by: User) -> None:
    activiteit = lock_activity(tijdslot.activiteit)
    refuse_archived(activiteit)
    deleted, _rows = Tijdslot.objects.filter(pk=tijdslot.pk).delete()
    if deleted:  # a second click finds nothing left to remove and records nothing
        _schedule_change(activiteit, by, str(Tijdslot._meta.verbose_name_plural), str(tijdslot), "")


@transaction.atomic
def uitzondering_add(*, activiteit: Activiteit, data: dict[str, Any], by: User) -> Uitzondering:
    """A date or period without a session of the recurring times (a holiday, the summer break)."""
    activiteit = lock_activity(activiteit)
    refuse_archived(activiteit)
    if data["ends_on"] < data["starts_on"]:
        raise ListingError(_("De laatste dag moet op of na de eerste dag liggen."))
    uitzondering = Uitzondering.objects.create(
        activiteit=activiteit, starts_on=data["starts_on"], ends_on=data["ends_on"], reason=data.get("reason", "")
    )
    _schedule_change(activiteit, by, str(Uitzondering._meta.verbose_name_plural), "", str(uitzondering))
    return uitzondering


@transaction.atomic
def uitzondering_remove(*, uitzondering: Uitzondering, by: User) -> None:
    activiteit = lock_activity(uitzondering.activiteit)
    refuse_archived(activiteit)
    deleted, _rows = Uitzondering.objects.filter(pk=uitzondering.pk).delete()
    if deleted:
        _schedule_change(activiteit, by, str(Uitzondering._meta.verbose_name_plural), str(uitzondering), "")


@transaction.atomic
def bijeenkomst_add(*, activiteit: Activiteit, data: dict[str, Any], by: User) -> Bijeenkomst:
    """A dated event, for the agenda."""
    activiteit = lock_activity(activiteit)
    refuse_archived(activiteit)
    if data["ends_at"] <= data["starts_at"]:
        raise ListingError(_("Het einde moet na het begin liggen."))
    if data["starts_at"] < timezone.now():
        raise ListingError(_("Een bijeenkomst kan niet in het verleden liggen."))
    locatie = data.get("locatie")
    if locatie is not None and locatie.organisatie_id != activiteit.organisatie_id:
        raise ListingError(_("Kies een locatie van uw eigen organisatie."))
    bijeenkomst = Bijeenkomst.objects.create(
        activiteit=activiteit,
        title=data.get("title", ""),
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        locatie=locatie,
        note=data.get("note", ""),
    )
    bijeenkomst.activiteit = activiteit
    _schedule_change(activiteit, by, str(Bijeenkomst._meta.verbose_name_plural), "", str(bijeenkomst))
    return bijeenkomst


@transaction.atomic
def bijeenkomst_remove(*, bijeenkomst: Bijeenkomst, by: User) -> None:
    activiteit = lock_activity(bijeenkomst.activiteit)
    refuse_archived(activiteit)
    description = str(bijeenkomst)
    deleted, _rows = Bijeenkomst.objects.filter(pk=bijeenkomst.pk).delete()
    if deleted:
        _schedule_change(activiteit, by, str(Bijeenkomst._meta.verbose_name_plural), description, "")


# ---------------------------------------------------------------------------
# Trust
# ---------------------------------------------------------------------------
@transaction.atomic
def partner_trust_set(*, organisatie: Organisatie, may_publish_directly: bool, by: User) -> PartnerInstelling:
    """The coördinator lets an organisation publish without review (or takes that back)."""
    if not _is_coordinator(by):
        raise ListingError(_("Alleen een coördinator kan dit instellen."))
    instelling, _created = PartnerInstelling.objects.select_for_update().get_or_create(organisatie=organisatie)
    if instelling.may_publish_directly != may_publish_directly:
        instelling.may_publish_directly = may_publish_directly
        instelling.save(update_fields=["may_publish_directly"])
    return instelling
