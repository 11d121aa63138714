"""Forms of the privacy pages: the audit log's filters and the request to erase a case."""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin
from coalition.fields import PlausibleDateField
from coalition.models import User

from ..choices import AboutOthersKind, AuditAction


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AuditFilterForm(CrispyMixin, forms.Form):
    """Filters of the audit log. The names are the query string's (?nummer=…&van=…)."""

    nummer = forms.CharField(
        label=_("Meldingnummer"),
        required=False,
        max_length=13,
        help_text=_("Het hele nummer, zoals ME-2026-00123, of een deel ervan."),
    )
    gebruiker = forms.ModelChoiceField(
        label=_("Gebruiker"), queryset=User.objects.order_by("full_name", "email"), required=False,
        empty_label=_("Iedereen"),
    )  # fmt: skip
    handeling = forms.ChoiceField(
        label=_("Handeling"), choices=[("", _("Alle handelingen")), *AuditAction.choices], required=False
    )
    van = PlausibleDateField(label=_("Vanaf"), required=False, widget=DateInput())
    tot = PlausibleDateField(label=_("Tot en met"), required=False, widget=DateInput())

    def get_layout(self):
        """The filters side by side; the user's name is longest."""
        return Layout(
            Row(
                *(
                    Column(name, css_class="col-md-4 col-lg-3" if name == "gebruiker" else "col-md-4 col-lg-2")
                    for name in self.fields
                ),
                css_class="g-3",
            )
        )

    def clean_nummer(self):
        return self.cleaned_data["nummer"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", _("Deze datum ligt vóór de begindatum. Kies een latere datum."))
        return cleaned

    def summary(self) -> str:
        """The filters in words, for the audit line that records reading or exporting the log."""
        data = getattr(self, "cleaned_data", {})
        parts = []
        for name in self.fields:
            value = data.get(name)
            if value not in (None, ""):
                parts.append(f"{name}={getattr(value, 'pk', value)}")
        return ", ".join(parts)


class EraseForm(CrispyMixin, forms.Form):
    reden = forms.CharField(
        label=_("Waarom worden de gegevens gewist?"),
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_(
            "Bijvoorbeeld: verzoek van mevrouw per telefoon op 3 maart. Noem geen namen: deze reden blijft bewaard."
        ),
        error_messages={"required": _("Schrijf waarom de gegevens gewist worden.")},
    )


class IncludeOthersForm(CrispyMixin, forms.Form):
    """Deliberately include data about others that the right-of-access export left out, with a reason."""

    opnemen = forms.MultipleChoiceField(
        label=_("Wat neemt u toch op?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies wat u toch wilt opnemen."), "invalid_choice": _("Kies uit de lijst.")},
    )
    reden = forms.CharField(
        label=_("Waarom neemt u dit toch op?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("Bijvoorbeeld: de melder is de dochter en vindt het goed. Deze reden komt in het auditlog."),
        error_messages={"required": _("Schrijf waarom u gegevens van anderen toch opneemt.")},
    )

    def __init__(self, *args, left_out, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opnemen"].choices = [(item.key, item.description) for item in left_out]


class AboutOthersForm(forms.Form):
    """Mark (or unmark) one free text of a case as holding data about other people."""

    soort = forms.ChoiceField(choices=AboutOthersKind.choices)
    nummer = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    markeren = forms.BooleanField(required=False)
