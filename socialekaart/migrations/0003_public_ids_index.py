"""A covering index for "the ids of public activities": status and confirmation date, with the id included.

Many public reads filter by `activiteit__in=Activiteit.objects.public()` (the agenda and its count, the
open-data API's organisations and places). Without this index PostgreSQL reads the whole activity table,
search vectors and descriptions included, only to learn which ids are public; with it, an index-only scan.

Plain SQL, not an AddIndex: the index is a storage detail that the models do not need to know about, so
`makemigrations --check` stays clean without touching Activiteit.Meta.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("socialekaart", "0002_index_on_title"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS activiteit_public_ids "
                "ON socialekaart_activiteit (status, last_confirmed_on) INCLUDE (id)"
            ),
            reverse_sql="DROP INDEX IF EXISTS activiteit_public_ids",
        ),
    ]
