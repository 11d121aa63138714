"""From the committee's advice to a settled subsidy: allocation, the decision, payments and settlement.

Each change is one function in one transaction that locks what it changes and takes its step through `core.step`
(the workflow table decides whether the step may be taken, by whom, and writes the history line).

The budget of a call can never be over-allocated. Every service here locks the call before the application
(`_locked`): two coördinators allocating in one call at the same moment take turns, and the second one reads what
the first allocated. The database holds the same rule on its own (the trigger of migration 0002 and the check
constraint `regeling_never_over_allocated`); when it refuses, the coördinator reads the same Dutch message beside
the amount.

After the decision the applicant gets an e-mail with a link to the decision letter (queries/letters.py writes the
letter; views/grants.py shows it as a page and a PDF); after the settlement, one with the final amount.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..choices import AanvraagStatus, BetalingSoort, RapportSoort, RapportStatus
from ..models import ZERO, Aanvraag, Betaling, Rapportage
from ..money import euro
from ..queries.finance import paid_total
from ..workflows import APPLICATION
from . import core

# The check constraint (Regeling.Meta) that keeps a call's allocated total within its budget.
OVER_ALLOCATED = "regeling_never_over_allocated"


def _locked(aanvraag: Aanvraag) -> Aanvraag:
    """The call, then the application, locked. Always in this order, so that two services on the same call take
    turns instead of each holding one row and waiting for the other."""
    core.lock_call(aanvraag.regeling_id)
    return core.lock_application(aanvraag)


# ---------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------
def budget_refused(error: IntegrityError) -> bool:
    """Did the database refuse because the call's budget would be over-allocated?"""
    return OVER_ALLOCATED in str(error)


def over_budget_message(left: Decimal) -> str:
    return _("Dit past niet meer in het budget van de regeling: er is nog %(left)s over.") % {"left": euro(left)}


@transaction.atomic
def allocate(*, aanvraag: Aanvraag, amount: Decimal | None, by: User) -> Aanvraag:
    """Allocate `amount` of the call's budget to an application at the committee (part of what was asked is
    allowed). None or 0 clears the allocation. The amount is at most what was asked, at most the call's maximum
    per application and at most what is left of the budget (counting this application's own allocation as free)."""
    aanvraag = _locked(aanvraag)
    regeling = aanvraag.regeling
    APPLICATION.guard("bedrag_toegewezen", aanvraag.status, user=by)
    amount = amount or None
    previous = aanvraag.allocated_amount
    left = regeling.total_budget - regeling.allocated_total + (previous or ZERO)
    if amount is not None:
        if amount < 0:
            raise ValidationError({"amount": _("Een bedrag kan niet negatief zijn.")})
        if amount > (aanvraag.amount_requested or ZERO):
            raise ValidationError(
                {
                    "amount": _("Dit is meer dan de aanvrager vraagt (%(asked)s). U kunt ook minder toewijzen.")
                    % {"asked": euro(aanvraag.amount_requested)}
                }
            )
        if amount > regeling.max_per_application:
            raise ValidationError(
                {
                    "amount": _("Dit is meer dan het maximum per aanvraag van deze regeling (%(max)s).")
                    % {"max": euro(regeling.max_per_application)}
                }
            )
        if amount > left:
            raise ValidationError({"amount": over_budget_message(left)})
    aanvraag.allocated_amount = amount
    data = {"amount": _decimal(amount), "previous": _decimal(previous)}
    try:
        with transaction.atomic():  # a savepoint: the database's refusal leaves the transaction usable
            core.step(aanvraag, "bedrag_toegewezen", by=by, data=data, fields=("allocated_amount",))
    except IntegrityError as error:
        if not budget_refused(error):
            raise
        raise ValidationError({"amount": over_budget_message(left)}) from error
    return aanvraag


def _decimal(amount: Decimal | None) -> str | None:
    """An amount for the history's JSON."""
    return None if amount is None else str(amount)


# ---------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------
def _reasons(reasons: str) -> str:
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Schrijf op waarom u zo besluit. De aanvrager leest dit in de brief.")})
    return reasons


def grant_kind(aanvraag: Aanvraag) -> str:
    """'toegekend' when the whole request is allocated, 'deels_toegekend' when less."""
    whole = aanvraag.allocated_amount is not None and aanvraag.allocated_amount >= (aanvraag.amount_requested or 0)
    return AanvraagStatus.TOEGEKEND if whole else AanvraagStatus.DEELS_TOEGEKEND


