from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialekaartConfig(AppConfig):
    name = "socialekaart"
    verbose_name = _("Sociale kaart")
