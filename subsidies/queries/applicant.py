"""The applicant's reads: their organisations' applications, one application's attachments and history, and what
an application still misses before it can be submitted (`missing_pieces`, which the submission service checks
too, so the page's checklist and the server's refusal never disagree)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coalition.models import Organisatie, User

from ..choices import Onderdeel
from ..formatting import euro
from ..models import ZERO, Aanvraag, Begrotingsregel, Bijlage, Documenteis, Doel, Historie, Regeling

# The words the measurement plan must contain when the call requires the De Jong Gierveld measurement.
MEASUREMENT_WORD = "gierveld"
HISTORY_SHOWN = 100


@dataclass(frozen=True)
class Missing:
    """One thing an application lacks: the section where it is filled in, and what to do, in Dutch."""

    section: str
    message: str


def organisaties_of(user: User) -> list[Organisatie]:
    """The organisations this user applies for."""
    return list(user.organisaties.order_by("name").only("pk", "name"))


def applications_of(user: User) -> "QuerySet[Aanvraag, Any]":
    """The applications of the user's organisations, newest first, with their call and organisation joined.
    Reads the index aanvraag_organisatie."""
    return (
        Aanvraag.objects.filter(organisatie__in=user.organisaties.all())
        .select_related("regeling", "organisatie")
        .order_by("-created_at", "-pk")
    )


def attachments_of(aanvraag: Aanvraag) -> "QuerySet[Bijlage, Any]":
    return aanvraag.bijlagen.select_related("documenteis", "uploaded_by").order_by("uploaded_at", "pk")


def history_of(aanvraag: Aanvraag, limit: int = HISTORY_SHOWN) -> list[Historie]:
    """The latest lines of the application's history, newest first, with who took each step."""
    return list(aanvraag.historie.select_related("by").order_by("-at", "-pk")[:limit])


# ---------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------
def _per_application(queryset: "QuerySet[Any, Any]", value: Any) -> Subquery:
    return Subquery(
        queryset.filter(aanvraag=OuterRef("pk")).order_by().values("aanvraag").annotate(v=value).values("v")
    )


