"""The subsidies' choice lists, apart from the models so that the workflows (workflows.py) can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Doelgroep(models.TextChoices):
    OUDEREN = "ouderen", _("ouderen")
    MIGRANTENOUDEREN = "migrantenouderen", _("oudere migranten")
    JONGEREN = "jongeren", _("jongeren (12–25 jaar)")
    MANTELZORGERS = "mantelzorgers", _("mantelzorgers")
    BEPERKING = "beperking", _("mensen met een beperking")
    NIEUWKOMERS = "nieuwkomers", _("nieuwkomers")
    IEDEREEN = "iedereen", _("alle inwoners")


class AanvraagStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    INGEDIEND = "ingediend", _("ingediend")
    AANVULLEN = "aanvullen", _("aanvulling gevraagd")
    IN_BEOORDELING = "in_beoordeling", _("bij de commissie")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("niet ontvankelijk")
    TOEGEKEND = "toegekend", _("toegekend")
    DEELS_TOEGEKEND = "deels_toegekend", _("deels toegekend")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    VASTGESTELD = "vastgesteld", _("vastgesteld")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


# The parts of an application, as the form's sections; an information request reopens some of them.
class Onderdeel(models.TextChoices):
    PROJECT = "project", _("project en samenvatting")
    ORGANISATIE = "organisatie", _("organisatie en netwerkpartners")
    BEREIK = "bereik", _("wijken en doelgroepen")
    ERVARING = "ervaring", _("rol van ervaringsdeskundigen")
    PLANNING = "planning", _("activiteiten en planning")
    DOELEN = "doelen", _("doelen (bereik in aantallen)")
    METING = "meting", _("meetplan")
    BEGROTING = "begroting", _("begroting en gevraagd bedrag")
    BIJLAGEN = "bijlagen", _("bijlagen")
    VRAGEN = "vragen", _("voorwaarden (ja/nee-vragen)")


class Advies(models.TextChoices):
    TOEKENNEN = "toekennen", _("toekennen")
    DEELS = "deels", _("deels toekennen")
    AFWIJZEN = "afwijzen", _("afwijzen")


class BegrotingCategorie(models.TextChoices):
    PERSONEEL = "personeel", _("personeel en begeleiding")
    VRIJWILLIGERS = "vrijwilligers", _("vrijwilligers (vergoedingen, scholing)")
    ACTIVITEITEN = "activiteiten", _("activiteiten en materiaal")
    HUISVESTING = "huisvesting", _("ruimte en huisvesting")
    COMMUNICATIE = "communicatie", _("communicatie en werving")
    METEN = "meten", _("meten en evalueren")
    OVERIG = "overig", _("overig")


class RapportSoort(models.TextChoices):
    TUSSENTIJDS = "tussentijds", _("tussenrapportage")
    EIND = "eind", _("eindrapportage")


class RapportStatus(models.TextChoices):
    OPEN = "open", _("nog in te dienen")
    INGEDIEND = "ingediend", _("ingediend")
    WIJZIGEN = "wijzigen", _("wijzigingen gevraagd")
    GEACCEPTEERD = "geaccepteerd", _("geaccepteerd")


class BetalingSoort(models.TextChoices):
    VOORSCHOT = "voorschot", _("voorschot")
    EINDBETALING = "eindbetaling", _("eindbetaling")
    TERUGVORDERING = "terugvordering", _("terugvordering")


class MeetVorm(models.TextChoices):
    """The De Jong Gierveld scale's two forms (meldpunt/scales.py holds the items; here only the aggregates)."""

    DJG11 = "djg11", _("De Jong Gierveld, 11 vragen")
    DJG6 = "djg6", _("De Jong Gierveld, 6 vragen")
