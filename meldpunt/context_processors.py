from django.core.cache import cache

from .models import Meldpunt

CACHE_KEY = "meldpunt:public-contacts"


def meldpunt_contacts(request):
    """Name and phone number of every meldpunt, for the public pages ("Bel het meldpunt"). Cached: it rarely changes."""
    contacts = cache.get(CACHE_KEY)
    if contacts is None:
        contacts = list(Meldpunt.objects.order_by("name").values("name", "phone", "opening_hours"))
        cache.set(CACHE_KEY, contacts, timeout=10 * 60)
    return {"meldpunt_contacts": contacts}
