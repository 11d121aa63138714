"""The committee's changes, and the coördinator's steps before it: eligibility, information requests, declarations
of conflicts of interest, and blind reviews.

Every function runs in one transaction and locks the application (core.lock_application): a double click or two
people at once change nothing twice. The application's state changes only through core.step, which guards with
the workflow table and writes the history line. Declarations and reviews are the committee's own records: they
never appear in the application's history, which the applicant reads; every save of a review is kept in
BeoordelingHistorie instead (for the secretary).
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition.models import Role, User
from coalition.services.outbox import absolute_url, enqueue_email, render_email

from ..choices import AanvraagStatus as S
from ..choices import Advies, Onderdeel
from ..models import MAX_POINTS, Aanvraag, Belangenverklaring, Beoordeling, BeoordelingHistorie, Criterium, Score
from ..queries.call_overview import knockout_answers
from ..queries.committee import is_linked
from ..workflows import APPLICATION
from . import core

REASON_MAX_LENGTH = 2000
EXPLANATION_MAX_LENGTH = 500


# ---------------------------------------------------------------------------
# Eligibility (the coördinator)
# ---------------------------------------------------------------------------
@transaction.atomic
def declare_eligible(*, aanvraag: Aanvraag, by: User) -> Aanvraag:
    """The application passes the knock-out questions: it goes to the committee. Refused while an answer differs
    from the required one (ask for a correction, or declare it ineligible)."""
    aanvraag = core.lock_application(aanvraag)
    APPLICATION.guard("ontvankelijk", aanvraag.status, user=by)
    wrong = [answer for answer in knockout_answers(aanvraag) if not answer.ok]
    if wrong:
        raise ValidationError(
            _(
                "Niet elke toetsvraag is beantwoord zoals de regeling vraagt. Vraag een aanvulling (onderdeel "
                "‘voorwaarden’) of verklaar de aanvraag niet ontvankelijk."
            ),
            code="knockout",
        )
    core.step(aanvraag, "ontvankelijk", by=by)
    return aanvraag


@transaction.atomic
def declare_ineligible(*, aanvraag: Aanvraag, by: User, reason: str) -> Aanvraag:
    """Not eligible, with the reason the applicant reads (by e-mail). The application never reaches the committee;
    parts reopened for an information request close."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf waarom de aanvraag niet ontvankelijk is. De aanvrager leest dit.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("Dit is te lang: gebruik hoogstens 2000 tekens.")})
    aanvraag = core.lock_application(aanvraag)
    APPLICATION.guard("niet_ontvankelijk", aanvraag.status, user=by)
    aanvraag.ineligible_reason = reason
    aanvraag.reopened_parts = []
    core.step(aanvraag, "niet_ontvankelijk", by=by, comment=reason, fields=("ineligible_reason", "reopened_parts"))
    _tell_applicant(aanvraag, "niet_ontvankelijk", {"reason": reason})
    return aanvraag


