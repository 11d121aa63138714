"""Permissions that follow from a user's role, so nobody has to tick boxes per user."""

from .models import Role

# The reference data a coördinator keeps in the admin (including imports).
COORDINATOR_MODELS = frozenset(
    {
        "coalition.gemeente",
        "coalition.wijk",
        "coalition.postcodegebied",
        "coalition.organisatie",
        "coalition.contactpersoon",
        "coalition.werkgroep",
        # The outbox: read-only in its admin, with "try again" for messages that failed.
        "coalition.outboxmessage",
        "meldpunt.meldpunt",
        # The sociale kaart; history, search log and proposals are read-only in their admins.
        "socialekaart.activiteit",
        "socialekaart.tijdslot",
        "socialekaart.bijeenkomst",
        "socialekaart.locatie",
        "socialekaart.partnerinstelling",
        "socialekaart.wijzigingsvoorstel",
        "socialekaart.historie",
        "socialekaart.zoekvraag",
    }
)


class RolePermissionBackend:
    """Grants admin permissions by role; it never authenticates anyone itself."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if user_obj.role == Role.BEHEERDER:
            return True
        if user_obj.role == Role.COORDINATOR:
            app_label, _, codename = perm.partition(".")
            model = codename.partition("_")[2]
            return f"{app_label}.{model}" in COORDINATOR_MODELS
        return False

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if user_obj.role == Role.BEHEERDER:
            return True
        if user_obj.role == Role.COORDINATOR:
            return any(label.startswith(f"{app_label}.") for label in COORDINATOR_MODELS)
        return False
