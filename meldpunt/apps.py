from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldpuntConfig(AppConfig):
    name = "meldpunt"
    verbose_name = _("Meldpunt")

    def ready(self):
        from coalition import registry
        from coalition.models import Role

        from . import demo

        staff = {Role.MEDEWERKER, Role.COORDINATOR}
        registry.add_nav_item(_("Meldpunt"), "meldpunt:index", staff, order=10)
        registry.add_nav_item(_("Wat werkt"), "meldpunt:trackrecord", staff, order=20)
        registry.add_nav_item(_("Verwijzingen"), "meldpunt:inbox", {Role.PARTNER}, order=40)
        registry.add_nav_item(_("Signaal doorgeven"), "meldpunt:partner_signaal", {Role.PARTNER}, order=50)
        registry.add_nav_item(_("Auditlog"), "meldpunt:auditlog", {Role.FUNCTIONARIS}, order=100)
        registry.add_coordinator_models("meldpunt.meldpunt")
        # The public report form: its views count for the dashboard (per day; no cookie, no address).
        registry.add_counted_page("meldpunt:melden", "melden", _("Meldformulier"))
        # After the sociale kaart's activities: referrals may point at them.
        registry.add_demo_loader("meldpunt", demo.load, order=20)
        registry.add_bench("meldpunt.bench")
