"""`{% pagination page %}` (coalition/templatetags/coalition_pages.py): the one pagination of every paged list."""

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

TEMPLATE = Template("{% load coalition_pages %}{% pagination page %}")


def rendered(query: str, number: int, items: int = 45) -> str:
    request = RequestFactory().get(f"/lijst/?{query}")
    page = Paginator(range(items), 20).page(number)
    return TEMPLATE.render(Context({"request": request, "page": page}))


def test_one_page_needs_no_pagination():
    assert rendered("q=koffie", 1, items=20) == ""


def test_the_links_change_only_the_page_and_keep_the_other_parameters():
    html = rendered("q=koffie+thee&wijk=3&pagina=2", 2)
    assert '<nav aria-label="Paginering" class="no-print">' in html
    assert '<a class="page-link" href="?q=koffie+thee&amp;wijk=3&amp;pagina=1">Vorige</a>' in html
    assert '<li class="page-item active" aria-current="page"><span class="page-link">Pagina 2 van 3</span>' in html
    assert '<a class="page-link" href="?q=koffie+thee&amp;wijk=3&amp;pagina=3">Volgende</a>' in html


def test_the_first_and_last_page_have_one_link_and_the_words_are_escaped():
    first = rendered('q="><script>', 1)
    assert "Vorige" not in first and "pagina=2" in first and "<script>" not in first
    last = rendered("pagina=3", 3)
    assert "Volgende" not in last and 'href="?pagina=2">Vorige' in last


def test_in_english():
    with translation.override("en"):
        html = rendered("", 2)
    assert "Page 2 of 3" in html and "Previous" in html and 'aria-label="Pagination"' in html
