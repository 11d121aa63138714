"""The audit log gets a hash chain (meldpunt/auditchain.py) and refuses TRUNCATE.

Existing lines are chained in the order they were written (time, then id). The row trigger that refuses UPDATE is
switched off for that one step only, inside this migration's transaction.
"""

from django.db import migrations, models

from meldpunt.auditchain import GENESIS, line_digest


def chain_existing_lines(apps, schema_editor):
    AuditRegel = apps.get_model("meldpunt", "AuditRegel")
    previous = GENESIS
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER TABLE meldpunt_auditregel DISABLE TRIGGER meldpunt_auditregel_append_only")
        lines = AuditRegel.objects.order_by("at", "pk").iterator(chunk_size=2000)
        for seq, line in enumerate(lines, start=1):
            previous = line_digest(
                previous,
                seq=seq,
                at=line.at,
                user_id=line.user_id,
                melding_id=line.melding_id,
                case_number=line.case_number,
                action=line.action,
                detail=line.detail,
            )
            cursor.execute(
                "UPDATE meldpunt_auditregel SET seq = %s, digest = %s WHERE id = %s", [seq, previous, line.pk]
            )
        cursor.execute("ALTER TABLE meldpunt_auditregel ENABLE TRIGGER meldpunt_auditregel_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("meldpunt", "0007_spam_check_first"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditregel",
            name="action",
            field=models.CharField(
                choices=[
                    ("bekeken", "Bekeken"),
                    ("aangemaakt", "Aangemaakt"),
                    ("gewijzigd", "Gewijzigd"),
                    ("geexporteerd", "Geëxporteerd"),
                    ("afgedrukt", "Afgedrukt"),
                    ("geanonimiseerd", "Geanonimiseerd"),
                    ("gewist", "Gewist op verzoek"),
                    ("toegang", "Toegang gewijzigd"),
                ],
                max_length=14,
                verbose_name="handeling",
            ),
        ),
        migrations.AddField(
            model_name="auditregel",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="auditregel",
            name="digest",
            field=models.CharField(max_length=64, null=True, verbose_name="vingerafdruk"),
        ),
        migrations.RunPython(chain_existing_lines, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditregel",
            name="seq",
            field=models.BigIntegerField(
                help_text="De plaats van deze regel in de keten: 1, 2, 3, … zonder gaten.",
                unique=True,
                verbose_name="volgnummer",
            ),
        ),
        migrations.AlterField(
            model_name="auditregel",
            name="digest",
            field=models.CharField(
                help_text="SHA-256 over deze regel en de vingerafdruk van de regel ervoor; een wijziging breekt de "
                "keten.",
                max_length=64,
                verbose_name="vingerafdruk",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditregel",
            constraint=models.CheckConstraint(condition=models.Q(("seq__gte", 1)), name="auditregel_seq_positive"),
        ),
        migrations.AddConstraint(
            model_name="auditregel",
            constraint=models.CheckConstraint(
                condition=models.Q(("digest__regex", "^[0-9a-f]{64}$")), name="auditregel_digest_hex"
            ),
        ),
        # TRUNCATE fires no row triggers: a statement trigger refuses it. Only a superuser passes (the test suite's
        # own clean-up between tests); the application's role has no TRUNCATE right at all (coalition/dbroles.py).
        migrations.RunSQL(
            sql="""
            CREATE FUNCTION meldpunt_auditregel_no_truncate() RETURNS trigger AS $$
            BEGIN
                IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                    RETURN NULL;
                END IF;
                RAISE EXCEPTION 'meldpunt_auditregel is append-only: TRUNCATE is not allowed';
            END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER meldpunt_auditregel_no_truncate
                BEFORE TRUNCATE ON meldpunt_auditregel
                FOR EACH STATEMENT EXECUTE FUNCTION meldpunt_auditregel_no_truncate();
            """,
            reverse_sql="""
            DROP TRIGGER meldpunt_auditregel_no_truncate ON meldpunt_auditregel;
            DROP FUNCTION meldpunt_auditregel_no_truncate();
            """,
        ),
    ]
