"""{% load coalition_pages %}: `{% same_for_visitors "name" %}…{% end_same_for_visitors %}` around a piece of a page
that every anonymous visitor sees alike in their language (the site's header, the stylesheet links).

While a public page is made for the page cache (coalition.pagecache.cache_public_page), the piece is rendered once
per language and page cache generation and then printed as it was: a search that is not in the cache need not
render the site's header again. A logged-in user (their name, their menu) and every other page render it as usual.
Nothing in it may depend on the page, the visitor or the request (no CSRF token, no "current page").
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
