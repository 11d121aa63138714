"""Template filters of the citizens' pages of the sociale kaart."""

from django import template

register = template.Library()


@register.filter
def own_meldpunt_first(contacts, gemeente_id):
    """The meldpunt contacts (meldpunt.context_processors.meldpunt_contacts: plain dicts, so socialekaart needs no
    import of meldpunt) with the one of this gemeente first; the others keep their order."""
    if not gemeente_id or not contacts:
        return contacts
    return sorted(contacts, key=lambda contact: contact.get("gemeente_id") != gemeente_id)
