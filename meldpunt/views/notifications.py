"""The user's notifications: `/meldpunt/notificaties/`.

Every logged-in user may open the list; medewerkers, coördinators and partners are the ones who receive
notifications (and see "Berichten" with the unread count in the navigation), for other roles it is empty.
Nobody ever sees another user's notification: that is a 404, not a 403, so its existence is not told either.

Opening the list marks nothing read. Each item has a small form "Openen" that POSTs to
`notificaties/<pk>/`: marked read, then on to the item's link. A GET on that address (a copied or middle-clicked
link) goes to the same place but marks nothing: a GET changes no state. "Alles gelezen" is a POST too.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coalition.models import Role
from coalition.permissions import role_required

from ..forms.notifications import FrequencyForm
from ..models import Notificatie
from ..queries.notifications import notification_of, notifications_of
from ..services.notifications import frequency_of, mark_read, set_frequency, unread_count

PER_PAGE = 25

logged_in = role_required(*Role)


@logged_in
@require_http_methods(["GET", "HEAD"])
def notification_list(request):
    return _render_list(request)


def _render_list(request, frequency_form: FrequencyForm | None = None):
    page = Paginator(notifications_of(request.user), PER_PAGE).get_page(request.GET.get("pagina"))
    context = {"page": page, "notifications": page.object_list, "unread": unread_count(request.user)}
    if request.user.role == Role.PARTNER:  # partners may choose a daily overview instead of an e-mail per message
        context["frequency_form"] = frequency_form or FrequencyForm(initial={"frequency": frequency_of(request.user)})
    return render(request, "meldpunt/notifications/list.html", context)


@role_required(Role.PARTNER)
@require_POST
def notifications_frequency(request):
    form = FrequencyForm(request.POST)
    if not form.is_valid():
        return _render_list(request, form)
    set_frequency(request.user, form.cleaned_data["frequency"])
    messages.success(request, _("Uw keuze is bewaard."))
    return redirect("meldpunt:notifications")


def _target(request, notificatie: Notificatie) -> str:
    """The item's link, if it is one of ours (a path on this site); otherwise the list."""
    url = notificatie.url or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return reverse("meldpunt:notifications")


@logged_in
@require_http_methods(["GET", "HEAD", "POST"])
def notification_open(request, pk):
    notificatie = notification_of(request.user, pk)
    if notificatie is None:
        raise Http404
    if request.method == "POST":
        mark_read(request.user, [notificatie.pk])
    return redirect(_target(request, notificatie))


@logged_in
@require_POST
def notifications_read_all(request):
    count = mark_read(request.user)
    if count:
        text = ngettext("%(count)d bericht is nu gelezen.", "%(count)d berichten zijn nu gelezen.", count)
        messages.success(request, text % {"count": count})
    return redirect("meldpunt:notifications")


urlpatterns = [
    path("notificaties/", notification_list, name="notifications"),
    path("notificaties/<int:pk>/", notification_open, name="notification_open"),
    path("notificaties/alles-gelezen/", notifications_read_all, name="notifications_read_all"),
    path("notificaties/voorkeur/", notifications_frequency, name="notifications_frequency"),
]
