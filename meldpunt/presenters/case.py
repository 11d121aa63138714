"""The case page in words: its reports by category, a summary of each timeline line, the profile, the person's
details, and the comparison shown after a conflicting save or before a merge."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import SIGNAL_CATEGORIES, Channel, CloseReason, EntryKind, LifeEvent, Status
from ..choices import Profile as ProfileChoice
from ..models import Melding
from ..names import SAME_PHONE, SAME_SURNAME_BIRTH_YEAR, SAME_SURNAME_POSTCODE
from ..scales import PROFILE_EXPLANATIONS
from ..services.reporter_news import EMAIL, PHONE, contact_kind
from ..workflows import REFERRAL
from .text import postcode


def duplicate_reasons(melding: Melding) -> str:
    """Why a case may be about the same person, in words: "zelfde achternaam en postcode, zelfde telefoonnummer"."""
    words = {
        SAME_SURNAME_POSTCODE: _("zelfde achternaam en postcode"),
        SAME_SURNAME_BIRTH_YEAR: _("zelfde achternaam en geboortejaar"),
        SAME_PHONE: _("zelfde telefoonnummer"),
    }
    return ", ".join(words[reason] for reason in getattr(melding, "match_reasons", []) if reason in words)


def reporter_news(signaal) -> str:
    """Whether the reporter asked to hear that the case was picked up, how, and whether it happened ("" if not)."""
    if not signaal.reporter_wants_news:
        return ""
    kind = contact_kind(signaal.reporter_contact)
    when = timezone.localtime(signaal.reporter_news_at).strftime("%d-%m-%Y") if signaal.reporter_news_at else ""
    if kind == EMAIL:
        if when:
            return _("Per e-mail laten weten dat de melding is opgepakt, op %(date)s.") % {"date": when}
        return _("Wil per e-mail horen dat de melding is opgepakt. Dat gaat vanzelf bij het eerste contact.")
    if kind == PHONE:
        if when:
            return _("Wil teruggebeld worden: staat sinds %(date)s op de tijdlijn.") % {"date": when}
        return _("Wil teruggebeld worden als de melding is opgepakt. Bij het eerste contact komt dit op de tijdlijn.")
    return _("Wilde horen dat de melding is opgepakt, maar de contactgegevens zijn er niet meer.")


def describe_signals(signalen: list[Any]) -> list[Any]:
    """Each report with `categories` (its checked signals grouped by the categories of the signaleringskaart),
    `life_event_labels` and `news` (reporter_news)."""
    life_events = dict(LifeEvent.choices)
    for signaal in signalen:
        signaal.news = reporter_news(signaal)
        checked = set(signaal.signals)
        signaal.categories = [
            {"name": name, "signals": [signal.label for signal in signals if signal.value in checked]}
            for name, signals in SIGNAL_CATEGORIES
            if checked.intersection(signals)
        ]
        signaal.life_event_labels = [life_events.get(event, event) for event in signaal.life_events]
    return signalen


def describe_timeline(lines: list, names: dict[int, str]) -> list:
    """Each line with `kind_label`, `summary` (what its data says, in a sentence) and `other_case` (the number of
    the case a merge came from or went to). `names`: the owners' names by pk (queries.case.owner_names)."""
    statuses, reasons, channels = dict(Status.choices), dict(CloseReason.choices), dict(Channel.choices)
    profiles = dict(ProfileChoice.choices)
    kinds = {kind: str(label) for kind, label in EntryKind.choices}  # get_kind_display per line is slow
    for line in lines:
        line.kind_label = kinds.get(line.kind, line.kind)
        if line.corrects_id:
            line.corrects.kind_label = kinds.get(line.corrects.kind, line.corrects.kind)
        data: dict[str, Any] = line.data or {}
        summary = ""
        if line.kind == EntryKind.STATUS:
            summary = _("Van ‘%(from)s’ naar ‘%(to)s’") % {
                "from": statuses.get(data.get("from", ""), data.get("from", "")),
                "to": statuses.get(data.get("to", ""), data.get("to", "")),
            }
        elif line.kind == EntryKind.EIGENAAR:
            owner = data.get("owner")
            summary = (
                _("Eigenaar: %(name)s") % {"name": names.get(owner, _("een medewerker"))}
                if owner
                else _("Terug naar de wachtrij: niemand is eigenaar")
            )
        elif line.kind == EntryKind.SIGNAAL:
            summary = _("Via %(channel)s") % {"channel": channels.get(data.get("channel", ""), "")}
        elif line.kind == EntryKind.GESLOTEN:
            summary = _("Reden: %(reason)s") % {"reason": reasons.get(data.get("reason", ""), "")}
        elif line.kind == EntryKind.HEROPEND and data.get("was"):
            summary = _("Was gesloten met reden: %(reason)s") % {"reason": reasons.get(data.get("was", ""), "")}
        elif line.kind == EntryKind.VERWIJZING and data.get("organisatie"):
            step = REFERRAL.step_label(data.get("step", ""))
            summary = _("%(organisatie)s: %(step)s") % {"organisatie": data["organisatie"], "step": step}
        elif line.kind == EntryKind.MELDER:
            summary = _("De melder vroeg dit in het webformulier")
        elif line.kind == EntryKind.PROFIEL and data.get("profile"):
            summary = _("Profiel: %(profile)s") % {"profile": profiles.get(data["profile"], data["profile"])}
        line.summary = summary
        line.other_case = data.get("from") or data.get("into") if line.kind == EntryKind.SAMENGEVOEGD else ""
    return lines


def profile(melding: Melding) -> dict:
    """The intervention profile: its value, name and explanation (empty when none is chosen)."""
    value = melding.profile
    return {
        "value": value,
        "label": ProfileChoice(value).label if value else "",
        "explanation": PROFILE_EXPLANATIONS.get(value, "") if value else "",
    }


def lives_alone(value: bool | None, *, capital: bool = False) -> str:
    words: dict[bool | None, str] = (
        {True: _("Ja"), False: _("Nee"), None: _("Onbekend")}
        if capital
        else {True: _("ja"), False: _("nee"), None: _("onbekend")}
    )
    return words[value]


def person_rows(melding: Melding) -> list[tuple[str, str]]:
    """The person's details as (label, value) rows."""
    return [
        (_("Naam"), melding.person_name),
        (_("Adres"), melding.person_address),
        (_("Postcode"), postcode(melding.person_postcode)),
        (_("Wijk of kern"), melding.wijk.name if melding.wijk else ""),
        (_("Geboortejaar"), str(melding.person_birth_year or "")),
        (_("Telefoon"), melding.person_phone),
        (_("Taal"), melding.get_person_language_display()),
        (_("Woont alleen"), lives_alone(melding.lives_alone)),
    ]


def compare(source: Melding, target: Melding) -> list[dict]:
    """The person's details of two cases side by side (before a merge)."""
    return [
        {"label": label, "source": value, "target": other}
        for (label, value), (_label, other) in zip(person_rows(source), person_rows(target), strict=True)
    ]


def saved_value(name: str, value, field) -> str:
    """A person field's saved value as the form would show it (beside what was typed, after a conflict)."""
    if name == "lives_alone":
        return lives_alone(value, capital=True)
    if hasattr(field, "choices"):
        return dict(field.choices).get(value or "", value)
    if name == "person_postcode":
        return postcode(value)
    return value
