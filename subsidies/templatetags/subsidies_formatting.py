"""{% load subsidies_formatting %}: `value|euro`, `value|moment` and `values|target_groups` (see formatting.py)."""

from django import template

from .. import formatting

register = template.Library()

register.filter("euro", formatting.euro)
register.filter("moment", formatting.moment)
register.filter("target_groups", formatting.target_groups)
