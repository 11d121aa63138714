from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from coalition import registry
        from coalition.models import Role

        registry.add_nav_item(
            _("Monitor"), "monitoring:index", {Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER}, order=90
        )
        registry.add_nav_item(_("Onze cijfers"), "monitoring:our_figures", {Role.PARTNER}, order=91)
        registry.add_footer_link(_("Voortgang van de aanpak"), "monitoring:progress", order=10)
        registry.add_counted_page("monitoring:progress", "voortgang", _("Voortgang"))
        registry.add_bench("monitoring.bench")
