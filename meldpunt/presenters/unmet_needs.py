"""Unmet needs in words: the kind of help and the language by their labels, "niet gezegd" and "onbekend" for what
was not filled in. Used by the coördinator's overview and by the panel on the sociale kaart's witte-vlekken page."""

from typing import Any

from django.utils.translation import gettext as _

from socialekaart.models import ActivityType, Language

from ..queries.unmet_needs import unmet_language_counts, unmet_need_counts


def need_rows(gemeente_id: int | None = None) -> list[dict[str, Any]]:
    """Per kind of help and wijk or kern, the most frequent first. One query."""
    kinds = dict(ActivityType.choices)
    return [
        {"kind": kinds.get(row.kind, _("niet gezegd")), "wijk": row.wijk or _("onbekend"), "count": row.count}
        for row in unmet_need_counts(gemeente_id=gemeente_id)
    ]


def language_rows(gemeente_id: int | None = None) -> list[tuple[Any, int]]:
    languages = dict(Language.choices)
    return [(languages.get(code, code), n) for code, n in unmet_language_counts(gemeente_id=gemeente_id)]


def gap_panel(gemeente_id: int | None) -> dict[str, Any]:
    """The witte-vlekken page's section (coalition.registry.add_gap_panel): what the meldpunt looked for and did
    not find, in the chosen gemeente. One query; counts only."""
    return {"unmet_rows": need_rows(gemeente_id)}
