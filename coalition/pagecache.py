"""Anonymous public pages from the cache (issue 14, "a rush of visitors"), never a stale one.

`@cache_public_page` on a view keeps its answer to an anonymous GET or HEAD in the cache for
settings.PUBLIC_PAGE_CACHE_SECONDS (0 switches it off), per address (path and sorted query), language, host and
day, together with the *generation* it was made in: one number in the cache that `invalidate()` raises whenever
data shown on a public page changes. A hit reads the generation and the page in one round trip (MGET) and serves
the page only when its generation is the current one, so a change is on the pages at once.

- Apps name the models their public pages show with `invalidate_on_change(*models)` (in AppConfig.ready()): every
  save, delete and many-to-many change of them raises the generation, in the admin, an import and a service alike.
  A service that changes rows without signals (QuerySet.update, bulk_create) calls `invalidate()` itself.
- `invalidate()` raises the generation at once and again after the commit: a visitor who read the old data while
  the transaction ran cannot leave an old page behind.
- Only for anonymous visitors without a session or message cookie; a logged-in user always gets a fresh page and
  never fills the cache. Only a 200 whose view set no cookie, no session data and no message, and no
  Cache-Control: private / no-store.
- The footer's language form carries a CSRF token: it is kept out of the cache and every hit gets a fresh one of
  its own visitor (with the cookie, as a fresh page would). A page with any other CSRF field is not cached.
- The view runs inside all middleware, so headers that middleware adds (CSP, Permissions-Policy, X-Frame-Options,
  Content-Language) and the page-view count of coalition.middleware.PageViewMiddleware happen on a hit too. What a
  view does besides rendering (the search log) it repeats on a hit through `on_hit(request, note)`: the view puts
  what it needs in `response.page_cache_note` when it renders.
- With Redis down nothing is cached and every page is rendered as before (coalition.cache).
"""

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from contextvars import ContextVar
from functools import wraps
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from .cache import FAILURES, unreachable

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
PAGE_KEY = "pagecache:page:{}"
FRAGMENT_KEY = "pagecache:fragment:{}"
TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACEHOLDER = b"__page_cache_csrf_token__"

# A hook run on a cache hit with the note the view left on its response (or None).
OnHit = Callable[[HttpRequest, Any], None]
T = TypeVar("T")

# The generation that the page being made was looked up with (cache_public_page): its fragments and values
# (cached_fragment, cached_fragments, per_generation) belong to the same one and need not read it again.
_page_generation: ContextVar[int | None] = ContextVar("pagecache_generation", default=None)


def timeout() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0) or 0)


# ---------------------------------------------------------------------------
# The generation
# ---------------------------------------------------------------------------
def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet, or evicted: start afresh, above every earlier number
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except FAILURES as error:
        logger.warning("page cache generation not raised (cache down): %s", error)


def invalidate() -> None:
    """Every cached public page is old from now on: now, and (inside a transaction) again after its commit."""
    _bump()
    connection = transaction.get_connection()
    # After the commit once per transaction: an import of thousands of rows registers it once.
    if connection.in_atomic_block and not any(entry[1] is _bump for entry in connection.run_on_commit):
        transaction.on_commit(_bump, robust=True)


def _start_generation() -> int | None:
    """The first generation (or the first after Redis lost it): above every earlier one."""
    value = time.time_ns()
    if not cache.add(GENERATION_KEY, value, timeout=None):
        value = cache.get(GENERATION_KEY)
    return None if unreachable() else value


def _generation() -> int | None:
    """The current generation; None when the cache cannot be reached (then nothing is cached)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        return None if unreachable() else _start_generation()
    return value


def _changed(sender, **kwargs) -> None:
    invalidate()


_watched_m2m: set[type[Model]] = set()


def _m2m_changed(sender, action: str, **kwargs) -> None:
    if sender in _watched_m2m and action.startswith("post_"):
        invalidate()


def invalidate_on_change(*models: type[Model]) -> None:
    """Every save, delete and many-to-many change of these models makes the cached public pages old."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache.save.{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache.delete.{label}")
        for field in model._meta.many_to_many:
            if field.remote_field.through is not None:
                _watched_m2m.add(field.remote_field.through)
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache.m2m")


# ---------------------------------------------------------------------------
# Fragments and values that many pages share
# ---------------------------------------------------------------------------
def page_generation() -> int | None:
    """The generation of the public page being made for the cache (cache_public_page), or None outside one."""
    return _page_generation.get()


def current_generation() -> int | None:
    """The generation of the page being made, else the cache's; None with the page cache off or Redis down."""
    if timeout() <= 0:
        return None
    return _page_generation.get() or _generation()


def _fragment_keys(request: HttpRequest, name: str, parts: Sequence[Hashable]) -> list[str]:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    # The day too, as for pages: a fragment may say "next date".
    kind = f"{name}\n{language}\n{timezone.localdate().isoformat()}\n"
    return [FRAGMENT_KEY.format(hashlib.sha256(f"{kind}{part}".encode()).hexdigest()) for part in parts]


def cached_fragment(request: HttpRequest, name: str, parts: object, render: Callable[[], str]) -> str:
    """The HTML `render()` makes, kept per `name`, `parts` (what it depends on, as text), language and generation:
    for a piece of a page that many different pages share (the search form of every search with the same filters),
    so that a page that is not in the cache need not render it. Nothing in it may belong to one visitor. With the
    page cache off or Redis down, rendered each time."""
    key = str(parts)
    return cached_fragments(request, name, [key], lambda _missing: {key: render()})[0]