def deadline_moment(day: date) -> datetime:
    """An information request's deadline: the end of that day, in the Netherlands."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@transaction.atomic
def request_information(
    *, aanvraag: Aanvraag, by: User, parts: Iterable[str], message: str, deadline: date
) -> Aanvraag:
    """Ask the applicant to complete or correct some parts before a deadline: only those parts reopen."""
    chosen = list(dict.fromkeys(parts))
    errors: dict[str, str] = {}
    if not chosen:
        errors["parts"] = _("Kies minstens één onderdeel dat de aanvrager moet aanvullen.")
    elif not set(chosen) <= set(Onderdeel.values):
        errors["parts"] = _("Kies een van de onderdelen van de lijst.")
    message = (message or "").strip()
    if not message:
        errors["message"] = _("Schrijf wat de aanvrager moet aanvullen of verbeteren.")
    elif len(message) > REASON_MAX_LENGTH:
        errors["message"] = _("Dit is te lang: gebruik hoogstens 2000 tekens.")
    if deadline <= timezone.localdate():
        errors["deadline"] = _("Kies een datum in de toekomst.")
    if errors:
        raise ValidationError(errors)
    aanvraag = core.lock_application(aanvraag)
    APPLICATION.guard("aanvulling_gevraagd", aanvraag.status, user=by)
    aanvraag.reopened_parts = [part for part in Onderdeel.values if part in chosen]
    aanvraag.info_request = message
    aanvraag.info_deadline = deadline_moment(deadline)
    core.step(
        aanvraag,
        "aanvulling_gevraagd",
        by=by,
        comment=message,
        data={"parts": aanvraag.reopened_parts, "deadline": deadline.isoformat()},
        fields=("reopened_parts", "info_request", "info_deadline"),
    )
    _tell_applicant(
        aanvraag,
        "aanvulling_gevraagd",
        {
            "message": message,
            "parts": [str(Onderdeel(part).label) for part in aanvraag.reopened_parts],
            "deadline": date_format(deadline, "j F Y"),
        },
    )
    return aanvraag


def _tell_applicant(aanvraag: Aanvraag, template: str, context: dict[str, Any]) -> None:
    """An e-mail to the applicant (core.applicant_addresses; through the outbox, in this transaction)."""
    subject, body = render_email(
        f"subsidies/email/{template}",
        {
            "aanvraag": aanvraag,
            "number": aanvraag.number,
            "regeling": aanvraag.regeling.title,
            "login_url": absolute_url(reverse("coalition:start")),
            **context,
        },
    )
    enqueue_email(to=core.applicant_addresses(aanvraag), subject=subject, body=body, topic=f"subsidies.{template}")


# ---------------------------------------------------------------------------
# Conflicts of interest (a member)
# ---------------------------------------------------------------------------
def _member(by: User) -> None:
    if not by.has_role(Role.COMMISSIELID):
        raise PermissionDenied("only committee members declare and review")


@transaction.atomic
def declare(*, aanvraag: Aanvraag, by: User, has_conflict: bool, explanation: str = "") -> Belangenverklaring:
    """The member's declaration for one application, before seeing more than its title and organisation.

    A member linked to the applicant organisation or to one of its network partners is excluded, whatever they
    declare: the declaration is stored as automatic, with a conflict. A declaration is final (the coördinator can
    correct a mistake in the admin)."""
    _member(by)
    explanation = (explanation or "").strip()
    if len(explanation) > EXPLANATION_MAX_LENGTH:
        raise ValidationError({"explanation": _("Dit is te lang: gebruik hoogstens 500 tekens.")})
    aanvraag = core.lock_application(aanvraag)
    if aanvraag.status != S.IN_BEOORDELING:
        raise ValidationError(_("Deze aanvraag ligt niet (meer) bij de commissie."), code="state")
    if Belangenverklaring.objects.filter(aanvraag=aanvraag, member=by).exists():
        raise ValidationError(_("U heeft voor deze aanvraag al verklaard of u een belang heeft."), code="done")
    automatic = is_linked(by, aanvraag)
    try:
        with transaction.atomic():
            return Belangenverklaring.objects.create(
                aanvraag=aanvraag,
                member=by,
                has_conflict=has_conflict or automatic,
                automatic=automatic,
                explanation=explanation,
            )
    except IntegrityError:  # declared at the same moment in another tab
        raise ValidationError(
            _("U heeft voor deze aanvraag al verklaard of u een belang heeft."), code="done"
        ) from None


# ---------------------------------------------------------------------------
# Blind reviews (a member)
# ---------------------------------------------------------------------------
def frozen_message(aanvraag: Aanvraag) -> str:
    deadline = timezone.localtime(aanvraag.regeling.review_deadline)
    return _("De termijn om te beoordelen is voorbij (%(deadline)s). Uw beoordeling staat vast.") % {
        "deadline": date_format(deadline, "j F Y H:i")
    }


def review_frozen(aanvraag: Aanvraag, at: datetime | None = None) -> bool:
    """After the call's review deadline no review changes."""
    return (at or timezone.now()) >= aanvraag.regeling.review_deadline


