"""A listing's form data: as JSON (what a change proposal stores), as readable text (the history and the
before/after table), and written onto an activity. No transitions here: those are listings.py and proposals.py."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.formatting import euro
from coalition.models import Wijk, field_label

from ..models import (
    Activiteit,
    ActivityType,
    CostKind,
    Evidence,
    Historie,
    JoinMethod,
    Language,
    Locatie,
    TargetGroup,
    Theme,
)
from ..search import refresh_search_vector

Status = Activiteit.Status
Action = Historie.Action

# The fields of the activity form, in the order of the form. Proposals store exactly these.
SCALAR_FIELDS = [
    "title",
    "summary",
    "description",
    "kind",
    "target_groups",
    "themes",
    "evidence",
    "evidence_source",
    "cost_kind",
    "cost_amount",
    "cost_note",
    "transport_available",
    "languages",
    "is_online",
    "join_method",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
]
M2M_FIELDS = ["locaties", "wijken"]
# What the many-to-many fields store (primary keys) and show (names).
M2M_MODELS: dict[str, type[Locatie] | type[Wijk]] = {"locaties": Locatie, "wijken": Wijk}
EDITABLE_FIELDS = SCALAR_FIELDS + M2M_FIELDS
# A change of these means the search vector must be written again.
SEARCH_FIELDS = {"title", "summary", "description", "kind", "target_groups", "themes", "locaties", "wijken"}
CHOICES = {
    "kind": ActivityType,
    "target_groups": TargetGroup,
    "themes": Theme,
    "evidence": Evidence,
    "cost_kind": CostKind,
    "languages": Language,
    "join_method": JoinMethod,
}
SLUG_MAX_LENGTH = 120


RESERVED_SLUGS = frozenset({"boekje"})


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the title that no other activity has: 'samen-eten', then 'samen-eten-2', 'samen-eten-3' …"""
    base = slugify(title)[: SLUG_MAX_LENGTH - 6].strip("-") or "activiteit"
    others = Activiteit.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    # Addresses beside /activiteiten/<slug>/ that an activity must never shadow.
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _was_ever_published(activiteit: Activiteit) -> bool:
    """Once published, a slug is printed in booklets and on posters: it never changes again."""
    if activiteit.status in (Status.GEPUBLICEERD, Status.GEARCHIVEERD):
        return True
    return activiteit.historie.filter(action__in=[Action.GEPUBLICEERD, Action.GEIMPORTEERD]).exists()


def _pks(value: Iterable[Any] | None) -> list[int]:
    if value is None:
        return []
    return sorted(int(getattr(item, "pk", item)) for item in value)


def to_json(data: dict[str, Any]) -> dict[str, Any]:
    """The cleaned form data as JSON: amounts as text, locaties and wijken as lists of ids."""
    result: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "cost_amount":
            value = None if value in (None, "") else str(value)
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        result[name] = value
    for name in M2M_FIELDS:
        if name in data:
            result[name] = _pks(data[name])
    return result


def current_json(activiteit: Activiteit) -> dict[str, Any]:
    data = {name: getattr(activiteit, name) for name in SCALAR_FIELDS}
    data["locaties"] = activiteit.locaties.all()
    data["wijken"] = activiteit.wijken.all()
    return to_json(data)


def amount(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _names(model: type[Locatie] | type[Wijk], pks: list[int]) -> list[str]:
    return sorted(str(name) for name in model._default_manager.filter(pk__in=pks).values_list("name", flat=True))


def display_value(name: str, value: Any) -> str:
    """A stored (JSON) value as a reader sees it: labels of choices, 'ja'/'nee', names of places."""
    if name in CHOICES:
        labels = dict(CHOICES[name].choices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value or ""))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if name in M2M_MODELS:
        return ", ".join(_names(M2M_MODELS[name], value or []))
    if name == "cost_amount" and value not in (None, ""):
        return _amount_text(value)
    return "" if value is None else str(value)


def _amount_text(value: Any) -> str:
    """€ 2,50 (coalition.formatting.euro); what was stored as it is when it is no amount."""
    try:
        return euro(value)
    except InvalidOperation:
        return f"€ {value}"


def label(name: str) -> str:
    return field_label(Activiteit, name)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[str]]:
    """{field label: [old, new]} of the fields that differ, in readable form."""
    changes: dict[str, list[str]] = {}
    for name in EDITABLE_FIELDS:
        if name in new and old.get(name) != new[name]:
            changes[label(name)] = [display_value(name, old.get(name)), display_value(name, new[name])]
    return changes


def compare(activiteit: Activiteit, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a before/after table: every form field with its current and proposed value."""
    current = current_json(activiteit)
    return [
        {
            "label": label(name),
            "before": display_value(name, current.get(name)),
            "after": display_value(name, data.get(name, current.get(name))),
            "changed": name in data and current.get(name) != data[name],
        }
        for name in EDITABLE_FIELDS
    ]


def apply(activiteit: Activiteit, data: dict[str, Any]) -> dict[str, list[str]]:
    """Write the (JSON) form data onto the locked activity; returns the changes as {label: [old, new]}."""
    old = current_json(activiteit)
    changes = diff(old, data)
    if not changes:
        return {}
    changed_names = {name for name in EDITABLE_FIELDS if name in data and old.get(name) != data[name]}
    scalar_names = [name for name in SCALAR_FIELDS if name in changed_names]
    for name in scalar_names:
        value = data[name]
        setattr(activiteit, name, amount(value) if name == "cost_amount" else value)
    if "title" in changed_names and not _was_ever_published(activiteit):
        activiteit.slug = unique_slug(activiteit.title, exclude_pk=activiteit.pk)
        scalar_names.append("slug")
    if scalar_names:
        activiteit.save(update_fields=[*scalar_names, "updated_at"])
    if "locaties" in changed_names:
        # Only the organisation's own locations (the form limits them too).
        activiteit.locaties.set(
            Locatie.objects.filter(pk__in=data["locaties"], organisatie_id=activiteit.organisatie_id)
        )
    if "wijken" in changed_names:
        activiteit.wijken.set(data["wijken"])
    if changed_names & SEARCH_FIELDS:
        refresh_search_vector(activiteit)
    return changes