def cached_fragments(
    request: HttpRequest, name: str, keys: Sequence[Hashable], render: Callable[[list], Mapping[Any, str]]
) -> list[str]:
    """Many fragments of one kind at once, in the order of `keys` (a search's result cards, one per activity): read
    in one round trip, and those not kept made by one `render(missing keys)` -> {key: html} and kept. A key that
    `render` leaves out (gone meanwhile) is left out. Otherwise as cached_fragment."""
    generation = current_generation()
    if generation is None:
        made = render(list(keys))
        return [made[key] for key in keys if key in made]
    addresses = dict(zip(keys, _fragment_keys(request, name, keys), strict=True))
    html = _local_fragments.get_many(generation, addresses)
    to_read = [address for key, address in addresses.items() if key not in html]
    kept = cache.get_many(to_read) if to_read else {}
    for key, address in addresses.items():
        if (found := kept.get(address)) and found[0] == generation:
            html[key] = found[1]
            _local_fragments.keep(generation, address, found[1])
    missing = [key for key in keys if key not in html]
    if missing:
        made = render(missing)
        cache.set_many({addresses[key]: (generation, made[key]) for key in made}, timeout())
        for key, fragment in made.items():
            _local_fragments.keep(generation, addresses[key], fragment)
        html.update(made)
    return [html[key] for key in keys if key in html]


class _LocalFragments:
    """The fragments this process used last, of the current generation only: a result card that many searches show
    is then not read from Redis again (20 cards were a third of a search's Redis time). At most LOCAL_FRAGMENTS, the
    least recently used go first; a new generation empties it. A lock, for servers that run requests in threads."""

    def __init__(self, size: int):
        self.size = size
        self.generation: int | None = None
        self.fragments: dict[str, str] = {}
        self.lock = threading.Lock()

    def get_many(self, generation: int, addresses: Mapping[Hashable, str]) -> dict[Any, str]:
        with self.lock:
            if generation != self.generation:
                self.generation, self.fragments = generation, {}
                return {}
            found = {}
            for key, address in addresses.items():
                fragment = self.fragments.pop(address, None)
                if fragment is not None:
                    self.fragments[address] = fragment  # now the most recently used
                    found[key] = fragment
            return found

    def keep(self, generation: int, address: str, fragment: str) -> None:
        with self.lock:
            if generation != self.generation:
                return  # made for a generation that is no longer this process's current one
            self.fragments[address] = fragment
            if len(self.fragments) > self.size:
                del self.fragments[next(iter(self.fragments))]


LOCAL_FRAGMENTS = 4000  # result cards of 1–3 kB: at most about 10 MB per process
_local_fragments = _LocalFragments(LOCAL_FRAGMENTS)


_values: dict[str, tuple[int, Any]] = {}


def per_generation(name: str, compute: Callable[[], T]) -> T:
    """A value made from public data (the wijken of the search form), kept in this process until that data changes
    (the next generation). For what a page needs, not for a visitor's own data. Made each time with the page cache
    off or Redis down."""
    generation = current_generation()
    if generation is None:
        return compute()
    kept = _values.get(name)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute()
    _values[name] = (generation, value)
    return value


# ---------------------------------------------------------------------------
# The decorator
# ---------------------------------------------------------------------------
def _cacheable_request(request: HttpRequest) -> bool:
    if timeout() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    # A visitor with a session or waiting messages may see something of their own.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def _key(request: HttpRequest) -> str:
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    # The day too: pages show "today", and a listing goes out of date at midnight.
    text = f"{language}\n{timezone.localdate().isoformat()}\n{address}"
    return PAGE_KEY.format(hashlib.sha256(text.encode()).hexdigest())


def _entry(request: HttpRequest, response: HttpResponse, generation: int) -> dict[str, Any] | None:
    """What to keep of a fresh response, or None when it must not be kept."""
    if response.status_code != HTTPStatus.OK or response.streaming or response.cookies:
        return None
    if any(word in response.get("Cache-Control", "") for word in ("private", "no-store", "no-cache")):
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return None
    content, tokens = TOKEN_FIELD.subn(rb"\1" + TOKEN_PLACEHOLDER + rb"\2", response.content)
    if content.count(b"csrfmiddlewaretoken") != tokens:
        return None  # a CSRF field of another shape: not for everyone
    return {
        "generation": generation,
        "status": response.status_code,
        "content": content,
        "headers": list(response.headers.items()),
        "note": getattr(response, "page_cache_note", None),
    }


def _response(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
    content = entry["content"]
    if TOKEN_PLACEHOLDER in content:
        content = content.replace(TOKEN_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=entry["status"])
    for header, value in entry["headers"]:
        response[header] = value
    response.page_cache_hit = True  # type: ignore[attr-defined]
    return response


def cache_public_page(view=None, *, on_hit: OnHit | None = None):
    """Serve the view's page to anonymous visitors from the cache (see the module's docstring). `on_hit(request,
    note)` repeats a side effect of the view on a hit; `note` is what the view left in `response.page_cache_note`."""

    def decorate(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _key(request)
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                generation = None if unreachable() else _start_generation()
                if generation is None:
                    return view(request, *args, **kwargs)  # Redis is down: render, keep nothing
            entry = found.get(key)
            if entry is not None and entry.get("generation") == generation:
                if on_hit is not None:
                    on_hit(request, entry["note"])
                return _response(request, entry)
            # A page of an older generation is simply overwritten. A render that read old data and stores it
            # after a newer one carries its old generation along, so it is never served: one extra miss at most.
            token = _page_generation.set(generation)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _page_generation.reset(token)
            entry = _entry(request, response, generation)
            if entry is not None:
                cache.set(key, entry, timeout())
            return response

        return cached_view

    return decorate(view) if view is not None else decorate
