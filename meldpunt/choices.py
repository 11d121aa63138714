"""The fixed lists of the meldpunt: statuses, channels, the signaleringskaart, scales and profiles.

The wording of the signaleringskaart and the De Jong Gierveld answers follows ../shared/reference exactly.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    WACHT_OP_PARTNER = "wacht_op_partner", _("Wacht op partner")
    GESLOTEN = "gesloten", _("Gesloten")


OPEN_STATUSES = [Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER]


class Channel(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    BALIE = "balie", _("Balie")
    WEBFORMULIER = "webformulier", _("Webformulier")
    EMAIL = "email", _("E-mail")
    PARTNER = "partner", _("Partner")
    KERNTEAM = "kernteam", _("Kernteam")
    ANDERS = "anders", _("Anders")


class Relation(models.TextChoices):
    """Who reported the signal, seen from the person concerned."""

    ZELF = "zelf", _("De persoon zelf")
    BUUR = "buur", _("Buur")
    FAMILIE = "familie", _("Familie")
    HUISARTS = "huisarts", _("Huisarts")
    WIJKVERPLEGING = "wijkverpleging", _("Wijkverpleging")
    THUISZORG = "thuiszorg", _("Thuiszorg")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    KERK = "kerk", _("Kerk")
    VERENIGING = "vereniging", _("Vereniging")
    ONDERNEMER = "ondernemer", _("Ondernemer")
    GEMEENTE = "gemeente", _("Gemeente of wijkteam")
    ANDERS = "anders", _("Anders")


class Urgency(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")
    ACUUT = "acuut", _("Acuut")


class CloseReason(models.TextChoices):
    GEHOLPEN = "geholpen", _("Geholpen")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen en afgerond")
    GEEN_HULPVRAAG = "geen_hulpvraag", _("Geen hulpvraag")
    # The person said no: the signal should not follow them, so the data is kept only briefly (privacy.py).
    GEEN_HULP_GEWENST = "geen_hulp_gewenst", _("Geen hulp gewenst (de persoon wil het niet)")
    NIET_BEREIKBAAR = "niet_bereikbaar", _("Niet bereikbaar")
    VERHUISD = "verhuisd", _("Verhuisd")
    OVERLEDEN = "overleden", _("Overleden")
    ANDERS = "anders", _("Anders")
    # Not a reason people choose: a signal that turned out to be about someone with an open case.
    SAMENGEVOEGD = "samengevoegd", _("Samengevoegd met een andere melding")
    # Not chosen in the close form either: staff discard a web-form report from the "Eerst nakijken" list.
    SPAM = "spam", _("Spam: geen echte melding")


# Reasons only a service sets; the close form does not offer them.
SYSTEM_CLOSE_REASONS = (CloseReason.SAMENGEVOEGD, CloseReason.SPAM)

# No end measurement is asked for when the person died, the case was folded into another one, or it was spam.
NO_END_MEASUREMENT_REASONS = (CloseReason.OVERLEDEN, CloseReason.SAMENGEVOEGD, CloseReason.SPAM)


class Signal(models.TextChoices):
    """The national signaleringskaart (Eén tegen eenzaamheid), word for word. Observed, not a diagnosis."""

    ZELFZORG = "verslechterde_zelfzorg", _("verslechterde zelfzorg")
    VERMOEIDHEID = "vermoeidheid", _("vermoeidheid")
    HOOFDPIJN = "hoofdpijn", _("hoofdpijn")
    SPIERSPANNING = "verhoogde_spierspanning", _("verhoogde spierspanning")
    EETLUST = "gebrek_aan_eetlust", _("gebrek aan eetlust")
    ZELFBEELD = "negatief_zelfbeeld", _("negatief zelfbeeld en weinig zelfvertrouwen")
    ZINLOOSHEID = "zinloosheid", _("gevoelens van zinloosheid en uitzichtloosheid")
    VERLATENHEID = "verlatenheid", _("gevoelens van verlatenheid")
    TELEURSTELLING = "teleurstelling", _("teleurstelling")
    VERDRIET = "verdriet", _("verdriet")
    BOOSHEID = "boosheid", _("boosheid")
    WANTROUWEN = "verlies_van_vertrouwen", _("verlies van vertrouwen in andere mensen")
    WEINIG_CONTACTEN = "weinig_sociale_contacten", _("weinig sociale contacten")
    GEEN_STEUN = "missen_van_sociale_steun", _("missen van sociale steun")
    VAARDIGHEDEN = "gebrek_aan_sociale_vaardigheden", _("gebrek aan sociale vaardigheden")
    AFSTAND = "mensen_op_afstand", _("mensen op afstand houden")
    CLAIMGEDRAG = "claimgedrag", _("claimgedrag")
    OP_ZICHZELF = "op_zichzelf_gericht", _("op zichzelf gericht zijn")
    VERSLAVING = "verslaving", _("overmatig gebruik of verslaving")


SIGNAL_CATEGORIES = [
    (_("Lichamelijke signalen"), [Signal.ZELFZORG, Signal.VERMOEIDHEID, Signal.HOOFDPIJN, Signal.SPIERSPANNING,
                                  Signal.EETLUST]),
    (_("Psychische signalen"), [Signal.ZELFBEELD, Signal.ZINLOOSHEID, Signal.VERLATENHEID, Signal.TELEURSTELLING,
                                Signal.VERDRIET, Signal.BOOSHEID, Signal.WANTROUWEN]),
    (_("Sociale signalen"), [Signal.WEINIG_CONTACTEN, Signal.GEEN_STEUN]),
    (_("Gedragsmatige signalen"), [Signal.VAARDIGHEDEN, Signal.AFSTAND, Signal.CLAIMGEDRAG, Signal.OP_ZICHZELF,
                                   Signal.VERSLAVING]),
]  # fmt: skip


class LifeEvent(models.TextChoices):
    """The card's life events, plus two local additions from the seeds (marked as such)."""

    OVERLIJDEN = "overlijden_naaste", _("overlijden van een naaste")
    SCHEIDING = "scheiding", _("scheiding")
    ZIEKTE = "ziekte_of_beperking", _("ziekte of beperking (van een naaste)")
    VERHUIZING = "verhuizing", _("verhuizing, migratie of (sterk) veranderde woonomgeving")
    BAANVERLIES = "verlies_van_baan", _("verlies van baan")
    FINANCIEEL = "financiele_problemen", _("financiële problemen")
    PENSIOEN = "pensioen", _("pensioen (lokale aanvulling)")
    MANTELZORG = "mantelzorger_worden", _("mantelzorger worden (lokale aanvulling)")


