"""Recurring times beyond "every week": every other week, the nth or last weekday of the month, start and end dates,
and an activity's exceptions (dates without a session).

In three steps, so that no time is lost or changed: add `freq` and `interval` without a default, state what every
existing time was (weekly, every week: the only kind there was), then make them required.
"""

import django.db.models.deletion
from django.db import migrations, models


def every_existing_time_is_weekly(apps, schema_editor):
    """Until now a Tijdslot was "every <weekday>": the same day and times, now as FREQ=WEEKLY;INTERVAL=1."""
    Tijdslot = apps.get_model("socialekaart", "Tijdslot")
    Tijdslot.objects.filter(freq__isnull=True).update(freq="WEEKLY")
    Tijdslot.objects.filter(interval__isnull=True).update(interval=1)


class Migration(migrations.Migration):
    dependencies = [
        ("socialekaart", "0005_search_log_once_per_visitor"),
    ]

    operations = [
        migrations.CreateModel(
            name="Uitzondering",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("starts_on", models.DateField(verbose_name="van")),
                ("ends_on", models.DateField(verbose_name="tot en met")),
                (
                    "reason",
                    models.CharField(
                        blank=True,
                        help_text="Bijvoorbeeld: zomervakantie, Koningsdag",
                        max_length=100,
                        verbose_name="reden",
                    ),
                ),
            ],
            options={
                "verbose_name": "uitzondering",
                "verbose_name_plural": "uitzonderingen",
                "ordering": ["starts_on", "pk"],
            },
        ),
        migrations.AddField(
            model_name="tijdslot",
            name="bysetpos",
            field=models.SmallIntegerField(
                blank=True,
                choices=[(1, "eerste"), (2, "tweede"), (3, "derde"), (4, "vierde"), (-1, "laatste")],
                help_text="Alleen bij 'per maand'.",
                null=True,
                verbose_name="welke van de maand",
            ),
        ),
        migrations.AddField(
            model_name="tijdslot",
            name="freq",
            field=models.CharField(
                choices=[("WEEKLY", "per week"), ("MONTHLY", "per maand")],
                null=True,
                max_length=7,
                verbose_name="hoe vaak",
            ),
        ),
        migrations.AddField(
            model_name="tijdslot",
            name="interval",
            field=models.PositiveSmallIntegerField(
                null=True, help_text="1: elke week; 2: om de week.", verbose_name="om de hoeveel weken"
            ),
        ),
        migrations.RunPython(every_existing_time_is_weekly, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tijdslot",
            name="freq",
            field=models.CharField(
                choices=[("WEEKLY", "per week"), ("MONTHLY", "per maand")],
                default="WEEKLY",
                max_length=7,
                verbose_name="hoe vaak",
            ),
        ),
        migrations.AlterField(
            model_name="tijdslot",
            name="interval",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="1: elke week; 2: om de week.", verbose_name="om de hoeveel weken"
            ),
        ),
        migrations.AddField(
            model_name="tijdslot",
            name="until",
            field=models.DateField(
                blank=True, help_text="Leeg laten als er geen einde is.", null=True, verbose_name="tot en met"
            ),
        ),
        migrations.AddField(
            model_name="tijdslot",
            name="valid_from",
            field=models.DateField(
                blank=True, help_text="De eerste keer. Nodig bij 'om de week'.", null=True, verbose_name="vanaf"
            ),
        ),
        migrations.AlterField(
            model_name="tijdslot",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="Bijvoorbeeld: neem uw eigen breiwerk mee",
                max_length=200,
                verbose_name="opmerking",
            ),
        ),
        migrations.AddConstraint(
            model_name="tijdslot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("bysetpos__isnull", True),
                        ("freq", "WEEKLY"),
                        ("interval__gte", 1),
                        ("interval__lte", 4),
                        models.Q(("interval", 1), ("valid_from__isnull", False), _connector="OR"),
                    ),
                    models.Q(("bysetpos__in", [1, 2, 3, 4, -1]), ("freq", "MONTHLY"), ("interval", 1)),
                    _connector="OR",
                ),
                name="tijdslot_rule_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="tijdslot",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("until__isnull", True),
                    ("valid_from__isnull", True),
                    ("until__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="tijdslot_until_after_valid_from",
            ),
        ),
        migrations.AddField(
            model_name="uitzondering",
            name="activiteit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="uitzonderingen",
                to="socialekaart.activiteit",
                verbose_name="activiteit",
            ),
        ),
        migrations.AddIndex(
            model_name="uitzondering",
            index=models.Index(fields=["ends_on", "starts_on"], name="uitzondering_period"),
        ),
        migrations.AddConstraint(
            model_name="uitzondering",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="uitzondering_ends_on_or_after_start"
            ),
        ),
    ]
