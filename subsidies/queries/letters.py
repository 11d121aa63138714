"""The decision letter (beschikking): everything it says, as one value that both the printable page
(templates/subsidies/grants/letter.html) and the PDF (subsidies/pdf.py) write out, so the two never differ.

The letter is a legal document of the municipality: it is always in Dutch (plain language, B1), whatever language
the reader's screen is in. It says who decides, the date and reference, to whom, about which project, the decision
with the amounts, the reasons, and for a grant the obligations (the reports with their due dates, the before/after
measurement where the call asks for it) and the payment terms; and always how to object within six weeks.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ..choices import AanvraagStatus, RapportSoort
from ..models import ZERO, Aanvraag, Rapportage
from ..money import euro
from .grants import WITH_GRANT

# Of a grant, this share is paid in advance (within four weeks of the decision, the letter says).
ADVANCE_SHARE = Decimal("0.80")
# The states in which there is a decision letter.
DECIDED = (*WITH_GRANT, AanvraagStatus.AFGEWEZEN)


@dataclass(frozen=True)
class Section:
    """A part of the letter under its own heading: paragraphs, a list, a table of (label, amount), paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Letter:
    sender: str
    sender_line: str
    date: date
    date_text: str
    reference: str
    meta: list[tuple[str, str]]
    recipient: list[str]
    subject: str
    salutation: str
    intro: list[str]
    sections: list[Section]
    closing: list[str]
    granted: bool


def advance(aanvraag: Aanvraag) -> Decimal:
    """The advance of a grant: ADVANCE_SHARE of the granted amount, in whole cents."""
    return ((aanvraag.allocated_amount or ZERO) * ADVANCE_SHARE).quantize(Decimal("0.01"))


