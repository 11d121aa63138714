from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import Gemeente, Role


class Meldpunt(models.Model):
    """The desk of one gemeente where signals of loneliness arrive; one deployment may serve several."""

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.PROTECT, related_name="meldpunt", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam"), max_length=200)
    phone = models.CharField(_("telefoonnummer"), max_length=20)
    email = models.EmailField(_("e-mailadres"))
    opening_hours = models.CharField(
        _("openingstijden"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met vrijdag 9.00–17.00 uur"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="meldpunten",
        blank=True,
        verbose_name=_("medewerkers"),
        limit_choices_to={"role__in": [Role.MEDEWERKER, Role.COORDINATOR]},
        help_text=_("Alleen deze medewerkers openen de meldingen van dit meldpunt."),
    )

    class Meta:
        verbose_name = _("meldpunt")
        verbose_name_plural = _("meldpunten")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The public pages show every meldpunt's phone number from the cache.
        cache.delete("meldpunt:public-contacts")
