"""{% load coalition_formatting %}: `value|euro` writes an amount as "€ 1.250,00" (coalition.formatting.euro), in
every language; an empty amount as a dash."""

from django import template

from .. import formatting

register = template.Library()


@register.filter
def euro(value) -> str:
    return "—" if value is None or value == "" else formatting.euro(value)