def _facts(aanvraag: Aanvraag) -> dict[str, Any]:
    """The counts and the budget total of an application's rows, in one query."""
    through = Aanvraag.wijken.through
    row: dict[str, Any] = (
        Aanvraag.objects.filter(pk=aanvraag.pk)
        .annotate(
            n_wijken=Coalesce(_per_application(through.objects.all(), Count("pk")), 0, output_field=IntegerField()),
            call_for_wijken=Exists(Regeling.wijken.through.objects.filter(regeling_id=OuterRef("regeling_id"))),
            n_doelen=Coalesce(_per_application(Doel.objects.all(), Count("pk")), 0, output_field=IntegerField()),
            n_lines=Coalesce(
                _per_application(Begrotingsregel.objects.all(), Count("pk")), 0, output_field=IntegerField()
            ),
            lines_requested=Coalesce(
                _per_application(Begrotingsregel.objects.all(), Sum(F("amount") - F("co_financing"))),
                Value(ZERO),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
        )
        .values("n_wijken", "call_for_wijken", "n_doelen", "n_lines", "lines_requested")
        .get()
    )
    return row


def missing_pieces(aanvraag: Aanvraag) -> list[Missing]:  # noqa: PLR0912 -- one flat list of checks, in page order
    """Everything `aanvraag` still misses before it can be submitted, in the order of its sections (three queries).
    Read it from the locked row when submitting."""
    regeling = aanvraag.regeling
    facts = _facts(aanvraag)
    missing: list[Missing] = []

    def lacks(section: str, message: str) -> None:
        missing.append(Missing(section, message))

    # Project and summary
    if not aanvraag.title.strip():
        lacks(Onderdeel.PROJECT, _("Geef het project een naam."))
    if not aanvraag.summary.strip():
        lacks(Onderdeel.PROJECT, _("Schrijf een samenvatting van het project."))
    if aanvraag.start_date is None:
        lacks(Onderdeel.PROJECT, _("Vul de startdatum in."))
    if aanvraag.end_date is None:
        lacks(Onderdeel.PROJECT, _("Vul de einddatum in."))
    if aanvraag.start_date and aanvraag.end_date and aanvraag.end_date <= aanvraag.start_date:
        lacks(Onderdeel.PROJECT, _("De einddatum moet na de startdatum liggen."))
    # Wijken and target groups
    if facts["call_for_wijken"] and not facts["n_wijken"]:
        lacks(Onderdeel.BEREIK, _("Kies minstens één wijk."))
    elif not facts["n_wijken"] and not aanvraag.whole_gemeente:
        lacks(Onderdeel.BEREIK, _("Kies minstens één wijk, of ‘de hele gemeente’."))
    if not aanvraag.target_groups:
        lacks(Onderdeel.BEREIK, _("Kies minstens één doelgroep."))
    # The plan
    if not aanvraag.ervaringsdeskundigen.strip():
        lacks(Onderdeel.ERVARING, _("Beschrijf de rol van ervaringsdeskundigen in het project."))
    if not aanvraag.activities.strip():
        lacks(Onderdeel.PLANNING, _("Beschrijf de activiteiten en de planning."))
    if not facts["n_doelen"]:
        lacks(Onderdeel.DOELEN, _("Vul minstens één doel in: hoeveel mensen van welke doelgroep u bereikt."))
    if not aanvraag.measurement_plan.strip():
        lacks(Onderdeel.METING, _("Schrijf het meetplan: hoe u meet of het project helpt."))
    elif regeling.requires_measurement and MEASUREMENT_WORD not in aanvraag.measurement_plan.lower():
        lacks(
            Onderdeel.METING,
            _(
                "Deze regeling vraagt een voor- en nameting met de De Jong Gierveld-schaal. Schrijf in het meetplan "
                "hoe u die doet."
            ),
        )
    # Budget
    missing += _budget_problems(aanvraag, facts)
    # Attachments and knock-out questions
    required = (
        Documenteis.objects.filter(regeling=regeling, required=True)
        .annotate(present=Exists(Bijlage.objects.filter(aanvraag=aanvraag, documenteis=OuterRef("pk"))))
        .filter(present=False)
        .order_by("name")
        .values_list("name", flat=True)
    )
    for name in required:
        lacks(Onderdeel.BIJLAGEN, _("Voeg het document ‘%(name)s’ toe.") % {"name": name})
    answers = aanvraag.eligibility_answers or {}
    for pk, question in regeling.toetsvragen.order_by("position", "pk").values_list("pk", "question"):
        if not isinstance(answers.get(str(pk)), bool):
            lacks(Onderdeel.VRAGEN, _("Beantwoord de vraag ‘%(question)s’.") % {"question": question})
    return missing


def _budget_problems(aanvraag: Aanvraag, facts: dict[str, Any]) -> list[Missing]:
    section = Onderdeel.BEGROTING
    problems: list[Missing] = []
    asked = aanvraag.amount_requested
    maximum = aanvraag.regeling.max_per_application
    if not facts["n_lines"]:
        problems.append(Missing(section, _("Vul minstens één begrotingsregel in.")))
    if asked is None:
        problems.append(Missing(section, _("Vul het gevraagde bedrag in.")))
        return problems
    if asked <= 0:
        problems.append(Missing(section, _("Het gevraagde bedrag moet meer dan € 0 zijn.")))
    elif asked > maximum:
        problems.append(
            Missing(
                section,
                _("U vraagt %(asked)s. Deze regeling geeft hoogstens %(max)s per aanvraag.")
                % {"asked": euro(asked), "max": euro(maximum)},
            )
        )
    total: Decimal = facts["lines_requested"]
    if facts["n_lines"] and asked != total:
        problems.append(
            Missing(
                section,
                _(
                    "De begroting telt niet op: u vraagt %(asked)s, maar de kosten min de cofinanciering zijn "
                    "samen %(total)s."
                )
                % {"asked": euro(asked), "total": euro(total)},
            )
        )
    return problems


def problems_per_section(missing: list[Missing]) -> dict[str, list[str]]:
    """{section: [messages]} for every section, in the order of the form (empty list: complete)."""
    per: dict[str, list[str]] = {section: [] for section in Onderdeel.values}
    for piece in missing:
        per[piece.section].append(piece.message)
    return per