@transaction.atomic
def save_review(
    *,
    aanvraag: Aanvraag,
    by: User,
    scores: Mapping[int, int | None],
    score_comments: Mapping[int, str],
    advice: str,
    comment: str,
    submit: bool,
) -> Beoordeling:
    """Save the member's review of the application: points (0–5) and a comment per criterion of the call, an
    overall advice and a comment. `submit` False keeps it a draft that may be incomplete; submitting needs
    everything. A submitted review stays submitted: a change to it must be complete too. Until the call's review
    deadline, then it is frozen. Every save is kept in BeoordelingHistorie.

    `scores` and `score_comments` are keyed by criterion id. The database refuses a review without a declaration
    of no conflict (migration 0002); this checks it first to say so in Dutch."""
    _member(by)
    aanvraag = core.lock_application(aanvraag)
    _may_review(aanvraag, by)
    criteria = list(aanvraag.regeling.criteria.order_by("position", "pk"))
    known = {criterium.pk for criterium in criteria}
    if not set(scores) <= known or not set(score_comments) <= known:
        raise ValidationError(_("Deze criteria horen niet bij deze regeling."), code="criteria")
    review = Beoordeling.objects.select_for_update().filter(aanvraag=aanvraag, member=by).first()
    submitted = submit or (review is not None and review.submitted_at is not None)
    errors = _review_errors(criteria, scores, advice, complete=submitted)
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    if review is None:
        review = Beoordeling(aanvraag=aanvraag, member=by)
    review.advice = advice
    review.comment = (comment or "").strip()
    review.updated_at = now
    if submitted and review.submitted_at is None:
        review.submitted_at = now
    review.save()
    _save_scores(review, criteria, scores, score_comments)
    BeoordelingHistorie.objects.create(
        beoordeling=review,
        at=now,
        submitted=submitted,
        snapshot={
            "advice": review.advice,
            "comment": review.comment,
            "scores": {
                str(criterium.pk): {
                    "points": scores.get(criterium.pk),
                    "comment": (score_comments.get(criterium.pk) or "").strip(),
                }
                for criterium in criteria
            },
        },
    )
    return review


def _may_review(aanvraag: Aanvraag, by: User) -> None:
    """The application is at the committee, its call's review deadline has not passed, and the member declared to
    have no conflict of interest (and is not linked to the applicant or a partner)."""
    if aanvraag.status != S.IN_BEOORDELING:
        raise ValidationError(_("Deze aanvraag ligt niet (meer) bij de commissie."), code="state")
    if review_frozen(aanvraag):
        raise ValidationError(frozen_message(aanvraag), code="frozen")
    declaration = Belangenverklaring.objects.filter(aanvraag=aanvraag, member=by).first()
    if declaration is None:
        raise ValidationError(_("Verklaar eerst of u een belang heeft bij deze aanvraag."), code="undeclared")
    if declaration.has_conflict or is_linked(by, aanvraag):
        raise PermissionDenied("a member with a conflict of interest does not review")


def _review_errors(
    criteria: list[Criterium], scores: Mapping[int, int | None], advice: str, *, complete: bool
) -> dict[str, str]:
    """{form field: Dutch message}: points outside 0–5, an unknown advice, and for a submitted review every
    criterion without points and a missing advice."""
    errors: dict[str, str] = {}
    for criterium in criteria:
        points = scores.get(criterium.pk)
        if points is not None and not 0 <= points <= MAX_POINTS:
            errors[f"score_{criterium.pk}"] = _("Kies 0 tot en met 5 punten.")
        elif points is None and complete:
            errors[f"score_{criterium.pk}"] = _("Geef punten voor dit criterium.")
    if advice and advice not in Advies.values:
        errors["advice"] = _("Kies een van de adviezen.")
    elif not advice and complete:
        errors["advice"] = _("Kies uw advies.")
    return errors


def _save_scores(
    review: Beoordeling,
    criteria: list[Criterium],
    scores: Mapping[int, int | None],
    score_comments: Mapping[int, str],
) -> None:
    """The review's Score rows as given: added, changed, or removed where the points were cleared (a draft)."""
    existing = {score.criterium_id: score for score in Score.objects.filter(beoordeling=review)}
    for criterium in criteria:
        points = scores.get(criterium.pk)
        text = (score_comments.get(criterium.pk) or "").strip()
        score = existing.get(criterium.pk)
        if points is None:
            if score is not None:
                score.delete()
        elif score is None:
            Score.objects.create(beoordeling=review, criterium=criterium, points=points, comment=text)
        elif (score.points, score.comment) != (points, text):
            score.points, score.comment = points, text
            score.save(update_fields=["points", "comment"])
