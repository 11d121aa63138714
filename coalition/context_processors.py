from typing import Any

from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property

from . import registry


class NavCount:
    """A menu item's badge: counted (one query) only when a page shows it, then kept for the request."""

    def __init__(self, item: registry.NavItem, user):
        self.item = item
        self.user = user

    @cached_property
    def value(self) -> int:
        count = self.item.count
        return count(self.user) if count else 0

    @property
    def text(self) -> str:
        label = self.item.count_label
        return label(self.value) if label else str(self.value)


def navigation(request):
    """The menu of the logged-in user's role: the items the apps registered (registry.add_nav_item), in order; and
    the footer's links for everyone (registry.add_footer_link)."""
    # Lazy: the footer of a public page is mostly kept as it was rendered (same_for_visitors), without reading these.
    footer_links = SimpleLazyObject(
        lambda: [{"label": link.label, "url": reverse(link.url_name)} for link in registry.footer_links()]
    )
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "footer_links": footer_links}
    items: list[dict[str, Any]] = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "active": False,
            "count": NavCount(item, user) if item.count else None,
        }
        for item in registry.nav_items()
        if user.role in item.roles
    ]
    # Only the most specific item is current: of two items whose URLs start the path, the one with the longer URL.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items, "footer_links": footer_links}
