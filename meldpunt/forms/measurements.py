"""Forms for entering measurements on a case: De Jong Gierveld item by item, and Positieve Gezondheid.

The forms check what a person can correct beside the field (a missing answer, a date that is not a date, a mark
that is not 0–10); the rules about the case itself (dates not in the future, not before the case) live in
meldpunt/services/measurements.py, whose ValidationErrors the view adds to the form.
"""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import HTML, Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin

from ..choices import DJGForm, Moment
from ..scales import (
    DJG_ITEMS,
    FIVE_POINT_ANSWERS,
    PG_DIMENSIONS,
    PG_MAX,
    PG_MIN,
    THREE_POINT_ANSWERS,
    IncompleteMeasurement,
    score_djg,
)
from ..services.measurements import check_date

# The radio button for leaving one statement of the short form open; it counts as unanswered, like no choice.
NO_ANSWER = "geen"
NO_ANSWER_LABEL = _("weet niet / geen antwoord")
SHORT_FORM_MISSING = _("Bij de korte vorm mag maar één uitspraak openblijven. Kies hier een antwoord.")


def _moment_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Moment van de meting"),
        choices=Moment.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Kies het moment van de meting."),
            "invalid_choice": _("Kies een van de getoonde momenten."),
        },
    )


def _date_field() -> forms.DateField:
    return forms.DateField(
        label=_("Datum van de meting"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Niet in de toekomst en niet eerder dan de melding binnenkwam."),
        error_messages={
            "required": _("Vul de datum van de meting in."),
            "invalid": _("Vul een bestaande datum in, zoals 14-03-2026."),
        },
    )


class _MeasurementForm(CrispyMixin, forms.Form):
    """Pass `melding=` so a date outside the case's time is refused beside the date at once, together with
    any other error (the service checks it again when saving)."""

    mark = None  # the page says which answers are needed

    def __init__(self, *args, melding=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.melding = melding
        self.fields["measured_on"].widget.attrs["class"] = "form-control w-auto"

    def clean_measured_on(self):
        value = self.cleaned_data["measured_on"]
        if self.melding is not None:
            try:
                check_date(self.melding, value)
            except ValidationError as error:
                raise ValidationError(error.error_dict["measured_on"]) from None
        return value


class DJGMeasurementForm(_MeasurementForm):
    """The statements of the chosen form as radio groups (`item_1` …), with the moment and the date.

    `djg_form`: DJGForm.DJG11 (every statement required) or DJGForm.DJG6 (at most one left open, with an
    explicit "weet niet / geen antwoord"). `five_point`: offer ja!/ja/min of meer/nee/nee! instead of
    ja/min of meer/nee.
    """

    moment = _moment_field()
    measured_on = _date_field()

    def __init__(self, *args, djg_form=DJGForm.DJG11, five_point=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.djg_form = DJGForm(djg_form)
        self.five_point = five_point
        self.items = DJG_ITEMS[self.djg_form]
        scale = FIVE_POINT_ANSWERS if five_point else THREE_POINT_ANSWERS
        answers = [(answer.value, answer.label) for answer in scale]
        short = self.djg_form == DJGForm.DJG6
        for item in self.items:
            self.fields[f"item_{item.number}"] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=answers + ([(NO_ANSWER, NO_ANSWER_LABEL)] if short else []),
                required=not short,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Kies een antwoord bij deze uitspraak."),
                    "invalid_choice": _("Kies een van de getoonde antwoorden."),
                },
            )
        self.score = None

    def get_layout(self):
        """The moment and the date, then the statements ("3. Ik ervaar een leegte om me heen"), answers side by side."""
        return Layout(
            "moment",
            "measured_on",
            Div(
                HTML('{% include "meldpunt/measurements/_djg_statements.html" %}'),
                *(InlineRadios(f"item_{item.number}") for item in self.items),
                css_class="mt-4",
                role="region",
                aria_labelledby="uitspraken",
            ),
        )

    def answers(self) -> dict[int, str | None]:
        answers = {}
        for item in self.items:
            answer = self.cleaned_data.get(f"item_{item.number}")
            answers[item.number] = None if answer in (None, "", NO_ANSWER) else answer
        return answers

    def clean(self):
        cleaned = super().clean()
        try:
            self.score = score_djg(self.djg_form, self.answers())
        except IncompleteMeasurement as error:
            # The rule in words above the form; beside each statement its own message.
            self.add_error(None, error.message)
            for number in error.missing_items:
                name = f"item_{number}"
                if name not in self.errors:
                    self.add_error(name, SHORT_FORM_MISSING)
        return cleaned


class PGMeasurementForm(_MeasurementForm):
    """Positieve Gezondheid: the person's own mark, 0–10, on each of the six dimensions, in spinnenweb order."""

    moment = _moment_field()
    measured_on = _date_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Vul een heel cijfer van 0 tot 10 in.")
        for dimension in PG_DIMENSIONS:
            self.fields[dimension.key] = forms.IntegerField(
                label=dimension.name,
                min_value=PG_MIN,
                max_value=PG_MAX,
                help_text=_("Bijvoorbeeld: “%(example)s”. Een cijfer van 0 tot 10.") % {"example": dimension.example},
                widget=forms.NumberInput(attrs={"class": "form-control w-auto", "inputmode": "numeric", "size": 3}),
                error_messages={
                    "required": _("Vul een cijfer van 0 tot 10 in."),
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
            )

    def get_layout(self):
        return Layout(
            "moment",
            "measured_on",
            Div(
                HTML('{% include "meldpunt/measurements/_pg_dimensions.html" %}'),
                *(dimension.key for dimension in PG_DIMENSIONS),
                css_class="mt-4",
                role="region",
                aria_labelledby="cijfers",
            ),
        )

    def scores(self) -> dict[str, int]:
        return {dimension.key: self.cleaned_data[dimension.key] for dimension in PG_DIMENSIONS}
