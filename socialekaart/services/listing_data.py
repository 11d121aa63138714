"""A listing's form data: as JSON (what a change proposal stores), as readable text (the history and the
before/after table), and written onto an activity. No transitions here: those are listings.py and proposals.py."""

from decimal import Decimal, InvalidOperation

from django.utils.text import slugify
from django.utils.translation import gettext as _

from coalition.models import Wijk

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
    taken = set(Activiteit.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
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


def _pks(value) -> list[int]:
    if value is None:
        return []
    return sorted(int(getattr(item, "pk", item)) for item in value)


def to_json(data: dict) -> dict:
    """The cleaned form data as JSON: amounts as text, locaties and wijken as lists of ids."""
    result = {}
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


def current_json(activiteit: Activiteit) -> dict:
    data = {name: getattr(activiteit, name) for name in SCALAR_FIELDS}
    data["locaties"] = activiteit.locaties.all()
    data["wijken"] = activiteit.wijken.all()
    return to_json(data)


def amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _names(model, pks: list[int]) -> list[str]:
    return sorted(str(name) for name in model.objects.filter(pk__in=pks).values_list("name", flat=True))


def display_value(name: str, value) -> str:
    """A stored (JSON) value as a reader sees it: labels of choices, 'ja'/'nee', names of places."""
    if name in CHOICES:
        labels = dict(CHOICES[name].choices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, value or ""))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if name == "locaties":
        return ", ".join(_names(Locatie, value or []))
    if name == "wijken":
        return ", ".join(_names(Wijk, value or []))
    if name == "cost_amount" and value not in (None, ""):
        return f"€ {value}"
    return "" if value is None else str(value)


def field_label(name: str) -> str:
    return str(Activiteit._meta.get_field(name).verbose_name)


def diff(old: dict, new: dict) -> dict:
    """{field label: [old, new]} of the fields that differ, in readable form."""
    changes = {}
    for name in EDITABLE_FIELDS:
        if name in new and old.get(name) != new[name]:
            changes[field_label(name)] = [display_value(name, old.get(name)), display_value(name, new[name])]
    return changes


def compare(activiteit: Activiteit, data: dict) -> list[dict]:
    """The rows of a before/after table: every form field with its current and proposed value."""
    current = current_json(activiteit)
    return [
        {
            "label": field_label(name),
            "before": display_value(name, current.get(name)),
            "after": display_value(name, data.get(name, current.get(name))),
            "changed": name in data and current.get(name) != data[name],
        }
        for name in EDITABLE_FIELDS
    ]


def apply(activiteit: Activiteit, data: dict) -> dict:
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
