from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = _("Subsidies")

    def ready(self):
        from coalition import registry
        from coalition.models import Role

        # The committee and the coördinator (the public list of open calls, subsidies:index, needs no menu item).
        registry.add_nav_item(_("Subsidies beheren"), "subsidies:coordinator_calls", {Role.COORDINATOR}, order=80)
        registry.add_nav_item(_("Subsidiecommissie"), "subsidies:committee", {Role.COMMISSIELID}, order=81)
        # Calls with their criteria, knock-out questions and documents; applications and their history read-only.
        registry.add_coordinator_models(
            "subsidies.regeling",
            "subsidies.criterium",
            "subsidies.toetsvraag",
            "subsidies.documenteis",
            "subsidies.aanvraag",
            "subsidies.historie",
        )
        registry.add_bench("subsidies.bench")
        # The applicant's side: their organisations' applications.
        registry.add_nav_item(
            _("Mijn aanvragen"), "subsidies:my_applications", {Role.PARTNER, Role.AANVRAGER}, order=82
        )

        from . import demo

        # After the sociale kaart and the meldpunt: the organisations, users and wijken are there by then.
        registry.add_demo_loader("subsidies", demo.load, order=30)