def decided_application(pk: int) -> Aanvraag | None:
    """The application with what its letter needs (its call and gemeente, organisation, who decided, its reports),
    in two queries; None when there is no decision (yet)."""
    return (
        Aanvraag.objects.filter(pk=pk, status__in=DECIDED, decided_at__isnull=False)
        .select_related("regeling__gemeente", "organisatie", "decided_by")
        .prefetch_related(Prefetch("rapportages", queryset=Rapportage.objects.order_by("due_date")))
        .first()
    )


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _paragraphs(text: str) -> list[str]:
    """Text typed with empty lines between paragraphs, as paragraphs (single line breaks become spaces)."""
    return [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


def decision_letter(aanvraag: Aanvraag) -> Letter:
    """The letter of an application read with `decided_application`."""
    with translation.override(settings.LANGUAGE_CODE):
        return _letter(aanvraag)


def _letter(aanvraag: Aanvraag) -> Letter:
    regeling = aanvraag.regeling
    gemeente = regeling.gemeente.name
    organisatie = aanvraag.organisatie
    granted = aanvraag.status in WITH_GRANT
    decided_at = timezone.localtime(aanvraag.decided_at)
    requested = euro(aanvraag.amount_requested)
    recipient = [organisatie.name]
    if aanvraag.contact_name:
        recipient.append(_("t.a.v. %(name)s") % {"name": aanvraag.contact_name})
    if organisatie.street:
        recipient.append(organisatie.street)
    if organisatie.postcode or organisatie.city:
        recipient.append(f"{organisatie.postcode} {organisatie.city}".strip())
    submitted = (
        _("Op %(date)s vroeg u subsidie aan voor het project ‘%(title)s’.")
        % {"date": _day(timezone.localtime(aanvraag.submitted_at).date()), "title": aanvraag.title}
        if aanvraag.submitted_at
        else _("U vroeg subsidie aan voor het project ‘%(title)s’.") % {"title": aanvraag.title}
    )
    intro = [
        f"{submitted} "
        + _("U deed dat namens %(organisatie)s bij de regeling ‘%(regeling)s’.")
        % {"organisatie": organisatie.name, "regeling": regeling.title},
        _("Een onafhankelijke commissie heeft uw aanvraag beoordeeld. In deze brief leest u ons besluit."),
    ]
    sections = [_decision(aanvraag, requested, granted)]
    sections.append(Section(_("Waarom wij zo besluiten"), paragraphs=_paragraphs(aanvraag.decision_reasons)))
    if granted:
        sections += [_obligations(aanvraag), _payment(aanvraag)]
    sections.append(_objection(aanvraag, gemeente))
    closing = [
        _("Met vriendelijke groet,"),
        _("namens het college van burgemeester en wethouders van de gemeente %(gemeente)s,") % {"gemeente": gemeente},
    ]
    if aanvraag.decided_by:
        closing.append(aanvraag.decided_by.full_name)
    closing.append(_("coördinator subsidies van de coalitie Omzien naar elkaar"))
    return Letter(
        sender=_("Gemeente %(gemeente)s") % {"gemeente": gemeente},
        sender_line=_("namens de coalitie Omzien naar elkaar"),
        date=decided_at.date(),
        date_text=_day(decided_at.date()),
        reference=aanvraag.number,
        meta=[(_("Datum"), _day(decided_at.date())), (_("Kenmerk"), aanvraag.number), (_("Regeling"), regeling.title)],
        recipient=recipient,
        subject=_("Besluit over uw aanvraag voor subsidie: %(title)s") % {"title": aanvraag.title},
        salutation=_("Beste %(name)s,") % {"name": aanvraag.contact_name}
        if aanvraag.contact_name
        else _("Geachte heer, mevrouw,"),
        intro=intro,
        sections=sections,
        closing=closing,
        granted=granted,
    )


def _decision(aanvraag: Aanvraag, requested: str, granted: bool) -> Section:
    if not granted:
        return Section(
            _("Ons besluit"),
            paragraphs=[_("Wij geven u geen subsidie voor dit project.")],
            rows=[(_("Gevraagd bedrag"), requested)],
        )
    amount = euro(aanvraag.allocated_amount)
    if aanvraag.allocated_amount is not None and aanvraag.allocated_amount < (aanvraag.amount_requested or ZERO):
        decision = _("Wij geven u een deel van de subsidie die u vroeg: %(amount)s van de %(requested)s.") % {
            "amount": amount,
            "requested": requested,
        }
    else:
        decision = _("Wij geven u de subsidie die u vroeg: %(amount)s.") % {"amount": amount}
    paragraphs = [decision]
    if aanvraag.start_date and aanvraag.end_date:
        paragraphs.append(
            _("De subsidie is voor het project zoals het in uw aanvraag staat, van %(start)s tot en met %(end)s.")
            % {"start": _day(aanvraag.start_date), "end": _day(aanvraag.end_date)}
        )
    return Section(
        _("Ons besluit"),
        paragraphs=paragraphs,
        rows=[(_("Gevraagd bedrag"), requested), (_("Toegekend bedrag"), amount)],
    )


def _obligations(aanvraag: Aanvraag) -> Section:
    items = []
    for rapportage in aanvraag.rapportages.all():
        if rapportage.kind == RapportSoort.TUSSENTIJDS:
            items.append(
                _("Een tussenrapportage, uiterlijk %(date)s: wat u heeft gedaan, wie u heeft bereikt en wat u heeft "
                  "uitgegeven.") % {"date": _day(rapportage.due_date)}
            )  # fmt: skip
        else:
            items.append(
                _("Een eindrapportage, uiterlijk %(date)s: hoeveel mensen u per doel heeft bereikt, wat u heeft gedaan "
                  "en geleerd, en wat u per begrotingsregel heeft uitgegeven.") % {"date": _day(rapportage.due_date)}
            )  # fmt: skip
    if aanvraag.regeling.requires_measurement:
        items.append(
            _("Een voormeting en een nameting van de eenzaamheid van de deelnemers, met de De Jong Gierveld-schaal. "
              "In de eindrapportage geeft u alleen de totalen, zonder namen.")
        )  # fmt: skip
    items.append(
        _("U gebruikt de subsidie alleen voor dit project. Verandert er iets belangrijks aan het project, laat het ons "
          "dan meteen weten.")
    )  # fmt: skip
    return Section(
        _("Wat wij van u verwachten"),
        paragraphs=[_("U rapporteert in Omzien: log in en kies uw aanvraag. Wij verwachten van u:")],
        items=items,
    )


def _payment(aanvraag: Aanvraag) -> Section:
    share = int(ADVANCE_SHARE * 100)
    return Section(
        _("Betaling"),
        paragraphs=[
            _("U krijgt %(advance)s als voorschot. Dat is %(share)s%% van de subsidie. Wij maken het voorschot binnen "
              "vier weken over naar de rekening van %(organisatie)s.")
            % {"advance": euro(advance(aanvraag)), "share": share, "organisatie": aanvraag.organisatie.name},
            _("Na uw eindrapportage stellen wij de subsidie vast: wij kijken hoeveel subsidie u echt nodig had. "
              "Daarna betalen wij de rest. Heeft u minder uitgegeven, dan kan het zijn dat u geld moet terugbetalen."),
        ],
        rows=[(_("Voorschot"), euro(advance(aanvraag)))],
    )  # fmt: skip


def _objection(aanvraag: Aanvraag, gemeente: str) -> Section:
    return Section(
        _("Bent u het niet eens met dit besluit?"),
        paragraphs=[
            _("Dan kunt u binnen zes weken na de dag van verzending van deze brief bezwaar maken. Dat doet u met een "
              "brief aan het college van burgemeester en wethouders van de gemeente %(gemeente)s.")
            % {"gemeente": gemeente},
            _("Zet in uw brief:"),
        ],
        items=[
            _("uw naam en adres;"),
            _("de datum;"),
            _("het kenmerk van deze brief: %(reference)s;") % {"reference": aanvraag.number},
            _("waarom u het niet eens bent met het besluit;"),
            _("uw handtekening."),
        ],
        after=[
            _("Stuur een kopie van deze brief mee. Wilt u eerst met ons praten over het besluit? Neem dan contact op "
              "met de coördinator van de regeling. Dat kan ook als u al bezwaar heeft gemaakt."),
        ],
    )  # fmt: skip