@transaction.atomic
def grant(*, aanvraag: Aanvraag, reasons: str, by: User) -> Aanvraag:
    """Grant the allocated amount: wholly ('toegekend') when it is what was asked, partly ('deels_toegekend') when
    less. Creates the reporting deadlines and tells the applicant. A decision is not undone."""
    aanvraag = _locked(aanvraag)
    APPLICATION.guard("toegekend", aanvraag.status, user=by)
    reasons = _reasons(reasons)
    if not aanvraag.allocated_amount:
        raise ValidationError(
            _("Wijs eerst een bedrag toe. Zonder bedrag kunt u de aanvraag alleen afwijzen."), code="no_amount"
        )
    if aanvraag.end_date is None:
        raise ValidationError(
            _("De aanvraag heeft geen einddatum, dus er is geen datum voor de eindrapportage."), code="no_end"
        )
    kind = grant_kind(aanvraag)
    _decide(aanvraag, kind, reasons, by)
    schedule_reports(aanvraag)
    _tell_applicant(aanvraag, "besluit")
    return aanvraag


@transaction.atomic
def refuse(*, aanvraag: Aanvraag, reasons: str, by: User) -> Aanvraag:
    """Refuse the application; an amount allocated to it goes back to the call's budget."""
    aanvraag = _locked(aanvraag)
    APPLICATION.guard("afgewezen", aanvraag.status, user=by)
    reasons = _reasons(reasons)
    aanvraag.allocated_amount = None
    _decide(aanvraag, AanvraagStatus.AFGEWEZEN, reasons, by, "allocated_amount")
    _tell_applicant(aanvraag, "besluit")
    return aanvraag


def _decide(aanvraag: Aanvraag, name: str, reasons: str, by: User, *fields: str) -> None:
    aanvraag.decision_reasons = reasons
    aanvraag.decided_at = timezone.now()
    aanvraag.decided_by = by
    core.step(
        aanvraag,
        name,
        by=by,
        comment=reasons,
        data={"amount": _decimal(aanvraag.allocated_amount)},
        fields=("decision_reasons", "decided_at", "decided_by", *fields),
    )


def schedule_reports(aanvraag: Aanvraag) -> list[Rapportage]:
    """The reports a granted project owes, from its call's rules: an interim report `interim_report_months` after
    the start (when the call asks for one and the project has a start date), and a final report
    `final_report_weeks` weeks after the end. A report that exists already is left as it is. Runs inside the
    grant's transaction."""
    regeling = aanvraag.regeling
    due: dict[str, date] = {}
    if regeling.interim_report_months and aanvraag.start_date:
        due[RapportSoort.TUSSENTIJDS] = aanvraag.start_date + relativedelta(months=regeling.interim_report_months)
    if aanvraag.end_date:
        due[RapportSoort.EIND] = aanvraag.end_date + timedelta(weeks=regeling.final_report_weeks)
    existing = set(aanvraag.rapportages.values_list("kind", flat=True))
    return Rapportage.objects.bulk_create(
        Rapportage(aanvraag=aanvraag, kind=kind, due_date=day) for kind, day in due.items() if kind not in existing
    )


# ---------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------
def payment_ceiling(aanvraag: Aanvraag) -> Decimal:
    """The most the grantee may have received: the settled amount once settled, else the granted amount."""
    if aanvraag.status == AanvraagStatus.VASTGESTELD and aanvraag.settled_amount is not None:
        return aanvraag.settled_amount
    return aanvraag.allocated_amount or ZERO


