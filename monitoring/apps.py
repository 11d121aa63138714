from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from coalition import registry
        from coalition.models import Role

        from . import demo

        registry.add_nav_item(
            _("Monitor"), "monitoring:index", {Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER}, order=90
        )
        registry.add_nav_item(_("Onze cijfers"), "monitoring:our_figures", {Role.PARTNER}, order=91)
        registry.add_footer_link(_("Voortgang van de aanpak"), "monitoring:progress", order=10)
        registry.add_counted_page("monitoring:progress", "voortgang", _("Voortgang"))
        registry.add_bench("monitoring.bench")
        # The figures the GGD and the CBS publish, and each gemeente's ambition: coördinatoren import them.
        registry.add_coordinator_models("monitoring.gezondheidscijfer", "monitoring.ambitie", "monitoring.inwonertal")
        # After the other apps: it needs only coalition's gemeenten and wijken.
        registry.add_demo_loader("monitoring", demo.load, order=40)
