"""The anonymous log of public searches: what citizens look for, and whether they found it.

Coördinators use it to see demand that the sociale kaart does not meet. It holds the words, the filters
and the number of results, and the date: no IP address, no time of day, no session, nothing that points
to a person.
"""

from typing import Any

from socialekaart.models import Zoekvraag

TERMS_MAX_LENGTH = Zoekvraag._meta.get_field("terms").max_length


def log_search(*, terms: str, filters: dict[str, Any], result_count: int) -> Zoekvraag:
    """Record one search (one INSERT). `filters` is `Filters.as_dict()`: names and plain values only."""
    return Zoekvraag.objects.create(terms=terms[:TERMS_MAX_LENGTH], filters=filters, result_count=result_count)
