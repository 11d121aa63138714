"""The fast paths of the public sociale kaart give the same answers as the plain ones.

The search page pages through `search_ids()` (page and total in one query) rather than `search()`; result
rows, the agenda and the API's full services are read without per-object ORM work. These tests pin that
the results, their order, the counts and the texts stay what the plain code gives.
"""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from socialekaart import hsds
from socialekaart.models import Activiteit
from socialekaart.queries.api import service_details, with_service_details
from socialekaart.search import Filters, correct, search, search_ids
from tests.factories import ActiviteitFactory, BijeenkomstFactory, LocatieFactory, TijdslotFactory, WijkFactory
from tests.results import result_titles

SEARCH = reverse("socialekaart:search")


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A private cache: the shared Redis may hold another test database's vocabulary."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socialekaart-fast"}
    }
    from django.core.cache import cache

    cache.clear()


def local(days: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


@pytest.fixture
def many(db):
    """45 activities: walking ones of different relevance, coffee ones, some in one wijk."""
    wijk = WijkFactory(name="Het Midden")
    for n in range(45):
        summary = ["Wandelen.", "Wandelen en koffie.", "Koffie en thee.", "Wandelen, wandelen en wandelen."][n % 4]
        activiteit = ActiviteitFactory(
            title=f"{['Wandelgroep', 'Koffieochtend', 'Soos'][n % 3]} {n:02d}",
            summary=summary,
            locaties=[LocatieFactory(wijk=wijk if n % 5 == 0 else None)],
        )
        if n % 7 == 0:
            activiteit.wijken.add(wijk)
    return wijk


def pages_of(result, per_page: int, pages: int) -> list[list[int]]:
    return [result.ids[start : start + per_page] for start in range(0, per_page * pages, per_page)]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["wandelen", "wandelen koffie", "koffie zzzqqq", "thee", "", "schaken"])
@pytest.mark.parametrize("in_wijk", [False, True])
def test_search_ids_pages_are_slices_of_search(many, text, in_wijk):
    filters = Filters(wijk=many.pk if in_wijk else None)
    expected = list(search(text, filters).activities.values_list("pk", flat=True))

    result = search_ids(text, filters, expected=(0, 10))

    assert result.ids.count() == len(expected)
    assert [pk for page in pages_of(result, 10, 5) for pk in page] == expected
    plain = search(text, filters)
    assert (result.query, result.suggestion, result.corrected) == (plain.query, plain.suggestion, plain.corrected)


@pytest.mark.django_db
def test_a_typo_pages_through_the_suggestion(many):
    result = search_ids("wandlen", Filters(), expected=(0, 10))

    assert (result.suggestion, result.corrected) == ("wandelen", True)
    expected = list(search("wandelen", Filters()).activities.values_list("pk", flat=True))
    assert [pk for page in pages_of(result, 10, 5) for pk in page] == expected


@pytest.mark.django_db
def test_the_page_and_the_total_are_one_query(many, django_assert_num_queries):
    correct(["thee"])  # the vocabulary, read once per process

    with django_assert_num_queries(1):
        result = search_ids("thee", Filters(), expected=(0, 20))
        total = result.ids.count()
        first = result.ids[0:total]  # Paginator ends a short last page at the total
    assert total == len(first) == 11


@pytest.mark.django_db
def test_a_page_past_the_end_still_counts_everything(many):
    result = search_ids("wandelen", Filters(), expected=(400, 420))

    assert result.ids.count() == search("wandelen", Filters()).activities.count()
    assert result.ids[400:420] == []


@pytest.mark.django_db
def test_the_search_page_shows_the_same_pages_as_search(client, many):
    expected = [a.title for a in search("wandelen", Filters()).activities]
    pages = [expected[start : start + 20] for start in range(0, len(expected), 20)]
    assert len(pages) >= 2
    for number, titles in enumerate(pages, start=1):
        response = client.get(SEARCH, {"q": "wandelen", "pagina": number})
        assert result_titles(response) == titles
        assert f"{len(expected)} activiteiten gevonden" in response.content.decode()
    for past_the_end in ("999", "-1"):
        last = client.get(SEARCH, {"q": "wandelen", "pagina": past_the_end})
        assert result_titles(last) == pages[-1]


@pytest.mark.django_db
@pytest.mark.parametrize(("pagina", "shown"), [("9" * 30, 2), ("100001", 2), ("-5", 2), ("2.5", 1), ("abc", 1)])
def test_odd_page_numbers_give_a_normal_page(client, many, pagina, shown):
    response = client.get(SEARCH, {"q": "wandelen", "pagina": pagina})

    assert response.status_code == 200
    assert response.context["page"].number == shown


@pytest.mark.django_db
def test_result_rows_without_a_place_say_where_and_when(client):
    wijk = WijkFactory(name="Den Ham")
    served = ActiviteitFactory(title="Huisbezoek", cost_kind="op-aanvraag", cost_note="via de wijkcoach")
    served.wijken.add(wijk)
    ActiviteitFactory(title="Luisterlijn", is_online=True)
    ActiviteitFactory(title="Nergens")

    html = client.get(SEARCH).content.decode()

    assert "bij u thuis of in de buurt, in Den Ham" in html
    assert "online of via de telefoon" in html and "ook online" in html
    assert "zie de activiteit" in html and "in overleg" in html
    assert "op aanvraag (via de wijkcoach)" in html


