"""A covering index for ranking every public activity: the meldpunt's suggestions (meldpunt/suggestions.py).

The suggestion list scores all public activities (place, target groups, themes, kind, evidence) and keeps the
best twenty. Without this index PostgreSQL reads the whole activity table, search vectors and descriptions
included (about 20 MB for 10,000 activities); with it, an index-only scan of about 2 MB. The referral page's
p95 target (≤ 50 ms with 10,000 activities, issue 6) needs it.

Plain SQL, like 0003: a storage detail the models need not know about, so `makemigrations --check` stays clean.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("socialekaart", "0003_public_ids_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS activiteit_ranking ON socialekaart_activiteit (status, last_confirmed_on) "
                "INCLUDE (id, title, kind, evidence, is_online, target_groups, themes)"
            ),
            reverse_sql="DROP INDEX IF EXISTS activiteit_ranking",
        ),
    ]
