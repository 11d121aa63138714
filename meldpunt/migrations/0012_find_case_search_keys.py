"""Issue 15, finding the right case: the search keys of the person's name and phone number, filled for the
existing cases, with their indexes (the name search's GIN index replaces the btree on the whole name); and the
referral outcome "doet_mee", which ends a referral where "loopt" did not say so."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models

from meldpunt import names

BATCH = 2000


def fill_search_keys(apps, schema_editor):
    """The same keys Melding.set_search_keys derives, for every case that has a name or a phone number."""
    Melding = apps.get_model("meldpunt", "Melding")
    cases = Melding.objects.exclude(person_name="", person_phone="").only("pk", "person_name", "person_phone")
    batch = []
    for melding in cases.order_by("pk").iterator(chunk_size=BATCH):
        melding.person_surname_key = names.surname_key(melding.person_name)
        melding.person_phone_key = names.phone_key(melding.person_phone)
        melding.person_name_words = names.search_words(melding.person_name)
        batch.append(melding)
        if len(batch) >= BATCH:
            Melding.objects.bulk_update(batch, ["person_surname_key", "person_phone_key", "person_name_words"])
            batch = []
    if batch:
        Melding.objects.bulk_update(batch, ["person_surname_key", "person_phone_key", "person_name_words"])


class Migration(migrations.Migration):

    dependencies = [
        ('coalition', '0005_importtaak'),
        ('meldpunt', '0011_person_informed_and_others_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='verwijzing',
            name='outcome',
            field=models.CharField(blank=True, choices=[('doet_mee', 'Doet mee: de deelname staat vast'), ('loopt', 'Deelname gestart en loopt'), ('gestopt', 'Gestopt'), ('niet_bereikt', 'Niet bereikt'), ('geen_match', 'Geen match'), ('anders', 'Anders')], max_length=12, verbose_name='uitkomst'),
        ),
        migrations.RemoveIndex(
            model_name='melding',
            name='melding_meldpunt_name',
        ),
        migrations.AddField(
            model_name='melding',
            name='person_name_words',
            field=models.CharField(blank=True, editable=False, help_text='De naam in kleine letters zonder accenten, om op het begin van een woord te zoeken.', max_length=200, verbose_name='woorden van de naam'),
        ),
        migrations.AddField(
            model_name='melding',
            name='person_phone_key',
            field=models.CharField(blank=True, editable=False, help_text='Alleen de cijfers; +31 als 0.', max_length=20, verbose_name='zoeksleutel telefoonnummer'),
        ),
        migrations.AddField(
            model_name='melding',
            name='person_surname_key',
            field=models.CharField(blank=True, editable=False, help_text='De achternaam zonder titel, voorletters, voorvoegsel, accenten en hoofdletters.', max_length=60, verbose_name='zoeksleutel achternaam'),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(fields=['meldpunt', 'person_surname_key'], name='melding_surname_key'),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(fields=['meldpunt', 'person_phone_key'], name='melding_phone_key'),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=models.Index(fields=['meldpunt', 'person_birth_year'], name='melding_birth_year'),
        ),
        migrations.AddIndex(
            model_name='melding',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('person_name_words', config='simple'), name='melding_name_words'),
        ),
    ]
