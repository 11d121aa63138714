from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (label, url name, roles that see it). The order is the order in the menu.
NAVIGATION = [
    (_("Meldpunt"), "meldpunt:index", {Role.MEDEWERKER, Role.COORDINATOR}),
    (_("Wat werkt"), "meldpunt:trackrecord", {Role.MEDEWERKER, Role.COORDINATOR}),
    (_("Mijn organisaties"), "socialekaart:partner_index", {Role.PARTNER, Role.COORDINATOR}),
    (_("Verwijzingen"), "meldpunt:inbox", {Role.PARTNER}),
    (_("Signaal doorgeven"), "meldpunt:partner_signaal", {Role.PARTNER}),
    (_("Beoordelen"), "socialekaart:review_queue", {Role.COORDINATOR}),
    (_("Sociale kaart: inzicht"), "socialekaart:verouderd", {Role.COORDINATOR}),
    (_("Subsidies"), "subsidies:index", {Role.COMMISSIELID, Role.COORDINATOR}),
    (_("Monitor"), "monitoring:index", {Role.STUURGROEP, Role.COORDINATOR}),
    (_("Auditlog"), "meldpunt:auditlog", {Role.FUNCTIONARIS}),
    (_("Beheer"), "admin:index", {Role.COORDINATOR, Role.BEHEERDER}),
]


def navigation(request):
    """The menu of the logged-in user's role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(name), "active": False}
        for label, name, roles in NAVIGATION
        if user.role in roles
    ]
    # Only the most specific item is current: on /meldpunt/wat-werkt/ that is "Wat werkt", not "Meldpunt".
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
