"""What the coördinators teach the search: synonyms (a word that also means other words) and search words set aside
as nonsense, from the page of searches without results (views/insight.py) or the admin."""

from django.db import transaction

from coalition.models import User

from ..models import Synoniem, VerborgenZoekvraag
from ..search import forget_vocabulary


@transaction.atomic
def add_synonym(word: str, words: list[str]) -> Synoniem:
    """Saves "`word` also means `words`": a new Synoniem, or the new words added to the word's existing one.

    Words are compared as the search compares them (lower case, no accents). Raises ValidationError (in Dutch) for
    more than one search word or no other words. The search uses the change at once (in every process).
    """
    candidate = Synoniem(word=word, words=words)
    candidate.clean()
    synoniem, created = Synoniem.objects.select_for_update().get_or_create(
        word=candidate.word, defaults={"words": candidate.words}
    )
    if not created:
        synoniem.words = [*synoniem.words, *(new for new in candidate.words if new not in synoniem.words)]
        synoniem.save(update_fields=["words", "updated_at"])
    transaction.on_commit(forget_vocabulary)
    return synoniem


def hide_search_term(term: str, *, by: User | None) -> VerborgenZoekvraag:
    """Sets the search words aside: the overview of searches without results no longer shows them (idempotent)."""
    term = " ".join(term.split()).lower()[: VerborgenZoekvraag._meta.get_field("term").max_length]
    hidden, _created = VerborgenZoekvraag.objects.get_or_create(term=term, defaults={"hidden_by": by})
    return hidden
