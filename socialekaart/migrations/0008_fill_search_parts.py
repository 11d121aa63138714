"""Fills Activiteit.search_parts (the known parts of compound words) for the listings saved before it existed.

The same text as socialekaart.search.compound_text(): the parts of the title and summary, with the words of the
title, summary and description as known parts besides socialekaart.words.COMMON_PARTS. One UPDATE for all rows.
"""

from django.db import migrations

from socialekaart.words import parts_text, words_of


def fill(apps, schema_editor):
    Activiteit = apps.get_model("socialekaart", "Activiteit")
    ids, texts = [], []
    for pk, title, summary, description in Activiteit.objects.values_list("pk", "title", "summary", "description"):
        ids.append(pk)
        texts.append(parts_text([title, summary], own_words=words_of(f"{title} {summary} {description}")))
    if not ids:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Activiteit._meta.db_table} AS a SET search_parts = to_tsvector('dutch'::regconfig, v.parts) "  # noqa: S608
            "FROM unnest(%s::int[], %s::text[]) AS v(id, parts) WHERE a.id = v.id",
            [ids, texts],
        )


class Migration(migrations.Migration):
    dependencies = [("socialekaart", "0007_search_parts_and_synonyms")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
