from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialekaartConfig(AppConfig):
    name = "socialekaart"
    verbose_name = _("Sociale kaart")

    def ready(self):
        from coalition import pagecache, registry
        from coalition.models import Role

        from . import models
        from .demo import loader as demo_loader
        from .presenters import review_count_label
        from .queries.coordinator import review_count_for_menu

        # What the public pages and the API show: any change of it makes their cached copies old at once.
        pagecache.invalidate_on_change(
            models.Activiteit,
            models.Locatie,
            models.Tijdslot,
            models.Uitzondering,
            models.Bijeenkomst,
            models.Synoniem,
            models.VerborgenZoekvraag,
        )

        registry.add_nav_item(
            _("Mijn organisaties"), "socialekaart:partner_index", {Role.PARTNER, Role.COORDINATOR}, order=30
        )
        registry.add_nav_item(
            _("Beoordelen"),
            "socialekaart:review_queue",
            {Role.COORDINATOR},
            order=60,
            count=review_count_for_menu,
            count_label=review_count_label,
        )
        registry.add_nav_item(_("Sociale kaart: inzicht"), "socialekaart:verouderd", {Role.COORDINATOR}, order=70)
        # The sociale kaart and its search's synonyms; history, search log and proposals are read-only in their admins.
        registry.add_coordinator_models(
            "socialekaart.activiteit",
            "socialekaart.tijdslot",
            "socialekaart.uitzondering",
            "socialekaart.bijeenkomst",
            "socialekaart.locatie",
            "socialekaart.partnerinstelling",
            "socialekaart.wijzigingsvoorstel",
            "socialekaart.historie",
            "socialekaart.zoekvraag",
            "socialekaart.synoniem",
            "socialekaart.verborgenzoekvraag",
        )
        # The citizens' pages whose views the dashboard counts (per day and page type; no cookie, no address).
        registry.add_counted_page("socialekaart:home", "home", _("Startpagina"))
        registry.add_counted_page("socialekaart:search", "zoeken", _("Zoeken in de sociale kaart"))
        registry.add_counted_page("socialekaart:activiteit", "activiteit", _("Pagina van een activiteit"))
        registry.add_counted_page("socialekaart:agenda", "agenda", _("Agenda"))
        registry.add_counted_page("socialekaart:booklet", "boekje", _("Boekje om te printen"))
        registry.add_demo_loader("socialekaart", demo_loader.load, order=10)
        registry.add_bench("socialekaart.bench")
