"""The coördinator's forms for a grant: allocating an amount, the decision, a payment and the settlement.

Amounts are typed as people here write them ("12.500" or "12500,50"; subsidies/money.py reads them). The rules
(at most what was asked, the call's maximum, the budget left; reasons for a decision; payments within the grant;
settlement after the final report) live in services/grants.py; their Dutch messages come back beside the fields
named here: `amount`, `reasons`, `kind`, `paid_on`.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin

from ..choices import BetalingSoort
from ..money import parse_amount

REQUIRED = _("Dit veld is verplicht.")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
REASONS_MAX_LENGTH = 10_000


class AmountField(forms.CharField):
    """An amount in euro, typed as text ('12.500,00'): a Decimal, or None when left empty."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Vul een bedrag in euro in, bijvoorbeeld 12.500 of 12500,50.")}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        amount = parse_amount(text)
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def prepare_value(self, value: Any) -> Any:
        """A Decimal (an initial value) as people write it: 12500,50."""
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class GrantForm(CrispyMixin, forms.Form):
    """A form of the grant pages; each has its own ids (a page may hold two)."""

    id_prefix = "subsidie"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)

    def add_service_error(self, error: ValidationError) -> None:
        """A service's messages beside the fields they name; the others above the form."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class AllocationForm(GrantForm):
    id_prefix = "toewijzen"

    amount = AmountField(
        label=_("Toe te wijzen bedrag (€)"),
        required=False,
        help_text=_("Minder dan gevraagd mag. Laat leeg of vul 0 in om de toewijzing te wissen."),
    )


class DecisionForm(GrantForm):
    """Grant the allocated amount (wholly or partly: that follows from the amount) or refuse, with the reasons."""

    id_prefix = "besluit"

    GRANT, REFUSE = "toekennen", "afwijzen"

    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(GRANT, _("Toekennen")), (REFUSE, _("Afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies: toekennen of afwijzen."),
            "invalid_choice": _("Kies: toekennen of afwijzen."),
        },
    )
    reasons = forms.CharField(
        label=_("Motivering"),
        max_length=REASONS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Waarom besluit u zo? Noem het advies van de commissie en de criteria. De aanvrager leest dit in de "
            "brief. Een witregel begint een nieuwe alinea."
        ),
        error_messages={"required": _("Schrijf op waarom u zo besluit. De aanvrager leest dit in de brief.")},
    )

    def __init__(self, *args: Any, grant_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        if grant_label and isinstance(outcome, forms.ChoiceField):
            outcome.choices = [(self.GRANT, grant_label), (self.REFUSE, _("Afwijzen"))]


class PaymentForm(GrantForm):
    id_prefix = "betaling"

    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=BetalingSoort.choices,
        widget=forms.RadioSelect,
        help_text=_("Een terugvordering is geld dat de aanvrager terugbetaalt."),
        error_messages={"required": _("Kies de soort betaling."), "invalid_choice": _("Kies de soort betaling.")},
    )
    amount = AmountField(label=_("Bedrag (€)"), error_messages={"required": _("Vul het bedrag in.")})
    paid_on = forms.DateField(
        label=_("Betaald op"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum van de betaling in."),
            "invalid": _("Vul een bestaande datum in, bijvoorbeeld 23-03-2026."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate


class SettlementForm(GrantForm):
    id_prefix = "vaststellen"

    amount = AmountField(
        label=_("Vastgesteld bedrag (€)"),
        help_text=_("Wat het project echt aan subsidie nodig had: hoogstens het toegekende bedrag."),
        error_messages={"required": _("Vul het bedrag in waarop u de subsidie vaststelt.")},
    )
