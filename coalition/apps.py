from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoalitionConfig(AppConfig):
    name = "coalition"
    verbose_name = _("Coalitie")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import checks, pagecache, registry  # noqa: F401 -- importing checks registers them
        from .login_throttle import count_failed_login
        from .models import Gemeente, Organisatie, PostcodeGebied, Role, Wijk
        from .services.access import record_lockout

        # Names, wijken and postcodes are on the public pages (coalition/pagecache.py).
        pagecache.invalidate_on_change(Gemeente, Wijk, PostcodeGebied, Organisatie)

        user_login_failed.connect(count_failed_login, dispatch_uid="coalition.login_throttle")
        # A locked account goes to the privacy officer's audit log (coalition.signals.login_refused).
        user_locked_out.connect(record_lockout, dispatch_uid="coalition.access.lockout")

        # The reference data a coördinator keeps in the admin (including imports).
        registry.add_coordinator_models(
            "coalition.gemeente",
            "coalition.wijk",
            "coalition.postcodegebied",
            "coalition.organisatie",
            "coalition.contactpersoon",
            "coalition.werkgroep",
            # The outbox: read-only in its admin, with "try again" for messages that failed.
            "coalition.outboxmessage",
            # Large imports in the background: read-only, their progress and result.
            "coalition.importtaak",
        )
        # Last in the menu; the apps' items come before it (see their apps.py).
        registry.add_nav_item(_("Beheer"), "admin:index", {Role.COORDINATOR, Role.BEHEERDER}, order=110)
