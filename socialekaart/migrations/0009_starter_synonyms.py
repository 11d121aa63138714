"""The coalition's starter list of synonyms (socialekaart.Synoniem): what citizens type -> what listings say.

Coördinators change and extend it in the admin, or from the searches without results. A word that is already in
the list (changed by a coördinator) is left as it is.
"""

from django.db import migrations

STARTER = {
    "koffie": ["koffieochtend", "inloop"],
    "koffieochtend": ["koffie", "inloop"],
    "theater": ["voorstelling", "concert"],
    "toneel": ["voorstelling", "theater"],
    "concert": ["muziek", "voorstelling"],
    "moestuin": ["voedseltuin", "tuinieren"],
    "tuinieren": ["moestuin", "voedseltuin", "tuin"],
    "rouw": ["verlies", "overleden"],
    "verlies": ["rouw", "overleden"],
    "weduwe": ["partner verloor", "weduwnaar"],
    "alleen": ["eenzaam", "ontmoeting"],
    "eenzaam": ["alleen", "ontmoeting"],
    "eenzaamheid": ["eenzaam", "alleen", "ontmoeting"],
    "vervoer": ["rijden", "auto"],
    "taxi": ["rijden", "auto", "vervoer"],
    "boodschappen": ["rijden", "auto", "burenhulp"],
    "eten": ["maaltijd", "diner"],
    "maaltijd": ["eten", "diner"],
    "sporten": ["bewegen", "sport"],
    "bewegen": ["sport", "gym"],
    "gym": ["bewegen", "sport"],
    "zingen": ["koor", "muziek"],
    "muziek": ["zingen", "dansen", "concert"],
    "computer": ["tablet", "telefoon", "digitaal"],
    "tablet": ["computer", "telefoon", "digitaal"],
    "internet": ["digitaal", "online", "computer"],
    "vriend": ["vriendschap", "maatje"],
    "maatje": ["buddy", "vrijwilliger"],
    "buddy": ["maatje"],
    "praten": ["gesprek", "praatje", "luisterend"],
    "bellen": ["gebeld", "telefoon", "belmaatje"],
    "dementie": ["geheugen", "geheugenproblemen"],
    "geheugen": ["dementie"],
    "taal": ["nederlands", "taalcafe"],
    "nederlands": ["taal", "taalcafe"],
    "dakloos": ["thuislozen"],
    "daklozen": ["thuislozen"],
    "hond": ["huisdier"],
    "kat": ["huisdier"],
    "kunst": ["creatief", "schilderen", "museum"],
    "schilderen": ["kunst", "creatief"],
    "handwerken": ["breien", "haken"],
    "breien": ["handwerken", "haken"],
    "somber": ["psychisch", "luisterend"],
    "depressie": ["psychisch", "somber"],
    "dokter": ["huisarts"],
    "huisarts": ["welzijn op recept", "dokter"],
}


def add(apps, schema_editor):
    Synoniem = apps.get_model("socialekaart", "Synoniem")
    for word, words in STARTER.items():
        Synoniem.objects.get_or_create(word=word, defaults={"words": words})


class Migration(migrations.Migration):
    dependencies = [("socialekaart", "0008_fill_search_parts")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
