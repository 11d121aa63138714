from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldpuntConfig(AppConfig):
    name = "meldpunt"
    verbose_name = _("Meldpunt")

    def ready(self):
        from coalition import pagecache, registry
        from coalition.models import Role
        from coalition.signals import access_changed, login_refused

        from . import demo
        from .models import Meldpunt
        from .presenters.unmet_needs import gap_panel as unmet_needs_panel
        from .services.access import log_access_change, log_refused_login

        access_changed.connect(log_access_change, dispatch_uid="meldpunt.audit.access_changed")
        login_refused.connect(log_refused_login, dispatch_uid="meldpunt.audit.login_refused")

        staff = {Role.MEDEWERKER, Role.COORDINATOR}
        registry.add_nav_item(_("Meldpunt"), "meldpunt:index", staff, order=10)
        registry.add_nav_item(_("Wat werkt"), "meldpunt:trackrecord", staff, order=20)
        registry.add_nav_item(_("Verwijzingen"), "meldpunt:inbox", {Role.PARTNER}, order=40)
        registry.add_nav_item(_("Signaal doorgeven"), "meldpunt:partner_signaal", {Role.PARTNER}, order=50)
        # Next to the sociale kaart's witte vlekken, which may not name the meldpunt (issue 15).
        registry.add_nav_item(_("Onvervulde vragen"), "meldpunt:unmet_needs", {Role.COORDINATOR}, order=75)
        registry.add_nav_item(_("Auditlog"), "meldpunt:auditlog", {Role.FUNCTIONARIS}, order=100)
        # ... and on the witte-vlekken page itself, next to the sociale kaart's gaps.
        registry.add_gap_panel("meldpunt/unmet_needs/_gap_panel.html", unmet_needs_panel, order=10)
        registry.add_coordinator_models("meldpunt.meldpunt")
        # The meldpunten's phone numbers are on every public page (coalition/pagecache.py).
        pagecache.invalidate_on_change(Meldpunt)
        # The application's database role may add audit lines and read them, nothing more (coalition/dbroles.py).
        registry.add_append_only_model("meldpunt.auditregel")
        # The public report form: its views count for the dashboard (per day; no cookie, no address).
        registry.add_counted_page("meldpunt:melden", "melden", _("Meldformulier"))
        # The privacy statement of the report form, in every page's footer.
        registry.add_footer_link(_("Privacy"), "meldpunt:privacy", order=20)
        # After the sociale kaart's activities: referrals may point at them.
        registry.add_demo_loader("meldpunt", demo.load, order=20)
        registry.add_bench("meldpunt.bench")
