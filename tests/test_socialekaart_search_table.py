"""What citizens type, and the listing they mean: the public search over the demo data (socialekaart/demo/).

Each line is a realistic search (typos, accents, parts of compound words, the starter synonyms of migration
0009_starter_synonyms) with a listing that must be among the first five results. One test for the whole table:
loading the demo data is the slow part. A failure lists every line that missed, with what was found instead.
"""

import importlib

import pytest
from django.apps import apps as django_apps

from coalition.demo.loader import load_demo
from socialekaart.demo.loader import load_demo_activiteiten
from socialekaart.search import Filters, ResultIds, forget_vocabulary, search, search_ids

FIRST = 5

# (what a citizen types, a listing title that must be among the first five results)
TABLE = [
    # Parts of compound words, with and without accents
    ("café", "Mantelzorgcafé"),
    ("cafe", "Taalcafé: Het Begint met Taal"),
    ("Cafés", "Mantelzorgcafé"),
    ("mantelzorg cafe", "Mantelzorgcafé"),
    ("taalcafe", "Taalcafé: Het Begint met Taal"),
    ("tuin", "Beweegtuin Ribbelt"),
    ("tuinen", "Voedseltuin (zoals Food for Good)"),
    ("lijn", "De Luisterlijn"),
    ("lijn", "Zilverlijn: elke week gebeld worden"),
    ("coach", "Netwerkcoach"),
    ("restaurant", "Buurtrestaurant (zoals Resto VanHarte)"),
    ("kamer", "Huiskamer voor ouderen"),
    ("centrum", "Ontmoetingscentrum voor mensen met dementie"),
    ("ochtend", "Koffieochtend in de kerk"),
    ("kring", "Vriendschapskring"),
    ("tocht", "Wandeltocht Samen Verder"),
    ("dienst", "Bezoekdienst voor weduwen en weduwnaars"),
    ("paleis", "Het Danspaleis"),
    ("maatjes bellen", "Tringgg!!! Belmaatjes"),
    ("plek ontmoeten", "Ontmoetingsplek De Spil"),
    # Accents and capitals
    ("Één keer per week eten", "Samen Eten"),
    ("OMA'S RESTAURANT", "Oma's pop-up restaurant"),
    ("Jong en oud", "Jong en oud: samen doen"),
    # Typos
    ("wandlen", "Grijs, Groen & Gelukkig: wandelen in de natuur"),
    ("koffe", "Koffieochtend in de kerk"),
    ("demensie", "Ontmoetingscentrum voor mensen met dementie"),
    ("luisterlijm", "De Luisterlijn"),
    ("vriendschab", "Zin in vriendschap"),
    ("brigde", "Bridgen: denken en doen"),
    ("huisbesoek", "Huisbezoek 75+"),
    ("zonnebleom", "Zonnebloem vakanties"),
    ("theatre", "Samen uit (zoals Vier het Leven)"),
    # The starter synonyms
    ("theater", "Samen uit (zoals Vier het Leven)"),
    ("toneel", "Samen uit (zoals Vier het Leven)"),
    ("moestuin", "Voedseltuin (zoals Food for Good)"),
    ("tuinieren", "Voedseltuin (zoals Food for Good)"),
    ("rouw", "Wandeltocht Samen Verder"),
    ("verlies", "Bezoekdienst voor weduwen en weduwnaars"),
    ("alleen wonen", "Thuishuis en Thuisbezoek"),
    ("vervoer", "AutoMaatje"),
    ("taxi", "AutoMaatje"),
    ("koffie", "Koffieochtend Westerhaar"),
    ("inloop", "De Gezonde Ontmoeting"),
    ("dokter", "Welzijn op recept"),
    ("computer", "Digitaal spreekuur: hulp bij tablet en telefoon"),
    ("hond", "Huisdier op bezoek"),
    ("depressie", "Maatje in de buurt"),
    ("geheugen", "Ontmoetingscentrum voor mensen met dementie"),
    ("daklozen", "Inloophuis voor dak- en thuislozen"),
    ("homo", "Roze Ouderen Salon"),
    # Plain words, as before
    ("samen eten", "Samen Eten"),
    ("vrienden maken", "Vrienden maken kun je leren"),
    ("museum", "Oyfo zet je aan!"),
    ("dansen", "Het Danspaleis"),
]


@pytest.fixture
def demo(db):
    load_demo(demo_mode=False)
    load_demo_activiteiten()
    # The starter synonyms of migration 0008 (tests that empty the tables remove what migrations wrote).
    importlib.import_module("socialekaart.migrations.0009_starter_synonyms").add(django_apps, None)
    forget_vocabulary()


def test_every_search_of_the_table_finds_its_listing_among_the_first_five(demo):
    missing = []
    for words, title in TABLE:
        found = list(search(words, Filters()).activities.values_list("title", flat=True)[:FIRST])
        # The results page reads the same results another way (search_ids): it must agree.
        page = search_ids(words, Filters(), expected=(0, FIRST))
        assert page.ids is not None and len(page.ids[0:FIRST]) == len(found), words
        if title not in found:
            missing.append(f"{words!r} did not find {title!r} but {found}")
    assert not missing, "\n".join(missing)
    assert len(TABLE) >= 40


def test_with_a_low_bound_the_first_ten_are_those_of_the_full_ranking(demo, monkeypatch):
    """Issue 16: above ResultIds.RANK_ALL matches only the listings with the words in their title are ranked. With
    the bound at 10 most searches of the table take that way over the demo data; at least 9 of their first 10
    results must be those of the full ranking (every match ranked, as search() does)."""
    monkeypatch.setattr(ResultIds, "RANK_ALL", 10)
    worse, bounded_ones = [], 0
    for words, _title in TABLE:
        full = list(search(words, Filters()).activities.values_list("pk", flat=True)[:10])
        result = search_ids(words, Filters(), expected=(0, 10))
        assert result.ids is not None
        first = result.ids[0:10]
        bounded_ones += result.ids.more
        if len(set(first) & set(full)) < min(9, len(full)):
            worse.append(f"{words!r}: {first} against {full}")
    assert not worse, "\n".join(worse)
    assert bounded_ones >= 5  # the bounded way was taken, not only the exact one