class Step(models.TextChoices):
    """The step plan of W. Oldengarm as the seeds describe it (seed 001, Twenterand)."""

    BESPREEKBAAR = "bespreekbaar", _("Is eenzaamheid bespreekbaar?")
    BESPROKEN = "besproken", _("Is het besproken met de persoon?")
    GEMOTIVEERD = "gemotiveerd", _("Is de persoon gemotiveerd om er iets aan te doen?")
    HULPVRAAG = "hulpvraag_verhelderd", _("Is de hulpvraag verhelderd?")


class StepAnswer(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Nog niet bekend")


class Duration(models.TextChoices):
    """Machielse's first dimension: how long the loneliness has lasted (seed 003, appendix 1)."""

    DREIGEND = "dreigend", _("Dreigend: door omstandigheden dreigt vereenzaming")
    SITUATIONEEL = "situationeel", _("Situationeel: door recente gebeurtenissen")
    STRUCTUREEL = "structureel", _("Structureel: al vele jaren, enkelvoudig")
    STRUCTUREEL_COMPLEX = "structureel_complex", _("Structureel en complex: ook problemen op andere terreinen")


class Coping(models.TextChoices):
    ACTIEF = "actief", _("Actieve copingstrategie")
    PASSIEF = "passief", _("Passieve copingstrategie")


class Orientation(models.TextChoices):
    GERICHT = "gericht", _("Gericht op sociale participatie")
    NIET_GERICHT = "niet_gericht", _("Niet (duidelijk) gericht op sociale participatie")


class Profile(models.TextChoices):
    """Machielse's eight intervention profiles."""

    ACTIEVEN = "actieven", _("Actieven")
    GEBORGENEN = "geborgenen", _("Geborgenen")
    ACHTERBLIJVERS = "achterblijvers", _("Achterblijvers")
    AFHANKELIJKEN = "afhankelijken", _("Afhankelijken")
    COMPENSEERDERS = "compenseerders", _("Compenseerders")
    BUITENSTAANDERS = "buitenstaanders", _("Buitenstaanders")
    HOOPVOLLEN = "hoopvollen", _("Hoopvollen")
    OVERLEVERS = "overlevers", _("Overlevers")


class EntryKind(models.TextChoices):
    """What a line on a case's timeline records."""

    SIGNAAL = "signaal", _("Signaal ontvangen")
    TELEFOON = "telefoon", _("Telefonisch contact")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    GESPREK = "gesprek", _("Gesprek")
    NOTITIE = "notitie", _("Notitie")
    STATUS = "status", _("Statuswijziging")
    EIGENAAR = "eigenaar", _("Nieuwe eigenaar")
    WIJZIGING = "wijziging", _("Gegevens gewijzigd")
    STAP = "stap", _("Stappenplan")
    PROFIEL = "profiel", _("Interventieprofiel")
    METING = "meting", _("Meting")
    CORRECTIE = "correctie", _("Correctie")
    SAMENGEVOEGD = "samengevoegd", _("Samengevoegd")
    NAGEKEKEN = "nagekeken", _("Nagekeken: echte melding")
    GESLOTEN = "gesloten", _("Gesloten")
    HEROPEND = "heropend", _("Heropend")
    HERINNERING = "herinnering", _("Herinnering verstuurd")
    VERWIJZING = "verwijzing", _("Verwijzing")
    # The reporter asked to hear that the case was picked up: the e-mail that went, or a call-back for staff to make.
    MELDER = "melder", _("Bericht aan de melder")
    # The person was told that the meldpunt received a signal about them.
    INGELICHT = "ingelicht", _("Persoon ingelicht")


CONTACT_KINDS = [EntryKind.TELEFOON, EntryKind.HUISBEZOEK, EntryKind.GESPREK]


class DJGForm(models.TextChoices):
    DJG11 = "djg11", _("De Jong Gierveld, 11 items (GGD)")
    DJG6 = "djg6", _("De Jong Gierveld, 6 items (CBS)")


class DJGAnswer(models.TextChoices):
    JA_ZEKER = "ja!", _("ja!")
    JA = "ja", _("ja")
    MIN_OF_MEER = "min of meer", _("min of meer")
    NEE = "nee", _("nee")
    NEE_ZEKER = "nee!", _("nee!")


class Moment(models.TextChoices):
    """When in the course of a case a measurement was taken."""

    INTAKE = "intake", _("Bij de intake")
    TUSSENTIJDS = "tussentijds", _("Tussentijds")
    EIND = "eind", _("Bij het afsluiten")
    FOLLOW_UP = "follow_up", _("Follow-up")


class AuditAction(models.TextChoices):
    BEKEKEN = "bekeken", _("Bekeken")
    AANGEMAAKT = "aangemaakt", _("Aangemaakt")
    GEWIJZIGD = "gewijzigd", _("Gewijzigd")
    GEEXPORTEERD = "geexporteerd", _("Geëxporteerd")
    AFGEDRUKT = "afgedrukt", _("Afgedrukt")
    GEANONIMISEERD = "geanonimiseerd", _("Geanonimiseerd")
    GEWIST = "gewist", _("Gewist op verzoek")
    # Who may see personal data changed: staff of a meldpunt, a role, a reset second factor (no case).
    TOEGANG = "toegang", _("Toegang gewijzigd")
    # Someone was refused: a case or referral that is not theirs (403), with what they tried.
    GEWEIGERD = "geweigerd", _("Toegang geweigerd")
    # A log-in that failed in a way the privacy officer should see: an account locked after wrong passwords, a wrong
    # code for the second factor (no case).
    INLOG_MISLUKT = "inlog_mislukt", _("Inloggen mislukt")


# --- Referrals (issue 6) -------------------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    VERSTUURD = "verstuurd", _("Verstuurd, wacht op antwoord")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd")
    AFGEWEZEN = "afgewezen", _("Afgewezen, terug bij het meldpunt")
    GESTART = "gestart", _("Gestart")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Outcome(models.TextChoices):
    """How a partner closes a referral (CLOSING_OUTCOMES: the ones its close form offers)."""

    DOET_MEE = "doet_mee", _("Doet mee: de deelname staat vast")
    # Until issue 15 the partner's "it worked": it reads as "still running", which is no end. Old referrals keep it.
    LOOPT = "loopt", _("Deelname gestart en loopt")
    GESTOPT = "gestopt", _("Gestopt")
    NIET_BEREIKT = "niet_bereikt", _("Niet bereikt")
    GEEN_MATCH = "geen_match", _("Geen match")
    ANDERS = "anders", _("Anders")


class InformedHow(models.TextChoices):
    """How the person was told that the meldpunt received a signal about them."""

    HUISBEZOEK = "huisbezoek", _("Bij een huisbezoek")
    TELEFOON = "telefoon", _("Aan de telefoon")
    BRIEF = "brief", _("Per brief of e-mail")
    ANDERS = "anders", _("Anders")


class AboutOthersKind(models.TextChoices):
    """The free texts of a case that staff can mark as holding data about other people (AVG art. 15(4))."""

    SIGNAAL = "signaal", _("Toelichting bij een signaal")
    GEBEURTENIS = "gebeurtenis", _("Regel op de tijdlijn")
    STAP = "stap", _("Toelichting bij een stap")
    VERWIJZING = "verwijzing", _("Notities bij een verwijzing")


# The outcomes that end a referral: what the partner's close form offers and close_referral accepts.
CLOSING_OUTCOMES = [Outcome.DOET_MEE, Outcome.GESTOPT, Outcome.NIET_BEREIKT, Outcome.GEEN_MATCH, Outcome.ANDERS]


class ConsentKind(models.TextChoices):
    """What a row of a referral's consent history records (issue 15)."""

    GEGEVEN = "gegeven", _("Toestemming gegeven")
    INGETROKKEN = "ingetrokken", _("Toestemming ingetrokken")


class ConsentHow(models.TextChoices):
    """How the person gave (or withdrew) consent."""

    PERSOONLIJK = "persoonlijk", _("Persoonlijk, in een gesprek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk (brief, e-mail of formulier)")
    # Referrals sent before consent was recorded as a record: how is not known.
    ONBEKEND = "onbekend", _("Niet vastgelegd (verwijzing van vóór deze registratie)")


# How staff may record consent: every way except "not recorded".
CONSENT_HOW_CHOICES = [(value, label) for value, label in ConsentHow.choices if value != ConsentHow.ONBEKEND]


class PersonKnows(models.TextChoices):
    """Does the person know that a partner professional passes on this signal, and do they agree?"""

    EENS = "eens", _("Ja, weet ervan en is het ermee eens")
    LIEVER_NIET = "liever_niet", _("Weet ervan, maar wil het liever niet")
    WEET_NIET = "weet_niet", _("Weet het nog niet")
