"""The dashboard's filters: gemeente, wijk and period, all in the query string (?gemeente=…&periode=kwartaal…) so a
filtered dashboard can be bookmarked, exported and printed with the same choices."""

from datetime import date
from typing import cast

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin

from . import periods
from .periods import Period, PeriodKind

FIRST_YEAR = 2010
MONTHS = [
    (1, _("januari")), (2, _("februari")), (3, _("maart")), (4, _("april")), (5, _("mei")), (6, _("juni")),
    (7, _("juli")), (8, _("augustus")), (9, _("september")), (10, _("oktober")), (11, _("november")),
    (12, _("december")),
]  # fmt: skip
QUARTERS = [(1, _("1e kwartaal")), (2, _("2e kwartaal")), (3, _("3e kwartaal")), (4, _("4e kwartaal"))]
LONGEST_CUSTOM_DAYS = 5 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DashboardFilterForm(CrispyMixin, forms.Form):
    """Which figures: `gemeenten` are the gemeenten this user may see (all of them for the steering group)."""

    mark = None
    include_media = False

    gemeente = forms.TypedChoiceField(label=_("Gemeente"), coerce=int, required=False, empty_value=None)
    wijk = forms.TypedChoiceField(label=_("Wijk of kern"), coerce=int, required=False, empty_value=None)
    periode = forms.ChoiceField(label=_("Periode"), choices=PeriodKind.choices, required=False)
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False)
    kwartaal = forms.TypedChoiceField(label=_("Kwartaal"), choices=QUARTERS, coerce=int, required=False)
    maand = forms.TypedChoiceField(label=_("Maand"), choices=MONTHS, coerce=int, required=False)
    van = forms.DateField(label=_("Van"), required=False, widget=DateInput(), help_text=_("Alleen bij ‘Zelf kiezen’."))
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, data=None, *, gemeenten, today: date | None = None, **kwargs):
        self.today = today or timezone.localdate()
        default = periods.last_complete_quarter(self.today)
        initial = {
            "periode": PeriodKind.KWARTAAL,
            "jaar": default.start.year,
            "kwartaal": (default.start.month - 1) // 3 + 1,
            "maand": self.today.month,
        }
        # Always bound: what the query string leaves out is the default (an empty one is the last quarter).
        data = {**initial, **{name: data.get(name) for name in self.base_fields if data and data.get(name)}}
        super().__init__(data, **kwargs)
        self.gemeente_names: dict[int, str] = {}
        self.wijken: dict[int, tuple[str, int]] = {}  # pk: (name, gemeente pk)
        if gemeenten is None:  # the partner's own figures: no choice of place
            del self.fields["gemeente"], self.fields["wijk"]
        else:
            self._set_places(gemeenten)
        cast(forms.ChoiceField, self.fields["jaar"]).choices = [
            (y, str(y)) for y in range(self.today.year, FIRST_YEAR - 1, -1)
        ]

    def _set_places(self, gemeenten) -> None:
        """The gemeenten and their wijken to choose from, in one query (a gemeente without wijken included)."""
        rows = gemeenten.values_list("pk", "name", "wijken__pk", "wijken__name").order_by("name", "wijken__name")
        grouped: dict[int, list[tuple[int, str]]] = {}
        for pk, name, wijk_pk, wijk_name in rows:
            self.gemeente_names[pk] = name
            grouped.setdefault(pk, [])
            if wijk_pk is not None:
                self.wijken[wijk_pk] = (wijk_name, pk)
                grouped[pk].append((wijk_pk, wijk_name))
        cast(forms.ChoiceField, self.fields["gemeente"]).choices = [
            ("", _("Alle gemeenten")),
            *self.gemeente_names.items(),
        ]
        cast(forms.ChoiceField, self.fields["wijk"]).choices = [
            ("", _("Alle wijken")),
            *[(self.gemeente_names[pk], wijken) for pk, wijken in grouped.items() if wijken],
        ]

    def wijk_label(self, pk: int) -> str:
        name, gemeente = self.wijken[pk]
        return f"{name} ({self.gemeente_names[gemeente]})"

    def place(self) -> str:
        """The chosen gemeente or wijk in words (call after is_valid())."""
        wijk, gemeente = self.cleaned_data.get("wijk"), self.cleaned_data.get("gemeente")
        if wijk:
            return self.wijk_label(wijk)
        return self.gemeente_names.get(gemeente, "") if gemeente else ""

    def get_layout(self):
        return Layout(
            Row(*(Column(name, css_class="col-sm-6 col-md-4 col-lg-3") for name in self.fields), css_class="g-2")
        )

    def clean(self):
        cleaned = super().clean()
        gemeente, wijk = cleaned.get("gemeente"), cleaned.get("wijk")
        if wijk and gemeente and self.wijken[wijk][1] != gemeente:
            self.add_error("wijk", _("Deze wijk ligt niet in de gekozen gemeente. Kies een wijk van die gemeente."))
        kind = cleaned.get("periode") or PeriodKind.KWARTAAL
        cleaned["periode"] = kind
        if kind == PeriodKind.ANDERS:
            van, tot = cleaned.get("van"), cleaned.get("tot")
            if not van:
                self.add_error("van", _("Vul de eerste dag van de periode in."))
            if not tot:
                self.add_error("tot", _("Vul de laatste dag van de periode in."))
            if van and tot and tot < van:
                self.add_error("tot", _("Deze datum ligt vóór de eerste dag. Kies een latere datum."))
            elif van and tot and (tot - van).days > LONGEST_CUSTOM_DAYS:
                self.add_error("tot", _("Kies een periode van hoogstens vijf jaar."))
        elif not cleaned.get("jaar"):
            self.add_error("jaar", _("Kies een jaar."))
        return cleaned

    def period(self) -> Period:
        """The chosen period (call after is_valid())."""
        data = self.cleaned_data
        kind = data["periode"]
        if kind == PeriodKind.ANDERS:
            return periods.custom(data["van"], data["tot"])
        if kind == PeriodKind.JAAR:
            return periods.year(data["jaar"])
        if kind == PeriodKind.MAAND:
            return periods.month(data["jaar"], data.get("maand") or self.today.month)
        return periods.quarter(data["jaar"], data.get("kwartaal") or 1)