@transaction.atomic
def record_payment(
    *, aanvraag: Aanvraag, kind: str, amount: Decimal | None, paid_on: date | None, by: User
) -> Betaling:
    """Record a payment (advance or final payment) or a recovery (terugvordering) of a granted subsidy. What was
    paid, less what was recovered, never exceeds the granted amount (after settlement: the settled amount), and
    never more is recovered than was paid."""
    aanvraag = _locked(aanvraag)
    APPLICATION.guard("betaling", aanvraag.status, user=by)
    errors: dict[str, str] = {}
    if kind not in BetalingSoort.values:
        errors["kind"] = _("Kies de soort betaling.")
    if amount is None:
        errors["amount"] = _("Vul het bedrag in, bijvoorbeeld 2500,00.")
    elif amount <= 0:
        errors["amount"] = _("Vul een bedrag boven € 0 in. Geld dat terugkomt, legt u vast als ‘terugvordering’.")
    if paid_on is None:
        errors["paid_on"] = _("Vul de datum van de betaling in.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("Deze datum ligt in de toekomst. Leg een betaling vast als hij is gedaan.")
    if errors or amount is None or paid_on is None:
        raise ValidationError(errors)
    paid = paid_total(aanvraag)
    ceiling = payment_ceiling(aanvraag)
    if kind == BetalingSoort.TERUGVORDERING:
        if amount > paid:
            raise ValidationError(
                {"amount": _("U kunt niet meer terugvorderen dan er is betaald (%(paid)s).") % {"paid": euro(paid)}}
            )
    elif paid + amount > ceiling:
        raise ValidationError(
            {
                "amount": _(
                    "Dan is er meer betaald dan de subsidie (%(ceiling)s). Er is al %(paid)s betaald; "
                    "u kunt nog %(left)s betalen."
                )
                % {"ceiling": euro(ceiling), "paid": euro(paid), "left": euro(max(ceiling - paid, ZERO))}
            }
        )
    betaling = Betaling.objects.create(aanvraag=aanvraag, kind=kind, amount=amount, paid_on=paid_on, recorded_by=by)
    core.step(
        aanvraag,
        "betaling",
        by=by,
        comment=f"{betaling.get_kind_display()} {euro(amount)}",
        data={"betaling": betaling.pk, "kind": kind, "amount": str(amount), "paid_on": paid_on.isoformat()},
    )
    return betaling


# ---------------------------------------------------------------------------
# Settlement
# ---------------------------------------------------------------------------
@transaction.atomic
def settle(*, aanvraag: Aanvraag, amount: Decimal | None, by: User) -> Aanvraag:
    """Settle (vaststellen) the subsidy at its final amount, at most the granted amount, once the final report is
    accepted. The applicant hears the amount and what is still to be paid or paid back."""
    aanvraag = _locked(aanvraag)
    APPLICATION.guard("vastgesteld", aanvraag.status, user=by)
    final_report_accepted = Rapportage.objects.filter(
        aanvraag=aanvraag, kind=RapportSoort.EIND, status=RapportStatus.GEACCEPTEERD
    ).exists()
    if not final_report_accepted:
        raise ValidationError(
            _("U stelt de subsidie vast als de eindrapportage is geaccepteerd. Die is er nog niet."), code="no_report"
        )
    if amount is None:
        raise ValidationError({"amount": _("Vul het bedrag in waarop u de subsidie vaststelt.")})
    if amount < 0:
        raise ValidationError({"amount": _("Een bedrag kan niet negatief zijn.")})
    if amount > (aanvraag.allocated_amount or ZERO):
        raise ValidationError(
            {
                "amount": _("Dit is meer dan is toegekend (%(granted)s). Vaststellen kan op dit bedrag of minder.")
                % {"granted": euro(aanvraag.allocated_amount)}
            }
        )
    aanvraag.settled_amount = amount
    aanvraag.settled_at = timezone.now()
    paid = paid_total(aanvraag)
    core.step(
        aanvraag,
        "vastgesteld",
        by=by,
        data={"amount": str(amount), "paid": str(paid)},
        fields=("settled_amount", "settled_at"),
    )
    _tell_applicant(aanvraag, "vastgesteld", paid=paid, difference=amount - paid, recover=paid - amount)
    return aanvraag


# ---------------------------------------------------------------------------
# Telling the applicant
# ---------------------------------------------------------------------------
def _tell_applicant(aanvraag: Aanvraag, template: str, **extra: Any) -> None:
    context = {
        "aanvraag": aanvraag,
        "regeling": aanvraag.regeling,
        "letter_url": absolute_url(reverse("subsidies:grant_letter", args=[aanvraag.pk])),
        "pdf_url": absolute_url(reverse("subsidies:grant_letter_pdf", args=[aanvraag.pk])),
        **extra,
    }
    subject, body = render_email(f"subsidies/email/{template}", context)
    enqueue_email(to=core.applicant_addresses(aanvraag), subject=subject, body=body, topic=f"subsidies.{template}")
