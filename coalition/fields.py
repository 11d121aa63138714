"""Form fields every app may use."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


class PlausibleDateField(forms.DateField):
    """A date from 1900 up to 2199. A date further out is a typo; and at the edges of what Python can hold (the years 1
    and 9999) the filters' arithmetic breaks: the day after 31-12-9999 does not exist, and midnight on 1-1-0001 in
    Dutch time is before the first moment in UTC."""

    default_validators = [
        MinValueValidator(EARLIEST_DATE, _("Kies een datum vanaf 1900.")),
        MaxValueValidator(LATEST_DATE, _("Kies een datum vóór het jaar 2200.")),
    ]