@pytest.mark.django_db
def test_a_new_word_reaches_the_typo_correction_at_once():
    ActiviteitFactory(title="Wandelgroep", summary="Samen wandelen.")
    assert correct(["schaatsn"]) is None

    ActiviteitFactory(title="Schaatsen op de ijsbaan")  # saving a listing forgets the vocabulary

    assert correct(["schaatsn"]) == ["schaatsen"]


@pytest.mark.django_db
def test_the_agenda_lines_show_time_place_and_link(client):
    activiteit = ActiviteitFactory(title="Lezing")
    place = LocatieFactory(name="De Bron", wijk=WijkFactory(name="Oost"))
    BijeenkomstFactory(activiteit=activiteit, starts_at=local(2, 14), locatie=place)

    html = client.get(reverse("socialekaart:agenda")).content.decode()

    assert "14.00–16.00" in html
    assert f'<a href="{activiteit.get_absolute_url()}">Lezing</a>, De Bron, Vriezenveen (Oost)' in html


@pytest.mark.django_db
def test_full_services_read_in_bulk_equal_the_prefetched_ones():
    wijk = WijkFactory()
    for n in range(6):
        activiteit = ActiviteitFactory(locaties=[LocatieFactory(wijk=wijk), LocatieFactory()], is_online=n % 2 == 0)
        activiteit.wijken.add(wijk)
        TijdslotFactory(activiteit=activiteit, weekday=1 + n % 7)
        TijdslotFactory(activiteit=activiteit, weekday=1 + (n + 3) % 7, starts_at="14:00", ends_at="16:00")
        BijeenkomstFactory(activiteit=activiteit, starts_at=local(n + 1))
        BijeenkomstFactory(activiteit=activiteit, starts_at=local(-1))  # past: not listed
    activities = list(Activiteit.objects.public().select_related("organisatie").order_by("pk"))
    details = service_details(activities)

    prefetched = with_service_details(Activiteit.objects.public().order_by("pk"))
    assert [hsds.service_full(a, "https://x") for a in prefetched] == [
        hsds.service_full(a, "https://x", details=details[a.pk]) for a in activities
    ]


@pytest.mark.django_db
def test_the_public_ids_index_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'activiteit_public_ids'")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        Filters(weekday=2),
        Filters(free=True, wheelchair=True),
        Filters(target_group="ouderen", kind="ontmoeting", theme="bewegen"),
        Filters(hearing_loop=True, transport=True, online=True),
    ],
)
def test_search_ids_with_every_filter_is_a_slice_of_search(many, filters):
    for text in ("wandelen", "wandelen koffie", "koffie"):
        expected = list(search(text, filters).activities.values_list("pk", flat=True))
        result = search_ids(text, filters, expected=(0, 10))
        assert [pk for page in pages_of(result, 10, 5) for pk in page] == expected, (text, filters)


@pytest.mark.django_db
def test_the_search_sql_is_compiled_once_per_shape_and_each_search_gets_its_own_words(many):
    from socialekaart.search import _compiled, _words, shape_of

    texts = ("wandelen", "thee", "soos", "koffieochtend")
    shapes = {shape_of(_words([text]), "|") for text in texts}
    assert len(shapes) < len(texts)
    _compiled.cache_clear()
    found = {text: search_ids(text, Filters(), expected=(0, 50)) for text in texts}
    assert _compiled.cache_info().misses == len(shapes)  # compiled once per shape, whatever the words
    for text, result in found.items():
        expected = list(search(text, Filters()).activities.values_list("pk", flat=True))
        assert result.ids[0 : result.ids.count()] == expected, text


@pytest.mark.django_db
def test_the_compiled_search_follows_the_hide_setting(many, settings):
    old = ActiviteitFactory(title="Wandelclub van vroeger", stale=True)
    assert old.pk not in search_ids("wandelclub", Filters(), expected=(0, 10)).ids[0:10]
    settings.SOCIALEKAART_HIDE_AFTER_DAYS = 100_000
    assert search_ids("wandelclub", Filters(), expected=(0, 10)).ids[0:10] == [old.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", ["SearchForm", "BookletForm", "AgendaForm"])
def test_every_form_made_has_fields_and_widgets_of_its_own(form_class):
    """The public forms copy their fields with QuickCopiedFields (not copy.deepcopy): each form still gets its own
    fields, widgets, attributes and messages, as Django's own copy gives, so changing one form leaves the next alone."""
    import copy

    from socialekaart import search_forms

    cls = getattr(search_forms, form_class)
    first, second = cls({}), cls({})
    for name, field in first.fields.items():
        other = second.fields[name]
        assert field is not other and field.widget is not other.widget, name
        assert field.widget.attrs == other.widget.attrs and field.widget.attrs is not other.widget.attrs, name
        assert field.error_messages is not other.error_messages and field.validators is not other.validators, name
        plain = copy.deepcopy(dict.copy(cls.base_fields))[name]  # Django's own copy, field by field
        assert type(field) is type(plain) and type(field.widget) is type(plain.widget), name
        assert field.widget.attrs == plain.widget.attrs and field.label == plain.label, name
    first.fields["q" if "q" in first.fields else "wijk"].widget.attrs["class"] = "changed"
    assert "changed" not in str(cls({}).fields["q" if "q" in first.fields else "wijk"].widget.attrs)
