"""{% load coalition_pages %}: `{% same_for_visitors "name" %}…{% end_same_for_visitors %}` around a piece of a page
that every anonymous visitor sees alike in their language (the site's header, the stylesheet links).

While a public page is made for the page cache (coalition.pagecache.cache_public_page), the piece is rendered once
per language and page cache generation and then printed as it was: a search that is not in the cache need not
render the site's header again. A logged-in user (their name, their menu) and every other page render it as usual.
Nothing in it may depend on the page, the visitor or the request (no CSRF token, no "current page").

`{% pagination page %}`: the one pagination of every paged list (see the tag).
"""

from django import template
from django.core.paginator import Page
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import pagecache

register = template.Library()


class SameForVisitorsNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        request = context.get("request")
        user = getattr(request, "user", None)
        if pagecache.page_generation() is None or user is None or user.is_authenticated:
            return self.nodelist.render(context)
        key = f"fragment:{self.name}:{get_language()}"
        return mark_safe(pagecache.per_generation(key, lambda: str(self.nodelist.render(context))))  # noqa: S308 -- rendered by the template engine, escaped there


@register.tag
def same_for_visitors(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:  # noqa: PLR2004
        raise template.TemplateSyntaxError('{% same_for_visitors "name" %} takes one name')
    nodelist = parser.parse(("end_same_for_visitors",))
    parser.delete_first_token()
    return SameForVisitorsNode(bits[1].strip("\"'"), nodelist)


@register.simple_tag(takes_context=True)
def pagination(context, page: Page) -> SafeString:
    """Previous, "Pagina 2 van 7" and next for a Paginator `page`; nothing when everything fits on one page. The
    links keep the other parameters of the address (filters, search words, the list chosen) and change only
    ?pagina=. Never printed. Made in Python rather than in a template: it is on every search page."""
    if not page.has_other_pages():
        return mark_safe("")
    query = context["request"].GET

    def link(number: int, label: str) -> tuple[str, str]:
        params = query.copy()
        params["pagina"] = str(number)
        return params.urlencode(), label

    before = [link(page.previous_page_number(), _("Vorige"))] if page.has_previous() else []
    after = [link(page.next_page_number(), _("Volgende"))] if page.has_next() else []
    item = '<li class="page-item"><a class="page-link" href="?{}">{}</a></li>'
    where = _("Pagina %(n)s van %(total)s") % {"n": page.number, "total": page.paginator.num_pages}
    return format_html(
        '<nav aria-label="{}" class="no-print">\n  <ul class="pagination flex-wrap">{}'
        '<li class="page-item active" aria-current="page"><span class="page-link">{}</span></li>{}</ul>\n</nav>',
        _("Paginering"),
        format_html_join("", item, before),
        where,
        format_html_join("", item, after),
    )
