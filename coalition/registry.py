"""What the apps tell coalition about themselves, so that coalition itself names none of them.

Each app registers in its `AppConfig.ready()` (every app's apps.py is an example):

- its menu items, with `add_nav_item`: the menu (context_processors.navigation) and the start page show
  them to the roles given, sorted by `order`; an item may have a count (a badge, such as "3 te beoordelen"), read
  when a page shows the menu;
- the models coördinators manage in the admin, with `add_coordinator_models` (backends.RolePermissionBackend);
- links for everyone in the footer of every page, with `add_footer_link` (public pages such as the progress page);
- its demo data, with `add_demo_loader`: `manage.py load_demo` runs the loaders after coalition's own data,
  by `order` (coalition/demo/loader.py);
- its benchmark module, with `add_bench`: `manage.py bench` seeds it and measures its pages after coalition's
  (coalition/management/commands/bench.py);
- its public pages whose views are counted, with `add_counted_page`: coalition.middleware.PageViewMiddleware
  counts them per day and page type (coalition.models.Paginaweergave), and `page_types()` gives the labels;
- its append-only tables (an audit log), with `add_append_only_model`: the application's database role may only
  read and add rows there (coalition/dbroles.py).

A new app plugs in by registering; nothing in coalition changes. Registering the same menu item, demo loader,
bench module or counted page again replaces it, so a second `ready()` adds nothing twice.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise  # a lazy translation
    url_name: str
    roles: frozenset[str]
    order: int
    # count(user) -> int for the item's badge, at most one query; count_label(n) says it in words ("3 te beoordelen")
    count: Callable[[Any], int] | None = None
    count_label: Callable[[int], str] | None = None


@dataclass(frozen=True)
class FooterLink:
    label: str | Promise
    url_name: str
    order: int


@dataclass(frozen=True)
class DemoLoader:
    app_label: str
    # load(summary, *, demo_mode): adds its rows to the database and its counts to the coalition.demo.loader.Summary
    # it is given; raises coalition.demo.loader.DemoDataError when its data does not fit. It runs inside
    # load_demo's transaction, so an error leaves the database as it was.
    load: Callable[..., None]
    order: int


@dataclass(frozen=True)
class GapPanel:
    """A section another app adds to the sociale kaart's witte-vlekken page: its template, and a function that gives
    the template's context for a gemeente id (None: every gemeente)."""

    template: str
    context: Callable[[int | None], dict[str, Any]]
    order: int


@dataclass
class Registrations:
    nav_items: dict[str, NavItem] = field(default_factory=dict)  # by URL name
    footer_links: dict[str, FooterLink] = field(default_factory=dict)  # by URL name
    coordinator_models: set[str] = field(default_factory=set)  # "app_label.modelname"
    demo_loaders: dict[str, DemoLoader] = field(default_factory=dict)  # by app label
    benches: dict[str, None] = field(default_factory=dict)  # module paths, in the order they came
    counted_pages: dict[str, str] = field(default_factory=dict)  # URL name -> page type
    page_types: dict[str, str | Promise] = field(default_factory=dict)  # page type -> label, in the order they came
    append_only_models: set[str] = field(default_factory=set)  # "app_label.modelname"
    gap_panels: dict[str, GapPanel] = field(default_factory=dict)  # by template


registered = Registrations()


def add_nav_item(
    label: str | Promise,
    url_name: str,
    roles: Iterable[str],
    *,
    order: int,
    count: Callable[[Any], int] | None = None,
    count_label: Callable[[int], str] | None = None,
) -> None:
    """A menu item (and start-page tile) for `roles`; `order` places it among the other apps' items. With `count`
    (the user -> a number, in at most one query) the menu shows that number as a badge when it is not 0, read out as
    `count_label(number)`."""
    registered.nav_items[url_name] = NavItem(label, url_name, frozenset(roles), order, count, count_label)


def add_footer_link(label: str | Promise, url_name: str, *, order: int) -> None:
    """A link in the footer of every page, for everyone (also without logging in)."""
    registered.footer_links[url_name] = FooterLink(label, url_name, order)


def add_coordinator_models(*model_labels: str) -> None:
    """Models ("app_label.modelname") that coördinators may view, add, change and delete in the admin."""
    registered.coordinator_models.update(label.lower() for label in model_labels)


def add_demo_loader(app_label: str, load: Callable[..., None], *, order: int) -> None:
    """`load(summary, *, demo_mode)` is run by `manage.py load_demo` after coalition's data, lowest `order` first."""
    registered.demo_loaders[app_label] = DemoLoader(app_label, load, order)


def add_gap_panel(template: str, context: Callable[[int | None], dict[str, Any]], *, order: int) -> None:
    """A section on the witte-vlekken page (where the sociale kaart has too little), e.g. what the meldpunt looked for
    and did not find: rendered with `template` and `context(gemeente_id)`, in at most one query."""
    registered.gap_panels[template] = GapPanel(template, context, order)


def gap_panels() -> list[GapPanel]:
    return sorted(registered.gap_panels.values(), key=lambda panel: panel.order)


def add_bench(module: str) -> None:
    """A module with `seed()` and `PAGES` (a list of bench Page) for `manage.py bench`, by dotted path.

    By path, not as a module: a bench module imports the test client and much more, which a web process
    should not load at start-up.
    """
    registered.benches[module] = None


def add_counted_page(url_name: str, page_type: str, label: str | Promise) -> None:
    """Count the views of the public page `url_name` ("app:name") under `page_type` (a short slug, at most 40
    characters, stored with each day's count), which the dashboard shows as `label` (a lazy translation). Several
    pages may share a page type."""
    registered.counted_pages[url_name] = page_type
    registered.page_types[page_type] = label


def add_append_only_model(model_label: str) -> None:
    """A model ("app_label.modelname") whose rows the application's database role may read and add, never change,
    delete or truncate (coalition.dbroles.grant_app_role)."""
    registered.append_only_models.add(model_label.lower())


def nav_items() -> list[NavItem]:
    return sorted(registered.nav_items.values(), key=lambda item: item.order)


def footer_links() -> list[FooterLink]:
    return sorted(registered.footer_links.values(), key=lambda link: link.order)


def coordinator_models() -> frozenset[str]:
    return frozenset(registered.coordinator_models)


def demo_loaders() -> list[DemoLoader]:
    return sorted(registered.demo_loaders.values(), key=lambda loader: loader.order)


def benches() -> list[str]:
    return list(registered.benches)


def counted_page_type(url_name: str) -> str | None:
    """The page type under which views of `url_name` are counted; None for a page that is not counted."""
    return registered.counted_pages.get(url_name)


def page_types() -> dict[str, str | Promise]:
    """Every counted page type with its label, in the order the apps registered them."""
    return dict(registered.page_types)


def append_only_models() -> frozenset[str]:
    return frozenset(registered.append_only_models)
