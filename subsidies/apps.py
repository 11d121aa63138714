from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        from coalition import registry
        from coalition.models import Role

        registry.add_nav_item(_("Subsidies"), "subsidies:index", {Role.COMMISSIELID, Role.COORDINATOR}, order=80)
        # The applicant's side: their organisations' applications.
        registry.add_nav_item(
            _("Mijn aanvragen"), "subsidies:my_applications", {Role.PARTNER, Role.AANVRAGER}, order=81
        )

        from . import demo

        # After the sociale kaart and the meldpunt: the organisations, users and wijken are there by then.
        registry.add_demo_loader("subsidies", demo.load, order=30)
