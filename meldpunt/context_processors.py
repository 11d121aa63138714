from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from coalition.models import Role

from .models import PUBLIC_CONTACTS_CACHE_KEY, Meldpunt
from .services.notifications import cached_unread_count


def meldpunt_contacts(request):
    """Name and phone number of every meldpunt, for the public pages ("Bel het meldpunt"). Cached: it rarely changes.
    With the gemeente's id, so a page about one wijk can put that gemeente's meldpunt first. Read only by a page
    that shows them (most search pages do not)."""
    return {"meldpunt_contacts": SimpleLazyObject(_public_contacts)}


def _public_contacts() -> list[dict]:
    contacts = cache.get(PUBLIC_CONTACTS_CACHE_KEY)
    if contacts is None:
        contacts = list(Meldpunt.objects.order_by("name").values("name", "phone", "opening_hours", "gemeente_id"))
        cache.set(PUBLIC_CONTACTS_CACHE_KEY, contacts, timeout=10 * 60)
    return contacts


# The roles that receive notifications (referrals, their follow-up): they see "Berichten" in the navigation.
NOTIFIED_ROLES = frozenset({Role.MEDEWERKER, Role.COORDINATOR, Role.PARTNER})


def notifications(request):
    """The link to the user's notifications with the unread count, for the navigation.

    The count comes from the cache only (services.notifications keeps it up to date), and only when a page
    shows it: the navigation never costs a page a database query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.role not in NOTIFIED_ROLES:
        return {"notifications_nav": None}
    if user.needs_second_factor and not (hasattr(user, "is_verified") and user.is_verified()):
        return {"notifications_nav": None}  # not before the second factor
    return {
        "notifications_nav": {
            "url": reverse("meldpunt:notifications"),
            "unread": SimpleLazyObject(lambda: cached_unread_count(user)),
        }
    }
