"""Permissions that follow from a user's role, so nobody has to tick boxes per user."""

from . import registry
from .models import Role


class RolePermissionBackend:
    """Grants admin permissions by role; it never authenticates anyone itself.

    A coördinator manages the models that the apps registered with registry.add_coordinator_models.
    """

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
            return f"{app_label}.{model}" in registry.coordinator_models()
        return False

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if user_obj.role == Role.BEHEERDER:
            return True
        if user_obj.role == Role.COORDINATOR:
            return any(label.startswith(f"{app_label}.") for label in registry.coordinator_models())
        return False
