"""Words for the committee's and the coördinator's pages: labels of stored choice values. No queries."""

from django import template

from ..choices import Doelgroep, Onderdeel

register = template.Library()


@register.filter
def doelgroepen(values) -> str:
    """The target groups, in words: "ouderen, mantelzorgers"."""
    labels = dict(Doelgroep.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or [])


@register.filter
def onderdelen(values) -> list[str]:
    """The parts of an application (an information request's reopened parts), in words."""
    labels = dict(Onderdeel.choices)
    return [str(labels.get(value, value)) for value in values or []]
